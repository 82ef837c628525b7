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


def test_every_action_the_services_write_has_a_name_in_the_log():
    """Given the services of every app, when one writes an audit event with a literal code,
    then that code is one of AuditEvent.Action, so the audit pages show it in words."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    written = set()
    for source in root.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        text = source.read_text()
        written |= set(re.findall(r'audit_record\(\s*"([a-z_]+)"', text))
        written |= set(re.findall(r'^ACTION_\w+ = "([a-z_]+)"', text, re.MULTILINE))
    written |= {"cabinet_entry_recommended", "cabinet_entry_unrecommended"}
    assert written, "the scan found no audit codes: the pattern is wrong"
    assert written <= set(AuditEvent.Action.values), written - set(AuditEvent.Action.values)
