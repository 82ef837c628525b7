"""Query budgets: the answerers' queue (each tab), the line's published questions and answers,
a question's page and the event page's panel cost the same number of queries for 3 and for 30
questions (20 a page). Each budget is today's count plus 2; an N+1 blows it at the larger size."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from pedset.communities.tests.factories import MembershipFactory
from pedset.consultations.tests.factories import QuestionFactory, answered

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def fill(line, size, *, state):
    """`size` questions by different members, answered by different experts when asked."""
    community = line.community
    askers = [MembershipFactory(community=community).user for _ in range(5)]
    experts = [MembershipFactory(community=community, role="expert").user for _ in range(3)]
    for n in range(size):
        question = QuestionFactory(
            event=line, author=askers[n % 5], show_author_name=bool(n % 2), text=f"Вопрос {n} " * 3
        )
        if state != "open":
            answered(question, experts[n % 3], published=state == "published")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("show", "state"), [("open", "open"), ("answered", "answered")])
def test_queue_budget(client, line, expert, size, show, state, django_assert_max_num_queries):
    fill(line, size, state=state)
    client.force_login(expert)
    with django_assert_max_num_queries(13):  # 11 today
        response = client.get(reverse("consultations:queue", args=[line.pk]), {"show": show})
    assert response.status_code == 200
    assert response.content.decode().count("<article") == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_published_list_budget(client, line, colleague, size, django_assert_max_num_queries):
    fill(line, size, state="published")
    # and the reader's own questions on the line
    for n in range(size // 3):
        QuestionFactory(event=line, author=colleague, text=f"Мой вопрос номер {n}")
    client.force_login(colleague)
    with django_assert_max_num_queries(14):  # 12 today
        response = client.get(reverse("consultations:line", args=[line.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<article") == min(size, 20) + size // 3


@pytest.mark.parametrize("size", SIZES)
def test_published_list_budget_for_anonymous_visitors(
    client, line, size, django_assert_max_num_queries
):
    fill(line, size, state="published")
    with django_assert_max_num_queries(5):  # 3 today
        response = client.get(reverse("consultations:line", args=[line.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_panel_budget(line, colleague, size, django_assert_max_num_queries):
    fill(line, size, state="published")
    for n in range(size // 3):
        QuestionFactory(event=line, author=colleague, text=f"Мой вопрос номер {n}")
    request = RequestFactory().get("/")
    request.user = colleague
    template = Template("{% load consultations_tags %}{% consultations_panel event %}")
    with django_assert_max_num_queries(9):  # 7 today (6 with at most 5 published)
        html = template.render(Context({"event": line, "request": request}))
    assert html.count("<article") == min(size, 5)
