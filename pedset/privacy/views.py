from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pedset.core import ratelimit
from pedset.privacy import policies, selectors, services
from pedset.privacy.categories import profile_field_label
from pedset.privacy.forms import (
    ConsentTextForm,
    PublicationConsentForm,
    RevocationConfirmForm,
    WithdrawalForm,
)
from pedset.privacy.models import Consent, ConsentKind, ConsentSource, ConsentText

# Wrong passwords on the withdrawal page: a stolen session must not guess its way to deletion.
WITHDRAW_PASSWORD_LIMIT = 5
WITHDRAW_PASSWORD_WINDOW = 15 * 60


def _posted(request):
    """The submitted data, or None for a GET: an empty POST must still be validated."""
    return request.POST if request.method == "POST" else None


def _publishable_fields():
    from pedset.accounts.policies import PUBLISHABLE_FIELDS

    return PUBLISHABLE_FIELDS


# --- Public ----------------------------------------------------------------------------------


@require_GET
def policy(request):
    operators = selectors.operators_with_current_texts()
    platform = next((o for o in operators if o.operator.operates_platform), None)
    community_operators = [o for o in operators if o is not platform]
    return render(
        request,
        "privacy/policy.html",
        {"platform": platform, "community_operators": community_operators},
    )


@require_GET
def consent_text_detail(request, pk: int):
    consent_text = get_object_or_404(ConsentText.objects.select_related("operator"), pk=pk)
    if not policies.can_view_consent_text(request.user, consent_text):
        raise Http404
    versions = selectors.consent_text_versions(consent_text.operator, consent_text.kind)
    return render(
        request,
        "privacy/consent_text_detail.html",
        {"consent_text": consent_text, "versions": versions},
    )


@require_GET
def withdrawn(request):
    return render(request, "privacy/withdrawn.html")


# --- Platform administrator ------------------------------------------------------------------


