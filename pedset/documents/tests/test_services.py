"""Issuing and revoking: numbering, hash, code, files, audit, notifications."""

import datetime
import hashlib
import json
import re
from unittest import mock

import pytest
import time_machine
from django.db import transaction

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory
from pedset.core.models import AuditEvent, Notification
from pedset.documents import services
from pedset.documents.models import Document, DocumentKind, NumberSequence
from pedset.documents.services import document_issue, document_revoke
from pedset.documents.tests.factories import certificate_content, order_content
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def issue_order(community, **kwargs):
    kwargs.setdefault("with_docx", False)
    return document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.ORDER,
        title="Приказ о включении материалов в ВМК",
        content=order_content(),
        **kwargs,
    )


def issue_certificate(community, recipient=None, **kwargs):
    kwargs.setdefault("with_docx", False)
    return document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        title="Свидетельство о публикации",
        content=certificate_content(),
        recipient=recipient,
        **kwargs,
    )


# --- Numbering ---------------------------------------------------------------------------------


def test_numbers_run_per_community_and_kind(community):
    # given two communities
    other = CommunityFactory()
    # when orders and certificates are issued in both
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=UTC)):
        first, second = issue_order(community), issue_order(community)
        certificate = issue_certificate(community)
        elsewhere = issue_order(other)
    # then each community and kind counts on its own, in the printed formats
    assert (first.sequence, second.sequence, certificate.sequence) == (1, 2, 1)
    assert (first.number, second.number) == ("1-ВМК", "2-ВМК")
    assert certificate.number == "С-2026/0001"
    assert elsewhere.number == "1-ВМК" and elsewhere.sequence == 1
    assert NumberSequence.objects.get(community=community, kind="order", year=2026).last_number == 2


def test_printed_number_formats():
    assert services.format_number("order", 2026, 15) == "15-ВМК"
    assert services.format_number("publication_certificate", 2026, 15) == "С-2026/0015"
    assert services.format_number("diploma", 2027, 3) == "Д-2027/0003"
    assert services.format_number("certificate", 2026, 12345) == "СТ-2026/12345"
    content = order_content(extra={"register_index": "К"})
    assert services.format_number("order", 2026, 4, content) == "4-К"


def test_numbering_restarts_at_new_year_in_the_community_zone(community):
    """Moscow is UTC+3: 20:59 UTC on 31 December is still the old year there, 21:00 the new."""
    with time_machine.travel(datetime.datetime(2026, 12, 31, 20, 59, tzinfo=UTC)):
        old_year = [issue_order(community), issue_order(community)]
    with time_machine.travel(datetime.datetime(2026, 12, 31, 21, 0, tzinfo=UTC)):
        new_year = issue_certificate(community), issue_order(community)
    assert [d.year for d in old_year] == [2026, 2026]
    assert [d.number for d in old_year] == ["1-ВМК", "2-ВМК"]
    assert old_year[1].content["date"] == "2026-12-31"
    certificate, order = new_year
    assert (certificate.year, certificate.number) == (2027, "С-2027/0001")
    assert (order.year, order.number) == (2027, "1-ВМК")
    assert order.content["date"] == "2027-01-01"


def test_far_east_community_meets_the_new_year_earlier():
    # given a community in Vladivostok (UTC+10)
    community = CommunityFactory(time_zone="Asia/Vladivostok")
    # when it issues at 15:00 UTC on 31 December (01:00 on 1 January there)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 15, 0, tzinfo=UTC)):
        document = issue_order(community)
    # then the document belongs to the new year
    assert (document.year, document.content["date"]) == (2027, "2027-01-01")


def test_platform_documents_are_numbered_and_issued_by_the_platform_operator():
    operator = OrganisationFactory(operates_platform=True)
    first = issue_order(None)
    second = issue_order(None)
    assert (first.number, second.number) == ("1-ВМК", "2-ВМК")
    assert first.content["organisation"] == operator.full_name
    assert first.content["community"] == ""


