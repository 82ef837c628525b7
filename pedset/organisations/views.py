from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pedset.organisations import importers, policies, selectors, services
from pedset.organisations.forms import ImportForm, OrganisationForm, RegistryFilterForm
from pedset.organisations.models import Organisation

PAGE_SIZE = 25


def registry(request):
    if not policies.can_view_organisations(request.user):
        raise PermissionDenied
    districts = selectors.registry_districts()
    form = RegistryFilterForm(request.GET or None, districts=districts)
    filters = form.filters() if form.is_bound else {}
    organisations = selectors.organisation_registry(**filters)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(filters.values()),
            "can_manage": policies.can_manage_organisations(request.user),
        },
    )


def _organisation_or_404(pk: int) -> Organisation:
    try:
        return selectors.organisation_detail(pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def detail(request, pk: int):
    if not policies.can_view_organisations(request.user):
        raise PermissionDenied
    organisation = _organisation_or_404(pk)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "communities": selectors.organisation_communities(organisation),
            "can_manage": policies.can_manage_organisations(request.user),
        },
    )


def _require_manager(user) -> None:
    if not policies.can_manage_organisations(user):
        raise PermissionDenied


@login_required
def create(request):
    _require_manager(request.user)
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, actor=request.user)
    if form.is_bound and form.is_valid():
        organisation = services.organisation_create(
            actor=request.user, data=form.cleaned_data, request=request
        )
        messages.success(request, _("The organisation is added to the registry."))
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": None})


@login_required
def edit(request, pk: int):
    _require_manager(request.user)
    organisation = _organisation_or_404(pk)
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, instance=organisation, actor=request.user)
    if form.is_bound and form.is_valid():
        services.organisation_update(
            actor=request.user,
            organisation=organisation,
            data=form.cleaned_data,
            request=request,
        )
        messages.success(request, _("The changes are saved."))
        return redirect("organisations:detail", pk=organisation.pk)
    # The form changed the instance while validating; show the stored name in the heading.
    stored = Organisation.objects.only("short_name").get(pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": stored})


@login_required
def import_file(request):
    _require_manager(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    rejected = None
    if form.is_bound and form.is_valid():
        try:
            result = services.organisations_import(
                actor=request.user, uploaded_file=form.cleaned_data["file"], request=request
            )
        except importers.ImportRefused as refused:
            form.add_error("file", refused.message)
        except services.ImportRejected as error:
            rejected = error
        else:
            messages.success(
                request,
                _(
                    "The registry is loaded: %(created)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": result.unchanged,
                },
            )
            return redirect("organisations:list")
    return render(
        request,
        "organisations/import.html",
        {
            "form": form,
            "rejected": rejected,
            "columns": importers.COLUMNS,
            "kind_words": importers.KIND_TEMPLATE_WORDS,
            "max_rows": importers.MAX_ROWS,
        },
    )


@login_required
def import_template(request, fmt: str):
    _require_manager(request.user)
    if fmt == "csv":
        response = HttpResponse(importers.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            importers.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="organisations-template.{fmt}"'
    return response
