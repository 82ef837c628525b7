"""Two senders at once never mail the same notification twice, on a real PostgreSQL (row locks
with SKIP LOCKED are what we test). Skipped on SQLite, where writers are serialised anyway."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import Notification
from pedset.notifications import services
from pedset.notifications.kinds import Delivery
from pedset.notifications.models import NotificationPreference

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


def in_threads(work, count):
    barrier = threading.Barrier(count)
    results, lock = [], threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            outcome = work()
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_senders_of_the_same_chunk_mail_each_notification_once(mailoutbox):
    people = UserFactory.create_batch(20)
    rows = Notification.objects.bulk_create(
        Notification(recipient=p, kind="announcement", title="Объявление", delivery="email")
        for p in people
    )
    ids = [row.pk for row in rows]
    sent = in_threads(lambda: services.send_immediate_emails(ids), 4)
    assert sum(sent) == 20, sent
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_parallel_digest_runs_send_one_letter_per_person(mailoutbox):
    people = UserFactory.create_batch(12)
    for person in people:
        NotificationPreference.objects.create(
            user=person, kind="announcement", delivery=Delivery.DIGEST
        )
    Notification.objects.bulk_create(
        Notification(recipient=p, kind="announcement", title=f"Объявление {i}", delivery="digest")
        for p in people
        for i in range(3)
    )
    runs = in_threads(lambda: services.digests_send(chunk=5), 3)
    assert sum(run.people for run in runs) == 12, runs
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert all(n.emailed_at <= timezone.now() for n in Notification.objects.all())


@pytest.mark.parametrize("attempt", range(3))
def test_parallel_digest_runs_never_split_one_persons_notifications(mailoutbox, attempt):
    """Given many people with many digest notifications each, when four workers run the digest
    at once with small chunks, then every person gets exactly one letter carrying all of their
    notifications (a lock per notification once let two workers share one person's rows)."""
    people = UserFactory.create_batch(30)
    for person in people:
        NotificationPreference.objects.create(
            user=person, kind="announcement", delivery=Delivery.DIGEST
        )
    Notification.objects.bulk_create(
        Notification(recipient=p, kind="announcement", title=f"Объявление {i}", delivery="digest")
        for p in people
        for i in range(10)
    )
    runs = in_threads(lambda: services.digests_send(chunk=7), 4)
    assert sum(run.people for run in runs) == 30, runs
    assert sum(run.notifications for run in runs) == 300, runs
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
