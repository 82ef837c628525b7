from django.urls import path

from pedset.review import views

app_name = "review"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("c/<slug:slug>/", views.desk, name="desk"),
    path("c/<slug:slug>/criteria/", views.criteria, name="criteria"),
    path("c/<slug:slug>/criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("c/<slug:slug>/criteria/<int:pk>/move/", views.criterion_move, name="criterion_move"),
    path(
        "c/<slug:slug>/criteria/<int:pk>/remove/", views.criterion_remove, name="criterion_remove"
    ),
    path(
        "c/<slug:slug>/criteria/<int:pk>/restore/",
        views.criterion_restore,
        name="criterion_restore",
    ),
    path("m/<int:pk>/", views.material_expertise, name="material"),
    path("m/<int:pk>/assign/", views.assign, name="assign"),
    path("m/<int:pk>/decide/", views.decide, name="decide"),
    path("a/<int:pk>/", views.assignment_detail, name="assignment"),
    path("a/<int:pk>/accept/", views.assignment_accept, name="accept"),
    path("a/<int:pk>/decline/", views.assignment_decline, name="decline"),
    path("a/<int:pk>/withdraw/", views.assignment_withdraw, name="withdraw"),
]
