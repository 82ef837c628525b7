import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from pedset.accounts.models import User, Visibility
from pedset.accounts.tests.conftest import image_bytes
from pedset.accounts.tests.factories import SubjectFactory, UserFactory
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentKind, ConsentSource

pytestmark = pytest.mark.django_db

SETTINGS = "/accounts/settings/"
Action = AuditEvent.Action


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


def profile_data(user, **changes):
    data = {
        "section": "profile",
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "position": user.position,
        "organisation": user.organisation_id or "",
        "qualification_category": user.qualification_category,
        "subjects": [s.pk for s in user.subjects.all()],
        "about": user.about,
    }
    data.update(changes)
    return data


def contacts_data(user, **changes):
    data = {"section": "contacts"}
    for field in User.CONTACT_FIELDS:
        data[field] = getattr(user, field)
        data[f"{field}_visibility"] = getattr(user, f"{field}_visibility")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def publication_consents(user, active=True):
    return set(
        Consent.objects.filter(
            user=user, kind=ConsentKind.PUBLICATION, revoked_at__isnull=active
        ).values_list("field", flat=True)
    )


def test_settings_need_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_settings_page_shows_the_three_sections(teacher_client, operator):
    page = teacher_client.get(SETTINGS).content.decode()
    for heading in ("Профиль", "Контакты и кто их видит", "Предпочтения"):
        assert heading in page
    # the zones of the seed districts come first, with Russian names and offsets
    assert (
        page.index("Москва (МСК, UTC+3)")
        < page.index("Якутск (МСК+6, UTC+9)")
        < page.index("America/")
    )
    assert "Я разрешаю сделать общедоступными выбранные мной сведения профиля." in page


# --- Profile ----------------------------------------------------------------------------------


def test_profile_is_saved_and_audited_with_field_names_only(teacher_client, teacher):
    # given a teacher, a school and subjects
    school = OrganisationFactory()
    maths, history = SubjectFactory(name="Математика"), SubjectFactory(name="История")

    # when they fill in the profile
    response = teacher_client.post(
        SETTINGS,
        profile_data(
            teacher,
            position="учитель математики",
            organisation=school.pk,
            qualification_category="highest",
            subjects=[maths.pk, history.pk],
            about="Веду кружок олимпиадной математики.",
        ),
        follow=True,
    )

    # then it is saved and the page says so
    assert "Профиль сохранён." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.position == "учитель математики"
    assert teacher.organisation == school
    assert teacher.qualification_category == "highest"
    assert set(teacher.subjects.all()) == {maths, history}
    # and the audit log names the changed fields, not their values
    event = AuditEvent.objects.get(action=Action.PROFILE_CHANGED)
    assert event.data == {
        "section": "profile",
        "fields": ["about", "organisation", "position", "qualification_category", "subjects"],
    }
    assert "кружок" not in str(event.data)


