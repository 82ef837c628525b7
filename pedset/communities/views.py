"""Pages of the communities app. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.accounts.policies import visible_profile_fields
from pedset.communities import policies, selectors, services
from pedset.communities.forms import (
    AuditFilterForm,
    CatalogueSearchForm,
    CloseCommunityForm,
    CommunityForm,
    JoinConsentForm,
    JoinRulesForm,
    MemberFilterForm,
    RejectForm,
    RoleForm,
    regulation_content_type,
)
from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.communities.services import ActionRefused
from pedset.core.models import AuditEvent
from pedset.core.views import safe_next

CATALOGUE_PAGE_SIZE = 24
MEMBERS_PAGE_SIZE = 25
REQUESTS_PAGE_SIZE = 30
AUDIT_PAGE_SIZE = 50


def _community_or_404(slug: str) -> Community:
    community = selectors.community_page(slug)
    if community is None:
        raise Http404
    return community


def _bound(request):
    return request.POST if request.method == "POST" else None


# --- Catalogue and the public page ---------------------------------------------------------


def catalogue(request):
    form = CatalogueSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.community_catalogue(search=search), CATALOGUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine = list(selectors.my_memberships(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "communities/list.html",
        {
            "form": form,
            "search": search,
            "page_obj": page,
            "my_memberships": mine,
            "can_create": policies.can_create_community(request.user),
        },
    )


def detail(request, slug):
    community = _community_or_404(slug)
    user = request.user
    if not policies.can_view_community(user, community):
        raise Http404
    can_decide = policies.can_decide_membership(user, community)
    can_join = policies.can_request_join(user, community)
    can_cancel = policies.can_cancel_request(user, community)
    can_leave = policies.can_leave(user, community)
    join_obstacle = None
    if user.is_authenticated and not (can_join or can_cancel or can_leave):
        join_obstacle = services.join_obstacle(user, community)
    consent_missing = False
    if can_decide or policies.can_edit_community(user, community):
        from pedset.privacy.services import current_consent_text

        consent_missing = current_consent_text(community.operator) is None
    from pedset.moderation import policies as moderation_policies
    from pedset.moderation.selectors import open_flag_count

    can_view_queue = moderation_policies.can_view_queue(user, community)
    context = {
        "community": community,
        "coordinators": selectors.community_coordinators(community),
        "can_view_queue": can_view_queue,
        "open_flags": open_flag_count(community) if can_view_queue else 0,
        "can_view_moderation_log": moderation_policies.can_view_moderation_log(user, community),
        "is_full": community.member_cap is not None
        and community.active_members >= community.member_cap,
        "can_join": can_join,
        "can_cancel": can_cancel,
        "can_leave": can_leave,
        "join_obstacle": join_obstacle,
        "can_edit": policies.can_edit_community(user, community),
        "can_close": policies.can_close_community(user, community),
        "can_decide": can_decide,
        "pending_count": selectors.pending_request_count(community) if can_decide else 0,
        "can_view_members": policies.can_view_members(user, community),
        "can_view_audit": policies.can_view_audit(user, community),
        "consent_missing": consent_missing,
    }
    return render(request, "communities/detail.html", context)


def regulation_file(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if not policies.can_view_community(request.user, community) or not community.regulation_file:
        raise Http404
    extension = community.regulation_file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = community.regulation_file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type=regulation_content_type(extension),
        as_attachment=extension != "pdf",
        filename=f"{community.slug}-regulation.{extension}",
    )


# --- Creating, editing, closing ------------------------------------------------------------


@login_required
def create(request):
    if not policies.can_create_community(request.user):
        raise PermissionDenied
    form = CommunityForm(_bound(request), request.FILES or None)
    if form.is_valid():
        try:
            community = services.community_create(
                actor=request.user,
                data=form.settings_data(),
                regulation_file=form.cleaned_data["regulation_file"],
                request=request,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The community has been created."))
            return redirect("communities:detail", community.slug)
    return render(request, "communities/form.html", {"form": form, "community": None})


@login_required
def edit(request, slug):
    community = get_object_or_404(Community.objects.select_related("operator"), slug=slug)
    if not policies.can_edit_community(request.user, community):
        if community.is_closed and policies.can_view_community(request.user, community):
            messages.error(request, _("The community is closed; its settings cannot be changed."))
            return redirect("communities:detail", community.slug)
        raise PermissionDenied
    # The form writes into its instance while validating; the page keeps the stored one.
    form = CommunityForm(
        _bound(request),
        request.FILES or None,
        instance=Community.objects.get(pk=community.pk),
        include_slug=False,
        include_founding=policies.can_edit_founding_details(request.user, community),
    )
    if form.is_valid():
        try:
            changes = services.community_update(
                actor=request.user,
                community=community,
                data=form.settings_data(),
                regulation_file=form.cleaned_data["regulation_file"],
                request=request,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if changes:
                messages.success(request, _("The settings have been saved."))
            else:
                messages.info(request, _("Nothing has changed."))
            return redirect("communities:detail", community.slug)
    return render(request, "communities/form.html", {"form": form, "community": community})


@login_required
def close(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if community.is_closed:
        messages.error(request, _("The community is already closed."))
        return redirect("communities:detail", community.slug)
    if not policies.can_close_community(request.user, community):
        raise PermissionDenied
    form = CloseCommunityForm(_bound(request), community=community)
    if form.is_valid():
        try:
            services.community_close(
                actor=request.user,
                community=community,
                order_number=form.cleaned_data["order_number"],
                order_date=form.cleaned_data["order_date"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The community has been closed."))
            return redirect("communities:detail", community.slug)
    return render(request, "communities/close.html", {"form": form, "community": community})


# --- Joining and leaving -------------------------------------------------------------------


def _join_session_key(community: Community) -> str:
    return f"pedset_join_{community.pk}"


def _refuse_join(request, community: Community):
    messages.error(
        request,
        services.join_obstacle(request.user, community) or _("You cannot join this community."),
    )
    return redirect("communities:detail", community.slug)


@login_required
def join_rules(request, slug):
    """Step 1 of 2: read and accept the rules of conduct."""
    community = get_object_or_404(Community, slug=slug)
    if not policies.can_request_join(request.user, community):
        return _refuse_join(request, community)
    key = _join_session_key(community)
    stored = request.session.get(key) or {}
    form = JoinRulesForm(_bound(request), initial={"motivation": stored.get("motivation", "")})
    if form.is_valid():
        request.session[key] = {
            "rules_accepted_at": timezone.now().isoformat(),
            "motivation": form.cleaned_data["motivation"],
        }
        return redirect("communities:join_consent", community.slug)
    return render(request, "communities/join_rules.html", {"form": form, "community": community})


def _rules_accepted_at(stored) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(stored["rules_accepted_at"])
    except (KeyError, TypeError, ValueError):
        return None


@login_required
def join_consent(request, slug):
    """Step 2 of 2: consent to the operator's processing of personal data, then the request."""
    from pedset.privacy.services import active_consent, current_consent_text

    community = get_object_or_404(Community.objects.select_related("operator"), slug=slug)
    if not policies.can_request_join(request.user, community):
        return _refuse_join(request, community)
    key = _join_session_key(community)
    stored = request.session.get(key) or {}
    rules_accepted_at = _rules_accepted_at(stored)
    if rules_accepted_at is None:
        messages.error(request, _("Read and accept the rules of conduct first."))
        return redirect("communities:join", community.slug)

    consent_text = current_consent_text(community.operator)
    existing = active_consent(request.user, community.operator)
    already_agreed = (
        consent_text is not None
        and existing is not None
        and existing.consent_text_id == consent_text.pk
    )
    form = JoinConsentForm(_bound(request), already_agreed=already_agreed)
    if consent_text is not None and form.is_valid():
        try:
            membership = services.membership_request(
                actor=request.user,
                community=community,
                rules_accepted_at=rules_accepted_at,
                consent_given=form.cleaned_data.get("consent", False),
                motivation=stored.get("motivation", ""),
                request=request,
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("communities:detail", community.slug)
        request.session.pop(key, None)
        if membership.is_active:
            messages.success(request, _("Welcome! You are now a member of the community."))
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. You will be told of the decision in the site "
                    "and by e-mail."
                ),
            )
        return redirect("communities:detail", community.slug)
    return render(
        request,
        "communities/join_consent.html",
        {
            "form": form,
            "community": community,
            "consent_text": consent_text,
            "existing_consent": existing if already_agreed else None,
        },
    )


