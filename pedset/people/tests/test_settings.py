"""The settings of the personal space: who sees each part."""

import pytest

from pedset.people.models import SpaceSection, SpaceSettings

pytestmark = pytest.mark.django_db


def valid(**changes):
    data = dict.fromkeys(SpaceSection.values, "members")
    data.update(changes)
    return data


def test_the_owner_chooses_who_sees_each_part(client, person):
    client.force_login(person)
    page = client.get("/people/space/settings/").content.decode()
    assert "кто что видит" in page and "Мероприятия, на которых я был(а)" in page
    response = client.post("/people/space/settings/", valid(documents="everyone", attended="me"))
    assert response.status_code == 302
    space = SpaceSettings.objects.get(user=person)
    assert (space.documents, space.attended, space.materials) == ("everyone", "me", "members")


@pytest.mark.parametrize(
    "data",
    [{}, valid(materials="emperor"), valid(groups=""), {"materials": ["me", "everyone"]}],
    ids=["empty", "unknown", "blank", "twice"],
)
def test_bad_input_is_a_form_error_and_changes_nothing(client, person, data):
    client.force_login(person)
    response = client.post("/people/space/settings/", data)
    assert response.status_code == 400
    assert "Выберите, кто видит" in response.content.decode()
    assert not SpaceSettings.objects.exists()


def test_settings_need_a_login(client):
    response = client.get("/people/space/settings/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
