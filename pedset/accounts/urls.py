from django.urls import path

from pedset.core.stubs import stub

app_name = "accounts"
urlpatterns = [
    path("login/", stub, name="login"),
    path("logout/", stub, name="logout"),
    path("register/", stub, name="register"),
    path("settings/", stub, name="settings"),
    path("people/<int:pk>/", stub, name="profile"),
    path("platform-roles/", stub, name="platform_roles"),
]
