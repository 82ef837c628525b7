"""Recommendation for publication (regulation 004 1.10) and withdrawal of entries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pedset.cabinet import policies, services
from pedset.cabinet.models import CabinetEntry, CouncilRole
from pedset.cabinet.tests.factories import CouncilMemberFactory, cabinet_entry
from pedset.communities.services import ActionRefused
from pedset.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

NOTE = "Региональный сборник «Педагогический опыт», 2027"


@pytest.mark.parametrize("role", [CouncilRole.CHAIR, CouncilRole.SECRETARY])
def test_the_council_chair_and_secretary_recommend_an_entry(role):
    # Given an entry and a council officer of its community
    entry = cabinet_entry()
    officer = CouncilMemberFactory(community=entry.community, role=role).user

    # When the officer recommends it for publication with a note
    services.entry_recommend(actor=officer, entry=entry, recommended=True, note=NOTE)

    # Then the mark and the note are stored, audited, and the author is told
    entry.refresh_from_db()
    assert entry.recommended_for_publication and entry.recommendation_note == NOTE
    assert AuditEvent.objects.filter(
        action="cabinet_entry_recommended", target_id=str(entry.pk)
    ).exists()
    author = entry.material.authors.get().user
    assert Notification.objects.filter(recipient=author, kind="expertise_decision").exists()


def test_an_ordinary_council_member_does_not_recommend():
    entry = cabinet_entry()
    member = CouncilMemberFactory(community=entry.community, role=CouncilRole.MEMBER).user
    assert not policies.can_recommend_entry(member, entry)
    with pytest.raises(PermissionDenied):
        services.entry_recommend(actor=member, entry=entry, recommended=True, note=NOTE)


def test_marking_needs_a_note_and_unmarking_clears_it(make_person):
    entry = cabinet_entry()
    coordinator = make_person("coordinator", entry.community)

    with pytest.raises(ActionRefused):
        services.entry_recommend(actor=coordinator, entry=entry, recommended=True, note="  ")
    entry.refresh_from_db()
    assert not entry.recommended_for_publication

    services.entry_recommend(actor=coordinator, entry=entry, recommended=True, note=NOTE)
    services.entry_recommend(actor=coordinator, entry=entry, recommended=False)
    entry.refresh_from_db()
    assert not entry.recommended_for_publication and entry.recommendation_note == ""
    assert AuditEvent.objects.filter(action="cabinet_entry_unrecommended").count() == 1


def test_the_recommended_mark_shows_in_the_catalogue_and_its_filter(client, make_person):
    # Given two entries, one recommended through the entry page
    entry = cabinet_entry()
    other = cabinet_entry()
    client.force_login(make_person("coordinator", entry.community))
    response = client.post(
        reverse("cabinet:entry_recommend", args=[entry.pk]), {"recommended": "1", "note": NOTE}
    )
    assert response.status_code == 302

    # When the catalogue is filtered by the mark, then only it is there, with the badge
    client.logout()
    response = client.get(reverse("cabinet:catalogue"), {"recommended": "on"})
    listed = [e.pk for e in response.context["page_obj"].object_list]
    assert listed == [entry.pk]
    assert other.pk not in listed
    assert "рекомендовано к публикации" in response.content.decode()
    page = client.get(reverse("cabinet:entry", args=[entry.pk])).content.decode()
    assert NOTE.replace("«", "&laquo;") in page or NOTE in page


def test_the_recommend_form_without_a_note_says_why(client, make_person):
    entry = cabinet_entry()
    client.force_login(make_person("coordinator", entry.community))
    response = client.post(
        reverse("cabinet:entry_recommend", args=[entry.pk]),
        {"recommended": "1", "note": ""},
        follow=True,
    )
    assert "Укажите, где рекомендуется опубликовать материал" in response.content.decode()
    entry.refresh_from_db()
    assert not entry.recommended_for_publication


def test_withdrawal_needs_reasons_and_happens_once(make_person):
    entry = cabinet_entry()
    admin = make_person("community_admin", entry.community)

    with pytest.raises(ActionRefused):
        services.entry_withdraw(actor=admin, entry=entry, reason="")
    services.entry_withdraw(actor=admin, entry=entry, reason="Дублирует материал № 12.")
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None
    assert entry.withdrawal_reason == "Дублирует материал № 12."
    event = AuditEvent.objects.get(action="cabinet_entry_withdrawn")
    assert event.reason == "Дублирует материал № 12."
    # a withdrawn entry can be neither withdrawn again nor recommended
    assert not policies.can_withdraw_entry(admin, entry)
    assert not policies.can_recommend_entry(admin, entry)


def test_the_withdraw_page(client, make_person):
    # Given a coordinator on the withdrawal page of an entry
    entry = cabinet_entry()
    client.force_login(make_person("coordinator", entry.community))
    url = reverse("cabinet:entry_withdraw", args=[entry.pk])
    assert client.get(url).status_code == 200

    # When the form is sent empty, then it says why and nothing changes
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert CabinetEntry.objects.get(pk=entry.pk).withdrawn_at is None

    # When the reasons are given, then the entry is withdrawn
    response = client.post(url, {"reason": "Автор просил исключить материал."})
    assert response.status_code == 302
    assert CabinetEntry.objects.get(pk=entry.pk).withdrawn_at is not None


@pytest.mark.parametrize("who", ["anonymous", "member", "expert", "moderator"])
def test_others_get_refused_on_entry_pages(client, make_person, who):
    entry = cabinet_entry()
    user = make_person(who, entry.community)
    if who != "anonymous":
        client.force_login(user)
    withdraw = client.post(
        reverse("cabinet:entry_withdraw", args=[entry.pk]), {"reason": "Без причины."}
    )
    recommend = client.post(
        reverse("cabinet:entry_recommend", args=[entry.pk]), {"recommended": "1", "note": NOTE}
    )
    expected = 302 if who == "anonymous" else 403  # anonymous visitors are sent to sign in
    assert withdraw.status_code == expected and recommend.status_code == expected
    entry.refresh_from_db()
    assert entry.withdrawn_at is None and not entry.recommended_for_publication


def test_the_entry_page_is_open_to_everyone(client):
    entry = cabinet_entry()
    body = client.get(reverse("cabinet:entry", args=[entry.pk])).content.decode()
    assert entry.authors_text in body
    assert f"Приказ № {entry.order.number}" in body


def test_the_material_block_tells_inclusion_and_withdrawal(make_person):
    # Given an entry, rendered through the block the material page includes
    from django.template.loader import render_to_string

    from pedset.cabinet.selectors import entry_for_material

    entry = cabinet_entry()
    block = render_to_string(
        "cabinet/_material_block.html", {"entry": entry_for_material(entry.material)}
    )
    assert f"приказом № {entry.order.number} от" in block
    assert entry.order.verification_code in block

    # When it is withdrawn, then the block says so with the reasons
    services.entry_withdraw(
        actor=make_person("coordinator", entry.community), entry=entry, reason="Плагиат."
    )
    block = render_to_string(
        "cabinet/_material_block.html", {"entry": entry_for_material(entry.material)}
    )
    assert "Исключён из виртуального методического кабинета" in block
    assert "Плагиат." in block
