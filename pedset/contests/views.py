"""Pages of contests, festivals and projects. Thin: policies decide, selectors read, services
write.

An event the reader may not see, or of a form without entries, answers 404; so do an entry, a
file or a score page the reader may not open (their existence is private). A page the reader may
see but not use (the set-up page for a member) answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.contests import policies, selectors, services
from pedset.contests.forms import (
    CriterionForm,
    EntryForm,
    JurorForm,
    NominationForm,
    PlacingsForm,
    ReasonForm,
    ScoreForm,
)
from pedset.contests.models import (
    ContestCriterion,
    EntryFile,
    JuryMember,
    Nomination,
)
from pedset.contests.services import ActionRefused
from pedset.core.uploads import keeps_upload_names, unsafe_name_message, unsafe_upload_names
from pedset.events import selectors as event_selectors
from pedset.events.policies import can_view_event, in_audience


def _event_or_404(request, pk):
    event = event_selectors.event_for_page(pk)
    if event is None or not event.accepts_submissions or not can_view_event(request.user, event):
        raise Http404
    return event


def _managed_event_or_404(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_manage_contest(request.user, event):
        raise PermissionDenied
    return event


def _entry_or_404(request, pk, may=policies.can_view_entry):
    entry = selectors.entry_for_page(pk)
    if entry is None or not may(request.user, entry):
        raise Http404
    return entry


def _refusal(request, refusal: ActionRefused) -> None:
    messages.error(request, refusal.message)


# --- Files of an entry ------------------------------------------------------------------------


def _shows_file_names(user, entry) -> bool:
    """The files' own names are for the authors and those who run the event; the jury reads
    «File 1 (PDF, 2 MB)»: a name often carries the author's name or school (blind review)."""
    return policies.is_entry_author(user, entry) or policies.can_manage_contest(user, entry.event)


def _extension(stored_name: str, original_name: str) -> str:
    for name in (stored_name, original_name):
        base = (name or "").rsplit("/", 1)[-1]
        if "." in base:
            extension = base.rsplit(".", 1)[-1].lower()
            if extension.isalnum() and len(extension) <= 5:
                return extension
    return "bin"


def blind_file_name(entry, number: int, item) -> str:
    """What a file is downloaded as by those who may not see its name: entry-<pk>-<n>.<ext>."""
    return f"entry-{entry.pk}-{number}.{_extension(item.file.name, item.original_name)}"


@dataclass
class FileRow:
    url: str
    label: str
    size: int
    from_material: bool


def _file_rows(entry, material_files, *, named: bool) -> list[FileRow]:
    """The entry's files, then the current files of its material from the bank, numbered in
    that order (the numbers of the downloads' blind names); their own names when ``named``."""
    rows = []
    items = [(item, False) for item in entry.files.all()]
    items += [(item, True) for item in material_files]
    for number, (item, from_material) in enumerate(items, start=1):
        if from_material:
            url = reverse("contests:material_file", args=[entry.pk, item.pk])
        else:
            url = reverse("contests:file", args=[item.pk])
        if named:
            label = item.original_name
        else:
            label = _("File %(n)s (%(type)s, %(size)s)") % {
                "n": number,
                "type": _extension(item.file.name, item.original_name).upper(),
                "size": filesizeformat(item.size),
            }
        rows.append(FileRow(url=url, label=label, size=item.size, from_material=from_material))
    return rows


# --- Set-up ------------------------------------------------------------------------------------


def _setup_page(request, event, **forms):
    can_setup = policies.can_setup_contest(request.user, event)
    context = {
        "event": event,
        "community": event.community,
        "can_setup": can_setup,
        "scoring_started": services.scoring_started(event),
        "nominations": selectors.nominations_of(event),
        "criteria": selectors.criteria_of(event) if event.has_jury else [],
        "jury": selectors.jury_of(event) if event.has_jury else [],
    }
    if can_setup:
        context["nomination_form"] = forms.get("nomination_form") or NominationForm()
        if event.has_jury:
            context["criterion_form"] = forms.get("criterion_form") or CriterionForm()
            context["juror_form"] = forms.get("juror_form") or JurorForm(event=event)
    return render(request, "contests/setup.html", context)


@login_required
def setup(request, pk):
    event = _managed_event_or_404(request, pk)
    return _setup_page(request, event)


