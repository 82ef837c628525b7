from django.urls import path

from pedset.announcements import views

app_name = "announcements"
urlpatterns = [
    path("<slug:slug>/", views.announcement_list, name="list"),
    path("<slug:slug>/new/", views.announcement_create, name="create"),
    path("<slug:slug>/<int:pk>/", views.announcement_detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("<slug:slug>/<int:pk>/delete/", views.announcement_delete, name="delete"),
]
