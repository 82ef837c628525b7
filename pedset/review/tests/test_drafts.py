"""The server-side draft of an expert's review: saved as typed (partly empty), refused when a
value is bad, kept only for the expert of an accepted assignment in an open round, prefilled
into the form, cleared by the submission, a withdrawal or a refusal; the page's query budget."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.materials.models import MaterialStatus
from pedset.review import personal_data, selectors, services
from pedset.review.models import Assignment, AssignmentStatus, Review
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
    return CommunityFactory(expertise_days=10, deadline_day_kind="calendar")


@pytest.fixture
def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def expert(community):
    return factories.expert_in(community)


@pytest.fixture
def material(community):
    return factories.submitted_material(community=community)


@pytest.fixture
def criteria(community):
    return services.criteria_ensure_default(community=community)


@pytest.fixture
def accepted(coordinator, material, expert, criteria):
    """The expert has accepted the assignment; the community has the default five criteria."""
    (assignment,) = services.assignment_create(
        actor=coordinator, review_round=factories.open_round(material), experts=[expert]
    )
    services.assignment_accept(actor=expert, assignment=selectors.assignment_for(assignment.pk))
    return selectors.assignment_for(assignment.pk)


def fresh(assignment):
    return selectors.assignment_for(assignment.pk)


def page_url(assignment):
    return reverse("review:assignment", args=[assignment.pk])


def form_data(criteria, scores=None, **fields):
    """The POST of the review form: ``scores`` maps a criterion's index to its score."""
    data = {f"score_{c.pk}": "" for c in criteria} | {f"comment_{c.pk}": "" for c in criteria}
    for index, score in (scores or {}).items():
        data[f"score_{criteria[index].pk}"] = score
    return data | {"conclusion": "", "recommendation": ""} | fields


# --- The service ----------------------------------------------------------------------------


def test_a_partial_draft_is_saved_without_a_review_audit_or_notice(
    expert, accepted, criteria, django_capture_on_commit_callbacks
):
    # Given an expert with an accepted assignment, the notices so far counted
    notices, events = Notification.objects.count(), AuditEvent.objects.count()
    # When they save two scores of five, one comment and the start of the conclusion
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.review_draft_save(
            actor=expert,
            assignment=accepted,
            data={
                "scores": {
                    criteria[0].pk: ("2", "  Актуально для сельской школы. "),
                    criteria[1].pk: (0, ""),
                    criteria[2].pk: ("", "Проверить ссылки"),
                    criteria[3].pk: (None, ""),
                },
                "conclusion": "Материал интересен, но ",
                "recommendation": "",
            },
        )
    # Then exactly that is stored, with the time; no review, no audit event, nobody told
    saved = Assignment.objects.get(pk=accepted.pk)
    assert saved.draft == {
        "scores": {
            str(criteria[0].pk): {"score": 2, "comment": "Актуально для сельской школы."},
            str(criteria[1].pk): {"score": 0, "comment": ""},
            str(criteria[2].pk): {"score": None, "comment": "Проверить ссылки"},
        },
        "conclusion": "Материал интересен, но",
    }
    assert saved.draft_saved_at == NOW
    assert saved.status == AssignmentStatus.ACCEPTED
    assert not Review.objects.exists()
    assert callbacks == []
    assert (Notification.objects.count(), AuditEvent.objects.count()) == (notices, events)


@pytest.mark.parametrize(
    "bad",
    [
        {"scores": "first", "value": "99"},
        {"scores": "first", "value": "-1"},
        {"scores": "first", "value": "2.5"},
        {"scores": "first", "value": "три"},
        {"scores": "comment"},
        {"conclusion": "x" * (services.CONCLUSION_MAX + 1)},
        {"recommendation": "approve"},
    ],
    ids=["99", "-1", "2.5", "три", "long comment", "long conclusion", "recommendation"],
)
def test_bad_values_are_refused_and_the_old_draft_stays(expert, accepted, criteria, bad):
    # Given a saved draft
    services.review_draft_save(
        actor=expert, assignment=accepted, data={"conclusion": "Первая версия."}
    )
    data = {"scores": {criteria[1].pk: ("1", "")}, "conclusion": "Вторая версия."}
    if bad.get("scores") == "first":
        data["scores"][criteria[0].pk] = (bad["value"], "")
    elif bad.get("scores") == "comment":
        data["scores"][criteria[0].pk] = ("", "к" * (services.COMMENT_MAX + 1))
    else:
        data |= bad
    # When a draft with a bad value is saved, then it is refused in Russian and nothing changes
    with pytest.raises(ActionRefused) as refusal:
        services.review_draft_save(actor=expert, assignment=fresh(accepted), data=data)
    message = refusal.value.message.lower()
    assert any(word in message for word in ("балл", "длинн", "рекомендац")), message
    assert Assignment.objects.get(pk=accepted.pk).draft == {"conclusion": "Первая версия."}


