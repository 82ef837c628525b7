"""Expertise pages: the desk, «Моя экспертиза», the material's expertise, assignment, review,
decision, criteria, the panel tag; bad input never gives a server error; query budgets."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from pedset.cabinet.models import CouncilBasis, CouncilMember, CouncilRole
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import MaterialStatus
from pedset.review import selectors, services
from pedset.review.models import Assignment, AssignmentStatus, Criterion, Decision, Review
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
NOW = datetime.datetime(2025, 9, 1, 10, 0, tzinfo=MOSCOW)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def community():
    return CommunityFactory(slug="sinergiya", expertise_days=10, deadline_day_kind="calendar")


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def expert(community):
    return factories.expert_in(community)


@pytest.fixture
def material(community):
    return factories.submitted_material(community=community)


def login(client, user):
    client.force_login(user)
    return client


def assign(coordinator, material, *experts):
    return services.assignment_create(
        actor=coordinator, review_round=factories.open_round(material), experts=list(experts)
    )


def reviewed(coordinator, material, expert, recommendation="include"):
    (assignment,) = assign(coordinator, material, expert)
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    criteria = services.criteria_ensure_default(community=material.community)
    services.review_submit(
        actor=expert,
        assignment=selectors.assignment_for(assignment.pk),
        scores={c.pk: ("2", "Комментарий эксперта") for c in criteria},
        conclusion="Заключение эксперта по материалу.",
        recommendation=recommendation,
    )
    return assignment


# --- Access ---------------------------------------------------------------------------------


def test_desk_access(client, community, coordinator, material):
    assert client.get(reverse("review:desk", args=[community.slug])).status_code == 302
    login(client, MembershipFactory(community=community).user)
    assert client.get(reverse("review:desk", args=[community.slug])).status_code == 403
    login(client, coordinator)
    assert client.get(reverse("review:desk", args=["no-such"])).status_code == 404
    response = client.get(reverse("review:desk", args=[community.slug]))
    assert response.status_code == 200
    assert material.title in response.content.decode()


def test_missing_objects_are_404(client, coordinator):
    login(client, coordinator)
    for name in ["material", "assign", "decide"]:
        assert client.get(reverse(f"review:{name}", args=[999999])).status_code == 404
    for name in ["assignment", "decline", "withdraw"]:
        assert client.get(reverse(f"review:{name}", args=[999999])).status_code == 404
    assert client.get("/expertise/m/abc/").status_code == 404


def test_a_member_cannot_open_assign_or_decide(client, community, material):
    login(client, MembershipFactory(community=community).user)
    assert client.get(reverse("review:material", args=[material.pk])).status_code == 403
    assert client.get(reverse("review:assign", args=[material.pk])).status_code == 403
    assert client.post(reverse("review:decide", args=[material.pk])).status_code == 403


# --- The desk -------------------------------------------------------------------------------


def test_desk_sections_and_overdue_first(client, community, coordinator, frozen_now):
    waiting = factories.submitted_material(community=community, title="Ждёт экспертов")
    late = factories.submitted_material(community=community, title="Просроченный")
    fresh = factories.submitted_material(community=community, title="Свежий")
    done = factories.submitted_material(community=community, title="Ждёт решения")
    assign(coordinator, late, factories.expert_in(community))
    frozen_now.move_to(datetime.datetime(2025, 9, 5, 10, 0, tzinfo=MOSCOW))
    assign(coordinator, fresh, factories.expert_in(community))
    reviewed(coordinator, done, factories.expert_in(community))
    # 12 September: the first assignment (deadline 11 September) is overdue by 1 day
    frozen_now.move_to(datetime.datetime(2025, 9, 12, 10, 0, tzinfo=MOSCOW))
    desk = selectors.expertise_desk(community, datetime.datetime.now(datetime.UTC))
    assert [r.material.pk for r in desk.awaiting_assignment] == [waiting.pk]
    assert [r.material.pk for r in desk.in_review] == [late.pk, fresh.pk]
    assert desk.in_review[0].overdue and not desk.in_review[1].overdue
    assert [r.material.pk for r in desk.awaiting_decision] == [done.pk]
    page = login(client, coordinator).get(reverse("review:desk", args=[community.slug]))
    text = page.content.decode()
    assert "просрочено на 1 дн." in text
    assert "осталось 4 дн." in text  # 15 September: 12, 13, 14, 15


# --- Assignment page ------------------------------------------------------------------------


def test_assign_page_lists_only_eligible_and_explains_the_rest(
    client, community, coordinator, material, expert
):
    author = material.created_by
    author.memberships.filter(community=community).update(role=Role.EXPERT)
    member = MembershipFactory(community=community).user
    login(client, coordinator)
    page = client.get(reverse("review:assign", args=[material.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f'value="{expert.pk}"' in text
    assert f'value="{author.pk}"' not in text and f'value="{member.pk}"' not in text
    assert "автор материала" in text  # why the author is missing
    assert "11 сентября 2025" in text  # the deadline if assigned now


@pytest.mark.parametrize("bad", [["abc"], ["999999"], [], ["1", "x"]], ids=repr)
def test_assign_bad_input(client, community, coordinator, material, expert, bad):
    login(client, coordinator)
    response = client.post(reverse("review:assign", args=[material.pk]), {"experts": bad})
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_assigning_the_author_by_a_forged_post_is_refused(client, community, coordinator, material):
    author = material.created_by
    author.memberships.filter(community=community).update(role=Role.EXPERT)
    login(client, coordinator)
    response = client.post(reverse("review:assign", args=[material.pk]), {"experts": [author.pk]})
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_assign_then_expert_accepts_and_reviews(client, community, coordinator, material, expert):
    login(client, coordinator)
    response = client.post(reverse("review:assign", args=[material.pk]), {"experts": [expert.pk]})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    material.refresh_from_db()
    assert material.status == MaterialStatus.UNDER_REVIEW
    # The expert's page lists it; accepting is a POST
    login(client, expert)
    mine = client.get(reverse("review:mine")).content.decode()
    assert material.title in mine and "осталось 11 дн." in mine
    assert client.get(reverse("review:accept", args=[assignment.pk])).status_code == 405
    client.post(reverse("review:accept", args=[assignment.pk]))
    assert Assignment.objects.get().status == AssignmentStatus.ACCEPTED
    # The review form: a bad score is refused with a message, nothing saved
    form_page = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()
    assert "Актуальность: балл от 0 до 3" in form_page  # the default review form
    criteria = list(Criterion.objects.filter(community=community))
    data = {f"score_{c.pk}": "3" for c in criteria}
    data |= {"conclusion": "Хороший материал.", "recommendation": "include"}
    bad = data | {f"score_{criteria[0].pk}": "7"}
    response = client.post(reverse("review:assignment", args=[assignment.pk]), bad)
    assert response.status_code == 200
    assert "не больше 3" in response.content.decode() or "at most 3" in response.content.decode()
    assert not Review.objects.exists()
    for junk in ["abc", "-1", "1.5", ""]:
        response = client.post(
            reverse("review:assignment", args=[assignment.pk]),
            data | {f"score_{criteria[1].pk}": junk},
        )
        assert response.status_code == 200
    assert not Review.objects.exists()
    response = client.post(
        reverse("review:assignment", args=[assignment.pk]), data | {"recommendation": "x"}
    )
    assert response.status_code == 200 and not Review.objects.exists()
    # A good one is saved; the page is then read-only; a second POST changes nothing
    response = client.post(reverse("review:assignment", args=[assignment.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()
    assert "Хороший материал." in page and 'name="conclusion"' not in page
    client.post(reverse("review:assignment", args=[assignment.pk]), data | {"conclusion": "Иное"})
    assert Review.objects.get().conclusion == "Хороший материал."


def test_decline_needs_a_reason(client, community, coordinator, material, expert):
    (assignment,) = assign(coordinator, material, expert)
    login(client, expert)
    response = client.post(reverse("review:decline", args=[assignment.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert Assignment.objects.get().status == AssignmentStatus.INVITED
    response = client.post(reverse("review:decline", args=[assignment.pk]), {"reason": "Болею."})
    assert response.status_code == 302
    assert Assignment.objects.get().status == AssignmentStatus.DECLINED
    # another person cannot decline someone's invitation
    login(client, factories.expert_in(community))
    assert client.post(reverse("review:decline", args=[assignment.pk])).status_code == 403


def test_withdraw_page(client, community, coordinator, material, expert):
    (assignment,) = assign(coordinator, material, expert)
    login(client, expert)
    assert client.get(reverse("review:withdraw", args=[assignment.pk])).status_code == 403
    login(client, coordinator)
    assert client.get(reverse("review:withdraw", args=[assignment.pk])).status_code == 200
    client.post(reverse("review:withdraw", args=[assignment.pk]), {"reason": ""})
    assert Assignment.objects.get().status == AssignmentStatus.WITHDRAWN
    # twice: a message, no error
    response = client.post(
        reverse("review:withdraw", args=[assignment.pk]), {"reason": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Это назначение уже завершено." in response.content.decode()


# --- Decision and the authors' view ---------------------------------------------------------


def test_decision_form_and_anonymised_reviews_for_authors(
    client, community, coordinator, material, expert
):
    reviewed(coordinator, material, expert, "revise")
    login(client, coordinator)
    url = reverse("review:decide", args=[material.pk])
    assert "Заключение эксперта" in client.get(url).content.decode()
    for data in [
        {"outcome": "revise", "reasons": ""},
        {"outcome": "revise", "reasons": "   "},
        {"outcome": "nonsense", "reasons": "x"},
        {"outcome": "reject", "reasons": "x", "recommend_for_publication": "on"},
        {},
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, data
    assert not Decision.objects.exists()
    response = client.post(url, {"outcome": "revise", "reasons": "Доработать задания."})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.status == MaterialStatus.REVISION
    # The author sees the reviews without the expert's name, with the reasons
    login(client, material.created_by)
    page = client.get(reverse("review:material", args=[material.pk])).content.decode()
    assert "Заключение эксперта по материалу." in page
    assert "Эксперт 1" in page
    assert expert.last_name not in page
    assert "Доработать задания." in page


def test_author_sees_no_reviews_before_the_decision(client, coordinator, material, expert):
    reviewed(coordinator, material, expert)
    login(client, material.created_by)
    page = client.get(reverse("review:material", args=[material.pk])).content.decode()
    assert "Заключение эксперта по материалу." not in page
    assert expert.last_name not in page


def test_expert_sees_only_their_own_review(client, community, coordinator, material, expert):
    other = factories.expert_in(community)
    reviewed(coordinator, material, expert)
    (second,) = assign(coordinator, material, other)
    services.assignment_accept(actor=other, assignment=selectors.assignment_for(second.pk))
    criteria = services.criteria_ensure_default(community=community)
    services.review_submit(
        actor=other,
        assignment=selectors.assignment_for(second.pk),
        scores={c.pk: ("1", "") for c in criteria},
        conclusion="Второе заключение.",
        recommendation="revise",
    )
    login(client, other)
    page = client.get(reverse("review:material", args=[material.pk])).content.decode()
    assert "Второе заключение." in page and "Заключение эксперта по материалу." not in page


# --- Criteria -------------------------------------------------------------------------------


def test_criteria_page_defaults_add_edit_move_remove(client, community, coordinator, expert):
    login(client, coordinator)
    url = reverse("review:criteria", args=[community.slug])
    page = client.get(url).content.decode()
    assert "Актуальность" in page and Criterion.objects.filter(community=community).count() == 5
    # Bad input: a form error, nothing added
    for data in [{"title": "", "max_score": "3"}, {"title": "Х", "max_score": "abc"}]:
        assert client.post(url, data).status_code == 200
    assert client.post(url, {"title": "Х", "max_score": "0"}).status_code == 200
    assert client.post(url, {"title": "Х", "max_score": "11"}).status_code == 200
    assert Criterion.objects.count() == 5
    client.post(url, {"title": "Воспитательный потенциал", "max_score": "2"})
    added = Criterion.objects.get(title="Воспитательный потенциал")
    assert added.position == 5
    # Move it up
    client.post(
        reverse("review:criterion_move", args=[community.slug, added.pk]), {"direction": "up"}
    )
    titles = list(selectors.criteria_of(community).values_list("title", flat=True))
    assert titles[4] == "Воспитательный потенциал"
    client.post(
        reverse("review:criterion_move", args=[community.slug, added.pk]), {"direction": "x"}
    )
    # Edit
    edit = reverse("review:criterion_edit", args=[community.slug, added.pk])
    client.post(edit, {"title": "Воспитательная ценность", "description": "", "max_score": "3"})
    added.refresh_from_db()
    assert (added.title, added.max_score) == ("Воспитательная ценность", 3)
    # An unused criterion is deleted
    client.post(reverse("review:criterion_remove", args=[community.slug, added.pk]))
    assert not Criterion.objects.filter(pk=added.pk).exists()


def test_a_used_criterion_is_deactivated_not_deleted(client, community, coordinator, expert):
    material = factories.submitted_material(community=community)
    reviewed(coordinator, material, expert)
    used = Criterion.objects.filter(community=community).first()
    login(client, coordinator)
    # its highest score cannot change
    edit = reverse("review:criterion_edit", args=[community.slug, used.pk])
    response = client.post(edit, {"title": used.title, "max_score": "5"})
    assert response.status_code == 200
    used.refresh_from_db()
    assert used.max_score == 3
    client.post(reverse("review:criterion_remove", args=[community.slug, used.pk]))
    used.refresh_from_db()
    assert not used.is_active
    assert used.pk in {s.criterion_id for s in Review.objects.get().scores.all()}
    client.post(reverse("review:criterion_restore", args=[community.slug, used.pk]))
    used.refresh_from_db()
    assert used.is_active


def test_the_last_criterion_in_use_stays(client, community, coordinator):
    only = factories.criterion(community)
    login(client, coordinator)
    response = client.post(
        reverse("review:criterion_remove", args=[community.slug, only.pk]), follow=True
    )
    assert response.status_code == 200
    assert Criterion.objects.filter(pk=only.pk, is_active=True).exists()


def test_criteria_of_another_community_are_404(client, community, coordinator):
    foreign = factories.criterion(CommunityFactory())
    login(client, coordinator)
    url = reverse("review:criterion_edit", args=[community.slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("review:criteria", args=["sinergiya"])).status_code == 200
    login(client, MembershipFactory(community=community).user)
    assert client.get(reverse("review:criteria", args=[community.slug])).status_code == 403


# --- The panel tag --------------------------------------------------------------------------


def render_panel(user, material):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load review_tags %}{% expertise_panel material %}")
    return template.render(Context({"request": request, "material": material}))


def test_panel_for_the_coordinator_the_expert_and_a_member(
    community, coordinator, material, expert
):
    (assignment,) = assign(coordinator, material, expert)
    material.refresh_from_db()
    html = render_panel(coordinator, material)
    assert reverse("review:assign", args=[material.pk]) in html
    assert expert.last_name in html and "осталось 11 дн." in html
    html = render_panel(expert, material)
    assert reverse("review:assignment", args=[assignment.pk]) in html
    assert reverse("review:assign", args=[material.pk]) not in html
    assert render_panel(MembershipFactory(community=community).user, material).strip() == ""


def test_panel_query_budget(community, coordinator, material, django_assert_max_num_queries):
    for _ in range(5):
        assign(coordinator, material, factories.expert_in(community))
    material.refresh_from_db()
    with django_assert_max_num_queries(4):
        render_panel(coordinator, material)


# --- Query budgets --------------------------------------------------------------------------


def populate(community, coordinator, size):
    """``size`` materials of each kind: waiting, in review with two experts, reviewed, decided."""
    experts = [factories.expert_in(community) for _ in range(3)]
    for _ in range(size):
        factories.submitted_material(community=community)
        in_review = factories.submitted_material(community=community)
        assign(coordinator, in_review, experts[0], experts[1])
        done = factories.submitted_material(community=community)
        reviewed(coordinator, done, experts[2])
        decided = factories.submitted_material(community=community)
        reviewed(coordinator, decided, experts[0])
        services.decision_record(
            actor=coordinator,
            review_round=selectors.current_round(decided),
            outcome="reject",
            reasons="Не соответствует требованиям.",
        )
    return experts


@pytest.mark.parametrize("size", [2, 12])
def test_desk_budget(client, community, coordinator, size, django_assert_max_num_queries):
    populate(community, coordinator, size)
    login(client, coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review:desk", args=[community.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_mine_budget(client, community, coordinator, size, django_assert_max_num_queries):
    experts = populate(community, coordinator, size)
    login(client, experts[0])
    # +1 for the expertise desks of the communities the person runs
    with django_assert_max_num_queries(8):
        response = client.get(reverse("review:mine"))
    assert response.status_code == 200


@pytest.mark.parametrize("experts", [1, 6])
def test_material_page_budget(
    client, community, coordinator, material, experts, django_assert_max_num_queries
):
    for _ in range(experts):
        reviewed(coordinator, material, factories.expert_in(community))
    login(client, coordinator)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("review:material", args=[material.pk]))
    assert response.status_code == 200


def test_council_member_sees_the_desk(client, community, material):
    member = MembershipFactory(community=community).user
    CouncilMember.objects.create(
        community=community,
        user=member,
        role=CouncilRole.MEMBER,
        basis=CouncilBasis.ELECTED,
        since=datetime.date(2025, 1, 1),
    )
    login(client, member)
    assert client.get(reverse("review:desk", args=[community.slug])).status_code == 200
    assert client.get(reverse("review:assign", args=[material.pk])).status_code == 403
