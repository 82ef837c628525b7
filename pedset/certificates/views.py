"""Pages of the certificates app: issuing an event's documents (a button of the event page's
panel) and revoking one. The lists live in the panel (templatetags/certificates_tags.py)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.tasks.base import TaskResultStatus
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pedset.certificates import policies, services, tasks
from pedset.certificates.forms import AwardRevokeForm
from pedset.certificates.models import EventAward
from pedset.communities.services import ActionRefused
from pedset.events.models import Event
from pedset.events.policies import can_view_event

logger = logging.getLogger(__name__)


def _event_or_404(user, pk) -> Event:
    event = Event.objects.select_related("community").filter(pk=pk).first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def event_page(event) -> str:
    return reverse("events:detail", args=[event.pk]) + "#certificates"


@login_required
@require_POST
def issue(request, pk):
    """«Выдать сертификаты»: issue what is due and missing. With the default (immediate) task
    backend the documents are made before the answer; with a task worker, in the background."""
    event = _event_or_404(request.user, pk)
    if not policies.can_issue_certificates(request.user, event):
        raise PermissionDenied
    refusal = services.issue_refusal(event)
    if refusal:
        messages.error(request, refusal)
        return redirect(event_page(event))
    result = tasks.issue_certificates.enqueue(event_id=event.pk, actor_id=request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        counts = result.return_value
        if counts["issued"]:
            messages.success(
                request,
                ngettext(
                    "%(n)s document is issued; the holders are told.",
                    "%(n)s documents are issued; the holders are told.",
                    counts["issued"],
                )
                % {"n": counts["issued"]},
            )
        else:
            messages.info(request, _("Nothing to issue: everyone who qualifies has a document."))
    elif result.status == TaskResultStatus.FAILED:
        logger.error(
            "Issuing the documents of event %s failed: %s",
            event.pk,
            result.errors[-1].traceback if result.errors else "no details",
        )
        messages.error(request, _("The documents could not be issued. Try again later."))
    else:
        messages.info(
            request,
            _("The documents are being issued in the background; they appear here when ready."),
        )
    return redirect(event_page(event))


@login_required
def revoke(request, pk):
    award = (
        EventAward.objects.select_related("event__community", "document", "user")
        .filter(pk=pk)
        .first()
    )
    if award is None or not policies.can_see_awards(request.user, award.event):
        raise Http404
    if not policies.can_revoke_award(request.user, award):
        raise PermissionDenied
    form = AwardRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            number = award.document.number
            result = services.certificate_revoke(
                actor=request.user,
                award=award,
                reason=form.cleaned_data["reason"],
                reissue=form.cleaned_data["reissue"],
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Document № %(number)s is revoked; its holder is told.") % {"number": number},
            )
            if result is not award and result.pk:
                messages.success(
                    request,
                    _("A new document № %(number)s is issued instead.")
                    % {"number": result.document.number},
                )
            return redirect(event_page(award.event))
    return render(request, "certificates/revoke.html", {"award": award, "form": form})
