"""One-click unsubscribe: a signed link, no login; GET asks, POST does (RFC 8058)."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from pedset.accounts.tests.factories import UserFactory
from pedset.core.models import Notification
from pedset.core.notify import notify
from pedset.notifications.kinds import Delivery
from pedset.notifications.models import NotificationPreference
from pedset.notifications.tokens import SALT, read_unsubscribe_token, unsubscribe_token

pytestmark = pytest.mark.django_db

INVALID = "Ссылка для отписки повреждена или недействительна. Ничего не изменено."


def url_for(token):
    return reverse("notifications:unsubscribe", args=[token])


def stored(person, kind):
    return (
        NotificationPreference.objects.filter(user=person, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )


def test_opening_the_link_asks_and_changes_nothing(client, person):
    response = client.get(url_for(unsubscribe_token(person.pk, ["announcement"])))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Больше не присылать эти уведомления на адрес" in html
    assert "Объявления" in html
    assert person.email not in html  # the address is masked: a***@example.test
    assert f"{person.email[0]}***@example.test" in html
    assert '<form method="post">' in html
    assert stored(person, "announcement") is None


def test_the_button_switches_that_kinds_e_mail_off(client, person):
    response = client.post(url_for(unsubscribe_token(person.pk, ["announcement"])))
    assert response.status_code == 200
    assert "Готово: эти уведомления больше не будут приходить" in response.content.decode()
    assert stored(person, "announcement") == Delivery.SITE
    assert stored(person, "forum_reply") is None  # other kinds untouched


def test_one_click_post_from_a_mail_client_needs_no_csrf_token_nor_login(person):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url_for(unsubscribe_token(person.pk, ["forum_reply", "forum_topic"])),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert stored(person, "forum_reply") == Delivery.SITE
    assert stored(person, "forum_topic") == Delivery.SITE


def test_other_pages_still_need_the_csrf_token(person):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    assert strict.post(reverse("notifications:preferences"), {}).status_code == 403


def test_after_unsubscribing_no_more_letters(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(url_for(unsubscribe_token(person.pk, ["announcement"])))
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(person, kind="announcement", title="Объявление")
    assert mailoutbox == []
    assert note.delivery == Delivery.SITE and note.read_at is None  # still in the centre


def test_waiting_digest_items_of_that_kind_stay_in_the_site_only(client, person):
    NotificationPreference.objects.create(user=person, kind="forum_reply", delivery=Delivery.DIGEST)
    note = notify(person, kind="forum_reply", title="Ответ")
    client.post(url_for(unsubscribe_token(person.pk, ["forum_reply"])))
    note.refresh_from_db()
    assert note.delivery == Delivery.SITE


def test_twice_is_harmless(client, person):
    token = unsubscribe_token(person.pk, ["announcement"])
    client.post(url_for(token))
    response = client.post(url_for(token))
    assert response.status_code == 200
    assert "и так не приходят" in response.content.decode()


def test_a_switched_off_kind_stays_off(client, person):
    NotificationPreference.objects.create(user=person, kind="forum_topic", delivery=Delivery.OFF)
    client.post(url_for(unsubscribe_token(person.pk, ["forum_topic"])))
    assert stored(person, "forum_topic") == Delivery.OFF


def test_a_mandatory_kinds_e_mail_can_be_stopped_it_stays_in_the_centre(client, person):
    client.post(url_for(unsubscribe_token(person.pk, ["moderation"])))
    assert stored(person, "moderation") == Delivery.SITE
    note = notify(person, kind="moderation", title="Ваше сообщение скрыто")
    assert note.read_at is None


def test_the_link_works_for_someone_else_signed_in(client, person):
    # a forwarded letter: the token names its owner, whoever opens it
    client.force_login(UserFactory())
    client.post(url_for(unsubscribe_token(person.pk, ["announcement"])))
    assert stored(person, "announcement") == Delivery.SITE


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_refused_and_changes_nothing(client, person, method):
    victim = UserFactory()
    good = unsubscribe_token(person.pk, ["announcement"])
    # another person's id under this person's signature
    payload = signing.Signer(salt=SALT).sign_object({"u": victim.pk, "k": ["announcement"]})
    forged = f"{payload.rsplit(':', 1)[0]}:{good.rsplit(':', 1)[1]}"
    response = getattr(client, method)(url_for(forged))
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "make_token",
    [
        # signed by another feature of the site (a different salt)
        lambda p: signing.Signer(salt="pedset.accounts.email-confirmation").sign_object(
            {"u": p.pk, "k": ["announcement"]}
        ),
        lambda p: signing.dumps({"u": p.pk, "k": ["announcement"]}),
        # signed here but not what an unsubscribe link carries
        lambda p: signing.Signer(salt=SALT).sign_object({"u": p.pk, "k": ["no_such_kind"]}),
        lambda p: signing.Signer(salt=SALT).sign_object({"u": p.pk, "k": []}),
        lambda p: signing.Signer(salt=SALT).sign_object({"u": str(p.pk), "k": ["announcement"]}),
        lambda p: signing.Signer(salt=SALT).sign_object([p.pk, "announcement"]),
        lambda p: signing.Signer(salt=SALT).sign_object({"u": 10**9, "k": ["announcement"]}),
        lambda p: "garbage",
        lambda p: "x" * 2000,
        lambda p: "eyJ1IjoxfQ:",
    ],
    ids=[
        "other-salt",
        "no-salt",
        "unknown-kind",
        "no-kinds",
        "id-as-text",
        "not-a-dict",
        "nobody",
        "garbage",
        "too-long",
        "empty-signature",
    ],
)
def test_foreign_or_malformed_tokens_are_refused(client, person, make_token):
    token = make_token(person)
    response = client.post(url_for(token))
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_closed_account_cannot_be_unsubscribed_through_an_old_link(client, person):
    token = unsubscribe_token(person.pk, ["announcement"])
    person.is_active = False
    person.save()
    response = client.post(url_for(token))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_other_methods_are_not_allowed(client, person):
    response = client.put(url_for(unsubscribe_token(person.pk, ["announcement"])))
    assert response.status_code == 405


def test_old_kind_codes_in_a_token_mean_their_kind(person):
    token = unsubscribe_token(person.pk, ["membership_approved", "membership"])
    assert read_unsubscribe_token(token).kinds == ("membership",)


def test_the_centre_keeps_what_came_before(client, person):
    notify(person, kind="announcement", title="Объявление")
    client.post(url_for(unsubscribe_token(person.pk, ["announcement"])))
    assert Notification.objects.filter(recipient=person).count() == 1
