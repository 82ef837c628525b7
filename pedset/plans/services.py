"""Every write of the work plan, each in one transaction.

A community has one plan a year (regulation 002 §5, 003 §5.1–5.2), created on its first item or
import (plan_ensure). Its coordinators and administrators (and platform administrators) add,
change and delete items (plan_item_create / _update / _delete — an item that events carry is
never deleted, it is cancelled with a note), set their status (plan_item_status_set; a
cancellation needs its reason), approve the plan (plan_approve) and import items from an Excel
workbook (plan_import: every row checked first, nothing written when any row is bad).
overdue_process is the periodic job (manage.py work_plan_deadlines): it tells the responsible
people once per item that its term has passed.

The checks (clean_*) are shared with the forms and the importer: every refusal is a Russian
message (ActionRefused), never a server error. Changes are written to the audit log without
names (the responsible people are ids there).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pedset.communities.models import Membership, MembershipStatus
from pedset.communities.services import ActionRefused
from pedset.core.audit import audit_record
from pedset.core.notify import notify
from pedset.core.text import printable
from pedset.events.models import EventForm
from pedset.plans import policies, selectors
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan

__all__ = ["ActionRefused"]

logger = logging.getLogger(__name__)

TOPIC_MAX = PlanItem._meta.get_field("topic").max_length
RESPONSIBLE_TEXT_MAX = PlanItem._meta.get_field("responsible_text").max_length
AUDIENCE_MAX = PlanItem._meta.get_field("audience").max_length
EXPECTED_RESULT_MAX = PlanItem._meta.get_field("expected_result").max_length
NOTE_MAX = PlanItem._meta.get_field("status_note").max_length
RESPONSIBLE_MAX = 20
EDITABLE_FIELDS = (
    "form",
    "topic",
    "starts_on",
    "ends_on",
    "responsible_text",
    "audience",
    "expected_result",
)


# --- Checks shared with the forms and the importer ---------------------------------------------


def one_line(value) -> str:
    return " ".join(printable(value).split())


def _limited(text: str, limit: int, message: str) -> str:
    if len(text) > limit:
        raise ActionRefused(message % {"max": limit, "n": len(text)})
    return text


def clean_form(value) -> str:
    code = str(value or "").strip()
    if not code:
        raise ActionRefused(_("Choose the form of the activity."))
    if code not in EventForm.values:
        raise ActionRefused(_("Unknown form of activity."))
    return code


def clean_topic(value) -> str:
    topic = one_line(value)
    if not topic:
        raise ActionRefused(_("Enter the topic of the item."))
    return _limited(
        topic, TOPIC_MAX, _("The topic is too long: at most %(max)s characters (now %(n)s).")
    )


def clean_audience(value) -> str:
    return _limited(
        one_line(value),
        AUDIENCE_MAX,
        _("The audience is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_responsible_text(value) -> str:
    return _limited(
        one_line(value),
        RESPONSIBLE_TEXT_MAX,
        _("The responsible (as written) are too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_expected_result(value) -> str:
    return _limited(
        printable(value).strip(),
        EXPECTED_RESULT_MAX,
        _("The expected result is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_note(value, *, required: bool) -> str:
    note = printable(value).strip()
    if required and not note:
        raise ActionRefused(_("State the reason for the cancellation: it stays in the plan."))
    return _limited(
        note, NOTE_MAX, _("The note is too long: at most %(max)s characters (now %(n)s).")
    )


def clean_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ActionRefused(_("Unknown year of the plan.")) from None
    if not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
        raise ActionRefused(_("Unknown year of the plan."))
    return year


def dates_problem(starts_on, ends_on, year: int) -> str | None:
    """What is wrong with the term of an item of the year's plan, or None."""
    if starts_on is None:
        return _("Enter the first day of the term.")
    if ends_on is None:
        return _("Enter the last day of the term.")
    if ends_on < starts_on:
        return _("The end date is earlier than the start date.")
    if starts_on.year != year or ends_on.year != year:
        return _("The dates must be within %(year)s: this is the plan of that year.") % {
            "year": year
        }
    return None


