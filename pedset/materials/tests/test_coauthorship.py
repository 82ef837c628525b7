"""Co-authorship confirmation (152-FZ): every named author confirms their participation and the
publication of their full name before the material is submitted; a co-author may decline and
is taken off the authors; the page shows each person what concerns them."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.materials import personal_data, policies, selectors, services
from pedset.materials.models import Material, MaterialAuthor, MaterialStatus
from pedset.materials.services import ActionRefused
from pedset.materials.tests.factories import add_author, material_with_author
from pedset.materials.tests.helpers import draft, fields
from pedset.review.models import ReviewRound

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


@pytest.fixture
def coauthor(community):
    return MembershipFactory(community=community).user


def page_text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def url(name, *args):
    return reverse(f"materials:{name}", args=args)


def row_of(material, person):
    return MaterialAuthor.objects.filter(material=material, user=person).first()


# --- Submission waits for the co-authors -------------------------------------------------------


def test_submission_is_refused_until_every_coauthor_confirms(community, author, coauthor):
    # given a complete draft naming a co-author who has not answered
    material = draft(author, community, coauthors=[coauthor])
    # when the first author submits it, with their own consent
    with pytest.raises(ActionRefused) as refusal:
        services.material_submit(actor=author, material=material, authorship_consent=True)
    # then it is refused, saying how many co-authors have not confirmed, and nothing changed
    assert refusal.value.message == (
        "Соавторы ещё не подтвердили участие: 1. Материал можно подать после их подтверждения."
    )
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT and material.round_number == 0
    assert row_of(material, author).confirmed_at is None
    assert not ReviewRound.objects.exists()
    # when the co-author confirms, the submission goes through
    services.coauthorship_confirm(actor=coauthor, material=material)
    with time_machine.travel(NOW, tick=False):
        services.material_submit(actor=author, material=material, authorship_consent=True)
    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED
    # and the submitter's own authorship is confirmed by the consent given at submission
    assert row_of(material, author).confirmed_at == NOW


def test_the_count_names_every_author_but_the_submitter(community, author, coauthor):
    # given a draft with two co-authors; one of them confirmed and submits
    second = MembershipFactory(community=community).user
    material = draft(author, community, coauthors=[coauthor, second])
    services.coauthorship_confirm(actor=coauthor, material=material)
    # when the confirmed co-author submits, the first author and the other co-author are missing
    with pytest.raises(ActionRefused, match="не подтвердили участие: 2"):
        services.material_submit(actor=coauthor, material=material, authorship_consent=True)
    # when both confirm, the co-author submits with their consent
    services.coauthorship_confirm(actor=author, material=material)
    services.coauthorship_confirm(actor=second, material=material)
    services.material_submit(actor=coauthor, material=material, authorship_consent=True)
    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED


def test_a_submitter_without_a_recorded_confirmation_must_consent(community, author):
    # given a material whose consent was recorded, but not the actor's own confirmation
    material = draft(author, community)
    Material.objects.filter(pk=material.pk).update(authorship_consent_at=timezone.now())
    # when it is submitted without the consent, it is refused
    with pytest.raises(ActionRefused, match="согласие на публикацию"):
        services.material_submit(actor=author, material=material)
    assert Material.objects.get(pk=material.pk).status == MaterialStatus.DRAFT


def test_the_submit_page_says_what_waits(client, community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    client.force_login(author)
    text = page_text(client.get(url("submit", material.pk)))
    assert "Соавторы ещё не подтвердили участие: 1." in text
    response = client.post(url("submit", material.pk), {"consent": "on"})
    assert response.status_code == 200
    assert "Материал можно подать после их подтверждения." in page_text(response)
    assert Material.objects.get(pk=material.pk).status == MaterialStatus.DRAFT


# --- Naming a co-author tells them -------------------------------------------------------------


def test_a_named_coauthor_is_told_with_a_link_and_no_names(community, author, coauthor):
    # when a draft is created naming a co-author
    material = draft(author, community, coauthors=[coauthor])
    # then the co-author (and nobody else) gets a «coauthorship» notice linking to the page
    notice = Notification.objects.get(kind="coauthorship")
    assert notice.recipient == coauthor
    assert notice.url == reverse("materials:detail", args=[material.pk])
    assert material.title in notice.title
    # and the stored text names nobody
    for person in (author, coauthor):
        assert person.last_name not in notice.title + notice.body
    # when another co-author is added later, only the new one is told
    second = MembershipFactory(community=community).user
    services.material_update(
        actor=coauthor, material=material, coauthors=[coauthor, second], **fields()
    )
    notices = Notification.objects.filter(kind="coauthorship")
    assert sorted(n.recipient_id for n in notices) == sorted([coauthor.pk, second.pk])


# --- Confirming --------------------------------------------------------------------------------


def test_confirming_records_the_consent_and_the_audit(community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    # when the co-author confirms
    with time_machine.travel(NOW, tick=False):
        row = services.coauthorship_confirm(actor=coauthor, material=material)
    # then the time is recorded on their authorship only
    assert row.confirmed_at == NOW and row_of(material, coauthor).confirmed_at == NOW
    assert row_of(material, author).confirmed_at is None
    # and the audit log has it, with the co-author as actor and subject
    event = AuditEvent.objects.get(action="coauthorship_confirmed")
    assert event.actor == coauthor and event.subject_user_id == coauthor.pk
    assert event.community == community and event.target_id == str(material.pk)
    # and a second confirmation is refused, changing nothing
    with pytest.raises(ActionRefused, match="уже подтвердили"):
        services.coauthorship_confirm(actor=coauthor, material=material)
    assert row_of(material, coauthor).confirmed_at == NOW


def test_a_stranger_cannot_confirm_or_decline(community, author, coauthor, colleague):
    material = draft(author, community, coauthors=[coauthor])
    for write in (services.coauthorship_confirm, services.coauthorship_decline):
        with pytest.raises(PermissionDenied):
            write(actor=colleague, material=material)
    assert not MaterialAuthor.objects.filter(user=colleague).exists()
    assert not AuditEvent.objects.filter(action__startswith="coauthorship").exists()
    assert row_of(material, coauthor).confirmed_at is None


def test_a_stranger_gets_404_on_a_draft_and_403_on_a_submitted_material(
    client, community, author, coauthor, colleague
):
    hidden = draft(author, community, coauthors=[coauthor])
    shown = material_with_author(community=community, author=author, status="submitted")
    client.force_login(colleague)
    assert client.post(url("coauthorship_confirm", hidden.pk)).status_code == 404
    assert client.post(url("coauthorship_decline", hidden.pk)).status_code == 404
    assert client.post(url("coauthorship_confirm", shown.pk)).status_code == 403
    assert client.post(url("coauthorship_decline", shown.pk)).status_code == 403
    assert client.get(url("coauthorship_confirm", hidden.pk)).status_code == 405


def test_the_authors_cannot_answer_once_the_material_is_submitted(community, author, coauthor):
    # given a submitted material (made outside the services) with an unconfirmed co-author row
    material = material_with_author(community=community, author=author, status="submitted")
    add_author(material, coauthor)
    # then the co-author can neither confirm nor decline: the authors no longer change
    with pytest.raises(ActionRefused, match="уже нельзя изменить"):
        services.coauthorship_confirm(actor=coauthor, material=material)
    with pytest.raises(ActionRefused, match="уже нельзя изменить"):
        services.coauthorship_decline(actor=coauthor, material=material)
    assert row_of(material, coauthor) is not None


def test_a_coauthor_added_in_revision_confirms_before_resubmission(community, author, coauthor):
    # given a material returned for revision, to which the authors add a co-author
    material = draft(author, community)
    services.material_submit(actor=author, material=material, authorship_consent=True)
    Material.objects.filter(pk=material.pk).update(status=MaterialStatus.REVISION)
    material.refresh_from_db()
    services.material_update(actor=author, material=material, coauthors=[coauthor], **fields())
    # then resubmission waits for the new co-author, and goes through after they confirm
    with pytest.raises(ActionRefused, match="не подтвердили участие: 1"):
        services.material_submit(actor=author, material=material)
    services.coauthorship_confirm(actor=coauthor, material=material)
    services.material_submit(actor=author, material=material)
    assert Material.objects.get(pk=material.pk).round_number == 2


# --- Declining ---------------------------------------------------------------------------------


def test_declining_takes_the_coauthor_off_and_tells_the_first_author(community, author, coauthor):
    # given a draft with two co-authors
    second = MembershipFactory(community=community).user
    material = draft(author, community, coauthors=[coauthor, second])
    Notification.objects.all().delete()
    # when the first co-author declines with a reason
    services.coauthorship_decline(actor=coauthor, material=material, reason="Не участвовал")
    # then they are no longer an author, the others close up the order
    rows = list(material.authors.order_by("position").values_list("user_id", "position"))
    assert rows == [(author.pk, 0), (second.pk, 1)]
    # and the draft is hidden from them again
    material = Material.objects.get(pk=material.pk)
    assert not policies.can_view_material(coauthor, material)
    # and the first author is told, by a link, with the reason and no name
    notice = Notification.objects.get(kind="coauthorship")
    assert notice.recipient == author
    assert notice.url == reverse("materials:detail", args=[material.pk])
    assert "Не участвовал" in notice.body
    assert coauthor.last_name not in notice.title + notice.body
    # and the audit log has it with the reason
    event = AuditEvent.objects.get(action="coauthorship_declined")
    assert event.actor == coauthor and event.subject_user_id == coauthor.pk
    assert event.reason == "Не участвовал"
    # and the submission now waits only for the remaining co-author
    with pytest.raises(ActionRefused, match="не подтвердили участие: 1"):
        services.material_submit(actor=author, material=material, authorship_consent=True)


def test_the_first_author_does_not_decline(community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    with pytest.raises(ActionRefused, match="Первый автор не отказывается"):
        services.coauthorship_decline(actor=author, material=material)
    assert row_of(material, author) is not None


def test_a_confirmed_coauthor_does_not_decline(community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    services.coauthorship_confirm(actor=coauthor, material=material)
    with pytest.raises(ActionRefused, match="уже подтвердили"):
        services.coauthorship_decline(actor=coauthor, material=material)
    assert row_of(material, coauthor) is not None


def test_a_too_long_reason_is_refused(community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    with pytest.raises(ActionRefused, match="слишком длинная"):
        services.coauthorship_decline(actor=coauthor, material=material, reason="я" * 2001)
    assert row_of(material, coauthor) is not None


# --- The pages ---------------------------------------------------------------------------------


def test_the_page_shows_each_person_their_part(client, community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    # the unconfirmed co-author sees the block with the consent text and both buttons
    client.force_login(coauthor)
    text = page_text(client.get(url("detail", material.pk)))
    assert "Вас указали соавтором" in text
    assert "вы соглашаетесь на публикацию ваших фамилии, имени, отчества" in text
    assert "Подтвердить участие и согласие" in text and "Отказаться от соавторства" in text
    # the first author sees each co-author's state, and no «Вас указали соавтором»
    client.force_login(author)
    text = page_text(client.get(url("detail", material.pk)))
    assert "Вас указали соавтором" not in text and "Отказаться от соавторства" not in text
    assert f"{coauthor.get_full_name()} — ожидает подтверждения" in text
    assert f"{author.get_full_name()} — согласие — при подаче" in text
    assert "после того, как все соавторы подтвердят участие" in text
    # after the co-author confirms, the authors see it and the block is gone for them
    services.coauthorship_confirm(actor=coauthor, material=material)
    text = page_text(client.get(url("detail", material.pk)))
    assert f"{coauthor.get_full_name()} — подтвердил(а)" in text
    client.force_login(coauthor)
    text = page_text(client.get(url("detail", material.pk)))
    assert "Вас указали соавтором" not in text and "подтвердил(а)" in text


def test_readers_of_a_submitted_material_see_only_the_names(client, community, author):
    material = material_with_author(community=community, author=author, status="submitted")
    client.force_login(MembershipFactory(community=community, role=Role.MODERATOR).user)
    text = page_text(client.get(url("detail", material.pk)))
    assert author.get_full_name() in text
    assert "ожидает подтверждения" not in text and "Вас указали соавтором" not in text


def test_the_first_author_may_confirm_ahead_for_a_coauthor_who_submits(
    client, community, author, coauthor
):
    material = draft(author, community, coauthors=[coauthor])
    client.force_login(author)
    text = page_text(client.get(url("detail", material.pk)))
    assert "Если подавать его будет соавтор" in text
    response = client.post(url("coauthorship_confirm", material.pk))
    assert response.status_code == 302 and response.url == url("detail", material.pk)
    assert row_of(material, author).confirmed_at is not None


def test_confirming_and_declining_through_the_page(client, community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    second = MembershipFactory(community=community).user
    add_author(material, second)
    client.force_login(coauthor)
    response = client.post(url("coauthorship_confirm", material.pk), follow=True)
    assert "Участие подтверждено" in page_text(response)
    assert row_of(material, coauthor).confirmed_at is not None
    client.force_login(second)
    response = client.post(
        url("coauthorship_decline", material.pk), {"reason": "Ошибка"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("mine")
    assert "Вы больше не соавтор" in page_text(response)
    assert row_of(material, second) is None
    assert client.get(url("detail", material.pk)).status_code == 404


def test_my_materials_lists_what_awaits_my_confirmation_first(client, community, author, coauthor):
    # given a material naming me as a co-author, and a newer draft of my own
    with time_machine.travel(NOW, tick=False):
        awaiting = draft(author, community, title="Ждёт меня", coauthors=[coauthor])
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        draft(coauthor, community, title="Мой новый черновик")
    # then «Мои материалы» lists the one awaiting my confirmation first, marked
    client.force_login(coauthor)
    text = page_text(client.get(url("mine")))
    assert text.index("Ждёт меня") < text.index("Мой новый черновик")
    assert "ждёт вашего подтверждения как соавтора" in text
    assert "Вас указали соавтором 1 материала" in text
    # and once I confirm it falls back into the order of changes, unmarked
    services.coauthorship_confirm(actor=coauthor, material=awaiting)
    Material.objects.filter(pk=awaiting.pk).update(updated_at=NOW)
    text = page_text(client.get(url("mine")))
    assert text.index("Мой новый черновик") < text.index("Ждёт меня")
    assert "ждёт вашего подтверждения" not in text
    assert selectors.awaiting_my_confirmation_count(coauthor) == 0


# --- Personal data and the data migration ------------------------------------------------------


def test_the_export_holds_my_confirmation(community, author, coauthor):
    material = draft(author, community, coauthors=[coauthor])
    with time_machine.travel(NOW, tick=False):
        services.coauthorship_confirm(actor=coauthor, material=material)
    row = next(m for m in personal_data.export(coauthor)["materials"] if m["id"] == material.pk)
    assert row["my_authorship_confirmed_at"] == NOW.isoformat()
    row = next(m for m in personal_data.export(author)["materials"] if m["id"] == material.pk)
    assert row["my_authorship_confirmed_at"] is None


def test_the_data_migration_confirms_authors_of_materials_submitted_before(
    community, author, coauthor
):
    # given a material submitted under the old rule and a draft, both with unconfirmed rows
    old = material_with_author(community=community, author=author, status="submitted")
    add_author(old, coauthor)
    Material.objects.filter(pk=old.pk).update(authorship_consent_at=NOW)
    fresh = material_with_author(community=community, author=author)
    add_author(fresh, coauthor)
    # when the data migration runs
    migration = importlib.import_module(
        "pedset.materials.migrations.0003_coauthorship_confirmation"
    )
    migration.confirm_authors_of_submitted_materials(apps, None)
    # then the submitted material's authors count as confirmed from its consent; the draft not
    assert set(old.authors.values_list("confirmed_at", flat=True)) == {NOW}
    assert set(fresh.authors.values_list("confirmed_at", flat=True)) == {None}
