"""`manage.py load_demo`: the five communities of the seed regulations, idempotent, synthetic."""

import datetime
import io
import re
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from pedset.accounts.models import PlatformRole, Subject, User, Visibility
from pedset.cabinet.models import CabinetEntry, CouncilMember, CouncilRole
from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.core.demo import content
from pedset.core.models import AuditEvent, Notification
from pedset.documents.models import Document, DocumentKind
from pedset.materials.models import (
    Material,
    MaterialAuthor,
    MaterialComment,
    MaterialDailyStat,
    MaterialFile,
    MaterialLink,
    MaterialRating,
    MaterialStatus,
)
from pedset.organisations.models import Organisation
from pedset.privacy.models import Consent, ConsentKind, ConsentSource, ConsentText
from pedset.review.models import Assignment, Decision, Review, ReviewRound

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
    Material,
    MaterialFile,
    MaterialLink,
    MaterialComment,
    MaterialRating,
    MaterialDailyStat,
    ReviewRound,
    Assignment,
    Review,
    Decision,
    CabinetEntry,
    CouncilMember,
    Document,
    Notification,
)


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module, inside a transaction rolled back at its end: each
    test then runs in a savepoint on top of it (what Django's setUpTestData does). The files
    of materials and documents go to a temporary media directory."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
    )
    with django_db_blocker.unblock(), fast_hashing:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.monotonic()
            output = load()
            seconds = time.monotonic() - started
            # What would run when the loading transaction commits.
            after_commit = [callback for _ids, callback, _robust in connection.run_on_commit]
            yield {"output": output, "seconds": seconds, "after_commit": after_commit}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded_once, db):
    return loaded_once


def test_prints_what_it_loaded_and_the_logins(demo):
    # (how long it takes is measured, not asserted: see docs/performance.md)
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


# --- Materials, expertise, the cabinet and the registry (issue 4) ---------------------------

ONE_DAY = datetime.timedelta(days=1)
STATUS_OF_FATE = {
    "draft": MaterialStatus.DRAFT,
    "submitted": MaterialStatus.SUBMITTED,
    "invited": MaterialStatus.UNDER_REVIEW,
    "accepted": MaterialStatus.UNDER_REVIEW,
    "overdue": MaterialStatus.UNDER_REVIEW,
    "revision": MaterialStatus.REVISION,
    "included": MaterialStatus.INCLUDED,
    "recommended": MaterialStatus.INCLUDED,
}


def fixed_user(local: str) -> User:
    return User.objects.get(email=f"{local}@{content.DEMO_DOMAIN}")


def statuses(community) -> dict:
    return dict(
        Material.objects.filter(community=community).values_list("status").annotate(n=Count("id"))
    )


def test_sinergiya_shows_every_step_of_the_expertise(demo):
    sinergiya = Community.objects.get(slug="sinergiya")
    assert statuses(sinergiya) == {
        MaterialStatus.DRAFT: 1,
        MaterialStatus.SUBMITTED: 1,
        MaterialStatus.UNDER_REVIEW: 3,
        MaterialStatus.REVISION: 1,
        MaterialStatus.INCLUDED: 3,
    }
    # The demo expert: one invitation to answer, one accepted in term, one overdue.
    expert = fixed_user("expert")
    running = Assignment.objects.filter(
        expert=expert, round__material__status=MaterialStatus.UNDER_REVIEW
    )
    assert sorted(running.values_list("status", flat=True)) == ["accepted", "accepted", "invited"]
    now = timezone.now()
    overdue = [a for a in running if a.deadline < now]
    assert len(overdue) == 1 and overdue[0].status == "accepted"
    assert overdue[0].escalated_at is not None  # the coordinators were told
    assert all(a.deadline > now for a in running if a not in overdue)
    # The material returned for revision carries the expert's conclusion and the decision.
    revised = Material.objects.get(community=sinergiya, status=MaterialStatus.REVISION)
    review = Review.objects.get(assignment__round__material=revised)
    assert review.recommendation == "revise" and review.scores.count() == 5
    decision = Decision.objects.get(round__material=revised)
    assert decision.outcome == "revise" and decision.reasons and decision.order is None
    # Nothing waits for an expert without one; the awaiting material has no assignment.
    waiting = Material.objects.get(community=sinergiya, status=MaterialStatus.SUBMITTED)
    assert not Assignment.objects.filter(round__material=waiting).exists()


def test_every_community_has_its_bank_and_cabinet_as_specified(demo):
    from pedset.core.demo.materials import MATERIALS_OF

    for slug, specs in MATERIALS_OF.items():
        community = Community.objects.get(slug=slug)
        expected = Counter(STATUS_OF_FATE[spec.fate] for spec in specs)
        assert statuses(community) == dict(expected), slug
        assert 4 <= sum(n for s, n in expected.items() if s != MaterialStatus.DRAFT) <= 8
        assert 1 <= expected[MaterialStatus.INCLUDED] <= 3
    assert 8 <= CabinetEntry.objects.count() <= 12


def test_materials_carry_files_or_links_and_public_expertise(demo):
    for material in Material.objects.exclude(status=MaterialStatus.DRAFT):
        files = list(material.files.all())
        links = list(material.links.all())
        assert files or links, material.title
        for row in files:
            assert row.kind in {"pdf", "docx"} and 0 < row.size < 100_000
        for link in links:
            assert link.url.startswith("https://rutube.ru/video/")
        # Every author confirmed taking part (co-authors through coauthorship_confirm).
        assert not material.authors.filter(confirmed_at=None).exists()
        assert material.tags.exists() and material.subject_id and material.level
        assert material.comments_count == material.comments.count() >= 1
        ratings = list(material.ratings.all())
        assert material.rating_count == len(ratings) >= 2
        assert material.rating_sum == sum(r.score for r in ratings)
        assert not material.authors.filter(user__in=[r.user_id for r in ratings]).exists()
        stats = material.daily_stats.all()
        assert material.views_count == sum(s.views for s in stats) > 0
        assert material.downloads_count == sum(s.downloads for s in stats)
        # A history: submitted days before the load, after it was written.
        assert material.created_at < material.submitted_at < timezone.now() - ONE_DAY
    pdfs = MaterialFile.objects.filter(kind="pdf")
    assert pdfs.exists() and all(row.preview for row in pdfs)
    assert MaterialFile.objects.filter(kind="docx").exists()