def clean_dates(starts_on, ends_on, year: int) -> tuple[datetime.date, datetime.date]:
    problem = dates_problem(starts_on, ends_on, year)
    if problem:
        raise ActionRefused(problem)
    return starts_on, ends_on


def clean_responsible(people: Iterable, community, *, keep: Iterable[int] = ()) -> list:
    """The chosen people: active members of the community (or people already responsible for
    the item, kept even when they have left since)."""
    ids = []
    for person in people or ():
        pk = getattr(person, "pk", person)
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise ActionRefused(_("Choose the responsible among the members.")) from None
        if pk not in ids:
            ids.append(pk)
    if len(ids) > RESPONSIBLE_MAX:
        raise ActionRefused(
            _("At most %(max)s responsible people per item.") % {"max": RESPONSIBLE_MAX}
        )
    if not ids:
        return []
    keep = set(keep)
    allowed = set(
        selectors.responsible_candidates(community).filter(pk__in=ids).values_list("pk", flat=True)
    )
    if any(pk not in allowed and pk not in keep for pk in ids):
        raise ActionRefused(
            _("The responsible must be active members of the community. Choose from the list.")
        )
    people = {person.pk: person for person in get_user_model().objects.filter(pk__in=ids)}
    return [people[pk] for pk in ids if pk in people]


@dataclass(frozen=True)
class ItemFields:
    form: str
    topic: str
    starts_on: datetime.date
    ends_on: datetime.date
    responsible: list
    responsible_text: str
    audience: str
    expected_result: str


def _clean_item(
    *,
    community,
    year: int,
    form,
    topic,
    starts_on,
    ends_on,
    responsible=(),
    responsible_text="",
    audience="",
    expected_result="",
    keep=(),
) -> ItemFields:
    starts_on, ends_on = clean_dates(starts_on, ends_on, year)
    return ItemFields(
        form=clean_form(form),
        topic=clean_topic(topic),
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=clean_responsible(responsible, community, keep=keep),
        responsible_text=clean_responsible_text(responsible_text),
        audience=clean_audience(audience),
        expected_result=clean_expected_result(expected_result),
    )


# --- The plan ----------------------------------------------------------------------------------


def _check_may_edit(actor, community) -> None:
    if not policies.can_edit_plan(actor, community):
        raise PermissionDenied


def plan_ensure(*, actor, community, year) -> WorkPlan:
    """The community's plan of the year, created on first use (safe when two people start it
    at once: the unique index decides, get_or_create re-reads)."""
    _check_may_edit(actor, community)
    year = clean_year(year)
    plan, _created = WorkPlan.objects.get_or_create(community=community, year=year)
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: WorkPlan, request=None) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().select_related("community").get(pk=plan.pk)
    _check_may_edit(actor, plan.community)
    if plan.approved_at is not None:
        raise ActionRefused(_("The plan is already approved."))
    count = plan.items.count()
    if not count:
        raise ActionRefused(_("The plan has no items yet: there is nothing to approve."))
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    plan.save(update_fields=["approved_at", "approved_by"])
    audit_record(
        "plan_approved",
        actor=actor,
        community=plan.community,
        target=plan,
        data={"year": plan.year, "items": count},
        request=request,
    )
    return plan


# --- Items -------------------------------------------------------------------------------------


def _responsible_ids(item) -> list[int]:
    return sorted(item.responsible.values_list("pk", flat=True))


