import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from pedset.accounts import services
from pedset.accounts.models import UserSession
from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def is_logged_out(c: Client) -> bool:
    response = c.get("/accounts/settings/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_login_is_recorded_and_user_sessions_end_deletes_them(login):
    # given a teacher logged in on three devices
    user = UserFactory()
    devices = [login(user, Client()) for _ in range(3)]
    keys = [d.session.session_key for d in devices]
    assert set(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == set(
        keys
    )

    # when every session but the first is ended
    ended = services.user_sessions_end(user, except_key=keys[0])

    # then the other two are gone from the session store and from the record
    assert ended == 2
    assert Session.objects.filter(session_key=keys[0]).exists()
    assert not Session.objects.filter(session_key__in=keys[1:]).exists()
    assert not is_logged_out(devices[0])
    assert is_logged_out(devices[1]) and is_logged_out(devices[2])
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [keys[0]]

    # and ending all ends the last one too
    assert services.user_sessions_end(user) == 1
    assert is_logged_out(devices[0])


def test_other_peoples_sessions_are_untouched(login):
    user, colleague = UserFactory(), UserFactory()
    login(user, Client())
    theirs = login(colleague, Client())
    services.user_sessions_end(user)
    assert not is_logged_out(theirs)


def test_deactivation_ends_sessions_refuses_login_and_is_audited(login, make_person):
    # given a teacher logged in on another device
    admin = make_person("platform_admin")
    user = UserFactory()
    device = login(user, Client())
    key = device.session.session_key

    # when the account is deactivated
    services.user_deactivate(actor=admin, user=user, reason="Отзыв согласия")

    # then the device is logged out and its session is deleted
    user.refresh_from_db()
    assert not user.is_active
    assert not Session.objects.filter(session_key=key).exists()
    assert is_logged_out(device)
    assert not UserSession.objects.filter(user=user).exists()
    # and the person cannot log in again
    response = Client().post(
        "/accounts/login/", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    # and the deactivation is in the audit log with its reason
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_DEACTIVATED)
    assert (event.actor, event.subject_user_id, event.reason) == (admin, user.pk, "Отзыв согласия")
    assert event.data == {"sessions_ended": 1}

    # and a second call changes nothing more
    services.user_deactivate(actor=admin, user=user, reason="Повторно")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_DEACTIVATED).count() == 1


def test_sessions_that_expired_on_their_own_are_forgotten_at_the_next_login(login):
    user = UserFactory()
    first = login(user, Client())
    Session.objects.filter(session_key=first.session.session_key).delete()  # expired, cleared
    login(user, Client())
    assert UserSession.objects.filter(user=user).count() == 1
