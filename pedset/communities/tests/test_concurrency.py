"""The member cap under concurrent writes, on a real PostgreSQL (row locks are what we test).

Run with DATABASE_URL=postgres://... ; on SQLite these tests are skipped (IMMEDIATE transactions
serialise every writer there, so there is nothing to race)."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from pedset.accounts.models import PlatformRole, User
from pedset.accounts.tests.factories import UserFactory
from pedset.communities import services
from pedset.communities.models import Community, Membership, MembershipStatus
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CAP = 5
THREADS = 12
CAP_MESSAGE = f"Достигнута предельная численность сообщества ({CAP})."


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
        except ActionRefused as refusal:
            outcome = refusal.message
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


def test_parallel_approvals_never_exceed_the_cap():
    # given a community with a cap of 5, 12 pending requests and a platform administrator
    community = CommunityFactory(member_cap=CAP)
    requests = [
        MembershipFactory(community=community, status=MembershipStatus.PENDING)
        for _ in range(THREADS)
    ]
    admin = UserFactory()
    PlatformRole.objects.create(user=admin, role=PlatformRole.Role.ADMINISTRATOR)

    # when 12 threads approve 12 different requests at the same moment
    def approve(membership_id):
        actor = User.objects.get(pk=admin.pk)
        membership = Membership.objects.select_related("community").get(pk=membership_id)
        return lambda: (
            services.membership_approve(actor=actor, membership=membership) and "approved"
        )

    outcomes = run_in_parallel(approve, [r.pk for r in requests])

    # then exactly 5 are members, the other 7 were told the cap is reached and stay pending
    assert sorted(outcomes) == sorted(["approved"] * CAP + [CAP_MESSAGE] * (THREADS - CAP))
    active = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
    assert active.count() == CAP
    pending = Membership.objects.filter(community=community, status=MembershipStatus.PENDING)
    assert pending.count() == THREADS - CAP


def test_parallel_joins_without_approval_never_exceed_the_cap():
    # given an open-door community with a cap of 5 and 12 people ready to join
    text = ConsentTextFactory()
    community = CommunityFactory(
        member_cap=CAP, join_requires_approval=False, operator=text.operator
    )
    people = [UserFactory() for _ in range(THREADS)]

    # when all of them join at the same moment
    def join(user_id):
        actor = User.objects.get(pk=user_id)
        target = Community.objects.select_related("operator").get(pk=community.pk)
        return lambda: (
            services.membership_request(
                actor=actor,
                community=target,
                rules_accepted_at=timezone.now(),
                consent_given=True,
            )
            and "joined"
        )

    outcomes = run_in_parallel(join, [p.pk for p in people])

    # then exactly 5 joined, and nobody who was refused has a membership or a consent
    assert sorted(outcomes) == sorted(["joined"] * CAP + [CAP_MESSAGE] * (THREADS - CAP))
    assert (
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).count()
        == CAP
    )
    assert Membership.objects.filter(community=community).count() == CAP
    from pedset.privacy.models import Consent

    assert Consent.objects.filter(operator=text.operator).count() == CAP


def test_the_same_request_approved_twice_at_once_is_approved_once():
    community = CommunityFactory(member_cap=CAP)
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    admin = UserFactory()
    PlatformRole.objects.create(user=admin, role=PlatformRole.Role.ADMINISTRATOR)

    def approve(_):
        actor = User.objects.get(pk=admin.pk)
        membership = Membership.objects.select_related("community").get(pk=request.pk)
        return lambda: (
            services.membership_approve(actor=actor, membership=membership) and "approved"
        )

    outcomes = run_in_parallel(approve, list(range(4)))

    assert outcomes.count("approved") == 1
    assert outcomes.count("По этой заявке уже принято решение.") == 3
    from pedset.core.models import AuditEvent

    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_APPROVED).count() == 1
