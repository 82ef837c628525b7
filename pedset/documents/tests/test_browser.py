"""The documents pages in Chromium: axe-core (WCAG 2.1 AA) on each page, and the flow — a
holder checks a certificate by typing its code, the coordinator revokes it from the registry,
the check page says so. Skipped without Chromium."""

import os

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("DOCUMENTS_SCREENSHOTS", "")  # a folder: save screenshots for a look


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_check_revoke_and_check_again(page_as, assert_accessible):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.documents.models import DocumentKind
    from pedset.documents.services import document_issue
    from pedset.documents.tests.factories import certificate_content, order_content

    community = CommunityFactory(slug="istoriki", name="Учителя истории")
    holder = UserFactory(last_name="Иванова", first_name="Мария", patronymic="Петровна")
    MembershipFactory(community=community, user=holder)
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    certificate = document_issue(
        actor=coordinator,
        community=community,
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        title="Свидетельство о публикации: «Проектная деятельность на уроках истории»",
        content=certificate_content(),
        recipient=holder,
    )
    document_issue(
        actor=coordinator,
        community=community,
        kind=DocumentKind.ORDER,
        title="О включении материалов в виртуальный методический кабинет",
        content=order_content(),
    )

    # an anonymous visitor types the code, in lower case with a dash
    page = page_as()
    page.goto("/verify/")
    assert_accessible(page)
    code = certificate.verification_code
    page.get_by_label("Код проверки").fill(f"{code[:6].lower()}-{code[6:]}")
    page.get_by_role("button", name="Проверить").click()
    expect(page.get_by_text("Документ действителен")).to_be_visible()
    expect(page.get_by_text("М. П. Иванова")).to_be_visible()
    assert "Мария" not in page.content()
    assert_accessible(page)
    shot(page, "verify")

    # an unknown code
    page.goto("/verify/ABCDEFGH2345/")
    expect(page.get_by_role("heading", name="Документ не найден")).to_be_visible()
    assert_accessible(page)

    # the holder sees the certificate among their documents
    page = page_as(holder)
    page.goto("/documents/my/")
    expect(page.get_by_text(certificate.number)).to_be_visible()
    assert_accessible(page)
    shot(page, "mine")

    # the coordinator revokes it from the registry, with a reason
    page = page_as(coordinator)
    page.goto(f"/documents/community/{community.slug}/")
    assert_accessible(page)
    shot(page, "registry")
    page.get_by_role("row", name=certificate.number).get_by_role("link", name="отозвать").click()
    assert_accessible(page)
    page.get_by_label("Причина отзыва").fill("Выдано ошибочно")
    page.get_by_role("button", name="Отозвать").click()
    expect(page.get_by_text(f"Документ № {certificate.number} отозван.")).to_be_visible()
    shot(page, "registry_revoked")

    # the check page now says it is revoked
    page = page_as()
    page.goto(f"/verify/{code}/")
    expect(page.get_by_text("Документ отозван")).to_be_visible()
    expect(page.get_by_text("Выдано ошибочно")).to_be_visible()
    assert_accessible(page)
    shot(page, "verify_revoked")
