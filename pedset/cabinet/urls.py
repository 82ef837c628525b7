from django.urls import path

from pedset.cabinet import views

app_name = "cabinet"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("c/<slug:slug>/", views.community_cabinet, name="community"),
    path("c/<slug:slug>/council/", views.council_manage, name="council"),
    path("c/<slug:slug>/council/<int:pk>/end/", views.council_seat_end, name="council_seat_end"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/recommend/", views.entry_recommend, name="entry_recommend"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
]
