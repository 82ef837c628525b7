"""Pages of the bank of materials. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.cabinet import selectors as cabinet_selectors
from pedset.communities.models import Community, MembershipStatus
from pedset.core.policies import community_role
from pedset.core.uploads import keeps_upload_names, unsafe_name_message, unsafe_upload_names
from pedset.materials import policies, selectors, services
from pedset.materials.forms import (
    BankFilterForm,
    CommentForm,
    MaterialForm,
    ReasonForm,
    SubmitForm,
)
from pedset.materials.models import MaterialStatus
from pedset.materials.services import ActionRefused

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _visible_material_or_404(request, pk: int, *, for_page: bool = True):
    material = (selectors.material_for_page if for_page else selectors.material_for_change)(pk)
    if material is None or not policies.can_view_material(request.user, material):
        raise Http404
    return material


def _viewer_key(request) -> str:
    """Who is looking, as an opaque key for counting once a day (hashed before it is kept)."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if request.session.session_key:
        return f"s{request.session.session_key}"
    address = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or ""
    return f"a{address}|{request.META.get('HTTP_USER_AGENT', '')[:200]}"


def _count(counter, **kwargs) -> None:
    """Statistics never break a page: a failure to count is logged and forgotten."""
    try:
        counter(**kwargs)
    except Exception:  # noqa: BLE001
        logger.exception("could not count a view or download of a material")


# --- Lists -------------------------------------------------------------------------------------


def bank(request, slug):
    community = _community_or_404(slug)
    filter_form = BankFilterForm(request.GET or None)
    filters = filter_form.filters()
    page = Paginator(selectors.bank_list(request.user, community, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "materials/bank.html",
        {
            "community": community,
            "filter_form": filter_form,
            "page_obj": page,
            "can_create": policies.can_create_material(request.user, community),
        },
    )


@login_required
def mine(request):
    page = Paginator(selectors.authored_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "materials/mine.html",
        {
            "page_obj": page,
            "awaiting_count": selectors.awaiting_my_confirmation_count(request.user),
            # Where a new material is submitted: the banks of the person's communities.
            "banks": Community.objects.filter(
                memberships__user=request.user,
                memberships__status=MembershipStatus.ACTIVE,
                closed_at__isnull=True,
            ).order_by("name"),
        },
    )


# --- Writing -----------------------------------------------------------------------------------


def _refuse_unsafe_names(request, form) -> bool:
    names = unsafe_upload_names(request)
    if names:
        form.add_error("files", unsafe_name_message(names[0]))
        return True
    return False


@login_required
@keeps_upload_names
def material_create(request, slug):
    community = _community_or_404(slug)
    if not policies.can_create_material(request.user, community):
        raise PermissionDenied
    form = MaterialForm(
        request.POST or None, request.FILES or None, community=community, actor=request.user
    )
    if request.method == "POST":
        valid = form.is_valid()
        if not _refuse_unsafe_names(request, form) and valid:
            try:
                material = services.material_create(
                    actor=request.user, community=community, **form.service_arguments()
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _("The draft is saved. Submit it for expertise when it is ready."),
                )
                return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/form.html",
        {"community": community, "form": form, "material": None},
    )


@login_required
@keeps_upload_names
def material_edit(request, pk):
    material = _visible_material_or_404(request, pk, for_page=False)
    if not policies.can_edit_material(request.user, material):
        raise PermissionDenied
    community = material.community
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        community=community,
        actor=request.user,
        material=material,
    )
    if request.method == "POST":
        valid = form.is_valid()
        if not _refuse_unsafe_names(request, form) and valid:
            try:
                services.material_update(
                    actor=request.user, material=material, **form.service_arguments()
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The material is saved."))
                return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/form.html",
        {"community": community, "form": form, "material": material},
    )


@login_required
def material_submit(request, pk):
    material = _visible_material_or_404(request, pk)
    if not policies.can_submit_material(request.user, material):
        raise PermissionDenied
    form = SubmitForm(request.POST or None)
    if material.round_number == 0:
        del form.fields["authors_note"]  # «what was changed» means nothing at the first submission
    if request.method == "POST" and form.is_valid():
        try:
            services.material_submit(
                actor=request.user,
                material=material,
                authors_note=form.cleaned_data.get("authors_note", ""),
                authorship_consent=form.cleaned_data["consent"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The material is submitted for expertise; the coordinators are told."),
            )
            return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/submit.html",
        {
            "material": material,
            "community": material.community,
            "form": form,
            "obstacle": services.submit_obstacle(material, actor=request.user),
        },
    )


