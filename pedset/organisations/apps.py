from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "pedset.organisations"
