import io
import json
import zipfile

import pytest
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.urls import reverse

from pedset.accounts.models import UserSession
from pedset.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from pedset.communities.models import MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy import services
from pedset.privacy.models import Consent, ConsentKind, ConsentText, DestructionAct
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    """Log in as the accounts app does: the session is recorded so it can be ended."""
    client.force_login(user)
    UserSession.objects.get_or_create(
        session_key=client.session.session_key, defaults={"user": user}
    )
    return client


def text_of(response) -> str:
    return response.content.decode()


# --- Public pages ----------------------------------------------------------------------------


def test_policy_page_shows_the_operators_current_texts_to_anyone(
    client, platform_org, community_org, make_person
):
    community = CommunityFactory(operator=community_org, name="Сообщество учителей истории")
    ConsentTextFactory(operator=community_org, version=2, text="Вторая редакция согласия школы.")

    response = client.get(reverse("privacy:policy"))

    assert response.status_code == 200
    html = text_of(response)
    assert "Политика обработки персональных данных" in html
    assert platform_org.full_name in html
    assert "Я разрешаю сделать общедоступными" in html  # the platform's publication text
    assert community_org.full_name in html and community.name in html
    assert "Вторая редакция согласия школы." in html
    assert "Согласие оператору сообщества" not in html  # version 1 is no longer current
    assert "Редакция 2" in html


def test_policy_page_query_count_does_not_grow(client, platform_org, django_assert_max_num_queries):
    def add_operators(n):
        for _ in range(n):
            org = OrganisationFactory()
            ConsentTextFactory(operator=org)
            CommunityFactory(operator=org)

    add_operators(3)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("privacy:policy")).status_code == 200
    add_operators(27)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("privacy:policy"))
    assert text_of(response).count("<article") == 32  # 2 platform texts + 30 operators


def test_a_consent_text_version_is_public_and_lists_the_other_versions(client, platform_org):
    v1 = ConsentText.objects.get(operator=platform_org, kind=ConsentKind.PROCESSING)
    v2 = ConsentTextFactory(operator=platform_org, version=2, text="Вторая редакция.")

    response = client.get(reverse("privacy:consent_text", args=[v1.pk]))

    assert response.status_code == 200
    html = text_of(response)
    assert v1.text in html and v1.text_hash in html
    assert reverse("privacy:consent_text", args=[v2.pk]) in html
    assert client.get(reverse("privacy:consent_text", args=[999999])).status_code == 404


# --- Consent texts (platform administrator) --------------------------------------------------


def test_consent_texts_page_lists_every_operator(client, platform_org, community_org, make_person):
    CommunityFactory(operator=community_org)
    bystander = OrganisationFactory(short_name="Не оператор")
    client.force_login(make_person("platform_admin"))

    response = client.get(reverse("privacy:consent_texts"))

    assert response.status_code == 200
    html = text_of(response)
    assert platform_org.full_name in html and community_org.full_name in html
    assert bystander.full_name not in html
    assert reverse("privacy:consent_text_publish", args=[community_org.pk, "processing"]) in html


@pytest.mark.parametrize("actor", ["registered", "education_authority"])
def test_consent_texts_are_for_platform_administrators_only(client, make_person, actor):
    client.force_login(make_person(actor))
    assert client.get(reverse("privacy:consent_texts")).status_code == 403


def test_consent_texts_page_query_count_does_not_grow(
    client, make_person, django_assert_max_num_queries
):
    client.force_login(make_person("platform_admin"))

    def add_operators(n):
        for _ in range(n):
            org = OrganisationFactory()
            ConsentTextFactory(operator=org)
            ConsentTextFactory(operator=org, kind=ConsentKind.PUBLICATION)
            CommunityFactory(operator=org)

    add_operators(3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("privacy:consent_texts")).status_code == 200
    add_operators(27)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("privacy:consent_texts"))
    assert text_of(response).count("Опубликовать новую редакцию") == 60


