"""The expertise workflow with frozen time: assignment and its deadline, answers, reviews,
decisions (inclusion, revision with history, rejection), refusals."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pedset.cabinet.models import CouncilBasis, CouncilMember, CouncilRole
from pedset.communities.models import Role
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.materials.models import Material, MaterialAuthor, MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.review import selectors, services
from pedset.review.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Decision,
    Review,
    ReviewRound,
)
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# Friday 26 December 2025, 10:00 Moscow: the New Year holidays are ahead.
NOW = datetime.datetime(2025, 12, 26, 10, 0, tzinfo=MOSCOW)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def community():
    return CommunityFactory(expertise_days=10, deadline_day_kind="working")


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def material(community):
    return factories.submitted_material(community=community)


@pytest.fixture
def review_round(material):
    return factories.open_round(material)


@pytest.fixture
def expert(community):
    return factories.expert_in(community)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs the after-commit callbacks (notifications) of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def seat(community, user, role=CouncilRole.MEMBER):
    return CouncilMember.objects.create(
        community=community,
        user=user,
        role=role,
        basis=CouncilBasis.ELECTED,
        since=datetime.date(2025, 1, 1),
    )


def fresh_round(material):
    return selectors.current_round(Material.objects.select_related("community").get(pk=material.pk))


def accept_and_review(expert, assignment, recommendation="include", score="3"):
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    criteria = services.criteria_ensure_default(community=assignment.round.material.community)
    return services.review_submit(
        actor=expert,
        assignment=selectors.assignment_for(assignment.pk),
        scores={c.pk: (score, "хорошо") for c in criteria},
        conclusion="Материал соответствует требованиям.",
        recommendation=recommendation,
    )


# --- Assignment -----------------------------------------------------------------------------


def test_assignment_sets_the_deadline_on_working_days_across_new_year(
    coordinator, expert, material, review_round, on_commit
):
    # Given a community counting 10 working days, assignment on Friday 26 December 2025
    with on_commit():
        (assignment,) = services.assignment_create(
            actor=coordinator, review_round=review_round, experts=[expert]
        )
    # Then the term ends on 21 January 2026 at 23:59:59 Moscow (29, 30 Dec; 12–16, 19–21 Jan)
    local = assignment.deadline.astimezone(MOSCOW)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 1, 21), 23, 59)
    # and the material is under review, the expert told (mandatory kind), the step audited
    material.refresh_from_db()
    assert material.status == MaterialStatus.UNDER_REVIEW
    assert kinds_for(expert) == ["expertise_assignment"]
    event = AuditEvent.objects.get(action="expertise_expert_assigned")
    assert event.subject_user_id == expert.pk and event.actor_id == coordinator.pk
    # and the notification names no person
    notice = Notification.objects.get(recipient=expert)
    assert coordinator.last_name not in notice.title + notice.body


def test_calendar_days_deadline_in_yakutsk(expert, on_commit):
    # Given a UTC+9 community counting 10 calendar days
    community = CommunityFactory(
        time_zone="Asia/Yakutsk", expertise_days=10, deadline_day_kind="calendar"
    )
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    expert = factories.expert_in(community)
    review_round = factories.open_round(factories.submitted_material(community=community))
    # When assigned on 26 December 2025 (18:00 Yakutsk)
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    # Then 5 January 2026 is a holiday: the term ends on 12 January 23:59 Yakutsk
    local = assignment.deadline.astimezone(zoneinfo.ZoneInfo("Asia/Yakutsk"))
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 1, 12), 23, 59)
    assert assignment.deadline == datetime.datetime(
        2026, 1, 12, 14, 59, 59, 999999, tzinfo=datetime.UTC
    )


def test_an_author_cannot_be_assigned(community, coordinator, material, review_round):
    # Given the author is an expert of the community too
    author = material.created_by
    author.memberships.filter(community=community).update(role=Role.EXPERT)
    eligible, excluded = selectors.expert_candidates(review_round)
    assert author.pk not in {c.user.pk for c in eligible}
    assert [c.reason for c in excluded if c.user.pk == author.pk] == [
        "an author of the material"
    ] or [c.reason for c in excluded if c.user.pk == author.pk] == ["автор материала"]
    # When the coordinator tries anyway, then it is refused and nothing is written
    with pytest.raises(ActionRefused):
        services.assignment_create(actor=coordinator, review_round=review_round, experts=[author])
    assert not Assignment.objects.exists()
    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED


def test_a_co_author_cannot_be_assigned(community, coordinator, material, review_round):
    co_author = factories.expert_in(community)
    MaterialAuthor.objects.create(material=material, user=co_author, position=1)
    with pytest.raises(ActionRefused):
        services.assignment_create(
            actor=coordinator, review_round=review_round, experts=[co_author]
        )


def test_other_organisation_rule(community, coordinator, material, review_round):
    # Given the rule "experts from another organisation" and the author's school
    community.experts_from_other_organisations = True
    community.save()
    school = OrganisationFactory()
    author = material.created_by
    author.organisation = school
    author.save()
    colleague = factories.expert_in(community)
    colleague.organisation = school
    colleague.save()
    outsider = factories.expert_in(community)
    outsider.organisation = OrganisationFactory()
    outsider.save()
    unknown = factories.expert_in(community)  # no organisation in the profile
    # Then only the expert from another school is eligible; the others are explained
    eligible, excluded = selectors.expert_candidates(review_round)
    assert [c.user.pk for c in eligible] == [outsider.pk]
    reasons = {c.user.pk: c.reason for c in excluded}
    assert colleague.pk in reasons and unknown.pk in reasons
    with pytest.raises(ActionRefused):
        services.assignment_create(
            actor=coordinator, review_round=review_round, experts=[colleague]
        )
    # Without the rule, the colleague may be assigned
    community.experts_from_other_organisations = False
    community.save()
    assert services.assignment_create(
        actor=coordinator, review_round=fresh_round(material), experts=[colleague]
    )


def test_represented_organisation_counts_too(community, coordinator, material, review_round):
    # Given the author represents a school in the community (membership.organisation)
    community.experts_from_other_organisations = True
    community.save()
    school = OrganisationFactory()
    material.created_by.memberships.filter(community=community).update(organisation=school)
    colleague = factories.expert_in(community, organisation=school)
    eligible, _excluded = selectors.expert_candidates(review_round)
    assert colleague.pk not in {c.user.pk for c in eligible}


def test_plain_members_are_not_eligible_but_council_members_are(
    community, coordinator, review_round
):
    member = MembershipFactory(community=community).user
    councillor = MembershipFactory(community=community).user
    seat(community, councillor)
    eligible, _excluded = selectors.expert_candidates(review_round)
    ids = {c.user.pk for c in eligible}
    assert councillor.pk in ids and member.pk not in ids
    with pytest.raises(ActionRefused):
        services.assignment_create(actor=coordinator, review_round=review_round, experts=[member])
    assert services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[councillor]
    )


def test_the_same_expert_twice_is_refused(coordinator, expert, review_round, material):
    services.assignment_create(actor=coordinator, review_round=review_round, experts=[expert])
    with pytest.raises(ActionRefused):
        services.assignment_create(
            actor=coordinator, review_round=fresh_round(material), experts=[expert]
        )
    assert Assignment.objects.count() == 1


def test_only_those_who_run_expertise_assign(community, expert, review_round):
    member = MembershipFactory(community=community).user
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=member, review_round=review_round, experts=[expert])
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=expert, review_round=review_round, experts=[expert])


def test_the_council_chair_assigns_and_decides(community, expert, material, review_round):
    chair = MembershipFactory(community=community).user
    seat(community, chair, CouncilRole.CHAIR)
    (assignment,) = services.assignment_create(
        actor=chair, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, assignment, "revise")
    decision = services.decision_record(
        actor=chair,
        review_round=fresh_round(material),
        outcome="revise",
        reasons="Требуется доработка структуры.",
    )
    assert decision.decided_as == "council"


def test_an_ordinary_council_member_cannot_assign(community, expert, review_round):
    secretary = MembershipFactory(community=community).user
    seat(community, secretary, CouncilRole.SECRETARY)
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=secretary, review_round=review_round, experts=[expert])


# --- Answers --------------------------------------------------------------------------------


def test_declined_then_reassigned(
    community, coordinator, expert, material, review_round, on_commit
):
    # Given an assignment
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    # When the expert declines without a reason, it is refused
    with pytest.raises(ActionRefused):
        services.assignment_decline(
            actor=expert, assignment=selectors.assignment_for(assignment.pk), reason="  "
        )
    # When with a reason, the coordinator is told (expertise_progress)
    with on_commit():
        services.assignment_decline(
            actor=expert,
            assignment=selectors.assignment_for(assignment.pk),
            reason="Конфликт интересов: работаем в одном методобъединении.",
        )
    assert "expertise_progress" in kinds_for(coordinator)
    assert AuditEvent.objects.filter(action="expertise_assignment_declined").count() == 1
    # Then the round waits for an expert again, the decliner is not offered again
    desk = selectors.expertise_desk(community, datetime.datetime.now(datetime.UTC))
    assert [row.material.pk for row in desk.awaiting_assignment] == [material.pk]
    eligible, _excluded = selectors.expert_candidates(fresh_round(material))
    assert expert.pk not in {c.user.pk for c in eligible}
    # and someone else is assigned
    other = factories.expert_in(community)
    (second,) = services.assignment_create(
        actor=coordinator, review_round=fresh_round(material), experts=[other]
    )
    assert second.status == AssignmentStatus.INVITED
    # The decliner cannot answer again
    with pytest.raises(PermissionDenied):
        services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))


def test_coordinator_withdraws_an_assignment(coordinator, expert, review_round, on_commit):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    with on_commit():
        services.assignment_withdraw(
            actor=coordinator,
            assignment=selectors.assignment_for(assignment.pk),
            reason="Эксперт в отпуске.",
        )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert kinds_for(expert) == [
        "expertise_assignment"
    ]  # the withdrawal (assignment outside on_commit)
    with pytest.raises(PermissionDenied):
        services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    with pytest.raises(ActionRefused):
        services.assignment_withdraw(
            actor=coordinator, assignment=selectors.assignment_for(assignment.pk)
        )


def test_someone_else_cannot_answer_or_review(community, coordinator, expert, review_round):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    stranger = factories.expert_in(community)
    with pytest.raises(PermissionDenied):
        services.assignment_accept(
            actor=stranger, assignment=selectors.assignment_for(assignment.pk)
        )
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    with pytest.raises(PermissionDenied):
        services.review_submit(
            actor=stranger,
            assignment=selectors.assignment_for(assignment.pk),
            scores={},
            conclusion="x",
            recommendation="include",
        )


# --- Reviews --------------------------------------------------------------------------------


def test_default_criteria_are_created_once(community):
    first = services.criteria_ensure_default(community=community)
    second = services.criteria_ensure_default(community=community)
    assert [c.pk for c in first] == [c.pk for c in second]
    assert [c.title for c in first] == [
        "Актуальность",
        "Новизна",
        "Практическая значимость",
        "Методическая грамотность",
        "Оформление и соответствие требованиям",
    ]
    assert {c.max_score for c in first} == {3}


@pytest.mark.parametrize(
    "bad", ["4", "-1", "2.5", "три", "", None, "99999999999999999999"], ids=repr
)
def test_bad_scores_are_refused(coordinator, expert, review_round, community, bad):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    criteria = services.criteria_ensure_default(community=community)
    scores = {c.pk: ("2", "") for c in criteria}
    scores[criteria[0].pk] = (bad, "")
    with pytest.raises(ActionRefused) as refusal:
        services.review_submit(
            actor=expert,
            assignment=selectors.assignment_for(assignment.pk),
            scores=scores,
            conclusion="Заключение.",
            recommendation="include",
        )
    assert criteria[0].title in refusal.value.message
    assert not Review.objects.exists()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.ACCEPTED


def test_a_missing_criterion_score_is_refused(coordinator, expert, review_round, community):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    criteria = services.criteria_ensure_default(community=community)
    with pytest.raises(ActionRefused):
        services.review_submit(
            actor=expert,
            assignment=selectors.assignment_for(assignment.pk),
            scores={criteria[0].pk: ("3", "")},
            conclusion="Заключение.",
            recommendation="include",
        )
    for bad_recommendation in ["", "approve"]:
        with pytest.raises(ActionRefused):
            services.review_submit(
                actor=expert,
                assignment=selectors.assignment_for(assignment.pk),
                scores={c.pk: ("3", "") for c in criteria},
                conclusion="Заключение.",
                recommendation=bad_recommendation,
            )
    with pytest.raises(ActionRefused):
        services.review_submit(
            actor=expert,
            assignment=selectors.assignment_for(assignment.pk),
            scores={c.pk: ("3", "") for c in criteria},
            conclusion="   ",
            recommendation="include",
        )


def test_one_review_per_assignment_and_read_only_after(coordinator, expert, review_round):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    review = accept_and_review(expert, assignment)
    assert review.scores.count() == 5
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        accept_and_review(expert, assignment)
    assert Review.objects.count() == 1


def test_inactive_criteria_are_not_in_the_form(coordinator, expert, review_round, community):
    criteria = services.criteria_ensure_default(community=community)
    Criterion.objects.filter(pk=criteria[-1].pk).update(is_active=False)
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    review = accept_and_review(expert, assignment)
    assert review.scores.count() == 4


# --- Decisions ------------------------------------------------------------------------------


def test_no_decision_before_a_review_unless_overdue(
    coordinator, expert, material, review_round, frozen_now
):
    services.assignment_create(actor=coordinator, review_round=review_round, experts=[expert])
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="reject",
            reasons="Не ждём.",
            override=True,
        )
    # After the deadline (21 January 2026), an override with reasons is allowed
    frozen_now.move_to(datetime.datetime(2026, 1, 23, 10, 0, tzinfo=MOSCOW))
    with pytest.raises(ActionRefused):  # without the explicit override
        services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="revise",
            reasons="Эксперт не ответил.",
        )
    decision = services.decision_record(
        actor=coordinator,
        review_round=fresh_round(material),
        outcome="revise",
        reasons="Эксперт просрочил срок; материал требует доработки по замечаниям совета.",
        override=True,
    )
    assert decision.outcome == "revise"
    assert Assignment.objects.get().status == AssignmentStatus.WITHDRAWN
    event = AuditEvent.objects.get(action="expertise_decision_recorded")
    assert event.data["without_waiting_for"] == 1


def test_rejection_needs_reasons_and_tells_the_authors(
    coordinator, expert, material, review_round, on_commit
):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, assignment, "reject")
    # Empty reasons are refused, nothing is written
    for empty in ["", "   \n "]:
        with pytest.raises(ActionRefused):
            services.decision_record(
                actor=coordinator,
                review_round=fresh_round(material),
                outcome="reject",
                reasons=empty,
            )
    assert not Decision.objects.exists()
    with pytest.raises(ActionRefused):
        services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="reject",
            reasons="x",
            recommend_for_publication=True,
        )
    with pytest.raises(ActionRefused):
        services.decision_record(
            actor=coordinator, review_round=fresh_round(material), outcome="maybe", reasons="x"
        )
    # With reasons, the material is rejected and the author told with the reasons
    with on_commit():
        services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="reject",
            reasons="Материал заимствован из открытых источников без ссылок.",
        )
    material.refresh_from_db()
    assert material.status == MaterialStatus.REJECTED
    notice = Notification.objects.get(recipient=material.created_by, kind="expertise_decision")
    assert "заимствован" in notice.body
    event = AuditEvent.objects.get(action="expertise_decision_recorded")
    assert event.reason.startswith("Материал заимствован")
    assert ReviewRound.objects.get().closed_at is not None
    # No second decision
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=coordinator, review_round=fresh_round(material), outcome="reject", reasons="x"
        )


def test_revision_round_keeps_history(community, coordinator, expert, material, review_round):
    # Round 1: reviewed and returned for revision
    (first,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, first, "revise", score="1")
    services.decision_record(
        actor=coordinator,
        review_round=fresh_round(material),
        outcome="revise",
        reasons="Доработать практическую часть.",
    )
    material.refresh_from_db()
    assert material.status == MaterialStatus.REVISION
    # The authors resubmit (what materials.services.material_submit does)
    material.status = MaterialStatus.SUBMITTED
    material.round_number = 2
    material.save()
    second_round = services.round_open(
        actor=material.created_by, material=material, authors_note="Добавлены задания."
    )
    assert second_round.number == 2
    # Round 2 gets a new assignment (the same expert may review again) and its own review
    (second,) = services.assignment_create(
        actor=coordinator, review_round=fresh_round(material), experts=[expert]
    )
    accept_and_review(expert, second, "include", score="3")
    rounds = selectors.material_rounds(material)
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].decision.outcome == "revise"
    first_review = rounds[0].assignments.all()[0].review
    second_review = rounds[1].assignments.all()[0].review
    assert first_review.recommendation == "revise" and second_review.recommendation == "include"
    assert {s.score for s in first_review.scores.all()} == {1}
    assert {s.score for s in second_review.scores.all()} == {3}


def test_inclusion_calls_the_cabinet(coordinator, expert, material, review_round, monkeypatch):
    calls = []

    def fake_include(*, actor, decision):
        # Called inside the decision's transaction, with the decision saved
        assert Decision.objects.filter(pk=decision.pk).exists()
        calls.append((actor, decision))
        Material.objects.filter(pk=decision.round.material_id).update(status="included")

    monkeypatch.setattr("pedset.cabinet.services.material_include", fake_include)
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, assignment, "publish")
    decision = services.decision_record(
        actor=coordinator,
        review_round=fresh_round(material),
        outcome="include",
        reasons="Положительное экспертное заключение.",
        recommend_for_publication=True,
    )
    assert calls == [(coordinator, decision)]
    assert decision.recommend_for_publication


def test_a_failing_inclusion_rolls_the_decision_back(
    coordinator, expert, material, review_round, monkeypatch
):
    def failing_include(*, actor, decision):
        raise ActionRefused("Реестр документов недоступен.")

    monkeypatch.setattr("pedset.cabinet.services.material_include", failing_include)
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, assignment)
    with pytest.raises(ActionRefused):
        services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="include",
            reasons="Включить.",
        )
    assert not Decision.objects.exists()
    assert ReviewRound.objects.get().closed_at is None


def test_inclusion_with_the_real_cabinet(coordinator, expert, material, review_round, on_commit):
    """Integration with pedset.cabinet: the order is issued, the material included, and each
    author told once — with the reasons, the order and the certificate in one notice."""
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    accept_and_review(expert, assignment)
    with on_commit():
        decision = services.decision_record(
            actor=coordinator,
            review_round=fresh_round(material),
            outcome="include",
            reasons="Положительное экспертное заключение.",
        )
    material.refresh_from_db()
    assert material.status == MaterialStatus.INCLUDED
    decision.refresh_from_db()
    assert decision.order_id is not None
    (notice,) = Notification.objects.filter(
        recipient=material.created_by, kind="expertise_decision"
    )
    assert "Положительное экспертное заключение." in notice.body
    assert decision.order.number in notice.body


# --- round_open -----------------------------------------------------------------------------


def test_round_open_tells_the_managers(community, coordinator, on_commit):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    member = MembershipFactory(community=community).user
    material = material_with_author(community=community, status="submitted")
    with on_commit():
        review_round = services.round_open(actor=material.created_by, material=material)
    assert review_round.number == 1
    told = set(
        Notification.objects.filter(kind="material_submitted").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {coordinator.pk, admin.pk} and member.pk not in told
    # A repeated call returns the same round
    assert services.round_open(actor=material.created_by, material=material) == review_round


def test_withdrawal_of_the_material_ends_the_round(
    coordinator, expert, material, review_round, on_commit
):
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=review_round, experts=[expert]
    )
    material.status = MaterialStatus.WITHDRAWN
    material.save()
    with on_commit():
        assert services.round_end_on_withdrawal(actor=material.created_by, material=material) == 1
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.WITHDRAWN
    assert ReviewRound.objects.get().closed_at is not None
    assert kinds_for(expert) == ["expertise_assignment"]
