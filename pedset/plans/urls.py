from django.urls import path

from pedset.plans import views

app_name = "plans"
urlpatterns = [
    path("c/<slug:slug>/", views.plan, name="plan"),
    path("c/<slug:slug>/template.xlsx", views.import_template, name="template"),
    path("c/<slug:slug>/<int:year>/", views.plan, name="year"),
    path("c/<slug:slug>/<int:year>/new/", views.item_create, name="item_create"),
    path("c/<slug:slug>/<int:year>/approve/", views.approve, name="approve"),
    path("c/<slug:slug>/<int:year>/import/", views.plan_import, name="import"),
    path("c/<slug:slug>/<int:year>/plan.docx", views.export_docx, name="export_docx"),
    path("c/<slug:slug>/<int:year>/plan.xlsx", views.export_xlsx, name="export_xlsx"),
    path("c/<slug:slug>/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("c/<slug:slug>/items/<int:pk>/status/", views.item_status, name="item_status"),
    path("c/<slug:slug>/items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
