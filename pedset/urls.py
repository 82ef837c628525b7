from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pedset.core import views as core_views

urlpatterns = [
    path("", include("pedset.core.urls")),
    path("accounts/", include("pedset.accounts.urls")),
    path("communities/", include("pedset.communities.urls")),
    path("organisations/", include("pedset.organisations.urls")),
    path("privacy/", include("pedset.privacy.urls")),
    path("notifications/", include("pedset.notifications.urls")),
    path("forum/", include("pedset.forum.urls")),
    path("moderation/", include("pedset.moderation.urls")),
    path("messages/", include("pedset.messaging.urls")),
    path("announcements/", include("pedset.announcements.urls")),
    path("materials/", include("pedset.materials.urls")),
    path("expertise/", include("pedset.review.urls")),
    path("cabinet/", include("pedset.cabinet.urls")),
    path("search/", include("pedset.search.urls")),
    path("events/", include("pedset.events.urls")),
    path("rooms/", include("pedset.rooms.urls")),
    path("plans/", include("pedset.plans.urls")),
    path("contests/", include("pedset.contests.urls")),
    path("certificates/", include("pedset.certificates.urls")),
    path("consultations/", include("pedset.consultations.urls")),
    path("groups/", include("pedset.groups.urls")),
    path("gallery/", include("pedset.gallery.urls")),
    path("people/", include("pedset.people.urls")),
    # /verify/<code>/ (printed on documents as a QR code) and /documents/…
    path("", include("pedset.documents.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
]

handler400 = "pedset.core.views.error_400"
handler403 = "pedset.core.views.error_403"
handler404 = "pedset.core.views.error_404"
handler500 = "pedset.core.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