def test_the_messages_are_those_of_the_submission(expert, accepted, criteria):
    # Given a score out of range, when saved as a draft and when submitted, then same message
    scores = {c.pk: ("2", "") for c in criteria} | {criteria[0].pk: ("99", "")}
    with pytest.raises(ActionRefused) as as_draft:
        services.review_draft_save(actor=expert, assignment=accepted, data={"scores": scores})
    with pytest.raises(ActionRefused) as as_review:
        services.review_submit(
            actor=expert,
            assignment=fresh(accepted),
            scores=scores,
            conclusion="Заключение.",
            recommendation="include",
        )
    assert as_draft.value.message == as_review.value.message
    assert criteria[0].title in as_draft.value.message


def test_an_empty_draft_forgets_the_saved_one(expert, accepted):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Текст"})
    services.review_draft_save(actor=expert, assignment=fresh(accepted), data={"conclusion": " "})
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.draft, saved.draft_saved_at) == ({}, None)


def test_only_the_expert_of_an_accepted_assignment_in_an_open_round(
    community, coordinator, material, expert, accepted
):
    data = {"conclusion": "Чужой черновик"}
    # Given another expert of the community and the coordinator: refused
    for stranger in (factories.expert_in(community), coordinator):
        with pytest.raises(PermissionDenied):
            services.review_draft_save(actor=stranger, assignment=fresh(accepted), data=data)
    # Given an invitation not yet accepted: refused
    invited_expert = factories.expert_in(community)
    (invited,) = services.assignment_create(
        actor=coordinator, review_round=factories.open_round(material), experts=[invited_expert]
    )
    with pytest.raises(PermissionDenied):
        services.review_draft_save(actor=invited_expert, assignment=fresh(invited), data=data)
    # Given the expert who left the community: refused
    expert.memberships.filter(community=community).update(status="left")
    with pytest.raises(PermissionDenied):
        services.review_draft_save(
            actor=get_user_model().objects.get(pk=expert.pk), assignment=fresh(accepted), data=data
        )
    assert not Assignment.objects.exclude(draft={}).exists()
    assert not Assignment.objects.filter(draft_saved_at__isnull=False).exists()


def test_submitting_the_review_clears_the_draft(expert, accepted, criteria):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    services.review_submit(
        actor=expert,
        assignment=fresh(accepted),
        scores={c.pk: ("3", "") for c in criteria},
        conclusion="Готовое заключение.",
        recommendation="include",
    )
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.status, saved.draft, saved.draft_saved_at) == ("submitted", {}, None)
    # And no draft can be saved after it
    with pytest.raises(PermissionDenied):
        services.review_draft_save(
            actor=expert, assignment=fresh(accepted), data={"conclusion": "x"}
        )


def test_withdrawal_by_the_coordinator_clears_the_draft(coordinator, expert, accepted):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    services.assignment_withdraw(actor=coordinator, assignment=fresh(accepted), reason="Сроки")
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.status, saved.draft, saved.draft_saved_at) == ("withdrawn", {}, None)


def test_withdrawal_of_the_material_clears_the_draft(material, expert, accepted):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    material.status = MaterialStatus.WITHDRAWN
    material.save()
    services.round_end_on_withdrawal(actor=material.created_by, material=material)
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.status, saved.draft, saved.draft_saved_at) == ("withdrawn", {}, None)


def test_a_decision_without_waiting_clears_the_draft(
    coordinator, material, expert, accepted, criteria, frozen_now
):
    # Given a draft and an overdue assignment, when the coordinator decides without waiting
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    frozen_now.shift(datetime.timedelta(days=30))
    services.decision_record(
        actor=coordinator,
        review_round=selectors.current_round(material),
        outcome="reject",
        reasons="Эксперт не ответил; материал не соответствует требованиям.",
        override=True,
    )
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.status, saved.draft, saved.draft_saved_at) == ("withdrawn", {}, None)


