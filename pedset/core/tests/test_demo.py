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
from pedset.certificates.models import AwardGround, EventAward
from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.consultations.models import Question, QuestionStatus
from pedset.contests.models import (
    ContestCriterion,
    ContestEntry,
    EntryFile,
    EntryStatus,
    JuryMember,
    JuryScore,
    Nomination,
    Placing,
)
from pedset.core.demo import content
from pedset.core.models import AuditEvent, Notification
from pedset.documents.models import Document, DocumentKind
from pedset.events.models import (
    Event,
    EventForm,
    EventMaterial,
    EventPerson,
    EventStatus,
    Registration,
    RegistrationStatus,
)
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
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan
from pedset.privacy.models import Consent, ConsentKind, ConsentSource, ConsentText
from pedset.review.models import Assignment, Decision, Review, ReviewRound
from pedset.rooms.models import Provider, Room, RoomJoin

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
    WorkPlan,
    PlanItem,
    Event,
    EventPerson,
    EventMaterial,
    Registration,
    Room,
    RoomJoin,
    Nomination,
    ContestCriterion,
    JuryMember,
    ContestEntry,
    EntryFile,
    JuryScore,
    EventAward,
    Question,
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
    media = tmp_path_factory.mktemp("demo-media")
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media,
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
            yield {
                "output": output,
                "seconds": seconds,
                "after_commit": after_commit,
                "media": media,  # each test gets its own MEDIA_ROOT (conftest): this one's
            }
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
    assert orders.count() + certificates.count() <= 30
    # Every other document of the registry is an event's certificate, diploma or letter.
    assert Document.objects.count() == (
        orders.count() + certificates.count() + EventAward.objects.count()
    )
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


# --- Activities: plans, events, rooms, contests, certificates, lines (issue 5) -------------

HOUR = datetime.timedelta(hours=1)
STATUS_OF_EVENT_FATE = {"draft": EventStatus.DRAFT, "cancelled": EventStatus.CANCELLED}


def community_today(community) -> datetime.date:
    from pedset.plans.selectors import community_today

    return community_today(community)


def sinergiya_event(form, **filters) -> Event:
    return Event.objects.get(community__slug="sinergiya", form=form, **filters)


def test_every_community_has_this_years_plan_and_the_next(demo):
    """6–10 items of different forms with responsible people, some done, one overdue, one
    cancelled with a note; approved; next year's plan holds two items."""
    from pedset.core.demo.activities import ACTIVITIES_OF
    from pedset.plans.selectors import is_overdue

    for slug in ACTIVITIES_OF:
        community = Community.objects.get(slug=slug)
        today = community_today(community)
        plan = WorkPlan.objects.get(community=community, year=today.year)
        items = list(plan.items.prefetch_related("responsible"))
        assert 6 <= len(items) <= 10, slug
        assert len({item.form for item in items}) >= 5, slug
        statuses = Counter(item.status for item in items)
        assert statuses[PlanItemStatus.DONE] >= 2, slug
        assert statuses[PlanItemStatus.PLANNED] >= 2, slug
        [cancelled] = [item for item in items if item.status == PlanItemStatus.CANCELLED]
        assert len(cancelled.status_note) > 20
        if today > datetime.date(today.year, 1, 1):  # nothing can be overdue on 1 January
            assert len([item for item in items if is_overdue(item, today)]) == 1, slug
        for item in items:
            assert item.responsible.all(), item.topic
            assert item.audience and item.expected_result
            assert item.starts_on.year == item.ends_on.year == today.year
        assert plan.approved_at is not None and plan.approved_at < timezone.now()
        assert plan.approved_by.memberships.get(community=community).role == Role.COORDINATOR
        following = WorkPlan.objects.get(community=community, year=today.year + 1)
        assert following.items.count() == 2 and following.approved_at is None
    # The overdue items' responsible people were told (manage.py work_plan_deadlines).
    assert Notification.objects.filter(kind="work_plan").exists()


