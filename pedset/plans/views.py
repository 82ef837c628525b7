"""Pages of the work plan. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pedset.communities.models import Community
from pedset.core.uploads import keeps_upload_names, unsafe_name_message, unsafe_upload_names
from pedset.events import policies as event_policies
from pedset.plans import exports, importers, policies, selectors, services
from pedset.plans.forms import ImportForm, PlanItemForm, StatusForm
from pedset.plans.models import PlanItemStatus
from pedset.plans.services import ActionRefused, ImportRejected

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _year_or_404(year: int) -> int:
    if not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
        raise Http404
    return year


def _editable_community(request, slug) -> Community:
    community = _community_or_404(slug)
    if not policies.can_edit_plan(request.user, community):
        raise PermissionDenied
    return community


def _item_or_404(request, slug, pk):
    community = _editable_community(request, slug)
    item = selectors.item_of(community, pk)
    if item is None:
        raise Http404
    return community, item


def _plan_url(community, year: int, item=None) -> str:
    url = reverse("plans:year", args=[community.slug, year])
    return f"{url}#item-{item.pk}" if item is not None else url


def _posted(request):
    """The submitted data, bound even when empty (an empty POST is a form with errors)."""
    return request.POST if request.method == "POST" else None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The plan ----------------------------------------------------------------------------------


def plan(request, slug, year=None):
    community = _community_or_404(slug)
    if not policies.can_view_plan(request.user, community):
        raise Http404
    today = selectors.community_today(community)
    year = _year_or_404(year if year is not None else today.year)
    work_plan = selectors.plan_for(community, year)
    user = request.user
    with_people = policies.can_see_responsible(user, community)
    items = selectors.plan_items(work_plan, user=user, with_people=with_people) if work_plan else []
    for item in items:
        item.is_overdue = selectors.is_overdue(item, today)
    years = sorted(set(selectors.plan_years(community)) | {today.year, today.year + 1, year})
    can_edit = policies.can_edit_plan(user, community)
    changed_after_approval = bool(
        work_plan
        and work_plan.approved_at
        and any(item.updated_at > work_plan.approved_at for item in items)
    )
    return render(
        request,
        "plans/plan.html",
        {
            "community": community,
            "year": year,
            "plan": work_plan,
            "items": items,
            "summary": selectors.summary(items, today),
            "years": years,
            "today": today,
            "with_people": with_people,
            "can_edit": can_edit,
            "can_approve": bool(work_plan) and policies.can_approve_plan(user, work_plan),
            "can_export": bool(items) and policies.can_export_plan(user, community),
            "can_create_event": event_policies.can_create_event(user, community),
            "changed_after_approval": changed_after_approval,
            "open_statuses": selectors.OPEN_STATUSES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, slug, year):
    community = _editable_community(request, slug)
    work_plan = selectors.plan_for(community, _year_or_404(year))
    if work_plan is None:
        raise Http404
    if request.method == "POST":
        try:
            services.plan_approve(actor=request.user, plan=work_plan, request=request)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The plan is approved."))
        return redirect(_plan_url(community, work_plan.year))
    if not policies.can_approve_plan(request.user, work_plan):
        messages.error(
            request,
            _("The plan is already approved.")
            if work_plan.approved_at
            else _("The plan has no items yet: there is nothing to approve."),
        )
        return redirect(_plan_url(community, work_plan.year))
    return render(request, "plans/approve.html", {"community": community, "plan": work_plan})


def _export(request, slug, year, render_file, extension, content_type):
    community = _community_or_404(slug)
    if not policies.can_view_plan(request.user, community):
        raise Http404
    if not policies.can_export_plan(request.user, community):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    work_plan = selectors.plan_for(community, _year_or_404(year))
    if work_plan is None:
        raise Http404
    items = selectors.plan_for_export(work_plan, user=request.user)
    filename = f"План работы {community.slug} {work_plan.year}.{extension}"
    return _download(render_file(work_plan, items), content_type, filename)


def export_docx(request, slug, year):
    return _export(request, slug, year, exports.plan_docx, "docx", DOCX_TYPE)


def export_xlsx(request, slug, year):
    return _export(request, slug, year, exports.plan_xlsx, "xlsx", XLSX_TYPE)


# --- Import ------------------------------------------------------------------------------------


@login_required
def import_template(request, slug):
    community = _editable_community(request, slug)
    year = selectors.community_today(community).year
    return _download(exports.template_xlsx(), XLSX_TYPE, f"Шаблон плана работы {year}.xlsx")


@login_required
@keeps_upload_names
@require_http_methods(["GET", "POST"])
def plan_import(request, slug, year):
    community = _editable_community(request, slug)
    year = _year_or_404(year)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if request.method == "POST" and form.is_valid():
        names = unsafe_upload_names(request)
        if names:
            form.add_error("file", unsafe_name_message(names[0]))
        else:
            try:
                items = services.plan_import(
                    actor=request.user,
                    community=community,
                    year=year,
                    uploaded_file=form.cleaned_data.get("file"),
                    move_dates=form.cleaned_data.get("move_dates", False),
                    request=request,
                )
            except ImportRejected as rejection:
                report = rejection
            except ActionRefused as refusal:
                form.add_error("file", refusal.message)
            else:
                messages.success(
                    request,
                    _("Items added to the plan: %(n)s.") % {"n": len(items)},
                )
                return redirect(_plan_url(community, year))
    return render(
        request,
        "plans/import.html",
        {
            "community": community,
            "year": year,
            "form": form,
            "report": report,
            "shown_errors": report.errors[: importers.MAX_REPORTED_ERRORS] if report else [],
            "hidden_errors": max(0, len(report.errors) - importers.MAX_REPORTED_ERRORS)
            if report
            else 0,
            "max_rows": importers.MAX_ROWS,
            "max_bytes": importers.upload_rules().max_bytes,
        },
        status=400 if report or form.errors else 200,
    )


# --- Items -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, slug, year):
    community = _editable_community(request, slug)
    year = _year_or_404(year)
    form = PlanItemForm(_posted(request), community=community, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_create(
                actor=request.user,
                community=community,
                year=year,
                request=request,
                **form.service_arguments(),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The item is added to the plan."))
            return redirect(_plan_url(community, year, item))
    return render(
        request,
        "plans/item_form.html",
        {"community": community, "year": year, "form": form, "item": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, pk):
    community, item = _item_or_404(request, slug, pk)
    year = item.plan.year
    form = PlanItemForm(_posted(request), community=community, year=year, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_update(
                actor=request.user, item=item, request=request, **form.service_arguments()
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(_plan_url(community, year, item))
    return render(
        request,
        "plans/item_form.html",
        {"community": community, "year": year, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_status(request, slug, pk):
    community, item = _item_or_404(request, slug, pk)
    # «Mark done» on the plan links here with ?status=done: the choice is made, not saved.
    offered = request.GET.get("status")
    status = offered if offered in PlanItemStatus.values else item.status
    form = StatusForm(_posted(request), initial={"status": status, "note": item.status_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_status_set(
                actor=request.user,
                item=item,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The status of the item is saved."))
            return redirect(_plan_url(community, item.plan.year, item))
    return render(
        request,
        "plans/item_status.html",
        {"community": community, "year": item.plan.year, "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, slug, pk):
    community, item = _item_or_404(request, slug, pk)
    year = item.plan.year
    can_delete = policies.can_delete_plan_item(request.user, item)
    if request.method == "POST":
        try:
            services.plan_item_delete(actor=request.user, item=item, request=request)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(reverse("plans:item_status", args=[community.slug, item.pk]))
        messages.success(request, _("The item is deleted from the plan."))
        return redirect(_plan_url(community, year))
    return render(
        request,
        "plans/item_delete.html",
        {
            "community": community,
            "year": year,
            "item": item,
            "can_delete": can_delete,
            "cancelled": PlanItemStatus.CANCELLED,
        },
    )