def test_every_included_material_has_its_order_and_certificates(demo):
    entries = CabinetEntry.objects.select_related("material", "order")
    for entry in entries:
        material = entry.material
        assert material.status == MaterialStatus.INCLUDED
        assert entry.order.kind == DocumentKind.ORDER
        assert entry.order.source_id == str(material.pk)
        decision = Decision.objects.get(round__material=material)
        assert decision.order_id == entry.order_id
        assert decision.decided_as == "coordinator"
        assert decision.decided_by.memberships.get(community=entry.community).role == (
            Role.COORDINATOR
        )
        authors = set(MaterialAuthor.objects.filter(material=material).values_list("user_id"))
        certificates = Document.objects.filter(
            kind=DocumentKind.PUBLICATION_CERTIFICATE, source_id=str(material.pk)
        )
        assert set(certificates.values_list("recipient_id")) == authors
        for document in [entry.order, *certificates]:
            assert document.pdf and document.docx and document.verification_code
    orders = Document.objects.filter(kind=DocumentKind.ORDER)
    assert orders.count() == entries.count()
    certificates = Document.objects.filter(kind=DocumentKind.PUBLICATION_CERTIFICATE)
    assert (
        certificates.count()
        == MaterialAuthor.objects.filter(material__status=MaterialStatus.INCLUDED).count()
    )
    assert Document.objects.count() == orders.count() + certificates.count() <= 30
    # Some included materials have co-authors: a certificate for each of them.
    assert certificates.count() > orders.count()
    recommended = entries.filter(recommended_for_publication=True)
    assert recommended.count() >= 1
    assert all(entry.recommendation_note for entry in recommended)
    assert entries.filter(community__slug="sinergiya", recommended_for_publication=True).exists()


def test_the_demo_member_has_a_certificate_and_a_draft(demo, client):
    member = fixed_user("member")
    mine = Material.objects.filter(authors__user=member)
    assert set(mine.values_list("status", flat=True)) == {
        MaterialStatus.DRAFT,
        MaterialStatus.INCLUDED,
    }
    certificate = Document.objects.get(kind=DocumentKind.PUBLICATION_CERTIFICATE, recipient=member)
    client.force_login(member)
    page = client.get("/documents/my/")
    assert page.status_code == 200
    assert certificate.number in page.content.decode()
    verify = client.get(f"/verify/{certificate.verification_code}/")
    assert verify.status_code == 200 and member.last_name in verify.content.decode()


def test_the_council_of_sinergiya(demo):
    seats = CouncilMember.objects.filter(community__slug="sinergiya", until__isnull=True)
    assert sorted(seats.values_list("role", flat=True)) == [
        CouncilRole.CHAIR,
        CouncilRole.MEMBER,
        CouncilRole.MEMBER,
    ]
    assert seats.get(role=CouncilRole.CHAIR).user == fixed_user("community-admin")


def test_nothing_is_mailed_to_the_synthetic_people(demo, mailoutbox):
    """Every notice is in the site only, and what runs after the commit sends no letter."""
    assert Notification.objects.filter(kind="expertise_assignment").exists()
    assert Notification.objects.filter(kind="expertise_decision").exists()
    assert not Notification.objects.filter(delivery__in=["email", "digest"]).exists()
    for callback in demo["after_commit"]:
        callback()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("login", "address"),
    [
        (None, "/cabinet/"),
        (None, "/cabinet/c/sinergiya/"),
        ("member", "/materials/c/sinergiya/"),
        ("member", "/materials/mine/"),
        ("expert", "/expertise/mine/"),
        ("coordinator", "/expertise/c/sinergiya/"),
    ],
)
def test_pages_of_the_demo_render(demo, client, login, address):
    if login:
        client.force_login(fixed_user(login))
    page = client.get(address)
    assert page.status_code == 200, address
    if address == "/cabinet/":
        text = page.content.decode()
        for entry in CabinetEntry.objects.select_related("material"):
            assert escape(entry.material.title) in text


def test_pages_of_each_material_render(demo, client):
    client.force_login(fixed_user("coordinator"))
    sinergiya = Community.objects.get(slug="sinergiya")
    for material in Material.objects.filter(community=sinergiya).exclude(status="draft"):
        assert client.get(f"/materials/{material.pk}/").status_code == 200
        assert client.get(f"/expertise/m/{material.pk}/").status_code == 200
    client.logout()
    for entry in CabinetEntry.objects.all():
        assert client.get(f"/cabinet/entries/{entry.pk}/").status_code == 200
        assert client.get(f"/materials/{entry.material_id}/").status_code == 200


def test_the_demo_is_searchable(demo, client):
    """Given the demo, when a visitor searches for a word of an included material's title, then
    the cabinet material is found (the demo rebuilt the search index after loading)."""
    from pedset.materials.models import Material, MaterialStatus

    material = Material.objects.filter(status=MaterialStatus.INCLUDED).first()
    word = max(material.title.split(), key=len).strip("«»,.:;()")
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    assert f"/materials/{material.pk}/" in response.content.decode()