def test_publishing_a_new_version(client, platform_org, make_person):
    admin = make_person("platform_admin")
    client.force_login(admin)
    url = reverse("privacy:consent_text_publish", args=[platform_org.pk, "processing"])
    current = services.current_consent_text(platform_org)

    form_page = client.get(url)
    assert form_page.status_code == 200 and current.text in text_of(form_page)

    response = client.post(url, {"title": "Согласие, ред. 2", "text": "Новый текст согласия."})

    assert response.status_code == 302
    new = services.current_consent_text(platform_org)
    assert (new.version, new.title) == (2, "Согласие, ред. 2")
    current.refresh_from_db()
    assert current.text != new.text and current.version == 1
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CONSENT_TEXT_PUBLISHED, actor=admin
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "text": ""}, "Введите текст согласия."),
        ({"title": "", "text": "Текст"}, "Введите заголовок согласия."),
        ({"title": "Т", "text": "   \r\n  "}, "Введите текст согласия."),
        ({"title": "Т" * 301, "text": "Текст"}, "не более 300 символов"),
        ({"title": "Т", "text": "Я" * 100_001}, "не более 100000 символов"),
        (
            {
                "title": "Т",
                "text": "Я даю согласие оператору на обработку моих персональных данных (152-ФЗ).\r\n",
            },
            "Текст совпадает с действующей редакцией",
        ),
    ],
)
def test_publishing_bad_input_changes_nothing(client, platform_org, make_person, data, message):
    client.force_login(make_person("platform_admin"))
    url = reverse("privacy:consent_text_publish", args=[platform_org.pk, "processing"])

    response = client.post(url, data)

    assert response.status_code == 400
    assert message in text_of(response)
    assert ConsentText.objects.filter(operator=platform_org, kind="processing").count() == 1


def test_publishing_for_unknown_or_non_operator_or_kind_is_404(client, platform_org, make_person):
    client.force_login(make_person("platform_admin"))
    not_operator = OrganisationFactory()
    for args in ([999999, "processing"], [not_operator.pk, "processing"], [platform_org.pk, "x"]):
        url = reverse("privacy:consent_text_publish", args=args)
        assert client.post(url, {"title": "Т", "text": "Т"}).status_code == 404
    assert ConsentText.objects.count() == 2


def test_publishing_is_refused_to_others(client, platform_org, make_person):
    client.force_login(make_person("registered"))
    url = reverse("privacy:consent_text_publish", args=[platform_org.pk, "processing"])
    assert client.post(url, {"title": "Т", "text": "Т"}).status_code == 403
    assert ConsentText.objects.count() == 2


# --- My consents -----------------------------------------------------------------------------


def test_my_consents_lists_every_consent_in_the_readers_zone(
    client, person, platform_org, community_org, give
):
    person.time_zone = "Asia/Yakutsk"
    person.save()
    community_consent = give(person, community_org)
    services.consent_revoke(user=person, consent=community_consent)
    signed_in(client, person)

    response = client.get(reverse("privacy:my_consents"))

    assert response.status_code == 200
    html = text_of(response)
    for consent in Consent.objects.filter(user=person):
        assert consent.text_hash in html
        assert reverse("privacy:consent_text", args=[consent.consent_text_id]) in html
    assert platform_org.short_name in html and community_org.short_name in html
    assert "регистрация на сайте" in html
    assert "отозвано" in html and "действует" in html
    from django.utils import timezone

    local = timezone.localtime(
        Consent.objects.get(operator=platform_org).given_at,
        timezone=__import__("zoneinfo").ZoneInfo("Asia/Yakutsk"),
    )
    assert local.strftime("%H:%M") in html


def test_my_consents_needs_login(client):
    response = client.get(reverse("privacy:my_consents"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_my_consents_query_count_does_not_grow(client, person, give, django_assert_max_num_queries):
    signed_in(client, person)

    def add_consents(n):
        for _ in range(n):
            org = OrganisationFactory()
            ConsentTextFactory(operator=org)
            give(person, org)

    add_consents(2)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("privacy:my_consents")).status_code == 200
    add_consents(28)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("privacy:my_consents"))
    assert text_of(response).count('<code class="nowrap-break"') == 31


