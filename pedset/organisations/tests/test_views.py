"""The registry page, an organisation's page, adding and editing."""

import pytest
from django.urls import reverse

from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("organisations:list")
CREATE_URL = reverse("organisations:create")


def page(response) -> str:
    return response.content.decode()


def valid_data(**changes) -> dict:
    data = {
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 1» с. Луговое",
        "short_name": "МБОУ «Лицей № 1» с. Луговое",
        "kind": Organisation.Kind.SCHOOL,
        "address": "с. Луговое, ул. Школьная, д. 1",
        "district": "Луговской район",
        "inn": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


# --- Registry --------------------------------------------------------------------------------


def test_registry_shows_names_type_address_and_district(client):
    OrganisationFactory(
        full_name="Муниципальное бюджетное дошкольное учреждение «Детский сад № 5»",
        short_name="МБДОУ «Детский сад № 5»",
        kind=Organisation.Kind.KINDERGARTEN,
        address="с. Полевое, ул. Садовая, д. 2",
        district="Полевской район",
    )
    html = page(client.get(LIST_URL))
    assert "Образовательные организации" in html
    assert "МБДОУ «Детский сад № 5»" in html
    assert "Муниципальное бюджетное дошкольное учреждение «Детский сад № 5»" in html
    assert "дошкольная образовательная организация" in html
    assert "с. Полевое, ул. Садовая, д. 2" in html
    assert "Полевской район" in html


def test_search_ignores_case_quotes_and_number_spacing(client):
    # SQLite folds only Latin letters; the registry must still find «школа» in «Школа».
    OrganisationFactory(short_name="МБОУ «Школа №7» с. Ёлкино", full_name="Школа №7 Ёлкино")
    OrganisationFactory(short_name="МБОУ «Гимназия № 2»", full_name="Гимназия № 2")

    html = page(client.get(LIST_URL, {"q": 'школа "№ 7" елкино'}))

    assert "Школа №7" in html
    assert "Гимназия" not in html
    assert "Найдена 1 организация" in html


def test_search_by_address_and_inn(client):
    OrganisationFactory(short_name="Первая", address="с. Заречное", inn="0012345678")
    OrganisationFactory(short_name="Вторая", address="с. Луговое")
    assert "Первая" in page(client.get(LIST_URL, {"q": "заречное"}))
    assert "Вторая" not in page(client.get(LIST_URL, {"q": "0012345678"}))


def test_filters_by_district_and_type(client):
    OrganisationFactory(short_name="Школа А", district="Северный район")
    OrganisationFactory(
        short_name="Сад Б", district="Северный район", kind=Organisation.Kind.KINDERGARTEN
    )
    OrganisationFactory(short_name="Школа В", district="Южный район")

    html = page(client.get(LIST_URL, {"district": "Северный район", "kind": "school"}))

    assert "Школа А" in html
    assert "Сад Б" not in html
    assert "Школа В" not in html
    # the district filter offers the districts of the registry
    assert '<option value="Южный район">Южный район</option>' in html


def test_unknown_filter_values_do_not_break_the_page(client):
    OrganisationFactory(short_name="Школа А")
    response = client.get(LIST_URL, {"district": "Несуществующий", "kind": "x", "page": "abc"})
    assert response.status_code == 200
    assert "Школа А" in page(response)


def test_registry_is_paginated(client):
    for n in range(30):
        OrganisationFactory(short_name=f"Школа {n:02d}")
    first = page(client.get(LIST_URL))
    second = page(client.get(LIST_URL, {"page": 2}))
    assert "Школа 00" in first and "Школа 29" not in first
    assert "Школа 29" in second
    assert "Страница 2 из 2" in second


def test_inactive_organisation_is_marked_in_words(client):
    OrganisationFactory(short_name="Закрытая школа", is_active=False)
    assert "не действует" in page(client.get(LIST_URL))


@pytest.mark.parametrize("rows", [3, 30])
def test_registry_query_budget_anonymous(client, django_assert_max_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    with django_assert_max_num_queries(3):
        response = client.get(LIST_URL, {"q": "школа", "district": "Тестовый район"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_registry_query_budget_signed_in(client, make_person, django_assert_max_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    client.force_login(make_person("platform_admin"))
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Добавить организацию" in page(response)


def test_manage_buttons_only_for_managers(client, make_person):
    client.force_login(make_person("registered"))
    html = page(client.get(LIST_URL))
    assert "Добавить организацию" not in html
    assert "Загрузить из CSV или XLSX" not in html


# --- Detail ----------------------------------------------------------------------------------


def test_detail_page(client):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory

    school = OrganisationFactory(short_name="МБОУ «СОШ № 9»", inn="0012345678")
    UserFactory.create_batch(2, organisation=school)
    operated = CommunityFactory(operator=school, name="Сообщество, которое ведёт школа")
    joined = CommunityFactory(name="Сообщество организаций")
    MembershipFactory(community=joined, organisation=school)

    response = client.get(reverse("organisations:detail", args=[school.pk]))

    html = page(response)
    assert response.status_code == 200
    assert "<h1>МБОУ «СОШ № 9»</h1>" in html
    assert "0012345678" in html
    assert "<dt>Зарегистрировано сотрудников</dt><dd>2</dd>" in html
    assert operated.name in html
    assert joined.name in html


def test_unknown_organisation_is_404(client):
    assert client.get(reverse("organisations:detail", args=[999999])).status_code == 404


# --- Create and edit -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["platform_admin", "education_authority"])
def test_manager_adds_an_organisation(client, make_person, actor):
    person = make_person(actor)
    client.force_login(person)

    response = client.post(CREATE_URL, valid_data(inn="0012345678"))

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[organisation.pk])
    assert organisation.inn == "0012345678"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANISATION_CHANGED)
    assert event.actor == person
    assert event.target_id == str(organisation.pk)
    assert event.data["created"] is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Обязательное поле."),
        ({"short_name": "   "}, "Обязательное поле."),
        ({"address": ""}, "Обязательное поле."),
        ({"district": ""}, "Обязательное поле."),
        ({"kind": "university"}, "Выберите корректный вариант."),
        ({"inn": "12345"}, "ИНН должен состоять из 10 или 12 цифр."),
        ({"inn": "１２３４５６７８９０"}, "ИНН должен состоять из 10 или 12 цифр."),
        ({"full_name": "я" * 501}, "не более 500 символов"),
        (
            {"full_name": "муниципальное бюджетное общеобразовательное учреждение «существующая»"},
            "Организация с таким полным наименованием уже есть в реестре.",
        ),
    ],
)
def test_bad_input_is_refused_in_russian(client, make_person, changes, message):
    OrganisationFactory(
        full_name='Муниципальное бюджетное общеобразовательное учреждение "Существующая"'
    )
    client.force_login(make_person("platform_admin"))

    response = client.post(CREATE_URL, valid_data(**changes))

    assert response.status_code == 200
    assert message in page(response)
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.filter(action="organisation_changed").exists()


def test_edit_records_each_change(client, make_person):
    school = OrganisationFactory(short_name="Старое имя", address="старый адрес")
    person = make_person("education_authority")
    client.force_login(person)
    url = reverse("organisations:edit", args=[school.pk])

    data = valid_data(full_name=school.full_name, short_name="Новое имя", district=school.district)
    response = client.post(url, data)

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.short_name == "Новое имя"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORGANISATION_CHANGED)
    assert event.data["changes"]["short_name"] == ["Старое имя", "Новое имя"]
    assert event.data["changes"]["address"] == ["старый адрес", "с. Луговое, ул. Школьная, д. 1"]
    # the search follows the new name
    assert "Новое имя" in page(client.get(LIST_URL, {"q": "новое"}))


