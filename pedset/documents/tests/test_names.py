"""How people are named on documents."""

import pytest
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.documents.names import full_name, initials_name, initials_of


@pytest.mark.django_db
def test_initials_before_the_surname():
    person = UserFactory(last_name="Иванова", first_name="Мария", patronymic="Петровна")
    assert initials_name(person) == "М. П. Иванова"
    assert full_name(person) == "Иванова Мария Петровна"
    no_patronymic = UserFactory(last_name="Смит", first_name="Джон", patronymic="")
    assert initials_name(no_patronymic) == "Д. Смит"


@pytest.mark.django_db
def test_former_participant_is_not_named():
    person = UserFactory(anonymised_at=timezone.now())
    assert initials_name(person) == "Бывший участник"
    assert initials_name(None) == ""


def test_initials_of_a_printed_name():
    assert initials_of("Иванова  Мария Петровна") == "М. П. Иванова"
    assert initials_of("Салтыков-Щедрин Михаил Евграфович") == "М. Е. Салтыков-Щедрин"
    assert initials_of("Мадонна") == "Мадонна"
    assert initials_of("") == ""