def test_every_community_holds_its_events_as_specified(demo):
    from pedset.core.demo.activities import ACTIVITIES_OF

    now = timezone.now()
    for slug, spec in ACTIVITIES_OF.items():
        community = Community.objects.get(slug=slug)
        events = list(Event.objects.filter(community=community).select_related("plan_item__plan"))
        expected = Counter(
            (e.form, STATUS_OF_EVENT_FATE.get(e.fate, EventStatus.PUBLISHED)) for e in spec.events
        )
        assert Counter((e.form, e.status) for e in events) == expected, slug
        for event, event_spec in zip(
            sorted(events, key=lambda e: e.title),
            sorted(spec.events, key=lambda e: e.title),
            strict=True,
        ):
            if event_spec.item:
                assert event.plan_item.plan.community_id == community.pk
                assert event.plan_item.form == event.form
            if event_spec.fate in ("past", "contest"):
                assert event.ends_at < now, event.title
            elif event_spec.fate in ("line", "open_call"):
                assert event.starts_at < now < event.ends_at, event.title
            else:
                assert event.starts_at > now, event.title
            if event.needs_room and event.status == EventStatus.PUBLISHED:
                room = Room.objects.get(event=event)
                assert room.provider == Provider.LINK
                assert room.external_url.startswith("https://telemost.example/j/")
            # The counters the services keep match the rows.
            rows = Counter(event.registrations.values_list("status", flat=True))
            assert event.registered_count == rows[RegistrationStatus.REGISTERED]
            assert event.waitlist_count == rows[RegistrationStatus.WAITLISTED]
            for registration in event.registrations.all():
                assert registration.registered_at < min(now, event.starts_at)
                assert event.published_at is None or registration.registered_at > (
                    event.published_at
                )


def test_sinergiya_shows_every_kind_of_activity(demo):
    events = Event.objects.filter(community__slug="sinergiya")
    assert Counter((e.form, e.status) for e in events) == {
        (EventForm.WEBINAR, EventStatus.PUBLISHED): 2,
        (EventForm.MASTER_CLASS, EventStatus.PUBLISHED): 1,
        (EventForm.SEMINAR, EventStatus.PUBLISHED): 1,
        (EventForm.CONTEST, EventStatus.PUBLISHED): 1,
        (EventForm.FESTIVAL, EventStatus.PUBLISHED): 1,
        (EventForm.CONSULTATION_LINE, EventStatus.PUBLISHED): 1,
        (EventForm.OPEN_MICROPHONE, EventStatus.CANCELLED): 1,
        (EventForm.PEDAGOGICAL_COUNCIL, EventStatus.DRAFT): 1,
    }
    # Every announced event carries an item of the plan; the draft is still being prepared.
    assert not events.exclude(status=EventStatus.DRAFT).filter(plan_item=None).exists()


def test_the_seminar_has_speakers_and_materials(demo, client, settings):
    seminar = sinergiya_event(EventForm.SEMINAR)
    speakers = EventPerson.objects.filter(event=seminar, role="speaker")
    assert speakers.count() == 3 and all(person.topic for person in speakers)
    assert speakers.filter(user=fixed_user("expert")).exists()
    materials = EventMaterial.objects.filter(event=seminar)
    assert {bool(m.file) for m in materials} == {True, False}
    assert materials.filter(material__status=MaterialStatus.INCLUDED).exists()
    programme = materials.get(material=None)
    assert programme.original_name.endswith(".docx") and 0 < programme.size < 100_000
    settings.MEDIA_ROOT = demo["media"]
    client.force_login(fixed_user("member"))
    download = client.get(f"/events/materials/{programme.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a DOCX is a ZIP


def test_the_full_master_class_and_its_waiting_list(demo):
    """Ten places taken, three waiting in the order they came; the demo member is second."""
    from pedset.events.selectors import waitlist_position
    from pedset.events.services import registration_cancel

    event = sinergiya_event(EventForm.MASTER_CLASS)
    assert (event.capacity, event.registered_count, event.waitlist_count) == (10, 10, 3)
    registered = list(event.registrations.filter(status=RegistrationStatus.REGISTERED))
    waiting = list(
        event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "registered_at", "id"
        )
    )
    assert len(registered) == 10
    assert [waitlist_position(row) for row in waiting] == [1, 2, 3]
    assert waiting[1].user == fixed_user("member")
    assert max(row.registered_at for row in registered) < waiting[0].registered_at
    # The list moves up as the demo says: a registered person gives up the place, the first
    # waiting takes it and the demo member becomes first.
    registration_cancel(event=event, actor=registered[0].user)
    waiting[0].refresh_from_db()
    assert waiting[0].status == RegistrationStatus.REGISTERED
    assert waitlist_position(Registration.objects.get(pk=waiting[1].pk)) == 1


