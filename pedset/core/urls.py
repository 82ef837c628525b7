from django.urls import path

from pedset.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessible-mode/", views.accessible_mode, name="accessible_mode"),
    path("notifications/", views.notifications, name="notifications"),
    path("administration/", views.admin_panel, name="admin_panel"),
]
