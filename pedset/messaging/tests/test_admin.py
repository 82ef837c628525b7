"""The Django admin shows counts and dates of private messages, never their text or subject:
the platform administrator cannot read conversations on the site either."""

import pytest
from django.urls import reverse

from pedset.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_never_shows_texts_and_changes_nothing(community, member, start, client):
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community, subject="Тайная тема", body="Тайна")
    message = conversation.messages.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    pages = [
        reverse("admin:messaging_message_changelist"),
        reverse("admin:messaging_message_change", args=[message.pk]),
        reverse("admin:messaging_conversation_changelist"),
        reverse("admin:messaging_conversation_change", args=[conversation.pk]),
        reverse("admin:messaging_participant_changelist"),
        reverse("admin:messaging_block_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Тайна" not in html and "Тайная тема" not in html, url

    assert client.get(reverse("admin:messaging_message_add")).status_code == 403
    response = client.post(reverse("admin:messaging_message_delete", args=[message.pk]))
    assert response.status_code == 403
    message.refresh_from_db()
