from django.urls import path

from pedset.communities import views

app_name = "communities"
urlpatterns = [
    path("", views.catalogue, name="list"),
    path("new/", views.create, name="create"),
    path("audit/", views.platform_audit, name="platform_audit"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/regulation/", views.regulation_file, name="regulation_file"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/close/", views.close, name="close"),
    path("<slug:slug>/join/", views.join_rules, name="join"),
    path("<slug:slug>/join/consent/", views.join_consent, name="join_consent"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/requests/", views.requests_queue, name="requests"),
    path("<slug:slug>/requests/<int:pk>/approve/", views.approve, name="approve"),
    path("<slug:slug>/requests/<int:pk>/reject/", views.reject, name="reject"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", views.set_role, name="set_role"),
    path("<slug:slug>/audit/", views.community_audit, name="audit"),
]
