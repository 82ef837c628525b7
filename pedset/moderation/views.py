"""Pages of moderation: reporting a post or a message, the queue, warnings, suspensions, the log
and a member's history. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.communities.models import Community
from pedset.core.views import safe_next
from pedset.moderation import policies, selectors, services
from pedset.moderation.forms import (
    FlagForm,
    LiftForm,
    LogFilterForm,
    ResolveForm,
    SuspendForm,
    WarnForm,
)
from pedset.moderation.models import ModerationAction, Suspension
from pedset.moderation.services import Decision, ModerationRefused

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 30


def _bound(request):
    return request.POST if request.method == "POST" else None


def _community(slug: str, policy, user) -> Community:
    community = selectors.community_for_moderation(slug)
    if community is None:
        raise Http404
    if not policy(user, community):
        raise PermissionDenied
    return community


# --- Reporting -------------------------------------------------------------------------------


def _flag_page(request, *, post=None, message=None, back_url: str):
    """The report form for one item. Who cannot see the item gets 404; who sees it but may not
    report it is told why (403); a second report is told it is already there."""
    if post is not None:
        allowed = policies.can_flag_post(request.user, post)
        item = {"post": post}
    else:
        allowed = policies.can_flag_message(request.user, message)
        item = {"message": message}
    context = {"post": post, "message": message, "back_url": back_url}
    if not allowed:
        context["refusal"] = services.flag_obstacle(request.user, **item)
        return render(request, "moderation/flag.html", context, status=403)
    if services.has_open_flag(request.user, **item):
        context["refusal"] = services.already_flagged_message()
        context["already"] = True
        return render(request, "moderation/flag.html", context)
    form = FlagForm(_bound(request))
    if form.is_valid():
        try:
            services.flag_create(
                actor=request.user,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                **item,
            )
        except ModerationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The report has been sent to the moderators; you will be told "
                    "of their decision."
                ),
            )
            return redirect(safe_next(request, fallback=back_url))
    context["form"] = form
    return render(request, "moderation/flag.html", context)


@login_required
def flag_post(request, pk):
    from pedset.forum.models import Post

    post = get_object_or_404(
        Post.objects.select_related("author", "topic__section__community"), pk=pk
    )
    if post.deleted_at is not None or not policies.sees_post(request.user, post):
        raise Http404
    return _flag_page(request, post=post, back_url=services.post_url(post))


@login_required
def flag_message(request, pk):
    from pedset.messaging.models import Message

    message = get_object_or_404(
        Message.objects.select_related("author", "conversation__community"), pk=pk
    )
    if not policies.sees_message(request.user, message):
        raise Http404
    back_url = services.message_url(message) or reverse("core:home")
    return _flag_page(request, message=message, back_url=back_url)


# --- The queue -------------------------------------------------------------------------------


@login_required
def queue(request, slug):
    community = _community(slug, policies.can_view_queue, request.user)
    page = Paginator(selectors.flagged_items(community), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "community": community,
            "page_obj": page,
            "items": selectors.queue_items(community, page.object_list),
            "suspensions": list(selectors.current_suspensions(community)),
            "decisions": Decision,
            "can_view_log": policies.can_view_moderation_log(request.user, community),
        },
    )


def _resolve(request, community, *, post=None, message=None):
    item = selectors.queue_item(community, post=post, message=message)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.flags_resolve(
                actor=request.user,
                community=community,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                post=post,
                message=message,
            )
        except ModerationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Done. The reporters have been told the outcome."))
            return redirect("moderation:queue", community.slug)
    return render(
        request,
        "moderation/resolve.html",
        {"community": community, "item": item, "form": form, "decisions": Decision},
    )


@login_required
@require_POST
def resolve_post(request, slug, pk):
    from pedset.forum.models import Post

    community = _community(slug, policies.can_view_queue, request.user)
    post = get_object_or_404(
        Post.objects.select_related("author", "topic__section"),
        pk=pk,
        topic__section__community=community,
    )
    return _resolve(request, community, post=post)


@login_required
@require_POST
def resolve_message(request, slug, pk):
    from pedset.messaging.models import Message

    community = _community(slug, policies.can_view_queue, request.user)
    message = get_object_or_404(
        Message.objects.select_related("author"), pk=pk, conversation__community=community
    )
    return _resolve(request, community, message=message)


# --- Members: history, warnings, suspensions -------------------------------------------------


def _member(community, pk):
    membership = selectors.member_membership(community, pk)
    if membership is None:
        raise Http404
    return membership


@login_required
def member(request, slug, pk):
    community = _community(slug, policies.can_view_member_history, request.user)
    membership = _member(community, pk)
    person = membership.user
    actions = Paginator(
        selectors.member_content_actions(community, person), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    suspensions = list(selectors.member_suspensions(community, person))
    return render(
        request,
        "moderation/member.html",
        {
            "community": community,
            "membership": membership,
            "person": person,
            "warnings": list(selectors.member_warnings(community, person)),
            "suspensions": suspensions,
            "current": next((s for s in suspensions if s.is_current()), None),
            "page_obj": actions,
            "entries": selectors.annotate_entries(actions.object_list),
            "can_warn": policies.can_warn(request.user, community, person),
            "can_suspend": policies.can_suspend(request.user, community, person),
        },
    )


def _act_on_member(request, slug, pk, policy):
    """The community and the person; a person one may not act on is told why (403)."""
    community = _community(slug, policies.can_moderate, request.user)
    person = _member(community, pk).user
    refusal = None
    if not policy(request.user, community, person):
        refusal = services.act_on_obstacle(request.user, community, person)
    return community, person, refusal


@login_required
def warn(request, slug, pk):
    community, person, refusal = _act_on_member(request, slug, pk, policies.can_warn)
    context = {"community": community, "person": person, "refusal": refusal}
    if refusal:
        return render(request, "moderation/warn.html", context, status=403)
    form = WarnForm(_bound(request))
    if form.is_valid():
        try:
            services.member_warn(
                actor=request.user,
                community=community,
                member=person,
                reason=form.cleaned_data["reason"],
            )
        except ModerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(person)s has been warned; the reason has been sent to them.")
                % {"person": person.get_full_name()},
            )
            return redirect("moderation:member", community.slug, person.pk)
    context["form"] = form
    return render(request, "moderation/warn.html", context)


@login_required
def suspend(request, slug, pk):
    community, person, refusal = _act_on_member(request, slug, pk, policies.can_suspend)
    context = {"community": community, "person": person, "refusal": refusal}
    if refusal:
        return render(request, "moderation/suspend.html", context, status=403)
    form = SuspendForm(_bound(request), community=community)
    if form.is_valid():
        try:
            suspension = services.member_suspend(
                actor=request.user,
                community=community,
                member=person,
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
                until=form.cleaned_data["until"],
            )
        except ModerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(person)s is suspended; the term and the reason have been sent to them.")
                % {"person": person.get_full_name()},
            )
            return redirect("moderation:member", community.slug, suspension.user_id)
    context["form"] = form
    return render(request, "moderation/suspend.html", context)


@login_required
@require_POST
def lift(request, slug, pk):
    community = _community(slug, policies.can_moderate, request.user)
    suspension = get_object_or_404(
        Suspension.objects.select_related("user"), pk=pk, community=community
    )
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.suspension_lift(
                actor=request.user, suspension=suspension, reason=form.cleaned_data["reason"]
            )
        except ModerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The suspension has been lifted."))
            return redirect("moderation:member", community.slug, suspension.user_id)
    return render(
        request,
        "moderation/lift.html",
        {"community": community, "suspension": suspension, "form": form},
    )


# --- The log ---------------------------------------------------------------------------------


@login_required
def log(request, slug):
    community = _community(slug, policies.can_view_moderation_log, request.user)
    form = LogFilterForm(request.GET)
    entries = selectors.moderation_log(community, **form.filters())
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/log.html",
        {
            "community": community,
            "form": form,
            "page_obj": page,
            "entries": selectors.annotate_entries(page.object_list),
            "Action": ModerationAction.Action,
        },
    )
