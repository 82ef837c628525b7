"""Personal-data hooks of the consultation lines: the export holds the person's questions with
their answers and the answers they wrote; on withdrawal the unpublished questions are deleted
and the published ones stay without the name."""

import pytest
from django.urls import reverse
from django.utils import translation

from pedset.consultations import personal_data
from pedset.consultations.models import Question
from pedset.consultations.tests.factories import QuestionFactory, answered, hidden

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(line, asker, expert, colleague):
    return {
        "open": QuestionFactory(event=line, author=asker, text="Открытый вопрос о ВПР"),
        "private": answered(
            QuestionFactory(event=line, author=asker, text="Личный вопрос о ВПР"),
            expert,
            text="Личный ответ",
        ),
        "public": answered(
            QuestionFactory(
                event=line, author=asker, show_author_name=True, text="Публичный вопрос о ВПР"
            ),
            expert,
            published=True,
        ),
        "hidden": hidden(QuestionFactory(event=line, author=asker, text="Скрытый вопрос о ВПР")),
        "others": answered(
            QuestionFactory(event=line, author=colleague, text="Чужой вопрос о ВПР"),
            expert,
            text="Ответ эксперта коллеге",
        ),
    }


def test_the_hooks_are_found_by_privacy():
    from pedset.privacy.registry import erase_hooks, export_hooks

    assert "consultations" in {hook.app_label for hook in export_hooks()}
    assert "consultations" in {hook.app_label for hook in erase_hooks()}


def test_export_holds_my_questions_and_the_answers_i_wrote(written, asker, expert, line):
    mine = personal_data.export(asker)
    texts = [q["text"] for q in mine["consultation_questions"]]
    assert texts == [
        "Открытый вопрос о ВПР",
        "Личный вопрос о ВПР",
        "Публичный вопрос о ВПР",
        "Скрытый вопрос о ВПР",
    ]
    private = mine["consultation_questions"][1]
    assert private["answer"] == "Личный ответ" and private["line"]["id"] == line.pk
    assert mine["consultation_questions"][3]["hidden_reason"]
    assert "Чужой вопрос" not in str(mine)

    # the expert's export: the answers, not the askers' names or questions
    theirs = personal_data.export(expert)
    assert {a["answer"] for a in theirs["consultation_answers"]} >= {"Ответ эксперта коллеге"}
    assert asker.last_name not in str(theirs) and "Чужой вопрос" not in str(theirs)


def test_erase_deletes_the_unpublished_and_keeps_the_published_without_the_name(written, asker):
    with translation.override("ru"):
        categories = personal_data.erase(asker)

    assert categories == ["неопубликованные вопросы консультационным линиям"]
    left = Question.objects.filter(author=asker)
    assert list(left) == [written["public"]]
    assert left.get().show_author_name is False
    # other people's questions stay as they are
    assert Question.objects.filter(pk=written["others"].pk).exists()
    # nothing left to erase the second time
    assert personal_data.erase(asker) == []


def test_withdrawal_from_the_platform_runs_the_hook(
    client, written, asker, expert, django_capture_on_commit_callbacks
):
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.services import consent_revoke_all
    from pedset.privacy.tests.factories import ConsentTextFactory

    ConsentTextFactory(operator=OrganisationFactory(operates_platform=True))
    full_name = asker.get_full_name()

    # when the asker withdraws from the platform
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        act = consent_revoke_all(user=asker)

    # then only the published question stays (and other people's), named in the act
    assert set(Question.objects.values_list("pk", flat=True)) == {
        written["public"].pk,
        written["others"].pk,
    }
    assert "неопубликованные вопросы консультационным линиям" in act.destroyed
    # and even the expert, who sees askers' names, reads «Бывший участник»
    client.force_login(expert)
    page = client.get(reverse("consultations:question", args=[written["public"].pk]))
    assert "Бывший участник" in page.content.decode()
    assert full_name not in page.content.decode()