def test_publication_per_field_give_and_withdraw(client, person, platform_org):
    signed_in(client, person)
    url = reverse("privacy:publication_consent")
    stranger = UserFactory()
    from pedset.accounts.policies import visible_profile_fields

    response = client.post(url, {"field": "position", "action": "give"}, follow=True)

    assert "Публикация разрешена: должность." in text_of(response)
    consent = Consent.objects.get(user=person, kind=ConsentKind.PUBLICATION)
    assert (consent.field, consent.operator, consent.version) == ("position", platform_org, 1)
    assert visible_profile_fields(stranger, person) == {"position"}

    response = client.post(url, {"field": "position", "action": "withdraw"}, follow=True)

    assert "Публикация запрещена: должность." in text_of(response)
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    del stranger._pedset_shared
    assert visible_profile_fields(stranger, person) == frozenset()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "password", "action": "give"}, "Такого поля профиля нет."),
        ({"field": "", "action": "give"}, "Выберите поле профиля."),
        ({"field": "phone", "action": "publish-all"}, "разрешить или запретить"),
        ({}, "Выберите поле профиля."),
    ],
)
def test_publication_bad_input_changes_nothing(client, person, data, message):
    signed_in(client, person)
    response = client.post(reverse("privacy:publication_consent"), data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not Consent.objects.filter(kind=ConsentKind.PUBLICATION).exists()


def test_publication_without_a_published_text_is_explained(client, person, platform_org):
    ConsentText.objects.filter(kind=ConsentKind.PUBLICATION).delete()
    signed_in(client, person)
    response = client.post(
        reverse("privacy:publication_consent"), {"field": "phone", "action": "give"}
    )
    assert response.status_code == 400
    assert "ещё не опубликовал текст согласия на распространение" in text_of(response)
    assert not Consent.objects.filter(kind=ConsentKind.PUBLICATION).exists()


@pytest.mark.parametrize("name", ["privacy:publication_consent", "privacy:export"])
def test_post_only_urls_refuse_get(client, person, name):
    signed_in(client, person)
    assert client.get(reverse(name)).status_code == 405


# --- Revoking a community operator's consent -------------------------------------------------


@pytest.fixture
def member_of_two_operators(person, community_org, give):
    ours = CommunityFactory(operator=community_org, name="Сообщество А")
    MembershipFactory(user=person, community=ours)
    other_org = OrganisationFactory()
    ConsentTextFactory(operator=other_org)
    theirs = CommunityFactory(operator=other_org, name="Сообщество Б")
    MembershipFactory(user=person, community=theirs)
    give(person, other_org)
    return person, give(person, community_org), ours, theirs


def test_revocation_page_explains_which_communities_are_left(client, member_of_two_operators):
    person, consent, ours, theirs = member_of_two_operators
    signed_in(client, person)

    response = client.get(reverse("privacy:consent_revoke", args=[consent.pk]))

    assert response.status_code == 200
    html = text_of(response)
    assert "выйдете из всех сообществ этого оператора" in html
    assert ours.name in html and theirs.name not in html


def test_revocation_without_confirmation_changes_nothing(client, member_of_two_operators):
    person, consent, ours, _theirs = member_of_two_operators
    signed_in(client, person)

    response = client.post(reverse("privacy:consent_revoke", args=[consent.pk]), {})

    assert response.status_code == 400
    assert "Подтвердите, что понимаете последствия." in text_of(response)
    consent.refresh_from_db()
    assert consent.revoked_at is None
    assert ours.memberships.get().status == MembershipStatus.ACTIVE


def test_confirmed_revocation_leaves_only_that_operators_communities(
    client, member_of_two_operators
):
    person, consent, ours, theirs = member_of_two_operators
    signed_in(client, person)

    response = client.post(
        reverse("privacy:consent_revoke", args=[consent.pk]), {"confirm": "on"}, follow=True
    )

    assert response.status_code == 200
    assert "Согласие отозвано." in text_of(response)
    assert "Сообщество А" in text_of(response)
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert ours.memberships.get().status == MembershipStatus.LEFT
    assert theirs.memberships.get().status == MembershipStatus.ACTIVE
    # the person stays on the platform, still signed in
    assert client.get(reverse("privacy:my_consents")).status_code == 200


def test_a_foreign_or_unknown_consent_cannot_be_revoked(client, person, community_org, give):
    other = UserFactory()
    foreign = give(other, community_org)
    signed_in(client, person)

    for pk in (foreign.pk, 999999):
        url = reverse("privacy:consent_revoke", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_revoking_an_already_revoked_consent_says_so(client, person, community_org, give):
    consent = give(person, community_org)
    services.consent_revoke(user=person, consent=consent)
    signed_in(client, person)

    response = client.post(
        reverse("privacy:consent_revoke", args=[consent.pk]), {"confirm": "on"}, follow=True
    )

    assert "Это согласие уже отозвано." in text_of(response)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_REVOKED).count() == 1


def test_the_platform_consent_leads_to_the_withdrawal_page(client, person, platform_org):
    consent = Consent.objects.get(user=person, operator=platform_org)
    signed_in(client, person)
    response = client.post(reverse("privacy:consent_revoke", args=[consent.pk]), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:withdraw")
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_a_publication_consent_can_be_revoked_from_the_list(client, person, platform_org, give):
    consent = give(person, platform_org, kind=ConsentKind.PUBLICATION, field="about")
    signed_in(client, person)
    client.post(reverse("privacy:consent_revoke", args=[consent.pk]), {"confirm": "on"})
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    person.refresh_from_db()
    assert person.is_active


# --- Withdrawal from the platform ------------------------------------------------------------


def test_withdrawal_page_states_the_consequences(client, person, colleague_setup):
    community, _colleague = colleague_setup
    signed_in(client, person)

    response = client.get(reverse("privacy:withdraw"))

    assert response.status_code == 200
    html = text_of(response)
    assert "Это необратимо." in html
    assert "с подписью «Бывший участник»" in html
    assert community.name in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Подтвердите, что понимаете последствия."),
        ({"password": DEFAULT_PASSWORD}, "Подтвердите, что понимаете последствия."),
        ({"confirm": "on"}, "Введите пароль для подтверждения."),
        ({"confirm": "on", "password": "не тот пароль"}, "Неверный пароль."),
        ({"confirm": "on", "password": "x" * 5000}, "не более 4096 символов"),
    ],
)
def test_withdrawal_bad_input_changes_nothing(client, person, data, message):
    signed_in(client, person)

    response = client.post(reverse("privacy:withdraw"), data)

    assert response.status_code == 400
    assert message in text_of(response)
    person.refresh_from_db()
    assert person.is_active and not person.is_former
    assert not DestructionAct.objects.exists()


