import hashlib

import pytest
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pedset.accounts.models import PlatformRole, Visibility
from pedset.accounts.policies import visible_profile_fields
from pedset.accounts.tests.factories import DEFAULT_PASSWORD, SubjectFactory, UserFactory
from pedset.communities.models import MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy import services
from pedset.privacy.models import Consent, ConsentKind, ConsentSource, ConsentText, DestructionAct
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db


# --- Recording consent -----------------------------------------------------------------------


def test_consent_is_recorded_with_user_version_hash_time_source_and_ip(platform_org, give):
    # given a person and the operator's current text
    user = UserFactory()
    text = services.current_consent_text(platform_org)

    # when they agree
    consent = give(user, platform_org, ip="192.0.2.15")

    # then everything that proves the consent is kept
    consent.refresh_from_db()
    assert consent.user == user
    assert consent.operator == platform_org
    assert consent.consent_text == text
    assert consent.version == 1
    assert consent.text_hash == hashlib.sha256(text.text.encode()).hexdigest()
    assert consent.given_at is not None
    assert consent.source == ConsentSource.REGISTRATION
    assert consent.ip_address == "192.0.2.15"
    assert consent.revoked_at is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSENT_GIVEN)
    assert event.subject_user_id == user.pk
    assert event.data["text_hash"] == text.text_hash


def test_a_new_text_version_does_not_alter_old_consents(platform_org, person, make_person):
    # given a consent to version 1
    old = Consent.objects.get(user=person)
    old_text = old.consent_text
    snapshot = (old.version, old.text_hash, old.consent_text_id, old.revoked_at)
    admin = make_person("platform_admin")

    # when the operator publishes version 2
    new = services.consent_text_publish(
        actor=admin,
        operator=platform_org,
        kind=ConsentKind.PROCESSING,
        title="Согласие (ред. 2)",
        text="Новая редакция текста согласия.\r\nВторой абзац.  ",
    )

    # then the old consent and the old text are untouched, the new text is N+1
    old.refresh_from_db()
    old_text.refresh_from_db()
    assert (old.version, old.text_hash, old.consent_text_id, old.revoked_at) == snapshot
    assert old_text.version == 1 and old_text.text_hash == snapshot[1]
    assert new.version == 2
    assert new.text == "Новая редакция текста согласия.\nВторой абзац."
    assert new.text_hash == hashlib.sha256(new.text.encode()).hexdigest()
    assert services.current_consent_text(platform_org) == new
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSENT_TEXT_PUBLISHED)
    assert event.actor == admin and event.data["version"] == 2


def test_first_text_of_an_operator_is_version_one(make_person):
    org = OrganisationFactory()
    text = services.consent_text_publish(
        actor=make_person("platform_admin"),
        operator=org,
        kind=ConsentKind.PUBLICATION,
        title="Согласие на распространение",
        text="Текст",
    )
    assert text.version == 1


def test_publishing_the_same_text_again_is_refused(platform_org, make_person):
    current = services.current_consent_text(platform_org)
    with pytest.raises(services.ConsentTextUnchanged):
        services.consent_text_publish(
            actor=make_person("platform_admin"),
            operator=platform_org,
            kind=ConsentKind.PROCESSING,
            title="Другой заголовок",
            text=current.text + "\n",
        )
    assert ConsentText.objects.filter(operator=platform_org, kind="processing").count() == 1


# --- Publication consent ---------------------------------------------------------------------


