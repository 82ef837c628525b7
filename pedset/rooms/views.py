"""Pages of online rooms. Thin: policies decide, services write.

Entering a room is a POST (the «Enter the room» button): a GET — a link preview, a prefetch, a
crawler — must never issue a join link nor mark attendance.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pedset.events.models import Event
from pedset.events.policies import can_view_event
from pedset.rooms import policies, services
from pedset.rooms.forms import RoomForm
from pedset.rooms.models import Room
from pedset.rooms.services import ActionRefused


def _event_or_404(request, pk: int) -> Event:
    event = Event.objects.select_related("community").filter(pk=pk).first()
    if event is None or not can_view_event(request.user, event):
        raise Http404
    return event


def _back(event: Event):
    return redirect("events:detail", event.pk)


@require_POST
@login_required
@never_cache
def join(request, pk):
    event = _event_or_404(request, pk)
    try:
        url = services.room_join(user=request.user, event=event)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return _back(event)
    return HttpResponseRedirect(url)


@login_required
def configure(request, pk):
    event = _event_or_404(request, pk)
    if not policies.can_configure_room(request.user, event):
        raise PermissionDenied
    room = Room.objects.filter(event=event).first()
    form = RoomForm(request.POST or None, room=room)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_configure(
                actor=request.user,
                event=event,
                provider=form.cleaned_data["provider"],
                external_url=form.cleaned_data.get("external_url", ""),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The online room is set up."))
            return _back(event)
    opens, closes = services.window(event)
    return render(
        request,
        "rooms/configure.html",
        {
            "event": event,
            "room": room,
            "form": form,
            "opens_at": opens,
            "closes_at": closes,
            "opens_minutes": settings.ROOM_OPENS_MINUTES_BEFORE,
        },
    )


@require_POST
@login_required
def end(request, pk):
    event = _event_or_404(request, pk)
    try:
        services.room_end(actor=request.user, event=event)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The meeting is ended."))
    return _back(event)


@require_POST
@login_required
def recording(request, pk):
    event = _event_or_404(request, pk)
    try:
        url = services.recordings_fetch(actor=request.user, event=event)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if url:
            messages.success(request, _("The recording link is saved on the event's page."))
        else:
            messages.info(
                request,
                _(
                    "The server has no recording of this meeting yet. Recordings are processed "
                    "for a while after the meeting; try again later."
                ),
            )
    return _back(event)
