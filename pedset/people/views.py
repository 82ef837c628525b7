from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.accounts.policies import can_view_profile
from pedset.communities.services import ActionRefused
from pedset.people import policies, selectors, services
from pedset.people.forms import SpaceSettingsForm

FOLLOW_PAGE = 50


def page_number(request) -> int:
    """The ?page= number; anything that is not a positive number is the first page."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except (TypeError, ValueError):
        return 1


def _person_or_404(request, pk):
    person = get_user_model().objects.filter(pk=pk).first()
    if person is None or not can_view_profile(request.user, person):
        raise Http404
    return person


@login_required
def feed(request):
    page = page_number(request)
    items = selectors.feed(request.user, page=page)
    return render(
        request,
        "people/feed.html",
        {
            "items": items,
            "page": page,
            "has_next": len(items) == selectors.FEED_PAGE and page < selectors.FEED_MAX_PAGES,
            "following_count": selectors.follow_counts(request.user)[0],
        },
    )


def _people_page(request, rows, template, title):
    paginator = Paginator(rows, FOLLOW_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, template, {"page_obj": page_obj, "title": title})


@login_required
def following(request):
    return _people_page(
        request, selectors.followed_by(request.user), "people/following.html", _("I follow")
    )


@login_required
def followers(request):
    return _people_page(
        request, selectors.followers_of(request.user), "people/followers.html", _("My followers")
    )


@require_POST
@login_required
def follow(request, pk):
    person = _person_or_404(request, pk)
    try:
        services.follow(actor=request.user, person=person)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("You follow this person: what they publish appears in your feed."),
        )
    return redirect("accounts:profile", person.pk)


@require_POST
@login_required
def unfollow(request, pk):
    person = get_user_model().objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    services.unfollow(actor=request.user, person=person)
    messages.success(request, _("You no longer follow this person."))
    if request.POST.get("back") == "following":
        return redirect("people:following")
    if not can_view_profile(request.user, person):
        return redirect("people:following")
    return redirect("accounts:profile", person.pk)


@login_required
def space_settings(request):
    person = request.user
    space = policies.settings_of(person)
    if request.method == "POST":
        form = SpaceSettingsForm(request.POST, space=space)
        if form.is_valid():
            try:
                services.space_settings_update(
                    actor=request.user, person=person, levels=form.cleaned_data
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The settings of your space are saved."))
                return redirect(reverse("accounts:profile", args=[person.pk]) + "#space")
        status = 400
    else:
        form = SpaceSettingsForm(space=space)
        status = 200
    return render(
        request,
        "people/space_settings.html",
        {"form": form, "name_published": "full_name" in _published(person)},
        status=status,
    )


def _published(person):
    from pedset.accounts.policies import published_fields

    return published_fields(person)
