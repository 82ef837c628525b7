"""Pages of the expertise: the coordinator's desk, «Моя экспертиза», the expertise of a material,
assignment, the expert's review, the decision, the review form (criteria). Thin: policies
decide, selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.communities.models import Community
from pedset.communities.services import ActionRefused
from pedset.core import workdays
from pedset.review import forms, policies, selectors, services
from pedset.review.models import AssignmentStatus, Criterion


def _community_or_404(slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    return community


def _material_or_404(pk: int):
    from pedset.materials.models import Material

    material = Material.objects.select_related("community").filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def _assignment_or_404(pk: int):
    assignment = selectors.assignment_for(pk)
    if assignment is None:
        raise Http404
    return assignment


def _current_round_or_404(material, *, with_scores=False):
    review_round = selectors.current_round(material, with_scores=with_scores)
    if review_round is None:
        raise Http404
    return review_round


def _calendar_note(community, deadline_year: int | None = None) -> str:
    """Says when deadlines are counted without an approved production calendar."""
    year = deadline_year or selectors.today_in(community).year
    if not workdays.is_provisional(year):
        return ""
    return _(
        "The production calendar for %(year)s is not approved yet: terms are counted by "
        "article 112 of the Labour Code of the Russian Federation."
    ) % {"year": year}


# --- The coordinator's desk -----------------------------------------------------------------


@login_required
def desk(request, slug):
    community = _community_or_404(slug)
    if not policies.can_view_expertise_desk(request.user, community):
        raise PermissionDenied
    now = timezone.now()
    return render(
        request,
        "review/desk.html",
        {
            "community": community,
            "desk": selectors.expertise_desk(community, now, viewer=request.user),
            "can_manage_criteria": policies.can_manage_criteria(request.user, community),
            "calendar_note": _calendar_note(community),
        },
    )


# --- «Моя экспертиза» -----------------------------------------------------------------------


@login_required
def mine(request):
    now = timezone.now()
    return render(
        request,
        "review/mine.html",
        {
            "mine": selectors.my_assignments(request.user, now),
            "desks": list(policies.desk_communities(request.user).order_by("name")),
        },
    )


# --- The expertise of a material ------------------------------------------------------------


def _visible_rounds(user, material, rounds):
    """Each round with the reviews this person may read: everything for those who run the
    expertise and the council; an expert's own review; the authors' view of a decided round
    with the experts anonymised («Эксперт 1, 2»)."""
    # An author who also runs the expertise sees their own material as an author.
    sees_all = policies.can_view_expertise_desk(
        user, material.community
    ) and not policies.is_author(user, material)
    now = timezone.now()
    for review_round in rounds:
        assignments = list(review_round.assignments.all())
        selectors.annotate_deadlines(assignments, now)
        reviewed = [a for a in assignments if a.status == AssignmentStatus.SUBMITTED]
        for number, assignment in enumerate(reviewed, start=1):
            assignment.anonymous_label = _("Expert %(n)s") % {"n": number}
        review_round.shown_assignments = assignments if sees_all else []
        if sees_all:
            review_round.shown_reviews = reviewed
            review_round.anonymise = False
        elif policies.can_view_reviews(user, review_round):
            own = [a for a in reviewed if a.expert_id == user.pk]
            review_round.shown_reviews = own or (
                reviewed if policies.round_has_decision(review_round) else []
            )
            review_round.anonymise = not own
        else:
            review_round.shown_reviews = []
            review_round.anonymise = True
    return rounds


@login_required
def material_expertise(request, pk):
    material = _material_or_404(pk)
    user = request.user
    if not policies.can_view_material_expertise(user, material):
        raise PermissionDenied
    rounds = _visible_rounds(user, material, selectors.material_rounds(material))
    current = rounds[-1] if rounds and rounds[-1].number == material.round_number else None
    own_live = None
    if current is not None:
        own_live = next(
            (
                a
                for a in current.assignments.all()
                if a.expert_id == user.pk and a.status in policies.LIVE_ASSIGNMENT
            ),
            None,
        )
    return render(
        request,
        "review/material.html",
        {
            "material": material,
            "community": material.community,
            "rounds": list(reversed(rounds)),
            "current": current,
            "own_live": own_live,
            "is_author": policies.is_author(user, material),
            # Authors and experts have no desk: their breadcrumbs lead to the bank instead.
            "hide_desk": not policies.can_view_expertise_desk(user, material.community),
            "can_assign": current is not None and policies.can_assign_experts(user, current),
            "can_decide": current is not None and policies.can_decide_round(user, current),
            "material_url": services.material_page_url(material),
        },
    )


# --- Assignment -----------------------------------------------------------------------------


@login_required
def assign(request, pk):
    material = _material_or_404(pk)
    review_round = _current_round_or_404(material)
    if not policies.can_assign_experts(request.user, review_round):
        raise PermissionDenied
    eligible, excluded = selectors.expert_candidates(review_round)
    form = forms.AssignForm(request.POST or None, candidates=eligible)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.assignment_create(
                actor=request.user,
                review_round=review_round,
                experts=form.cleaned_data["experts"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Experts assigned: %(n)s. They are notified.") % {"n": len(created)},
            )
            return redirect("review:material", material.pk)
    community = material.community
    deadline = workdays.term_deadline(community, timezone.now())
    return render(
        request,
        "review/assign.html",
        {
            "material": material,
            "community": community,
            "round": review_round,
            "form": form,
            "excluded": excluded,
            "deadline": deadline,
            "calendar_note": _calendar_note(community, deadline.year),
        },
    )


@login_required
def assignment_withdraw(request, pk):
    assignment = _assignment_or_404(pk)
    if not policies.can_assign_experts(request.user, assignment.round):
        raise PermissionDenied
    material = assignment.round.material
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_withdraw(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The assignment is withdrawn; the expert is notified."))
        return redirect("review:material", material.pk)
    return render(
        request,
        "review/withdraw.html",
        {
            "assignment": assignment,
            "material": material,
            "community": material.community,
            "form": form,
        },
    )


# --- The expert's assignment and review -----------------------------------------------------


def _own_assignment(request, pk):
    """The expert's own assignment; the coordinators may look at it too (read-only), but not
    at one of their own material: its page names the expert and shows the review."""
    assignment = _assignment_or_404(pk)
    if assignment.expert_id == request.user.pk:
        return assignment
    material = assignment.round.material
    if policies.can_view_expertise_desk(
        request.user, material.community
    ) and not policies.is_author(request.user, material):
        return assignment
    raise PermissionDenied


@login_required
def assignment_detail(request, pk):
    assignment = _own_assignment(request, pk)
    material = assignment.round.material
    community = material.community
    user = request.user
    can_review = policies.can_review(user, assignment)
    form = None
    # «Сохранить черновик» keeps what is typed so far; «Отправить заключение» sends the review.
    saving_draft = request.method == "POST" and "save_draft" in request.POST
    if can_review:
        criteria = services.criteria_ensure_default(community=community)
        form = forms.ReviewForm(
            request.POST or None,
            criteria=criteria,
            draft=assignment.draft,
            saving_draft=saving_draft,
        )
        if request.method == "POST" and form.is_valid():
            try:
                if saving_draft:
                    services.review_draft_save(
                        actor=user, assignment=assignment, data=form.draft_data()
                    )
                else:
                    services.review_submit(
                        actor=user,
                        assignment=assignment,
                        scores=form.scores(),
                        conclusion=form.cleaned_data["conclusion"],
                        recommendation=form.cleaned_data["recommendation"],
                    )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if saving_draft:
                    messages.success(
                        request,
                        _(
                            "The draft is saved. The review is not sent yet: come back to it "
                            "and submit it before the term ends."
                        ),
                    )
                    url = reverse("review:assignment", args=[assignment.pk])
                    return redirect(f"{url}#review-form")
                messages.success(
                    request, _("The review is submitted. Thank you for the expertise.")
                )
                return redirect("review:assignment", assignment.pk)
    elif request.method == "POST":
        messages.error(request, _("The review can no longer be submitted for this assignment."))
        return redirect("review:assignment", assignment.pk)
    selectors.annotate_deadlines([assignment], timezone.now())
    review = selectors.review_with_scores(assignment)
    if review is not None:
        assignment.review = review  # the page shows it with its scores, fetched at once
    return render(
        request,
        "review/assignment.html",
        {
            "assignment": assignment,
            "material": material,
            "community": community,
            "round": assignment.round,
            "form": form,
            "saving_draft": saving_draft,
            "review": review,
            "can_respond": policies.can_respond_assignment(user, assignment),
            "material_url": services.material_page_url(material),
            "calendar_note": _calendar_note(community, assignment.deadline.year),
        },
    )


@login_required
@require_POST
def assignment_accept(request, pk):
    assignment = _assignment_or_404(pk)
    if assignment.expert_id != request.user.pk:
        raise PermissionDenied
    try:
        services.assignment_accept(actor=request.user, assignment=assignment)
    except PermissionDenied:
        messages.error(request, _("This invitation can no longer be answered."))
    else:
        messages.success(request, _("You accepted the assignment. The review form is below."))
    return redirect("review:assignment", assignment.pk)


@login_required
def assignment_decline(request, pk):
    assignment = _assignment_or_404(pk)
    if assignment.expert_id != request.user.pk:
        raise PermissionDenied
    if not policies.can_respond_assignment(request.user, assignment):
        messages.error(request, _("This invitation can no longer be answered."))
        return redirect("review:assignment", assignment.pk)
    form = forms.DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_decline(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("You declined the assignment; the coordinator is told."))
            return redirect("review:mine")
    material = assignment.round.material
    return render(
        request,
        "review/decline.html",
        {
            "assignment": assignment,
            "material": material,
            "community": material.community,
            "form": form,
        },
    )


# --- The decision ---------------------------------------------------------------------------


@login_required
def decide(request, pk):
    material = _material_or_404(pk)
    review_round = _current_round_or_404(material, with_scores=True)
    if not policies.can_decide_round(request.user, review_round):
        raise PermissionDenied
    rounds = _visible_rounds(request.user, material, [review_round])
    unfinished = [a for a in review_round.assignments.all() if a.status in policies.LIVE_ASSIGNMENT]
    form = forms.DecisionForm(request.POST or None, unfinished=bool(unfinished))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                actor=request.user,
                review_round=review_round,
                outcome=data["outcome"],
                reasons=data["reasons"],
                recommend_for_publication=data["recommend_for_publication"],
                override=data.get("override", False),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The decision is recorded; the authors are notified."))
            return redirect("review:material", material.pk)
    return render(
        request,
        "review/decide.html",
        {
            "material": material,
            "community": material.community,
            "round": rounds[0],
            "unfinished": unfinished,
            "form": form,
        },
    )


# --- The review form (criteria) -------------------------------------------------------------


def _managed_community(request, slug) -> Community:
    community = _community_or_404(slug)
    if not policies.can_manage_criteria(request.user, community):
        raise PermissionDenied
    return community


def _criterion_or_404(community, pk) -> Criterion:
    criterion = Criterion.objects.filter(community=community, pk=pk).first()
    if criterion is None:
        raise Http404
    criterion.community = community
    return criterion


@login_required
def criteria(request, slug):
    community = _managed_community(request, slug)
    services.criteria_ensure_default(community=community)
    form = forms.CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_create(actor=request.user, community=community, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The criterion is added to the review form."))
            return redirect("review:criteria", community.slug)
    return render(
        request,
        "review/criteria.html",
        {
            "community": community,
            "criteria": list(selectors.criteria_of(community)),
            "used": selectors.used_criterion_ids(community),
            "form": form,
        },
    )


@login_required
def criterion_edit(request, slug, pk):
    community = _managed_community(request, slug)
    criterion = _criterion_or_404(community, pk)
    initial = {
        "title": criterion.title,
        "description": criterion.description,
        "max_score": criterion.max_score,
    }
    form = forms.CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_edit(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect("review:criteria", community.slug)
    return render(
        request,
        "review/criterion_edit.html",
        {
            "community": community,
            "criterion": criterion,
            "form": form,
            "used": services.criterion_is_used(criterion),
        },
    )


@login_required
@require_POST
def criterion_move(request, slug, pk):
    community = _managed_community(request, slug)
    criterion = _criterion_or_404(community, pk)
    try:
        services.criterion_move(
            actor=request.user, criterion=criterion, direction=request.POST.get("direction", "")
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("review:criteria", community.slug)


@login_required
@require_POST
def criterion_remove(request, slug, pk):
    community = _managed_community(request, slug)
    criterion = _criterion_or_404(community, pk)
    try:
        result = services.criterion_remove(actor=request.user, criterion=criterion)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if result == "deleted":
            messages.success(request, _("The criterion is deleted."))
        else:
            messages.success(
                request,
                _(
                    "The criterion is already used in reviews, so it is taken out of use, not "
                    "deleted: the reviews keep their scores."
                ),
            )
    return redirect("review:criteria", community.slug)


@login_required
@require_POST
def criterion_restore(request, slug, pk):
    community = _managed_community(request, slug)
    criterion = _criterion_or_404(community, pk)
    services.criterion_restore(actor=request.user, criterion=criterion)
    messages.success(request, _("The criterion is back in the review form."))
    return redirect("review:criteria", community.slug)