def test_publication_consent_per_field_controls_what_strangers_see(platform_org, person, give):
    # given a person with a public-visibility phone and a position, and a stranger
    person.phone = "+7 900 000-00-00"
    person.phone_visibility = Visibility.EVERYONE
    person.save()
    stranger = UserFactory()
    assert visible_profile_fields(stranger, person) == frozenset()

    # when they allow publishing the name, the position and the phone
    for field in ("full_name", "position", "phone"):
        give(person, platform_org, kind=ConsentKind.PUBLICATION, field=field)

    # then the stranger (and the anonymous reader) sees exactly those
    assert visible_profile_fields(stranger, person) == {"full_name", "position", "phone"}

    # when they withdraw the position only
    assert services.publication_consent_revoke(user=person, field="position") == 1

    # then the rest stays public, the position does not
    assert visible_profile_fields(stranger, person) == {"full_name", "phone"}
    revoked = Consent.objects.get(user=person, field="position")
    assert revoked.revoked_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PUBLICATION_CONSENT_REVOKED, subject_user_id=person.pk
    ).exists()


# --- Revoking a community operator's consent -------------------------------------------------


def test_revoking_a_community_operators_consent_leaves_only_its_communities(
    platform_org, community_org, person, give
):
    # given a person in two communities of one operator and one of another, one pending
    mine_a = MembershipFactory(user=person, community=CommunityFactory(operator=community_org))
    mine_b = MembershipFactory(
        user=person,
        community=CommunityFactory(operator=community_org),
        status=MembershipStatus.PENDING,
    )
    other_org = OrganisationFactory()
    ConsentTextFactory(operator=other_org)
    other = MembershipFactory(user=person, community=CommunityFactory(operator=other_org))
    consent = give(person, community_org)
    other_consent = give(person, other_org)

    # when they revoke the consent given to the first operator
    left = services.consent_revoke(user=person, consent=consent)

    # then they left exactly that operator's communities, and nothing else changed
    assert {m.pk for m in left} == {mine_a.pk, mine_b.pk}
    for membership in (mine_a, mine_b):
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.LEFT
        assert membership.left_at is not None
    other.refresh_from_db()
    assert other.status == MembershipStatus.ACTIVE
    consent.refresh_from_db()
    other_consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert other_consent.revoked_at is None
    assert services.active_consent(person, platform_org) is not None
    person.refresh_from_db()
    assert person.is_active and not person.is_former
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONSENT_REVOKED)
    assert event.subject_user_id == person.pk
    assert sorted(event.data["communities_left"]) == sorted(
        [mine_a.community_id, mine_b.community_id]
    )
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.MEMBERSHIP_LEFT, subject_user_id=person.pk
        ).count()
        == 2
    )


def test_the_platform_operators_consent_is_not_revoked_piecemeal(platform_org, person):
    consent = Consent.objects.get(user=person)
    with pytest.raises(services.WithdrawalRequired):
        services.consent_revoke(user=person, consent=consent)
    consent.refresh_from_db()
    assert consent.revoked_at is None


# --- Full revocation -------------------------------------------------------------------------


@pytest.fixture
def rich_person(person, platform_org, community_org, give):
    """A person with everything: profile, avatar, subjects, contacts, communities, notices."""
    person.phone = "+7 914 123-45-67"
    person.contact_email = "contact@example.test"
    person.messenger = "@teacher"
    person.about = "Учитель истории, 20 лет стажа."
    person.position = "учитель истории"
    person.organisation = OrganisationFactory()
    person.qualification_category = "highest"
    person.gender = "female"
    person.avatar.save("face.png", ContentFile(b"\x89PNG fake"), save=False)
    person.save()
    person.subjects.add(SubjectFactory(name="История"))
    PlatformRole.objects.create(user=person, role=PlatformRole.Role.EDUCATION_AUTHORITY)
    community = CommunityFactory(operator=community_org)
    MembershipFactory(user=person, community=community, motivation="Хочу делиться опытом.")
    give(person, community_org)
    give(person, platform_org, kind=ConsentKind.PUBLICATION, field="full_name")
    Notification.objects.create(recipient=person, kind="test", title="Заявка одобрена")
    return person


