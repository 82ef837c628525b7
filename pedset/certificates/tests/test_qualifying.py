"""Who qualifies for which document of an event (selectors.qualifying)."""

import pytest
from django.utils import timezone

from pedset.certificates.models import AwardGround
from pedset.certificates.selectors import qualifying
from pedset.certificates.tests.factories import contest, entry, juror, member
from pedset.contests.models import EntryStatus, Placing
from pedset.events.models import EventRole, RegistrationStatus
from pedset.events.tests.factories import event_person, past_event, registered

pytestmark = pytest.mark.django_db


def grounds(event) -> dict:
    return {(user.pk, str(ground)) for user, ground, _entry in qualifying(event)}


def test_only_registered_people_who_were_present_are_participants(community):
    # given a webinar that ended, with people present, absent, waitlisted and cancelled
    event = past_event(community=community)
    present = registered(event, attended=True).user
    absent = registered(event).user
    waitlisted = registered(event, status=RegistrationStatus.WAITLISTED).user
    cancelled = registered(event, status=RegistrationStatus.CANCELLED, attended=True).user
    # when the qualifying people are listed
    result = grounds(event)
    # then only the one present is a participant
    assert result == {(present.pk, "participant")}
    assert not {absent.pk, waitlisted.pk, cancelled.pk} & {pk for pk, _g in result}


def test_closed_and_destroyed_accounts_do_not_qualify(community):
    event = past_event(community=community)
    closed = registered(event, attended=True).user
    closed.is_active = False
    closed.save()
    former = registered(event, attended=True).user
    former.anonymised_at = timezone.now()
    former.save()
    speaker = event_person(event, EventRole.SPEAKER).user
    speaker.is_active = False
    speaker.save()
    assert grounds(event) == set()


def test_speakers_and_organisers_qualify_and_replace_a_participant_certificate(community):
    # given a speaker who also registered and was present, an organiser, a plain participant
    event = past_event(community=community)
    speaker = event_person(event, EventRole.SPEAKER, topic="Смысловое чтение").user
    registered(event, speaker, attended=True)
    organiser = event_person(event, EventRole.ORGANISER).user
    participant = registered(event, attended=True).user
    # then the speaker gets a speaker's certificate only, the organiser an organiser's
    assert grounds(event) == {
        (speaker.pk, "speaker"),
        (organiser.pk, "organiser"),
        (participant.pk, "participant"),
    }


def test_a_person_both_organiser_and_speaker_gets_both(community):
    event = past_event(community=community)
    person = member(community)
    event_person(event, EventRole.SPEAKER, user=person)
    event_person(event, EventRole.ORGANISER, user=person)
    assert grounds(event) == {(person.pk, "speaker"), (person.pk, "organiser")}


def test_contest_results_decide_diplomas_and_entrants_are_participants(community):
    # given a contest with published results: a winner (two co-authors), a prize-winner, an
    # ordinary entrant (not present anywhere), a withdrawn entry, a jury member who scored and
    # one who did not
    event = contest(community)
    first, second = member(community), member(community)
    entry(event, first, second, placing=Placing.WINNER, rank=1, degree=1)
    prize = member(community)
    entry(event, prize, placing=Placing.PRIZE_WINNER, rank=2, degree=2)
    entrant = member(community)
    entry(event, entrant, placing=Placing.PARTICIPANT, rank=3)
    withdrawn = member(community)
    gone = entry(event, withdrawn, placing=Placing.PARTICIPANT)
    gone.status = EntryStatus.WITHDRAWN
    gone.save()
    judge = juror(event).user
    idle = juror(event, scored=False).user
    # when the qualifying people are listed
    result = qualifying(event)
    # then
    assert {(u.pk, str(g)) for u, g, _e in result} == {
        (first.pk, "winner"),
        (second.pk, "winner"),
        (prize.pk, "prize_winner"),
        (entrant.pk, "participant"),
        (judge.pk, "jury"),
    }
    assert idle.pk not in {u.pk for u, _g, _e in result}
    # winners come first and diplomas carry their entry
    assert result[0][1] == AwardGround.WINNER and result[0][2] is not None


def test_nothing_from_contest_results_before_they_are_published(community):
    event = contest(community, published=False)
    entry(event, placing=Placing.WINNER, rank=1)
    assert grounds(event) == set()


def test_the_best_placing_gives_the_one_diploma(community):
    # given a person who won with one entry and was a prize-winner with another
    event = contest(community)
    person = member(community)
    entry(event, person, placing=Placing.PRIZE_WINNER, rank=3, degree=3)
    best = entry(event, person, placing=Placing.WINNER, rank=1, degree=1)
    entry(event, person, placing=Placing.PARTICIPANT, rank=9)
    # then one winner's diploma for the winning entry, nothing else
    result = qualifying(event)
    assert [(u.pk, str(g), e.pk) for u, g, e in result] == [(person.pk, "winner", best.pk)]


def test_experts_who_answered_on_a_consultation_line_get_a_letter(community):
    # given a consultation line that ended: an expert who answered, one whose answer was on a
    # question hidden later, a speaker who answered, a speaker who did not
    from pedset.consultations.tests.factories import QuestionFactory, answered, hidden

    line = past_event(community=community, form="consultation_line", registration_required=False)
    expert = member(community)
    answered(QuestionFactory(event=line), by=expert)
    answered(QuestionFactory(event=line), by=expert)
    hidden_one = member(community)
    hidden(answered(QuestionFactory(event=line), by=hidden_one))
    speaking = event_person(line, EventRole.SPEAKER).user
    answered(QuestionFactory(event=line), by=speaking)
    silent = event_person(line, EventRole.SPEAKER).user
    # when the qualifying people are listed
    result = grounds(line)
    # then those who answered get the expert's letter (the speaker instead of a certificate)
    assert result == {
        (expert.pk, "consultant"),
        (speaking.pk, "consultant"),
        (silent.pk, "speaker"),
    }


def test_answers_elsewhere_give_no_letter(community):
    from pedset.consultations.tests.factories import QuestionFactory, answered

    webinar = past_event(community=community)
    line = past_event(community=community, form="consultation_line", registration_required=False)
    answered(QuestionFactory(event=line))
    assert all(g != "consultant" for _pk, g in grounds(webinar))