def test_the_demo_member_takes_part(demo, client):
    member = fixed_user("member")
    webinar = sinergiya_event(EventForm.WEBINAR, starts_at__gt=timezone.now())
    assert webinar.registrations.get(user=member).status == RegistrationStatus.REGISTERED
    client.force_login(member)
    page = client.get("/events/mine/")
    assert page.status_code == 200
    text = page.content.decode()
    assert escape(webinar.title) in text
    assert escape(sinergiya_event(EventForm.MASTER_CLASS).title) in text


def test_the_past_webinar_attendance_and_certificates(demo, client):
    """Attendance came from the room's joins and the organiser's marks; everyone present, the
    organiser and the speaker hold a certificate; the demo member's verifies publicly."""
    event = sinergiya_event(EventForm.WEBINAR, ends_at__lt=timezone.now())
    assert event.recording_url.startswith("https://rutube.ru/video/")
    assert event.certificates_issued_at is not None
    registered = event.registrations.filter(status=RegistrationStatus.REGISTERED)
    present = registered.exclude(attended_at=None)
    by_room = set(present.filter(attendance_source="room").values_list("user_id", flat=True))
    marked = set(present.filter(attendance_source="marked").values_list("user_id", flat=True))
    absent = set(registered.filter(attended_at=None).values_list("user_id", flat=True))
    assert len(by_room) >= 3 and marked and absent
    for row in present:
        assert event.starts_at <= row.attended_at <= event.ends_at
    joins = RoomJoin.objects.filter(room__event=event)
    running = set(EventPerson.objects.filter(event=event).values_list("user_id", flat=True))
    # The organiser and the speaker enter as moderators and are not participants; a registered
    # manager of the community enters as a moderator too, and is present.
    assert set(joins.values_list("user_id", flat=True)) - running == by_room
    assert running <= set(joins.filter(as_moderator=True).values_list("user_id", flat=True))
    assert all(event.starts_at - HOUR < join.joined_at < event.ends_at for join in joins)
    awards = EventAward.objects.filter(event=event)
    assert set(awards.filter(ground=AwardGround.PARTICIPANT).values_list("user_id", flat=True)) == (
        by_room | marked
    )
    assert (
        set(awards.exclude(ground=AwardGround.PARTICIPANT).values_list("user_id", flat=True))
        == running
    )
    assert not awards.filter(user_id__in=absent).exists()

    member = fixed_user("member")
    assert member.pk in by_room
    document = awards.get(user=member).document
    assert document.kind == DocumentKind.CERTIFICATE and document.recipient == member
    client.force_login(member)
    assert document.number in client.get("/documents/my/").content.decode()
    client.logout()
    verify = client.get(f"/verify/{document.verification_code}/")
    assert verify.status_code == 200
    assert member.last_name in verify.content.decode()


