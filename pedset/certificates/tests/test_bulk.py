"""Bulk generation: 150 participants of one webinar get 150 real PDF certificates with
consecutive numbers, each saying its holder's name, the event, its number and its code.
Timings are measured by bench/certificates.py, not here."""

import datetime
import io

import pypdf
import pytest
import time_machine
from django.db.models import Max, Min

from pedset.accounts.tests.factories import UserFactory, fake
from pedset.certificates.models import EventAward
from pedset.certificates.services import certificates_issue_for_event
from pedset.communities.models import Membership, MembershipStatus
from pedset.documents.models import Document, DocumentKind
from pedset.events.models import Registration, RegistrationStatus
from pedset.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PARTICIPANTS = 150
START = datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC)


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_150_participants_get_150_certificates(community):
    # given a webinar with 150 people present (synthetic Russian names, half of them women)
    event = EventFactory(
        community=community,
        title="Формирующее оценивание на уроках математики",
        starts_at=START,
        ends_at=START + datetime.timedelta(minutes=90),
    )
    people = []
    for n in range(PARTICIPANTS):
        if n % 2:
            names = (fake.last_name_female(), fake.first_name_female(), fake.middle_name_female())
        else:
            names = (fake.last_name_male(), fake.first_name_male(), fake.middle_name_male())
        people.append(UserFactory(last_name=names[0], first_name=names[1], patronymic=names[2]))
    Membership.objects.bulk_create(
        Membership(
            community=community,
            user=user,
            status=MembershipStatus.ACTIVE,
            rules_accepted_at=START,
            decided_at=START,
        )
        for user in people
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status=RegistrationStatus.REGISTERED,
            registered_at=START - datetime.timedelta(days=1),
            attended_at=START,
            attendance_source=Registration.AttendanceSource.ROOM,
        )
        for user in people
    )
    # when the certificates are issued the next day, in one run
    with time_machine.travel(START + datetime.timedelta(days=1)):
        result = certificates_issue_for_event(actor=None, event=event)
    # then there are 150 certificates, numbered 1…150 of the year without gaps
    assert len(result.issued) == PARTICIPANTS
    documents = Document.objects.filter(community=community, kind=DocumentKind.CERTIFICATE)
    assert documents.count() == PARTICIPANTS
    assert EventAward.objects.filter(event=event).count() == PARTICIPANTS
    span = documents.aggregate(first=Min("sequence"), last=Max("sequence"))
    assert (span["first"], span["last"]) == (1, PARTICIPANTS)
    assert sorted(documents.values_list("number", flat=True)) == [
        f"СТ-2026/{n:04d}" for n in range(1, PARTICIPANTS + 1)
    ]
    assert len(set(documents.values_list("verification_code", flat=True))) == PARTICIPANTS
    # and each PDF says its holder's name, the event, its number and its code
    holders = {user.pk: user for user in people}
    for award in result.issued:
        document = award.document
        with document.pdf.open("rb") as handle:
            reader = pypdf.PdfReader(io.BytesIO(handle.read()))
        flat = squeezed("".join(page.extract_text() for page in reader.pages))
        holder = holders[award.user_id]
        assert squeezed(holder.get_full_name()) in flat
        assert squeezed(event.title) in flat
        assert squeezed(f"№ {document.number}") in flat
        assert document.verification_code in flat
        assert len(reader.pages) == 1
