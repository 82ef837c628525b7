from django.urls import path

from pedset.consultations import views

app_name = "consultations"
urlpatterns = [
    path("line/<int:pk>/", views.line, name="line"),
    path("line/<int:pk>/ask/", views.ask, name="ask"),
    path("line/<int:pk>/queue/", views.queue, name="queue"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
