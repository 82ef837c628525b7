"""Moderation pages in Chromium: axe-core (WCAG 2.1 AA) on every page of the app, and the path
of the issue — a member reports a post, a moderator hides it from the queue with a reason, the
author sees the reason, the coordinator reads the log. Shared fixtures from
pedset/core/testing_browser.py (skipped without Chromium)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
    from pedset.moderation.tests.factories import (
        discussion_section,
        make_message,
        make_post,
        regular_section,
    )

    community = CommunityFactory(slug="istoriki", name="Историки района")
    regular_section(community)
    discussion_section(community)
    people = {
        role: MembershipFactory(community=community, role=role).user
        for role in (Role.MODERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
    }
    member = MembershipFactory(community=community).user
    author = MembershipFactory(community=community).user
    post = make_post(community, author=author, body="Вы все **неучи**, коллеги")
    message = make_message(
        community, author=author, reader=member, body="Грубое *личное* сообщение"
    )
    return {
        "community": community,
        "moderator": people[Role.MODERATOR],
        "coordinator": people[Role.COORDINATOR],
        "admin": people[Role.ADMINISTRATOR],
        "member": member,
        "author": author,
        "post": post,
        "message": message,
    }


def test_every_page_passes_axe(world, page_as, assert_accessible):
    from pedset.moderation import services
    from pedset.moderation.models import Suspension
    from pedset.moderation.tests.factories import fresh

    community, member, author = world["community"], world["member"], world["author"]
    services.flag_create(actor=fresh(member), message=world["message"], reason="threat")
    services.member_warn(
        actor=fresh(world["moderator"]), community=community, member=author, reason="Грубый тон"
    )
    suspension = Suspension.objects.create(
        community=community,
        user=author,
        issued_by=world["moderator"],
        reason="Спам",
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )

    # the reporter: the form, its errors, the message form
    page = page_as(member)
    page.goto(f"/moderation/flag/post/{world['post'].pk}/")
    assert_accessible(page)
    page.get_by_label("Другое").check()
    page.get_by_role("button", name="Отправить жалобу").click()
    expect(
        page.get_by_text("Для причины «другое» опишите нарушение в комментарии.")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"/moderation/flag/message/{world['message'].pk}/")
    assert_accessible(page)  # already reported: says so
    # the author cannot report themselves
    author_page = page_as(author)
    author_page.goto(f"/moderation/flag/post/{world['post'].pk}/")
    expect(author_page.get_by_role("alert")).to_contain_text("собственное")
    assert_accessible(author_page)

    # the moderator: the queue, a decision with an error, the member's pages
    page = page_as(world["moderator"])
    slug = community.slug
    for url in (
        f"/moderation/{slug}/queue/",
        f"/moderation/{slug}/log/",
        f"/moderation/{slug}/log/?action=king&date_from=31.02.2026",
        f"/moderation/{slug}/members/{author.pk}/",
        f"/moderation/{slug}/members/{member.pk}/warn/",
        f"/moderation/{slug}/members/{member.pk}/suspend/",
        f"/moderation/{slug}/members/{world['coordinator'].pk}/suspend/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(f"/moderation/{slug}/members/{member.pk}/suspend/")
    page.get_by_label("Срок, дней").fill("120")
    page.get_by_role("button", name="Отстранить").click()
    expect(page.get_by_text("Срок — от 1 до 90 дней.").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/moderation/{slug}/queue/")
    page.get_by_role("button", name="Скрыть").first.click()
    expect(page.get_by_text("Укажите причину: её увидят автор и авторы жалоб.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/moderation/{slug}/members/{author.pk}/")
    page.get_by_role("button", name="Снять отстранение").click()
    expect(page.get_by_text("Укажите причину снятия отстранения.")).to_be_visible()
    assert_accessible(page)
    assert Suspension.objects.get(pk=suspension.pk).lifted_at is None


def test_report_hide_and_the_log(world, page_as, assert_accessible):
    from pedset.moderation.models import ModerationAction

    community, post = world["community"], world["post"]
    # a member reports the post
    page = page_as(world["member"])
    page.goto(f"/forum/p/{post.pk}/")
    page.locator(f'a[href="/moderation/flag/post/{post.pk}/"]').click()
    page.get_by_label("Оскорбление").check()
    page.get_by_label("Комментарий").fill("Оскорбляет коллег")
    page.get_by_role("button", name="Отправить жалобу").click()
    expect(page.get_by_text("Жалоба отправлена модераторам")).to_be_visible()
    assert f"/forum/t/{post.topic_id}/" in page.url  # back in the topic

    # the moderator hides it from the queue with a reason
    page = page_as(world["moderator"])
    page.goto(f"/moderation/{community.slug}/queue/")
    expect(page.get_by_text("Оскорбляет коллег")).to_be_visible()
    page.get_by_label("Причина решения").fill("Оскорбление участников сообщества")
    page.get_by_role("button", name="Скрыть").click()
    expect(page.get_by_text("Жалоб, ожидающих решения, нет.")).to_be_visible()
    assert_accessible(page)

    # the author sees the reason in their notifications and next to the post
    page = page_as(world["author"])
    page.goto("/notifications/")
    expect(page.get_by_text("Оскорбление участников сообщества").first).to_be_visible()
    page.goto(f"/forum/p/{post.pk}/")
    expect(page.get_by_text("Оскорбление участников сообщества").first).to_be_visible()

    # the coordinator reads the log
    page = page_as(world["coordinator"])
    page.goto(f"/moderation/{community.slug}/log/")
    row = page.get_by_role("row").filter(has_text="Оскорбление участников сообщества")
    expect(row).to_contain_text("Сообщение скрыто")
    expect(row).to_contain_text(world["moderator"].get_full_name())
    assert ModerationAction.objects.filter(action="hide", post=post).exists()
