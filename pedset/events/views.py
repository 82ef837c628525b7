"""Pages of events. Thin: policies decide, selectors read, services write.

An event the reader may not see (a draft, a wrong number) answers 404; a page the reader may
see but not use (the manage page for a member) answers 403.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.communities.models import Community
from pedset.core.uploads import keeps_upload_names, unsafe_name_message, unsafe_upload_names
from pedset.events import ics, policies, selectors, services
from pedset.events.forms import (
    BankMaterialForm,
    CancelForm,
    EventDetailsForm,
    EventFilterForm,
    FormChoiceForm,
    MaterialFileForm,
    MaterialLinkForm,
    PersonForm,
    PresentForm,
    RecordingForm,
)
from pedset.events.models import (
    CalendarFeed,
    EventForm,
    EventMaterial,
    EventPerson,
    EventRole,
    EventStatus,
    RegistrationStatus,
)
from pedset.events.services import ActionRefused

PAGE_SIZE = 20
PAST_ON_MY_PAGE = 20
# The manage page shows several forms with fields of the same name (two have a «title»): each
# form's fields get its prefix («file-title», «link-title»), so every id on the page is unique.
FILE_PREFIX = "file"
LINK_PREFIX = "link"
PRESENT_PREFIX = "present"


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _event_or_404(request, pk):
    event = selectors.event_for_page(pk)
    if event is None or not policies.can_view_event(request.user, event):
        raise Http404
    return event


def _managed_event_or_404(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def _editable_event_or_404(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Lists -------------------------------------------------------------------------------------


def community_events(request, slug):
    community = _community_or_404(slug)
    filter_form = EventFilterForm(request.GET or None)
    filters = filter_form.filters()
    events = selectors.community_events(
        request.user, community, filters, zone=services._zone(community.time_zone)
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/community.html",
        {
            "community": community,
            "filter_form": filter_form,
            "filters": filters,
            "page_obj": page,
            "can_create": policies.can_create_event(request.user, community),
        },
    )


def _my_rows(user, *, upcoming: bool, limit: int | None = None) -> list[dict]:
    """The person's events with their part in each: registered, waiting (with the place),
    organiser, speaker."""
    rows: dict[int, dict] = {}
    registrations = selectors.my_registrations(user, upcoming=upcoming)
    roles = selectors.my_roles(user, upcoming=upcoming)
    if limit:
        registrations, roles = registrations[:limit], roles[:limit]
    for registration in registrations:
        row = rows.setdefault(registration.event_id, {"event": registration.event, "roles": []})
        row["registration"] = registration
        if registration.status == RegistrationStatus.WAITLISTED:
            row["waitlist_position"] = (registration.ahead or 0) + 1
    for person in roles:
        row = rows.setdefault(person.event_id, {"event": person.event, "roles": []})
        row["roles"].append(person.get_role_display())
    ordered = sorted(rows.values(), key=lambda r: (r["event"].starts_at, r["event"].pk))
    if not upcoming:
        ordered.reverse()
    return ordered[:limit] if limit else ordered


@login_required
def mine(request):
    feed = services.calendar_feed_for(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "upcoming": _my_rows(request.user, upcoming=True),
            "past": _my_rows(request.user, upcoming=False, limit=PAST_ON_MY_PAGE),
            "feed_url": ics.site_url(reverse("events:feed", args=[feed.token])),
        },
    )


@require_POST
@login_required
def feed_reset(request):
    services.calendar_feed_reset(actor=request.user)
    messages.success(
        request,
        _(
            "The calendar address is new. The old one no longer works: add the new one to your calendar."
        ),
    )
    return redirect(reverse("events:mine") + "#calendar-feed")


def feed(request, token):
    """The person's private calendar (no login: the address is the credential)."""
    if not token or len(token) > 64:
        raise Http404
    found = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404
    events = selectors.feed_events(found.user)
    text = ics.calendar(events, name=_("Pedset: my events"))
    return _ics_response(text, "pedset.ics")


