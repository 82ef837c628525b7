"""Capacity and the waiting list under concurrent registrations, on a real PostgreSQL (the
event's row lock is what we test).

Run with DATABASE_URL=postgres://... ; on SQLite these tests are skipped (IMMEDIATE
transactions serialise every writer there, so there is nothing to race)."""

import threading
import time

import pytest
from django.db import close_old_connections, connection

from pedset.accounts.models import User
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events import services
from pedset.events.models import Event, Registration, RegistrationStatus
from pedset.events.tests.factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PLACES = 5
THREADS = 20


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


def run_in_parallel(work, arguments):
    """Run work(arg) in one thread per argument, all released at once; collect outcomes."""
    barrier = threading.Barrier(len(arguments))
    outcomes, lock = [], threading.Lock()

    def worker(argument):
        try:
            prepared = work(argument)  # per-thread reads happen before the barrier
            barrier.wait(timeout=30)
            outcome = prepared()
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_twenty_people_register_for_five_places_at_once():
    # given an event with 5 places and 20 members
    community = CommunityFactory()
    event = EventFactory(community=community, capacity=PLACES)
    people = [MembershipFactory(community=community).user for _ in range(THREADS)]

    # when 20 threads register 20 people at the same moment
    def register(user_id):
        actor = User.objects.get(pk=user_id)
        fresh = Event.objects.select_related("community").get(pk=event.pk)
        return lambda: services.registration_register(event=fresh, actor=actor).status

    outcomes = run_in_parallel(register, [p.pk for p in people])

    # then exactly 5 are registered and 15 wait, nobody got an error
    assert sorted(outcomes) == sorted(
        [RegistrationStatus.REGISTERED] * PLACES
        + [RegistrationStatus.WAITLISTED] * (THREADS - PLACES)
    )
    rows = Registration.objects.filter(event=event)
    registered_rows = rows.filter(status=RegistrationStatus.REGISTERED)
    waiting_rows = rows.filter(status=RegistrationStatus.WAITLISTED).order_by("registered_at", "id")
    # and the counters equal the rows
    event.refresh_from_db()
    assert (event.registered_count, event.waitlist_count) == (PLACES, THREADS - PLACES)
    assert (registered_rows.count(), waiting_rows.count()) == (PLACES, THREADS - PLACES)
    # and everyone registered came before everyone waiting (the lock serialised them)
    last_registered = max(r.registered_at for r in registered_rows)
    assert all(w.registered_at >= last_registered for w in waiting_rows)


def test_parallel_cancellations_promote_the_waiting_list_in_order():
    # given 5 places taken and 10 people waiting in a known order
    community = CommunityFactory()
    event = EventFactory(community=community, capacity=PLACES)
    people = [MembershipFactory(community=community).user for _ in range(PLACES + 10)]
    for person in people:
        services.registration_register(event=event, actor=person)
        time.sleep(0.002)  # distinct registration moments
    waiting_order = [p.pk for p in people[PLACES:]]

    # when all 5 registered people cancel at the same moment
    def cancel(user_id):
        actor = User.objects.get(pk=user_id)
        fresh = Event.objects.select_related("community").get(pk=event.pk)
        return lambda: services.registration_cancel(event=fresh, actor=actor).status

    outcomes = run_in_parallel(cancel, [p.pk for p in people[:PLACES]])

    # then the first 5 waiting moved up, the other 5 still wait, counters equal the rows
    assert outcomes == [RegistrationStatus.CANCELLED] * PLACES
    now_registered = set(
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).values_list(
            "user_id", flat=True
        )
    )
    assert now_registered == set(waiting_order[:PLACES])
    event.refresh_from_db()
    assert (event.registered_count, event.waitlist_count) == (PLACES, 5)
