"""The notifications pages in Chromium: axe-core (WCAG 2.1 AA) on each page and state, and the
one-click unsubscribe from a letter's link without signing in. Skipped without Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The title is visually hidden in the button; Chromium may space it from the visible text.
MARK_SEMINAR = re.compile(r"Отметить как прочитанное\s*:\s*Семинар в пятницу")


def test_notification_pages_pass_axe_and_work(page_as, assert_accessible):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.core.models import Notification
    from pedset.core.notify import notify
    from pedset.notifications.models import NotificationPreference
    from pedset.notifications.tokens import unsubscribe_token

    person = UserFactory(first_name="Анна")
    notify(
        person, kind="announcement", title="Семинар в пятницу", body="Приходите в 15:00.", url="/"
    )
    notify(person, kind="membership_approved", title="Заявка одобрена")
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="forum_reply", title=f"Ответ {i}") for i in range(35)
    )

    page = page_as(person)
    page.goto("/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Уведомления")
    assert_accessible(page)

    # filter by kind, then mark one read
    page.get_by_label("Вид").select_option("announcement")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("heading", name="Семинар в пятницу")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=MARK_SEMINAR).click()
    expect(page.get_by_text("Уведомлений этого вида нет.")).to_have_count(0)
    expect(page.get_by_role("button", name=MARK_SEMINAR)).to_have_count(0)

    # a bad filter answers in Russian
    page.goto("/notifications/?kind=nonsense")
    expect(page.get_by_text("Выберите корректный вариант", exact=False)).to_be_visible()
    assert_accessible(page)

    # settings: save a choice, then a refused one
    page.goto("/notifications/preferences/")
    assert_accessible(page)
    page.get_by_label("Объявления").select_option("digest")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status").first).to_contain_text("Настройки уведомлений сохранены.")
    assert NotificationPreference.objects.get(user=person, kind="announcement").delivery == "digest"
    assert_accessible(page)

    # the letter's link, opened by someone not signed in: a question, then done
    stranger = page_as(None)
    stranger.goto(f"/notifications/unsubscribe/{unsubscribe_token(person.pk, ['forum_reply'])}/")
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Отписка от писем")
    assert_accessible(stranger)
    # opening the link changed nothing (the settings form saved the default, the digest)
    assert NotificationPreference.objects.get(user=person, kind="forum_reply").delivery == "digest"
    stranger.get_by_role("button", name="Не присылать эти письма").click()
    expect(stranger.get_by_role("status").first).to_contain_text("Готово")
    assert_accessible(stranger)
    assert NotificationPreference.objects.get(user=person, kind="forum_reply").delivery == "site"

    stranger.goto("/notifications/unsubscribe/garbage/")
    expect(stranger.get_by_role("alert")).to_contain_text("повреждена или недействительна")
    assert_accessible(stranger)
