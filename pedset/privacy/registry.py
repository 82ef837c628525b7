"""Finding every app's personal-data hooks.

An app that stores personal data adds ``pedset/<app>/personal_data.py`` with either or both of

    def export(user) -> dict          # sections of data.json, e.g. {"memberships": [...]}
    def erase(user) -> list[str]      # destroys or anonymises; returns the categories it erased

and privacy finds it here: no change in privacy is needed when an app is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule

HOOK_MODULE = "personal_data"


@dataclass(frozen=True)
class PersonalDataHook:
    app_label: str
    module: ModuleType

    @property
    def export(self):
        return getattr(self.module, "export", None)

    @property
    def erase(self):
        return getattr(self.module, "erase", None)


def personal_data_hooks() -> list[PersonalDataHook]:
    """The hooks of the installed apps, in INSTALLED_APPS order."""
    hooks = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, HOOK_MODULE):
            module = import_module(f"{config.name}.{HOOK_MODULE}")
            hooks.append(PersonalDataHook(config.label, module))
    return hooks


def erase_hooks() -> list[PersonalDataHook]:
    """Dependants first: the accounts hook, which blanks the User row, runs after every app
    that may still want to read it (apps are listed in INSTALLED_APPS after what they use)."""
    return [hook for hook in reversed(personal_data_hooks()) if hook.erase is not None]


def export_hooks() -> list[PersonalDataHook]:
    return [hook for hook in personal_data_hooks() if hook.export is not None]
