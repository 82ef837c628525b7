from django.urls import path

from pedset.core.stubs import stub

app_name = "privacy"
urlpatterns = [
    path("policy/", stub, name="policy"),
    path("consent-texts/", stub, name="consent_texts"),
    path("destruction-acts/", stub, name="destruction_acts"),
]