@login_required
def leave(request, slug):
    community = get_object_or_404(Community, slug=slug)
    withdrawing = policies.can_cancel_request(request.user, community)
    if not (withdrawing or policies.can_leave(request.user, community)):
        messages.error(request, _("You are not a member of this community."))
        return redirect("communities:detail", community.slug)
    if request.method == "POST":
        try:
            services.membership_leave(actor=request.user, community=community, request=request)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            if withdrawing:
                messages.success(request, _("Your request has been withdrawn."))
            else:
                messages.success(request, _("You have left the community."))
        return redirect("communities:detail", community.slug)
    return render(
        request, "communities/leave.html", {"community": community, "withdrawing": withdrawing}
    )


# --- The join-request queue ----------------------------------------------------------------


def _managed_community(request, slug, policy) -> Community:
    community = get_object_or_404(Community, slug=slug)
    if not policy(request.user, community):
        raise PermissionDenied
    return community


@login_required
def requests_queue(request, slug):
    community = _managed_community(request, slug, policies.can_decide_membership)
    page = Paginator(selectors.join_requests(community), REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/requests.html",
        {
            "community": community,
            "page_obj": page,
            "active_members": selectors.active_member_count(community),
        },
    )


@login_required
@require_POST
def approve(request, slug, pk):
    community = _managed_community(request, slug, policies.can_decide_membership)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, community=community
    )
    try:
        services.membership_approve(actor=request.user, membership=membership, request=request)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(person)s is now a member of the community.")
            % {"person": membership.user.get_full_name()},
        )
    return redirect("communities:requests", community.slug)


