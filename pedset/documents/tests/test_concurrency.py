"""Numbers under parallel issuing, on a real PostgreSQL (the row lock is what we test).

Run with DATABASE_URL=postgres://... ; on SQLite these tests are skipped (IMMEDIATE transactions
serialise every writer there, so there is nothing to race)."""

import threading
from unittest import mock

import pytest
from django.db import close_old_connections, connection

from pedset.communities.tests.factories import CommunityFactory
from pedset.documents import services
from pedset.documents.models import Document, DocumentKind, NumberSequence
from pedset.documents.tests.factories import order_content
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 10


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture(autouse=True)
def _cheap_rendering():
    # The race is about numbers: rendering real files in ten threads only slows the test.
    with mock.patch.object(services, "render_pdf", return_value=b"%PDF-1.7 test"):
        yield


def issue_in_parallel(community, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes, lock = [], threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            document = services.document_issue(
                actor=None,
                community=community,
                kind=DocumentKind.ORDER,
                title="Приказ",
                content=order_content(),
                with_docx=False,
            )
            outcome = document.sequence
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_first_issues_of_a_year_in_parallel_get_distinct_numbers():
    # given a community that has issued nothing this year (no sequence row yet)
    community = CommunityFactory()
    # when ten orders are issued at the same moment
    outcomes = issue_in_parallel(community)
    # then each got its own number, 1 … 10, with no gap and no error
    assert sorted(outcomes) == list(range(1, THREADS + 1)), outcomes
    assert NumberSequence.objects.get(community=community).last_number == THREADS
    assert Document.objects.filter(community=community).count() == THREADS


def test_platform_documents_in_parallel_get_distinct_numbers():
    # given the platform operator and no platform sequence yet (community is NULL)
    OrganisationFactory(operates_platform=True)
    outcomes = issue_in_parallel(None)
    assert sorted(outcomes) == list(range(1, THREADS + 1)), outcomes
    assert NumberSequence.objects.filter(community=None).count() == 1
