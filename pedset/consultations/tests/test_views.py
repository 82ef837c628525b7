"""The pages of the consultation lines: what each reader sees, the forms, the answers for bad
input (a form error, nothing stored), 404 for what the reader may not see, 405 for GET on a
write, and the event page's panel."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.consultations.models import Question, QuestionStatus
from pedset.consultations.tests.factories import QuestionFactory, answered, hidden, open_line
from pedset.core.models import AuditEvent
from pedset.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TEXT = "Какие задания ВПР по русскому языку вызывают больше всего трудностей?"


@pytest.fixture(autouse=True)
def _russian(settings):
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        yield


def url(name, *args):
    return reverse(f"consultations:{name}", args=args)


# --- The line's page ---------------------------------------------------------------------------


def test_anonymous_visitors_read_published_answers_without_any_name(client, line, asker):
    # given a published question whose asker agreed to show the name, and an unpublished one
    published = answered(
        QuestionFactory(event=line, author=asker, show_author_name=True, text=TEXT),
        published=True,
        text="Задание **7**: <script>alert(1)</script>",
    )
    QuestionFactory(event=line, text="Секретный вопрос про проверку тетрадей и журнал")

    # when an anonymous visitor opens the line
    response = client.get(url("line", line.pk))

    # then the published question and its answer are shown, rendered and sanitised
    page = response.content.decode()
    assert response.status_code == 200
    assert TEXT in page
    assert "<strong>7</strong>" in page and "<script>alert(1)</script>" not in page
    # but neither the asker's nor the expert's name, nor the unpublished question
    assert asker.last_name not in page
    assert published.answered_by.last_name not in page
    assert "Секретный вопрос" not in page
    assert "Войдите, чтобы задать вопрос." in page


def test_a_member_sees_the_asker_who_agreed_and_their_own_questions(client, line, asker, colleague):
    answered(
        QuestionFactory(event=line, author=asker, show_author_name=True, text=TEXT),
        published=True,
    )
    own = QuestionFactory(event=line, author=colleague, text="Мой вопрос о проектной работе")
    client.force_login(colleague)

    page = client.get(url("line", line.pk)).content.decode()

    assert asker.get_full_name() in page
    assert "Мои вопросы" in page and own.text in page
    assert url("ask", line.pk) in page
    assert url("queue", line.pk) not in page


def test_the_line_of_a_draft_is_not_found(client, community, asker):
    draft = open_line(community=community, status="draft", published_at=None)
    client.force_login(asker)
    assert client.get(url("line", draft.pk)).status_code == 404


def test_an_event_of_another_form_has_no_line(client, community, asker):
    webinar = EventFactory(community=community)
    client.force_login(asker)
    assert client.get(url("line", webinar.pk)).status_code == 404
    assert client.get(url("ask", webinar.pk)).status_code == 404
    assert client.get(url("line", 987654)).status_code == 404


def test_the_deadline_for_questions_is_in_the_readers_and_the_communitys_zone(
    client, community, asker
):
    # given a line of a Moscow-time community that ends at 18:00 МСК, read from Yakutia
    import datetime

    community.time_zone = "Europe/Moscow"
    community.save()
    ends = datetime.datetime(2030, 3, 5, 15, 0, tzinfo=datetime.UTC)
    line = open_line(community=community, ends_at=ends)
    asker.time_zone = "Asia/Yakutsk"
    asker.save()
    client.force_login(asker)
    # when the reader opens the event's page
    page = client.get(reverse("events:detail", args=[line.pk])).content.decode()
    # then the deadline reads in both zones: midnight in Yakutsk is the next day
    assert "6 марта 2030, 00:00 ЯКТ / 5 марта 2030, 18:00 МСК" in page


# --- Asking ------------------------------------------------------------------------------------


def test_a_member_asks_through_the_form(client, line, asker):
    client.force_login(asker)
    assert client.get(url("ask", line.pk)).status_code == 200

    response = client.post(
        url("ask", line.pk), {"question-text": TEXT, "question-show_author_name": "on"}
    )

    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == url("question", question.pk)
    assert question.author == asker and question.text == TEXT and question.show_author_name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Напишите вопрос."),
        ("коротко", "Вопрос слишком короткий"),
        ("ы" * 5001, "Вопрос слишком длинный"),
        ("текст\x00вопроса про ОГЭ", ""),
    ],
    ids=["empty", "short", "long", "nul"],
)
def test_a_bad_question_is_a_form_error_and_nothing_is_stored(client, line, asker, text, message):
    client.force_login(asker)
    response = client.post(url("ask", line.pk), {"question-text": text})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_someone_outside_the_audience_is_told_why_and_nothing_is_stored(client, line, outsider):
    client.force_login(outsider)
    page = client.get(url("ask", line.pk)).content.decode()
    assert "Задавать вопросы могут только участники аудитории" in page
    assert 'name="question-text"' not in page

    response = client.post(url("ask", line.pk), {"question-text": TEXT})
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_the_rate_limit_answers_in_words(client, line, asker):
    from pedset.consultations import services

    client.force_login(asker)
    for n in range(services.QUESTION_LIMIT):
        client.post(url("ask", line.pk), {"question-text": f"{TEXT} {n}"})
    response = client.post(url("ask", line.pk), {"question-text": TEXT})
    assert "слишком много вопросов подряд" in response.content.decode()
    assert Question.objects.count() == services.QUESTION_LIMIT


def test_asking_needs_a_login(client, line):
    response = client.post(url("ask", line.pk), {"question-text": TEXT})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not Question.objects.exists()


# --- The queue and answering -------------------------------------------------------------------


def test_the_expert_answers_from_the_queue(client, line, expert, asker):
    older = QuestionFactory(event=line, author=asker, text="Первый вопрос о ВПР и ОГЭ")
    newer = QuestionFactory(event=line, text="Второй вопрос о ВПР и ОГЭ")
    client.force_login(expert)

    # the queue lists the open questions, the oldest first, with the asker's name
    page = client.get(url("queue", line.pk)).content.decode()
    assert page.index(older.text) < page.index(newer.text)
    assert asker.get_full_name() in page

    # when the expert answers from the queue, then they return there and the answer is stored
    response = client.post(
        url("answer", older.pk), {"text": "Смотрите демоверсию.", "return_to": "queue"}
    )
    assert response.status_code == 302 and response["Location"] == url("queue", line.pk)
    older.refresh_from_db()
    assert older.status == QuestionStatus.ANSWERED and older.answered_by == expert

    # and the answered tab offers to publish it
    page = client.get(url("queue", line.pk), {"show": "answered"}).content.decode()
    assert url("publish", older.pk) in page


def test_an_empty_answer_is_a_form_error(client, line, expert):
    question = QuestionFactory(event=line)
    client.force_login(expert)
    response = client.post(url("answer", question.pk), {"text": "   "})
    assert response.status_code == 200
    assert "Напишите ответ." in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_an_unknown_tab_of_the_queue_shows_the_open_questions(client, line, expert):
    client.force_login(expert)
    response = client.get(url("queue", line.pk), {"show": "<script>", "page": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["colleague", "moderator", "outsider"])
def test_the_queue_is_not_found_for_others(client, line, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("queue", line.pk)).status_code == 404


def test_a_coordinator_publishes_and_every_reader_sees_it(client, line, coordinator):
    question = answered(QuestionFactory(event=line, text=TEXT))
    client.force_login(coordinator)
    response = client.post(url("publish", question.pk))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.published_at is not None
    client.logout()
    assert TEXT in client.get(url("question", question.pk)).content.decode()


def test_publishing_an_unanswered_question_is_refused_in_words(client, line, expert):
    question = QuestionFactory(event=line)
    client.force_login(expert)
    response = client.post(url("publish", question.pk), follow=True)
    assert "Опубликовать можно только вопрос с ответом." in response.content.decode()
    question.refresh_from_db()
    assert question.published_at is None


def test_a_member_cannot_publish(client, line, colleague):
    question = answered(QuestionFactory(event=line), published=True)
    client.force_login(colleague)
    assert client.post(url("unpublish", question.pk)).status_code == 403
    question.refresh_from_db()
    assert question.published_at is not None


# --- One question ------------------------------------------------------------------------------


def test_a_question_of_another_member_is_not_found(client, line, colleague):
    question = QuestionFactory(event=line)
    client.force_login(colleague)
    for name in ("question",):
        assert client.get(url(name, question.pk)).status_code == 404
    for name in ("answer", "publish", "unpublish", "hide", "restore", "withdraw"):
        assert client.post(url(name, question.pk), {"text": "x", "reason": "x"}).status_code == 404
    assert Question.objects.get().status == QuestionStatus.OPEN


def test_foreign_and_unknown_ids_are_not_found(client, expert):
    # given a question on a line of another community (unpublished)
    other = QuestionFactory(event=open_line(community=CommunityFactory()))
    client.force_login(expert)
    assert client.get(url("question", other.pk)).status_code == 404
    assert client.post(url("answer", other.pk), {"text": "Ответ."}).status_code == 404
    assert client.get(url("queue", other.event.pk)).status_code == 404
    assert client.get(url("question", 987654)).status_code == 404
    other.refresh_from_db()
    assert other.status == QuestionStatus.OPEN


def test_an_anonymous_visitor_is_asked_to_log_in_for_an_unpublished_question(client, line):
    question = QuestionFactory(event=line)
    response = client.get(url("question", question.pk))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("name", ["answer", "publish", "unpublish", "hide", "restore", "withdraw"])
def test_writes_answer_get_with_405(client, line, asker, name):
    question = QuestionFactory(event=line, author=asker)
    client.force_login(asker)
    assert client.get(url(name, question.pk)).status_code == 405


@pytest.mark.parametrize("name", ["line", "queue"])
def test_pages_answer_post_with_405(client, line, expert, name):
    client.force_login(expert)
    assert client.post(url(name, line.pk)).status_code == 405


def test_the_moderator_hides_with_a_reason_and_the_asker_sees_it(client, line, moderator, asker):
    question = answered(QuestionFactory(event=line, author=asker, text=TEXT), published=True)
    client.force_login(moderator)

    # without a reason: refused in words, nothing changes
    response = client.post(url("hide", question.pk), {"reason": " "}, follow=True)
    assert "Укажите причину" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED

    # with a reason: hidden, audited
    client.post(url("hide", question.pk), {"reason": "Реклама"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.HIDDEN
    assert AuditEvent.objects.get(action="consultation_question_hidden").reason == "Реклама"

    # the public no longer sees it; the asker sees the reason
    client.logout()
    assert TEXT not in client.get(url("line", line.pk)).content.decode()
    client.force_login(asker)
    page = client.get(url("question", question.pk)).content.decode()
    assert "Скрыт модератором: Реклама" in page


def test_the_asker_withdraws_an_unanswered_question(client, line, asker):
    question = QuestionFactory(event=line, author=asker)
    client.force_login(asker)
    response = client.post(url("withdraw", question.pk))
    assert response.status_code == 302 and response["Location"] == url("line", line.pk)
    assert not Question.objects.exists()


def test_withdrawing_an_answered_question_is_refused_in_words(client, line, asker):
    question = answered(QuestionFactory(event=line, author=asker))
    client.force_login(asker)
    response = client.post(url("withdraw", question.pk), follow=True)
    assert "отозвать его нельзя" in response.content.decode()
    assert Question.objects.exists()


def test_the_page_of_a_hidden_question_is_not_found_for_the_expert(client, line, expert):
    question = hidden(QuestionFactory(event=line))
    client.force_login(expert)
    assert client.get(url("question", question.pk)).status_code == 404


# --- The panel on the event's page -------------------------------------------------------------


def _panel(event, user):
    request = RequestFactory().get(f"/events/{event.pk}/")
    request.user = user
    template = Template("{% load consultations_tags %}{% consultations_panel event %}")
    return template.render(Context({"event": event, "request": request}))


def test_the_panel_is_empty_for_other_forms(community, asker):
    assert _panel(EventFactory(community=community), asker).strip() == ""


def test_the_panel_offers_the_form_my_questions_and_published_answers(line, asker, colleague):
    mine = QuestionFactory(
        event=line, author=colleague, text="Мой вопрос про читательскую грамотность"
    )
    # a surname nobody else here has: Faker may give the answering expert the asker's
    asker.last_name = "Неповторимова"
    asker.save()
    answered(QuestionFactory(event=line, author=asker, text=TEXT), published=True)

    html = _panel(line, colleague)

    assert 'id="consultation"' in html and "Консультационная линия" in html
    assert 'name="question-text"' in html and url("ask", line.pk) in html
    assert "Мои вопросы" in html and url("question", mine.pk) in html
    assert TEXT in html
    assert asker.last_name not in html  # the asker did not agree to show the name


def test_the_panel_of_an_expert_links_to_the_queue_with_the_count(line, expert):
    QuestionFactory(event=line)
    QuestionFactory(event=line)
    html = _panel(line, expert)
    assert url("queue", line.pk) in html and "2 ждут ответа" in html


def test_the_panel_tells_anonymous_visitors_to_log_in(line):
    html = _panel(line, AnonymousUser())
    assert "Войдите</a>, чтобы задать вопрос." in html
    assert 'name="question-text"' not in html


def test_the_panel_links_to_all_published_questions_when_there_are_more(line):
    for n in range(7):
        answered(QuestionFactory(event=line, text=f"{TEXT} {n}"), published=True)
    html = _panel(line, MembershipFactory(community=line.community).user)
    assert "Все 7 опубликованных вопросов" in html
    assert html.count("<article") == 5


def test_only_moderators_see_the_hidden_tab_of_the_queue(client, line, expert, coordinator):
    question = hidden(QuestionFactory(event=line, text=TEXT))
    # an expert asking for the hidden tab gets the open questions, no hidden text, no tab
    client.force_login(expert)
    page = client.get(url("queue", line.pk), {"show": "hidden"}).content.decode()
    assert TEXT not in page and 'href="?show=hidden"' not in page
    # the coordinator (a moderator of the community) sees it with the reason
    client.force_login(coordinator)
    page = client.get(url("queue", line.pk), {"show": "hidden"}).content.decode()
    assert TEXT in page and question.hidden_reason in page and 'href="?show=hidden"' in page


def test_publishing_from_the_answered_tab_returns_to_it(client, line, expert):
    question = answered(QuestionFactory(event=line))
    client.force_login(expert)
    response = client.post(url("publish", question.pk), {"return_to": "queue", "show": "answered"})
    assert response["Location"] == url("queue", line.pk) + "?show=answered"
    response = client.post(url("unpublish", question.pk), {"return_to": "queue", "show": "evil"})
    assert response["Location"] == url("queue", line.pk)
