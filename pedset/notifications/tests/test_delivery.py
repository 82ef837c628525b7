"""notify() and notify_many(): the in-site notification always, the e-mail by preference."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import Notification
from pedset.core.notify import notify, notify_many
from pedset.notifications import services
from pedset.notifications.kinds import KINDS, Delivery, get_kind
from pedset.notifications.models import NotificationPreference
from pedset.notifications.tokens import read_unsubscribe_token

pytestmark = pytest.mark.django_db


def choose(user, kind, delivery):
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


# --- The registry ---------------------------------------------------------------------------


def test_registry_has_the_kinds_the_platform_sends():
    codes = {kind.code for kind in KINDS}
    assert codes == {
        "membership",
        "join_request",
        "platform_role",
        "forum_reply",
        "forum_topic",
        "moderation",
        "flag",
        "private_message",
        "announcement",
        "consent",
        "material_comment",
        "coauthorship",
        "material_submitted",
        "expertise_assignment",
        "expertise_progress",
        "expertise_decision",
        "document_issued",
        "event",
        "contest",
        "consultation",
        "work_plan",
        "group_application",
        "group",
        "following",
    }


def test_mandatory_kinds_cannot_be_switched_off_but_may_leave_e_mail():
    for code in (
        "moderation",
        "consent",
        "coauthorship",
        "expertise_assignment",
        "expertise_decision",
        "document_issued",
    ):
        kind = get_kind(code)
        assert kind.mandatory
        assert not kind.allows(Delivery.OFF)
        assert kind.allows(Delivery.SITE)
    assert get_kind("forum_reply").allows(Delivery.OFF)


def test_old_kind_codes_resolve_to_their_registered_kind():
    assert get_kind("membership_approved").code == "membership"
    assert get_kind("membership_requested").code == "join_request"
    assert get_kind("role_changed").code == "membership"


def test_an_unknown_kind_is_still_delivered_as_before():
    kind = get_kind("something_new")
    assert kind.default == Delivery.IMMEDIATE and not kind.mandatory


# --- notify() per preference ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("delivery", "mails", "stored_delivery", "unread"),
    [
        (Delivery.SITE, 0, Delivery.SITE, True),
        (Delivery.IMMEDIATE, 1, Delivery.IMMEDIATE, True),
        (Delivery.DIGEST, 0, Delivery.DIGEST, True),
        (Delivery.OFF, 0, Delivery.OFF, False),
    ],
)
def test_notify_follows_the_preference_of_the_kind(
    person,
    mailoutbox,
    django_capture_on_commit_callbacks,
    delivery,
    mails,
    stored_delivery,
    unread,
):
    choose(person, "forum_reply", delivery)
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="forum_reply", title="Новый ответ", body="Текст", url="/x/")
    # the in-site notification exists in every case
    note.refresh_from_db()
    assert note.recipient == person and note.title == "Новый ответ"
    assert note.delivery == stored_delivery
    assert (note.read_at is None) is unread
    assert len(mailoutbox) == mails
    if mails:
        assert note.emailed_at is not None


def test_without_a_choice_the_kinds_default_applies(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = notify(person, kind="forum_reply", title="Ответ")  # default: digest
        decision = notify(person, kind="membership_approved", title="Заявка одобрена")
    assert reply.delivery == Delivery.DIGEST
    assert decision.delivery == Delivery.IMMEDIATE
    assert [m.subject for m in mailoutbox] == ["Педсеть: Заявка одобрена"]


def test_a_preference_saved_under_the_kind_covers_its_old_codes(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    choose(person, "membership", Delivery.SITE)
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="membership_rejected", title="Заявка отклонена")
    assert note.kind == "membership_rejected"  # stored as the caller named it
    assert note.delivery == Delivery.SITE and not mailoutbox


def test_a_mandatory_kind_is_never_off_even_if_a_row_says_so(person):
    NotificationPreference.objects.create(user=person, kind="moderation", delivery=Delivery.OFF)
    note = notify(
        person, kind="moderation", title="Ваше сообщение скрыто", body="Причина: оскорбление"
    )
    assert note.read_at is None
    assert note.delivery == Delivery.IMMEDIATE


def test_email_false_keeps_the_event_in_the_site(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="join_request", title="Новая заявка", email=False)
    assert note.delivery == Delivery.SITE and not mailoutbox


def test_a_closed_account_gets_no_letter(mailoutbox, django_capture_on_commit_callbacks):
    former = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(former, kind="announcement", title="Объявление")
    assert note.delivery == Delivery.SITE and not mailoutbox


def test_no_letter_before_the_transaction_commits(person, mailoutbox):
    # an ordinary db test never commits: the e-mail must not have left
    notify(person, kind="announcement", title="Объявление")
    assert mailoutbox == []


def test_the_letter_carries_the_link_and_a_one_click_unsubscribe(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            person,
            kind="announcement",
            title="Семинар в пятницу",
            body="Приходите в 15:00.",
            url="/announcements/x/1/",
        )
    mail = mailoutbox[0]
    assert mail.to == [person.email]
    assert mail.subject == "Педсеть: Семинар в пятницу"
    assert "Приходите в 15:00." in mail.body
    assert "/announcements/x/1/" in mail.body
    assert "«Объявления»" in mail.body  # the kind, in Russian
    unsubscribe = mail.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.endswith(">")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    wanted = read_unsubscribe_token(token)
    assert wanted.user_id == person.pk and wanted.kinds == ("announcement",)
    assert unsubscribe.strip("<>") in mail.body
    assert reverse("notifications:preferences") in mail.body


def test_the_letter_is_written_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    reader = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(reader, kind="announcement", title="Seminar")
    assert "Stop e-mails of this kind" in mailoutbox[0].body


def test_a_failed_send_leaves_the_notification_to_be_sent_again(
    person, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, messages):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="announcement", title="Объявление")
    note.refresh_from_db()
    assert note.emailed_at is None  # released: a retry of the task sends it


def test_a_notification_is_e_mailed_once_even_if_the_task_runs_twice(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="announcement", title="Объявление")
    assert services.send_immediate_emails([note.pk]) == 0
    assert len(mailoutbox) == 1


def test_an_overlong_title_is_cut_not_refused(person):
    note = notify(person, kind="announcement", title="Я" * 400)
    assert len(note.title) == 300


# --- notify_many() --------------------------------------------------------------------------


def make_people(count, **fields):
    return UserFactory.create_batch(count, **fields)


def test_notify_many_creates_one_notification_per_active_person(
    mailoutbox, django_capture_on_commit_callbacks
):
    people = make_people(3)
    former = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(
            [p.pk for p in people] + [former.pk, people[0].pk],
            kind="announcement",
            title="Объявление",
            body="Текст",
            url="/a/",
        )
    assert created == 3
    assert Notification.objects.filter(kind="announcement").count() == 3
    assert not Notification.objects.filter(recipient=former).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_notify_many_takes_a_queryset_of_people_or_of_ids(django_capture_on_commit_callbacks):
    from pedset.accounts.models import User

    people = make_people(2)
    ids = User.objects.filter(pk__in=[p.pk for p in people])
    assert notify_many(ids, kind="announcement", title="А") == 2
    assert notify_many(ids.values_list("pk", flat=True), kind="announcement", title="Б") == 2
    assert notify_many([], kind="announcement", title="В") == 0


def test_notify_many_honours_each_persons_preference(
    mailoutbox, django_capture_on_commit_callbacks
):
    at_once, digest, site, off = make_people(4)
    choose(digest, "announcement", Delivery.DIGEST)
    choose(site, "announcement", Delivery.SITE)
    choose(off, "announcement", Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        notify_many([at_once, digest, site, off], kind="announcement", title="Объявление")
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert rows[at_once.pk].delivery == Delivery.IMMEDIATE
    assert rows[digest.pk].delivery == Delivery.DIGEST
    assert rows[site.pk].delivery == Delivery.SITE
    assert rows[off.pk].read_at is not None
    assert [m.to for m in mailoutbox] == [[at_once.email]]


def test_notify_many_sends_in_chunks_of_50_after_commit(
    mailoutbox, django_capture_on_commit_callbacks, enqueued
):
    people = make_people(150)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_many(people, kind="announcement", title="Объявление")
    # nothing is sent inside the transaction
    assert mailoutbox == [] and enqueued == []
    for callback in callbacks:
        callback()
    chunks = [kwargs["notification_ids"] for name, kwargs in enqueued]
    assert [len(chunk) for chunk in chunks] == [50, 50, 50]
    assert len(mailoutbox) == 150
    assert not Notification.objects.filter(delivery="email", emailed_at__isnull=True).exists()


def test_the_chunk_size_is_a_setting(settings, django_capture_on_commit_callbacks, enqueued):
    settings.NOTIFICATION_EMAIL_CHUNK = 7
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(make_people(15), kind="announcement", title="Объявление")
    assert [len(k["notification_ids"]) for _name, k in enqueued] == [7, 7, 1]


@pytest.mark.parametrize("count", [15, 150])
def test_notify_many_costs_the_same_queries_for_15_and_150_people(
    count, django_assert_max_num_queries
):
    people = make_people(count)
    for person in people[::3]:
        choose(person, "announcement", Delivery.DIGEST)
    ids = [p.pk for p in people]
    # one read of people with their preference, one insert (the e-mails wait for commit)
    with django_assert_max_num_queries(2):
        assert notify_many(ids, kind="announcement", title="Объявление") == count


@pytest.mark.parametrize("count", [15, 150])
def test_sending_a_chunk_costs_a_fixed_number_of_queries(
    count, django_assert_max_num_queries, mailoutbox
):
    people = make_people(count)
    notify_many(people, kind="announcement", title="Объявление")
    ids = list(Notification.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(4):  # savepoint, claim, mark, release
        services.send_immediate_emails(ids)
    assert len(mailoutbox) == count


def test_notify_many_marks_the_time_of_creation_once(django_capture_on_commit_callbacks):
    before = timezone.now()
    notify_many(make_people(2), kind="announcement", title="Объявление")
    assert all(n.created_at >= before for n in Notification.objects.all())