def _setup_post(request, pk, form_class, form_name, write, done, form_kwargs):
    event = _managed_event_or_404(request, pk)
    form = form_class(request.POST, **form_kwargs(event))
    if form.is_valid():
        try:
            write(event, form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, done)
            return redirect("contests:setup", event.pk)
    return _setup_page(request, event, **{form_name: form})


@require_POST
@login_required
def nomination_add(request, pk):
    return _setup_post(
        request,
        pk,
        NominationForm,
        "nomination_form",
        lambda event, data: services.nomination_add(
            actor=request.user, event=event, name=data["name"]
        ),
        _("The nomination is added."),
        form_kwargs=lambda event: {},
    )


@require_POST
@login_required
def criterion_add(request, pk):
    return _setup_post(
        request,
        pk,
        CriterionForm,
        "criterion_form",
        lambda event, data: services.criterion_add(
            actor=request.user, event=event, name=data["name"], max_score=data["max_score"]
        ),
        _("The criterion is added."),
        form_kwargs=lambda event: {},
    )


@require_POST
@login_required
def juror_add(request, pk):
    return _setup_post(
        request,
        pk,
        JurorForm,
        "juror_form",
        lambda event, data: services.juror_add(
            actor=request.user, event=event, user=data["user"], is_chair=data["is_chair"]
        ),
        _("The juror is added and told."),
        form_kwargs=lambda event: {"event": event},
    )


def _setup_item(request, model, pk):
    """A nomination, criterion or jury seat of an event the reader runs (404 otherwise)."""
    item = get_object_or_404(model.objects.select_related("event"), pk=pk)
    _managed_event_or_404(request, item.event_id)
    return item


def _setup_remove(request, model, pk, write, done):
    item = _setup_item(request, model, pk)
    try:
        write(item)
    except ActionRefused as refusal:
        _refusal(request, refusal)
    else:
        messages.success(request, done)
    return redirect("contests:setup", item.event_id)


@require_POST
@login_required
def nomination_remove(request, pk):
    return _setup_remove(
        request,
        Nomination,
        pk,
        lambda item: services.nomination_remove(actor=request.user, nomination=item),
        _("The nomination is removed."),
    )


@require_POST
@login_required
def criterion_remove(request, pk):
    return _setup_remove(
        request,
        ContestCriterion,
        pk,
        lambda item: services.criterion_remove(actor=request.user, criterion=item),
        _("The criterion is removed."),
    )


@require_POST
@login_required
def juror_remove(request, pk):
    return _setup_remove(
        request,
        JuryMember,
        pk,
        lambda item: services.juror_remove(actor=request.user, seat=item),
        _("The juror is removed from the jury."),
    )


@require_POST
@login_required
def juror_chair(request, pk):
    return _setup_remove(
        request,
        JuryMember,
        pk,
        lambda item: services.juror_make_chair(actor=request.user, seat=item),
        _("The chair of the jury is changed."),
    )


# --- Entries -----------------------------------------------------------------------------------


