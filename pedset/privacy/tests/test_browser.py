"""The privacy pages in Chromium: axe-core (WCAG 2.1 AA) on every page, and the withdrawal
from the issue — consent revocation → the person can no longer log in and their name is gone.
Uses the shared browser fixtures of pedset/core/testing_browser.py (skipped without Chromium)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_as(new_page, live_server):
    """browser_as(user or None) -> a page of its own browser, signed in as that person."""
    from django.conf import settings
    from django.test import Client

    def open_page(user=None):
        page = new_page()
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            page.context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return page

    return open_page


def test_every_privacy_page_passes_axe(
    browser_as, assert_accessible, platform_org, community_org, person, give
):
    from django.urls import reverse

    from pedset.accounts.models import PlatformRole
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.privacy import services
    from pedset.privacy.models import ConsentKind

    community = CommunityFactory(operator=community_org)
    MembershipFactory(user=person, community=community)
    consent = give(person, community_org)
    give(person, platform_org, kind=ConsentKind.PUBLICATION, field="position")
    admin = UserFactory()
    PlatformRole.objects.create(user=admin, role=PlatformRole.Role.ADMINISTRATOR)
    gone = UserFactory()
    give(gone, platform_org)
    act = services.consent_revoke_all(user=gone)
    text = services.current_consent_text(platform_org)

    pages = {
        None: [
            reverse("privacy:policy"),
            reverse("privacy:consent_text", args=[text.pk]),
            reverse("privacy:withdrawn"),
        ],
        person: [
            reverse("privacy:my_consents"),
            reverse("privacy:consent_revoke", args=[consent.pk]),
            reverse("privacy:withdraw"),
        ],
        admin: [
            reverse("privacy:consent_texts"),
            reverse("privacy:consent_text_publish", args=[platform_org.pk, "processing"]),
            reverse("privacy:destruction_acts"),
            reverse("privacy:destruction_act", args=[act.pk]),
            reverse("privacy:destruction_act_print", args=[act.pk]),
        ],
    }
    for user, urls in pages.items():
        page = browser_as(user)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            assert_accessible(page)


def test_withdrawal_in_the_browser(
    browser_as, browser_login, assert_accessible, person, colleague_setup
):
    from django.urls import reverse
    from playwright.sync_api import expect

    from pedset.accounts.models import User
    from pedset.accounts.tests.factories import DEFAULT_PASSWORD

    community, colleague = colleague_setup
    # A name no other person of the test can share, even in part (Faker names may collide).
    User.objects.filter(pk=person.pk).update(
        last_name="Снегирёва", first_name="Ольга", patronymic="Тимуровна"
    )
    person.refresh_from_db()
    page = browser_as(None)

    # the person logs in through the login page and goes to «Мои согласия»
    browser_login(page, person)
    page.goto(reverse("privacy:my_consents"))
    page.get_by_role("link", name="Отозвать согласие и удалить учётную запись").click()

    # the confirmation page states the consequences; confirming without a tick is refused
    expect(page.get_by_text("Это необратимо.", exact=False)).to_be_visible()
    page.get_by_label("Ваш пароль").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Отозвать согласие и удалить учётную запись").click()
    expect(page.get_by_text("Подтвердите, что понимаете последствия.")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheet too, before the contrast check
    assert_accessible(page)  # the form shown back with its error

    page.get_by_label("Я понимаю, что моя учётная запись будет закрыта").check()
    page.get_by_label("Ваш пароль").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Отозвать согласие и удалить учётную запись").click()
    page.wait_for_url(f"**{reverse('privacy:withdrawn')}")
    expect(page.get_by_role("heading", name="Учётная запись удалена")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("АУ-")

    # the person can no longer log in
    browser_login(page, person)
    expect(page.get_by_role("alert")).to_contain_text(
        "Неверный адрес электронной почты или пароль."
    )
    page.goto(reverse("privacy:my_consents"))
    assert reverse("accounts:login") in page.url

    # and a colleague sees the name nowhere: the audit log signs them «Бывший участник»
    colleague_page = browser_as(colleague)
    for url in (
        reverse("accounts:profile", args=[person.pk]),
        reverse("communities:detail", args=[community.slug]),
        reverse("communities:members", args=[community.slug]),
        reverse("communities:audit", args=[community.slug]),
    ):
        colleague_page.goto(url)
        html = colleague_page.content()
        for part in ("Снегирёва", "Ольга", "Тимуровна"):
            assert part not in html, (url, part)
    expect(colleague_page.locator("main table")).to_contain_text("Бывший участник")