def test_saving_without_changes_leaves_no_audit_entry(client, make_person):
    school = OrganisationFactory(
        short_name="Школа", address="адрес", inn="", district="Район", kind="school"
    )
    client.force_login(make_person("platform_admin"))
    data = valid_data(
        full_name=school.full_name,
        short_name="Школа",
        address="адрес",
        district="Район",
        operates_platform="",
    )
    client.post(reverse("organisations:edit", args=[school.pk]), data)
    assert not AuditEvent.objects.filter(action="organisation_changed").exists()


def test_edit_keeps_its_own_name(client, make_person):
    school = OrganisationFactory()
    client.force_login(make_person("platform_admin"))
    response = client.post(
        reverse("organisations:edit", args=[school.pk]),
        valid_data(full_name=school.full_name.upper()),
    )
    assert response.status_code == 302


def test_only_the_platform_administrator_designates_the_platform_operator(client, make_person):
    school = OrganisationFactory()
    url = reverse("organisations:edit", args=[school.pk])

    client.force_login(make_person("education_authority"))
    assert "operates_platform" not in page(client.get(url))
    client.post(url, valid_data(full_name=school.full_name, operates_platform="on"))
    school.refresh_from_db()
    assert school.operates_platform is False

    client.force_login(make_person("platform_admin"))
    assert "operates_platform" in page(client.get(url))
    client.post(url, valid_data(full_name=school.full_name, operates_platform="on"))
    school.refresh_from_db()
    assert school.operates_platform is True


def test_there_is_one_platform_operator(client, make_person):
    OrganisationFactory(short_name="Оператор", operates_platform=True)
    client.force_login(make_person("platform_admin"))

    response = client.post(CREATE_URL, valid_data(operates_platform="on"))

    assert response.status_code == 200
    assert "Оператор уже является оператором платформы." in page(response)
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    "actor",
    ["registered", "pending", "member", "expert", "moderator", "coordinator", "community_admin"],
)
def test_others_may_not_add_or_edit(client, make_person, actor):
    from pedset.communities.tests.factories import CommunityFactory

    school = OrganisationFactory(short_name="Школа")
    client.force_login(make_person(actor, CommunityFactory()))
    edit_url = reverse("organisations:edit", args=[school.pk])

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, valid_data()).status_code == 403
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, valid_data(short_name="Взлом")).status_code == 403
    school.refresh_from_db()
    assert school.short_name == "Школа"
    assert "Редактировать" not in page(
        client.get(reverse("organisations:detail", args=[school.pk]))
    )


def test_anonymous_is_sent_to_log_in_to_edit(client):
    school = OrganisationFactory()
    response = client.get(reverse("organisations:edit", args=[school.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_editing_an_unknown_organisation_is_404(client, make_person):
    client.force_login(make_person("platform_admin"))
    assert client.get(reverse("organisations:edit", args=[999999])).status_code == 404


# --- Policies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "manage", "designate"),
    [
        ("anonymous", False, False),
        ("registered", False, False),
        ("member", False, False),
        ("community_admin", False, False),
        ("education_authority", True, False),
        ("platform_admin", True, True),
        ("revoked", False, False),
    ],
)
def test_policies(make_person, actor, manage, designate):
    from pedset.communities.tests.factories import CommunityFactory
    from pedset.organisations import policies

    person = make_person(actor, CommunityFactory())
    assert policies.can_view_organisations(person) is True
    assert policies.can_manage_organisations(person) is manage
    assert policies.can_designate_platform_operator(person) is designate


def test_type_names_are_not_confused_with_the_platform_role(client):
    # «education authority» is also a platform role, translated «управление образования»
    OrganisationFactory(kind=Organisation.Kind.AUTHORITY)
    assert "орган управления образованием" in page(client.get(LIST_URL))
