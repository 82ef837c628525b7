"""Pages of the notifications app: the centre, the settings, the one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pedset.core.models import Notification
from pedset.core.views import safe_next
from pedset.notifications import selectors, services
from pedset.notifications.forms import KindFilterForm, PreferencesForm
from pedset.notifications.kinds import get_kind, kind_label
from pedset.notifications.tokens import read_unsubscribe_token

CENTRE_PAGE_SIZE = 30


def _centre_url() -> str:
    return reverse("core:notifications")


@login_required
def centre(request):
    """The notification centre (also served at core:notifications, which the header links)."""
    if request.method == "POST":  # "mark all as read"
        services.notifications_mark_read(actor=request.user)
        return redirect(safe_next(request, _centre_url()))
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.centre_notifications(request.user, kind=kind), CENTRE_PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    for notification in page_obj:
        notification.kind_label = kind_label(notification.kind)
    return render(
        request,
        "notifications/centre.html",
        {"form": form, "kind": kind, "page_obj": page_obj, "centre_url": _centre_url()},
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    # Someone else's notification is as good as none: 404.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(actor=request.user, ids=[notification.pk])
    return redirect(safe_next(request, _centre_url()))


@login_required
@require_POST
def mark_all_read(request):
    form = KindFilterForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    services.notifications_mark_read(actor=request.user, kind=kind or None)
    return redirect(safe_next(request, _centre_url()))


@login_required
def preferences(request):
    rows = selectors.preference_rows(request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if form.is_valid():
            services.preferences_update(
                actor=request.user, user=request.user, choices=dict(form.cleaned_data)
            )
            messages.success(request, _("Notification settings saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Settings were not saved: check the marked fields."))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "rows": rows, "centre_url": _centre_url()},
    )


def _mask(address: str) -> str:
    """a***@school.ru: enough for the owner to recognise, little for anyone else."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


# A mail client's one-click POST (RFC 8058) carries no CSRF token and no cookie: the signed
# token in the address is the proof, so exactly this view is exempt.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    wanted = read_unsubscribe_token(token)
    person = None
    if wanted is not None:
        person = get_user_model().objects.filter(pk=wanted.user_id, is_active=True).first()
    if person is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    kinds = [get_kind(code) for code in wanted.kinds]
    context = {"kinds": kinds, "address": _mask(person.email), "done": False}
    if request.method == "POST":
        changed = services.email_unsubscribe(user=person, kinds=wanted.kinds)
        context.update(done=True, changed=bool(changed))
    return render(request, "notifications/unsubscribe.html", context)