def test_declining_clears_any_draft(community, coordinator, material):
    # Given an invitation that somehow carries a draft (e.g. written before a data fix)
    invited_expert = factories.expert_in(community)
    (invited,) = services.assignment_create(
        actor=coordinator, review_round=factories.open_round(material), experts=[invited_expert]
    )
    Assignment.objects.filter(pk=invited.pk).update(draft={"conclusion": "x"}, draft_saved_at=NOW)
    services.assignment_decline(actor=invited_expert, assignment=fresh(invited), reason="Болею")
    saved = Assignment.objects.get(pk=invited.pk)
    assert (saved.draft, saved.draft_saved_at) == ({}, None)


def test_personal_data_exports_and_erases_drafts(expert, accepted):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    (row,) = personal_data.export(expert)["expertise_assignments"]
    assert row["draft"] == {"conclusion": "Начало"}
    assert datetime.datetime.fromisoformat(row["draft_saved_at"]) == NOW
    erased = personal_data.erase(expert)
    assert erased == ["неотправленные черновики экспертных заключений"]
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.draft, saved.draft_saved_at) == ({}, None)
    assert personal_data.erase(expert) == []
    (row,) = personal_data.export(expert)["expertise_assignments"]
    assert row["draft"] is None


# --- The page -------------------------------------------------------------------------------


def test_a_draft_saves_and_prefills_the_form(client, expert, accepted, criteria):
    # Given the expert on the form, which offers both buttons
    client.force_login(expert)
    page = client.get(page_url(accepted)).content.decode()
    assert "Отправить заключение" in page and "Сохранить черновик" in page
    assert 'name="save_draft"' in page and "formnovalidate" in page
    assert "Черновик сохранён <time" not in page
    # When they save a draft with two scores empty and no recommendation
    data = form_data(
        criteria,
        {0: "3", 1: "1", 2: "0"},
        conclusion="Сильные стороны: практическая значимость.",
        **{f"comment_{criteria[3].pk}": "Уточнить возраст учащихся"},
        save_draft="1",
    )
    response = client.post(page_url(accepted), data)
    # Then they come back to the form with a message, and the draft is stored (no review)
    assert response.status_code == 302
    assert response["Location"] == page_url(accepted) + "#review-form"
    assert not Review.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Черновик сохранён. Заключение ещё не отправлено" in page
    # And the form is prefilled; the saving time is in the reader's zone (Moscow by default)
    assert "Черновик сохранён <time" in page and "1 сентября 2025, 10:00</time>" in page
    assert "Сильные стороны: практическая значимость." in page
    assert "Уточнить возраст учащихся" in page
    assert f'name="score_{criteria[0].pk}" value="3"' in page
    assert f'name="score_{criteria[2].pk}" value="0"' in page
    assert f'name="score_{criteria[4].pk}"' in page
    assert f'name="score_{criteria[4].pk}" value' not in page


def test_the_saving_time_follows_the_readers_zone(client, expert, accepted):
    # Given an expert in Yakutsk (UTC+9) who saved a draft at 10:00 Moscow
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    expert.time_zone = "Asia/Yakutsk"
    expert.save(update_fields=["time_zone"])
    client.force_login(expert)
    page = client.get(page_url(accepted)).content.decode()
    assert "1 сентября 2025, 16:00</time>" in page and "Начало" in page


