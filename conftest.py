"""Shared test set-up: clean cache between tests, plain static storage, role fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache_and_storage(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_person(db):
    """make_person(role, community) -> a user in that position. See pedset/core/testing.py."""
    from pedset.core.testing import make_person as factory

    return factory