# --- Creating and changing ---------------------------------------------------------------------


def _plan_item_or_404(community, value):
    from pedset.plans.models import PlanItem

    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    item = PlanItem.objects.filter(pk=pk, plan__community=community).select_related("plan").first()
    if item is None:
        raise Http404
    return item


def _plan_initial(community, item) -> dict:
    zone = services._zone(community.time_zone)
    starts = datetime.datetime.combine(item.starts_on, datetime.time(10, 0), tzinfo=zone)
    if item.ends_on > item.starts_on:
        ends = datetime.datetime.combine(item.ends_on, datetime.time(18, 0), tzinfo=zone)
    else:
        ends = starts + datetime.timedelta(minutes=90)
    # What the item says about its audience and its result starts the description.
    lines = []
    if item.audience:
        lines.append(_("Participants: %(audience)s") % {"audience": item.audience})
    if item.expected_result:
        lines.append(_("Expected result: %(result)s") % {"result": item.expected_result})
    return {
        "form": item.form,
        "plan_item": item.pk,
        "title": item.topic[: services.TITLE_MAX],
        "description": "\n\n".join(lines)[: services.DESCRIPTION_MAX],
        "starts_at": starts,
        "ends_at": ends,
        "registration_required": True,
        "audience": "community",
    }


def _organiser_choices(community, item, actor):
    """The item's responsible people who may be named organisers: active members of the
    community, the creator aside (the creator is the first organiser anyway)."""
    return (
        selectors.staff_choices(None, community)
        .filter(plan_items=item)
        .exclude(pk=actor.pk)
        .distinct()
    )


@login_required
def event_create(request, slug):
    community = _community_or_404(slug)
    if not policies.can_create_event(request.user, community):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    plan_item = None
    if source.get("plan_item"):
        plan_item = _plan_item_or_404(community, source.get("plan_item"))
    form_code = source.get("form") or (plan_item.form if plan_item else "")
    if form_code not in EventForm.values:
        chooser = FormChoiceForm(request.GET if "form" in request.GET else None)
        if "form" in request.GET:
            chooser.is_valid()
        return render(
            request, "events/choose_form.html", {"community": community, "chooser": chooser}
        )
    initial = {"form": form_code, "registration_required": True, "audience": "community"}
    organiser_choices = None
    if plan_item is not None:
        initial |= _plan_initial(community, plan_item)
        initial["form"] = form_code
        organiser_choices = _organiser_choices(community, plan_item, request.user)
        initial["organisers"] = list(organiser_choices.values_list("pk", flat=True))
    form = EventDetailsForm(
        request.POST if request.method == "POST" else None,
        community=community,
        form_code=form_code,
        initial=initial,
        organiser_choices=organiser_choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            # the event and its organisers from the plan are saved together, or nothing is
            with transaction.atomic():
                event = services.event_create(
                    actor=request.user,
                    community=community,
                    form=form_code,
                    data=form.event_input(),
                    plan_item=plan_item,
                )
                for person in form.cleaned_data.get("organisers") or ():
                    services.event_person_add(
                        actor=request.user, event=event, user=person, role=EventRole.ORGANISER
                    )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("The event is saved as a draft. Announce it when it is ready.")
            )
            return redirect("events:detail", event.pk)
    return render(
        request,
        "events/form.html",
        {
            "community": community,
            "form": form,
            "event": None,
            "form_label": EventForm(form_code).label,
            "plan_item": plan_item,
        },
    )