@transaction.atomic
def plan_item_create(
    *,
    actor,
    community,
    year,
    form,
    topic,
    starts_on,
    ends_on,
    responsible=(),
    responsible_text="",
    audience="",
    expected_result="",
    request=None,
) -> PlanItem:
    plan = plan_ensure(actor=actor, community=community, year=year)
    fields = _clean_item(
        community=community,
        year=plan.year,
        form=form,
        topic=topic,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=responsible,
        responsible_text=responsible_text,
        audience=audience,
        expected_result=expected_result,
    )
    item = PlanItem.objects.create(
        plan=plan,
        position=selectors.next_position(plan),
        **{name: getattr(fields, name) for name in EDITABLE_FIELDS},
    )
    item.responsible.set(fields.responsible)
    audit_record(
        "plan_item_created",
        actor=actor,
        community=community,
        target=item,
        data={
            "year": plan.year,
            "topic": item.topic,
            "responsible": [person.pk for person in fields.responsible],
        },
        request=request,
    )
    return item


def _locked_item(item: PlanItem) -> PlanItem:
    return PlanItem.objects.select_for_update().select_related("plan__community").get(pk=item.pk)


@transaction.atomic
def plan_item_update(
    *,
    actor,
    item: PlanItem,
    form,
    topic,
    starts_on,
    ends_on,
    responsible=(),
    responsible_text="",
    audience="",
    expected_result="",
    request=None,
) -> PlanItem:
    item = _locked_item(item)
    community = item.plan.community
    _check_may_edit(actor, community)
    before_people = _responsible_ids(item)
    fields = _clean_item(
        community=community,
        year=item.plan.year,
        form=form,
        topic=topic,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=responsible,
        responsible_text=responsible_text,
        audience=audience,
        expected_result=expected_result,
        keep=before_people,
    )
    changes = {}
    for name in EDITABLE_FIELDS:
        old, new = getattr(item, name), getattr(fields, name)
        if old != new:
            changes[name] = [
                old.isoformat() if isinstance(old, datetime.date) else old,
                new.isoformat() if isinstance(new, datetime.date) else new,
            ]
            setattr(item, name, new)
    after_people = sorted(person.pk for person in fields.responsible)
    if after_people != before_people:
        changes["responsible"] = [before_people, after_people]
        item.responsible.set(fields.responsible)
    if not changes:
        return item
    if "ends_on" in changes:
        item.overdue_notified_at = None  # a new term is watched again
    item.save()
    audit_record(
        "plan_item_changed",
        actor=actor,
        community=community,
        target=item,
        data={"year": item.plan.year, "changes": changes},
        request=request,
    )
    return item


@transaction.atomic
def plan_item_delete(*, actor, item: PlanItem, request=None) -> None:
    item = _locked_item(item)
    community = item.plan.community
    _check_may_edit(actor, community)
    if item.events.exists():
        raise ActionRefused(
            _("Events carry out this item, so it stays in the plan: cancel it with a note instead.")
        )
    audit_record(
        "plan_item_deleted",
        actor=actor,
        community=community,
        target=item,
        data={"year": item.plan.year, "topic": item.topic, "status": item.status},
        request=request,
    )
    item.delete()


@transaction.atomic
def plan_item_status_set(*, actor, item: PlanItem, status, note="", request=None) -> PlanItem:
    item = _locked_item(item)
    community = item.plan.community
    _check_may_edit(actor, community)
    if status not in PlanItemStatus.values:
        raise ActionRefused(_("Unknown status of the item."))
    note = clean_note(note, required=status == PlanItemStatus.CANCELLED)
    if status == item.status and note == item.status_note:
        return item
    before = item.status
    item.status = status
    item.status_note = note
    item.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(
        "plan_item_status_changed",
        actor=actor,
        community=community,
        target=item,
        reason=note,
        data={"year": item.plan.year, "from": before, "to": status},
        request=request,
    )
    return item


# --- Import ------------------------------------------------------------------------------------


class ImportRejected(Exception):
    """Some rows are bad: ``errors`` lists each (row, column, reason); nothing was written."""

    def __init__(self, errors: list, rows: int):
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = errors
        self.rows = rows

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


