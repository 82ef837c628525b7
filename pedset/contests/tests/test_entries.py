"""Entries: submission, deadlines, one entry per nomination, files, materials, withdrawal and
refusal (contests.services)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests import services
from pedset.contests.models import ContestEntry, EntryAuthor, EntryFile, EntryStatus
from pedset.contests.services import ActionRefused
from pedset.contests.tests import factories
from pedset.core.models import AuditEvent, Notification
from pedset.core.tests import uploads
from pedset.events.models import Audience, EventStatus
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import add_author, material_with_author
from pedset.moderation.models import Suspension
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def submit(actor, event, **changes):
    arguments = {
        "title": "Урок-исследование «Вода в природе»",
        "summary": "Сценарий урока окружающего мира для 3 класса.",
        "files": [uploads.pdf("урок.pdf")],
        "consent": True,
    }
    arguments.update(changes)
    return services.entry_submit(actor=actor, event=event, **arguments)


# --- Submission --------------------------------------------------------------------------------


def test_an_entry_is_submitted_with_its_file_and_authors(
    contest, members, media_files, django_capture_on_commit_callbacks
):
    # given a member of a school and a colleague
    author, colleague = members(2)
    school = OrganisationFactory()
    author.organisation = school
    author.save()

    # when the member submits an entry naming the colleague
    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(author, contest, coauthors=[colleague])

    # then the entry is in, the submitter first, the school fixed, the file stored
    assert entry.status == EntryStatus.SUBMITTED
    assert list(entry.authors.values_list("user_id", flat=True)) == [author.pk, colleague.pk]
    assert entry.organisation == school
    stored = EntryFile.objects.get(entry=entry)
    assert stored.original_name == "урок.pdf"
    assert stored.content_type == "application/pdf"
    assert len(media_files()) == 1 and media_files()[0].endswith(".pdf")
    assert "урок" not in media_files()[0]  # random names in storage
    # and it is audited, the co-author told
    assert AuditEvent.objects.filter(action="contest_entry_submitted", target_id=str(entry.pk))
    assert Notification.objects.get(recipient=colleague).kind == "contest"


def test_the_organisation_stays_as_it_was_at_submission(contest, member):
    school = OrganisationFactory()
    member.organisation = school
    member.save()
    entry = submit(member, contest)

    # when the author moves to another school, then the entry keeps the first one
    member.organisation = OrganisationFactory()
    member.save()
    entry.refresh_from_db()
    assert entry.organisation == school


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "title"),
        ({"title": "я" * 301}, "too long"),
        ({"summary": "  "}, "annotation"),
        ({"summary": "я" * 5001}, "too long"),
        ({"files": []}, "Attach the files"),
        ({"consent": False}, "consent"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(contest, member, media_files, changes, message):
    with pytest.raises(ActionRefused, match=message):
        submit(member, contest, **changes)
    assert not ContestEntry.objects.exists()
    assert media_files() == []


def test_a_person_outside_the_audience_cannot_submit(contest):
    outsider = MembershipFactory(community=CommunityFactory()).user
    with pytest.raises(PermissionDenied):
        submit(outsider, contest)


def test_an_invited_organisations_staff_member_may_submit(community):
    # given a contest open to an invited school and its teacher outside the community
    school = OrganisationFactory()
    event = factories.contest(community, audience=Audience.INVITED)
    event.invited_organisations.add(school)
    teacher = MembershipFactory(community=CommunityFactory()).user
    teacher.organisation = school
    teacher.save()

    # when they submit, then it is accepted
    assert submit(teacher, event).submitted_by == teacher


def test_a_suspended_member_cannot_submit(contest, member, coordinator):
    Suspension.objects.create(
        community=contest.community,
        user=member,
        ends_at=contest.ends_at,
        reason="Нарушение правил",
        issued_by=coordinator,
    )
    with pytest.raises(ActionRefused, match="suspended"):
        submit(member, contest)


def test_a_draft_or_cancelled_contest_takes_no_entries(contest, member):
    for status in (EventStatus.DRAFT, EventStatus.CANCELLED):
        contest.status = status
        contest.save()
        with pytest.raises(ActionRefused, match="not announced"):
            submit(member, contest)


def test_a_webinar_takes_no_entries(community, member):
    from pedset.events.tests.factories import EventFactory

    with pytest.raises(PermissionDenied):
        submit(member, EventFactory(community=community))


# --- Deadlines ---------------------------------------------------------------------------------


def test_entries_are_accepted_until_the_deadline_not_at_it(contest, members):
    early, late = members(2)
    deadline = contest.submissions_close_at

    # a second before the deadline: accepted
    with time_machine.travel(deadline - datetime.timedelta(seconds=1), tick=False):
        submit(early, contest)
    # at the deadline: refused
    with (
        time_machine.travel(deadline, tick=False),
        pytest.raises(ActionRefused, match="no longer accepted"),
    ):
        submit(late, contest)
    assert ContestEntry.objects.count() == 1


def test_without_a_deadline_entries_are_accepted_until_the_end(community, members):
    event = factories.contest(community, submissions_close_at=None)
    early, late = members(2)
    with time_machine.travel(event.ends_at - datetime.timedelta(minutes=1), tick=False):
        submit(early, event)
    with (
        time_machine.travel(event.ends_at + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(ActionRefused, match="no longer accepted"),
    ):
        submit(late, event)


def test_withdrawal_only_before_the_deadline(contest, member):
    entry = submit(member, contest)
    with (
        time_machine.travel(contest.submissions_close_at, tick=False),
        pytest.raises(ActionRefused, match="cannot be withdrawn"),
    ):
        services.entry_withdraw(actor=member, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED

    services.entry_withdraw(actor=member, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="contest_entry_withdrawn").count() == 1


def test_only_the_submitter_withdraws(contest, members):
    author, colleague = members(2)
    entry = submit(author, contest, coauthors=[colleague])
    with pytest.raises(PermissionDenied):
        services.entry_withdraw(actor=colleague, entry=entry)


# --- One entry per nomination ------------------------------------------------------------------


def test_one_entry_per_person_in_a_nomination(contest, members):
    author, colleague = members(2)
    lesson = factories.nomination(contest, "Лучший урок")
    project = factories.nomination(contest, "Лучший проект")
    submit(author, contest, nomination=lesson)

    # a second entry in the same nomination: refused
    with pytest.raises(ActionRefused, match="already have an entry in the nomination"):
        submit(author, contest, nomination=lesson, title="Другая работа")
    # another nomination: accepted
    submit(author, contest, nomination=project, title="Проект")
    # a colleague naming the author as a co-author in the first nomination: refused
    with pytest.raises(ActionRefused, match="co-author you named"):
        submit(colleague, contest, nomination=lesson, coauthors=[author])
    assert ContestEntry.objects.count() == 2


def test_a_withdrawn_entry_frees_the_nomination(contest, member):
    entry = submit(member, contest)
    with pytest.raises(ActionRefused, match="already have an entry"):
        submit(member, contest, title="Вторая")
    services.entry_withdraw(actor=member, entry=entry)
    submit(member, contest, title="Вторая")


def test_the_nomination_is_required_and_must_be_the_events(contest, member, community):
    factories.nomination(contest)
    other = factories.nomination(factories.contest(community))
    with pytest.raises(ActionRefused, match="Choose the nomination"):
        submit(member, contest)
    with pytest.raises(ActionRefused, match="from the list"):
        submit(member, contest, nomination=other)
    with pytest.raises(ActionRefused, match="from the list"):
        submit(member, contest, nomination="abc")
    assert not ContestEntry.objects.exists()


def test_no_nomination_for_a_contest_without_them(contest, community, member):
    other = factories.nomination(factories.contest(community))
    with pytest.raises(ActionRefused, match="no nominations"):
        submit(member, contest, nomination=other)


# --- Co-authors --------------------------------------------------------------------------------


def test_co_authors_are_active_members(contest, member):
    outsider = MembershipFactory(community=CommunityFactory()).user
    with pytest.raises(ActionRefused, match="cannot be named as a co-author"):
        submit(member, contest, coauthors=[outsider])
    with pytest.raises(ActionRefused, match="first author"):
        submit(member, contest, coauthors=[member])
    assert not ContestEntry.objects.exists()


def test_a_co_author_named_twice_is_refused(contest, members):
    author, colleague = members(2)
    with pytest.raises(ActionRefused, match="twice"):
        submit(author, contest, coauthors=[colleague, colleague])


# --- Files: attacks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: uploads.text_as("пусто.pdf", size=0), "empty"),
        (lambda: uploads.html_as("работа.pdf"), "does not match"),
        (lambda: uploads.pdf_with_html_head("работа.pdf"), "does not match"),
        (lambda: uploads.png_with_html_after_end("фото.png"), "after the end"),
        (lambda: uploads.plain_zip("работа.zip"), "ZIP"),
        (lambda: uploads.zip_bomb_docx("работа.docx"), "archive bombs"),
        (lambda: uploads.named(uploads.pdf(), "../../etc/passwd.pdf"), "folder path"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(
    contest, member, media_files, upload, message
):
    with pytest.raises(ActionRefused, match=message):
        submit(member, contest, files=[upload()])
    assert not ContestEntry.objects.exists()
    assert media_files() == []


def test_an_oversized_file_is_refused(contest, member, media_files, settings):
    settings.CONTEST_FILE_MAX_BYTES = 1000
    with pytest.raises(ActionRefused, match="too large"):
        submit(member, contest, files=[uploads.pdf("большой.pdf", size=1001)])
    assert media_files() == []


def test_too_many_files_are_refused(contest, member, settings):
    settings.CONTEST_MAX_FILES = 2
    with pytest.raises(ActionRefused, match="at most 2 files"):
        submit(member, contest, files=[uploads.pdf(f"{n}.pdf") for n in range(3)])


def test_a_failed_write_deletes_the_files_it_stored(contest, member, media_files, monkeypatch):
    # given an audit write that fails after the files were stored
    def boom(*args, **kwargs):
        raise RuntimeError("сбой")

    monkeypatch.setattr(services, "audit_record", boom)

    # when the entry is submitted, then nothing stays
    with pytest.raises(RuntimeError):
        submit(member, contest, files=[uploads.pdf("a.pdf"), uploads.image("b.png")])
    assert media_files() == []
    assert not ContestEntry.objects.exists()


# --- A material from the bank ------------------------------------------------------------------


def test_an_authors_material_from_the_bank_is_an_entry(contest, member):
    material = material_with_author(
        community=contest.community, author=member, status=MaterialStatus.INCLUDED
    )
    entry = submit(member, contest, files=[], material=material)
    assert entry.material == material
    assert not entry.files.exists()


def test_a_material_of_someone_else_or_a_draft_is_refused(contest, members):
    author, colleague = members(2)
    others = material_with_author(
        community=contest.community, author=colleague, status=MaterialStatus.INCLUDED
    )
    draft = material_with_author(community=contest.community, author=author)
    for material in (others, draft, others.pk, "x"):
        with pytest.raises(ActionRefused, match="must be its author"):
            submit(author, contest, files=[], material=material)
    assert not ContestEntry.objects.exists()


def test_a_co_author_of_a_material_may_submit_it(contest, members):
    author, colleague = members(2)
    material = material_with_author(
        community=contest.community, author=author, status=MaterialStatus.SUBMITTED
    )
    add_author(material, colleague)
    assert submit(colleague, contest, files=[], material=material).material == material


# --- Not admitted ------------------------------------------------------------------------------


def test_a_coordinator_does_not_admit_an_entry_with_a_reason(
    contest, coordinator, members, django_capture_on_commit_callbacks
):
    author, colleague = members(2)
    entry = submit(author, contest, coauthors=[colleague])
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_disqualify(
            actor=coordinator, entry=entry, reason="Работа не соответствует теме конкурса."
        )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISQUALIFIED
    assert entry.status_reason == "Работа не соответствует теме конкурса."
    event = AuditEvent.objects.get(action="contest_entry_disqualified")
    assert event.reason == "Работа не соответствует теме конкурса."
    told = Notification.objects.filter(body__contains="не соответствует").values_list(
        "recipient", flat=True
    )
    assert set(told) == {author.pk, colleague.pk}


def test_not_admitting_needs_a_reason_and_a_manager(contest, coordinator, members):
    author, colleague = members(2)
    entry = submit(author, contest)
    with pytest.raises(ActionRefused, match="reason"):
        services.entry_disqualify(actor=coordinator, entry=entry, reason="  ")
    with pytest.raises(PermissionDenied):
        services.entry_disqualify(actor=colleague, entry=entry, reason="Не нравится")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_an_entry_not_admitted_is_refused_twice(contest, coordinator, member):
    entry = submit(member, contest)
    services.entry_disqualify(actor=coordinator, entry=entry, reason="Нарушены требования")
    with pytest.raises(ActionRefused, match="no longer in the contest"):
        services.entry_disqualify(actor=coordinator, entry=entry, reason="Ещё раз")
    with pytest.raises(ActionRefused, match="no longer in the contest"):
        services.entry_withdraw(actor=member, entry=entry)


def test_authors_rows_follow_the_submission_order(contest, members):
    author, first, second = members(3)
    entry = submit(author, contest, coauthors=[second, first])
    assert list(
        EntryAuthor.objects.filter(entry=entry).order_by("position").values_list("user", flat=True)
    ) == [author.pk, second.pk, first.pk]
