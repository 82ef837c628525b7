from django.urls import path

from pedset.rooms import views

app_name = "rooms"
urlpatterns = [
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/configure/", views.configure, name="configure"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/recording/", views.recording, name="recording"),
]
