"""The communities pages in Chromium: axe-core (WCAG 2.1 AA) on every page, and the join flow
from the issue — ask to join → the coordinator approves → the member sees the community; a
rejection with its reason. Uses the shared browser fixtures of pedset/core/testing_browser.py
(skipped without Chromium)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_passes_axe(page_as, assert_accessible):
    from pedset.accounts.models import PlatformRole
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities import services
    from pedset.communities.models import MembershipStatus, Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.tests.factories import ConsentTextFactory

    community = CommunityFactory(slug="sinergiya", name="Синергия")
    CommunityFactory(name="Закрытое сообщество", closed_at="2026-01-01T00:00:00Z")
    ConsentTextFactory(operator=community.operator)
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    MembershipFactory(community=community, role=Role.COORDINATOR)
    target = MembershipFactory(
        community=community, user=UserFactory(organisation=OrganisationFactory())
    )
    services.membership_set_role(actor=admin, membership=target, role=Role.EXPERT)
    MembershipFactory(
        community=community, status=MembershipStatus.PENDING, motivation="Прошу принять"
    )
    platform_admin = UserFactory()
    PlatformRole.objects.create(user=platform_admin, role=PlatformRole.Role.ADMINISTRATOR)
    newcomer = UserFactory()

    visits = [
        (None, ["/communities/", "/communities/sinergiya/"]),
        (newcomer, ["/communities/", "/communities/sinergiya/", "/communities/sinergiya/join/"]),
        (
            admin,
            [
                "/communities/sinergiya/",
                "/communities/sinergiya/requests/",
                "/communities/sinergiya/members/",
                "/communities/sinergiya/members/?role=king",
                "/communities/sinergiya/audit/",
                "/communities/sinergiya/edit/",
                "/communities/sinergiya/leave/",
            ],
        ),
        (
            platform_admin,
            ["/communities/new/", "/communities/audit/", "/communities/sinergiya/close/"],
        ),
    ]
    for user, urls in visits:
        page = page_as(user)
        for url in urls:
            page.goto(url)
            expect(page.locator("h1").first).to_be_visible()
            assert_accessible(page)

    # the second step of joining, and a form shown back with its errors
    page = page_as(newcomer)
    page.goto("/communities/sinergiya/join/")
    page.get_by_label("Я ознакомился(-ась) с правилами поведения").check()
    page.get_by_role("button", name="Далее").click()
    expect(page.get_by_text("Шаг 2 из 2")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheet too, before the contrast check
    assert_accessible(page)
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.get_by_text("требуется согласие", exact=False)).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)


def test_join_approve_and_reject_in_the_browser(page_as):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.models import Membership, MembershipStatus, Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.privacy.tests.factories import ConsentTextFactory

    community = CommunityFactory(slug="olekma", name="Олёкминское сообщество")
    ConsentTextFactory(operator=community.operator)
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    teacher, stranger = UserFactory(), UserFactory()
    names = {teacher: teacher.get_full_name(), stranger: stranger.get_full_name()}

    # both ask to join: the rules, then the consent
    for person in (teacher, stranger):
        page = page_as(person)
        page.goto("/communities/olekma/")
        page.get_by_role("link", name="Подать заявку на вступление").click()
        page.get_by_label("Я ознакомился(-ась) с правилами поведения").check()
        page.get_by_label("Сообщение администратору").fill("Учитель математики")
        page.get_by_role("button", name="Далее").click()
        page.get_by_label("Даю согласие на обработку").check()
        page.get_by_role("button", name="Отправить заявку").click()
        expect(page.get_by_role("status").first).to_contain_text("Заявка отправлена")

    # the coordinator approves one and rejects the other with a reason
    manager = page_as(coordinator)
    manager.goto("/communities/olekma/requests/")
    manager.get_by_role("button", name=f"Одобрить — {names[teacher]}").click()
    expect(manager.get_by_role("status").first).to_contain_text("теперь участник сообщества")
    manager.locator("summary", has_text=names[stranger]).click()
    manager.get_by_label("Причина отказа").fill("Сообщество объединяет педагогов района")
    manager.get_by_role("button", name="Отклонить", exact=True).click()
    expect(manager.get_by_role("status").first).to_contain_text("отклонена")

    # the member sees the community among theirs; the other sees the reason
    member_page = page_as(teacher)
    member_page.goto("/communities/")
    expect(member_page.locator("#my-communities ~ ul")).to_contain_text("Олёкминское сообщество")
    member_page.goto("/communities/olekma/")
    expect(member_page.get_by_role("link", name="Выйти из сообщества")).to_be_visible()
    refused_page = page_as(stranger)
    refused_page.goto("/communities/")
    expect(refused_page.locator("#my-communities ~ ul")).to_contain_text(
        "Сообщество объединяет педагогов района"
    )

    assert Membership.objects.get(user=teacher).status == MembershipStatus.ACTIVE
    assert Membership.objects.get(user=stranger).status == MembershipStatus.REJECTED