def test_full_revocation_destroys_the_person_and_writes_the_act(
    rich_person, platform_org, django_capture_on_commit_callbacks, mailoutbox
):
    person = rich_person
    name = person.get_full_name()
    avatar_name = person.avatar.name
    original_email = person.email
    assert default_storage.exists(avatar_name)
    before = list(
        AuditEvent.objects.filter(subject_user_id=person.pk)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )

    # when they withdraw from the platform
    with django_capture_on_commit_callbacks(execute=True):
        act = services.consent_revoke_all(user=person)

    # then every consent is revoked and every community left
    assert not Consent.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert not person.memberships.exclude(status=MembershipStatus.LEFT).exists()
    # the account is closed and anonymised
    person.refresh_from_db()
    assert not person.is_active
    assert person.anonymised_at is not None
    assert person.get_full_name() == "Бывший участник"
    assert str(person) == "Бывший участник"
    assert name not in person.get_short_name()
    assert person.email == f"former-{person.pk}@invalid"
    assert not person.has_usable_password()
    for field in ("last_name", "first_name", "patronymic", "phone", "contact_email"):
        assert getattr(person, field) == ""
    assert (person.messenger, person.about, person.position) == ("", "", "")
    assert person.organisation is None and person.qualification_category == ""
    assert person.gender == ""
    assert not person.avatar
    assert not default_storage.exists(avatar_name)
    assert not person.subjects.exists()
    assert not person.platform_roles.exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert person.memberships.get().motivation == ""
    assert authenticate(email=original_email, password=DEFAULT_PASSWORD) is None

    # and the act lists what went, with the audit extract that backs it
    assert act.number.startswith("АУ-") and act.number.endswith("-0001")
    assert act.subject_user_id == person.pk
    assert act.operator == platform_org
    assert "152-ФЗ" in act.reason
    for category in ("фамилия, имя, отчество", "фотография", "уведомления", "телефон"):
        assert any(category in item for item in act.destroyed), category
    extract_ids = [row["event_id"] for row in act.audit_extract]
    assert extract_ids[: len(before)] == before
    expected = AuditEvent.objects.filter(subject_user_id=person.pk, pk__in=extract_ids).order_by(
        "created_at", "id"
    )
    assert [
        (r["event_id"], r["action"], r["actor_id"], r["reason"]) for r in act.audit_extract
    ] == [(e.pk, e.action, e.actor_id, e.reason) for e in expected]
    assert {r["action"] for r in act.audit_extract} >= {
        AuditEvent.Action.CONSENT_GIVEN,
        AuditEvent.Action.MEMBERSHIP_LEFT,
        AuditEvent.Action.ACCOUNT_DEACTIVATED,
    }
    assert set(act.audit_extract[0]) == {"event_id", "time", "action", "actor_id", "reason"}
    # the act itself holds no personal data
    assert name.split()[0] not in str(act.destroyed) + str(act.audit_extract) + act.reason
    last = AuditEvent.objects.filter(subject_user_id=person.pk).order_by("-id")[:2]
    assert [e.action for e in last] == [
        AuditEvent.Action.DATA_DESTROYED,
        AuditEvent.Action.CONSENT_REVOKED,
    ]
    assert last[0].data["act"] == act.number
    # and the last letter to the old address says so
    assert mailoutbox[-1].to == [original_email]
    assert act.number in mailoutbox[-1].body


def test_full_revocation_ends_every_session(person):
    from django.contrib.sessions.backends.db import SessionStore

    from pedset.accounts.models import UserSession

    # given two open sessions
    keys = []
    for _ in range(2):
        store = SessionStore()
        store["_auth_user_id"] = str(person.pk)
        store.create()
        UserSession.objects.create(user=person, session_key=store.session_key)
        keys.append(store.session_key)

    services.consent_revoke_all(user=person)

    assert not any(SessionStore().exists(key) for key in keys)
    assert not UserSession.objects.filter(user=person).exists()


def test_full_revocation_twice_is_refused(person):
    services.consent_revoke_all(user=person)
    with pytest.raises(services.AlreadyWithdrawn):
        services.consent_revoke_all(user=person)
    assert DestructionAct.objects.count() == 1


