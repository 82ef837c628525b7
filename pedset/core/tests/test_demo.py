"""`manage.py load_demo`: the five communities of the seed regulations, idempotent, synthetic."""

import io
import re
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from pedset.accounts.models import PlatformRole, Subject, User, Visibility
from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.core.demo import content
from pedset.core.models import AuditEvent
from pedset.organisations.models import Organisation
from pedset.privacy.models import Consent, ConsentKind, ConsentSource, ConsentText

pytestmark = pytest.mark.django_db

MODELS = (
    Community,
    Membership,
    User,
    Organisation,
    Consent,
    ConsentText,
    AuditEvent,
    PlatformRole,
    Subject,
)


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, inside a transaction rolled back at its end: each
    test then runs in a savepoint on top of it (what Django's setUpTestData does)."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.monotonic()
            output = load()
            yield {"output": output, "seconds": time.monotonic() - started}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded_once, db):
    return loaded_once


def test_runs_quickly_and_prints_the_logins(demo):
    assert demo["seconds"] < 20
    output = demo["output"]
    assert "Демонстрационные данные загружены" in output
    assert f"пароль у всех: {content.DEMO_PASSWORD}" in output
    for login in content.FIXED_LOGINS:
        assert login.email in output


def test_a_second_run_creates_nothing(demo):
    before = counts()
    output = load()
    assert counts() == before
    assert "уже загружены — ничего не добавлено" in output
    assert "admin@demo.pedset.local" in output


def test_five_communities_as_their_regulations_say(demo):
    expected = {
        "sinergiya": ("Europe/Moscow", MemberKind.ORGANISATIONS),
        "olyokminsky": ("Asia/Yakutsk", MemberKind.PERSONS),
        "nizhneingashsky": ("Asia/Krasnoyarsk", MemberKind.PERSONS),
        "millerovo-shnor": ("Europe/Moscow", MemberKind.PERSONS),
        "elbrus": ("Europe/Moscow", MemberKind.PERSONS),
    }
    communities = {c.slug: c for c in Community.objects.select_related("operator")}
    assert set(communities) == set(expected)
    for slug, (zone, kind) in expected.items():
        community = communities[slug]
        assert (community.time_zone, community.member_kind) == (zone, kind), slug
        assert community.member_cap == 150
        assert community.join_requires_approval is True
        assert community.group_application_days == 7
        assert community.expertise_days == 10
        assert community.goals and community.tasks and community.rules_of_conduct
        assert "положение" in community.regulation_text[:2000].lower()
        assert community.creation_order_number and community.creation_order_date
        assert ConsentText.objects.filter(operator=community.operator).count() == 2
    millerovo = communities["millerovo-shnor"]
    assert millerovo.creation_order_number == "20"
    assert millerovo.creation_order_date.isoformat() == "2021-06-08"
    assert "Не допускать анонимных комментариев." in communities["nizhneingashsky"].rules_of_conduct


def test_every_role_and_pending_requests_in_every_community(demo):
    for community in Community.objects.all():
        active = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        roles = dict(active.values_list("role").annotate(n=Count("id")))
        assert roles[Role.ADMINISTRATOR] == 1
        assert roles[Role.COORDINATOR] == 1
        assert roles[Role.MODERATOR] == 2
        assert roles[Role.EXPERT] == 3
        assert roles[Role.MEMBER] >= 13
        assert 20 <= active.count() <= 40
        pending = community.memberships.filter(status=MembershipStatus.PENDING)
        assert 3 <= pending.count() <= 5


def test_memberships_carry_rules_acceptance_and_consent_to_the_operator(demo):
    for membership in Membership.objects.select_related("community", "consent"):
        assert membership.rules_accepted_at is not None
        assert membership.consent.operator_id == membership.community.operator_id
        assert membership.consent.kind == ConsentKind.PROCESSING
        assert membership.consent.source == ConsentSource.JOIN
        assert membership.consent.revoked_at is None
        if membership.community.member_kind == MemberKind.ORGANISATIONS:
            assert membership.organisation_id is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_GIVEN).count() >= (
        Membership.objects.count()
    )


def test_everyone_registered_with_consent_to_the_platform_operator(demo):
    operator = Organisation.objects.get(operates_platform=True)
    assert operator.kind == Organisation.Kind.METHODICAL
    assert ConsentText.objects.filter(operator=operator).count() == 2
    for user in User.objects.all():
        assert user.consents.filter(
            operator=operator, kind=ConsentKind.PROCESSING, source=ConsentSource.REGISTRATION
        ).exists(), user.email


