"""Pages: /verify (valid, revoked, unknown, rate limit, minimal personal data), downloads and
their permissions, «Мои документы», the community's registry with revocation; query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.models import PlatformRole
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.documents.models import Document, DocumentKind
from pedset.documents.services import document_issue, document_revoke
from pedset.documents.tests.factories import (
    DocumentFactory,
    certificate_content,
    order_content,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(db):
    return UserFactory(
        last_name="Иванова",
        first_name="Мария",
        patronymic="Петровна",
        email="maria.ivanova@example.ru",
    )


@pytest.fixture
def certificate(community, holder):
    return document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        title="Свидетельство о публикации методической разработки",
        content=certificate_content(),
        recipient=holder,
    )


@pytest.fixture
def order(community):
    return document_issue(
        actor=None,
        community=community,
        kind=DocumentKind.ORDER,
        title="О включении материалов в ВМК",
        content=order_content(),
    )


def member_of(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).user


def verify_url(document):
    return reverse("documents:verify", args=[document.verification_code])


# --- /verify ----------------------------------------------------------------------------------


def test_verify_shows_a_valid_document_to_anyone(client, certificate, community):
    # when an anonymous visitor opens the page of the code
    response = client.get(verify_url(certificate))
    # then it shows what was issued, by whom, to whom (initials and surname), and that it is valid
    assert response.status_code == 200
    page = response.content.decode()
    assert "Документ действителен" in page
    assert "Свидетельство о публикации" in page
    assert "№ С-" in page and certificate.number in page
    assert certificate.printed_date.strftime("%d.%m.%Y") in page
    assert "Свидетельство о публикации методической разработки" in page
    assert community.operator.full_name in page
    assert community.name in page
    assert "М. П. Иванова" in page
    assert "запись совпадает с контрольной суммой" in page
    # and nothing more about the person
    assert "Мария" not in page and "Петровна" not in page
    assert "maria.ivanova" not in page
    # nor download links for a stranger
    assert reverse("documents:pdf", args=[certificate.pk]) not in page


def test_verify_shows_revocation_with_date_and_reason(client, certificate):
    document_revoke(actor=None, document=certificate, reason="Выдано ошибочно")
    page = client.get(verify_url(certificate)).content.decode()
    today = timezone.localdate()
    assert "Документ отозван" in page
    assert "Выдано ошибочно" in page
    assert f"{today.day} " in page and str(today.year) in page
    assert "Документ действителен" not in page


def test_verify_warns_when_the_stored_record_was_altered(client, certificate):
    # given someone changed the stored row behind the services' back
    Document.objects.filter(pk=certificate.pk).update(title="Диплом победителя")
    page = client.get(verify_url(certificate)).content.decode()
    assert "не совпадает с её контрольной суммой" in page


def test_unknown_code_is_a_friendly_404(client):
    response = client.get(reverse("documents:verify", args=["ABCDEFGH2345"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Документ не найден" in page
    assert "ABCDEFGH2345" in page
    assert 'name="code"' in page  # the form to try again


def test_hostile_code_is_escaped(client):
    response = client.get("/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")
    assert response.status_code == 404
    assert b"<script>alert" not in response.content


def test_typed_code_is_normalised(client, certificate):
    code = certificate.verification_code
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    response = client.get(reverse("documents:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate)
    response = client.get(reverse("documents:verify", args=[code.lower()]))
    assert response["Location"] == verify_url(certificate)


def test_verify_form_page(client):
    response = client.get(reverse("documents:verify_form"))
    assert response.status_code == 200
    assert "Проверка документа" in response.content.decode()
    response = client.get(reverse("documents:verify_form"), {"code": "  --  "})
    assert response.status_code == 200
    assert "Введите код" in response.content.decode()


def test_guessing_codes_is_rate_limited_per_address(client, certificate, settings):
    settings.DOCUMENT_VERIFY_LIMIT = 3
    # given three unknown codes typed from one address
    for guess in ("AAAAAAAAAAAA", "BBBBBBBBBBBB", "CCCCCCCCCCCC"):
        assert client.get(f"/verify/{guess}/").status_code == 404
    # then every further lookup from that address is refused, even of a real code
    limited = client.get(verify_url(certificate))
    assert limited.status_code == 429
    assert "Слишком много проверок" in limited.content.decode()
    # while another address is served
    other = client.get(verify_url(certificate), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_valid_codes_do_not_count_towards_the_limit(client, certificate, settings):
    settings.DOCUMENT_VERIFY_LIMIT = 2
    for _ in range(5):
        assert client.get(verify_url(certificate)).status_code == 200


def test_holder_sees_download_links_on_verify(client, certificate, holder):
    client.force_login(holder)
    page = client.get(verify_url(certificate)).content.decode()
    assert reverse("documents:pdf", args=[certificate.pk]) in page
    assert reverse("documents:docx", args=[certificate.pk]) in page


# --- Downloads ---------------------------------------------------------------------------------


def test_holder_downloads_pdf_and_docx(client, certificate, holder):
    client.force_login(holder)
    response = client.get(reverse("documents:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # «Свидетельство о публикации № С-2026-0001.pdf», percent-encoded in filename*
    assert "filename*=utf-8''" in disposition
    assert "/" not in disposition.split("''", 1)[1]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.get(reverse("documents:docx", args=[certificate.pk]))
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]


def test_download_name_is_russian_and_safe(certificate):
    from pedset.documents.views import download_name

    name = download_name(certificate, "pdf")
    assert name == f"Свидетельство о публикации № {certificate.number.replace('/', '-')}.pdf"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("stranger", 404),
        ("member", 404),
        ("coordinator", 200),
        ("community_admin", 200),
        ("platform_admin", 200),
    ],
)
def test_who_downloads_a_certificate(client, certificate, community, who, status):
    user = {
        "stranger": lambda: UserFactory(),
        "member": lambda: member_of(community),
        "coordinator": lambda: member_of(community, Role.COORDINATOR),
        "community_admin": lambda: member_of(community, Role.ADMINISTRATOR),
        "platform_admin": lambda: (
            PlatformRole.objects.create(
                user=UserFactory(), role=PlatformRole.Role.ADMINISTRATOR
            ).user
        ),
    }[who]()
    client.force_login(user)
    assert client.get(reverse("documents:pdf", args=[certificate.pk])).status_code == status


def test_orders_are_open_to_the_communitys_members_only(client, order, community):
    client.force_login(member_of(community))
    assert client.get(reverse("documents:pdf", args=[order.pk])).status_code == 200
    client.force_login(member_of(CommunityFactory()))
    assert client.get(reverse("documents:pdf", args=[order.pk])).status_code == 404


def test_anonymous_download_goes_to_login(client, certificate):
    response = client.get(reverse("documents:pdf", args=[certificate.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_missing_document_or_file_is_404(client, holder):
    client.force_login(holder)
    assert client.get(reverse("documents:pdf", args=[999999])).status_code == 404
    without_docx = DocumentFactory(recipient=holder)
    assert client.get(reverse("documents:docx", args=[without_docx.pk])).status_code == 404


# --- «Мои документы» ---------------------------------------------------------------------------


def test_my_documents_lists_mine_with_revoked_marks(client, holder, community):
    mine = DocumentFactory(community=community, recipient=holder, title="Мой диплом")
    revoked = DocumentFactory(
        community=community,
        recipient=holder,
        title="Отозванное свидетельство",
        revoked_at=timezone.now(),
        revocation_reason="Ошибка в фамилии",
    )
    DocumentFactory(community=community, recipient=UserFactory(), title="Чужое свидетельство")
    client.force_login(holder)
    page = client.get(reverse("documents:mine")).content.decode()
    assert mine.title in page and revoked.title in page
    assert "Чужое свидетельство" not in page
    assert "отозван" in page and "Ошибка в фамилии" in page


def test_my_documents_needs_login(client):
    assert client.get(reverse("documents:mine")).status_code == 302


# --- The community's registry -----------------------------------------------------------------


def registry_url(community):
    return reverse("documents:registry", args=[community.slug])


def test_registry_is_for_coordinators_and_administrators(client, community):
    client.force_login(member_of(community))
    assert client.get(registry_url(community)).status_code == 403
    client.force_login(member_of(community, Role.COORDINATOR))
    assert client.get(registry_url(community)).status_code == 200
    assert client.get("/documents/community/no-such-community/").status_code == 404


def test_registry_filters_by_kind_and_year(client, community):
    DocumentFactory(community=community, kind=DocumentKind.ORDER, year=2025, title="Приказ 2025")
    DocumentFactory(community=community, kind=DocumentKind.ORDER, year=2026, title="Приказ 2026")
    DocumentFactory(community=community, year=2026, title="Свидетельство 2026")
    DocumentFactory(title="Документ другого сообщества")
    client.force_login(member_of(community, Role.COORDINATOR))
    page = client.get(registry_url(community)).content.decode()
    assert "Приказ 2025" in page and "Свидетельство 2026" in page
    assert "Документ другого сообщества" not in page
    page = client.get(registry_url(community), {"kind": "order", "year": "2026"}).content.decode()
    assert "Приказ 2026" in page
    assert "Приказ 2025" not in page and "Свидетельство 2026" not in page
    # nonsense filters are ignored, not a 500
    assert client.get(registry_url(community), {"year": "abc", "kind": "x"}).status_code == 200


def test_coordinator_revokes_with_a_reason(client, community, certificate, holder):
    coordinator = member_of(community, Role.COORDINATOR)
    client.force_login(coordinator)
    revoke = reverse("documents:revoke", args=[certificate.pk])
    assert client.get(revoke).status_code == 200
    # an empty reason is refused in Russian, nothing changes
    response = client.post(revoke, {"reason": "   "})
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    # a reason revokes
    response = client.post(revoke, {"reason": "Материал снят по решению совета"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == coordinator
    # twice is impossible: the page is no longer offered
    assert client.post(revoke, {"reason": "ещё раз"}).status_code == 403


def test_members_cannot_revoke(client, community, order, certificate):
    client.force_login(member_of(community))
    # a member may see the order, so the refusal is 403; a stranger's certificate is hidden
    assert (
        client.post(reverse("documents:revoke", args=[order.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("documents:revoke", args=[certificate.pk]), {"reason": "x"}).status_code
        == 404
    )
    order.refresh_from_db()
    assert not order.is_revoked


# --- Query budgets ----------------------------------------------------------------------------


def many(community, holder, rows):
    for i in range(rows):
        DocumentFactory(
            community=community if i % 2 else CommunityFactory(),
            recipient=holder,
            kind=DocumentKind.DIPLOMA if i % 3 else DocumentKind.PUBLICATION_CERTIFICATE,
            revoked_at=timezone.now() if i % 5 == 0 else None,
            issued_at=timezone.now() - datetime.timedelta(days=i),
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_my_documents_budget(client, community, holder, rows, django_assert_max_num_queries):
    many(community, holder, rows)
    client.force_login(holder)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("documents:mine")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_registry_budget(client, community, holder, rows, django_assert_max_num_queries):
    many(community, holder, rows)
    for _ in range(rows):
        DocumentFactory(community=community, kind=DocumentKind.ORDER)
    client.force_login(member_of(community, Role.COORDINATOR))
    with django_assert_max_num_queries(11):
        response = client.get(registry_url(community))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_verify_budget(client, community, holder, rows, django_assert_max_num_queries):
    many(community, holder, rows)
    document = Document.objects.filter(community=community).first()
    with django_assert_max_num_queries(3):
        assert client.get(verify_url(document)).status_code == 200
