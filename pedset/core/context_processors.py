from django.conf import settings

from pedset.core.policies import is_platform_admin


def site(request):
    user = getattr(request, "user", None)
    context = {"SITE_NAME": settings.SITE_NAME, "accessible_mode": False}
    if user is not None and user.is_authenticated:
        context["accessible_mode"] = user.accessible_mode
        context["is_platform_admin"] = is_platform_admin(user)
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    elif hasattr(request, "session"):
        context["accessible_mode"] = bool(request.session.get("accessible_mode"))
    return context
