from django.urls import path  # noqa: F401 - the routes come with the app's views

app_name = "gallery"
urlpatterns = []
