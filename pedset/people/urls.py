from django.urls import path

from pedset.people import views

app_name = "people"
urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("following/", views.following, name="following"),
    path("followers/", views.followers, name="followers"),
    path("space/settings/", views.space_settings, name="space_settings"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/unfollow/", views.unfollow, name="unfollow"),
]