def test_full_revocation_rolls_back_as_a_whole(person, monkeypatch):
    # given an app whose erase hook fails
    from pedset.privacy import registry

    def broken(user):
        raise RuntimeError("storage unavailable")

    real = registry.erase_hooks()
    fake = [registry.PersonalDataHook("broken", type("M", (), {"erase": staticmethod(broken)}))]
    monkeypatch.setattr(services, "erase_hooks", lambda: real[:1] + fake + real[1:])
    name = person.get_full_name()

    with pytest.raises(RuntimeError):
        services.consent_revoke_all(user=person)

    # then nothing at all changed
    person.refresh_from_db()
    assert person.is_active and person.get_full_name() == name
    assert Consent.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert not DestructionAct.objects.exists()


def test_full_revocation_without_a_platform_operator_or_consents():
    # given a person who never gave a consent, on a platform with no operator named yet
    user = UserFactory()

    act = services.consent_revoke_all(user=user)

    user.refresh_from_db()
    assert user.is_former and not user.is_active
    assert act.operator is None and act.subject_user_id == user.pk


def test_act_numbers_run_per_year():
    import datetime as dt

    from django.utils import timezone

    y2026 = timezone.make_aware(dt.datetime(2026, 12, 31, 12))
    y2027 = timezone.make_aware(dt.datetime(2027, 1, 1, 12))
    assert services.destruction_act_number_next(y2026) == "АУ-2026-0001"
    assert services.destruction_act_number_next(y2026) == "АУ-2026-0002"
    assert services.destruction_act_number_next(y2027) == "АУ-2027-0001"


# --- Hooks -----------------------------------------------------------------------------------


def test_every_app_hook_is_discovered():
    from pedset.privacy.registry import erase_hooks, export_hooks

    assert {h.app_label for h in export_hooks()} >= {"core", "accounts", "communities", "privacy"}
    erase_order = [h.app_label for h in erase_hooks()]
    assert {"core", "accounts", "communities"} <= set(erase_order)
    # the accounts hook blanks the User row after the apps that come later have run
    assert erase_order.index("communities") < erase_order.index("accounts")


def test_collected_data_holds_every_section(rich_person):
    from pedset.privacy.selectors import personal_data_collect

    data = personal_data_collect(rich_person)
    assert data["user_id"] == rich_person.pk
    assert data["profile"]["last_name"] == rich_person.last_name
    assert data["profile"]["subjects"] == ["История"]
    assert data["profile"]["gender"] == "female"
    assert data["platform_roles"] == ["education_authority"]
    assert {c["kind"] for c in data["consents"]} == {"processing", "publication"}
    assert data["memberships"][0]["motivation"] == "Хочу делиться опытом."
    assert data["notifications"][0]["title"] == "Заявка одобрена"
    assert any(e["action"] == "consent_given" for e in data["audit_events"])
    assert data["sessions_count"] == 0


# Fields of the User row that are not the person's data, or are exported under another name.
NOT_EXPORTED_USER_FIELDS = {
    "password",  # a hash: never handed out
    "is_staff",
    "is_superuser",
    "anonymised_at",
    "groups",
    "user_permissions",
    "organisation",  # exported as {"id", "name"}
}


def test_every_field_of_the_profile_is_in_the_export(rich_person):
    """A profile field added later must reach the export (152-FZ art. 14) or be excluded here."""
    from django.contrib.auth import get_user_model

    from pedset.privacy.selectors import personal_data_collect

    profile = personal_data_collect(rich_person)["profile"]
    fields = {
        f.name
        for f in get_user_model()._meta.get_fields()
        if f.concrete and not f.auto_created or f.many_to_many and not f.auto_created
    }
    fields.discard("id")
    missing = sorted(fields - NOT_EXPORTED_USER_FIELDS - set(profile))
    assert not missing, f"User fields missing from the export: {missing}"
