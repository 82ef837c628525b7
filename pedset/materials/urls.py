from django.urls import path

from pedset.materials import views

app_name = "materials"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("c/<slug:slug>/", views.bank, name="bank"),
    path("c/<slug:slug>/new/", views.material_create, name="create"),
    path("<int:pk>/", views.material_detail, name="detail"),
    path("<int:pk>/edit/", views.material_edit, name="edit"),
    path("<int:pk>/submit/", views.material_submit, name="submit"),
    path("<int:pk>/withdraw/", views.material_withdraw, name="withdraw"),
    path("<int:pk>/remove/", views.material_remove, name="remove"),
    path("<int:pk>/delete/", views.material_delete, name="delete"),
    path(
        "<int:pk>/coauthorship/confirm/",
        views.coauthorship_confirm,
        name="coauthorship_confirm",
    ),
    path(
        "<int:pk>/coauthorship/decline/",
        views.coauthorship_decline,
        name="coauthorship_decline",
    ),
    path("<int:pk>/rate/", views.material_rate, name="rate"),
    path("<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/preview/", views.file_preview, name="file_preview"),
]