@login_required
def material_withdraw(request, pk):
    material = _visible_material_or_404(request, pk)
    if not policies.can_withdraw_material(request.user, material):
        raise PermissionDenied
    form = ReasonForm(request.POST or None, required=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_withdraw(
                actor=request.user, material=material, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The material is withdrawn."))
            return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/confirm.html",
        {
            "material": material,
            "community": material.community,
            "form": form,
            "action": "withdraw",
        },
    )


@login_required
def material_remove(request, pk):
    material = _visible_material_or_404(request, pk)
    if not policies.can_remove_material(request.user, material):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_remove(
                actor=request.user, material=material, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The material is removed from the bank."))
            return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/confirm.html",
        {"material": material, "community": material.community, "form": form, "action": "remove"},
    )


@login_required
def material_delete(request, pk):
    material = _visible_material_or_404(request, pk)
    if not policies.can_delete_material(request.user, material):
        raise PermissionDenied
    if request.method == "POST":
        services.material_delete(actor=request.user, material=material)
        messages.success(request, _("The draft is deleted."))
        return redirect("materials:mine")
    return render(
        request,
        "materials/confirm.html",
        {"material": material, "community": material.community, "form": None, "action": "delete"},
    )


# --- Co-authorship -----------------------------------------------------------------------------


@require_POST
@login_required
def coauthorship_confirm(request, pk):
    material = _visible_material_or_404(request, pk)
    try:
        services.coauthorship_confirm(actor=request.user, material=material)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Your participation is confirmed: your name will be published as a co-author of "
                "the material."
            ),
        )
    return redirect(services.material_url(material))


