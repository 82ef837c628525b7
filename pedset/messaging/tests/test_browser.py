"""Private messages in Chromium: axe-core (WCAG 2.1 AA) on every page of the app, and two
members exchanging messages through the pages — from a profile's «Написать сообщение» to a
reply. Uses the shared browser fixtures of pedset/core/testing_browser.py (skipped without
Chromium)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, url, assert_accessible):
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheet too, before the contrast check
    assert_accessible(page)


def test_every_page_passes_axe(page_as, assert_accessible):
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.messaging import services
    from pedset.moderation.models import Flag, FlagReason

    community = CommunityFactory(name="Синергия")
    second = CommunityFactory(name="Методисты")
    anna, boris, vera, gleb = (MembershipFactory(community=community).user for _ in range(4))
    MembershipFactory(community=second, user=anna)
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user

    group = services.conversation_start(
        actor=boris,
        community=community,
        participants=[anna, vera],
        subject="Подготовка к семинару",
        body="**Коллеги**, обсудим план:\n\n1. доклад\n2. практикум\n\n> цитата",
    )
    for n in range(22):
        services.message_send(actor=(anna, boris)[n % 2], conversation=group, body=f"Реплика {n}")
    rude = services.message_send(actor=vera, conversation=group, body="Грубость")
    Flag.objects.create(community=community, reporter=anna, reason=FlagReason.INSULT, message=rude)
    services.message_hide(actor=moderator, message=rude, reason="Оскорбление")
    services.person_block(actor=anna, person=vera)
    services.message_send(actor=vera, conversation=group, body="После блокировки")
    services.participants_add(actor=boris, conversation=group, people=[gleb])
    services.conversation_leave(actor=gleb, conversation=group)
    services.conversation_start(actor=vera, community=community, participants=[boris], body="Да")
    left = services.conversation_start(
        actor=anna, community=community, participants=[boris], body="Ушла"
    )
    services.conversation_leave(actor=anna, conversation=left)

    page = page_as(anna)
    page.goto(_profile_url(vera))
    expect(page.get_by_role("button", name="Разблокировать")).to_be_visible()
    for url in [
        "/messages/",
        "/messages/?left=1",
        f"/messages/{group.pk}/",
        f"/messages/{group.pk}/?page=2",
        f"/messages/{left.pk}/",
        f"/messages/{group.pk}/leave/",
        f"/messages/{group.pk}/add/",
        "/messages/new/",
        f"/messages/new/?community={community.pk}",
        f"/messages/new/?to={boris.pk}",
        "/messages/settings/",
        _profile_url(boris),
        _profile_url(vera),
    ]:
        _check(page, url, assert_accessible)

    # a form shown back with its errors, and a search with results
    page.goto(f"/messages/new/?community={community.pk}")
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_text("Выберите хотя бы одного собеседника.")).to_be_visible()
    expect(page.get_by_text("Напишите сообщение: оно пустое.")).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Найти участника по фамилии или имени").fill(boris.last_name)
    page.get_by_role("main").get_by_role("button", name="Найти").click()
    expect(page.get_by_label(boris.get_full_name(), exact=False).first).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)


def _profile_url(person):
    from django.urls import reverse

    return reverse("accounts:profile", args=[person.pk])


def test_two_members_exchange_private_messages(page_as):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.messaging.models import Message

    community = CommunityFactory(name="Синергия")
    anna = MembershipFactory(community=community, user=UserFactory(last_name="Аксёнова")).user
    boris = MembershipFactory(community=community, user=UserFactory(last_name="Борисов")).user

    # Anna writes to Boris from his profile
    writer = page_as(anna)
    writer.goto(_profile_url(boris))
    writer.get_by_role("link", name="Написать сообщение").click()
    expect(writer.get_by_label(boris.get_full_name(), exact=False)).to_be_checked()
    writer.get_by_label("Тема").fill("Открытый урок")
    writer.get_by_label("Сообщение").fill("Борис, приглашаю на **открытый урок** в четверг.")
    writer.get_by_role("button", name="Отправить").click()
    expect(writer.get_by_role("status").first).to_contain_text("Сообщение отправлено")
    expect(writer.locator("h1")).to_have_text("Открытый урок")

    # Boris sees it unread, reads it and replies
    reader = page_as(boris)
    reader.goto("/messages/")
    expect(reader.locator("#unread-total")).to_contain_text("1 непрочитанное")
    reader.get_by_role("link", name="Открытый урок").click()
    expect(reader.locator("strong", has_text="открытый урок")).to_be_visible()
    reader.get_by_label("Сообщение").fill("Спасибо, приду!")
    reader.get_by_role("button", name="Отправить").click()
    expect(reader.get_by_text("Спасибо, приду!")).to_be_visible()
    reader.goto("/messages/")
    expect(reader.locator("#unread-total")).to_contain_text("Непрочитанных сообщений нет")

    # Anna sees the reply
    writer.goto("/messages/")
    expect(writer.locator("#unread-total")).to_contain_text("1 непрочитанное")
    writer.get_by_role("link", name="Открытый урок").click()
    expect(writer.get_by_text("Спасибо, приду!")).to_be_visible()

    assert list(Message.objects.order_by("id").values_list("author_id", flat=True)) == [
        anna.pk,
        boris.pk,
    ]
