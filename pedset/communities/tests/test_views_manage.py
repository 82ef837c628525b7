"""Creating, editing and closing a community through its pages; every bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.communities.models import Community, MemberKind, MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.communities.tests.uploads import (
    doc_upload,
    docx_upload,
    odt_upload,
    pdf_upload,
    text_upload,
)
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

A_YEAR_AGO = timezone.localdate() - datetime.timedelta(days=365)


def form_data(operator, **overrides):
    data = {
        "slug": "sinergiya",
        "name": "Синергия",
        "summary": "Сетевое сообщество образовательных организаций",
        "goals": "Объединение педагогов-единомышленников.",
        "tasks": "Обмен опытом.",
        "regulation_text": "1. Общие положения.",
        "member_cap": "150",
        "join_requires_approval": "on",
        "rules_of_conduct": "Не допускать анонимных комментариев.",
        "group_application_days": "7",
        "expertise_days": "10",
        "deadline_day_kind": "calendar",
        "time_zone": "Asia/Yakutsk",
        "operator": str(operator.pk),
        "member_kind": MemberKind.ORGANISATIONS,
        "creation_order_number": "125-од",
        "creation_order_date": A_YEAR_AGO.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def platform_admin(make_person, signed_in):
    admin = make_person("platform_admin")
    signed_in(admin)
    return admin


# --- Create --------------------------------------------------------------------------------


@pytest.mark.parametrize("upload", [pdf_upload, doc_upload, docx_upload, odt_upload])
def test_platform_admin_creates_a_community_with_its_regulation(client, platform_admin, upload):
    operator = OrganisationFactory()
    file = upload()

    response = client.post(
        reverse("communities:create"), {**form_data(operator), "regulation_file": file}
    )

    assert response.status_code == 302
    community = Community.objects.get(slug="sinergiya")
    assert community.operator == operator
    assert community.member_kind == MemberKind.ORGANISATIONS
    assert community.time_zone == "Asia/Yakutsk"
    assert community.creation_order_number == "125-од"
    extension = file.name.rsplit(".", 1)[1]
    assert community.regulation_file.name.endswith(f"sinergiya-regulation.{extension}")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.COMMUNITY_CREATED, community=community
    ).exists()


def test_the_create_form_renders(client, platform_admin):
    OrganisationFactory()
    response = client.get(reverse("communities:create"))
    assert response.status_code == 200
    assert "номер приказа о создании" in response.content.decode().lower()


BAD_INPUT = [
    ({"name": ""}, "Обязательное поле"),
    ({"name": "я" * 301}, "не более 300"),
    ({"goals": "я" * 20_001}, "не более 20000"),
    ({"slug": "Синергия"}, "Значение должно состоять"),
    ({"slug": "new"}, "Этот адрес зарезервирован"),
    ({"member_cap": "0"}, "больше либо равно 1"),
    ({"member_cap": "сто"}, "Введите целое число"),
    ({"expertise_days": "0"}, "больше либо равно 1"),
    ({"expertise_days": "1000"}, "меньше либо равно 365"),
    ({"time_zone": "Mars/Olympus"}, "Выберите корректный вариант"),
    ({"operator": "999999"}, "Выберите корректный вариант"),
    ({"creation_order_number": ""}, "Обязательное поле"),
    ({"creation_order_number": "<script>"}, "Номер приказа состоит"),
    ({"creation_order_number": "од"}, "Номер приказа состоит"),
    ({"creation_order_number": "1" * 51}, "не более 50"),
    ({"creation_order_date": "2024-02-30"}, "Введите правильную дату"),
    ({"creation_order_date": "вчера"}, "Введите правильную дату"),
    ({"creation_order_date": "2999-01-01"}, "не может быть в будущем"),
    ({"creation_order_date": "1900-01-01"}, "Слишком ранняя дата"),
]


@pytest.mark.parametrize(("override", "message"), BAD_INPUT)
def test_bad_input_on_create_gives_a_message_and_creates_nothing(
    client, platform_admin, override, message
):
    response = client.post(
        reverse("communities:create"), {**form_data(OrganisationFactory()), **override}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Community.objects.exists()
    assert not AuditEvent.objects.exists()


def test_duplicate_slug_is_refused(client, platform_admin):
    CommunityFactory(slug="sinergiya")
    response = client.post(reverse("communities:create"), form_data(OrganisationFactory()))
    assert "Сообщество с таким адресом уже существует." in response.content.decode()
    assert Community.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (text_upload("polozhenie.pdf"), "не является документом PDF, DOC, DOCX или ODT"),
        (text_upload("polozhenie.txt"), "Загрузите положение документом PDF, DOC, DOCX или ODT"),
        (text_upload("polozhenie"), "Загрузите положение документом PDF, DOC, DOCX или ODT"),
        (pdf_upload("polozhenie.docx"), "Содержимое файла — PDF"),
        (docx_upload("polozhenie.odt"), "Содержимое файла — DOCX"),
    ],
)
def test_wrong_regulation_file_is_refused(client, platform_admin, upload, message):
    response = client.post(
        reverse("communities:create"),
        {**form_data(OrganisationFactory()), "regulation_file": upload},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Community.objects.exists()


def test_a_zip_that_is_no_document_is_refused(client, platform_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pedset.communities.tests.uploads import _zip

    fake = SimpleUploadedFile("polozhenie.docx", _zip({"readme.txt": b"hello"}))
    response = client.post(
        reverse("communities:create"), {**form_data(OrganisationFactory()), "regulation_file": fake}
    )
    assert "не является документом" in response.content.decode()


def test_too_big_regulation_file_is_refused(client, platform_admin, settings):
    settings.REGULATION_FILE_MAX_BYTES = 1024
    response = client.post(
        reverse("communities:create"),
        {**form_data(OrganisationFactory()), "regulation_file": pdf_upload(size=2048)},
    )
    assert "Файл слишком большой" in response.content.decode()
    assert not Community.objects.exists()


@pytest.mark.parametrize("actor", ["anonymous", "registered", "community_admin", "coordinator"])
def test_only_platform_admin_may_create(client, signed_in, make_person, actor):
    community = CommunityFactory()
    user = make_person(actor, community)
    if actor != "anonymous":
        signed_in(user)
    response = client.post(reverse("communities:create"), form_data(OrganisationFactory()))
    assert response.status_code in (302, 403)
    if actor != "anonymous":
        assert response.status_code == 403
    assert Community.objects.count() == 1


# --- Edit ----------------------------------------------------------------------------------


def edit_data(community, **overrides):
    data = {
        "name": community.name,
        "summary": community.summary,
        "goals": community.goals,
        "tasks": community.tasks,
        "regulation_text": community.regulation_text,
        "member_cap": str(community.member_cap or ""),
        "join_requires_approval": "on" if community.join_requires_approval else "",
        "rules_of_conduct": community.rules_of_conduct,
        "group_application_days": str(community.group_application_days),
        "expertise_days": str(community.expertise_days),
        "deadline_day_kind": community.deadline_day_kind,
        "time_zone": community.time_zone,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_community_admin_edits_settings_with_a_diff_in_the_audit(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))

    response = client.post(
        reverse("communities:edit", args=[community.slug]),
        edit_data(community, rules_of_conduct="Новые правила", expertise_days="14"),
    )

    assert response.status_code == 302
    community.refresh_from_db()
    assert community.rules_of_conduct == "Новые правила"
    assert community.expertise_days == 14
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMUNITY_SETTINGS_CHANGED)
    assert set(event.data["changed"]) == {"rules_of_conduct", "expertise_days"}
    assert event.data["changed"]["expertise_days"] == {"before": 10, "after": 14}


def test_community_admin_does_not_see_the_founding_fields(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))
    page = client.get(reverse("communities:edit", args=[community.slug])).content.decode()
    assert 'name="operator"' not in page and 'name="creation_order_number"' not in page
    # posting them anyway changes nothing
    client.post(
        reverse("communities:edit", args=[community.slug]),
        edit_data(community, operator=str(OrganisationFactory().pk), creation_order_number="1"),
    )
    old_operator = community.operator_id
    community.refresh_from_db()
    assert community.operator_id == old_operator


def test_platform_admin_edits_founding_fields(client, platform_admin):
    community = CommunityFactory()
    new_operator = OrganisationFactory()
    client.post(
        reverse("communities:edit", args=[community.slug]),
        edit_data(
            community,
            operator=str(new_operator.pk),
            member_kind=community.member_kind,
            creation_order_number="126-од",
            creation_order_date=A_YEAR_AGO.isoformat(),
        ),
    )
    community.refresh_from_db()
    assert community.operator == new_operator
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMUNITY_SETTINGS_CHANGED)
    assert event.data["changed"]["operator"]["after"]["id"] == new_operator.pk


def test_replacing_the_regulation_file_is_audited(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))
    client.post(
        reverse("communities:edit", args=[community.slug]),
        {**edit_data(community), "regulation_file": odt_upload()},
    )
    community.refresh_from_db()
    assert community.regulation_file.name.endswith(".odt")
    event = AuditEvent.objects.get(action=AuditEvent.Action.COMMUNITY_SETTINGS_CHANGED)
    assert "regulation_file" in event.data["changed"]


def test_edit_without_changes_says_so(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))
    response = client.post(
        reverse("communities:edit", args=[community.slug]), edit_data(community), follow=True
    )
    assert "Ничего не изменилось." in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_cap_below_members_is_a_message(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))
    MembershipFactory.create_batch(3, community=community)
    response = client.post(
        reverse("communities:edit", args=[community.slug]), edit_data(community, member_cap="2")
    )
    assert response.status_code == 200
    assert "не может быть меньше текущего числа участников (4)" in response.content.decode()
    community.refresh_from_db()
    assert community.member_cap == 150


def test_edit_bad_input(client, signed_in, make_person):
    community = CommunityFactory()
    signed_in(make_person("community_admin", community))
    response = client.post(
        reverse("communities:edit", args=[community.slug]),
        edit_data(community, name="", regulation_text="я" * 200_001),
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    old_name = community.name
    community.refresh_from_db()
    assert community.name == old_name


@pytest.mark.parametrize("actor", ["member", "coordinator", "moderator", "registered"])
def test_non_administrators_cannot_edit(client, signed_in, make_person, actor):
    community = CommunityFactory()
    signed_in(make_person(actor, community))
    response = client.post(
        reverse("communities:edit", args=[community.slug]), edit_data(community, name="Взлом")
    )
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.name != "Взлом"


def test_a_closed_community_refuses_edits(client, signed_in, make_person):
    community = CommunityFactory(closed_at=timezone.now())
    signed_in(make_person("platform_admin"))
    response = client.post(
        reverse("communities:edit", args=[community.slug]),
        edit_data(community, name="Другое"),
        follow=True,
    )
    assert "Сообщество закрыто, его настройки изменить нельзя." in response.content.decode()
    community.refresh_from_db()
    assert community.name != "Другое"


# --- Close ---------------------------------------------------------------------------------


def test_platform_admin_closes_with_an_order(client, platform_admin):
    community = CommunityFactory(creation_order_date=A_YEAR_AGO)
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)

    response = client.post(
        reverse("communities:close", args=[community.slug]),
        {
            "order_number": "77-од",
            "order_date": timezone.localdate().isoformat(),
            "reason": "Реорганизация",
        },
    )

    assert response.status_code == 302
    community.refresh_from_db()
    assert community.is_closed and community.closure_order_number == "77-од"
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.REJECTED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.COMMUNITY_CLOSED).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"order_number": "", "order_date": "", "reason": ""}, "Обязательное поле"),
        (
            {"order_number": "77", "order_date": "2024-13-01", "reason": "x"},
            "Введите правильную дату",
        ),
        ({"order_number": "77", "order_date": "2999-01-01", "reason": "x"}, "в будущем"),
        ({"order_number": "!!", "order_date": "", "reason": "x"}, "Номер приказа состоит"),
        ({"order_number": "77", "order_date": "", "reason": "я" * 2001}, "не более 2000"),
    ],
)
def test_closing_bad_input(client, platform_admin, data, message):
    community = CommunityFactory(creation_order_date=A_YEAR_AGO)
    response = client.post(reverse("communities:close", args=[community.slug]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    community.refresh_from_db()
    assert not community.is_closed


def test_closure_before_creation_is_refused(client, platform_admin):
    community = CommunityFactory(creation_order_date=A_YEAR_AGO)
    response = client.post(
        reverse("communities:close", args=[community.slug]),
        {
            "order_number": "1",
            "order_date": (A_YEAR_AGO - datetime.timedelta(days=1)).isoformat(),
            "reason": "x",
        },
    )
    assert "не может быть датирован раньше приказа о создании" in response.content.decode()


def test_closing_twice_is_a_message(client, platform_admin):
    community = CommunityFactory(closed_at=timezone.now())
    response = client.post(
        reverse("communities:close", args=[community.slug]),
        {"order_number": "1", "order_date": timezone.localdate().isoformat(), "reason": "x"},
        follow=True,
    )
    assert "Сообщество уже закрыто." in response.content.decode()


@pytest.mark.parametrize("actor", ["community_admin", "coordinator", "education_authority"])
def test_only_platform_admin_closes(client, signed_in, make_person, actor):
    community = CommunityFactory(creation_order_date=A_YEAR_AGO)
    signed_in(make_person(actor, community))
    response = client.post(
        reverse("communities:close", args=[community.slug]),
        {"order_number": "1", "order_date": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 403
    community.refresh_from_db()
    assert not community.is_closed
