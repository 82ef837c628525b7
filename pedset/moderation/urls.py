from django.urls import path

from pedset.moderation import views

app_name = "moderation"
urlpatterns = [
    path("flag/post/<int:pk>/", views.flag_post, name="flag_post"),
    path("flag/message/<int:pk>/", views.flag_message, name="flag_message"),
    path("<slug:slug>/queue/", views.queue, name="queue"),
    path("<slug:slug>/queue/post/<int:pk>/", views.resolve_post, name="resolve_post"),
    path("<slug:slug>/queue/message/<int:pk>/", views.resolve_message, name="resolve_message"),
    path("<slug:slug>/log/", views.log, name="log"),
    path("<slug:slug>/members/<int:pk>/", views.member, name="member"),
    path("<slug:slug>/members/<int:pk>/warn/", views.warn, name="warn"),
    path("<slug:slug>/members/<int:pk>/suspend/", views.suspend, name="suspend"),
    path("<slug:slug>/suspensions/<int:pk>/lift/", views.lift, name="lift"),
]
