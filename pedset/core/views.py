from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pedset.core import services
from pedset.core.policies import is_platform_admin


def safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def home(request):
    from pedset.communities.selectors import community_catalogue, my_memberships

    mine = my_memberships(request.user) if request.user.is_authenticated else []
    communities = community_catalogue()[:6]
    return render(request, "core/home.html", {"communities": communities, "my_memberships": mine})


@require_POST
def accessible_mode(request):
    services.accessible_mode_set(
        user=request.user, session=request.session, on=request.POST.get("on") == "1"
    )
    return redirect(safe_next(request))


@require_POST
def set_language(request):
    """Django's language switch, also remembered in the person's preferences, so that signing
    in on another computer keeps the choice."""
    from django.conf import settings
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        from pedset.accounts.services import preferences_update

        preferences_update(
            actor=request.user, user=request.user, values={"language": language}, request=request
        )
    return response


def notifications(request):
    """The notification centre lives in the notifications app; the header links here."""
    from pedset.notifications.views import centre

    return centre(request)


@login_required
def admin_panel(request):
    if not is_platform_admin(request.user):
        raise PermissionDenied
    return render(request, "core/admin_panel.html")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
