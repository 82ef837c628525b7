"""Pages of the announcements app. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pedset.announcements import policies, selectors, services
from pedset.announcements.forms import AnnouncementForm
from pedset.communities.models import Community

PAGE_SIZE = 20


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _readable_community(request, slug: str) -> Community:
    community = _community_or_404(slug)
    if not policies.can_read_announcements(request.user, community):
        raise PermissionDenied
    return community


def _announcement_or_404(community: Community, pk: int):
    announcement = selectors.announcement_in(community, pk)
    if announcement is None:
        raise Http404
    return announcement


@login_required
def announcement_list(request, slug):
    community = _readable_community(request, slug)
    today = selectors.community_today(community)
    page = Paginator(selectors.announcement_list(community, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "announcements/list.html",
        {
            "community": community,
            "page_obj": page,
            "can_publish": policies.can_publish_announcement(request.user, community),
        },
    )


@login_required
def announcement_detail(request, slug, pk):
    community = _readable_community(request, slug)
    announcement = _announcement_or_404(community, pk)
    return render(
        request,
        "announcements/detail.html",
        {
            "community": community,
            "announcement": announcement,
            "is_pinned": announcement.is_pinned_on(selectors.community_today(community)),
            "can_edit": policies.can_edit_announcement(request.user, announcement),
            "can_delete": policies.can_delete_announcement(request.user, announcement),
        },
    )


def _save(request, form, write):
    """Runs the service; its refusal (checked again there) lands on the form, nothing saved."""
    try:
        return write(**form.cleaned_data)
    except services.AnnouncementRefused as refusal:
        form.add_error(None, refusal.message)
        return None


@login_required
def announcement_create(request, slug):
    community = _community_or_404(slug)
    if not policies.can_publish_announcement(request.user, community):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        announcement = _save(
            request,
            form,
            lambda **data: services.announcement_publish(
                actor=request.user, community=community, **data
            ),
        )
        if announcement is not None:
            messages.success(
                request,
                _("The announcement is published; the members are notified."),
            )
            return redirect("announcements:detail", community.slug, announcement.pk)
    return render(
        request,
        "announcements/form.html",
        {"community": community, "form": form, "announcement": None},
    )


@login_required
def announcement_edit(request, slug, pk):
    community = _readable_community(request, slug)
    announcement = _announcement_or_404(community, pk)
    if not policies.can_edit_announcement(request.user, announcement):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, community=community, announcement=announcement)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            lambda **data: services.announcement_edit(
                actor=request.user, announcement=announcement, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("The announcement is saved."))
            return redirect("announcements:detail", community.slug, announcement.pk)
    return render(
        request,
        "announcements/form.html",
        {"community": community, "form": form, "announcement": announcement},
    )


@login_required
def announcement_delete(request, slug, pk):
    community = _readable_community(request, slug)
    announcement = _announcement_or_404(community, pk)
    if not policies.can_delete_announcement(request.user, announcement):
        raise PermissionDenied
    if request.method == "POST":
        services.announcement_delete(actor=request.user, announcement=announcement)
        messages.success(request, _("The announcement is deleted."))
        return redirect("announcements:list", community.slug)
    return render(
        request,
        "announcements/delete.html",
        {"community": community, "announcement": announcement},
    )
