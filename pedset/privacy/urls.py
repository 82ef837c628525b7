from django.urls import path

from pedset.privacy import views

app_name = "privacy"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("texts/<int:pk>/", views.consent_text_detail, name="consent_text"),
    path("consent-texts/", views.consent_texts, name="consent_texts"),
    path(
        "consent-texts/<int:operator_pk>/<str:kind>/new/",
        views.consent_text_publish,
        name="consent_text_publish",
    ),
    path("my/", views.my_consents, name="my_consents"),
    path("my/publication/", views.publication_consent, name="publication_consent"),
    path("my/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("my/withdraw/", views.withdraw, name="withdraw"),
    path("my/export/", views.export, name="export"),
    path("withdrawn/", views.withdrawn, name="withdrawn"),
    path("destruction-acts/", views.destruction_acts, name="destruction_acts"),
    path("destruction-acts/<int:pk>/", views.destruction_act_detail, name="destruction_act"),
    path(
        "destruction-acts/<int:pk>/print/",
        views.destruction_act_print,
        name="destruction_act_print",
    ),
]
