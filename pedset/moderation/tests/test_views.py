"""The pages: reporting, the queue, warnings, suspensions, the log and a member's history.
Bad input answers in Russian and changes nothing; foreign ids answer 404; POST-only URLs 405."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.moderation import services
from pedset.moderation.models import (
    Flag,
    MemberWarning,
    ModerationAction,
    Suspension,
)
from pedset.moderation.tests.factories import fresh, make_post

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def _text(response) -> str:
    return response.content.decode()


def _flag_url(post):
    return reverse("moderation:flag_post", args=[post.pk])


# --- Reporting a post ------------------------------------------------------------------------


def test_the_report_form_shows_the_post_and_the_reasons(signed_in, member, post):
    response = signed_in(member).get(_flag_url(post))
    assert response.status_code == 200
    page = _text(response)
    assert "<strong>неучи</strong>" in page  # rendered through render_markdown
    for label in (
        "пропаганда",
        "оскорбление",
        "угроза",
        "клевета",
        "разглашение персональных данных",
        "нарушение авторских прав",
        "другое",
    ):
        assert label in page.lower()
    assert "Отправить жалобу" in page


def test_reporting_a_post(signed_in, member, post):
    response = signed_in(member).post(
        _flag_url(post), {"reason": "insult", "comment": "Грубость", "next": f"/forum/p/{post.pk}/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/forum/p/{post.pk}/"
    flag = Flag.objects.get()
    assert (flag.reporter, flag.post, flag.reason, flag.comment) == (
        member,
        post,
        "insult",
        "Грубость",
    )


def test_the_report_does_not_redirect_to_another_site(signed_in, member, post):
    response = signed_in(member).post(
        _flag_url(post), {"reason": "insult", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/forum/p/{post.pk}/"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Выберите причину из правил поведения."),
        ({"reason": "nonsense"}, "Выберите причину из правил поведения."),
        ({"reason": "other"}, "Для причины «другое» опишите нарушение в комментарии."),
        (
            {"reason": "other", "comment": "   "},
            "Для причины «другое» опишите нарушение в комментарии.",
        ),
        (
            {"reason": "insult", "comment": "я" * 2001},
            "Текст слишком длинный: не более 2000 символов (сейчас 2001).",
        ),
    ],
)
def test_bad_reports_answer_in_russian(signed_in, member, post, data, error):
    response = signed_in(member).post(_flag_url(post), data)
    assert response.status_code == 200
    assert error in _text(response)
    assert not Flag.objects.exists()


def test_a_second_report_says_so(signed_in, member, post):
    client = signed_in(member)
    client.post(_flag_url(post), {"reason": "insult"})
    for response in (
        client.get(_flag_url(post)),
        client.post(_flag_url(post), {"reason": "threat"}),
    ):
        assert response.status_code == 200
        assert "Вы уже пожаловались на это сообщение" in _text(response)
    assert Flag.objects.count() == 1


def test_a_reporter_never_sees_who_else_reported(signed_in, community, member, post):
    first = MembershipFactory(community=community).user
    services.flag_create(actor=first, post=post, reason="insult", comment="Первая жалоба")
    page = _text(signed_in(member).get(_flag_url(post)))
    assert first.get_full_name() not in page and "Первая жалоба" not in page


@pytest.mark.parametrize("actor", ["registered", "pending", "education_authority", "revoked"])
def test_who_cannot_see_the_post_gets_404(client, make_person, community, post, actor):
    person = make_person(actor, community)
    client.force_login(person)
    response = client.get(_flag_url(post))
    assert response.status_code in (404, 302)  # a revoked account is signed out
    if actor != "revoked":
        assert response.status_code == 404
    assert client.post(_flag_url(post), {"reason": "insult"}).status_code in (404, 302)
    assert not Flag.objects.exists()


def test_anonymous_is_sent_to_log_in(client, post):
    response = client.get(_flag_url(post))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_and_deleted_posts_are_404(signed_in, member, post):
    client = signed_in(member)
    assert client.get(reverse("moderation:flag_post", args=[987654])).status_code == 404
    post.deleted_at = timezone.now()
    post.save()
    assert client.get(_flag_url(post)).status_code == 404


def test_the_author_is_told_they_cannot_report_themselves(signed_in, post):
    response = signed_in(post.author).post(_flag_url(post), {"reason": "insult"})
    assert response.status_code == 403
    assert "Нельзя пожаловаться на собственное сообщение." in _text(response)
    assert not Flag.objects.exists()


def test_a_hidden_post_is_not_shown_on_the_report_page(signed_in, member, post):
    post.hidden_at, post.hidden_reason = timezone.now(), "Оскорбление"
    post.save()
    response = signed_in(member).get(_flag_url(post))
    assert response.status_code == 403
    assert "Модератор уже скрыл это сообщение." in _text(response)
    assert "неучи" not in _text(response)


def test_a_suspended_member_is_told_why(signed_in, community, member, post):
    Suspension.objects.create(
        community=community,
        user=member,
        reason="Спам",
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = signed_in(member).post(_flag_url(post), {"reason": "insult"})
    assert response.status_code == 403
    assert "Вы временно отстранены" in _text(response)
    assert not Flag.objects.exists()


# --- Reporting a message ---------------------------------------------------------------------


def test_a_participant_reports_a_message(signed_in, member, message):
    url = reverse("moderation:flag_message", args=[message.pk])
    client = signed_in(member)
    page = client.get(url)
    assert page.status_code == 200 and "<em>сообщение</em>" in _text(page)
    response = client.post(url, {"reason": "threat"})
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:message", args=[message.pk])
    assert Flag.objects.get().message == message


@pytest.mark.parametrize("who", ["moderator", "member_outside", "platform_admin"])
def test_who_is_not_in_the_conversation_gets_404(
    signed_in, community, message, who, moderator, platform_admin
):
    person = {
        "moderator": moderator,
        "platform_admin": platform_admin,
        "member_outside": MembershipFactory(community=community).user,
    }[who]
    url = reverse("moderation:flag_message", args=[message.pk])
    client = signed_in(person)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "threat"}).status_code == 404
    assert client.get(reverse("moderation:flag_message", args=[987654])).status_code == 404
    assert not Flag.objects.exists()


# --- The queue -------------------------------------------------------------------------------


@pytest.fixture
def reported(community, member, post):
    services.flag_create(
        actor=fresh(member), post=post, reason="insult", comment="Оскорбляет коллег"
    )
    return post


def test_the_queue_shows_reports_grouped_by_item(signed_in, community, moderator, reported):
    other = MembershipFactory(community=community).user
    services.flag_create(
        actor=other, post=reported, reason="other", comment="Переходит на личности"
    )
    response = signed_in(moderator).get(reverse("moderation:queue", args=[community.slug]))
    assert response.status_code == 200
    page = _text(response)
    assert page.count('<h2 id="item-post-') == 1
    assert "2 жалобы" in page
    assert "Оскорбляет коллег" in page and "Переходит на личности" in page
    assert "Оскорбление" in page and "Другое" in page
    assert "<strong>неучи</strong>" in page
    assert reported.author.get_full_name() in page
    assert f'href="/forum/p/{reported.pk}/"' in page
    assert reverse("moderation:resolve_post", args=[community.slug, reported.pk]) in page


def test_the_queue_shows_a_reported_message(signed_in, community, member, moderator, message):
    services.flag_create(actor=fresh(member), message=message, reason="threat")
    page = _text(signed_in(moderator).get(reverse("moderation:queue", args=[community.slug])))
    assert "<em>сообщение</em>" in page
    assert reverse("moderation:resolve_message", args=[community.slug, message.pk]) in page
    assert "Удалить" not in page  # messages are hidden, never deleted


@pytest.mark.parametrize(
    "actor", ["member", "expert", "pending", "registered", "education_authority"]
)
def test_the_queue_is_for_moderators(client, make_person, community, actor):
    client.force_login(make_person(actor, community))
    assert client.get(reverse("moderation:queue", args=[community.slug])).status_code == 403


def test_unknown_community_is_404(signed_in, moderator):
    client = signed_in(moderator)
    for name in ("queue", "log"):
        assert client.get(reverse(f"moderation:{name}", args=["no-such"])).status_code == 404


def test_hiding_from_the_queue_page(signed_in, community, moderator, reported):
    url = reverse("moderation:resolve_post", args=[community.slug, reported.pk])
    response = signed_in(moderator).post(
        url, {"decision": "hide", "reason": "Оскорбление участников"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:queue", args=[community.slug])
    reported.refresh_from_db()
    assert reported.hidden_reason == "Оскорбление участников"
    assert Flag.objects.get().status == Flag.Status.ACTIONED
    assert ModerationAction.objects.get().action == Action.HIDE


def test_deleting_and_dismissing_from_the_queue_page(
    signed_in, community, moderator, member, reported
):
    other = make_post(community)
    services.flag_create(actor=fresh(member), post=other, reason="slander")
    client = signed_in(moderator)
    client.post(
        reverse("moderation:resolve_post", args=[community.slug, reported.pk]),
        {"decision": "delete", "reason": "Клевета"},
    )
    client.post(
        reverse("moderation:resolve_post", args=[community.slug, other.pk]),
        {"decision": "dismiss", "reason": "Нарушения нет"},
    )
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {
        Action.DELETE,
        Action.DISMISS_FLAG,
    }
    page = _text(client.get(reverse("moderation:queue", args=[community.slug])))
    assert "Жалоб, ожидающих решения, нет." in page


def test_hiding_a_message_from_the_queue_page(signed_in, community, member, moderator, message):
    services.flag_create(actor=fresh(member), message=message, reason="threat")
    url = reverse("moderation:resolve_message", args=[community.slug, message.pk])
    response = signed_in(moderator).post(url, {"decision": "hide", "reason": "Угрозы"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.hidden_reason == "Угрозы"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"decision": "hide"}, "Укажите причину: её увидят автор и авторы жалоб."),
        ({"decision": "hide", "reason": "   "}, "Укажите причину: её увидят автор и авторы жалоб."),
        (
            {"decision": "hide", "reason": "я" * 2001},
            "Текст слишком длинный: не более 2000 символов (сейчас 2001).",
        ),
        ({"reason": "Причина"}, "Выберите, что сделать с жалобами."),
        ({"decision": "burn", "reason": "Причина"}, "Выберите, что сделать с жалобами."),
        ({"decision": "close", "reason": "Причина"}, "Сообщение по-прежнему видно"),
    ],
)
def test_bad_decisions_answer_in_russian(signed_in, community, moderator, reported, data, error):
    url = reverse("moderation:resolve_post", args=[community.slug, reported.pk])
    response = signed_in(moderator).post(url, data)
    assert response.status_code == 200
    assert error in _text(response)
    assert Flag.objects.get().status == Flag.Status.OPEN
    assert not ModerationAction.objects.exists()


def test_resolving_resolved_reports_says_so(signed_in, community, moderator, reported):
    url = reverse("moderation:resolve_post", args=[community.slug, reported.pk])
    client = signed_in(moderator)
    client.post(url, {"decision": "dismiss", "reason": "Нет нарушения"})
    response = client.post(url, {"decision": "hide", "reason": "Передумал"})
    assert response.status_code == 200
    assert "Жалобы на это сообщение уже рассмотрены." in _text(response)
    assert ModerationAction.objects.count() == 1


def test_resolving_is_post_only(signed_in, community, moderator, reported, member, message):
    client = signed_in(moderator)
    assert (
        client.get(
            reverse("moderation:resolve_post", args=[community.slug, reported.pk])
        ).status_code
        == 405
    )
    assert (
        client.get(
            reverse("moderation:resolve_message", args=[community.slug, message.pk])
        ).status_code
        == 405
    )


def test_foreign_items_are_404(signed_in, community, moderator, reported):
    other_community = CommunityFactory()
    foreign = make_post(other_community)
    client = signed_in(moderator)
    for pk in (foreign.pk, 987654):
        response = client.post(
            reverse("moderation:resolve_post", args=[community.slug, pk]),
            {"decision": "hide", "reason": "x"},
        )
        assert response.status_code == 404
    response = client.post(
        reverse("moderation:resolve_message", args=[community.slug, 987654]),
        {"decision": "hide", "reason": "x"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.hidden_at is None


def test_a_member_cannot_resolve(signed_in, community, member, reported):
    url = reverse("moderation:resolve_post", args=[community.slug, reported.pk])
    assert signed_in(member).post(url, {"decision": "hide", "reason": "x"}).status_code == 403
    reported.refresh_from_db()
    assert reported.hidden_at is None


# --- Warnings and suspensions ---------------------------------------------------------------------


def _member_url(name, community, person):
    return reverse(f"moderation:{name}", args=[community.slug, person.pk])


def test_warning_a_member(signed_in, community, moderator, member):
    client = signed_in(moderator)
    assert client.get(_member_url("warn", community, member)).status_code == 200
    response = client.post(_member_url("warn", community, member), {"reason": "Грубый тон"})
    assert response.status_code == 302
    assert response["Location"] == _member_url("member", community, member)
    assert MemberWarning.objects.get().reason == "Грубый тон"
    assert ModerationAction.objects.get().action == Action.WARN


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Укажите причину предупреждения."),
        ("я" * 2001, "Текст слишком длинный: не более 2000 символов (сейчас 2001)."),
    ],
)
def test_a_warning_needs_a_reason(signed_in, community, moderator, member, reason, error):
    response = signed_in(moderator).post(_member_url("warn", community, member), {"reason": reason})
    assert response.status_code == 200 and error in _text(response)
    assert not MemberWarning.objects.exists()


def test_suspending_a_member_for_days(signed_in, community, moderator, member):
    client = signed_in(moderator)
    page = client.get(_member_url("suspend", community, member))
    assert page.status_code == 200 and "Часовой пояс сообщества" in _text(page)
    response = client.post(
        _member_url("suspend", community, member), {"days": "7", "reason": "Спам"}
    )
    assert response.status_code == 302
    suspension = Suspension.objects.get()
    assert suspension.ends_at - suspension.starts_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )
    assert ModerationAction.objects.get().action == Action.SUSPEND


def test_suspending_until_a_date(signed_in, community, moderator, member):
    until = timezone.localdate() + datetime.timedelta(days=10)
    response = signed_in(moderator).post(
        _member_url("suspend", community, member), {"until": until.isoformat(), "reason": "Спам"}
    )
    assert response.status_code == 302
    assert Suspension.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "Спам"}, "Укажите срок: число дней или дату окончания."),
        ({"days": "0", "reason": "Спам"}, "Срок — от 1 до 90 дней."),
        ({"days": "91", "reason": "Спам"}, "Срок — от 1 до 90 дней."),
        ({"days": "абв", "reason": "Спам"}, "Срок — целое число дней."),
        (
            {"days": "3", "until": "2099-01-01", "reason": "Спам"},
            "Укажите срок: число дней или дату окончания.",
        ),
        ({"until": "2020-01-01", "reason": "Спам"}, "Дата окончания — не раньше завтрашнего дня."),
        ({"until": "2099-01-01", "reason": "Спам"}, "Отстранение — не более чем на 90 дней."),
        ({"until": "31.02.2026", "reason": "Спам"}, "Введите дату в формате ДД.ММ.ГГГГ."),
        ({"days": "3"}, "Укажите причину отстранения."),
    ],
)
def test_bad_suspensions_answer_in_russian(signed_in, community, moderator, member, data, error):
    response = signed_in(moderator).post(_member_url("suspend", community, member), data)
    assert response.status_code == 200
    assert error in _text(response)
    assert not Suspension.objects.exists() and not ModerationAction.objects.exists()


@pytest.mark.parametrize("target", ["moderator", "coordinator", "community_admin"])
def test_a_moderator_is_told_they_cannot_suspend_a_moderator(
    signed_in, make_person, community, moderator, target
):
    other = make_person(target, community)
    client = signed_in(moderator)
    for name in ("suspend", "warn"):
        response = client.post(_member_url(name, community, other), {"days": "3", "reason": "x"})
        assert response.status_code == 403
        assert (
            "Только администратор сообщества может предупредить или отстранить модератора"
            in _text(response)
        )
    assert not Suspension.objects.exists() and not MemberWarning.objects.exists()


def test_a_moderator_is_told_they_cannot_suspend_themselves(signed_in, community, moderator):
    response = signed_in(moderator).post(
        _member_url("suspend", community, moderator), {"days": "3", "reason": "x"}
    )
    assert response.status_code == 403
    assert "Нельзя предупредить или отстранить самого себя." in _text(response)
    assert not Suspension.objects.exists()


def test_the_community_admin_suspends_a_moderator_through_the_page(
    signed_in, community, community_admin, moderator
):
    response = signed_in(community_admin).post(
        _member_url("suspend", community, moderator),
        {"days": "2", "reason": "Превышение полномочий"},
    )
    assert response.status_code == 302
    assert Suspension.objects.get().user == moderator


def test_foreign_people_are_404(signed_in, community, moderator):
    from pedset.accounts.tests.factories import UserFactory

    outsider = UserFactory()
    applicant = MembershipFactory(community=community, status=MembershipStatus.PENDING).user
    elsewhere = MembershipFactory(community=CommunityFactory()).user
    client = signed_in(moderator)
    for person in (outsider, applicant, elsewhere):
        for name in ("member", "warn", "suspend"):
            assert client.get(_member_url(name, community, person)).status_code == 404
        assert (
            client.post(
                _member_url("suspend", community, person), {"days": "1", "reason": "x"}
            ).status_code
            == 404
        )
    assert (
        client.get(reverse("moderation:member", args=[community.slug, 987654])).status_code == 404
    )
    assert not Suspension.objects.exists()


def test_members_cannot_warn_or_suspend(signed_in, community, member, author):
    client = signed_in(member)
    for name in ("warn", "suspend", "member"):
        assert client.get(_member_url(name, community, author)).status_code == 403
    assert (
        client.post(
            _member_url("suspend", community, author), {"days": "1", "reason": "x"}
        ).status_code
        == 403
    )
    assert not Suspension.objects.exists()


def _suspended(community, moderator, member):
    return services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=3
    )


def test_lifting_from_the_member_page(signed_in, community, moderator, member):
    suspension = _suspended(community, moderator, member)
    client = signed_in(moderator)
    page = _text(client.get(_member_url("member", community, member)))
    assert "Снять отстранение" in page and "Отстранён до" in page
    url = reverse("moderation:lift", args=[community.slug, suspension.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Укажите причину снятия отстранения." in _text(response)
    response = client.post(url, {"reason": "Извинился"})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    response = client.post(url, {"reason": "Ещё раз"})
    assert "Это отстранение уже закончилось." in _text(response)


def test_lifting_a_foreign_suspension_is_404(signed_in, community, moderator):
    other = CommunityFactory()
    admin = MembershipFactory(community=other, role=Role.ADMINISTRATOR).user
    target = MembershipFactory(community=other).user
    suspension = _suspended(other, admin, target)
    response = signed_in(moderator).post(
        reverse("moderation:lift", args=[community.slug, suspension.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    suspension.refresh_from_db()
    assert suspension.lifted_at is None


# --- A member's history ------------------------------------------------------------------------


def test_the_member_page_shows_warnings_suspensions_and_actions(
    signed_in, community, moderator, member, author, post
):
    services.member_warn(
        actor=fresh(moderator), community=community, member=author, reason="Грубый тон"
    )
    services.flag_create(actor=fresh(member), post=post, reason="insult")
    services.flags_resolve(
        actor=fresh(moderator),
        community=community,
        decision="hide",
        reason="Оскорбление",
        post=post,
    )
    _suspended(community, moderator, author)
    page = _text(signed_in(moderator).get(_member_url("member", community, author)))
    assert "Грубый тон" in page and "Спам" in page and "Оскорбление" in page
    assert "Сообщение скрыто" in page
    assert f'href="/forum/p/{post.pk}/"' in page
    # and it never says who reported
    assert member.get_full_name() not in page


def test_the_member_page_of_a_former_member_stays(signed_in, community, moderator, member):
    services.member_warn(
        actor=fresh(moderator), community=community, member=member, reason="Грубый тон"
    )
    member.memberships.update(status=MembershipStatus.LEFT)
    response = signed_in(moderator).get(_member_url("member", community, member))
    assert response.status_code == 200 and "Грубый тон" in _text(response)
    assert "Отстранить" not in _text(response)


# --- The log ---------------------------------------------------------------------------------


def test_the_coordinator_reads_the_log(signed_in, community, moderator, coordinator, member):
    services.member_warn(
        actor=fresh(moderator), community=community, member=member, reason="Грубый тон"
    )
    _suspended(community, moderator, member)
    response = signed_in(coordinator).get(reverse("moderation:log", args=[community.slug]))
    assert response.status_code == 200
    page = _text(response)
    assert "Вынесено предупреждение" in page and "Временное отстранение" in page
    assert moderator.get_full_name() in page
    assert page.index("Временное отстранение") < page.index(
        "Вынесено предупреждение"
    )  # newest first


def test_the_log_filters_by_action_and_date(signed_in, community, moderator, coordinator, member):
    services.member_warn(
        actor=fresh(moderator), community=community, member=member, reason="Грубый тон"
    )
    _suspended(community, moderator, member)
    client = signed_in(coordinator)
    url = reverse("moderation:log", args=[community.slug])
    page = _text(client.get(url, {"action": "warn"}))
    assert "Грубый тон" in page and "Спам" not in page
    page = _text(client.get(url, {"date_to": "2020-01-01"}))
    assert "Записей нет." in page
    today = timezone.localdate().isoformat()
    page = _text(client.get(url, {"date_from": today, "date_to": today}))
    assert "Грубый тон" in page


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"action": "king"}, "Выберите корректный вариант."),
        ({"date_from": "31.02.2026"}, "Введите правильную дату."),
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "Начальная дата позже конечной."),
        ({"page": "abc"}, ""),
    ],
)
def test_bad_log_filters_answer_in_russian(signed_in, community, coordinator, query, error):
    response = signed_in(coordinator).get(reverse("moderation:log", args=[community.slug]), query)
    assert response.status_code == 200
    assert error in _text(response)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("member", 403),
        ("expert", 403),
        ("education_authority", 403),
        ("platform_admin", 200),
        ("community_admin", 200),
        ("moderator", 200),
    ],
)
def test_who_reads_the_log_page(client, make_person, community, actor, status):
    client.force_login(make_person(actor, community))
    assert client.get(reverse("moderation:log", args=[community.slug])).status_code == status