@pytest.mark.parametrize("score", ["99", "-1", "1.5", "abc"])
def test_a_bad_draft_is_shown_back_and_not_saved(client, expert, accepted, criteria, score):
    client.force_login(expert)
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Старое"})
    data = form_data(criteria, {0: score}, conclusion="Новое", save_draft="1")
    response = client.post(page_url(accepted), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Черновик не сохранён" in page
    assert "Новое" in page  # what was typed is not lost
    assert Assignment.objects.get(pk=accepted.pk).draft == {"conclusion": "Старое"}


def test_a_forged_recommendation_in_a_draft_is_refused(client, expert, accepted, criteria):
    client.force_login(expert)
    data = form_data(criteria, recommendation="approve", conclusion="Текст", save_draft="1")
    response = client.post(page_url(accepted), data)
    assert response.status_code == 200
    assert Assignment.objects.get(pk=accepted.pk).draft == {}


def test_the_final_submission_still_needs_every_field(client, expert, accepted, criteria):
    # Given a partly filled form, when sent with «Отправить заключение», then refused, no draft
    client.force_login(expert)
    response = client.post(page_url(accepted), form_data(criteria, {0: "3"}, conclusion="Т"))
    assert response.status_code == 200
    assert "Заключение не отправлено" in response.content.decode()
    assert not Review.objects.exists()
    assert Assignment.objects.get(pk=accepted.pk).draft == {}


def test_submitting_from_the_page_clears_the_draft(client, expert, accepted, criteria):
    client.force_login(expert)
    client.post(page_url(accepted), form_data(criteria, {0: "2"}, save_draft="1"))
    assert Assignment.objects.get(pk=accepted.pk).draft_saved_at is not None
    full = form_data(
        criteria,
        dict.fromkeys(range(len(criteria)), "2"),
        conclusion="Итог",
        recommendation="revise",
    )
    assert client.post(page_url(accepted), full).status_code == 302
    saved = Assignment.objects.get(pk=accepted.pk)
    assert (saved.status, saved.draft, saved.draft_saved_at) == ("submitted", {}, None)
    page = client.get(page_url(accepted)).content.decode()
    assert "Итог" in page and "Черновик сохранён <time" not in page


def test_strangers_cannot_save_or_see_a_draft(
    client, community, coordinator, expert, accepted, criteria
):
    services.review_draft_save(
        actor=expert, assignment=accepted, data={"conclusion": "Личный черновик"}
    )
    data = form_data(criteria, {0: "1"}, conclusion="Подмена", save_draft="1")
    # Another expert of the community and a plain member: 403
    for stranger in (factories.expert_in(community), MembershipFactory(community=community).user):
        client.force_login(stranger)
        assert client.post(page_url(accepted), data).status_code == 403
        assert client.get(page_url(accepted)).status_code == 403
    # The coordinator reads the assignment but neither sees nor changes the draft
    client.force_login(coordinator)
    assert "Личный черновик" not in client.get(page_url(accepted)).content.decode()
    assert client.post(page_url(accepted), data).status_code == 302
    # A missing assignment: 404
    client.force_login(expert)
    missing = reverse("review:assignment", args=[accepted.pk + 1000])
    assert client.post(missing, data).status_code == 404
    assert Assignment.objects.get(pk=accepted.pk).draft == {"conclusion": "Личный черновик"}


def test_no_draft_after_a_withdrawal(client, coordinator, expert, accepted, criteria):
    services.review_draft_save(actor=expert, assignment=accepted, data={"conclusion": "Начало"})
    services.assignment_withdraw(actor=coordinator, assignment=fresh(accepted))
    client.force_login(expert)
    response = client.post(
        page_url(accepted), form_data(criteria, {0: "1"}, conclusion="x", save_draft="1")
    )
    assert response.status_code == 302
    page = client.get(page_url(accepted)).content.decode()
    assert "Начало" not in page and 'name="save_draft"' not in page
    assert Assignment.objects.get(pk=accepted.pk).draft == {}


# --- Query budget ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra_criteria", [0, 10])
def test_review_form_budget(
    client, community, expert, accepted, extra_criteria, django_assert_max_num_queries
):
    # Given 5 or 15 criteria and a draft with a score and a comment for each
    for index in range(extra_criteria):
        factories.criterion(community, title=f"Критерий {index}", position=10 + index)
    criteria = services.criteria_ensure_default(community=community)
    services.review_draft_save(
        actor=expert,
        assignment=accepted,
        data={"scores": {c.pk: ("1", "Комментарий") for c in criteria}, "conclusion": "Текст"},
    )
    client.force_login(expert)
    # When the form page is opened, then the number of queries does not grow with the criteria
    # (session, user, assignment, decision, membership, review, criteria ×2 in a savepoint,
    # the review with scores, the header's roles and unread counts: 14 at both sizes)
    with django_assert_max_num_queries(14):
        response = client.get(page_url(accepted))
    assert response.status_code == 200
    assert response.content.decode().count("Комментарий</textarea>") == len(criteria)