def test_the_contest_results_and_diplomas(demo):
    event = sinergiya_event(EventForm.CONTEST)
    now = timezone.now()
    assert event.submissions_close_at < event.results_published_at < event.ends_at < now
    assert Nomination.objects.filter(event=event).count() == 2
    assert ContestCriterion.objects.filter(event=event).count() == 3
    jury = JuryMember.objects.filter(event=event).select_related("user")
    assert jury.count() == 3 and jury.get(is_chair=True).user == fixed_user("expert")
    entries = list(
        ContestEntry.objects.filter(event=event).prefetch_related("authors", "scores__juror")
    )
    assert len(entries) == 7 and {e.status for e in entries} == {EntryStatus.SUBMITTED}
    assert len({e.organisation_id for e in entries}) >= 5
    for entry in entries:
        authors = {row.user_id for row in entry.authors.all()}
        assert event.starts_at < entry.submitted_at < event.submissions_close_at
        assert EntryFile.objects.filter(entry=entry).exists()
        scores = list(entry.scores.all())
        assert scores, entry.title
        for score in scores:
            juror = jury.get(pk=score.juror_id).user
            assert juror.pk not in authors
            assert juror.organisation_id != entry.organisation_id
        assert entry.total_score is not None and entry.rank is not None
    assert Counter(e.placing for e in entries) == {
        Placing.WINNER: 2,
        Placing.PRIZE_WINNER: 4,
        Placing.PARTICIPANT: 1,
    }
    for nomination in Nomination.objects.filter(event=event):
        ranked = sorted(
            (e for e in entries if e.nomination_id == nomination.pk), key=lambda e: e.rank
        )
        assert ranked[0].placing == Placing.WINNER and ranked[0].rank == 1
        assert [e.total_score for e in ranked] == sorted(
            (e.total_score for e in ranked), reverse=True
        )
    # Diplomas for the winners and prize-winners (every author), a participant's certificate,
    # letters of thanks for the jury, the organiser's certificate.
    awards = EventAward.objects.filter(event=event).select_related("document")
    kinds = {
        AwardGround.WINNER: DocumentKind.DIPLOMA,
        AwardGround.PRIZE_WINNER: DocumentKind.DIPLOMA,
    }
    for entry in entries:
        for row in entry.authors.all():
            award = awards.get(user_id=row.user_id)
            assert award.ground == entry.placing
            assert award.document.kind == kinds.get(award.ground, DocumentKind.CERTIFICATE)
    assert {a.user_id for a in awards if a.ground == AwardGround.JURY} == {
        seat.user_id for seat in jury
    }
    assert all(
        a.document.kind == DocumentKind.LETTER_OF_THANKS
        for a in awards
        if a.ground == AwardGround.JURY
    )
    diploma = awards.get(user=fixed_user("member"))
    assert (diploma.ground, diploma.document.kind) == (
        AwardGround.PRIZE_WINNER,
        DocumentKind.DIPLOMA,
    )


def test_the_open_festival_takes_entries(demo, client):
    from pedset.contests.policies import can_submit_entry, submissions_open

    event = sinergiya_event(EventForm.FESTIVAL)
    assert submissions_open(event) and event.results_published_at is None
    assert can_submit_entry(fixed_user("moderator"), event)
    entries = ContestEntry.objects.filter(event=event)
    assert entries.count() == 4
    assert entries.filter(authors__user=fixed_user("member")).exists()
    assert not JuryScore.objects.filter(entry__event=event).exists()
    assert JuryMember.objects.filter(event=event, user=fixed_user("expert")).exists()
    client.force_login(fixed_user("expert"))
    assert client.get(f"/contests/{event.pk}/jury/").status_code == 200


def test_the_consultation_line_is_running(demo, client):
    line = sinergiya_event(EventForm.CONSULTATION_LINE)
    now = timezone.now()
    assert line.starts_at < now < line.ends_at
    questions = list(line.questions.select_related("answered_by", "author"))
    assert Counter(q.status for q in questions) == {
        QuestionStatus.ANSWERED: 3,
        QuestionStatus.OPEN: 1,
    }
    experts = set(
        Membership.objects.filter(
            community=line.community, role=Role.EXPERT, status=MembershipStatus.ACTIVE
        ).values_list("user_id", flat=True)
    )
    for question in questions:
        assert line.starts_at < question.asked_at < now
        if question.status == QuestionStatus.ANSWERED:
            assert question.answered_by_id in experts
            assert question.asked_at < question.answered_at < question.published_at < now
    mine = next(q for q in questions if q.author == fixed_user("member"))
    assert mine.published_at and mine.show_author_name
    # An anonymous visitor reads the published answers.
    page = client.get(f"/consultations/line/{line.pk}/")
    assert page.status_code == 200
    assert escape(mine.answer[:40]) in page.content.decode()


