"""The gender field of the profile settings: it decides the grammar of one's documents."""

import pytest
from django.urls import reverse

from pedset.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_data(user, **changes):
    data = {
        "section": "profile",
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "gender": user.gender,
        "position": user.position,
        "qualification_category": "",
        "about": "",
    }
    data.update(changes)
    return data


def test_the_settings_page_asks_for_the_gender_and_saves_it(client):
    user = UserFactory(last_name="Шевченко", first_name="Саша", patronymic="")
    client.force_login(user)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="gender"' in page
    response = client.post(reverse("accounts:settings"), profile_data(user, gender="female"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.gender == "female"
    # and it can be taken back to «not specified»
    client.post(reverse("accounts:settings"), profile_data(user, gender=""))
    user.refresh_from_db()
    assert user.gender == ""


def test_a_made_up_gender_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), profile_data(user, gender="other"))
    assert response.status_code == 400  # the settings page answers refused input so
    assert response.context["profile_form"].errors["gender"]
    user.refresh_from_db()
    assert user.gender == ""