@login_required
def reject(request, slug, pk):
    community = _managed_community(request, slug, policies.can_decide_membership)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "user__organisation", "organisation"),
        pk=pk,
        community=community,
    )
    if membership.status != MembershipStatus.PENDING:
        messages.error(request, _("This request has already been decided."))
        return redirect("communities:requests", community.slug)
    form = RejectForm(_bound(request))
    if form.is_valid():
        try:
            services.membership_reject(
                actor=request.user,
                membership=membership,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ActionRefused as refusal:
            form.add_error("reason", refusal.message)
        else:
            messages.success(
                request,
                _("The request of %(person)s has been rejected; the applicant is told why.")
                % {"person": membership.user.get_full_name()},
            )
            return redirect("communities:requests", community.slug)
    return render(
        request,
        "communities/reject.html",
        {"community": community, "membership": membership, "form": form},
    )


# --- Members and roles ---------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    visible: frozenset[str]


@login_required
def members(request, slug):
    community = _managed_community(request, slug, policies.can_view_members)
    organisations, subjects = selectors.member_filter_choices(community)
    form = MemberFilterForm(request.GET, organisations=organisations, subjects=subjects)
    memberships = selectors.community_members(community, **form.filters())
    page = Paginator(memberships, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if policies.is_member(request.user, community):
        selectors.note_colleagues(request.user, rows)
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "form": form,
            "page_obj": page,
            "rows": [MemberRow(m, visible_profile_fields(request.user, m.user)) for m in rows],
            "can_assign_roles": policies.can_assign_roles(request.user, community),
            "roles": Role.choices,
        },
    )


@login_required
@require_POST
def set_role(request, slug, pk):
    community = _managed_community(request, slug, policies.can_assign_roles)
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=pk,
        community=community,
        status=MembershipStatus.ACTIVE,
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles of the community."))
    else:
        try:
            services.membership_set_role(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                request=request,
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(person)s: the role is now «%(role)s».")
                % {
                    "person": membership.user.get_full_name(),
                    "role": Role(form.cleaned_data["role"]).label,
                },
            )
    return redirect(
        safe_next(request, fallback=reverse("communities:members", args=[community.slug]))
    )


# --- Audit log -----------------------------------------------------------------------------


@dataclass
class AuditRow:
    event: AuditEvent
    actor_name: str
    subject_name: str
    target: str
    details: str


def _role_label(value) -> str:
    return Role(value).label if value in Role.values else str(value)


def describe_event(event: AuditEvent) -> str:
    """A short human summary of the event's data."""
    data = event.data or {}
    if event.action == AuditEvent.Action.ROLE_CHANGED and "old" in data:
        return f"{_role_label(data['old'])} → {_role_label(data.get('new'))}"
    if event.action == AuditEvent.Action.COMMUNITY_SETTINGS_CHANGED:
        names = []
        for field in data.get("changed", {}):
            try:
                names.append(str(Community._meta.get_field(field).verbose_name))
            except FieldDoesNotExist:  # a field removed since: show its code
                names.append(field)
        return _("Changed: %(fields)s") % {"fields": ", ".join(names)}
    if event.action in (AuditEvent.Action.COMMUNITY_CREATED, AuditEvent.Action.COMMUNITY_CLOSED):
        number, date = data.get("order_number"), data.get("order_date")
        if number and date:
            return _("Order No. %(number)s of %(date)s") % {
                "number": number,
                "date": datetime.date.fromisoformat(date).strftime("%d.%m.%Y"),
            }
    if event.action == AuditEvent.Action.MEMBERSHIP_LEFT and data.get("withdrawn_request"):
        return _("Request withdrawn")
    return ""


def _audit_page(request, community: Community | None):
    form = AuditFilterForm(request.GET)
    events = selectors.audit_events(community=community, **form.filters())
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page.object_list)
    subjects = selectors.audit_subjects(events)
    rows = []
    for event in events:
        subject = subjects.get(event.subject_user_id)
        rows.append(
            AuditRow(
                event=event,
                actor_name=event.actor.get_full_name() if event.actor else _("System"),
                subject_name=subject.get_full_name() if subject else "",
                target=selectors.target_label(event),
                details=describe_event(event),
            )
        )
    return render(
        request,
        "communities/audit.html",
        {"community": community, "form": form, "page_obj": page, "rows": rows},
    )


@login_required
def community_audit(request, slug):
    community = _managed_community(request, slug, policies.can_view_audit)
    return _audit_page(request, community)


@login_required
def platform_audit(request):
    if not policies.can_view_platform_audit(request.user):
        raise PermissionDenied
    return _audit_page(request, None)
