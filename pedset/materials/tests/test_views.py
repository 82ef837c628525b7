"""Pages of the bank: the list with filters and pagination, «Мои материалы», the forms, the
material page, files through the permission view, submission, withdrawal, comments, ratings —
and no server error on bad input."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from pedset.accounts.models import Subject
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.tests import uploads
from pedset.materials import services
from pedset.materials.models import (
    Level,
    Material,
    MaterialComment,
    MaterialFile,
    MaterialRating,
    MaterialStatus,
    MaterialType,
)
from pedset.materials.tests.factories import add_comment, add_file, material_with_author
from pedset.materials.tests.helpers import draft, submitted
from pedset.review.models import ReviewRound

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def url(name, *args):
    return reverse(f"materials:{name}", args=args)


def form_data(**changes):
    data = {
        "title": "Проектная деятельность на уроках биологии",
        "summary": "Серия уроков с проектными заданиями.",
        "material_type": MaterialType.PROJECT,
        "level": Level.OOO,
        "licence": "cc-by",
        "tags": "проект, биология",
        "links": "https://rutube.ru/video/abc/ Урок",
    }
    data.update(changes)
    return data


# --- The bank ----------------------------------------------------------------------------------


def test_the_bank_lists_submitted_materials_with_counters(client, community, author, colleague):
    shown = submitted(author, community, title="Уроки с проектами")
    hidden_draft = draft(author, community, title="Мой черновик")
    Material.objects.filter(pk=shown.pk).update(
        views_count=7, downloads_count=3, rating_sum=9, rating_count=2
    )
    client.force_login(colleague)
    response = client.get(url("bank", community.slug))
    text = page_text(response)
    assert response.status_code == 200
    assert "Уроки с проектами" in text and hidden_draft.title not in text
    assert "7 / 3" in text and "4.5" in text.replace(",", ".")
    assert "подан на экспертизу" in text
    assert author.get_full_name() in text


def test_anonymous_visitors_see_only_included_materials(client, community, author):
    material_with_author(
        community=community,
        author=author,
        status=MaterialStatus.INCLUDED,
        title="Включён в кабинет",
    )
    material_with_author(
        community=community, author=author, status=MaterialStatus.SUBMITTED, title="На экспертизе"
    )
    text = page_text(client.get(url("bank", community.slug)))
    assert "Включён в кабинет" in text and "На экспертизе" not in text
    assert "Разместить материал" not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "noo"}, {"НОО"}),
        ({"material_type": "kim"}, {"КИМ"}),
        ({"status": "included"}, {"Кабинет"}),
        ({"tag": "ФГОС"}, {"НОО"}),
        ({"subject": "SUBJECT"}, {"КИМ"}),
        ({"sort": "rating"}, {"НОО", "КИМ", "Кабинет"}),
    ],
)
def test_the_bank_filters(client, community, author, colleague, query, expected):
    subject = Subject.objects.create(name="Биология")
    material_with_author(
        community=community, author=author, status="submitted", title="НОО", level=Level.NOO
    ).tags.create(name="фгос")
    material_with_author(
        community=community,
        author=author,
        status="submitted",
        title="КИМ",
        material_type=MaterialType.KIM,
        subject=subject,
    )
    material_with_author(community=community, author=author, status="included", title="Кабинет")
    if query.get("subject") == "SUBJECT":
        query = {"subject": subject.pk}
    client.force_login(colleague)
    response = client.get(url("bank", community.slug), query)
    rows = re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())
    assert set(rows) == expected


def test_the_bank_sorts_by_rating_and_views(client, community, author, colleague):
    for title, rating_sum, views in [("Средний", 6, 5), ("Лучший", 10, 1), ("Без оценок", 0, 9)]:
        material = material_with_author(
            community=community, author=author, status="submitted", title=title
        )
        Material.objects.filter(pk=material.pk).update(
            rating_sum=rating_sum, rating_count=2 if rating_sum else 0, views_count=views
        )
    client.force_login(colleague)

    def order(sort):
        content = client.get(url("bank", community.slug), {"sort": sort}).content.decode()
        return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', content)

    assert order("rating") == ["Лучший", "Средний", "Без оценок"]
    assert order("views") == ["Без оценок", "Средний", "Лучший"]
    assert order("title") == ["Без оценок", "Лучший", "Средний"]


def test_pagination_keeps_the_filters(client, community, author, colleague):
    for i in range(23):
        material_with_author(
            community=community,
            author=author,
            status="submitted",
            title=f"Материал {i}",
            level=Level.SOO,
        )
    client.force_login(colleague)
    content = client.get(url("bank", community.slug), {"level": "soo"}).content.decode()
    assert "level=soo" in content and "page=2" in content
    second = client.get(url("bank", community.slug), {"level": "soo", "page": 2})
    assert len(re.findall(r'<th scope="row">', second.content.decode())) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"subject": "не число"},
        {"level": "<script>"},
        {"sort": "'; drop table"},
        {"tag": "x" * 500},
        {"status": "draft"},
    ],
)
def test_bad_filters_never_break_the_bank(client, community, colleague, query):
    client.force_login(colleague)
    assert client.get(url("bank", community.slug), query).status_code == 200


def test_an_unknown_community_is_404(client):
    assert client.get(url("bank", "no-such-community")).status_code == 404


def test_my_materials_lists_every_status_of_mine(client, community, author, colleague):
    mine = draft(author, community, title="Мой черновик")
    coauthored = submitted(colleague, community, title="С соавтором", coauthors=[author])
    submitted(colleague, community, title="Чужой")
    client.force_login(author)
    text = page_text(client.get(url("mine")))
    assert mine.title in text and coauthored.title in text and "Чужой" not in text
    assert client.get(url("mine")).status_code == 200


# --- Creating and editing ----------------------------------------------------------------------


def test_a_member_creates_a_material_with_files_co_authors_tags_and_links(
    client, community, author, colleague
):
    client.force_login(author)
    page = client.get(url("create", community.slug))
    assert page.status_code == 200 and colleague.get_full_name() in page.content.decode()
    response = client.post(
        url("create", community.slug),
        form_data(
            coauthors=[colleague.pk],
            files=[uploads.pdf("план.pdf"), uploads.image("схема.png")],
        ),
    )
    material = Material.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", material.pk)
    assert material.status == MaterialStatus.DRAFT
    assert list(material.authors.values_list("user_id", flat=True)) == [author.pk, colleague.pk]
    assert sorted(material.files.values_list("original_name", flat=True)) == [
        "план.pdf",
        "схема.png",
    ]
    assert sorted(material.tags.values_list("name", flat=True)) == ["биология", "проект"]
    assert material.links.get().url == "https://rutube.ru/video/abc/"


def test_non_members_cannot_open_the_form(client, community):
    outsider = MembershipFactory(community=CommunityFactory()).user
    client.force_login(outsider)
    assert client.get(url("create", community.slug)).status_code == 403
    assert client.post(url("create", community.slug), form_data()).status_code == 403
    assert not Material.objects.exists()


def test_a_co_author_from_another_community_is_refused(client, community, author):
    stranger = MembershipFactory(community=CommunityFactory()).user
    client.force_login(author)
    response = client.post(url("create", community.slug), form_data(coauthors=[stranger.pk]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in page_text(response) or "соавтор" in page_text(response)
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Укажите название"),
        ({"summary": ""}, "Напишите аннотацию"),
        ({"links": "javascript:alert(1)"}, "https://"),
        ({"tags": ", ".join(str(i) for i in range(20))}, "Слишком много тегов"),
        ({"material_type": "poem"}, "Выберите корректный вариант"),
        ({"title": "Я" * 5000}, "слишком длинное"),
    ],
)
def test_bad_input_is_refused_on_the_form(client, community, author, changes, message):
    client.force_login(author)
    response = client.post(url("create", community.slug), form_data(**changes))
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Material.objects.exists()


def test_authors_edit_drafts_and_remove_files(client, community, author, colleague):
    material = draft(author, community, files=[uploads.pdf("старый.pdf")])
    old = material.files.get()
    client.force_login(colleague)
    assert client.get(url("edit", material.pk)).status_code == 404  # a draft is not seen
    client.force_login(author)
    assert client.get(url("edit", material.pk)).status_code == 200
    response = client.post(
        url("edit", material.pk),
        form_data(title="Новое название", remove_files=[old.pk], files=[uploads.pdf("новый.pdf")]),
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "Новое название"
    assert list(material.files.values_list("original_name", flat=True)) == ["новый.pdf"]


# --- The material's page -----------------------------------------------------------------------


def test_the_page_shows_everything_and_counts_the_view(client, community, author, colleague):
    material = submitted(
        author, community, links="https://rutube.ru/video/abc/ Урок", tags="проект"
    )
    add_comment(material, colleague, "Отличный материал")
    pdf = material.files.get()
    client.force_login(colleague)
    response = client.get(url("detail", material.pk))
    content = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert material.title in text and material.summary in text
    assert author.get_full_name() in text and "Отличный материал" in text
    assert url("file", pdf.pk) in content and "RUTUBE" in text
    assert 'rel="noopener noreferrer nofollow"' in content
    assert "<iframe" not in content and "rutube.ru/play" not in content  # never embedded
    assert "{# expertise panel #}" not in content  # a template comment, not text
    assert 'name="score"' in content and 'name="body"' in content
    material.refresh_from_db()
    assert material.views_count == 1
    # the author's own look is not counted
    client.force_login(author)
    client.get(url("detail", material.pk))
    material.refresh_from_db()
    assert material.views_count == 1


def test_the_material_page_shows_its_expertise_and_its_cabinet_entry(client, community, author):
    """Given a material in expertise with an assigned expert and another already included in
    the cabinet, when the author opens their pages, then the first shows the expertise (the
    expert's deadline) and the second the order that included it."""
    from pedset.cabinet.tests.factories import cabinet_entry
    from pedset.review.tests.factories import assignment, open_round

    in_review = submitted(author, community)
    assignment(open_round(in_review), days=5)
    entry = cabinet_entry(community=community, recommended=True)
    client.force_login(author)

    text = page_text(client.get(url("detail", in_review.pk)))
    assert "Экспертиза" in text and "осталось" in text

    client.logout()
    text = page_text(client.get(url("detail", entry.material.pk)))
    assert f"№ {entry.order.number}" in text
    assert "рекомендовано к публикации" in text.lower()


def test_a_draft_is_404_for_others_and_the_bank_asks_anonymous_to_log_in(
    client, community, author, colleague
):
    material = draft(author, community)
    client.force_login(colleague)
    assert client.get(url("detail", material.pk)).status_code == 404
    bank_material = submitted(author, community, title="В банке")
    client.logout()
    response = client.get(url("detail", bank_material.pk))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get(url("detail", 987654)).status_code == 404


def test_files_are_served_as_downloads_through_the_permission_view(
    client, community, author, colleague
):
    material = submitted(author, community, files=[uploads.pdf("план урока.pdf")])
    pdf = material.files.get()
    client.force_login(colleague)
    response = client.get(url("file", pdf.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    material.refresh_from_db()
    assert material.downloads_count == 1
    # a stranger, an anonymous visitor and a foreign id get 404
    client.force_login(MembershipFactory(community=CommunityFactory()).user)
    assert client.get(url("file", pdf.pk)).status_code == 404
    client.logout()
    assert client.get(url("file", pdf.pk)).status_code == 404
    assert client.get(url("file", 99999)).status_code == 404


def test_included_materials_files_are_open_to_everyone(client, community, author):
    material = material_with_author(community=community, author=author, status="included")
    pdf = add_file(material)
    assert client.get(url("file", pdf.pk)).status_code == 200
    assert client.get(url("detail", material.pk)).status_code == 200


# --- Submission and withdrawal -----------------------------------------------------------------


def test_submission_needs_the_consent_checkbox(client, community, author):
    material = draft(author, community)
    client.force_login(author)
    page = client.get(url("submit", material.pk))
    assert "Я согласен(на) на публикацию моих фамилии, имени, отчества как автора материала" in (
        page_text(page)
    )
    response = client.post(url("submit", material.pk), {"authors_note": ""})
    assert response.status_code == 200 and "Без этого согласия" in page_text(response)
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT
    response = client.post(url("submit", material.pk), {"consent": "on"})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.status == MaterialStatus.SUBMITTED and material.round_number == 1
    assert ReviewRound.objects.filter(material=material).count() == 1
    # a second submission is refused (the page is no longer offered)
    assert client.post(url("submit", material.pk), {"consent": "on"}).status_code == 403


def test_an_incomplete_material_is_not_submitted(client, community, author):
    material = draft(author, community, files=[])
    client.force_login(author)
    response = client.post(url("submit", material.pk), {"consent": "on"})
    assert "хотя бы один файл или ссылку" in page_text(response)
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT


def test_authors_withdraw_and_others_cannot(client, community, author, colleague):
    material = submitted(author, community)
    client.force_login(colleague)
    assert client.post(url("withdraw", material.pk)).status_code == 403
    client.force_login(author)
    response = client.post(url("withdraw", material.pk), {"reason": "Нашли ошибку"})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.status == MaterialStatus.WITHDRAWN
    # the withdrawn material leaves the bank for ordinary members
    client.force_login(colleague)
    assert client.get(url("detail", material.pk)).status_code == 404


def test_a_moderator_removes_a_material(client, community, author, moderator):
    material = submitted(author, community)
    client.force_login(moderator)
    response = client.post(url("remove", material.pk), {"reason": ""})
    assert response.status_code == 200 and "Укажите причину" in page_text(response)
    client.post(url("remove", material.pk), {"reason": "Нарушены авторские права"})
    material.refresh_from_db()
    assert material.was_removed
    client.force_login(author)
    assert "Нарушены авторские права" in page_text(client.get(url("detail", material.pk)))


def test_a_draft_is_deleted_from_its_page(client, community, author):
    material = draft(author, community)
    client.force_login(author)
    assert client.get(url("delete", material.pk)).status_code == 200
    assert client.post(url("delete", material.pk)).status_code == 302
    assert not Material.objects.exists()


# --- Comments and ratings ----------------------------------------------------------------------


def test_members_comment_and_rate_through_the_page(client, community, author, colleague):
    material = submitted(author, community)
    client.force_login(colleague)
    response = client.post(url("comment_create", material.pk), {"body": "Очень полезно"})
    comment = MaterialComment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    client.post(url("rate", material.pk), {"score": "4"})
    client.post(url("rate", material.pk), {"score": "5"})
    assert MaterialRating.objects.get().score == 5
    text = page_text(client.get(url("detail", material.pk)))
    assert "Очень полезно" in text and "Ваша оценка: 5" not in text  # the widget is a form
    # an empty comment gets a message, not a row
    response = client.post(url("comment_create", material.pk), {"body": "  "})
    assert response.status_code == 200 and "Напишите текст комментария" in page_text(response)
    assert MaterialComment.objects.count() == 1


@pytest.mark.parametrize("score", ["0", "6", "abc", "", "<script>"])
def test_bad_ratings_get_a_message(client, community, author, colleague, score):
    material = submitted(author, community)
    client.force_login(colleague)
    response = client.post(url("rate", material.pk), {"score": score}, follow=True)
    assert response.status_code == 200 and "от 1 до 5" in page_text(response)
    assert not MaterialRating.objects.exists()


def test_authors_are_not_offered_to_rate(client, community, author):
    material = submitted(author, community)
    client.force_login(author)
    assert 'name="score"' not in client.get(url("detail", material.pk)).content.decode()
    response = client.post(url("rate", material.pk), {"score": "5"}, follow=True)
    assert "не оценивают" in page_text(response)


def test_a_hidden_comment_shows_its_reason_and_its_text_only_to_the_author_and_moderators(
    client, community, author, colleague, moderator
):
    material = submitted(author, community)
    comment = services.comment_create(actor=colleague, material=material, body="Резкий текст")
    client.force_login(moderator)
    client.post(url("comment_hide", comment.pk), {"reason": "Оскорбление"})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.force_login(author)
    text = page_text(client.get(url("detail", material.pk)))
    assert "Скрыт модератором: Оскорбление" in text and "Резкий текст" not in text
    client.force_login(colleague)
    assert "Резкий текст" in page_text(client.get(url("detail", material.pk)))
    client.force_login(moderator)
    assert "Резкий текст" in page_text(client.get(url("detail", material.pk)))
    # an empty reason is refused with a message
    response = client.post(url("comment_restore", comment.pk), {"reason": ""}, follow=True)
    assert "Укажите причину" in page_text(response)


def test_a_comment_is_edited_by_its_author(client, community, author, colleague):
    material = submitted(author, community)
    comment = services.comment_create(actor=colleague, material=material, body="Опечтка")
    client.force_login(author)
    assert client.get(url("comment_edit", comment.pk)).status_code == 403
    client.force_login(colleague)
    client.post(url("comment_edit", comment.pk), {"body": "Опечатка"})
    comment.refresh_from_db()
    assert comment.body == "Опечатка"


def test_get_on_post_only_addresses_is_refused_not_an_error(client, community, author, colleague):
    material = submitted(author, community)
    comment = add_comment(material, colleague)
    client.force_login(colleague)
    for address in (
        url("rate", material.pk),
        url("comment_create", material.pk),
        url("comment_hide", comment.pk),
    ):
        assert client.get(address).status_code == 405


def test_previews_are_shown_and_served_inline(
    client, community, author, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material = submitted(author, community, files=[uploads.real_pdf("план.pdf")])
    pdf = MaterialFile.objects.get(material=material)
    assert pdf.preview
    client.force_login(colleague)
    assert url("file_preview", pdf.pk) in client.get(url("detail", material.pk)).content.decode()
    response = client.get(url("file_preview", pdf.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize(
    "changes",
    [
        {"coauthors": ["abc"]},
        {"coauthors": ["999999"]},
        {"subject": "abc"},
        {"remove_files": ["999999"]},
        {"remove_files": ["x"]},
        {"level": ""},
        {"licence": "<script>"},
    ],
)
def test_no_server_error_on_tampered_forms(client, community, author, changes):
    material = draft(author, community)
    client.force_login(author)
    addresses = [url("edit", material.pk)]
    if not any(name.startswith("remove_") for name in changes):  # fields of the edit form only
        addresses.append(url("create", community.slug))
    for address in addresses:
        response = client.post(address, form_data(**changes))
        assert response.status_code == 200, address
        assert 'class="error"' in response.content.decode() or "alert-error" in (
            response.content.decode()
        )
    assert Material.objects.count() == 1


def test_foreign_files_cannot_be_removed_through_another_material(client, community, author):
    mine = draft(author, community)
    theirs = draft(MembershipFactory(community=community).user, community)
    foreign = theirs.files.get()
    client.force_login(author)
    response = client.post(url("edit", mine.pk), form_data(remove_files=[foreign.pk]))
    assert response.status_code == 200
    assert MaterialFile.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("name", ["detail", "edit", "submit", "withdraw", "remove", "delete"])
def test_unknown_materials_are_404(client, colleague, name):
    client.force_login(colleague)
    assert client.get(url(name, 424242)).status_code == 404


def test_the_new_material_form_makes_the_teacher_choose_the_level_and_type(
    client, community, author
):
    """Given the empty form, then no level and no type is chosen in advance; when the teacher
    sends it without them, then it is refused with a message and nothing is created."""
    client.force_login(author)
    page = client.get(url("create", community.slug)).content.decode()
    assert not re.search(r'<option value="(do|methodical)" selected', page)
    response = client.post(url("create", community.slug), form_data(level="", material_type=""))
    assert response.status_code == 200
    assert "Обязательное поле" in page_text(response)
    assert not Material.objects.exists()


def test_the_community_page_counts_overdue_reviews_for_those_who_run_the_expertise(
    client, community, author, coordinator
):
    """Given an expert past the deadline, when the coordinator opens the community's page, then
    «Экспертиза материалов» carries the number of overdue reviews; a member sees no such link."""
    from pedset.review.tests.factories import assignment, open_round

    assignment(open_round(submitted(author, community)), days=-2)
    client.force_login(coordinator)
    text = page_text(client.get(reverse("communities:detail", args=[community.slug])))
    assert "просрочено заключений: 1" in text
    client.force_login(author)
    text = page_text(client.get(reverse("communities:detail", args=[community.slug])))
    assert "Экспертиза материалов" not in text and "просрочено" not in text


def test_an_anonymous_reader_of_a_cabinet_material_is_told_how_to_comment(client, community):
    """Given a material of the cabinet, when an anonymous visitor reads it, then the page says
    that members comment and links to the login, coming back to the material."""
    material = material_with_author(community=community, status=MaterialStatus.INCLUDED)
    page = client.get(url("detail", material.pk)).content.decode()
    assert "Комментируют материалы участники сообщества" in page
    assert f"?next=/materials/{material.pk}/" in page
