"""The writes of the work plan: the plan created on first use, items created, changed, deleted or
cancelled, statuses, approval — each checked, refused in Russian, and audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent
from pedset.events.models import EventForm, EventStatus
from pedset.events.tests.factories import EventFactory
from pedset.plans import services
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan
from pedset.plans.services import ActionRefused
from pedset.plans.tests.factories import PlanItemFactory, plan_of

pytestmark = pytest.mark.django_db

YEAR = 2026


def create(actor, community, **changes):
    fields = {
        "form": EventForm.WEBINAR,
        "topic": "Вебинар «Читательская грамотность в начальной школе»",
        "starts_on": datetime.date(YEAR, 4, 14),
        "ends_on": datetime.date(YEAR, 4, 14),
        "responsible": [],
        "audience": "учителя начальных классов",
        "expected_result": "Банк заданий по читательской грамотности",
    }
    fields.update(changes)
    return services.plan_item_create(actor=actor, community=community, year=YEAR, **fields)


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def test_the_first_item_creates_the_plan_of_the_year_and_the_next_joins_it(
    community, coordinator, member
):
    # given a community without a plan for 2026
    assert not WorkPlan.objects.filter(community=community).exists()

    # when the coordinator adds two items, the second with a responsible member
    first = create(coordinator, community)
    second = create(coordinator, community, responsible=[member], topic="Семинар для наставников")

    # then both are in one plan of 2026, in the order they were added, and audited
    plan = WorkPlan.objects.get(community=community)
    assert plan.year == YEAR
    assert first.plan_id == second.plan_id == plan.pk
    assert second.position > first.position
    assert list(second.responsible.all()) == [member]
    audit = AuditEvent.objects.filter(action="plan_item_created", community=community)
    assert audit.count() == 2
    assert audit.get(target_id=str(second.pk)).data["responsible"] == [member.pk]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": "   "}, "Укажите тему пункта."),
        ({"topic": "Т" * 501}, "Тема слишком длинная: не более 500 символов (сейчас 501)."),
        ({"form": "lecture"}, "Неизвестная форма мероприятия."),
        ({"form": ""}, "Выберите форму мероприятия."),
        (
            {"starts_on": datetime.date(YEAR, 5, 2), "ends_on": datetime.date(YEAR, 5, 1)},
            "Дата окончания раньше даты начала.",
        ),
        (
            {"starts_on": datetime.date(YEAR, 12, 20), "ends_on": datetime.date(YEAR + 1, 1, 10)},
            "Даты должны быть в пределах 2026 года: это план на этот год.",
        ),
        ({"starts_on": None}, "Укажите дату начала."),
        ({"audience": "у" * 501}, "не более 500 символов"),
        ({"expected_result": "р" * 3001}, "не более 3000 символов"),
    ],
)
def test_bad_input_is_refused_in_russian_and_creates_nothing(
    community, coordinator, changes, message
):
    # when the coordinator adds an item with a bad field
    with pytest.raises(ActionRefused) as refusal:
        create(coordinator, community, **changes)

    # then the refusal says what is wrong, and neither an item nor the plan was created
    assert message in refusal.value.message
    assert not PlanItem.objects.exists()
    assert not WorkPlan.objects.exists()


def test_responsible_must_be_active_members_of_this_community(community, coordinator):
    # given a member of another community, a pending applicant and a former member
    stranger = MembershipFactory().user
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING).user
    former = MembershipFactory(community=community, status=MembershipStatus.LEFT).user

    # when any of them is made responsible, then the item is refused
    for person in (stranger, pending, former):
        with pytest.raises(ActionRefused, match="только участники сообщества"):
            create(coordinator, community, responsible=[person])
    with pytest.raises(ActionRefused):
        create(coordinator, community, responsible=["not-an-id"])
    assert not PlanItem.objects.exists()


def test_control_characters_are_taken_out_of_the_texts(community, coordinator):
    # when a topic pasted from somewhere carries control characters and line breaks
    item = create(coordinator, community, topic="Семинар\x00 «Оценивание»\x0b\nдля\tучителей")

    # then the stored topic is one clean line (the exports stay valid XML)
    assert item.topic == "Семинар «Оценивание» для учителей"


def test_only_coordinators_administrators_and_platform_admins_write(community, member, make_person):
    expert = MembershipFactory(community=community, role=Role.EXPERT).user
    for person in (member, expert, make_person("registered"), make_person("education_authority")):
        with pytest.raises(PermissionDenied):
            create(person, community)
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    assert create(admin, community).pk
    assert create(make_person("platform_admin"), community).pk


def test_a_closed_community_keeps_its_plan_frozen(community, coordinator):
    item = create(coordinator, community)
    community.closed_at = timezone.now()
    community.save()
    with pytest.raises(PermissionDenied):
        create(coordinator, community)
    with pytest.raises(PermissionDenied):
        services.plan_item_status_set(actor=coordinator, item=item, status=PlanItemStatus.DONE)


def update(actor, item, **changes):
    fields = {
        "form": item.form,
        "topic": item.topic,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "responsible": list(item.responsible.all()),
        "responsible_text": item.responsible_text,
        "audience": item.audience,
        "expected_result": item.expected_result,
    }
    fields.update(changes)
    return services.plan_item_update(actor=actor, item=item, **fields)


def test_update_records_each_change_and_watches_a_moved_term_again(
    community, coordinator, member, colleague
):
    # given an item already reported overdue
    item = PlanItemFactory(plan=plan_of(community, YEAR), responsible=[member])
    PlanItem.objects.filter(pk=item.pk).update(overdue_notified_at=timezone.now())
    item.refresh_from_db()

    # when the coordinator moves its term and changes the responsible
    update(
        coordinator,
        item,
        ends_on=datetime.date(YEAR, 6, 30),
        responsible=[colleague],
        topic="Новая тема",
    )

    # then the changes are saved, audited as [old, new], and the term is watched again
    item.refresh_from_db()
    assert item.ends_on == datetime.date(YEAR, 6, 30)
    assert item.topic == "Новая тема"
    assert list(item.responsible.all()) == [colleague]
    assert item.overdue_notified_at is None
    changes = AuditEvent.objects.get(action="plan_item_changed").data["changes"]
    assert changes["ends_on"] == ["2026-03-10", "2026-06-30"]
    assert changes["responsible"] == [[member.pk], [colleague.pk]]
    assert changes["topic"][1] == "Новая тема"


def test_update_without_changes_writes_nothing(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community, YEAR))
    update(coordinator, item)
    assert not AuditEvent.objects.filter(action="plan_item_changed").exists()


def test_a_responsible_who_left_may_stay_but_not_be_added_anew(community, coordinator, member):
    # given an item whose responsible member has since left the community
    item = PlanItemFactory(plan=plan_of(community, YEAR), responsible=[member])
    member.memberships.update(status=MembershipStatus.LEFT)

    # when the coordinator edits the item keeping them, then it is saved
    update(coordinator, item, topic="Уточнённая тема")
    assert list(item.responsible.all()) == [member]

    # but they cannot be made responsible for another item
    with pytest.raises(ActionRefused):
        create(coordinator, community, responsible=[member])


def test_an_item_without_events_is_deleted_and_audited(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community, YEAR))
    services.plan_item_delete(actor=coordinator, item=item)
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    audit = AuditEvent.objects.get(action="plan_item_deleted")
    assert audit.data["topic"] == item.topic


@pytest.mark.parametrize("event_status", [EventStatus.DRAFT, EventStatus.PUBLISHED])
def test_an_item_that_events_carry_is_never_deleted(community, coordinator, event_status):
    # given an item an event carries (even a draft nobody else sees)
    item = PlanItemFactory(plan=plan_of(community, YEAR))
    EventFactory(community=community, plan_item=item, status=event_status)

    # when the coordinator deletes it, then it is refused: cancel it instead
    with pytest.raises(ActionRefused, match="отмените его с пояснением"):
        services.plan_item_delete(actor=coordinator, item=item)
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert not AuditEvent.objects.filter(action="plan_item_deleted").exists()


def test_cancelling_needs_a_reason_which_stays_in_the_plan_and_the_log(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community, YEAR))

    # when it is cancelled without a note, then it is refused
    with pytest.raises(ActionRefused, match="Укажите причину отмены"):
        services.plan_item_status_set(
            actor=coordinator, item=item, status=PlanItemStatus.CANCELLED, note="  "
        )
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED

    # when it is cancelled with a note, then status and note are kept and audited
    services.plan_item_status_set(
        actor=coordinator,
        item=item,
        status=PlanItemStatus.CANCELLED,
        note="Перенесено на следующий год по решению совета",
    )
    item.refresh_from_db()
    assert item.status == PlanItemStatus.CANCELLED
    assert item.status_note == "Перенесено на следующий год по решению совета"
    audit = AuditEvent.objects.get(action="plan_item_status_changed")
    assert audit.reason == item.status_note
    assert audit.data == {"year": YEAR, "from": "planned", "to": "cancelled"}


def test_statuses_move_freely_and_unknown_ones_are_refused(community, coordinator):
    item = PlanItemFactory(plan=plan_of(community, YEAR))
    for status in (PlanItemStatus.IN_PROGRESS, PlanItemStatus.DONE, PlanItemStatus.PLANNED):
        services.plan_item_status_set(actor=coordinator, item=item, status=status)
        item.refresh_from_db()
        assert item.status == status
    with pytest.raises(ActionRefused, match="Неизвестный статус"):
        services.plan_item_status_set(actor=coordinator, item=item, status="postponed")


def test_approval_of_the_plan_is_recorded_once(community, coordinator):
    plan = plan_of(community, YEAR)

    # an empty plan cannot be approved
    with pytest.raises(ActionRefused, match="нет пунктов"):
        services.plan_approve(actor=coordinator, plan=plan)

    # given an item, when the coordinator approves, then date, person and audit are kept
    PlanItemFactory(plan=plan)
    services.plan_approve(actor=coordinator, plan=plan)
    plan.refresh_from_db()
    assert plan.approved_at is not None
    assert plan.approved_by == coordinator
    assert AuditEvent.objects.get(action="plan_approved").data == {"year": YEAR, "items": 1}

    # and a second approval is refused
    with pytest.raises(ActionRefused, match="уже утверждён"):
        services.plan_approve(actor=coordinator, plan=plan)


def test_approval_by_a_member_is_denied(community, member):
    plan = plan_of(community, YEAR)
    PlanItemFactory(plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=member, plan=plan)


def test_a_year_outside_the_range_is_refused(community, coordinator):
    with pytest.raises(ActionRefused, match="Неизвестный год"):
        services.plan_ensure(actor=coordinator, community=community, year=1999)


def test_plans_of_two_communities_never_mix(coordinator, community):
    # given another community's coordinator
    other = CommunityFactory()
    other_coordinator = MembershipFactory(community=other, role=Role.COORDINATOR).user
    mine = create(coordinator, community)

    # when they edit an item of this community, then it is denied
    with pytest.raises(PermissionDenied):
        update(other_coordinator, mine, topic="Чужая правка")
    with pytest.raises(PermissionDenied):
        services.plan_item_delete(actor=other_coordinator, item=mine)
