"""Every moderation action and its log entry; every refusal in Russian, changing nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pedset.core.models import AppendOnlyError, Notification
from pedset.moderation import policies, services
from pedset.moderation.models import (
    Flag,
    FlagReason,
    MemberWarning,
    ModerationAction,
    Suspension,
)
from pedset.moderation.services import Decision, ModerationRefused
from pedset.moderation.tests.factories import fresh, make_post

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def _flag(reporter, post=None, message=None, reason=FlagReason.INSULT, comment=""):
    return services.flag_create(
        actor=fresh(reporter), post=post, message=message, reason=reason, comment=comment
    )


# --- Reports ---------------------------------------------------------------------------------


def test_a_member_reports_a_post_and_the_moderators_are_told(
    community, member, moderator, coordinator, post
):
    # when a member reports a post
    flag = _flag(member, post=post, reason=FlagReason.THREAT, comment="Угрожает коллеге")
    # then the report waits in the community's queue
    assert (flag.community, flag.reporter, flag.status) == (community, member, Flag.Status.OPEN)
    # and every moderator (not the reporter) is told, naming nobody
    told = Notification.objects.filter(kind="flag")
    assert {n.recipient for n in told} == {moderator, coordinator}
    notice = told.first()
    assert "угроза" in notice.body
    assert member.get_full_name() not in notice.body + notice.title
    assert notice.url == f"/moderation/{community.slug}/queue/"


def test_moderators_are_told_once_per_item(community, moderator, post):
    from pedset.communities.tests.factories import MembershipFactory

    for _ in range(3):
        _flag(MembershipFactory(community=community).user, post=post)
    assert Notification.objects.filter(kind="flag", recipient=moderator).count() == 1


def test_a_message_report_goes_to_the_conversations_community(
    community, member, moderator, message
):
    flag = _flag(member, message=message, reason=FlagReason.PERSONAL_DATA)
    assert flag.community == community and flag.message == message and flag.post is None
    assert Notification.objects.filter(kind="flag", recipient=moderator).exists()


@pytest.mark.parametrize(
    ("reason", "comment", "error"),
    [
        ("other", "", "Для причины «другое» опишите нарушение в комментарии."),
        ("other", "   ", "Для причины «другое» опишите нарушение в комментарии."),
        ("nonsense", "", "Выберите причину из правил поведения."),
        ("insult", "я" * 2001, "Текст слишком длинный: не более 2000 символов (сейчас 2001)."),
    ],
)
def test_bad_reports_are_refused(community, member, post, reason, comment, error):
    with pytest.raises(ModerationRefused) as refusal:
        _flag(member, post=post, reason=reason, comment=comment)
    assert refusal.value.message == error
    assert not Flag.objects.exists()


def test_other_with_a_comment_is_accepted(community, member, post):
    flag = _flag(member, post=post, reason=FlagReason.OTHER, comment="Реклама курсов")
    assert flag.comment == "Реклама курсов"


def test_a_second_report_by_the_same_person_says_so(community, member, post):
    _flag(member, post=post)
    with pytest.raises(ModerationRefused) as refusal:
        _flag(member, post=post, reason=FlagReason.THREAT)
    assert "Вы уже пожаловались" in refusal.value.message
    assert Flag.objects.count() == 1


def test_one_open_report_per_person_is_also_a_database_rule(community, member, post):
    from django.db import IntegrityError, transaction

    _flag(member, post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(community=community, reporter=member, post=post, reason="insult")


def test_a_resolved_report_allows_a_new_one(community, member, moderator, post):
    _flag(member, post=post)
    services.flags_resolve(
        actor=fresh(moderator),
        community=community,
        decision=Decision.DISMISS,
        reason="Нарушения нет",
        post=post,
    )
    assert _flag(member, post=post).status == Flag.Status.OPEN


def test_a_suspended_member_cannot_report(community, member, moderator, post):
    services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=3
    )
    with pytest.raises(ModerationRefused) as refusal:
        _flag(member, post=post)
    assert "временно отстранены" in refusal.value.message


def test_own_posts_are_not_reported(community, post):
    with pytest.raises(ModerationRefused) as refusal:
        _flag(post.author, post=post)
    assert refusal.value.message == "Нельзя пожаловаться на собственное сообщение."


def test_reports_are_rate_limited(settings, community, member):
    settings.MODERATION_FLAG_LIMIT = 2
    posts = [make_post(community) for _ in range(3)]
    _flag(member, post=posts[0])
    _flag(member, post=posts[1])
    with pytest.raises(ModerationRefused) as refusal:
        _flag(member, post=posts[2])
    assert "Слишком много жалоб" in refusal.value.message


# --- Resolving from the queue -----------------------------------------------------------------


@pytest.fixture
def two_reports(community, member, post):
    from pedset.communities.tests.factories import MembershipFactory

    other = MembershipFactory(community=community).user
    return [
        _flag(member, post=post, reason=FlagReason.INSULT),
        _flag(other, post=post, reason=FlagReason.OTHER, comment="Грубость"),
    ]


def _resolve(actor, community, decision, reason="Оскорбление участников", **item):
    return services.flags_resolve(
        actor=fresh(actor), community=community, decision=decision, reason=reason, **item
    )


def test_hiding_from_the_queue(community, moderator, post, two_reports):
    # when a moderator hides a reported post
    _resolve(moderator, community, Decision.HIDE, post=post)
    # then the forum hid it, with the reason, logged with the report
    post.refresh_from_db()
    assert post.hidden_at is not None and post.hidden_reason == "Оскорбление участников"
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.actor, entry.post, entry.target_user, entry.flag) == (
        Action.HIDE,
        moderator,
        post,
        post.author,
        two_reports[0],
    )
    # and every open report is resolved with who and when
    for flag in Flag.objects.all():
        assert flag.status == Flag.Status.ACTIONED
        assert flag.resolved_by == moderator and flag.resolved_at is not None
        assert flag.resolution == "Оскорбление участников"


def test_reporters_hear_the_outcome_without_names(community, moderator, post, two_reports):
    _resolve(moderator, community, Decision.HIDE, post=post)
    reporters = {f.reporter for f in two_reports}
    outcome = Notification.objects.filter(kind="moderation", recipient__in=reporters)
    assert outcome.count() == 2
    for notice in outcome:
        assert notice.title == "Ваша жалоба рассмотрена"
        assert "скрыли сообщение" in notice.body and "Оскорбление участников" in notice.body
        text = notice.title + notice.body
        # neither the moderator nor the other reporter is named
        assert moderator.get_full_name() not in text
        for reporter in reporters:
            assert reporter.get_full_name() not in text
        assert notice.url == f"/forum/p/{post.pk}/"


def test_the_author_hears_the_reason_and_where_to_discuss_it(
    community, moderator, post, two_reports
):
    _resolve(moderator, community, Decision.HIDE, post=post)
    notice = Notification.objects.get(recipient=post.author)
    assert notice.kind == "moderation"
    assert "Оскорбление участников" in notice.body
    section = community.forum_sections.get(kind="moderation")
    assert f"/forum/s/{section.pk}/" in notice.body
    # and never who reported
    for flag in two_reports:
        assert flag.reporter.get_full_name() not in notice.title + notice.body


def test_deleting_from_the_queue(community, moderator, post, two_reports):
    _resolve(moderator, community, Decision.DELETE, post=post)
    post.refresh_from_db()
    assert post.deleted_at is not None
    assert ModerationAction.objects.get().action == Action.DELETE
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.ACTIONED}


def test_dismissing_is_logged_and_hides_nothing(community, moderator, post, two_reports):
    _resolve(moderator, community, Decision.DISMISS, reason="Резко, но в рамках правил", post=post)
    post.refresh_from_db()
    assert post.hidden_at is None and post.deleted_at is None
    entry = ModerationAction.objects.get()
    assert entry.action == Action.DISMISS_FLAG and entry.reason == "Резко, но в рамках правил"
    assert entry.data == {"flags": [f.pk for f in two_reports]}
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    body = Notification.objects.filter(recipient=two_reports[0].reporter).get().body
    assert "не нашли нарушения" in body and "Резко, но в рамках правил" in body
    # the author is not told about dismissed reports at all
    assert not Notification.objects.filter(recipient=post.author).exists()


def test_closing_reports_on_an_already_hidden_post(community, moderator, post, two_reports):
    from pedset.forum.services import post_hide

    post_hide(actor=fresh(moderator), post=post, reason="Скрыто из темы")
    _resolve(moderator, community, Decision.CLOSE, reason="Уже скрыто", post=post)
    assert ModerationAction.objects.filter(action=Action.CLOSE_FLAGS).count() == 1
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.ACTIONED}


def test_hiding_a_reported_message(community, member, moderator, message):
    flag = _flag(member, message=message, reason=FlagReason.INSULT)
    _resolve(moderator, community, Decision.HIDE, message=message)
    message.refresh_from_db()
    assert message.hidden_at is not None
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.message, entry.flag) == (Action.HIDE_MESSAGE, message, flag)
    assert Flag.objects.get().status == Flag.Status.ACTIONED


@pytest.mark.parametrize(
    ("decision", "reason", "error"),
    [
        ("hide", "", "Укажите причину: её увидят автор и авторы жалоб."),
        ("hide", "  ", "Укажите причину: её увидят автор и авторы жалоб."),
        ("hide", "я" * 2001, "Текст слишком длинный: не более 2000 символов (сейчас 2001)."),
        ("burn", "Причина", "Выберите, что сделать с жалобами."),
        (
            "close",
            "Причина",
            "Сообщение по-прежнему видно: скройте или удалите его либо отклоните жалобы.",
        ),
    ],
)
def test_bad_decisions_change_nothing(
    community, moderator, post, two_reports, decision, reason, error
):
    with pytest.raises(ModerationRefused) as refusal:
        _resolve(moderator, community, decision, reason=reason, post=post)
    assert refusal.value.message == error
    assert not ModerationAction.objects.exists()
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.OPEN}
    post.refresh_from_db()
    assert post.hidden_at is None


def test_a_message_cannot_be_deleted(community, member, moderator, message):
    _flag(member, message=message)
    with pytest.raises(ModerationRefused) as refusal:
        _resolve(moderator, community, Decision.DELETE, message=message)
    assert refusal.value.message == "Личные сообщения можно скрыть, но не удалить."


def test_resolving_twice_is_refused(community, moderator, post, two_reports):
    _resolve(moderator, community, Decision.HIDE, post=post)
    with pytest.raises(ModerationRefused) as refusal:
        _resolve(moderator, community, Decision.DISMISS, post=post)
    assert refusal.value.message == "Жалобы на это сообщение уже рассмотрены."
    assert ModerationAction.objects.count() == 1


def test_only_moderators_resolve(community, member, post, two_reports):
    with pytest.raises(PermissionDenied):
        _resolve(member, community, Decision.HIDE, post=post)
    assert not ModerationAction.objects.exists()


# --- Warnings --------------------------------------------------------------------------------


def test_a_warning_is_logged_and_told_with_the_reason(community, moderator, member):
    warning = services.member_warn(
        actor=fresh(moderator), community=community, member=member, reason="Грубый тон в теме"
    )
    assert (warning.user, warning.issued_by, warning.reason) == (
        member,
        moderator,
        "Грубый тон в теме",
    )
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_user, entry.actor, entry.reason) == (
        Action.WARN,
        member,
        moderator,
        "Грубый тон в теме",
    )
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == "moderation"
    assert "Грубый тон в теме" in notice.body
    assert "Обсуждение действий модераторов" in notice.body
    assert moderator.get_full_name() not in notice.title + notice.body
    section = community.forum_sections.get(kind="moderation")
    assert notice.url == f"/forum/s/{section.pk}/"


def test_a_warning_without_a_reason_is_refused(community, moderator, member):
    with pytest.raises(ModerationRefused) as refusal:
        services.member_warn(actor=fresh(moderator), community=community, member=member, reason=" ")
    assert refusal.value.message == "Укажите причину предупреждения."
    assert not MemberWarning.objects.exists() and not ModerationAction.objects.exists()


def test_a_moderator_cannot_warn_another_moderator(community, moderator):
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import MembershipFactory

    colleague = MembershipFactory(community=community, role=Role.MODERATOR).user
    with pytest.raises(ModerationRefused) as refusal:
        services.member_warn(
            actor=fresh(moderator), community=community, member=colleague, reason="x"
        )
    assert "Только администратор сообщества" in refusal.value.message
    assert not MemberWarning.objects.exists()


# --- Suspensions -----------------------------------------------------------------------------


def test_a_suspension_for_days(community, moderator, member):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        suspension = services.member_suspend(
            actor=fresh(moderator), community=community, member=member, reason="Спам", days=7
        )
        assert suspension.ends_at == datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC)
        assert policies.is_suspended(fresh(member), community) is True
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_user, entry.reason) == (Action.SUSPEND, member, "Спам")
    assert entry.data["days"] == 7 and entry.data["suspension"] == suspension.pk
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == "moderation"
    assert "17.03.2026" in notice.body and "Спам" in notice.body
    assert "Обсуждение действий модераторов" in notice.body
    with time_machine.travel(datetime.datetime(2026, 3, 17, 9, 0, 1, tzinfo=datetime.UTC)):
        assert policies.is_suspended(fresh(member), community) is False


def test_a_suspension_until_a_date_ends_at_midnight_in_the_communitys_zone(
    community, moderator, member
):
    community.time_zone = "Asia/Yakutsk"  # UTC+9
    community.save()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        suspension = services.member_suspend(
            actor=fresh(moderator),
            community=community,
            member=member,
            reason="Угрозы",
            until=datetime.date(2026, 3, 20),
        )
    # 00:00 of 20 March in Yakutsk is 15:00 UTC on 19 March
    assert suspension.ends_at == datetime.datetime(2026, 3, 19, 15, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("term", "error"),
    [
        ({}, "Укажите срок: число дней или дату окончания."),
        ({"days": 0}, "Срок — от 1 до 90 дней."),
        ({"days": 91}, "Срок — от 1 до 90 дней."),
        ({"days": -3}, "Срок — от 1 до 90 дней."),
        (
            {"days": 3, "until": datetime.date(2026, 3, 20)},
            "Укажите срок: число дней или дату окончания.",
        ),
        ({"until": datetime.date(2026, 3, 10)}, "Дата окончания — не раньше завтрашнего дня."),
        ({"until": datetime.date(2026, 3, 1)}, "Дата окончания — не раньше завтрашнего дня."),
        ({"until": datetime.date(2026, 6, 9)}, "Отстранение — не более чем на 90 дней."),
    ],
)
def test_bad_terms_are_refused(community, moderator, member, term, error):
    moment = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False), pytest.raises(ModerationRefused) as refusal:
        services.member_suspend(
            actor=fresh(moderator), community=community, member=member, reason="Спам", **term
        )
    assert refusal.value.message == error
    assert not Suspension.objects.exists() and not ModerationAction.objects.exists()


def test_ninety_days_is_the_longest_term(community, moderator, member):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        services.member_suspend(
            actor=fresh(moderator),
            community=community,
            member=member,
            reason="Спам",
            until=datetime.date(2026, 6, 8),
        )
    assert Suspension.objects.count() == 1


def test_a_suspension_without_a_reason_is_refused(community, moderator, member):
    with pytest.raises(ModerationRefused) as refusal:
        services.member_suspend(
            actor=fresh(moderator), community=community, member=member, reason="", days=1
        )
    assert refusal.value.message == "Укажите причину отстранения."
    assert not Suspension.objects.exists()


@pytest.mark.parametrize("target", ["moderator", "coordinator", "community_admin"])
def test_a_moderator_cannot_suspend_a_moderator_the_coordinator_or_the_admin(
    community, moderator, target, make_person
):
    other = make_person(target, community)
    with pytest.raises(ModerationRefused) as refusal:
        services.member_suspend(
            actor=fresh(moderator), community=community, member=other, reason="x", days=1
        )
    assert "Только администратор сообщества" in refusal.value.message
    assert not Suspension.objects.exists()


def test_the_community_admin_suspends_a_moderator(community, community_admin, moderator):
    services.member_suspend(
        actor=fresh(community_admin),
        community=community,
        member=moderator,
        reason="Превышение полномочий",
        days=2,
    )
    assert policies.is_suspended(fresh(moderator), community) is True


def test_nobody_suspends_themselves(community, community_admin):
    with pytest.raises(ModerationRefused) as refusal:
        services.member_suspend(
            actor=fresh(community_admin),
            community=community,
            member=community_admin,
            reason="x",
            days=1,
        )
    assert refusal.value.message == "Нельзя предупредить или отстранить самого себя."


def test_a_second_suspension_is_refused_while_one_runs(community, moderator, member):
    services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=3
    )
    with pytest.raises(ModerationRefused) as refusal:
        services.member_suspend(
            actor=fresh(moderator), community=community, member=member, reason="Ещё", days=5
        )
    assert "уже отстранён" in refusal.value.message
    assert Suspension.objects.count() == 1


def test_lifting_a_suspension(community, moderator, member):
    suspension = services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=3
    )
    services.suspension_lift(actor=fresh(moderator), suspension=suspension, reason="Извинился")
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None and suspension.lifted_by == moderator
    entry = ModerationAction.objects.filter(action=Action.LIFT_SUSPENSION).get()
    assert (entry.target_user, entry.reason) == (member, "Извинился")
    assert policies.is_suspended(fresh(member), community) is False
    latest = Notification.objects.filter(recipient=member).order_by("-id").first()
    assert "Извинился" in latest.body
    # and lifting twice is refused
    with pytest.raises(ModerationRefused) as refusal:
        services.suspension_lift(actor=fresh(moderator), suspension=suspension, reason="Ещё раз")
    assert refusal.value.message == "Это отстранение уже закончилось."


def test_lifting_needs_a_reason(community, moderator, member):
    suspension = services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=3
    )
    with pytest.raises(ModerationRefused) as refusal:
        services.suspension_lift(actor=fresh(moderator), suspension=suspension, reason="")
    assert refusal.value.message == "Укажите причину снятия отстранения."
    suspension.refresh_from_db()
    assert suspension.lifted_at is None


# --- The log is append-only ----------------------------------------------------------------------


def test_the_moderation_log_refuses_changes(community, moderator, member):
    services.member_warn(actor=fresh(moderator), community=community, member=member, reason="Тон")
    entry = ModerationAction.objects.get()
    entry.reason = "Другая причина"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.filter(pk=entry.pk).update(reason="Другая")
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.bulk_update([entry], ["reason"])
    entry.refresh_from_db()
    assert entry.reason == "Тон"


def test_a_log_entry_outlives_the_report_it_names(community, member, moderator, post):
    # a row the entry points at may go (Django detaches it): the entry and its reason stay
    _flag(member, post=post)
    _resolve(moderator, community, Decision.DISMISS, post=post)
    Flag.objects.all().delete()
    entry = ModerationAction.objects.get()
    assert entry.flag is None and entry.reason == "Оскорбление участников"


def test_a_refusal_of_the_forum_is_shown_and_nothing_is_resolved(
    monkeypatch, community, moderator, post, two_reports
):
    from pedset.communities.services import ActionRefused
    from pedset.forum import services as forum_services

    def refuse(**kwargs):
        raise ActionRefused("Сообщение уже удалено.")

    monkeypatch.setattr(forum_services, "post_hide", refuse)
    with pytest.raises(ModerationRefused) as refusal:
        _resolve(moderator, community, Decision.HIDE, post=post)
    assert refusal.value.message == "Сообщение уже удалено."
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.OPEN}
    assert not Notification.objects.filter(kind="moderation").exists()


def test_the_author_of_a_hidden_message_hears_where_to_discuss_it(
    community, member, moderator, message
):
    _flag(member, message=message)
    _resolve(moderator, community, Decision.HIDE, reason="Угрозы", message=message)
    notice = Notification.objects.get(recipient=message.author)
    section = community.forum_sections.get(kind="moderation")
    assert "Угрозы" in notice.body
    assert f"/forum/s/{section.pk}/" in notice.body
