from django.urls import path

from pedset.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/resend/", views.confirm_resend, name="confirm_resend"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/done/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/change/", views.password_change, name="password_change"),
    path("settings/", views.settings_view, name="settings"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/avatar/", views.avatar, name="avatar"),
    path("platform-roles/", views.platform_roles, name="platform_roles"),
]
