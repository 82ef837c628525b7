"""The Django admin shows moderation records read-only: they change only through the services."""

import pytest
from django.contrib import admin

from pedset.moderation.models import Flag, MemberWarning, ModerationAction, Suspension

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Flag, ModerationAction, MemberWarning, Suspension])
def test_admin_is_read_only(rf, model, platform_admin):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = platform_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
