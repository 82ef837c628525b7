from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "pedset.communities"
