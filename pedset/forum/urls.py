from django.urls import path

from pedset.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("s/<int:pk>/", views.section, name="section"),
    path("s/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("s/<int:pk>/new/", views.topic_create, name="topic_create"),
    path("s/<int:pk>/follow/", views.section_follow, name="section_follow"),
    path("t/<int:pk>/", views.topic, name="topic"),
    path("t/<int:pk>/last/", views.topic_last, name="topic_last"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/follow/", views.topic_follow, name="topic_follow"),
    path("t/<int:pk>/lock/", views.topic_moderate, {"action": "lock"}, name="topic_lock"),
    path("t/<int:pk>/unlock/", views.topic_moderate, {"action": "unlock"}, name="topic_unlock"),
    path("t/<int:pk>/pin/", views.topic_moderate, {"action": "pin"}, name="topic_pin"),
    path("t/<int:pk>/unpin/", views.topic_moderate, {"action": "unpin"}, name="topic_unpin"),
    path("t/<int:pk>/move/", views.topic_move, name="topic_move"),
    path("t/<int:pk>/split/", views.topic_split, name="topic_split"),
    path("t/<int:pk>/rename/", views.topic_rename, name="topic_rename"),
    path("p/<int:pk>/", views.post, name="post"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/revisions/", views.post_revisions, name="post_revisions"),
    path("p/<int:pk>/hide/", views.post_moderate, {"action": "hide"}, name="post_hide"),
    path("p/<int:pk>/restore/", views.post_moderate, {"action": "restore"}, name="post_restore"),
    path("p/<int:pk>/delete/", views.post_moderate, {"action": "delete"}, name="post_delete"),
    path("a/<int:pk>/", views.attachment, name="attachment"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/sections/new/", views.section_create, name="section_create"),
]