def test_public_contact_fields_have_a_consent_to_distribution(demo):
    public = 0
    for user in User.objects.prefetch_related("consents"):
        published = {c.field for c in user.consents.all() if c.kind == ConsentKind.PUBLICATION}
        for field in User.CONTACT_FIELDS:
            if getattr(user, field) and getattr(user, f"{field}_visibility") == Visibility.EVERYONE:
                assert field in published, (user.email, field)
                public += 1
    assert public > 0
    visibilities = set(User.objects.values_list("phone_visibility", flat=True))
    assert visibilities == {Visibility.ONLY_ME, Visibility.MEMBERS, Visibility.EVERYONE}


def test_fixed_logins_have_their_roles_and_the_demo_password(demo):
    first = Community.objects.get(slug=content.COMMUNITIES[0].slug)
    expected_roles = {
        "community-admin": Role.ADMINISTRATOR,
        "coordinator": Role.COORDINATOR,
        "moderator": Role.MODERATOR,
        "expert": Role.EXPERT,
        "member": Role.MEMBER,
    }
    for local, role in expected_roles.items():
        user = User.objects.get(email=f"{local}@demo.pedset.local")
        assert user.check_password(content.DEMO_PASSWORD)
        membership = user.memberships.get(community=first, status=MembershipStatus.ACTIVE)
        assert membership.role == role
    admin = User.objects.get(email="admin@demo.pedset.local")
    assert admin.platform_roles.filter(role=PlatformRole.Role.ADMINISTRATOR).exists()
    authority = User.objects.get(email="uo@demo.pedset.local")
    assert authority.platform_roles.filter(role=PlatformRole.Role.EDUCATION_AUTHORITY).exists()
    guest = User.objects.get(email="guest@demo.pedset.local")
    assert not guest.memberships.exists()
    assert guest.organisation is not None  # so that it may ask to join «Синергия»
    assert guest.check_password(content.DEMO_PASSWORD)


def test_districts_have_8_to_15_schools(demo):
    for spec in content.COMMUNITIES:
        schools = Organisation.objects.filter(
            district=spec.district.name, kind=Organisation.Kind.SCHOOL
        ).exclude(pk=Community.objects.get(slug=spec.slug).operator_id)
        assert 8 <= schools.count() <= 15, spec.district.name


def test_people_are_synthetic(demo):
    emails = list(User.objects.values_list("email", flat=True))
    assert all(email.endswith("@demo.pedset.local") for email in emails)
    contact = User.objects.exclude(contact_email="").values_list("contact_email", flat=True)
    assert all(email.endswith("@demo.pedset.local") for email in contact)


# --- The copied regulations ------------------------------------------------------------------

# What the seeds held in place of people: signatures, the executor, phone numbers. The copies
# replace each with a role word or drop it.
REMOVED_FROM_SEEDS = ("[подпись]", "[исполнитель]", "[телефон удалён]")
# «Иванов И. И.», «И.И. Иванов»: a person named by surname and initials.
PERSON_WITH_INITIALS = re.compile(
    r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+"
)
PHONE = re.compile(r"\+?\d[\d\s()-]{9,}\d")


@pytest.mark.parametrize("spec", content.COMMUNITIES, ids=lambda spec: spec.slug)
def test_copied_regulations_name_no_real_person(spec):
    text = spec.regulation_text
    assert len(text) > 1000
    for placeholder in REMOVED_FROM_SEEDS:
        assert placeholder not in text
    assert not PERSON_WITH_INITIALS.search(text), PERSON_WITH_INITIALS.search(text).group()
    assert not PHONE.search(text)
    assert "@" not in text


def test_signature_blocks_name_roles_only():
    millerovo = content.MILLEROVO.regulation_text
    assert "Исполнитель: методист МБУ ДПО «МиРЦ»" in millerovo
    assert "УТВЕРЖДАЮ\nНачальник МБУ ДПО «МиРЦ»" in millerovo
    assert "УТВЕРЖДАЮ\n\nРуководитель\n\nУправления образования" in (
        content.NIZHNEINGASHSKY.regulation_text
    )


def test_consent_text_names_the_demo_operator_not_the_real_one(demo):
    operator = Organisation.objects.get(operates_platform=True)
    text = ConsentText.objects.get(operator=operator, kind=ConsentKind.PROCESSING).text
    assert operator.full_name in text
    assert "статьи 9 Федерального закона от 27.07.2006 № 152-ФЗ" in text
    # the appendix of regulation 003 named a real centre and its address
    assert "Плеханова" not in text
    assert "Методический и ресурсный центр" not in text
    for community in Community.objects.select_related("operator"):
        community_text = ConsentText.objects.get(
            operator=community.operator, kind=ConsentKind.PROCESSING
        ).text
        assert community.operator.full_name in community_text
        assert "Плеханова" not in community_text
