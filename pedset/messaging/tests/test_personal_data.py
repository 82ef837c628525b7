"""Personal data (152-FZ): the export holds the person's seats, the messages they wrote and the
people they blocked; withdrawal erases nothing here — the messages stay with the others'
conversations, signed «Бывший участник»."""

import pytest
from django.urls import reverse

from pedset.messaging import personal_data, services
from pedset.messaging.models import Message

pytestmark = pytest.mark.django_db


def test_export_holds_seats_own_messages_and_blocks(community, member, start):
    anna, boris = member(), member()
    mine = start(anna, boris, community=community, subject="Моя тема", body="Моё сообщение")
    theirs = start(boris, anna, community=community, subject="Чужая тема", body="Чужое")
    services.message_send(actor=anna, conversation=theirs, body="Мой ответ")
    services.conversation_leave(actor=anna, conversation=theirs)
    services.person_block(actor=anna, person=boris)

    data = personal_data.export(anna)

    by_id = {c["id"]: c for c in data["private_conversations"]}
    assert by_id[mine.pk]["subject"] == "Моя тема" and by_id[mine.pk]["started_by_me"]
    assert [m["text"] for m in by_id[mine.pk]["messages_written"]] == ["Моё сообщение"]
    # another's subject and messages are theirs, not Anna's
    assert by_id[theirs.pk]["subject"] is None
    assert [m["text"] for m in by_id[theirs.pk]["messages_written"]] == ["Мой ответ"]
    assert by_id[theirs.pk]["left_at"] is not None
    assert "Чужое" not in str(data)
    assert data["blocked_people"] == [
        {"blocked_person_id": boris.pk, "since": data["blocked_people"][0]["since"]}
    ]


def test_no_erase_hook():
    assert not hasattr(personal_data, "erase")


def test_after_withdrawal_the_messages_stay_signed_as_a_former_participant(
    community, member, start, signed_in
):
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.models import ConsentSource
    from pedset.privacy.services import consent_give, consent_revoke_all
    from pedset.privacy.tests.factories import ConsentTextFactory

    operator = OrganisationFactory(operates_platform=True)
    ConsentTextFactory(operator=operator)
    anna, boris = member(), member()
    conversation = start(anna, boris, community=community, body="Текст Анны")
    consent_give(user=anna, operator=operator, source=ConsentSource.JOIN)

    consent_revoke_all(user=anna)

    assert Message.objects.filter(author=anna, body="Текст Анны").exists()
    html = signed_in(boris).get(reverse("messaging:conversation", args=[conversation.pk]))
    html = html.content.decode()
    assert "Бывший участник" in html and "Текст Анны" in html
    assert anna.last_name not in html
