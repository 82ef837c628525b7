from django.urls import path

from pedset.core.stubs import stub

app_name = "organisations"
urlpatterns = [
    path("", stub, name="list"),
    path("import/", stub, name="import"),
]
