"""material_include: the order on inclusion, the entry, the certificates, the notices."""

import io
import zoneinfo

import pytest
from django.db import transaction

from pedset.cabinet import services
from pedset.cabinet.models import CabinetEntry
from pedset.cabinet.tests.factories import include_decision
from pedset.communities.services import ActionRefused
from pedset.core.models import AuditEvent, Notification
from pedset.documents.models import Document, DocumentKind
from pedset.materials.models import MaterialStatus
from pedset.review.models import DecisionOutcome

pytestmark = pytest.mark.django_db


def pdf_text(field) -> str:
    from pypdf import PdfReader

    field.open("rb")
    try:
        reader = PdfReader(io.BytesIO(field.read()))
    finally:
        field.close()
    # PDF text extraction may break lines anywhere: compare with whitespace collapsed.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_text(field) -> str:
    from docx import Document as Docx

    field.open("rb")
    try:
        doc = Docx(io.BytesIO(field.read()))
    finally:
        field.close()
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(" ".join(parts).split())


def test_inclusion_issues_the_order_the_entry_and_a_certificate_per_author(
    django_capture_on_commit_callbacks,
):
    # Given a decision to include a material of two authors, recommended for publication
    decision = include_decision(authors=2, recommend_for_publication=True, experts=2)
    material = decision.round.material
    authors = [link.user for link in material.authors.select_related("user").order_by("position")]

    # When it is carried out
    with django_capture_on_commit_callbacks() as callbacks:
        entry = services.material_include(actor=decision.decided_by, decision=decision)

    # Then the order exists, is attached to the decision and is about the material
    order = entry.order
    assert order.kind == DocumentKind.ORDER
    decision.refresh_from_db()
    assert decision.order_id == order.pk
    assert order.source_id == str(material.pk)
    content = order.content
    assert content["heading"] == "ПРИКАЗ"
    assert content["title"] == "О включении материалов в виртуальный методический кабинет"
    assert content["operative_word"] == "ПРИКАЗЫВАЮ:"
    assert content["items"][0].startswith("Включить в виртуальный методический кабинет")
    assert "методическую разработку" in content["items"][0]
    assert any("к публикации" in item for item in content["items"])
    assert content["items"][-1] == "Контроль за исполнением настоящего приказа оставляю за собой."
    assert "положительных экспертных заключений" in content["paragraphs"][0]
    assert content["signature"]["position"].startswith("Координатор сетевого сообщества")
    decider = decision.decided_by
    assert content["signature"]["name"] == (
        f"{decider.first_name[0]}. {decider.patronymic[0]}. {decider.last_name}"
    )
    # and the PDF and DOCX say the title, the authors' full names, the number and the date
    zone = zoneinfo.ZoneInfo(material.community.time_zone)
    date = order.issued_at.astimezone(zone).strftime("%d.%m.%Y")
    for text in (pdf_text(order.pdf), docx_text(order.docx)):
        assert "О включении материалов в виртуальный методический кабинет" in text
        assert material.title in text
        for author in authors:
            assert author.get_full_name() in text
        assert order.number in text
        assert date in text
    # and the entry fixes the authorship as the order names it
    assert entry.authors_text == ", ".join(a.get_full_name() for a in authors)
    assert entry.recommended_for_publication is True
    assert entry.year == order.issued_at.year
    material.refresh_from_db()
    assert material.status == MaterialStatus.INCLUDED
    # and every author holds a certificate naming the material, the order and the cabinet
    certificates = Document.objects.filter(kind=DocumentKind.PUBLICATION_CERTIFICATE)
    assert {c.recipient_id for c in certificates} == {a.pk for a in authors}
    for certificate in certificates:
        text = pdf_text(certificate.pdf)
        assert certificate.recipient.get_full_name() in text
        assert material.title in text
        assert order.number in text
        assert "виртуальный методический кабинет" in text
    # and the authors are told, with a link to the material and their certificate
    notices = Notification.objects.filter(kind="expertise_decision")
    assert {n.recipient_id for n in notices} == {a.pk for a in authors}
    for notice in notices:
        assert notice.url == f"/materials/{material.pk}/"
        certificate = certificates.get(recipient_id=notice.recipient_id)
        assert certificate.verification_code in notice.body
    assert AuditEvent.objects.filter(
        action="cabinet_material_included", target_id=str(entry.pk)
    ).exists()
    # and the search index update, the files' keeping and the e-mails wait for the commit
    assert callbacks


def test_the_council_signs_as_its_chair_and_a_single_author_is_named_author():
    # Given a decision of the council on a material of one author, not recommended
    decision = include_decision(decided_as="council")

    # When it is carried out
    entry = services.material_include(actor=decision.decided_by, decision=decision)

    # Then the chair of the council signs, there is no point on publication
    content = entry.order.content
    assert content["signature"]["position"] == (
        "Председатель совета виртуального методического кабинета"
    )
    assert "(автор: " in content["items"][0]
    assert not any("к публикации" in item for item in content["items"])
    assert "решения совета виртуального методического кабинета" in content["paragraphs"][0]
    assert entry.recommended_for_publication is False


def test_a_material_is_included_once():
    # Given an included material
    decision = include_decision()
    services.material_include(actor=decision.decided_by, decision=decision)

    # When the same decision is carried out again, then it is refused and nothing more issued
    with pytest.raises(ActionRefused), transaction.atomic():
        services.material_include(actor=decision.decided_by, decision=decision)
    assert CabinetEntry.objects.count() == 1
    assert Document.objects.filter(kind=DocumentKind.ORDER).count() == 1


def test_a_decision_that_is_not_to_include_is_refused():
    # Given a decision to return the material for revision
    decision = include_decision()
    decision.outcome = DecisionOutcome.REVISE
    decision.save()

    # When material_include is called, then it is refused and nothing is issued
    with pytest.raises(ActionRefused):
        services.material_include(actor=decision.decided_by, decision=decision)
    assert not Document.objects.exists()
    assert not CabinetEntry.objects.exists()


def test_a_rollback_leaves_nothing(django_capture_on_commit_callbacks):
    # Given a decision to include
    decision = include_decision()

    # When the caller's transaction fails after the inclusion
    with pytest.raises(RuntimeError), transaction.atomic():
        services.material_include(actor=decision.decided_by, decision=decision)
        raise RuntimeError

    # Then neither the entry, nor documents, nor notices remain
    assert not CabinetEntry.objects.exists()
    assert not Document.objects.exists()
    assert not Notification.objects.filter(kind="expertise_decision").exists()


def test_each_author_gets_one_notice_of_the_inclusion_linking_the_certificate(
    django_capture_on_commit_callbacks,
):
    """Given a decision to include a material by two authors, when it is carried out, then each
    author gets exactly one notice (the decision), not a second one for the certificate."""
    from pedset.cabinet.services import material_include
    from pedset.cabinet.tests.factories import include_decision
    from pedset.core.models import Notification

    decision = include_decision(authors=2)
    with django_capture_on_commit_callbacks(execute=True):
        material_include(actor=decision.decided_by, decision=decision)
    for link in decision.round.material.authors.all():
        notices = Notification.objects.filter(recipient=link.user)
        assert [notice.kind for notice in notices] == ["expertise_decision"]
        assert "/verify/" in notices.get().url or "/verify/" in notices.get().body
