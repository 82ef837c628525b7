from django.urls import path

from pedset.core.stubs import stub

app_name = "communities"
urlpatterns = [
    path("", stub, name="list"),
    path("new/", stub, name="create"),
    path("audit/", stub, name="platform_audit"),
    path("<slug:slug>/", stub, name="detail"),
]
