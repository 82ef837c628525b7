"""Events in the site search: announced events found by Russian word forms, by those who may
see them; drafts and cancelled events are not found."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pedset.events import services
from pedset.events.models import EventForm, EventStatus
from pedset.events.tests.factories import EventFactory
from pedset.search.tests.factories import found_ids, reindex

pytestmark = pytest.mark.django_db


def test_an_announced_event_is_found_by_another_word_form():
    # given an announced seminar about «формирующее оценивание»
    event = EventFactory(
        form=EventForm.SEMINAR,
        title="Семинар «Формирующее оценивание на уроках математики»",
        description="Разберём критерии и листы самооценки учащихся.",
    )
    reindex()
    # when anybody searches with other forms of its words, then it is found
    assert found_ids(AnonymousUser(), "оцениванию математика", "event") == [event.pk]
    assert found_ids(AnonymousUser(), "самооценка учащимися", "event") == [event.pk]
    # and by the name of its form
    assert found_ids(AnonymousUser(), "семинары", "event") == [event.pk]


def test_drafts_and_cancelled_events_are_not_found(django_capture_on_commit_callbacks):
    draft = EventFactory(title="Мастерская наставничества", status=EventStatus.DRAFT)
    announced = EventFactory(title="Мастерская наставничества: второй поток")
    reindex()
    coordinator = draft.created_by
    assert found_ids(coordinator, "наставничество", "event") == [announced.pk]
    # when the announced one is cancelled, then it leaves the index after commit
    organiser = announced.created_by
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=organiser, event=announced, reason="Перенос на осень")
    assert found_ids(AnonymousUser(), "наставничество", "event") == []
