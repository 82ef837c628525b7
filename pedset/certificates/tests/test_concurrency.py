"""Two runs for one event at the same moment (the coordinator's button and the periodic
command), on a real PostgreSQL: every person gets one document, numbers have no gap.

Run with DATABASE_URL=postgres://... ; on SQLite this is skipped (IMMEDIATE transactions
serialise every writer there, so there is nothing to race)."""

import threading

import pytest
from django.db import close_old_connections, connection

from pedset.certificates.models import EventAward
from pedset.certificates.services import certificates_issue_for_event
from pedset.communities.tests.factories import CommunityFactory
from pedset.documents.models import Document
from pedset.events.tests.factories import past_event, registered

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fast_pdf"),
]

RUNS = 3
PEOPLE = 12


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


def test_parallel_runs_issue_each_document_once():
    # given an ended webinar with twelve people present
    event = past_event(community=CommunityFactory())
    for _ in range(PEOPLE):
        registered(event, attended=True)
    barrier = threading.Barrier(RUNS)
    outcomes, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait(timeout=30)
            result = certificates_issue_for_event(actor=None, event=event)
            outcome = (len(result.issued), result.skipped)
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(outcome)

    # when three runs start at the same moment
    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then together they issued twelve documents, each person one, numbered 1…12
    assert all(isinstance(o, tuple) for o in outcomes), outcomes
    assert sum(issued for issued, _skipped in outcomes) == PEOPLE, outcomes
    assert all(issued + skipped == PEOPLE for issued, skipped in outcomes), outcomes
    assert EventAward.objects.filter(event=event).count() == PEOPLE
    sequences = sorted(
        Document.objects.filter(community=event.community).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, PEOPLE + 1))
