"""Pages of the virtual methodical cabinet. The catalogue and the community cabinets are open to
everyone, anonymous visitors included (regulation 004 1.8); changes need a policy's yes.
Thin: policies decide, selectors read, services write."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.cabinet import policies, selectors, services
from pedset.cabinet.forms import (
    CatalogueFilterForm,
    CouncilSeatForm,
    RecommendForm,
    SeatEndForm,
    WithdrawForm,
)
from pedset.cabinet.models import CouncilMember
from pedset.cabinet.wording import local_date
from pedset.communities.models import Community
from pedset.communities.services import ActionRefused
from pedset.core.policies import community_role
from pedset.materials.policies import can_view_material

PAGE_SIZE = 20


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _entry_or_404(pk: int):
    entry = selectors.entry_detail(pk)
    if entry is None:
        raise Http404
    return entry


def _catalogue_context(request, *, community=None) -> dict:
    choices = selectors.catalogue_choices()
    probe = CatalogueFilterForm(request.GET, choices=choices, community=community)
    filters = probe.filters(community=community)
    counts = selectors.catalogue_counts(filters)
    # The form shown carries the counts beside each value.
    form = CatalogueFilterForm(request.GET, choices=choices, counts=counts, community=community)
    form.is_valid()
    page = Paginator(selectors.catalogue(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.material_url = services.material_url(entry.material)
        entry.order_verify_url = services.verify_url(entry.order)
        entry.order_date = local_date(entry.community, entry.order.issued_at)
    # On a community's page its community is the address, not a filter to reset.
    is_filtered = dataclasses.replace(filters, community=None).is_filtered
    if community is None:
        is_filtered = filters.is_filtered
    return {"form": form, "filters": filters, "is_filtered": is_filtered, "page_obj": page}


def catalogue(request):
    return render(request, "cabinet/catalogue.html", _catalogue_context(request))


def community_cabinet(request, slug):
    community = _community_or_404(slug)
    context = _catalogue_context(request, community=community)
    council = selectors.council(community)
    if council and community_role(request.user, community) is None:
        selectors.with_public_consents(council)  # a reader from outside the community
    for seat in council:
        seat.community = community
        seat.shown_fields = policies.council_seat_shown_fields(request.user, seat)
    context.update(
        community=community,
        council=council,
        can_manage_council=policies.can_manage_council(request.user, community),
    )
    return render(request, "cabinet/community.html", context)


def entry_detail(request, pk):
    """The entry's record in the cabinet: the order, the recommendation, the withdrawal; the
    forms for those who may change them. The material itself is on the material page."""
    entry = _entry_or_404(pk)
    user = request.user
    # A withdrawn entry (its reasons included) is for those who may still see the material.
    if entry.withdrawn_at is not None and not can_view_material(user, entry.material):
        raise Http404
    can_recommend = policies.can_recommend_entry(user, entry)
    # The date printed on the order: the day in the community's time zone.
    entry.order_date = local_date(entry.community, entry.order.issued_at)
    return render(
        request,
        "cabinet/entry.html",
        {
            "entry": entry,
            "community": entry.community,
            "material_url": services.material_url(entry.material),
            "order_verify_url": services.verify_url(entry.order),
            "can_recommend": can_recommend,
            "can_withdraw": policies.can_withdraw_entry(user, entry),
            "recommend_form": RecommendForm(initial={"note": entry.recommendation_note})
            if can_recommend
            else None,
        },
    )


@login_required
@require_POST
def entry_recommend(request, pk):
    entry = _entry_or_404(pk)
    if not policies.can_recommend_entry(request.user, entry):
        raise PermissionDenied
    # "1" marks, anything else unmarks; the note is needed only to mark.
    recommended = request.POST.get("recommended") == "1"
    form = RecommendForm(request.POST)
    if recommended and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cabinet:entry", entry.pk)
    try:
        services.entry_recommend(
            actor=request.user,
            entry=entry,
            recommended=recommended,
            note=form.cleaned_data.get("note", "") if recommended else "",
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The material is marked as recommended for publication.")
            if recommended
            else _("The recommendation for publication is removed."),
        )
    return redirect("cabinet:entry", entry.pk)


@login_required
def entry_withdraw(request, pk):
    entry = _entry_or_404(pk)
    if not policies.can_withdraw_entry(request.user, entry):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_withdraw(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The material is withdrawn from the cabinet."))
            return redirect("cabinet:entry", entry.pk)
    return render(
        request,
        "cabinet/withdraw.html",
        {"entry": entry, "community": entry.community, "form": form},
    )


@login_required
def council_manage(request, slug):
    community = _community_or_404(slug)
    if not policies.can_manage_council(request.user, community):
        raise PermissionDenied
    form = CouncilSeatForm(request.POST or None, candidates=selectors.council_candidates(community))
    if request.method == "POST" and form.is_valid():
        try:
            services.council_seat_add(actor=request.user, community=community, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The member is added to the council."))
            return redirect("cabinet:council", community.slug)
    return render(
        request,
        "cabinet/council.html",
        {
            "community": community,
            "form": form,
            "council": selectors.council(community, for_managers=True),
            "history": selectors.council_history(community)[:50],
            "end_form": SeatEndForm(),
        },
    )


@login_required
@require_POST
def council_seat_end(request, slug, pk):
    community = _community_or_404(slug)
    if not policies.can_manage_council(request.user, community):
        raise PermissionDenied
    seat = CouncilMember.objects.filter(community=community, pk=pk).first()
    if seat is None:
        raise Http404
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cabinet:council", community.slug)
    try:
        services.council_seat_end(
            actor=request.user, seat=seat, until=form.cleaned_data.get("until")
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The seat on the council is ended."))
    return redirect("cabinet:council", community.slug)
