from django.urls import path

from pedset.certificates import views

app_name = "certificates"
urlpatterns = [
    path("event/<int:pk>/issue/", views.issue, name="issue"),
    path("award/<int:pk>/revoke/", views.revoke, name="revoke"),
]
