from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pedset.notifications"