@login_required
@keeps_upload_names
def entry_submit(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_submit_entry(request.user, event):
        obstacle = policies.submit_obstacle(request.user, event)
        if obstacle and in_audience(request.user, event):
            messages.error(request, obstacle)
            return redirect("events:detail", event.pk)
        raise PermissionDenied
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        event=event,
        actor=request.user,
    )
    if request.method == "POST":
        valid = form.is_valid()
        names = unsafe_upload_names(request)
        if names:
            form.add_error("files", unsafe_name_message(names[0]))
        elif valid:
            try:
                entry = services.entry_submit(
                    actor=request.user, event=event, **form.service_arguments()
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The entry is submitted."))
                return redirect("contests:entry", entry.pk)
    return render(
        request,
        "contests/entry_form.html",
        {
            "event": event,
            "community": event.community,
            "form": form,
            "deadline": policies.submissions_deadline(event),
        },
    )


@login_required
def entry_detail(request, pk):
    entry = _entry_or_404(request, pk)
    event = entry.event
    manages = policies.can_manage_contest(request.user, event)
    named = manages or policies.is_entry_author(request.user, entry)
    material_files, material_links = [], []
    if entry.material_id:
        material_files = list(entry.material.files.filter(replaced_at=None).order_by("id"))
        material_links = list(entry.material.links.filter(replaced_at=None).order_by("id"))
    return render(
        request,
        "contests/entry.html",
        {
            "entry": entry,
            "event": event,
            "community": event.community,
            "authors": list(entry.authors.all()),
            "manages": manages,
            "show_result": manages or policies.results_published(event),
            "files": _file_rows(entry, material_files, named=named),
            "material_links": material_links,
            "shows_file_names": named,
            "can_withdraw": policies.can_withdraw_entry(request.user, entry),
            "can_disqualify": policies.can_disqualify_entry(request.user, entry),
        },
    )


@require_POST
@login_required
def entry_withdraw(request, pk):
    entry = _entry_or_404(request, pk)
    try:
        services.entry_withdraw(actor=request.user, entry=entry)
    except ActionRefused as refusal:
        _refusal(request, refusal)
    else:
        messages.success(request, _("The entry is withdrawn from the contest."))
    return redirect("contests:entry", entry.pk)


@login_required
def entry_disqualify(request, pk):
    entry = _entry_or_404(request, pk)
    if not policies.can_disqualify_entry(request.user, entry):
        raise PermissionDenied
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_disqualify(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The entry is not admitted; its authors are told."))
            return redirect("contests:entry", entry.pk)
    return render(
        request,
        "contests/disqualify.html",
        {"entry": entry, "event": entry.event, "community": entry.event.community, "form": form},
    )


@login_required
def entries(request, pk):
    event = _managed_event_or_404(request, pk)
    return render(
        request,
        "contests/entries.html",
        {
            "event": event,
            "community": event.community,
            "entries": selectors.entries_for_managers(event),
            "progress": selectors.jury_progress(event) if event.has_jury else [],
            "criteria_count": len(selectors.criteria_of(event)) if event.has_jury else 0,
        },
    )


def _file_response(handle, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_download(request, pk):
    """An entry's file, for those the policy allows: under its original name for the authors
    and those who run the event, as entry-<pk>-<n>.<ext> for the jury."""
    entry_file = EntryFile.objects.select_related("entry__event__community").filter(pk=pk).first()
    if entry_file is None or not policies.can_download_entry_file(request.user, entry_file.entry):
        raise Http404
    entry = entry_file.entry
    if _shows_file_names(request.user, entry):
        name = entry_file.original_name
    else:
        number = EntryFile.objects.filter(entry=entry, pk__lt=entry_file.pk).count() + 1
        name = blind_file_name(entry, number, entry_file)
    try:
        handle = entry_file.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return _file_response(handle, name, entry_file.content_type)


def material_file_download(request, pk, file_pk):
    """A file of the entry's material from the bank, served here so that the jury gets it
    without the material's page (which names its authors)."""
    entry = selectors.entry_for_page(pk)
    if entry is None or not entry.material_id:
        raise Http404
    if not policies.can_download_entry_file(request.user, entry):
        raise Http404
    current = entry.material.files.filter(replaced_at=None)
    material_file = current.filter(pk=file_pk).first()
    if material_file is None:
        raise Http404
    if _shows_file_names(request.user, entry):
        name = material_file.original_name
    else:
        # Numbered after the entry's own files, as the pages list them.
        number = len(entry.files.all()) + current.filter(pk__lt=material_file.pk).count() + 1
        name = blind_file_name(entry, number, material_file)
    try:
        handle = material_file.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return _file_response(handle, name, material_file.content_type)


# --- The jury ----------------------------------------------------------------------------------


@login_required
def jury(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_judge_contest(request.user, event):
        raise Http404
    seat = policies.jury_seat(request.user, event)
    criteria = selectors.criteria_of(event)
    rows = list(selectors.judged_entries(seat))
    for row in rows:
        row.done = bool(criteria) and row.my_scores >= len(criteria)
    return render(
        request,
        "contests/jury.html",
        {
            "event": event,
            "community": event.community,
            "seat": seat,
            "criteria": criteria,
            "entries": rows,
            "done_count": sum(1 for row in rows if row.done),
            "published": policies.results_published(event),
        },
    )


def _judged_entry_or_404(request, pk):
    entry = selectors.entry_for_page(pk)
    if entry is None or not policies.can_judge_contest(request.user, entry.event):
        raise Http404
    if not policies.may_judge(request.user, entry):
        raise Http404
    return entry


@login_required
def entry_score(request, pk):
    entry = _judged_entry_or_404(request, pk)
    event = entry.event
    seat = policies.jury_seat(request.user, event)
    criteria = selectors.criteria_of(event)
    current = selectors.my_scores(seat, entry)
    can_score = policies.can_score_entry(request.user, entry) and bool(criteria)
    form = None
    if can_score:
        form = ScoreForm(
            request.POST if request.method == "POST" else None, criteria=criteria, scores=current
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.entry_score(actor=request.user, entry=entry, scores=form.scores())
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The scores are saved."))
                return redirect("contests:jury", event.pk)
    elif request.method == "POST":
        if policies.results_published(event):
            messages.error(
                request, _("The results are published: the scores can no longer change.")
            )
        else:
            messages.error(request, _("Scoring is closed for this event."))
        return redirect("contests:score", entry.pk)
    named = _shows_file_names(request.user, entry)
    material_files, material_links = [], []
    if entry.material_id:
        material_files = list(entry.material.files.filter(replaced_at=None).order_by("id"))
        material_links = list(entry.material.links.filter(replaced_at=None).order_by("id"))
    return render(
        request,
        "contests/score.html",
        {
            "entry": entry,
            "event": event,
            "community": event.community,
            "form": form,
            "scores": [(criterion, current.get(criterion.pk)) for criterion in criteria],
            "files": _file_rows(entry, material_files, named=named),
            "material_links": material_links,
            "shows_file_names": named,
            "published": policies.results_published(event),
        },
    )


# --- Results -----------------------------------------------------------------------------------


@login_required
def results_manage(request, pk):
    event = _managed_event_or_404(request, pk)
    can_prepare = policies.can_publish_results(request.user, event)
    groups = selectors.results_for_managers(event)
    admitted = [entry for _nomination, rows in groups for entry in rows]
    computed = bool(admitted) and all(entry.placing for entry in admitted)
    form = None
    if can_prepare and computed:
        form = PlacingsForm(request.POST if request.method == "POST" else None, entries=admitted)
        if request.method == "POST" and form.is_valid():
            try:
                changed = services.placings_set(
                    actor=request.user, event=event, placings=form.placings()
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("The results are saved (%(n)s changed).") % {"n": changed},
                )
                return redirect("contests:results_manage", event.pk)
    elif request.method == "POST":
        messages.error(request, _("The results cannot be changed now."))
        return redirect("contests:results_manage", event.pk)
    fields = {}
    if form is not None:
        fields = {entry.pk: form[f"placing_{entry.pk}"] for entry in admitted}
    return render(
        request,
        "contests/results_manage.html",
        {
            "event": event,
            "community": event.community,
            "groups": [
                (nomination, [(entry, fields.get(entry.pk)) for entry in rows])
                for nomination, rows in groups
            ],
            "form": form,
            "computed": computed,
            "stale": (
                services.stale_results_message()
                if can_prepare and selectors.results_stale(event)
                else ""
            ),
            "can_prepare": can_prepare,
            "published": policies.results_published(event),
            "deadline": policies.submissions_deadline(event),
            "progress": selectors.jury_progress(event) if event.has_jury else [],
        },
    )


@require_POST
@login_required
def results_compute(request, pk):
    event = _managed_event_or_404(request, pk)
    try:
        services.results_compute(actor=request.user, event=event)
    except ActionRefused as refusal:
        _refusal(request, refusal)
    else:
        messages.success(
            request,
            _("The results are prepared: check the placings, adjust them and publish."),
        )
    return redirect("contests:results_manage", event.pk)


@require_POST
@login_required
def results_publish(request, pk):
    event = _managed_event_or_404(request, pk)
    try:
        services.results_publish(actor=request.user, event=event)
    except ActionRefused as refusal:
        _refusal(request, refusal)
        return redirect("contests:results_manage", event.pk)
    messages.success(request, _("The results are published; the authors are told."))
    return redirect("contests:results", event.pk)


def results(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_view_results(request.user, event):
        raise Http404
    return render(
        request,
        "contests/results.html",
        {
            "event": event,
            "community": event.community,
            "groups": selectors.results_by_nomination(event),
            "manages": policies.can_manage_contest(request.user, event),
        },
    )
