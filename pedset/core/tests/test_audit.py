import pytest

from pedset.core.audit import audit_record
from pedset.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_log_is_append_only(make_person):
    # given an audit event
    admin = make_person("platform_admin")
    event = audit_record(AuditEvent.Action.LOGIN, actor=admin, subject_user=admin)

    # when anybody tries to change or delete it, then the log refuses
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""