def test_platform_document_without_operator_is_refused():
    with pytest.raises(ActionRefused, match="оператор"):
        issue_order(None)
    assert not Document.objects.exists()


# --- Hash and code -----------------------------------------------------------------------------


def test_hash_is_sha256_of_canonical_json_of_what_is_printed(community):
    recipient = UserFactory()
    document = issue_certificate(community, recipient=recipient)
    payload = {
        "kind": "publication_certificate",
        "number": document.number,
        "date": document.content["date"],
        "title": "Свидетельство о публикации",
        "recipient_name": recipient.get_full_name(),
        "content": document.content,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert document.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    # the stored row (read back from the database) hashes to the same value
    stored = Document.objects.get(pk=document.pk)
    assert services.document_hash(stored) == stored.content_hash
    # and any change of what was printed changes it
    stored.recipient_name += "а"
    assert services.document_hash(stored) != stored.content_hash


def test_content_keeps_everything_printed(community):
    document = issue_order(community)
    content = document.content
    assert content["heading"] == "ПРИКАЗ"
    assert content["operative_word"] == "ПРИКАЗЫВАЮ:"
    assert content["signature"] == {
        "position": "Координатор сетевого сообщества",
        "name": "М. П. Иванова",
    }
    assert content["organisation"] == community.operator.full_name
    assert content["community"] == community.name
    assert content["verify_url"].endswith(f"/verify/{document.verification_code}/")


def test_verification_codes_are_long_unambiguous_and_unique(community):
    codes = {services.new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{12}", code) for code in codes)
    assert not set("01IOL") & set("".join(codes))


def test_a_colliding_code_is_drawn_again(community):
    taken = issue_order(community).verification_code
    fresh = "ABCDEFGHJKMN"
    with mock.patch.object(services, "new_verification_code", side_effect=[taken, fresh]):
        document = issue_order(community)
    assert document.verification_code == fresh


def test_typed_codes_are_normalised():
    assert services.normalise_code(" abcd-efgh 2345 ") == "ABCDEFGH2345"
    # Cyrillic look-alikes typed on a Russian keyboard
    assert services.normalise_code("АВСЕ-НКМР-ТХ23") == "ABCEHKMPTX23"


# --- Files, audit, notifications ---------------------------------------------------------------


def test_issue_stores_pdf_and_docx_under_random_names(community, stored_files):
    document = issue_order(community, with_docx=True)
    assert re.fullmatch(r"documents/\d{4}/[0-9a-f]{32}\.pdf", document.pdf.name)
    assert re.fullmatch(r"documents/\d{4}/[0-9a-f]{32}\.docx", document.docx.name)
    assert document.pdf.read(5) == b"%PDF-"
    assert stored_files() == sorted([document.pdf.name, document.docx.name])


def test_issue_without_docx(community):
    document = issue_order(community, with_docx=False)
    assert document.pdf and not document.docx


def test_issue_is_audited_and_the_recipient_told(community):
    recipient = UserFactory()
    actor = UserFactory()
    document = document_issue(
        actor=actor,
        community=community,
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        title="Свидетельство о публикации",
        content=certificate_content(),
        recipient=recipient,
        source=community,
        with_docx=False,
    )
    event = AuditEvent.objects.get(action="document_issued")
    assert (event.actor, event.community, event.subject_user_id) == (actor, community, recipient.pk)
    assert event.target_id == str(document.pk)
    assert event.data["number"] == document.number
    notice = Notification.objects.get(recipient=recipient)
    assert notice.kind == "document_issued"
    assert notice.url == f"/verify/{document.verification_code}/"
    assert document.number in notice.title
    assert (document.source_type, document.source_id) == (
        "communities.community",
        str(community.pk),
    )
    assert document.issued_by == actor
    assert document.recipient_name == recipient.get_full_name()


def test_printed_name_can_differ_from_the_account(community):
    recipient = UserFactory()
    document = issue_certificate(
        community, recipient=recipient, recipient_name="  Иванова   Мария  Петровна "
    )
    assert document.recipient_name == "Иванова Мария Петровна"


def test_bad_input_is_refused_with_nothing_stored(community, stored_files):
    with pytest.raises(ActionRefused):
        document_issue(
            actor=None, community=community, kind="nonsense", title="x", content=order_content()
        )
    with pytest.raises(ActionRefused):
        document_issue(
            actor=None, community=community, kind="order", title="   ", content=order_content()
        )
    with pytest.raises(ActionRefused):
        issue_certificate(community, recipient_name="Я" * 401)
    assert not Document.objects.exists()
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


# --- Rollback leaves no files ------------------------------------------------------------------


class Boom(Exception):
    pass


def test_rolled_back_caller_leaves_no_files(community, stored_files):
    # given a caller whose transaction fails after the document was issued
    with pytest.raises(Boom), transaction.atomic():
        issue_order(community, with_docx=True)
        assert len(stored_files()) == 2
        raise Boom
    # then neither the row nor the files remain
    assert not Document.objects.exists()
    assert stored_files() == []


def test_failed_rendering_removes_what_was_already_stored(community, stored_files):
    with (
        mock.patch.object(services, "render_docx", side_effect=Boom),
        pytest.raises(Boom),
    ):
        issue_order(community, with_docx=True)
    assert stored_files() == []
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_committed_documents_keep_their_files(stored_files):
    # given a real commit (no test transaction around it)
    community = CommunityFactory()
    kept = issue_order(community)
    # and a rolled back one beside it
    with pytest.raises(Boom), transaction.atomic():
        issue_order(community)
        raise Boom
    # then only the committed document's file remains
    assert stored_files() == [kept.pdf.name]


# --- Revocation --------------------------------------------------------------------------------


def test_revoke_records_reason_audits_and_tells_the_holder(community, make_person):
    holder = UserFactory()
    coordinator = make_person("coordinator", community)
    document = issue_certificate(community, recipient=holder)
    hash_before, pdf_before = document.content_hash, document.pdf.name
    document_revoke(actor=coordinator, document=document, reason="  Выдано ошибочно  ")
    document.refresh_from_db()
    assert document.is_revoked
    assert document.revoked_by == coordinator
    assert document.revocation_reason == "Выдано ошибочно"
    # the document itself did not change
    assert (document.content_hash, document.pdf.name) == (hash_before, pdf_before)
    event = AuditEvent.objects.get(action="document_revoked")
    assert (event.reason, event.subject_user_id) == ("Выдано ошибочно", holder.pk)
    assert Notification.objects.filter(recipient=holder, kind="document_issued").count() == 2


def test_revoke_needs_a_reason_and_happens_once(community):
    document = issue_order(community)
    with pytest.raises(ActionRefused, match="причин"):
        document_revoke(actor=None, document=document, reason="  ")
    document_revoke(actor=None, document=document, reason="Ошибка в тексте")
    with pytest.raises(ActionRefused, match="уже отозван"):
        document_revoke(actor=None, document=document, reason="Ещё раз")
    assert AuditEvent.objects.filter(action="document_revoked").count() == 1


def test_revoking_is_refused_to_a_person_who_may_not_and_to_an_overlong_reason(
    community, make_person
):
    """Given an issued certificate, when a stranger revokes it, or its coordinator gives a
    reason longer than 2,000 characters, then nothing changes; the platform (actor None) may."""
    from django.core.exceptions import PermissionDenied

    document = issue_certificate(community, recipient=UserFactory())
    with pytest.raises(PermissionDenied):
        document_revoke(actor=make_person("registered"), document=document, reason="Ошибка")
    coordinator = make_person("coordinator", community)
    with pytest.raises(ActionRefused, match="слишком длинн"):
        document_revoke(actor=coordinator, document=document, reason="я" * 2001)
    document.refresh_from_db()
    assert not document.is_revoked
    document_revoke(actor=None, document=document, reason="Отозван по решению совета")
    document.refresh_from_db()
    assert document.is_revoked
