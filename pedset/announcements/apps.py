from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "pedset.announcements"
