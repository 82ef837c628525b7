"""The writes of the consultation lines: every refusal says why in words and stores nothing;
notices carry no names and no text; publication and moderation are audited."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.consultations import services
from pedset.consultations.models import Question, QuestionStatus
from pedset.consultations.services import ActionRefused
from pedset.consultations.tests.factories import (
    QuestionFactory,
    answered,
    hidden,
    open_line,
    suspend,
)
from pedset.core.models import AuditEvent, Notification
from pedset.events.models import Audience, EventForm, EventStatus
from pedset.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TEXT = "Как подготовить девятиклассников к заданию 22 ОГЭ по математике?"


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def ask(actor, line, text=TEXT, **kwargs):
    return services.question_ask(actor=actor, event=line, text=text, **kwargs)


def refused(call, **kwargs) -> str:
    with pytest.raises(ActionRefused) as caught:
        call(**kwargs)
    return caught.value.message


# --- Asking ----------------------------------------------------------------------------------


def test_a_member_asks_and_the_experts_and_speakers_are_told_without_name_or_text(
    line, asker, expert, speaker, organiser, coordinator
):
    # given a second expert who is suspended in the community
    suspended_expert = MembershipFactory(community=line.community, role=Role.EXPERT).user
    suspend(suspended_expert, line.community)

    # when a member asks a question, asking for their name to be shown
    question = ask(asker, line, "  " + TEXT + "  \r\n", show_author_name=True)

    # then it is stored trimmed, awaiting an answer, with the choice about the name
    question.refresh_from_db()
    assert question.text == TEXT
    assert question.status == QuestionStatus.OPEN and question.author == asker
    assert question.show_author_name is True
    # and the expert and the speaker are told, nobody else (not the suspended expert)
    notices = Notification.objects.filter(kind="consultation")
    assert {n.recipient_id for n in notices} == {expert.pk, speaker.pk}
    for notice in notices:
        assert line.title in notice.title
        assert notice.url == f"/consultations/line/{line.pk}/queue/"
        assert asker.last_name not in notice.title + notice.body
        assert "ОГЭ по математике?" not in notice.title + notice.body


def test_questions_are_accepted_from_the_announcement_before_the_line_starts(community, asker):
    # given a line announced for tomorrow
    starts = timezone.now() + datetime.timedelta(days=1)
    line = open_line(
        community=community, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    # when a member asks today, then the question is accepted
    assert ask(asker, line).pk


def test_an_expert_asking_is_not_told_of_their_own_question(line, expert):
    ask(expert, line)
    assert not Notification.objects.filter(recipient=expert).exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Напишите вопрос."),
        ("   \n\t ", "Напишите вопрос."),
        ("Как быть?", "Вопрос слишком короткий: не менее 10 символов (сейчас 9)."),
        ("в" * 5001, "Вопрос слишком длинный: не более 5000 символов (сейчас 5001)."),
        ("Вопрос про\x00ОГЭ и ВПР", "нулевой символ"),
        (None, "Напишите вопрос."),
    ],
    ids=["empty", "spaces", "short", "long", "nul", "none"],
)
def test_a_bad_question_is_refused_with_its_reason_and_nothing_is_stored(
    line, asker, expert, text, expected
):
    message = refused(services.question_ask, actor=asker, event=line, text=text)
    assert expected in message
    assert not Question.objects.exists()
    assert not Notification.objects.exists()


def test_exactly_ten_and_five_thousand_characters_are_accepted(line, asker):
    assert ask(asker, line, "в" * 10).text == "в" * 10
    assert ask(asker, line, "в" * 5000).text == "в" * 5000


def _cancelled(community):
    return open_line(community=community, status=EventStatus.CANCELLED)


def _draft(community):
    return open_line(community=community, status=EventStatus.DRAFT, published_at=None)


def _ended(community):
    now = timezone.now()
    return open_line(
        community=community,
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(minutes=1),
    )


def _webinar(community):
    return EventFactory(community=community, form=EventForm.WEBINAR)


@pytest.mark.parametrize(
    ("make_line", "expected"),
    [
        (_cancelled, "Консультационная линия отменена."),
        (_draft, "Консультационная линия ещё не объявлена."),
        (_ended, "Консультационная линия завершилась: вопросы больше не принимаются."),
        (_webinar, "Это мероприятие не является консультационной линией."),
    ],
    ids=["cancelled", "draft", "ended", "not-a-line"],
)
def test_no_question_to_a_line_that_is_not_open(community, asker, make_line, expected):
    line = make_line(community)
    assert refused(services.question_ask, actor=asker, event=line, text=TEXT) == expected
    assert not Question.objects.exists()


def test_the_line_stops_accepting_at_its_end(line, asker):
    # given the moment the line ends
    with time_machine.travel(line.ends_at, tick=False):
        # when a member asks, then the line has ended
        message = refused(services.question_ask, actor=asker, event=line, text=TEXT)
    assert "завершилась" in message
    assert not Question.objects.exists()


def test_no_question_in_a_closed_community(line, asker):
    line.community.closed_at = timezone.now()
    line.community.save()
    message = refused(services.question_ask, actor=asker, event=line, text=TEXT)
    assert message == "Сообщество закрыто: писать в нём больше нельзя."
    assert not Question.objects.exists()


def test_no_question_from_outside_the_audience(line, outsider):
    message = refused(services.question_ask, actor=outsider, event=line, text=TEXT)
    assert (
        message == "Задавать вопросы могут только участники аудитории этой консультационной линии."
    )
    assert not Question.objects.exists()


def test_no_question_from_an_anonymous_visitor(line):
    from django.contrib.auth.models import AnonymousUser

    message = refused(services.question_ask, actor=AnonymousUser(), event=line, text=TEXT)
    assert message == "Войдите, чтобы задать вопрос."


def test_no_question_from_a_suspended_member(line, asker):
    suspend(asker, line.community)
    message = refused(services.question_ask, actor=asker, event=line, text=TEXT)
    assert "приостановлено" in message
    assert not Question.objects.exists()


def test_a_line_open_to_everyone_takes_questions_from_any_registered_person(community, outsider):
    line = open_line(community=community, audience=Audience.EVERYONE)
    assert ask(outsider, line).author == outsider


def test_invited_organisations_staff_may_ask(community, outsider):
    from pedset.organisations.tests.factories import OrganisationFactory

    school = OrganisationFactory()
    outsider.organisation = school
    outsider.save()
    line = open_line(community=community, audience=Audience.INVITED)
    line.invited_organisations.add(school)
    assert ask(outsider, line).author == outsider


def test_ten_questions_an_hour_then_a_refusal_in_words(line, asker, colleague):
    # given ten questions asked within the hour
    for n in range(services.QUESTION_LIMIT):
        ask(asker, line, f"{TEXT} ({n})")

    # when the member asks an eleventh
    message = refused(services.question_ask, actor=asker, event=line, text=TEXT)

    # then it is refused with the time to wait, and not stored
    assert message.startswith("Вы задаёте слишком много вопросов подряд. Попробуйте через ")
    assert Question.objects.count() == services.QUESTION_LIMIT
    # and another member is not limited by it
    assert ask(colleague, line).author == colleague


def test_a_refused_question_costs_no_attempt(line, asker):
    # given ten too-short questions refused
    for _ in range(services.QUESTION_LIMIT):
        refused(services.question_ask, actor=asker, event=line, text="коротко")
    # when the member then asks a proper one, then it is accepted
    assert ask(asker, line).pk


# --- Answering -------------------------------------------------------------------------------


@pytest.fixture
def question(line, asker):
    return QuestionFactory(event=line, author=asker)


def test_an_expert_answers_and_the_asker_is_told_once(question, expert, asker):
    # when an expert answers
    services.question_answer(actor=expert, question=question, text="  Решайте **задачи**.  ")

    # then the answer is stored with its author and time
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Решайте **задачи**."
    assert question.answered_by == expert and question.answered_at is not None
    assert question.published_at is None
    # and the asker is told, without the expert's name or the answer
    notice = Notification.objects.get(recipient=asker)
    assert notice.kind == "consultation"
    assert notice.url == f"/consultations/{question.pk}/"
    assert expert.last_name not in notice.title + notice.body
    assert "задачи" not in notice.title + notice.body

    # when the expert corrects the answer before it is published
    services.question_answer(actor=expert, question=question, text="Решайте задачи ФИПИ.")

    # then the answer changes and the asker is not told again
    question.refresh_from_db()
    assert question.answer == "Решайте задачи ФИПИ."
    assert Notification.objects.filter(recipient=asker).count() == 1


def test_a_speaker_who_is_not_an_expert_answers(question, speaker):
    services.question_answer(actor=speaker, question=question, text="Ответ докладчика.")
    question.refresh_from_db()
    assert question.answered_by == speaker


def test_a_speaker_from_another_community_answers(line, question):
    from pedset.accounts.tests.factories import UserFactory
    from pedset.events.models import EventRole
    from pedset.events.tests.factories import event_person

    guest = event_person(line, EventRole.SPEAKER, user=UserFactory()).user
    services.question_answer(actor=guest, question=question, text="Ответ приглашённого.")
    question.refresh_from_db()
    assert question.answered_by == guest


def test_answering_goes_on_after_the_line_ended(question, expert):
    with time_machine.travel(question.event.ends_at + datetime.timedelta(days=2)):
        services.question_answer(actor=expert, question=question, text="Ответ после линии.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


@pytest.mark.parametrize("who", ["colleague", "coordinator", "moderator", "organiser"])
def test_people_who_do_not_answer_cannot_answer(request, question, who):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=person, question=question, text="Мой ответ.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.answer == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Напишите ответ."),
        ("ы" * 10001, "Ответ слишком длинный: не более 10000 символов (сейчас 10001)."),
        ("Ответ\x00", "нулевой символ"),
    ],
    ids=["empty", "long", "nul"],
)
def test_a_bad_answer_is_refused_and_nothing_changes(question, expert, asker, text, expected):
    assert expected in refused(services.question_answer, actor=expert, question=question, text=text)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.answer == ""
    assert not Notification.objects.filter(recipient=asker).exists()


def test_an_expert_does_not_answer_their_own_question(line, expert):
    own = QuestionFactory(event=line, author=expert)
    message = refused(services.question_answer, actor=expert, question=own, text="Сам себе.")
    assert message == "Вы не отвечаете на собственный вопрос."


def test_a_published_answer_is_not_edited(question, expert):
    answered(question, expert, published=True, text="Старый ответ.")
    message = refused(services.question_answer, actor=expert, question=question, text="Новый.")
    assert message == "Ответ опубликован: снимите его с публикации, прежде чем менять."
    question.refresh_from_db()
    assert question.answer == "Старый ответ."


def test_a_hidden_question_is_not_answered(question, expert):
    hidden(question)
    message = refused(services.question_answer, actor=expert, question=question, text="Ответ.")
    assert message == "Вопрос скрыт модератором."


def test_a_suspended_expert_does_not_answer(question, expert):
    suspend(expert, question.event.community)
    message = refused(services.question_answer, actor=expert, question=question, text="Ответ.")
    assert "приостановлено" in message
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_an_unchanged_answer_is_refused(question, expert):
    answered(question, expert, text="Ответ.")
    message = refused(services.question_answer, actor=expert, question=question, text="Ответ.")
    assert message == "Ответ не изменился."


def test_a_withdrawn_question_cannot_be_answered(question, expert):
    stale = Question.objects.get(pk=question.pk)
    question.delete()
    message = refused(services.question_answer, actor=expert, question=stale, text="Ответ.")
    assert message == "Вопроса больше нет: автор его отозвал."


# --- Publication ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["expert", "speaker", "organiser", "coordinator"])
def test_answerers_and_managers_publish_and_take_back(request, question, who):
    person = request.getfixturevalue(who)
    answered(question)

    services.question_publish(actor=person, question=question)
    question.refresh_from_db()
    assert question.published_at is not None
    published = AuditEvent.objects.get(action="consultation_question_published")
    assert published.actor == person and published.target_id == str(question.pk)
    assert published.community == question.event.community

    services.question_unpublish(actor=person, question=question)
    question.refresh_from_db()
    assert question.published_at is None
    assert AuditEvent.objects.filter(action="consultation_question_unpublished").count() == 1


@pytest.mark.parametrize("who", ["colleague", "asker", "moderator"])
def test_others_do_not_publish(request, question, who):
    answered(question)
    with pytest.raises(PermissionDenied):
        services.question_publish(actor=request.getfixturevalue(who), question=question)
    question.refresh_from_db()
    assert question.published_at is None


def test_only_an_answered_question_is_published(question, expert):
    assert (
        refused(services.question_publish, actor=expert, question=question)
        == "Опубликовать можно только вопрос с ответом."
    )
    question.refresh_from_db()
    assert question.published_at is None


def test_publishing_twice_and_unpublishing_an_unpublished_one_are_refused(question, expert):
    answered(question)
    assert (
        refused(services.question_unpublish, actor=expert, question=question)
        == "Вопрос не опубликован."
    )
    services.question_publish(actor=expert, question=question)
    assert (
        refused(services.question_publish, actor=expert, question=question)
        == "Вопрос уже опубликован."
    )
    assert AuditEvent.objects.filter(action__startswith="consultation_").count() == 1


# --- Moderation -------------------------------------------------------------------------------


def test_a_moderator_hides_a_published_question_with_a_reason(question, moderator, asker):
    # given a published question
    answered(question, published=True)

    # when a moderator hides it with a reason
    services.question_hide(actor=moderator, question=question, reason="  Реклама курсов  ")

    # then it is hidden with the reason and off publication
    question.refresh_from_db()
    assert question.status == QuestionStatus.HIDDEN
    assert question.hidden_reason == "Реклама курсов"
    assert question.published_at is None
    # and the audit log keeps who, whose, why
    entry = AuditEvent.objects.get(action="consultation_question_hidden")
    assert entry.actor == moderator and entry.subject_user_id == asker.pk
    assert entry.reason == "Реклама курсов" and entry.data["was_published"] is True
    # and the asker is told with the reason (kind «moderation»)
    notice = Notification.objects.get(recipient=asker, kind="moderation")
    assert "Реклама курсов" in notice.body
    assert question.event.title in notice.title

    # when the moderator shows it again, then it is answered but not published
    services.question_restore(actor=moderator, question=question, reason="Ошибка")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.published_at is None
    assert question.hidden_reason == ""
    assert AuditEvent.objects.get(action="consultation_question_restored").reason == "Ошибка"


def test_an_unanswered_question_restored_awaits_an_answer(question, coordinator):
    services.question_hide(actor=coordinator, question=question, reason="Проверка")
    services.question_restore(actor=coordinator, question=question, reason="Проверено")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


@pytest.mark.parametrize(("reason", "expected"), [("", "Укажите причину"), ("п" * 2001, "длинная")])
def test_hiding_needs_a_reason(question, moderator, reason, expected):
    answered(question, published=True)
    assert expected in refused(
        services.question_hide, actor=moderator, question=question, reason=reason
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.published_at is not None
    assert not AuditEvent.objects.filter(action="consultation_question_hidden").exists()


@pytest.mark.parametrize("who", ["colleague", "expert", "asker", "organiser"])
def test_only_moderators_hide(request, question, who):
    answered(question, published=True)
    with pytest.raises(PermissionDenied):
        services.question_hide(
            actor=request.getfixturevalue(who), question=question, reason="Причина"
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_hiding_twice_and_restoring_a_shown_question_are_refused(question, moderator):
    answered(question, published=True)
    assert (
        refused(services.question_restore, actor=moderator, question=question, reason="Р")
        == "Вопрос не скрыт."
    )
    services.question_hide(actor=moderator, question=question, reason="Причина")
    assert (
        refused(services.question_hide, actor=moderator, question=question, reason="Р")
        == "Вопрос уже скрыт."
    )


# --- Withdrawal -------------------------------------------------------------------------------


def test_the_asker_withdraws_an_unanswered_question(question, asker):
    services.question_withdraw(actor=asker, question=question)
    assert not Question.objects.exists()


def test_an_answered_question_is_not_withdrawn(question, asker):
    answered(question)
    assert (
        refused(services.question_withdraw, actor=asker, question=question)
        == "На вопрос уже ответили, отозвать его нельзя."
    )
    assert Question.objects.count() == 1


def test_a_hidden_question_is_not_withdrawn(question, asker):
    hidden(question)
    assert "скрыт модератором" in refused(
        services.question_withdraw, actor=asker, question=question
    )
    assert Question.objects.count() == 1


@pytest.mark.parametrize("who", ["colleague", "expert", "coordinator"])
def test_nobody_else_withdraws_a_question(request, question, who):
    with pytest.raises(PermissionDenied):
        services.question_withdraw(actor=request.getfixturevalue(who), question=question)
    assert Question.objects.count() == 1
