import pytest
from django.tasks.signals import task_enqueued


@pytest.fixture
def enqueued():
    """The tasks enqueued during the test, as (task name, kwargs)."""
    seen = []

    def _record(sender, task_result, **kwargs):
        seen.append((task_result.task.name, dict(task_result.kwargs)))

    task_enqueued.connect(_record)
    yield seen
    task_enqueued.disconnect(_record)


@pytest.fixture
def person(db):
    from pedset.accounts.tests.factories import UserFactory

    return UserFactory(first_name="Анна")
