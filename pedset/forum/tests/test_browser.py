"""The forum in Chromium: axe-core (WCAG 2.1 AA) on every forum page, as a member and as a
moderator, forms shown back with their errors included; and the flow of the issue — a member
posts, another quotes, a moderator hides with a reason, the author sees the reason and readers
see the trace. Uses the shared browser fixtures (skipped without Chromium)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.forum import services
    from pedset.forum.models import Section
    from pedset.forum.tests import uploads
    from pedset.forum.tests.factories import add_posts

    community = CommunityFactory(slug="miller", name="Миллеровское сообщество")
    services.section_create_defaults(community=community)
    general = Section.objects.get(community=community, kind="regular")
    discussion = Section.objects.get(community=community, kind="moderation")
    member = MembershipFactory(community=community).user
    author = MembershipFactory(community=community).user
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    topic = services.topic_create(
        actor=author,
        section=general,
        title="Формирующее оценивание",
        body="Делимся **приёмами**:\n\n- светофор\n- билет на выход\n\n> цитата из методички",
        files=[uploads.pdf("шаблон.pdf")],
    )
    add_posts(topic, member, 24)
    reply = services.post_create(actor=member, topic=topic, body="Спасибо, попробую!")
    services.post_edit(actor=member, post=reply, body="Спасибо, обязательно попробую!")
    hidden = services.post_create(actor=author, topic=topic, body="Лишнее сообщение")
    services.post_hide(actor=moderator, post=hidden, reason="Не по теме обсуждения")
    services.topic_pin(actor=moderator, topic=topic, reason="Полезная тема")
    return {
        "community": community,
        "general": general,
        "discussion": discussion,
        "member": member,
        "author": author,
        "moderator": moderator,
        "coordinator": coordinator,
        "topic": topic,
        "reply": reply,
        "hidden": hidden,
    }


def test_every_forum_page_passes_axe(page_as, assert_accessible):
    w = _world()
    topic, reply, hidden = w["topic"], w["reply"], w["hidden"]
    visits = [
        (
            w["member"],
            [
                "/forum/",
                "/forum/miller/",
                f"/forum/s/{w['general'].pk}/",
                f"/forum/s/{w['discussion'].pk}/",
                f"/forum/t/{topic.pk}/?page=1",
                f"/forum/t/{topic.pk}/?page=2",
                f"/forum/s/{w['general'].pk}/new/",
                f"/forum/t/{topic.pk}/reply/?quote={reply.pk}",
                f"/forum/p/{reply.pk}/edit/",
                f"/forum/p/{reply.pk}/revisions/",
            ],
        ),
        (w["author"], [f"/forum/t/{topic.pk}/?page=2"]),
        (
            w["moderator"],
            [
                f"/forum/t/{topic.pk}/?page=2",
                f"/forum/p/{reply.pk}/hide/",
                f"/forum/p/{hidden.pk}/restore/",
                f"/forum/t/{topic.pk}/lock/",
                f"/forum/t/{topic.pk}/move/",
                f"/forum/t/{topic.pk}/split/?from=3",
                f"/forum/t/{topic.pk}/rename/",
                f"/forum/p/{reply.pk}/edit/",
            ],
        ),
        (
            w["coordinator"],
            ["/forum/miller/sections/new/", f"/forum/s/{w['general'].pk}/edit/"],
        ),
    ]
    for user, urls in visits:
        page = page_as(user)
        for url in urls:
            page.goto(url)
            expect(page.locator("h1").first).to_be_visible()
            page.wait_for_load_state("load")
            assert_accessible(page)

    # the moderation controls opened, and forms shown back with their errors
    page = page_as(w["moderator"])
    page.goto(f"/forum/t/{topic.pk}/?page=2")
    page.locator("summary", has_text="Модерация темы").click()
    page.locator("summary", has_text=f"Модерация сообщения № {reply.position}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Закрыть тему").click()
    expect(page.get_by_text("Укажите причину: её увидит автор.")).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)

    page = page_as(w["member"])
    page.goto(f"/forum/s/{w['general'].pk}/new/")
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.get_by_text("Укажите название темы.")).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_label("Название темы").fill("Проба")
    page.get_by_label("Текст").fill("**Жирный** текст")
    page.get_by_role("button", name="Предпросмотр").click()
    expect(page.locator("#preview-heading")).to_be_visible()
    page.wait_for_load_state("load")
    assert_accessible(page)


def test_post_quote_hide_and_the_author_sees_the_reason(page_as):
    from pedset.forum.models import Post
    from pedset.moderation.models import ModerationAction

    w = _world()
    topic = w["topic"]

    # a member starts a topic
    author_page = page_as(w["author"])
    author_page.goto(f"/forum/s/{w['general'].pk}/")
    author_page.get_by_role("link", name="Новая тема").click()
    author_page.get_by_label("Название темы").fill("Олимпиада по математике")
    author_page.get_by_label("Текст").fill("Кто готовит ребят к региональному этапу?")
    author_page.get_by_role("button", name="Опубликовать").click()
    expect(author_page.get_by_role("status").first).to_contain_text("Тема создана.")
    expect(author_page.locator("h1")).to_have_text("Олимпиада по математике")

    # another quotes it and lands on their reply
    member_page = page_as(w["member"])
    member_page.goto("/forum/miller/")
    member_page.get_by_role("link", name="Общий раздел").click()
    member_page.get_by_role("link", name="Олимпиада по математике").click()
    member_page.get_by_role("link", name="Цитировать").first.click()
    body = member_page.get_by_label("Ваш ответ")
    first = Post.objects.get(topic__title="Олимпиада по математике", position=1)
    expect(body).to_have_value(
        f"> [Сообщение № 1](/forum/p/{first.pk}/):\n> Кто готовит ребят к региональному этапу?\n\n"
    )
    body.press("End")
    body.type("Я готовлю двоих учеников, звоните: +7 900 000-00-00")
    member_page.get_by_role("button", name="Опубликовать").click()
    expect(member_page.get_by_role("status").first).to_contain_text("Ваш ответ опубликован.")
    answer = Post.objects.get(topic__title="Олимпиада по математике", position=2)
    assert member_page.url.endswith(f"#post-{answer.pk}")
    expect(member_page.locator(f"#post-{answer.pk} blockquote")).to_be_visible()

    # the moderator hides it with a reason
    moderator_page = page_as(w["moderator"])
    moderator_page.goto(f"/forum/p/{answer.pk}/")
    moderator_page.locator("summary", has_text="Модерация сообщения № 2").click()
    moderator_page.get_by_label("Причина скрытия сообщения № 2 (её увидит автор)").fill(
        "Разглашение персональных данных"
    )
    moderator_page.get_by_role("button", name="Скрыть — сообщение № 2").click()
    expect(moderator_page.get_by_role("status").first).to_contain_text("Сообщение скрыто.")
    assert ModerationAction.objects.filter(action="hide", post=answer).exists()

    # the author of the reply sees the reason with their text; the notice links the discussion
    member_page.goto("/notifications/")
    expect(member_page.locator("main")).to_contain_text("Модератор скрыл ваше сообщение № 2")
    member_page.goto(f"/forum/p/{answer.pk}/")
    post_box = member_page.locator(f"#post-{answer.pk}")
    expect(post_box).to_contain_text("Скрыто модератором: Разглашение персональных данных")
    expect(post_box).to_contain_text("+7 900 000-00-00")

    # another reader sees only the trace
    author_page.goto(f"/forum/p/{answer.pk}/")
    post_box = author_page.locator(f"#post-{answer.pk}")
    expect(post_box).to_contain_text("Скрыто модератором: Разглашение персональных данных")
    expect(post_box).not_to_contain_text("+7 900 000-00-00")
    assert topic.pk
