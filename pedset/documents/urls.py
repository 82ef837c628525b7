from django.urls import path

from pedset.documents import views

app_name = "documents"
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("documents/my/", views.my_documents, name="mine"),
    path("documents/community/<slug:slug>/", views.community_registry, name="registry"),
    path("documents/<int:pk>/revoke/", views.document_revoke, name="revoke"),
    path("documents/<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("documents/<int:pk>/docx/", views.download_docx, name="docx"),
]