@login_required
@require_GET
def consent_texts(request):
    if not policies.can_manage_consent_texts(request.user):
        raise PermissionDenied
    return render(
        request,
        "privacy/consent_texts.html",
        {"operators": selectors.operators_with_current_texts()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_text_publish(request, operator_pk: int, kind: str):
    if not policies.can_manage_consent_texts(request.user):
        raise PermissionDenied
    if kind not in ConsentKind.values:
        raise Http404
    operator = get_object_or_404(
        selectors.consent_operators().prefetch_related(None), pk=operator_pk
    )
    current = services.current_consent_text(operator, kind)
    initial = {"title": current.title, "text": current.text} if current else {}
    form = ConsentTextForm(_posted(request), initial=initial, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            consent_text = services.consent_text_publish(
                actor=request.user,
                operator=operator,
                kind=kind,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                request=request,
            )
        except services.ConsentTextUnchanged:
            form.add_error(
                "text",
                _("The text is the same as the current version: there is nothing to publish."),
            )
        else:
            messages.success(
                request,
                _("Version %(version)s of the text is published.")
                % {"version": consent_text.version},
            )
            return redirect("privacy:consent_texts")
    return render(
        request,
        "privacy/consent_text_publish.html",
        {
            "form": form,
            "operator": operator,
            "kind_display": ConsentKind(kind).label,
            "current": current,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def destruction_acts(request):
    if not policies.can_view_destruction_acts(request.user):
        raise PermissionDenied
    page = Paginator(selectors.destruction_acts(), 30).get_page(request.GET.get("page"))
    return render(request, "privacy/destruction_acts.html", {"page_obj": page})


def _act_context(request, pk):
    if not policies.can_view_destruction_acts(request.user):
        raise PermissionDenied
    act = get_object_or_404(selectors.destruction_acts(), pk=pk)
    return {"act": act, "extract": selectors.act_extract_rows(act)}


@login_required
@require_GET
def destruction_act_detail(request, pk: int):
    return render(request, "privacy/destruction_act_detail.html", _act_context(request, pk))


@login_required
@require_GET
def destruction_act_print(request, pk: int):
    return render(request, "privacy/destruction_act_print.html", _act_context(request, pk))


# --- The person's own consents ---------------------------------------------------------------


def _my_consents_context(user) -> dict:
    consents = selectors.consents_for_page(user)
    operator = services.platform_operator()
    publication_text = (
        services.current_consent_text(operator, ConsentKind.PUBLICATION) if operator else None
    )
    platform_processing = next(
        (
            c
            for c in consents
            if c.is_active
            and c.kind == ConsentKind.PROCESSING
            and operator is not None
            and c.operator_id == operator.pk
        ),
        None,
    )
    return {
        "consents": consents,
        "platform_operator": operator,
        "platform_processing": platform_processing,
        "publication_text": publication_text,
        "publication_rows": selectors.publication_rows(consents, _publishable_fields()),
        "can_export": policies.can_export_own_data(user),
        "can_withdraw": policies.can_withdraw_from_platform(user),
    }


def _my_consents_page(request, *, status=200, error=None):
    context = _my_consents_context(request.user)
    context["error"] = error
    return render(request, "privacy/my_consents.html", context, status=status)


@login_required
@require_GET
def my_consents(request):
    if not policies.can_manage_own_consents(request.user):
        raise PermissionDenied
    return _my_consents_page(request)


@login_required
@require_POST
def publication_consent(request):
    if not policies.can_manage_own_consents(request.user):
        raise PermissionDenied
    form = PublicationConsentForm(request.POST, fields=_publishable_fields())
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _my_consents_page(request, status=400, error=error)
    field = form.cleaned_data["field"]
    label = profile_field_label(field)
    if form.cleaned_data["action"] == PublicationConsentForm.GIVE:
        operator = services.platform_operator()
        try:
            if operator is None:
                raise services.ConsentUnavailable(None)
            services.consent_give(
                user=request.user,
                operator=operator,
                source=ConsentSource.PROFILE,
                kind=ConsentKind.PUBLICATION,
                field=field,
                request=request,
            )
        except services.ConsentUnavailable:
            return _my_consents_page(
                request,
                status=400,
                error=_(
                    "The platform operator has not published a consent text for the "
                    "distribution of personal data yet, so publication cannot be allowed."
                ),
            )
        messages.success(request, _("Publication allowed: %(field)s.") % {"field": label})
    else:
        services.publication_consent_revoke(user=request.user, field=field, request=request)
        messages.success(request, _("Publication forbidden: %(field)s.") % {"field": label})
    return redirect("privacy:my_consents")


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, pk: int):
    # Somebody else's consent is not found: its existence is private.
    consent = get_object_or_404(
        Consent.objects.select_related("operator", "consent_text"), pk=pk, user=request.user
    )
    if services.is_platform_processing(consent):
        return redirect("privacy:withdraw")
    if not policies.can_revoke_consent(request.user, consent):
        messages.error(request, _("This consent has already been revoked."))
        return redirect("privacy:my_consents")
    form = RevocationConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        left = services.consent_revoke(user=request.user, consent=consent, request=request)
        messages.success(request, _("The consent is revoked."))
        if left:
            messages.success(
                request,
                _("You have left: %(communities)s.")
                % {"communities": ", ".join(m.community.name for m in left)},
            )
        return redirect("privacy:my_consents")
    communities = list(services.communities_left_on_revocation(request.user, consent))
    return render(
        request,
        "privacy/consent_revoke.html",
        {"consent": consent, "form": form, "communities": communities},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request):
    if not policies.can_withdraw_from_platform(request.user):
        raise PermissionDenied
    ident = str(request.user.pk)
    form = WithdrawalForm(_posted(request), user=request.user)
    limited = ratelimit.is_limited("privacy-withdraw", ident, WITHDRAW_PASSWORD_LIMIT)
    if request.method == "POST" and limited:
        error = _("Too many wrong passwords. Try again in 15 minutes.")
        return _withdraw_page(request, WithdrawalForm(user=request.user), status=429, error=error)
    if request.method == "POST":
        if form.is_valid():
            try:
                act = services.consent_revoke_all(user=request.user, request=request)
            except services.AlreadyWithdrawn:  # a second click that waited for the first
                logout(request)
                return redirect("privacy:withdrawn")
            logout(request)
            messages.success(
                request,
                _(
                    "Your consent is revoked, your account is closed and your personal data "
                    "destroyed (act No. %(number)s)."
                )
                % {"number": act.number},
            )
            return redirect("privacy:withdrawn")
        if "password" in form.errors:
            ratelimit.hit("privacy-withdraw", ident, WITHDRAW_PASSWORD_WINDOW)
        return _withdraw_page(request, form, status=400)
    return _withdraw_page(request, form)


def _withdraw_page(request, form, *, status=200, error=None):
    from pedset.communities.models import Membership, MembershipStatus

    memberships = (
        Membership.objects.filter(
            user=request.user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING]
        )
        .select_related("community")
        .order_by("community__name")
    )
    return render(
        request,
        "privacy/withdraw.html",
        {
            "form": form,
            "memberships": memberships,
            "operator": services.platform_operator(),
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def export(request):
    if not policies.can_export_own_data(request.user):
        raise PermissionDenied
    try:
        filename, payload = services.personal_data_export(user=request.user, request=request)
    except services.ExportLimitReached:
        return _my_consents_page(
            request,
            status=429,
            error=_("You can download your data at most %(limit)s times an hour. Try again later.")
            % {"limit": services.export_limit()},
        )
    response = HttpResponse(payload, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