def test_saving_an_unchanged_profile_writes_no_audit(teacher_client, teacher):
    teacher_client.post(SETTINGS, profile_data(teacher))
    assert not AuditEvent.objects.filter(action=Action.PROFILE_CHANGED).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_name": ""}, "Обязательное поле."),
        ({"first_name": "   "}, "Обязательное поле."),
        ({"last_name": "Ф" * 101}, "не более 100 символов"),
        ({"position": "д" * 201}, "не более 200 символов"),
        ({"about": "о" * 3001}, "не более 3000 символов"),
        ({"first_name": "R2D2"}, "Используйте только буквы"),
        ({"organisation": "abc"}, "Выберите корректный вариант"),
        ({"organisation": "987654"}, "Выберите корректный вариант"),
        ({"qualification_category": "genius"}, "Выберите корректный вариант"),
        ({"subjects": ["999999"]}, "Выберите корректный вариант"),
        ({"subjects": ["x"]}, "является неверным значением"),
    ],
)
def test_bad_profile_input_gets_a_russian_message_and_changes_nothing(
    teacher_client, teacher, changes, message
):
    before = User.objects.values().get(pk=teacher.pk)
    response = teacher_client.post(SETTINGS, profile_data(teacher, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.values().get(pk=teacher.pk) == before
    assert not AuditEvent.objects.filter(action=Action.PROFILE_CHANGED).exists()


def test_avatar_upload_is_stored_re_encoded_and_served_only_through_the_view(
    teacher_client, teacher
):
    # when the teacher uploads a PNG photo
    photo = SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
    teacher_client.post(SETTINGS, profile_data(teacher, avatar=photo))

    # then a JPEG is stored under a random name and never linked by its media path
    teacher.refresh_from_db()
    assert teacher.avatar.name.startswith("avatars/") and teacher.avatar.name.endswith(".jpg")
    page = teacher_client.get(SETTINGS).content.decode()
    assert f"/accounts/people/{teacher.pk}/avatar/?v=" in page
    assert teacher.avatar.name not in page and django_settings.MEDIA_URL not in page
    response = teacher_client.get(f"/accounts/people/{teacher.pk}/avatar/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    assert AuditEvent.objects.get(action=Action.PROFILE_CHANGED).data["fields"] == ["avatar"]


def test_replacing_and_removing_the_avatar_deletes_the_old_file(
    teacher_client, teacher, django_capture_on_commit_callbacks
):
    def upload():
        with django_capture_on_commit_callbacks(execute=True):
            teacher_client.post(
                SETTINGS,
                profile_data(
                    teacher, avatar=SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")
                ),
            )
        teacher.refresh_from_db()
        return teacher.avatar.name

    first = upload()
    second = upload()
    storage = teacher.avatar.storage
    assert first != second and not storage.exists(first) and storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        teacher_client.post(SETTINGS, profile_data(teacher, avatar_clear="on"))
    teacher.refresh_from_db()
    assert not teacher.avatar and not storage.exists(second)


def test_a_10_mb_text_file_named_photo_jpg_is_refused_and_nothing_is_saved(teacher_client, teacher):
    # given a teacher without a photo
    fake = SimpleUploadedFile("photo.jpg", b"not an image\n" * (800 * 1024), "image/jpeg")
    assert fake.size > 10 * 1024 * 1024

    # when they send the fake photo together with a new position
    response = teacher_client.post(
        SETTINGS, profile_data(teacher, position="директор", avatar=fake)
    )

    # then a Russian message, and neither the photo nor the position is saved
    assert response.status_code == 400
    assert "Файл слишком большой" in response.content.decode()
    teacher.refresh_from_db()
    assert not teacher.avatar and teacher.position == "учитель"


def test_a_small_text_file_named_photo_jpg_is_refused(teacher_client, teacher):
    fake = SimpleUploadedFile("photo.jpg", b"hello", "image/jpeg")
    response = teacher_client.post(SETTINGS, profile_data(teacher, avatar=fake))
    assert response.status_code == 400
    assert "Этот файл не является изображением" in response.content.decode()
    teacher.refresh_from_db()
    assert not teacher.avatar


# --- Contacts, visibility and consent to distribution -----------------------------------------


def test_contacts_for_colleagues_need_no_consent(teacher_client, teacher, operator):
    response = teacher_client.post(
        SETTINGS,
        contacts_data(teacher, phone="+7 914 123-45-67", phone_visibility=Visibility.MEMBERS),
        follow=True,
    )
    assert "Контакты и настройки видимости сохранены." in response.content.decode()
    teacher.refresh_from_db()
    assert (teacher.phone, teacher.phone_visibility) == ("+7 914 123-45-67", Visibility.MEMBERS)
    assert not publication_consents(teacher)
    assert AuditEvent.objects.get(action=Action.PROFILE_CHANGED).data == {
        "section": "contacts",
        "fields": ["phone", "phone_visibility"],
    }


def test_showing_a_contact_to_everyone_needs_the_consent_tick(teacher_client, teacher, operator):
    # when the teacher chooses «все» for the phone without ticking the consent
    response = teacher_client.post(
        SETTINGS,
        contacts_data(
            teacher,
            phone="+7 914 123-45-67",
            phone_visibility=Visibility.EVERYONE,
            full_name_public="on",
        ),
    )

    # then a Russian message asks for it, and nothing is saved
    assert response.status_code == 400
    assert "Чтобы показывать всем поле «телефон», отметьте согласие" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.phone == "" and teacher.phone_visibility == Visibility.ONLY_ME
    assert not Consent.objects.exists()


def test_showing_a_contact_to_everyone_records_the_consent_and_moving_away_revokes_it(
    teacher_client, teacher, operator
):
    # when the teacher makes the name and the phone public, ticking both consents
    teacher_client.post(
        SETTINGS,
        contacts_data(
            teacher,
            phone="+7 914 123-45-67",
            phone_visibility=Visibility.EVERYONE,
            phone_public="on",
            full_name_public="on",
        ),
    )

    # then a consent to distribution is recorded per field, from the profile, to the operator
    assert publication_consents(teacher) == {"phone", "full_name"}
    consent = Consent.objects.get(user=teacher, field="phone")
    assert (consent.operator, consent.source, consent.version) == (
        operator,
        ConsentSource.PROFILE,
        1,
    )
    assert AuditEvent.objects.filter(action=Action.PUBLICATION_CONSENT_GIVEN).count() == 2

    # when the phone goes back to «участники моих сообществ»
    teacher_client.post(
        SETTINGS,
        contacts_data(
            teacher,
            phone="+7 914 123-45-67",
            phone_visibility=Visibility.MEMBERS,
            full_name_public="on",
        ),
    )

    # then its consent is revoked (kept, with the time), the name's stays
    assert publication_consents(teacher) == {"full_name"}
    assert publication_consents(teacher, active=False) == {"phone"}
    assert AuditEvent.objects.filter(action=Action.PUBLICATION_CONSENT_REVOKED).count() == 1


def test_saving_again_does_not_duplicate_consents(teacher_client, teacher, operator):
    data = contacts_data(
        teacher,
        messenger="Telegram @teacher",
        messenger_visibility=Visibility.EVERYONE,
        messenger_public="on",
        full_name_public="on",
    )
    teacher_client.post(SETTINGS, data)
    teacher_client.post(SETTINGS, data)
    assert Consent.objects.filter(user=teacher).count() == 2


def test_public_fields_need_the_name_public_too(teacher_client, teacher, operator):
    response = teacher_client.post(SETTINGS, contacts_data(teacher, position_public="on"))
    assert response.status_code == 400
    assert "разрешите всем видеть и фамилию, имя и отчество" in response.content.decode()
    assert not Consent.objects.exists()


def test_without_a_publication_text_nothing_can_be_made_public(teacher_client, teacher):
    OrganisationFactory(operates_platform=True)
    response = teacher_client.post(SETTINGS, contacts_data(teacher, full_name_public="on"))
    assert response.status_code == 400
    assert "Оператор платформы ещё не опубликовал текст согласия на распространение" in (
        response.content.decode()
    )
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "позвоните мне"}, "Введите номер телефона цифрами"),
        ({"phone": "1" * 31}, "не более 30 символов"),
        ({"contact_email": "не-адрес"}, "Введите правильный адрес электронной почты."),
        ({"messenger": "m" * 101}, "не более 100 символов"),
        ({"phone_visibility": "bogus"}, "Выберите корректный вариант"),
        ({"messenger_visibility": None}, "Обязательное поле."),
    ],
)
def test_bad_contacts_get_a_russian_message_and_change_nothing(
    teacher_client, teacher, operator, changes, message
):
    before = User.objects.values().get(pk=teacher.pk)
    response = teacher_client.post(SETTINGS, contacts_data(teacher, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.values().get(pk=teacher.pk) == before


# --- Preferences ------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Asia/Yakutsk", "America/New_York", "UTC"])
def test_any_valid_time_zone_is_accepted(teacher_client, teacher, zone):
    data = {"section": "preferences", "time_zone": zone, "language": "ru"}
    response = teacher_client.post(SETTINGS, data)
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.time_zone == zone


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time_zone": "Mars/Olympus", "language": "ru"}, "Неизвестный часовой пояс"),
        ({"time_zone": "", "language": "ru"}, "Обязательное поле."),
        ({"time_zone": "Europe/Moscow", "language": "de"}, "Выберите корректный вариант"),
    ],
)
def test_bad_preferences_get_a_russian_message(teacher_client, teacher, data, message):
    response = teacher_client.post(SETTINGS, {"section": "preferences", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.time_zone == "Europe/Moscow" and teacher.language == "ru"


def test_language_and_accessible_mode_are_remembered(teacher_client, teacher):
    response = teacher_client.post(
        SETTINGS,
        {
            "section": "preferences",
            "time_zone": "Asia/Krasnoyarsk",
            "language": "en",
            "accessible_mode": "on",
        },
    )
    teacher.refresh_from_db()
    assert (teacher.language, teacher.accessible_mode) == ("en", True)
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert teacher_client.session["accessible_mode"] is True
    assert set(AuditEvent.objects.get(action=Action.PROFILE_CHANGED).data["fields"]) == {
        "accessible_mode",
        "language",
        "time_zone",
    }


def test_unknown_section_changes_nothing(teacher_client, teacher):
    response = teacher_client.post(SETTINGS, {"section": "hack", "last_name": "Взлом"})
    assert response.status_code == 400
    assert "Неизвестный раздел настроек: ничего не сохранено." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.last_name != "Взлом"


def test_a_deactivated_session_cannot_reach_settings(client):
    user = UserFactory()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(SETTINGS).status_code == 302