def test_the_cancelled_event_and_the_draft(demo, client):
    cancelled = sinergiya_event(EventForm.OPEN_MICROPHONE)
    assert cancelled.cancellation_reason and cancelled.cancelled_at < timezone.now()
    told = set(
        Notification.objects.filter(kind="event", url=f"/events/{cancelled.pk}/").values_list(
            "recipient_id", flat=True
        )
    )
    assert set(cancelled.registrations.values_list("user_id", flat=True)) <= told
    draft = sinergiya_event(EventForm.PEDAGOGICAL_COUNCIL)
    assert draft.status == EventStatus.DRAFT
    from pedset.events.selectors import visible_events

    assert visible_events(fixed_user("coordinator")).filter(pk=draft.pk).exists()
    for local in ("member", "expert", "moderator"):
        assert not visible_events(fixed_user(local)).filter(pk=draft.pk).exists()
    client.force_login(fixed_user("member"))
    assert client.get(f"/events/{draft.pk}/").status_code in (403, 404)
    client.force_login(fixed_user("coordinator"))
    assert client.get(f"/events/{draft.pk}/").status_code == 200


def test_about_thirty_documents_of_events(demo):
    """Certificates only where the coordinator issued them (two events of «Синергия», one of
    the Olyokminsky community); the other past events wait for the coordinator's click."""
    awards = EventAward.objects.select_related("document", "event__community")
    assert 25 <= awards.count() <= 35
    for award in awards:
        assert award.document.recipient_id == award.user_id
        assert award.document.pdf and award.document.verification_code
    issued = Event.objects.exclude(certificates_issued_at=None)
    assert {(e.community.slug, e.form) for e in issued.select_related("community")} == {
        ("sinergiya", EventForm.WEBINAR),
        ("sinergiya", EventForm.CONTEST),
        ("olyokminsky", EventForm.SEMINAR),
    }
    assert set(awards.values_list("event_id", flat=True)) == set(
        issued.values_list("pk", flat=True)
    )


def test_activities_are_loaded_once(demo):
    from pedset.core.demo.activities import Added, load_activities_demo

    for community in Community.objects.all():
        assert load_activities_demo(community) == Added()


@pytest.mark.parametrize(
    ("login", "address"),
    [
        (None, "/events/c/sinergiya/"),
        (None, "/plans/c/sinergiya/"),
        ("member", "/events/c/sinergiya/"),
        ("member", "/plans/c/sinergiya/"),
        ("coordinator", "/plans/c/sinergiya/"),
        ("coordinator", "/events/c/olyokminsky/"),
    ],
)
def test_pages_of_the_activities_render(demo, client, login, address):
    if login:
        client.force_login(fixed_user(login))
    assert client.get(address).status_code == 200, address


def test_pages_of_each_event_render(demo, client):
    events = list(Event.objects.filter(community__slug="sinergiya"))
    client.force_login(fixed_user("coordinator"))
    for event in events:
        assert client.get(f"/events/{event.pk}/").status_code == 200, event.title
        if event.status == EventStatus.PUBLISHED:
            assert client.get(f"/events/{event.pk}/manage/").status_code == 200, event.title
    contest = sinergiya_event(EventForm.CONTEST)
    assert client.get(f"/contests/{contest.pk}/results/manage/").status_code in (200, 302)
    client.force_login(fixed_user("member"))
    for event in events:
        if event.status != EventStatus.DRAFT:
            assert client.get(f"/events/{event.pk}/").status_code == 200, event.title
    client.logout()
    assert client.get(f"/contests/{contest.pk}/results/").status_code == 200
