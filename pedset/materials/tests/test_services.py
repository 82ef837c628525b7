"""Writes of the bank of materials: drafts, co-authors, tags, links, files and their history,
submission and withdrawal, removal, comments and ratings."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent, Notification
from pedset.core.tests import uploads
from pedset.materials import services
from pedset.materials.models import (
    Material,
    MaterialAuthor,
    MaterialComment,
    MaterialFile,
    MaterialLink,
    MaterialRating,
    MaterialStatus,
    Tag,
)
from pedset.materials.services import ActionRefused, LinkInput
from pedset.materials.tests.factories import material_with_author
from pedset.materials.tests.helpers import draft, fields, submitted
from pedset.review.models import ReviewRound

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


# --- Drafts ------------------------------------------------------------------------------------


def test_a_member_creates_a_draft_and_is_its_first_author(
    community, author, colleague, search_calls
):
    # when a member creates a material with a co-author, tags, a link and a file
    material = services.material_create(
        actor=author,
        community=community,
        coauthors=[colleague],
        tags="Проектная деятельность, ФГОС;  #биология, фгос",
        links="https://rutube.ru/video/abc/ Урок в 7 классе\nhttps://example.org/plan",
        files=[uploads.pdf("План урока.pdf"), uploads.image("схема.png")],
        **fields(),
    )
    # then it is a draft, the member is the first author and the colleague the second
    assert material.status == MaterialStatus.DRAFT and material.round_number == 0
    authors = list(material.authors.order_by("position").values_list("user_id", "position"))
    assert authors == [(author.pk, 0), (colleague.pk, 1)]
    # and tags are normalised and created on the fly, once each
    assert sorted(t.name for t in material.tags.all()) == [
        "биология",
        "проектная деятельность",
        "фгос",
    ]
    # and the links and files are kept for the first round, files judged by their content
    assert [(link.url, link.title) for link in material.links.all()] == [
        ("https://rutube.ru/video/abc/", "Урок в 7 классе"),
        ("https://example.org/plan", ""),
    ]
    files = list(material.files.order_by("id"))
    assert [(f.original_name, f.kind, f.round_number) for f in files] == [
        ("План урока.pdf", "pdf", 1),
        ("схема.png", "png", 1),
    ]
    assert len(files[0].sha256) == 64 and files[0].size > 0
    assert "План" not in files[0].file.name  # stored under a random name
    # and the search index is told
    assert ("update", "material", material.pk) in search_calls


@pytest.mark.parametrize(
    "person",
    ["non_member", "pending", "other_community", "inactive"],
)
def test_co_authors_must_be_active_members_of_the_same_community(community, author, person):
    # given somebody who is not an active member of the community
    if person == "non_member":
        other = UserFactory()
    elif person == "pending":
        other = MembershipFactory(community=community, status=MembershipStatus.PENDING).user
    elif person == "other_community":
        other = MembershipFactory(community=CommunityFactory()).user
    else:
        other = MembershipFactory(community=community).user
        other.is_active = False
        other.save()
    # when they are named as a co-author, then the material is refused and nothing is saved
    with pytest.raises(ActionRefused, match="активные участники сообщества"):
        draft(author, community, coauthors=[other])
    assert not Material.objects.exists()


def test_co_authors_are_named_once_and_never_the_first_author(community, author, colleague):
    with pytest.raises(ActionRefused, match="дважды"):
        draft(author, community, coauthors=[colleague, colleague])
    with pytest.raises(ActionRefused, match="первый автор"):
        draft(author, community, coauthors=[author])
    assert not Material.objects.exists()


def test_a_co_author_who_left_stays_on_edit(community, author, colleague):
    material = draft(author, community, coauthors=[colleague])
    colleague.memberships.update(status=MembershipStatus.LEFT)
    services.material_update(
        actor=author, material=material, coauthors=[colleague], **fields(title="Новое название")
    )
    assert list(material.authors.values_list("user_id", flat=True)) == [author.pk, colleague.pk]


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (", ".join(f"тег{i}" for i in range(11)), "Слишком много тегов"),
        ("а" * 41, "слишком длинный"),
    ],
)
def test_tags_are_limited(community, author, tags, message):
    with pytest.raises(ActionRefused, match=message):
        draft(author, community, tags=tags)
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "data:text/html,<script>alert(1)</script>",
        "rutube.ru/video/abc",
        "https://" + "a" * 500 + ".ru",
    ],
)
def test_links_are_http_or_https_only(community, author, url):
    with pytest.raises(ActionRefused, match="https://"):
        draft(author, community, links=url)
    assert not Material.objects.exists() and not MaterialLink.objects.exists()


def test_video_hostings_are_named_and_other_links_are_accepted():
    assert services.video_host("https://rutube.ru/video/abc/") == "RUTUBE"
    assert services.video_host("https://vk.com/video-1_2") == "VK Видео"
    assert services.video_host("https://www.youtube.com/watch?v=x") == "YouTube"
    assert services.video_host("https://youtu.be/x") == "YouTube"
    assert services.video_host("https://school.example.ru/lesson") == ""
    assert services.clean_links([LinkInput("http://school.example.ru/a", "Урок")])[0].title == (
        "Урок"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "название"),
        ({"title": "Я" * 301}, "слишком длинное"),
        ({"summary": ""}, "аннотацию"),
        ({"material_type": "poem"}, "вид материала"),
        ({"level": "vuz"}, "уровень"),
        ({"licence": "gpl"}, "лицензию"),
        ({"subject": 999999}, "предмет"),
    ],
)
def test_bad_fields_are_refused_in_russian(community, author, changes, message):
    with pytest.raises(ActionRefused, match=message):
        draft(author, community, **changes)
    assert not Material.objects.exists()


def test_only_active_unsuspended_members_create_materials(community, author):
    from pedset.moderation.models import Suspension

    with pytest.raises(PermissionDenied):
        draft(UserFactory(), community)
    Suspension.objects.create(
        community=community,
        user=author,
        reason="Нарушение правил",
        ends_at=timezone.now() + datetime.timedelta(days=3),
    )
    with pytest.raises(PermissionDenied):
        draft(author, community)
    assert not Material.objects.exists()


def test_a_failed_write_leaves_no_stored_file(community, author, media_files, monkeypatch):
    # given a write that fails after its files were stored
    def broken(material, names):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_set_tags", broken)
    with pytest.raises(RuntimeError):
        draft(author, community, files=[uploads.pdf(), uploads.image("схема.png")])
    # then neither a row nor a file is left
    assert not Material.objects.exists() and not MaterialFile.objects.exists()
    assert media_files() == []


def test_too_many_files_for_one_material(community, author, settings):
    settings.MATERIAL_MAX_FILES = 2
    material = draft(author, community, files=[uploads.pdf("1.pdf"), uploads.pdf("2.pdf")])
    with pytest.raises(ActionRefused, match="не более 2 файлов"):
        services.material_update(
            actor=author, material=material, files=[uploads.pdf("3.pdf")], **fields()
        )
    assert material.files.count() == 2


# --- Editing and revision rounds ---------------------------------------------------------------


def test_only_authors_edit_and_only_drafts_or_revisions(community, author, colleague):
    material = draft(author, community, coauthors=[colleague])
    with pytest.raises(PermissionDenied):
        services.material_update(
            actor=MembershipFactory(community=community).user, material=material, **fields()
        )
    # a co-author edits too, but the first author stays first
    services.material_update(actor=colleague, material=material, coauthors=[], **fields())
    assert list(material.authors.values_list("user_id", flat=True)) == [author.pk]
    services.material_submit(actor=author, material=material, authorship_consent=True)
    with pytest.raises(PermissionDenied):
        services.material_update(actor=author, material=material, **fields())


def test_files_removed_from_a_draft_are_deleted(
    community, author, media_files, django_capture_on_commit_callbacks
):
    material = draft(author, community, files=[uploads.pdf("a.pdf"), uploads.pdf("b.pdf")])
    first = material.files.order_by("id").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.material_update(
            actor=author, material=material, remove_files=[first.pk], **fields()
        )
    assert list(material.files.values_list("original_name", flat=True)) == ["b.pdf"]
    assert first.file.name not in media_files()


def test_a_revision_round_keeps_the_earlier_files_as_history(community, author):
    # given a material returned for revision after its first round
    material = submitted(author, community, links="https://rutube.ru/video/1/")
    old_file = material.files.get()
    old_link = material.links.get()
    Material.objects.filter(pk=material.pk).update(status=MaterialStatus.REVISION)
    material.refresh_from_db()
    # when the authors replace the file and the link
    services.material_update(
        actor=author,
        material=material,
        remove_files=[old_file.pk],
        remove_links=[old_link.pk],
        files=[uploads.pdf("исправленный.pdf")],
        links="https://rutube.ru/video/2/",
        **fields(),
    )
    # then the old ones stay as history of round 1, the new ones belong to round 2
    old_file.refresh_from_db()
    old_link.refresh_from_db()
    assert old_file.replaced_at is not None and old_link.replaced_at is not None
    new_file = material.files.get(replaced_at=None)
    assert (new_file.original_name, new_file.round_number) == ("исправленный.pdf", 2)
    assert material.links.get(replaced_at=None).round_number == 2
    # and resubmitting opens round 2 with the authors' note
    services.material_submit(actor=author, material=material, authors_note="Заменили план")
    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED and material.round_number == 2
    rounds = list(ReviewRound.objects.filter(material=material).order_by("number"))
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[1].authors_note == "Заменили план" and rounds[0].closed_at is not None


# --- Submission and withdrawal -----------------------------------------------------------------


def test_submission_opens_the_first_round(
    community, author, coordinator, search_calls, django_capture_on_commit_callbacks
):
    # given a complete draft
    material = draft(author, community, links="https://rutube.ru/video/1/")
    material.authorship_consent_at = None
    material.save()
    # when it is submitted with the authors' consent
    with django_capture_on_commit_callbacks(execute=True):
        services.material_submit(actor=author, material=material, authorship_consent=True)
    material.refresh_from_db()
    # then it is in the bank, in round 1, with the time and the consent recorded
    assert material.status == MaterialStatus.SUBMITTED
    assert material.round_number == 1
    assert material.submitted_at is not None and material.authorship_consent_at is not None
    # and the review round is open, the placement is audited, the search told
    assert ReviewRound.objects.filter(material=material, number=1).exists()
    event = AuditEvent.objects.get(action="material_submitted")
    assert event.actor == author and event.target_id == str(material.pk)
    assert event.community == community
    assert ("update", "material", material.pk) in search_calls
    # and the coordinator is told (by the review app)
    assert Notification.objects.filter(recipient=coordinator, kind="material_submitted").exists()


def test_submission_needs_a_file_or_a_link(community, author):
    material = draft(author, community, files=[])
    with pytest.raises(ActionRefused, match="хотя бы один файл или ссылку"):
        services.material_submit(actor=author, material=material, authorship_consent=True)
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT and material.round_number == 0


def test_submission_needs_the_authorship_consent(community, author):
    material = draft(author, community)
    Material.objects.filter(pk=material.pk).update(authorship_consent_at=None)
    with pytest.raises(ActionRefused, match="согласие на публикацию"):
        services.material_submit(actor=author, material=material)
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT
    assert not ReviewRound.objects.exists()


def test_a_material_is_submitted_once(community, author):
    material = submitted(author, community)
    with pytest.raises(ActionRefused, match="уже подан"):
        services.material_submit(actor=author, material=material, authorship_consent=True)
    assert ReviewRound.objects.filter(material=material).count() == 1


def test_only_authors_submit(community, author, colleague):
    material = draft(author, community)
    with pytest.raises(PermissionDenied):
        services.material_submit(actor=colleague, material=material, authorship_consent=True)


def test_authors_withdraw_before_inclusion(community, author, colleague, search_calls):
    material = submitted(author, community)
    with pytest.raises(PermissionDenied):
        services.material_withdraw(actor=colleague, material=material)
    services.material_withdraw(actor=author, material=material, reason="Нашли ошибку")
    material.refresh_from_db()
    assert material.status == MaterialStatus.WITHDRAWN and material.withdrawn_at
    event = AuditEvent.objects.get(action="material_withdrawn")
    assert event.reason == "Нашли ошибку"
    assert search_calls[-1] == ("update", "material", material.pk)
    included = material_with_author(
        community=community, author=author, status=MaterialStatus.INCLUDED
    )
    with pytest.raises(ActionRefused, match="нельзя отозвать"):
        services.material_withdraw(actor=author, material=included)


def test_withdrawal_ends_the_expertise_and_tells_the_experts(
    community, author, django_capture_on_commit_callbacks
):
    """Given a material with an expert at work, when its authors withdraw it, then the round is
    closed, the assignment withdrawn and the expert told."""
    from pedset.core.models import Notification
    from pedset.review.models import AssignmentStatus
    from pedset.review.tests.factories import assignment, open_round

    material = submitted(author, community)
    work = assignment(open_round(material), status=AssignmentStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.material_withdraw(actor=author, material=material, reason="Нашли ошибку")

    work.refresh_from_db()
    assert work.status == AssignmentStatus.WITHDRAWN
    assert open_round(material).closed_at is not None
    assert Notification.objects.filter(recipient=work.expert).exists()


def test_a_moderator_removes_a_material_with_a_reason(community, author, moderator):
    material = submitted(author, community)
    with pytest.raises(ActionRefused, match="причину"):
        services.material_remove(actor=moderator, material=material, reason=" ")
    services.material_remove(actor=moderator, material=material, reason="Чужой материал")
    material.refresh_from_db()
    assert material.status == MaterialStatus.WITHDRAWN and material.was_removed
    assert AuditEvent.objects.get(action="material_removed").reason == "Чужой материал"
    notice = Notification.objects.get(recipient=author, kind="moderation")
    assert "Чужой материал" in notice.body and moderator.last_name not in notice.title


def test_a_draft_is_deleted_with_its_files(
    community, author, media_files, search_calls, django_capture_on_commit_callbacks
):
    material = draft(author, community, files=[uploads.pdf()])
    assert media_files()
    pk = material.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.material_delete(actor=author, material=material)
    assert not Material.objects.filter(pk=pk).exists()
    assert media_files() == []
    assert ("remove", "material", pk) in search_calls


# --- Comments ----------------------------------------------------------------------------------


def test_members_comment_and_the_authors_are_told(community, author, colleague):
    # given a submitted material with a co-author
    coauthor = MembershipFactory(community=community).user
    material = submitted(author, community, coauthors=[coauthor])
    # when a member comments
    comment = services.comment_create(actor=colleague, material=material, body="Спасибо!")
    # then the counter grows and both authors are told, without the commenter's name or words
    material.refresh_from_db()
    assert material.comments_count == 1
    notices = Notification.objects.filter(kind="material_comment")
    assert sorted(n.recipient_id for n in notices) == sorted([author.pk, coauthor.pk])
    for notice in notices:
        assert colleague.last_name not in notice.title + notice.body
        assert "Спасибо" not in notice.title + notice.body
        assert notice.url.endswith(f"#comment-{comment.pk}")
    # and an author's own comment tells only the other author
    services.comment_create(actor=author, material=material, body="Ответ автора")
    assert Notification.objects.filter(kind="material_comment", recipient=author).count() == 1


def test_non_members_drafts_and_suspended_members_cannot_comment(community, author, colleague):
    from pedset.moderation.models import Suspension

    material = submitted(author, community)
    with pytest.raises(ActionRefused, match="активные участники"):
        services.comment_create(actor=UserFactory(), material=material, body="Текст")
    Suspension.objects.create(
        community=community,
        user=colleague,
        reason="Нарушение",
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(ActionRefused, match="приостановлено"):
        services.comment_create(actor=colleague, material=material, body="Текст")
    with pytest.raises(ActionRefused):
        services.comment_create(actor=author, material=draft(author, community), body="Текст")
    with pytest.raises(ActionRefused, match="Напишите"):
        services.comment_create(actor=author, material=material, body="   ")
    assert not MaterialComment.objects.exists()


def test_a_comment_is_edited_within_an_hour(community, author, colleague):
    material = submitted(author, community)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        comment = services.comment_create(actor=colleague, material=material, body="Черновик")
        services.comment_edit(actor=colleague, comment=comment, body="Исправлено")
        comment.refresh_from_db()
        assert comment.body == "Исправлено" and comment.edited_at
        with pytest.raises(ActionRefused):
            services.comment_edit(actor=author, comment=comment, body="Чужая правка")
        traveller.shift(datetime.timedelta(minutes=61))
        with pytest.raises(ActionRefused, match="в течение часа"):
            services.comment_edit(actor=colleague, comment=comment, body="Поздно")
    comment.refresh_from_db()
    assert comment.body == "Исправлено"


def test_moderators_hide_and_restore_comments_with_a_reason(
    community, author, colleague, moderator
):
    material = submitted(author, community)
    comment = services.comment_create(actor=colleague, material=material, body="Грубость")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=author, comment=comment, reason="Не нравится")
    with pytest.raises(ActionRefused, match="причину"):
        services.comment_hide(actor=moderator, comment=comment, reason="")
    services.comment_hide(actor=moderator, comment=comment, reason="Оскорбление")
    comment.refresh_from_db()
    material.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Оскорбление"
    assert material.comments_count == 0
    assert AuditEvent.objects.get(action="material_comment_hidden").subject_user_id == (
        colleague.pk
    )
    assert Notification.objects.filter(recipient=colleague, kind="moderation").exists()
    with pytest.raises(ActionRefused, match="уже скрыт"):
        services.comment_hide(actor=moderator, comment=comment, reason="Ещё раз")
    services.comment_restore(actor=moderator, comment=comment, reason="Ошибка")
    material.refresh_from_db()
    assert material.comments_count == 1


# --- Ratings -----------------------------------------------------------------------------------


def test_one_rating_per_person_which_may_change(community, author, colleague):
    material = submitted(author, community)
    other = MembershipFactory(community=community).user
    services.rating_set(actor=colleague, material=material, score=5)
    services.rating_set(actor=other, material=material, score=2)
    services.rating_set(actor=colleague, material=material, score="3")
    material.refresh_from_db()
    assert MaterialRating.objects.filter(material=material).count() == 2
    assert (material.rating_sum, material.rating_count, material.rating) == (5, 2, 2.5)


def test_authors_do_not_rate_their_own_material(community, author, colleague):
    material = submitted(author, community, coauthors=[colleague])
    for person in (author, colleague):
        with pytest.raises(ActionRefused, match="не оценивают"):
            services.rating_set(actor=person, material=material, score=5)
    assert not MaterialRating.objects.exists()


@pytest.mark.parametrize("score", [0, 6, "abc", None, "", "4.5", -1])
def test_a_rating_is_from_one_to_five(community, author, colleague, score):
    material = submitted(author, community)
    with pytest.raises(ActionRefused, match="от 1 до 5"):
        services.rating_set(actor=colleague, material=material, score=score)
    material.refresh_from_db()
    assert material.rating_count == 0


def test_a_draft_is_not_rated(community, author, colleague):
    with pytest.raises(ActionRefused):
        services.rating_set(actor=colleague, material=draft(author, community), score=4)


def test_materials_authored_count_in_the_authors_table(community, author):
    material = draft(author, community)
    assert MaterialAuthor.objects.filter(material=material, user=author, position=0).exists()


def test_comments_are_rate_limited(community, author, colleague, monkeypatch):
    monkeypatch.setattr(services, "COMMENT_LIMIT", 2)
    material = submitted(author, community)
    for i in range(2):
        services.comment_create(actor=colleague, material=material, body=f"Комментарий {i}")
    with pytest.raises(ActionRefused, match="слишком часто"):
        services.comment_create(actor=colleague, material=material, body="Ещё один")
    assert MaterialComment.objects.count() == 2
