"""python manage.py send_digests: one letter a person, in their language and zone, idempotent."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import Notification
from pedset.core.notify import notify
from pedset.notifications.kinds import Delivery
from pedset.notifications.models import NotificationPreference
from pedset.notifications.tokens import read_unsubscribe_token

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def digest_reader(**fields):
    person = UserFactory(**fields)
    NotificationPreference.objects.create(
        user=person, kind="announcement", delivery=Delivery.DIGEST
    )
    return person


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_one_letter_per_person_with_every_waiting_notification(mailoutbox):
    anna = digest_reader(first_name="Анна", time_zone="Asia/Yakutsk")
    boris = digest_reader(first_name="Борис")
    with time_machine.travel(datetime.datetime(2026, 11, 20, 3, 0, tzinfo=UTC), tick=False):
        notify(anna, kind="announcement", title="Семинар в пятницу", url="/a/1/")
        notify(anna, kind="forum_reply", title="Новый ответ в теме «ФГОС»", body="Согласен")
        notify(boris, kind="announcement", title="Семинар в пятницу")
    with time_machine.travel(datetime.datetime(2026, 11, 21, 5, 0, tzinfo=UTC), tick=False):
        output = run()

    assert "2 people, 3 notifications" in output
    letters = {m.to[0]: m for m in mailoutbox}
    assert set(letters) == {anna.email, boris.email}
    letter = letters[anna.email]
    assert letter.subject == "Педсеть: сводка уведомлений: 2 новых"
    assert "Здравствуйте, Анна!" in letter.body
    assert "Семинар в пятницу" in letter.body and "Новый ответ в теме «ФГОС»" in letter.body
    # times in the reader's zone: 03:00 UTC is 12:00 in Yakutsk
    assert "20 ноября, 12:00" in letter.body
    assert "== Объявления ==" in letter.body and "== Ответы в отслеживаемых темах ==" in letter.body
    assert letter.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = letter.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token).kinds == ("announcement", "forum_reply")
    assert not Notification.objects.filter(delivery="digest", emailed_at__isnull=True).exists()


def test_running_twice_sends_nothing_new(mailoutbox):
    anna = digest_reader()
    notify(anna, kind="announcement", title="Первое")
    run()
    assert len(mailoutbox) == 1
    assert "0 people" in run()
    assert len(mailoutbox) == 1
    # the next day's digest has only what came since the last one
    notify(anna, kind="announcement", title="Второе")
    run()
    assert len(mailoutbox) == 2
    assert "Второе" in mailoutbox[1].body and "Первое" not in mailoutbox[1].body


def test_the_digest_is_in_the_persons_language(mailoutbox):
    reader = digest_reader(first_name="Anna", language="en")
    notify(reader, kind="announcement", title="Seminar")
    run()
    assert mailoutbox[0].subject == "Педсеть: digest of notifications: 1 new"
    assert "Hello, Anna!" in mailoutbox[0].body


def test_notifications_read_in_the_site_are_not_mailed(mailoutbox):
    reader = digest_reader()
    seen = notify(reader, kind="announcement", title="Уже прочитано")
    notify(reader, kind="announcement", title="Ещё не прочитано")
    Notification.objects.filter(pk=seen.pk).update(read_at=datetime.datetime.now(UTC))
    run()
    assert "Ещё не прочитано" in mailoutbox[0].body
    assert "Уже прочитано" not in mailoutbox[0].body
    seen.refresh_from_db()
    assert seen.delivery == Delivery.SITE  # settled: it will not wait for a digest
    assert "0 people" in run()


def test_at_once_and_site_only_notifications_are_not_in_the_digest(mailoutbox):
    reader = UserFactory()
    notify(reader, kind="announcement", title="Сразу")  # default: at once
    NotificationPreference.objects.create(user=reader, kind="flag", delivery=Delivery.SITE)
    notify(reader, kind="flag", title="Жалоба")
    mailoutbox.clear()
    assert "0 people" in run()


def test_a_closed_account_gets_no_digest(mailoutbox):
    reader = digest_reader()
    notify(reader, kind="announcement", title="Объявление")
    reader.is_active = False
    reader.save()
    run()
    assert mailoutbox == []
    assert not Notification.objects.filter(delivery="digest").exists()


def test_many_people_are_sent_in_chunks(mailoutbox, django_assert_max_num_queries):
    readers = [digest_reader() for _ in range(7)]
    for reader in readers:
        notify(reader, kind="announcement", title="Объявление")
    output = run("--chunk", "3")
    assert "7 people" in output
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)


@pytest.mark.parametrize("people", [3, 30])
def test_the_digest_costs_a_fixed_number_of_queries_per_chunk(
    people, django_assert_max_num_queries, mailoutbox
):
    for _ in range(people):
        reader = digest_reader()
        notify(reader, kind="announcement", title="Объявление")
        notify(reader, kind="forum_reply", title="Ответ")
    # list of people, then per chunk of 50: settle read, savepoint + claim + mark, release none
    with django_assert_max_num_queries(8):
        run()
    assert len(mailoutbox) == people


def test_local_hour_sends_only_to_people_whose_morning_it_is(mailoutbox):
    yakutsk = digest_reader(time_zone="Asia/Yakutsk")  # UTC+9
    moscow = digest_reader(time_zone="Europe/Moscow")  # UTC+3
    notify(yakutsk, kind="announcement", title="Объявление")
    notify(moscow, kind="announcement", title="Объявление")
    # 23:00 UTC: 08:00 in Yakutsk, 02:00 in Moscow
    with time_machine.travel(datetime.datetime(2026, 11, 20, 23, 0, tzinfo=UTC), tick=False):
        run("--local-hour", "8")
    assert [m.to[0] for m in mailoutbox] == [yakutsk.email]
    with time_machine.travel(datetime.datetime(2026, 11, 21, 5, 30, tzinfo=UTC), tick=False):
        run("--local-hour", "8")
    assert [m.to[0] for m in mailoutbox] == [yakutsk.email, moscow.email]


def test_a_failed_letter_waits_for_the_next_run(monkeypatch, mailoutbox):
    reader = digest_reader()
    notify(reader, kind="announcement", title="Объявление")

    def broken(self, messages):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
        assert "failed: 1" in run()
    assert Notification.objects.filter(delivery="digest", emailed_at__isnull=True).count() == 1
    run()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("args", [["--local-hour", "24"], ["--local-hour", "-1"], ["--chunk", "0"]])
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
