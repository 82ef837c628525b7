"""Issuing and revoking the documents of an event (services)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from pedset.certificates.models import AwardGround, EventAward
from pedset.certificates.services import certificate_revoke, certificates_issue_for_event
from pedset.certificates.tests.factories import contest, entry, juror, member
from pedset.communities.models import Role
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests.models import Placing
from pedset.core.models import AuditEvent, Notification
from pedset.documents.models import Document, DocumentKind
from pedset.events.models import EventForm, EventRole, EventStatus
from pedset.events.tests.factories import EventFactory, event_person, past_event, registered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


def person(community, last, first, patronymic="", gender=""):
    return member(community, last_name=last, first_name=first, patronymic=patronymic, gender=gender)


def test_participants_get_a_certificate_that_agrees_with_them(community):
    # given a webinar on 5 March 2026 with a woman, a man and a person of unknown gender present
    start = datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        community=community,
        title="Функциональная грамотность на уроках",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90),
    )
    she = person(community, "Иванова", "Мария", "Петровна")
    he = person(community, "Кузнецов", "Илья", "Сергеевич")
    unknown = person(community, "Шевченко", "Саша")
    for user in (she, he, unknown):
        registered(event, user, attended=True)
    lead = coordinator(community)
    # when the coordinator issues the certificates after the event
    with time_machine.travel(start + datetime.timedelta(days=1)):
        result = certificates_issue_for_event(actor=lead, event=event)
    # then each got a certificate saying what they did, in the right gender
    assert len(result.issued) == 3 and result.skipped == 0
    documents = {award.user_id: award.document for award in result.issued}
    texts = {pk: " / ".join(doc.content["paragraphs"]) for pk, doc in documents.items()}
    assert texts[she.pk].endswith("5 марта 2026 г. приняла участие в вебинаре")
    assert texts[he.pk].endswith("5 марта 2026 г. принял участие в вебинаре")
    assert texts[unknown.pk].endswith("5 марта 2026 г. принял(а) участие в вебинаре")
    doc = documents[she.pk]
    assert doc.kind == DocumentKind.CERTIFICATE
    assert doc.content["heading"] == "СЕРТИФИКАТ"
    assert doc.content["title"] == "Функциональная грамотность на уроках"
    assert doc.recipient_name == "Иванова Мария Петровна"
    assert doc.title == "Сертификат участника вебинара «Функциональная грамотность на уроках»"
    assert doc.number.startswith("СТ-2026/")
    assert doc.recipient == she and doc.source_id == str(event.pk)
    assert doc.issued_by == lead
    assert doc.content["signature"]["position"].startswith("Координатор сетевого сообщества")
    assert not doc.docx  # PDF only
    # and the event records when
    event.refresh_from_db()
    assert event.certificates_issued_at is not None


def test_the_dates_are_the_communitys(community):
    # given a Yakutsk community's seminar at 23:30–01:30 Moscow time on 4–5 March: in Yakutsk
    # it runs 05:30–07:30 on 5 March, and the date printed is the community's
    yakutsk = CommunityFactory(time_zone="Asia/Yakutsk")
    start = datetime.datetime(2026, 3, 4, 20, 30, tzinfo=datetime.UTC)
    event = EventFactory(
        community=yakutsk,
        form=EventForm.SEMINAR,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    user = person(yakutsk, "Иванова", "Мария", "Петровна")
    registered(event, user, attended=True)
    with time_machine.travel(start + datetime.timedelta(days=1)):
        [award] = certificates_issue_for_event(actor=None, event=event).issued
    assert award.document.content["paragraphs"][-1] == (
        "5 марта 2026 г. приняла участие в семинаре"
    )


def test_a_several_day_event_prints_its_period(community):
    start = datetime.datetime(2026, 2, 26, 6, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        community=community,
        form=EventForm.FESTIVAL,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=5),
        results_published_at=start + datetime.timedelta(days=6),
    )
    user = person(community, "Кузнецов", "Илья", "Сергеевич")
    registered(event, user, attended=True)
    with time_machine.travel(start + datetime.timedelta(days=7)):
        [award] = certificates_issue_for_event(actor=None, event=event).issued
    assert award.document.content["paragraphs"][-1] == (
        "с 26 февраля по 3 марта 2026 г. принял участие в фестивале"
    )


def test_speakers_and_organisers_get_their_own_wording(community):
    event = past_event(community=community, form=EventForm.MASTER_CLASS)
    speaker = person(community, "Иванова", "Мария", "Петровна")
    event_person(event, EventRole.SPEAKER, user=speaker, topic="Смысловое чтение")
    organiser = person(community, "Кузнецов", "Илья", "Сергеевич")
    event_person(event, EventRole.ORGANISER, user=organiser)
    result = certificates_issue_for_event(actor=None, event=event)
    by_ground = {award.ground: award.document for award in result.issued}
    assert (
        by_ground[AwardGround.SPEAKER]
        .content["paragraphs"][-1]
        .endswith("выступила с докладом «Смысловое чтение» на мастер-классе")
    )
    assert by_ground[AwardGround.SPEAKER].title.startswith("Сертификат докладчика мастер-класса")
    assert (
        by_ground[AwardGround.ORGANISER]
        .content["paragraphs"][-1]
        .endswith("был организатором мастер-класса")
    )


def test_contest_diplomas_and_the_jurys_letters(community):
    # given a contest with published results
    event = contest(community, title="Учитель цифровой эпохи")
    winner = person(community, "Иванова", "Мария", "Петровна")
    entry(
        event,
        winner,
        placing=Placing.WINNER,
        rank=1,
        degree=1,
        nomination="Лучший урок",
        title="Урок-исследование",
    )
    prize = person(community, "Кузнецов", "Илья", "Сергеевич")
    entry(event, prize, placing=Placing.PRIZE_WINNER, rank=2, degree=2, title="Игровой урок")
    entrant = person(community, "Белая", "Ольга", "Ивановна")
    entry(event, entrant, placing=Placing.PARTICIPANT, rank=3)
    chair = person(community, "Черных", "Анна", "Олеговна")
    juror(event, chair, is_chair=True)
    judge = person(community, "Салтыков-Щедрин", "Михаил", "Евграфович")
    juror(event, judge)
    # when the documents are issued
    result = certificates_issue_for_event(actor=None, event=event)
    documents = {award.user_id: award.document for award in result.issued}
    # then the winner's diploma names the contest, the nomination and the work
    diploma = documents[winner.pk]
    assert diploma.kind == DocumentKind.DIPLOMA and diploma.number.startswith("Д-")
    assert diploma.content["heading"] == "ДИПЛОМ"
    assert diploma.content["paragraphs"][-3:] == [
        "победитель конкурса «Учитель цифровой эпохи»",
        "в номинации «Лучший урок»",
        "за работу «Урок-исследование»",
    ]
    assert diploma.title == "Диплом победителя конкурса «Учитель цифровой эпохи»"
    # the prize-winner's says the degree
    assert documents[prize.pk].content["heading"] == "ДИПЛОМ II СТЕПЕНИ"
    assert "призёр конкурса «Учитель цифровой эпохи»" in documents[prize.pk].content["paragraphs"]
    # the ordinary entrant has a participant's certificate without any attendance
    assert documents[entrant.pk].kind == DocumentKind.CERTIFICATE
    assert documents[entrant.pk].content["paragraphs"][-1].endswith("приняла участие в конкурсе")
    # the jury's letters of thanks name them in the dative
    letter = documents[judge.pk]
    assert letter.kind == DocumentKind.LETTER_OF_THANKS and letter.number.startswith("БП-")
    assert letter.content["heading"] == "БЛАГОДАРСТВЕННОЕ ПИСЬМО"
    assert letter.recipient_name == "Салтыкову-Щедрину Михаилу Евграфовичу"
    assert letter.content["paragraphs"][0].startswith("за работу ")
    assert letter.content["paragraphs"][0].endswith("в составе жюри конкурса")
    assert letter.content["title"] == "Учитель цифровой эпохи"
    assert documents[chair.pk].recipient_name == "Черных Анне Олеговне"
    assert (
        documents[chair.pk]
        .content["paragraphs"][0]
        .endswith("в качестве председателя жюри конкурса")
    )


def test_repeated_runs_issue_only_what_is_missing(community):
    # given an ended webinar with two people present, whose certificates were issued
    event = past_event(community=community)
    first = registered(event, attended=True).user
    registered(event, attended=True)
    late = registered(event).user
    issued = certificates_issue_for_event(actor=None, event=event).issued
    numbers = sorted(award.document.sequence for award in issued)
    # when the run is repeated, nothing new is issued
    again = certificates_issue_for_event(actor=None, event=event)
    assert again.issued == [] and again.skipped == 2
    # when one more attendance is marked afterwards, then only that one is issued
    registration = late.event_registrations.get(event=event)
    registration.attended_at = timezone.now()
    registration.save()
    third = certificates_issue_for_event(actor=None, event=event)
    assert [award.user_id for award in third.issued] == [late.pk] and third.skipped == 2
    # and the numbers run on without gaps
    assert numbers + [third.issued[0].document.sequence] == [1, 2, 3]
    assert EventAward.objects.filter(event=event).count() == 3
    assert Document.objects.filter(recipient=first).count() == 1


def test_each_holder_is_told_once_per_document_and_mailed(
    community, django_capture_on_commit_callbacks
):
    event = past_event(community=community)
    people = [registered(event, attended=True).user for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue_for_event(actor=None, event=event)
    for user in people:
        notices = Notification.objects.filter(recipient=user, kind="document_issued")
        assert notices.count() == 1
        assert event.title in notices.get().title
        assert notices.get().url.startswith("/verify/")
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        user.email for user in people
    )


def test_the_run_is_audited(community):
    event = past_event(community=community)
    registered(event, attended=True)
    lead = coordinator(community)
    certificates_issue_for_event(actor=lead, event=event)
    record = AuditEvent.objects.get(action="event_certificates_issued")
    assert record.actor == lead and record.community == community
    assert record.target_id == str(event.pk)
    assert record.data["issued"] == 1 and record.data["qualifying"] == 1


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("not_ended", "не закончилось"),
        ("draft", "объявленным"),
        ("cancelled", "объявленным"),
        ("closed_community", "закрыто"),
        ("contest_unpublished", "Итоги конкурса"),
    ],
)
def test_refused_states_issue_nothing(community, state, message):
    # given an event in a state where no documents may be issued
    if state == "not_ended":
        event = EventFactory(community=community)
    elif state == "contest_unpublished":
        event = contest(community, published=False)
    else:
        event = past_event(community=community)
    if state == "draft":
        event.status = EventStatus.DRAFT
    elif state == "cancelled":
        event.status = EventStatus.CANCELLED
    elif state == "closed_community":
        community.closed_at = timezone.now()
        community.save()
    event.save()
    registered(event, attended=True)
    # when the platform tries to issue them, then it is refused and nothing is written
    with translation.override("ru"), pytest.raises(ActionRefused) as refusal:
        certificates_issue_for_event(actor=None, event=event)
    assert message in str(refusal.value)
    assert not EventAward.objects.exists() and not Document.objects.exists()
    event.refresh_from_db()
    assert event.certificates_issued_at is None


def test_only_those_who_run_the_event_may_issue(community):
    event = past_event(community=community)
    registered(event, attended=True)
    ordinary = member(community)
    with pytest.raises(PermissionDenied):
        certificates_issue_for_event(actor=ordinary, event=event)
    other_coordinator = coordinator(CommunityFactory())
    with pytest.raises(PermissionDenied):
        certificates_issue_for_event(actor=other_coordinator, event=event)
    assert not EventAward.objects.exists()
    # an organiser of the event (not a coordinator) may
    organiser = event_person(event, EventRole.ORGANISER).user
    result = certificates_issue_for_event(actor=organiser, event=event)
    assert len(result.issued) == 2


def test_limit_issues_part_and_the_rest_later(community):
    event = past_event(community=community)
    for _ in range(3):
        registered(event, attended=True)
    assert len(certificates_issue_for_event(actor=None, event=event, limit=2).issued) == 2
    rest = certificates_issue_for_event(actor=None, event=event)
    assert len(rest.issued) == 1 and rest.skipped == 2


def test_revoking_an_award(community, django_capture_on_commit_callbacks):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    lead = coordinator(community)
    [award] = certificates_issue_for_event(actor=lead, event=event).issued
    # when the coordinator revokes it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(actor=lead, award=award, reason="Участие не подтверждено")
    # then the registry says it is revoked, the holder is told and both acts are audited
    award.document.refresh_from_db()
    assert award.document.is_revoked and award.document.revoked_by == lead
    assert award.document.revocation_reason == "Участие не подтверждено"
    assert Notification.objects.filter(recipient=holder, kind="document_issued").count() == 2
    assert len([m for m in mail.outbox if holder.email in m.to]) == 1  # the revocation's
    assert AuditEvent.objects.filter(action="event_award_revoked", actor=lead).exists()
    assert AuditEvent.objects.filter(action="document_revoked").exists()
    # and it stays an award of the event: a new run does not issue it again
    assert certificates_issue_for_event(actor=lead, event=event).issued == []
    # a second revocation is refused
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=lead, award=award, reason="Ещё раз")


def test_an_organiser_revokes_through_the_platform(community):
    event = past_event(community=community)
    registered(event, attended=True)
    organiser = event_person(event, EventRole.ORGANISER).user
    [award] = [
        a
        for a in certificates_issue_for_event(actor=None, event=event).issued
        if a.ground == AwardGround.PARTICIPANT
    ]
    certificate_revoke(actor=organiser, award=award, reason="Ошибка в списке")
    award.document.refresh_from_db()
    assert award.document.is_revoked and award.document.revoked_by is None
    assert AuditEvent.objects.get(action="event_award_revoked").actor == organiser


def test_revoking_needs_a_reason_and_the_right(community):
    event = past_event(community=community)
    registered(event, attended=True)
    [award] = certificates_issue_for_event(actor=None, event=event).issued
    lead = coordinator(community)
    with pytest.raises(ActionRefused):
        certificate_revoke(actor=lead, award=award, reason="   ")
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=member(community), award=award, reason="Ошибка")
    award.document.refresh_from_db()
    assert not award.document.is_revoked
    assert not AuditEvent.objects.filter(action="event_award_revoked").exists()


def test_reissue_after_a_misspelt_name(community):
    # given a certificate issued with a misspelt name
    event = past_event(community=community)
    holder = person(community, "Иваноа", "Мария", "Петровна")
    registered(event, holder, attended=True)
    lead = coordinator(community)
    [award] = certificates_issue_for_event(actor=lead, event=event).issued
    old = award.document
    # when the name is corrected and the coordinator revokes with reissue
    holder.last_name = "Иванова"
    holder.save()
    new = certificate_revoke(actor=lead, award=award, reason="Ошибка в фамилии", reissue=True)
    # then the old document is revoked and a new one names her correctly
    old.refresh_from_db()
    assert old.is_revoked
    assert new.pk and new.document != old
    assert new.document.recipient_name == "Иванова Мария Петровна"
    assert list(EventAward.objects.filter(event=event)) == [new]


def test_personal_data_export_and_erasure(community):
    from pedset.certificates import personal_data

    event = past_event(community=community)
    holder = registered(event, attended=True).user
    [issued] = certificates_issue_for_event(actor=None, event=event).issued
    exported = personal_data.export(holder)["event_awards"]
    assert exported == [
        {
            "event": event.pk,
            "event_title": event.title,
            "ground": "participant",
            "document_number": issued.document.number,
            "issued_at": issued.created_at.isoformat(),
            "revoked": False,
        }
    ]
    assert personal_data.erase(holder)
    issued.refresh_from_db()
    assert issued.user is None and issued.document_id
    assert personal_data.export(holder) == {"event_awards": []}
    assert personal_data.erase(holder) == []
