from django.urls import path

from pedset.events import views

app_name = "events"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/calendar/reset/", views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("c/<slug:slug>/", views.community_events, name="community"),
    path("c/<slug:slug>/new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/unregister/", views.unregister, name="unregister"),
    path("<int:pk>/manage/", views.event_manage, name="manage"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/add/", views.attendance_add, name="attendance_add"),
    path("<int:pk>/people/", views.person_add, name="person_add"),
    path("people/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("<int:pk>/materials/file/", views.material_add_file, name="material_add_file"),
    path("<int:pk>/materials/link/", views.material_add_link, name="material_add_link"),
    path("<int:pk>/materials/bank/", views.material_add_bank, name="material_add_bank"),
    path("materials/<int:pk>/", views.material_download, name="material"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("<int:pk>/recording/", views.recording, name="recording"),
]