@require_POST
@login_required
def coauthorship_decline(request, pk):
    material = _visible_material_or_404(request, pk)
    form = ReasonForm(request.POST, required=False)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(services.material_url(material) + "#coauthorship")
    try:
        services.coauthorship_decline(
            actor=request.user, material=material, reason=form.cleaned_data["reason"]
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(services.material_url(material))
    messages.success(
        request,
        _("You are no longer a co-author of «%(title)s»; its first author is told.")
        % {"title": material.title},
    )
    return redirect("materials:mine")


# --- The material's page -----------------------------------------------------------------------


def _comment_rows(request, material, comments):
    user = request.user
    if comments and community_role(user, material.community) is None:
        selectors.with_public_consents(comments)  # a reader from outside the community
    rows = []
    for comment in comments:
        can_hide = policies.can_hide_material_comment(user, comment)
        is_own = user.is_authenticated and comment.author_id == user.pk
        rows.append(
            {
                "comment": comment,
                "shows_name": policies.commenter_name_visible(user, comment),
                "shows_body": not comment.is_hidden or is_own or can_hide,
                "can_edit": policies.can_edit_material_comment(user, comment),
                "can_moderate": can_hide,
            }
        )
    return rows


def material_detail(request, pk):
    material = selectors.material_for_page(pk)
    if material is None:
        raise Http404
    user = request.user
    if not policies.can_view_material(user, material):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not policies.is_author(user, material) and material.status != MaterialStatus.DRAFT:
        _count(services.material_view_count, material=material, viewer=_viewer_key(request))
    return _render_detail(request, material, comment_form=CommentForm())


def _render_detail(request, material, *, comment_form, status=200):
    user = request.user
    files = list(material.files.all())
    links = list(material.links.all())
    for link in links:
        link.host_label = services.video_host(link.url)
    comments = selectors.material_comments(material)
    authors = list(material.authors.all())
    is_author = policies.is_author(user, material)
    context = {
        "material": material,
        "community": material.community,
        "authors": authors,
        # Co-authors who have not confirmed are not published (policies.published_authors).
        "published_authors": policies.published_authors(material),
        "author_ids": frozenset(a.user_id for a in policies.published_authors(material)),
        "tags": list(material.tags.all()),
        "comment_rows": _comment_rows(request, material, comments),
        "comment_form": comment_form,
        "comment_obstacle": services.comment_obstacle(user, material),
        "can_comment": policies.can_comment_material(user, material),
        "can_rate": policies.can_rate_material(user, material),
        "my_rating": selectors.rating_of(user, material),
        "can_edit": policies.can_edit_material(user, material),
        "can_submit": policies.can_submit_material(user, material),
        "can_withdraw": policies.can_withdraw_material(user, material),
        "can_remove": policies.can_remove_material(user, material),
        "can_delete": policies.can_delete_material(user, material),
        "is_author": is_author,
        # Co-authorship (152-FZ): the block «Вас указали соавтором» for a co-author who has not
        # answered; the authors see who has confirmed while the authors may still change.
        "awaits_my_confirmation": policies.awaits_my_confirmation(user, material),
        "can_confirm_coauthorship": policies.can_confirm_coauthorship(user, material),
        "shows_author_states": is_author and material.status in policies.EDITABLE,
        "waiting_coauthors": sum(
            1 for a in authors if a.confirmed_at is None and a.user_id != user.pk
        ),
        "scores": range(1, 6),
        "cabinet_entry": cabinet_selectors.entry_for_material(material)
        if material.status in (MaterialStatus.INCLUDED, MaterialStatus.WITHDRAWN)
        else None,
        "current_files": [f for f in files if f.replaced_at is None],
        "earlier_files": [f for f in files if f.replaced_at is not None],
        "current_links": [link for link in links if link.replaced_at is None],
        "earlier_links": [link for link in links if link.replaced_at is not None],
    }
    return render(request, "materials/detail.html", context, status=status)


@require_POST
@login_required
def material_rate(request, pk):
    material = _visible_material_or_404(request, pk)
    try:
        services.rating_set(actor=request.user, material=material, score=request.POST.get("score"))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your rating is saved."))
    return redirect(services.material_url(material) + "#rating")


@require_POST
@login_required
def comment_create(request, pk):
    material = _visible_material_or_404(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                actor=request.user, material=material, body=form.cleaned_data["body"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(services.comment_url(comment))
    return _render_detail(request, material, comment_form=form)


def _comment_or_404(request, pk):
    comment = selectors.comment_with_material(pk)
    if comment is None or not policies.can_view_material(request.user, comment.material):
        raise Http404
    return comment


@login_required
def comment_edit(request, pk):
    comment = _comment_or_404(request, pk)
    if not policies.can_edit_material_comment(request.user, comment):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(services.comment_url(comment))
    return render(
        request,
        "materials/comment_edit.html",
        {"comment": comment, "material": comment.material, "form": form},
    )


def _moderate_comment(request, pk, write, done: str):
    comment = _comment_or_404(request, pk)
    if not policies.can_hide_material_comment(request.user, comment):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            write(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(form.errors.get("reason", [])))
    return redirect(services.comment_url(comment))


@require_POST
@login_required
def comment_hide(request, pk):
    return _moderate_comment(request, pk, services.comment_hide, _("The comment is hidden."))


@require_POST
@login_required
def comment_restore(request, pk):
    return _moderate_comment(
        request, pk, services.comment_restore, _("The comment is shown again.")
    )


# --- Files -------------------------------------------------------------------------------------


def _file_or_404(request, pk):
    material_file = selectors.file_with_material(pk)
    if material_file is None or not policies.can_download_material_file(
        request.user, material_file
    ):
        raise Http404
    return material_file


def file_download(request, pk):
    """The file as a download (never shown inline), under its original name."""
    material_file = _file_or_404(request, pk)
    try:
        handle = material_file.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    if not policies.is_author(request.user, material_file.material):
        _count(
            services.material_download_count,
            material_file=material_file,
            viewer=_viewer_key(request),
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material_file.original_name,
        content_type=material_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_preview(request, pk):
    """The preview picture made by the site itself (so it may be shown inline)."""
    material_file = _file_or_404(request, pk)
    if not material_file.preview:
        raise Http404
    try:
        handle = material_file.preview.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    content_type = "image/jpeg" if material_file.preview.name.endswith(".jpg") else "image/png"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
