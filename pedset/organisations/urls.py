from django.urls import path

from pedset.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.registry, name="list"),
    path("new/", views.create, name="create"),
    path("import/", views.import_file, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
