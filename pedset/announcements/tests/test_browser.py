"""The announcement pages in Chromium: axe-core (WCAG 2.1 AA) on every page, and the flow — a
coordinator publishes a pinned announcement, a member sees it on the community page, on the home
page and in the notification centre. Skipped without Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_read_edit_delete_with_axe_on_every_page(page_as, assert_accessible):
    from django.utils import timezone

    from pedset.announcements.models import Announcement
    from pedset.announcements.tests.factories import AnnouncementFactory
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory

    community = CommunityFactory(slug="sinergiya", name="Синергия")
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    member = MembershipFactory(community=community).user
    AnnouncementFactory(community=community, author=coordinator, title="Прошлое объявление")
    pin_date = timezone.localdate() + datetime.timedelta(days=7)

    manager = page_as(coordinator)
    manager.goto("/communities/sinergiya/")
    assert_accessible(manager)
    manager.get_by_role("link", name="Опубликовать объявление").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Новое объявление")
    assert_accessible(manager)

    # empty form: Russian messages, nothing published
    manager.get_by_role("button", name="Опубликовать").click()
    expect(manager.get_by_text("Введите заголовок.")).to_be_visible()
    manager.wait_for_load_state("load")
    assert_accessible(manager)
    assert Announcement.objects.count() == 1

    manager.get_by_label("Заголовок").fill("Методический семинар")
    manager.get_by_label("Текст").fill("Приходите **в пятницу** в 15:00.\n\n- актовый зал")
    manager.get_by_label("Закрепить до").fill(pin_date.isoformat())
    manager.get_by_role("button", name="Опубликовать").click()
    expect(manager.get_by_role("status").first).to_contain_text("Объявление опубликовано")
    expect(manager.locator("strong", has_text="в пятницу")).to_be_visible()
    assert_accessible(manager)
    announcement = Announcement.objects.get(title="Методический семинар")

    reader = page_as(member)
    reader.goto("/communities/sinergiya/")
    expect(reader.get_by_role("heading", name="Методический семинар")).to_be_visible()
    assert_accessible(reader)
    reader.goto("/")
    expect(reader.locator("#pinned-announcements ~ ul")).to_contain_text("Методический семинар")
    assert_accessible(reader)
    reader.goto("/announcements/sinergiya/")
    assert_accessible(reader)
    reader.goto("/notifications/")
    expect(reader.get_by_role("link", name="Синергия: Методический семинар")).to_be_visible()
    reader.get_by_role("link", name="Синергия: Методический семинар").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Методический семинар")

    # edit, then delete
    manager.goto(f"/announcements/sinergiya/{announcement.pk}/edit/")
    assert_accessible(manager)
    manager.get_by_label("Заголовок").fill("Методический семинар переносится")
    manager.get_by_role("button", name="Сохранить").click()
    expect(manager.get_by_role("status").first).to_contain_text("Объявление сохранено")
    manager.get_by_role("link", name="Удалить").click()
    assert_accessible(manager)
    manager.locator("main").get_by_role("button", name="Удалить").click()
    expect(manager.get_by_role("status").first).to_contain_text("Объявление удалено")
    assert_accessible(manager)
