from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "pedset.groups"
