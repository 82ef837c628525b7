from django.urls import path

from pedset.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.conversation_new, name="new"),
    path("settings/", views.messaging_settings, name="settings"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/add/", views.add_participants, name="add"),
    path("m/<int:pk>/", views.message_anchor, name="message"),
    path("people/<int:pk>/block/", views.block, name="block"),
    path("people/<int:pk>/unblock/", views.unblock, name="unblock"),
]