@login_required
def event_edit(request, pk):
    event = _editable_event_or_404(request, pk)
    form = EventDetailsForm(
        request.POST if request.method == "POST" else None,
        community=event.community,
        form_code=event.form,
        event=event,
        initial=None if request.method == "POST" else _edit_initial(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=form.event_input())
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:detail", event.pk)
    return render(
        request,
        "events/form.html",
        {
            "community": event.community,
            "form": form,
            "event": event,
            "form_label": event.get_form_display(),
            "plan_item": event.plan_item,
        },
    )


def _edit_initial(event) -> dict:
    return {
        "form": event.form,
        "plan_item": event.plan_item_id,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "audience": event.audience,
        "invited_organisations": [o.pk for o in event.invited_organisations.all()],
        "registration_required": event.registration_required,
        "capacity": event.capacity,
        "registration_closes_at": event.registration_closes_at,
        "submissions_close_at": event.submissions_close_at,
    }


@require_POST
@login_required
def event_publish(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_publish_event(request.user, event):
        raise PermissionDenied
    try:
        services.event_publish(actor=request.user, event=event)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The event is announced: its audience can see it and register.")
        )
    return redirect("events:detail", event.pk)


@login_required
def event_cancel(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_cancel_event(request.user, event):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The event is cancelled; the people registered are told."))
            return redirect("events:detail", event.pk)
    return render(
        request, "events/cancel.html", {"event": event, "community": event.community, "form": form}
    )


# --- The event's page --------------------------------------------------------------------------


def _registration_state(user, event) -> dict:
    registration = policies.my_registration(user, event)
    active = registration is not None and registration.status in services.ACTIVE
    free = None
    if event.capacity is not None:
        free = max(event.capacity - event.registered_count, 0)
    return {
        "registration": registration if active else None,
        "waitlist_position": selectors.waitlist_position(registration) if active else None,
        "can_register": not active and policies.can_register(user, event),
        "can_cancel_registration": policies.can_cancel_registration(user, event),
        "free_places": free,
        "is_full": free == 0,
    }


def _registration_obstacle(user, event) -> str:
    """Why the person cannot register, in words (for a signed-in reader)."""
    now = timezone.now()
    if not event.registration_required:
        return ""
    if event.status == EventStatus.CANCELLED:
        return _("The event is cancelled.")
    if event.status == EventStatus.DRAFT:
        return _("Registration opens when the event is announced.")
    if event.ends_at <= now:
        return _("The event has ended.")
    if event.community.closed_at is not None:
        return _("The community is closed.")
    if event.registration_closes_at and event.registration_closes_at <= now:
        return _("Registration is closed.")
    if not policies.in_audience(user, event):
        return _("The event is for its audience only: %(audience)s.") % {
            "audience": event.get_audience_display()
        }
    return _("You cannot register for this event now.")


def event_detail(request, pk):
    event = selectors.event_for_page(pk)
    user = request.user
    if event is None:
        raise Http404
    if not policies.can_view_event(user, event):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    sees_people = policies.can_see_people(user, event)
    people = selectors.people_of(event) if sees_people else []
    materials = []
    if policies.can_view_materials(user, event):
        materials = selectors.materials_of(event)
        bank_ids = [m.material_id for m in materials if m.material_id]
        if bank_ids:
            from pedset.materials.selectors import visible_materials

            seen = set(visible_materials(user).filter(pk__in=bank_ids).values_list("pk", flat=True))
            materials = [m for m in materials if not m.material_id or m.material_id in seen]
    state = _registration_state(user, event)
    context = {
        "event": event,
        "community": event.community,
        "sees_people": sees_people,
        "organisers": [p for p in people if p.role == EventRole.ORGANISER],
        "speakers": [p for p in people if p.role == EventRole.SPEAKER],
        "invited": selectors.invited_organisations(event) if event.audience == "invited" else [],
        "materials": materials,
        "can_view_recording": policies.can_view_recording(user, event),
        "can_manage": policies.can_manage_event(user, event),
        "can_edit": policies.can_edit_event(user, event),
        "can_publish": policies.can_publish_event(user, event),
        "can_cancel": policies.can_cancel_event(user, event),
        "ended": event.ends_at <= timezone.now(),
        **state,
    }
    if (
        user.is_authenticated
        and event.registration_required
        and not state["registration"]
        and not state["can_register"]
    ):
        context["registration_obstacle"] = _registration_obstacle(user, event)
    return render(request, "events/detail.html", context)


def event_ics(request, pk):
    event = _event_or_404(request, pk)
    return _ics_response(ics.calendar([event]), f"event-{event.pk}.ics")


# --- Registration ------------------------------------------------------------------------------


@require_POST
@login_required
def register(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_register(request.user, event):
        messages.error(
            request, _registration_obstacle(request.user, event) or _("Registration is closed.")
        )
        return redirect("events:detail", event.pk)
    try:
        registration = services.registration_register(event=event, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered. The event is in your calendar feed."))
        else:
            messages.success(
                request,
                _(
                    "All places are taken: you are on the waiting list. When a place is free, "
                    "you are registered automatically and told."
                ),
            )
    return redirect("events:detail", event.pk)


@require_POST
@login_required
def unregister(request, pk):
    event = _event_or_404(request, pk)
    try:
        services.registration_cancel(event=event, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:detail", event.pk)


# --- Running the event -------------------------------------------------------------------------


def _manage_context(request, event, **forms) -> dict:
    user = request.user
    people = selectors.people_of(event)
    return {
        "event": event,
        "community": event.community,
        "registrations": selectors.registrations_for_manage(event),
        "organisers": [p for p in people if p.role == EventRole.ORGANISER],
        "speakers": [p for p in people if p.role == EventRole.SPEAKER],
        "materials": selectors.materials_of(event),
        "can_edit": policies.can_edit_event(user, event),
        "can_mark_attendance": policies.can_mark_attendance(user, event),
        "can_publish": policies.can_publish_event(user, event),
        "can_cancel": policies.can_cancel_event(user, event),
        "person_form": forms.get("person_form")
        or PersonForm(people=selectors.staff_choices(event, event.community)),
        "present_form": forms.get("present_form")
        or PresentForm(people=selectors.walk_in_choices(event), prefix=PRESENT_PREFIX),
        "file_form": forms.get("file_form") or MaterialFileForm(prefix=FILE_PREFIX),
        "link_form": forms.get("link_form") or MaterialLinkForm(prefix=LINK_PREFIX),
        "bank_form": forms.get("bank_form") or BankMaterialForm(),
        "recording_form": forms.get("recording_form")
        or RecordingForm(initial={"recording_url": event.recording_url}),
        "upload_types": services.upload_rules().types_text(),
        "accept": services.upload_rules().accept_attribute(),
    }


@login_required
def event_manage(request, pk):
    event = _managed_event_or_404(request, pk)
    return render(request, "events/manage.html", _manage_context(request, event))


def _manage_again(request, event, status=400, **forms):
    return render(
        request, "events/manage.html", _manage_context(request, event, **forms), status=status
    )


@require_POST
@login_required
def attendance(request, pk):
    event = _managed_event_or_404(request, pk)
    if not policies.can_mark_attendance(request.user, event):
        messages.error(request, _("Attendance is marked from the start of an announced event."))
        return redirect(reverse("events:manage", args=[event.pk]) + "#participants")
    try:
        marked, unmarked = services.attendance_set(
            actor=request.user, event=event, attended_ids=request.POST.getlist("attended")
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Attendance is saved: %(marked)s marked, %(unmarked)s unmarked.")
            % {"marked": marked, "unmarked": unmarked},
        )
    return redirect(reverse("events:manage", args=[event.pk]) + "#participants")


@require_POST
@login_required
def attendance_add(request, pk):
    event = _managed_event_or_404(request, pk)
    back = reverse("events:manage", args=[event.pk]) + "#participants"
    if not policies.can_mark_attendance(request.user, event):
        messages.error(request, _("Attendance is marked from the start of an announced event."))
        return redirect(back)
    form = PresentForm(request.POST, people=selectors.walk_in_choices(event), prefix=PRESENT_PREFIX)
    if form.is_valid():
        try:
            services.attendance_add(actor=request.user, event=event, user=form.cleaned_data["user"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The participant is marked present."))
            return redirect(back)
    return _manage_again(request, event, present_form=form)


@require_POST
@login_required
def person_add(request, pk):
    event = _editable_event_or_404(request, pk)
    form = PersonForm(request.POST, people=selectors.staff_choices(event, event.community))
    if form.is_valid():
        try:
            services.event_person_add(
                actor=request.user,
                event=event,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                topic=form.cleaned_data["topic"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The person is added."))
            return redirect(reverse("events:manage", args=[event.pk]) + "#people")
    return _manage_again(request, event, person_form=form)


@require_POST
@login_required
def person_remove(request, pk):
    person = EventPerson.objects.select_related("event").filter(pk=pk).first()
    if person is None:
        raise Http404
    event = _editable_event_or_404(request, person.event_id)
    person.event = event
    try:
        services.event_person_remove(actor=request.user, person=person)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The person is removed from the event."))
    return redirect(reverse("events:manage", args=[event.pk]) + "#people")


@require_POST
@login_required
@keeps_upload_names
def material_add_file(request, pk):
    event = _editable_event_or_404(request, pk)
    form = MaterialFileForm(request.POST, request.FILES, prefix=FILE_PREFIX)
    names = unsafe_upload_names(request)
    if names:
        form.is_valid()
        form.add_error("file", unsafe_name_message(names[0]))
    elif form.is_valid():
        try:
            services.event_material_add_file(
                actor=request.user,
                event=event,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ActionRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            messages.success(request, _("The material is added."))
            return redirect(reverse("events:manage", args=[event.pk]) + "#materials")
    return _manage_again(request, event, file_form=form)


@require_POST
@login_required
def material_add_link(request, pk):
    event = _editable_event_or_404(request, pk)
    form = MaterialLinkForm(request.POST, prefix=LINK_PREFIX)
    if form.is_valid():
        try:
            services.event_material_add_link(
                actor=request.user,
                event=event,
                url=form.cleaned_data["url"],
                title=form.cleaned_data["title"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The link is added."))
            return redirect(reverse("events:manage", args=[event.pk]) + "#materials")
    return _manage_again(request, event, link_form=form)


@require_POST
@login_required
def material_add_bank(request, pk):
    event = _editable_event_or_404(request, pk)
    form = BankMaterialForm(request.POST)
    if form.is_valid():
        try:
            services.event_material_add_material(
                actor=request.user, event=event, material_id=form.cleaned_data["material"]
            )
        except ActionRefused as refusal:
            form.add_error("material", refusal.message)
        else:
            messages.success(request, _("The material of the bank is attached."))
            return redirect(reverse("events:manage", args=[event.pk]) + "#materials")
    return _manage_again(request, event, bank_form=form)


@require_POST
@login_required
def material_remove(request, pk):
    item = EventMaterial.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    event = _editable_event_or_404(request, item.event_id)
    item.event = event
    services.event_material_remove(actor=request.user, item=item)
    messages.success(request, _("The material is removed from the event."))
    return redirect(reverse("events:manage", args=[event.pk]) + "#materials")


def material_download(request, pk):
    item = EventMaterial.objects.filter(pk=pk).first()
    if item is None or not item.file:
        raise Http404
    event = _event_or_404(request, item.event_id)
    if not policies.can_view_materials(request.user, event):
        raise Http404
    try:
        handle = item.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.original_name or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def recording(request, pk):
    event = _editable_event_or_404(request, pk)
    form = RecordingForm(request.POST)
    if form.is_valid():
        try:
            services.event_recording_set(
                actor=request.user, event=event, url=form.cleaned_data["recording_url"]
            )
        except ActionRefused as refusal:
            form.add_error("recording_url", refusal.message)
        else:
            messages.success(request, _("The recording link is saved."))
            return redirect(reverse("events:manage", args=[event.pk]) + "#recording")
    return _manage_again(request, event, recording_form=form)
