from django.urls import path

from pedset.contests import views

app_name = "contests"
urlpatterns = [
    # Set-up by those who run the event
    path("<int:pk>/setup/", views.setup, name="setup"),
    path("<int:pk>/nominations/", views.nomination_add, name="nomination_add"),
    path("nominations/<int:pk>/remove/", views.nomination_remove, name="nomination_remove"),
    path("<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/remove/", views.criterion_remove, name="criterion_remove"),
    path("<int:pk>/jurors/", views.juror_add, name="juror_add"),
    path("jurors/<int:pk>/remove/", views.juror_remove, name="juror_remove"),
    path("jurors/<int:pk>/chair/", views.juror_chair, name="juror_chair"),
    # Entries
    path("<int:pk>/submit/", views.entry_submit, name="submit"),
    path("<int:pk>/entries/", views.entries, name="entries"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="withdraw"),
    path("entries/<int:pk>/disqualify/", views.entry_disqualify, name="disqualify"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path(
        "entries/<int:pk>/material-files/<int:file_pk>/",
        views.material_file_download,
        name="material_file",
    ),
    # The jury
    path("<int:pk>/jury/", views.jury, name="jury"),
    path("entries/<int:pk>/score/", views.entry_score, name="score"),
    # Results
    path("<int:pk>/results/manage/", views.results_manage, name="results_manage"),
    path("<int:pk>/results/compute/", views.results_compute, name="results_compute"),
    path("<int:pk>/results/publish/", views.results_publish, name="results_publish"),
    path("<int:pk>/results/", views.results, name="results"),
]
