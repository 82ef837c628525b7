"""The new-material form in Chromium: the co-author list is ticks with a filter by surname
(no Ctrl-click among 150 names), and the page passes axe-core. Skipped without Chromium."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_finds_a_co_author_by_surname_and_ticks_them(page_as, assert_accessible):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.materials.models import MaterialAuthor

    # Given a community of twelve members besides the author, one of them Крылова
    community = CommunityFactory(slug="sinergiya", name="Синергия")
    author = MembershipFactory(community=community).user
    for n in range(11):
        MembershipFactory(community=community, user=UserFactory(last_name=f"Иванов{n}"))
    colleague = UserFactory(last_name="Крылова", first_name="Ольга", patronymic="Петровна")
    MembershipFactory(community=community, user=colleague)

    # When the author opens the form and types part of the surname
    page = page_as(author)
    page.goto(f"/materials/c/{community.slug}/new/")
    assert_accessible(page)
    page.get_by_label("Найти по фамилии").fill("крыл")

    # Then only that colleague is left in the list; ticking them and saving names them
    picker = page.locator("div.person-picker")
    expect(picker.locator("label:visible")).to_have_count(1)
    picker.get_by_label("Крылова Ольга Петровна").check()
    page.get_by_label("Название").fill("Проектная деятельность на уроках биологии")
    page.get_by_label("Аннотация").fill("Серия уроков с проектными заданиями.")
    page.get_by_label("Вид материала").select_option("methodical")
    page.get_by_label("Уровень образования").select_option("ooo")
    page.get_by_label("Лицензия").select_option("cc-by")
    page.get_by_label("Ссылки").fill("https://rutube.ru/video/abc/ Урок")
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Проектная деятельность")
    assert MaterialAuthor.objects.filter(user=colleague, material__community=community).exists()
