from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "pedset.search"