def test_withdrawal_password_guessing_is_throttled(client, person):
    signed_in(client, person)
    url = reverse("privacy:withdraw")
    for _ in range(5):
        client.post(url, {"confirm": "on", "password": "не тот"})

    response = client.post(url, {"confirm": "on", "password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert "Слишком много попыток" in text_of(response)
    person.refresh_from_db()
    assert person.is_active


def test_withdrawal_removes_the_person_from_every_page(
    client, person, colleague_setup, django_capture_on_commit_callbacks
):
    from django.test import Client

    community, colleague = colleague_setup
    # a name no Faker colleague can share by chance, so "absent from the page" means something
    person.last_name, person.first_name, person.patronymic = (
        "Непохожев",
        "Евлампий",
        "Ксенофонтович",
    )
    person.save()
    name = person.get_full_name()
    email = person.email
    # the person is logged in on two devices through the login page
    other_device = Client()
    for device in (client, other_device):
        login = device.post(
            reverse("accounts:login"), {"email": email, "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 302
    assert UserSession.objects.filter(user=person).count() == 2
    colleague_client = Client()
    colleague_client.force_login(colleague)
    # the colleague saw the name before
    before = text_of(colleague_client.get(reverse("communities:members", args=[community.slug])))
    assert person.last_name in before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:withdraw"), {"confirm": "on", "password": DEFAULT_PASSWORD}
        )

    # the person is told, with the act number, and is logged out on every device
    assert response.status_code == 302 and response["Location"] == reverse("privacy:withdrawn")
    act = DestructionAct.objects.get(subject_user_id=person.pk)
    done = client.get(response["Location"])
    assert act.number in text_of(done)
    for device in (client, other_device):
        assert device.get(reverse("privacy:my_consents")).status_code == 302
    assert not UserSession.objects.filter(user=person).exists()
    # login is refused, with the old and any address
    refused = client.post(reverse("accounts:login"), {"email": email, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not client.login(email=email, password=DEFAULT_PASSWORD)
    assert authenticate(email=email, password=DEFAULT_PASSWORD) is None
    person.refresh_from_db()
    assert authenticate(email=person.email, password=DEFAULT_PASSWORD) is None
    # and the name is gone from every page that shows people
    pages = [
        reverse("accounts:profile", args=[person.pk]),
        reverse("communities:detail", args=[community.slug]),
        reverse("communities:members", args=[community.slug]),
        reverse("communities:audit", args=[community.slug]),
        reverse("communities:list"),
        reverse("core:home"),
    ]
    anonymous = Client()
    for page in pages:
        for reader in (colleague_client, anonymous):
            result = reader.get(page)
            assert result.status_code in (200, 302, 403, 404, 501), page
            html = text_of(result)
            for part in name.split():
                assert part not in html, (page, part)
            assert email not in html
    # what they did stays, signed «Бывший участник»
    audit_html = text_of(colleague_client.get(reverse("communities:audit", args=[community.slug])))
    assert "Бывший участник" in audit_html
    # the act carries the audit extract of this person
    assert [row["event_id"] for row in act.audit_extract] == list(
        AuditEvent.objects.filter(
            subject_user_id=person.pk, pk__lte=act.audit_extract[-1]["event_id"]
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )


# --- Export ----------------------------------------------------------------------------------


def test_export_gives_a_zip_with_everything(client, person, platform_org, give):
    person.avatar.save("me.png", ContentFile(b"\x89PNG avatar bytes"), save=True)
    give(person, platform_org, kind=ConsentKind.PUBLICATION, field="phone")
    community = CommunityFactory()
    MembershipFactory(user=person, community=community, motivation="Прошу принять.")
    Notification.objects.create(recipient=person, kind="test", title="Добро пожаловать")
    signed_in(client, person)

    response = client.post(reverse("privacy:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"data.json", "README.txt", "avatar.png"}
    data = json.loads(archive.read("data.json"))
    assert {
        "profile",
        "consents",
        "memberships",
        "notifications",
        "audit_events",
        "sessions_count",
        "platform_roles",
    } <= set(data)
    assert data["user_id"] == person.pk
    assert data["profile"]["email"] == person.email
    assert data["profile"]["last_name"] == person.last_name
    assert data["sessions_count"] == 1
    consents = {c["kind"]: c for c in data["consents"]}
    processing = Consent.objects.get(user=person, kind=ConsentKind.PROCESSING)
    assert consents["processing"]["text_hash"] == processing.text_hash
    assert consents["processing"]["version"] == 1
    assert consents["publication"]["field"] == "phone"
    assert data["memberships"][0]["community"]["name"] == community.name
    assert data["memberships"][0]["motivation"] == "Прошу принять."
    assert data["notifications"][0]["title"] == "Добро пожаловать"
    assert {e["action"] for e in data["audit_events"]} >= {"consent_given"}
    assert archive.read("avatar.png") == b"\x89PNG avatar bytes"
    readme = archive.read("README.txt").decode("utf-8")
    assert "ПЕРСОНАЛЬНЫЕ ДАННЫЕ НА ПЛАТФОРМЕ" in readme
    assert "data.json" in readme and "согласия" in readme
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DATA_EXPORTED, subject_user_id=person.pk
    ).exists()


def test_export_is_throttled(client, person):
    signed_in(client, person)
    url = reverse("privacy:export")
    for _ in range(3):
        assert client.post(url).status_code == 200

    response = client.post(url)

    assert response.status_code == 429
    assert "не чаще 3 раз в час" in text_of(response)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORTED).count() == 3


def test_export_of_a_missing_avatar_file_still_works(client, person):
    person.avatar = "avatars/2026/01/gone.png"
    person.save()
    signed_in(client, person)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("privacy:export")).content))
    assert set(archive.namelist()) == {"data.json", "README.txt"}
    assert "не найдена в хранилище" in archive.read("README.txt").decode()


def test_export_needs_login(client):
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 302


# --- Destruction acts ------------------------------------------------------------------------


def test_destruction_acts_list_and_printable_detail(client, person, make_person):
    act = services.consent_revoke_all(user=person)
    client.force_login(make_person("platform_admin"))

    listing = client.get(reverse("privacy:destruction_acts"))
    assert listing.status_code == 200 and act.number in text_of(listing)

    for name in ("privacy:destruction_act", "privacy:destruction_act_print"):
        response = client.get(reverse(name, args=[act.pk]))
        assert response.status_code == 200
        html = text_of(response)
        assert f"Акт № {act.number} об уничтожении персональных данных" in html
        assert "Выписка из журнала аудита" in html
        assert "Согласие дано" in html or "consent_given" in html
        assert html.count("<tr>") == len(act.audit_extract) + 1
        for category in act.destroyed:
            assert category in html
    assert client.get(reverse("privacy:destruction_act", args=[999999])).status_code == 404


@pytest.mark.parametrize("actor", ["registered", "community_admin", "education_authority"])
def test_destruction_acts_are_for_platform_administrators_only(client, make_person, actor):
    act = services.destruction_act_create(
        subject_user_id=1, operator=None, reason="—", destroyed=[], audit_extract=[]
    )
    client.force_login(make_person(actor, CommunityFactory()))
    assert client.get(reverse("privacy:destruction_acts")).status_code == 403
    assert client.get(reverse("privacy:destruction_act", args=[act.pk])).status_code == 403


def test_destruction_acts_list_query_count_does_not_grow(
    client, make_person, django_assert_max_num_queries
):
    client.force_login(make_person("platform_admin"))
    operator = OrganisationFactory()

    def add(n):
        for i in range(n):
            services.destruction_act_create(
                subject_user_id=i,
                operator=operator,
                reason="—",
                destroyed=["ФИО"],
                audit_extract=[],
            )

    add(3)
    with django_assert_max_num_queries(7):
        client.get(reverse("privacy:destruction_acts"))
    add(27)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("privacy:destruction_acts"))
    assert text_of(response).count("АУ-") == 30
