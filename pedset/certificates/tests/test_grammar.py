"""The Russian grammar of names on documents: gender and declension (pytrovich)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedset.accounts.models import Gender, User
from pedset.certificates.grammar import CASES, by_gender, declined_name, detect_gender, gender_of

# (surname, first name, patronymic), case, expected — synthetic names, real declension.
DECLENSION = [
    (("Иванова", "Мария", "Петровна"), "dative", "Ивановой Марии Петровне"),
    (("Иванова", "Мария", "Петровна"), "genitive", "Ивановой Марии Петровны"),
    (("Иванова", "Мария", "Петровна"), "instrumental", "Ивановой Марией Петровной"),
    (("Иванова", "Мария", "Петровна"), "prepositional", "Ивановой Марии Петровне"),
    (("Иванова", "Мария", "Петровна"), "accusative", "Иванову Марию Петровну"),
    (("Кузнецов", "Илья", "Сергеевич"), "dative", "Кузнецову Илье Сергеевичу"),
    (("Кузнецов", "Илья", "Сергеевич"), "genitive", "Кузнецова Ильи Сергеевича"),
    (("Кузнецов", "Илья", "Сергеевич"), "instrumental", "Кузнецовым Ильёй Сергеевичем"),
    (("Кузнецов", "Илья", "Сергеевич"), "accusative", "Кузнецова Илью Сергеевича"),
    # surnames that do not decline
    (("Черных", "Анна", ""), "dative", "Черных Анне"),
    (("Черных", "Иван", "Олегович"), "dative", "Черных Ивану Олеговичу"),
    (("Ли", "Ирина", "Владимировна"), "dative", "Ли Ирине Владимировне"),
    (("Ли", "Сергей", "Викторович"), "genitive", "Ли Сергея Викторовича"),
    (("Шевченко", "Никита", "Андреевич"), "dative", "Шевченко Никите Андреевичу"),
    (("Жук", "Анна", "Петровна"), "dative", "Жук Анне Петровне"),
    (("Жук", "Иван", "Петрович"), "dative", "Жуку Ивану Петровичу"),
    # adjectival surnames
    (("Белая", "Ольга", "Ивановна"), "dative", "Белой Ольге Ивановне"),
    (("Толстой", "Лев", "Николаевич"), "dative", "Толстому Льву Николаевичу"),
    (("Толстая", "Софья", "Андреевна"), "genitive", "Толстой Софьи Андреевны"),
    # hyphenated: each part declines
    (("Римская-Корсакова", "Анна", "Ивановна"), "dative", "Римской-Корсаковой Анне Ивановне"),
    (
        ("Салтыков-Щедрин", "Михаил", "Евграфович"),
        "dative",
        "Салтыкову-Щедрину Михаилу Евграфовичу",
    ),
    (("Петрова-Водкина", "Анна-Мария", ""), "genitive", "Петровой-Водкиной Анны-Марии"),
    # Turkic patronymics keep the particle
    (("Мамедов", "Эльдар", "Рашид оглы"), "dative", "Мамедову Эльдару Рашид оглы"),
    (("Алиева", "Лейла", "Рашид кызы"), "dative", "Алиевой Лейле Рашид кызы"),
    # the nominative is the name as written (spaces normalised)
    (("Иванова ", " Мария", "Петровна"), "nominative", "Иванова Мария Петровна"),
    # capitals stay capitals
    (("ИВАНОВА", "МАРИЯ", "ПЕТРОВНА"), "dative", "ИВАНОВОЙ МАРИИ ПЕТРОВНЕ"),
    # what cannot be declined is left as written
    (("Smith", "John", ""), "dative", "Smith John"),
    (("Шевченко", "Саша", ""), "dative", "Шевченко Саша"),
]


@pytest.mark.parametrize(("name", "case", "expected"), DECLENSION)
def test_declension_table(name, case, expected):
    # given a name and a case, when it is declined, then it reads as a clerk would write it
    assert declined_name(name, case) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (("Иванова", "Мария", "Петровна"), "female"),
        (("Кузнецов", "Илья", "Сергеевич"), "male"),
        # the patronymic decides over an ambiguous first name
        (("Шевченко", "Саша", "Петровна"), "female"),
        (("Шевченко", "Женя", "Петрович"), "male"),
        # no patronymic: the first name, then the surname
        (("Черных", "Анна", ""), "female"),
        (("Шевченко", "Никита", ""), "male"),
        (("Иванова", "Саша", ""), "female"),
        (("Мамедов", "Эльдар", "Рашид оглы"), "male"),
        (("Алиева", "Лейла", "Рашид кызы"), "female"),
        # nothing certain
        (("Шевченко", "Саша", ""), None),
        (("Smith", "John", ""), None),
        (("", "", ""), None),
    ],
)
def test_gender_is_told_by_the_patronymic_then_first_name_then_surname(name, expected):
    assert detect_gender(*name) == expected


def test_the_profile_gender_wins_over_the_name():
    # given a person whose name says nothing certain, who stated female in the profile
    person = User(last_name="Шевченко", first_name="Саша", patronymic="", gender="female")
    # then the stated gender is used and the name declines
    assert gender_of(person) == "female"
    assert declined_name(person, "dative") == "Шевченко Саше"
    # and without a stated gender nothing is guessed: the name stays as written
    person.gender = Gender.UNSPECIFIED
    assert gender_of(person) is None
    assert declined_name(person, "dative") == "Шевченко Саша"
    # a stated gender also wins over a patronymic that says otherwise
    person = User(last_name="Кузнецов", first_name="Илья", patronymic="Сергеевич", gender="female")
    assert gender_of(person) == "female"


def test_a_user_and_a_tuple_decline_alike():
    person = User(last_name="Иванова", first_name="Мария", patronymic="Петровна")
    assert declined_name(person, "dative") == declined_name(
        ("Иванова", "Мария", "Петровна"), "dative"
    )


def test_an_unknown_gender_leaves_the_name_as_written():
    # given a name with no certain gender, when asked for the dative with gender None
    assert declined_name(("Кузнецов", "Илья", "Сергеевич"), "dative", gender=None) == (
        "Кузнецов Илья Сергеевич"
    )


@pytest.mark.parametrize(
    ("gender", "expected"),
    [("male", "принял участие"), ("female", "приняла участие"), (None, "принял(а) участие")],
)
def test_by_gender_agrees(gender, expected):
    assert f"{by_gender(gender, 'принял', 'приняла', 'принял(а)')} участие" == expected


def test_an_unknown_case_is_a_programming_error():
    with pytest.raises(ValueError):
        declined_name(("Иванова", "Мария", ""), "vocative")


@settings(max_examples=300, deadline=None)
@given(
    last=st.text(max_size=300),
    first=st.text(max_size=300),
    patronymic=st.text(max_size=300),
    case=st.sampled_from(sorted(CASES)),
    gender=st.sampled_from(["detect", "male", "female", None]),
)
def test_declension_never_breaks_on_any_text(last, first, patronymic, case, gender):
    # given any Unicode at all, when declined, then a string comes back, never an exception
    result = declined_name((last, first, patronymic), case, gender=gender)
    assert isinstance(result, str)
    assert detect_gender(last, first, patronymic) in ("male", "female", None)


CYRILLIC_WORD = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(CYRILLIC_WORD, min_size=1, max_size=3),
    case=st.sampled_from(sorted(CASES)),
    gender=st.sampled_from(["male", "female"]),
)
def test_hyphenated_surnames_keep_their_parts(parts, case, gender):
    # given a hyphenated Cyrillic surname of any parts
    surname = "-".join(p.capitalize() for p in parts)
    # when declined, then it has as many parts, none empty, and each keeps its stem (only an
    # ending of at most three letters changes)
    declined = declined_name((surname, "", ""), case, gender=gender)
    assert declined.count("-") == surname.count("-")
    for original, result in zip(surname.split("-"), declined.split("-"), strict=True):
        assert result
        stem = max(0, len(original) - 3)
        assert result[:stem] == original[:stem]
