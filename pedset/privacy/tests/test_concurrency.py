"""Act numbering and withdrawal under concurrent requests (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.privacy import services
from pedset.privacy.models import DestructionAct

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (DATABASE_URL)")


def run_in_threads(target, args_list):
    """Start every call at once (a barrier), each thread with its own connection."""
    from django.db import connections

    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def work(*args):
        try:
            barrier.wait()
            results.append(target(*args))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_act_numbers_stay_sequential_under_concurrency():
    def create(i):
        return services.destruction_act_create(
            subject_user_id=i, operator=None, reason="тест", destroyed=[], audit_extract=[]
        ).number

    numbers, errors = run_in_threads(create, [(i,) for i in range(10)])

    assert errors == []
    year = timezone.localdate(timezone.now(), timezone.get_default_timezone()).year
    assert sorted(numbers) == [f"АУ-{year}-{n:04d}" for n in range(1, 11)]


def test_concurrent_withdrawals_get_distinct_acts(platform_org, give):
    people = [UserFactory() for _ in range(6)]
    for person in people:
        give(person, platform_org)

    acts, errors = run_in_threads(
        lambda person: services.consent_revoke_all(user=person), [(p,) for p in people]
    )

    assert errors == []
    assert len({act.number for act in acts}) == 6
    assert DestructionAct.objects.count() == 6
    assert {a.subject_user_id for a in DestructionAct.objects.all()} == {p.pk for p in people}


def test_a_double_submitted_withdrawal_destroys_once(person):
    results, errors = run_in_threads(
        lambda p: services.consent_revoke_all(user=p), [(person,), (person,)]
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], services.AlreadyWithdrawn)
    assert DestructionAct.objects.filter(subject_user_id=person.pk).count() == 1
