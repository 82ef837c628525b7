"""Shared test set-up: clean cache between tests, plain static storage, role fixtures."""

import re

import pytest

pytest_plugins = ["pedset.core.testing_browser"]


@pytest.fixture(autouse=True)
def _redis_database_per_worker(settings, worker_id):
    """Parallel workers (pytest -n) share one Redis, and clearing the cache is a FLUSHDB: each
    worker gets its own Redis database so one worker's clean-up never resets another's
    throttle counters mid-test."""
    conf = settings.CACHES["default"]
    match = re.search(r"/(\d+)$", conf.get("LOCATION", ""))
    if worker_id == "master" or "redis" not in conf["BACKEND"].lower() or not match:
        return
    database = (int(match.group(1)) + 1 + int(worker_id.removeprefix("gw"))) % 16
    location = conf["LOCATION"][: match.start()] + f"/{database}"
    settings.CACHES = {**settings.CACHES, "default": {**conf, "LOCATION": location}}


@pytest.fixture(autouse=True)
def _isolated_cache_and_storage(_redis_database_per_worker, settings, tmp_path):
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