def plan_import(
    *, actor, community, year, uploaded_file, move_dates: bool = False, request=None
) -> list[PlanItem]:
    """Adds the workbook's rows to the year's plan as new items (status «planned»).

    The file is checked as an upload (pedset.core.uploads: XLSX by its content, size, zip
    bombs), read with openpyxl in read-only mode, every row is checked (importers.check_rows),
    and when any row is bad ImportRejected lists the problems and nothing is written.
    ``move_dates`` puts every date into the plan's year (last year's plan as the base of this
    year's: 29 February becomes the 28th)."""
    from pedset.plans import importers

    _check_may_edit(actor, community)
    year = clean_year(year)
    rows = importers.read_rows(uploaded_file)  # ImportRefused
    candidates = list(selectors.responsible_candidates(community))
    checked, errors = importers.check_rows(
        rows, year=year, candidates=candidates, move_dates=move_dates
    )
    if errors:
        raise ImportRejected(errors, rows=len(rows))
    with transaction.atomic():
        plan = plan_ensure(actor=actor, community=community, year=year)
        start = selectors.next_position(plan)
        items = PlanItem.objects.bulk_create(
            [
                PlanItem(
                    plan=plan,
                    position=start + index,
                    form=row.form,
                    topic=row.topic,
                    starts_on=row.starts_on,
                    ends_on=row.ends_on,
                    responsible_text=row.responsible_text,
                    audience=row.audience,
                    expected_result=row.expected_result,
                )
                for index, row in enumerate(checked)
            ]
        )
        through = PlanItem.responsible.through
        through.objects.bulk_create(
            [
                through(planitem_id=item.pk, user_id=person.pk)
                for item, row in zip(items, checked, strict=True)
                for person in row.responsible
            ]
        )
        audit_record(
            "plan_imported",
            actor=actor,
            community=community,
            target=plan,
            data={"year": year, "items": len(items), "moved_dates": bool(move_dates)},
            request=request,
        )
    return items


# --- Overdue items (the periodic command) ------------------------------------------------------


def plan_url(community, year: int) -> str:
    return reverse("plans:year", args=[community.slug, year])


def _overdue_recipients(item: PlanItem) -> list:
    people = [
        person
        for person in item.responsible.all()
        if person.is_active and person.anonymised_at is None
    ]
    if people:
        return people
    # Nobody on the platform is named (only «as written», or nobody): the coordinators hear.
    managers = Membership.objects.filter(
        community_id=item.plan.community_id,
        status=MembershipStatus.ACTIVE,
        role__in=list(policies.MANAGERS),
        user__is_active=True,
        user__anonymised_at__isnull=True,
    ).select_related("user")
    return [membership.user for membership in managers]


def _tell_overdue(item_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        claimed = PlanItem.objects.filter(
            pk=item_id,
            overdue_notified_at__isnull=True,
            status__in=list(selectors.OPEN_STATUSES),
        ).update(overdue_notified_at=now)
        if not claimed:
            return False
        item = PlanItem.objects.select_related("plan__community").get(pk=item_id)
        community = item.plan.community
        url = f"{plan_url(community, item.plan.year)}#item-{item.pk}"
        title = _("The term of the work plan item «%(topic)s» has passed") % {
            "topic": Truncator(item.topic).chars(120)
        }
        body = _(
            "The item of the work plan of «%(community)s» was due by %(date)s and is not marked "
            "as done. Mark it done, move its term or cancel it with a note."
        ) % {"community": community.name, "date": item.ends_on.strftime("%d.%m.%Y")}
        for person in _overdue_recipients(item):
            notify(person, kind="work_plan", title=title, body=body, url=url)
    return True


def overdue_process(*, now: datetime.datetime | None = None) -> int:
    """Tells the responsible people of every item that became overdue (its last day is past in
    the community's time zone and it is neither done nor cancelled), once per item. Returns how
    many items were told about. Idempotent: the claim is a conditional UPDATE."""
    now = now or timezone.now()
    told = 0
    with translation.override(settings.LANGUAGE_CODE):
        for item in list(selectors.overdue_candidates(now)):
            if item.ends_on < selectors.community_today(item.plan.community, now):
                told += _tell_overdue(item.pk, now)
    return told
