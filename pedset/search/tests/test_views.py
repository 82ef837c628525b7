"""The page /search/: results grouped by kind with counts, highlighted and escaped, paginated;
every odd input answered in Russian (never a 500); throttled; a query budget that does not grow
with the index."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.forum.models import Section
from pedset.forum.services import section_create_defaults
from pedset.forum.tests.factories import make_topic
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.search.tests import corpus
from pedset.search.tests.factories import publish, reindex
from tests.e2e.xss_payloads import SHORT_PAYLOADS

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code in (200, 429), response.status_code
    return response, response.content.decode()


class ResultMarkup(HTMLParser):
    """Tags and attributes inside the results block (its nested elements counted, so the block
    ends where it ends; a void tag injected there would show up in ``tags`` anyway)."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "source", "embed", "wbr", "area"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.done = False
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if not self.depth:
            if "search-results" in (dict(attrs).get("class") or ""):
                self.depth = 1
            return
        self.tags.add(tag)
        self.attributes.update(name for name, _value in attrs)
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and not self.done:
            self.depth -= 1
            self.done = self.depth == 0


@pytest.fixture
def keyed(db):
    keys = corpus.build()
    reindex()
    return keys


def test_the_page_without_a_query_explains_itself(client):
    response, html = page(client)
    assert response.status_code == 200
    assert "учитель» находит «учителя»" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Введите слово"),
        ("   ", "Введите слово"),
        ("!!! ??? %%%", "нет слов, по которым можно искать"),
        ("и в на", "только служебные слова"),
        ("слово " * 40, "Запрос слишком длинный"),
        ("учитель урок школа класс проект тема план", "Слишком много слов"),
        ("урок\x00", "ноль"),
    ],
)
def test_unsearchable_queries_get_a_russian_message(client, query, message):
    response, html = page(client, q=query)
    assert response.status_code == 200
    assert message in html


def test_unknown_kind_and_community_get_a_russian_message(client):
    _response, html = page(client, q="урок", kind="events")
    assert "Выберите один из видов результатов" in html
    _response, html = page(client, q="урок", community="no-such-community")
    assert "Такого сообщества нет" in html


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.text(max_size=300),
    kind=st.sampled_from(["", "material", "post", "member", "x", "\x00"]),
    community=st.one_of(st.just(""), st.text(max_size=20)),
    page_number=st.text(max_size=12),
)
def test_no_input_makes_a_server_error(client, q, kind, community, page_number):
    page(client, q=q, kind=kind, community=community, page=page_number)


def test_a_member_sees_every_kind_with_counts_and_snippets(client, keyed):
    reader_id = keyed["_reader"][1]
    from pedset.accounts.models import User

    client.force_login(User.objects.get(pk=reader_id))
    response, html = page(client, q="проектная деятельность")
    assert response.status_code == 200
    # tabs with counts: 8 in all — 4 materials, 2 posts, 2 people
    assert re.search(r"Всё <span[^>]*>8</span>", html)
    assert re.search(r"Материалы <span[^>]*>4</span>", html)
    assert re.search(r"Форум <span[^>]*>2</span>", html)
    assert re.search(r"Участники <span[^>]*>2</span>", html)
    assert "<mark>Проектная</mark> <mark>деятельность</mark> в детском саду" in html
    assert "<mark>проектную</mark> <mark>деятельность</mark> по листу оценки" in html
    # the post's Markdown is shown as plain words
    assert "**" not in html
    # one kind only
    _response, html = page(client, q="проектная деятельность", kind="post")
    assert html.count('class="card"') == 2
    assert reverse("forum:post", args=[keyed["p-reply-projects"][1]]) in html


def test_an_anonymous_visitor_sees_only_public_things(client, keyed):
    _response, html = page(client, q="проектная деятельность")
    assert re.search(r"Всё <span[^>]*>3</span>", html)
    assert "детском саду" not in html  # the bank
    assert "Черновик" not in html
    assert "Скрытое обсуждение" not in html
    assert "Лебедева" not in html  # her «about me» is not published
    _response, html = page(client, q="учитель")
    assert "Лебедева" in html and "<mark>учитель</mark> биологии" in html
    assert "Орлова" not in html


def test_results_are_paginated(client, db):
    community = CommunityFactory()
    for n in range(25):
        material_with_author(
            community=community, status=MaterialStatus.INCLUDED, title=f"Опыт наставничества {n}"
        )
    reindex()
    _response, html = page(client, q="наставничество")
    assert html.count('class="card"') == 20
    assert "Страница 1 из 2" in html
    _response, html = page(client, q="наставничество", page=2)
    assert html.count('class="card"') == 5


# PostgreSQL stores no NUL character (the apps' forms refuse it before it gets that far).
STORABLE_PAYLOADS = [p for p in SHORT_PAYLOADS if "\x00" not in p]


@pytest.mark.parametrize("payload", STORABLE_PAYLOADS)
def test_user_text_in_results_is_inert(client, db, payload):
    """Titles, annotations, posts and profiles carrying the XSS corpus come out as text: inside
    the results only the page's own tags and attributes occur."""
    community = CommunityFactory()
    section_create_defaults(community=community)
    section = Section.objects.filter(community=community, kind=Section.Kind.REGULAR).first()
    member = MembershipFactory(community=community).user
    material_with_author(
        community=community,
        status=MaterialStatus.INCLUDED,
        title=f"Урок {payload}",
        summary=f"{payload} урок {payload}",
    )
    make_topic(section, member, title=f"Урок {payload}", bodies=[f"урок {payload}"])
    member.about = f"урок {payload}"
    member.save()
    publish(member, "full_name", "about")
    reindex()
    client.force_login(member)
    _response, html = page(client, q="урок")
    markup = ResultMarkup()
    markup.feed(html)
    assert markup.done
    assert markup.tags <= {"article", "h2", "a", "p", "span", "mark"}
    assert markup.attributes <= {"class", "href"}
    assert "<mark>" in html


def test_searches_are_throttled_per_person_and_per_address(client, db, settings):
    settings.SEARCH_LIMIT_PER_IP = 2
    settings.SEARCH_LIMIT = 3
    for _ in range(2):
        assert page(client, q="урок")[0].status_code == 200
    response, html = page(client, q="урок")
    assert response.status_code == 429
    assert "Слишком много поисковых запросов подряд" in html
    # another address is not affected, and invalid queries are not counted
    assert client.get(URL, {"q": "урок"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    # a signed-in person has their own counter
    client.force_login(MembershipFactory().user)
    for _ in range(3):
        assert page(client, q="урок")[0].status_code == 200
    assert page(client, q="урок")[0].status_code == 429


# --- Query budget ----------------------------------------------------------------------------


def corpus_of(size: int):
    """``size`` materials, posts and colleagues that all match «урок», and a member reading."""
    community = CommunityFactory()
    section_create_defaults(community=community)
    section = Section.objects.filter(community=community, kind=Section.Kind.REGULAR).first()
    reader = MembershipFactory(community=community).user
    for n in range(size):
        material_with_author(
            community=community,
            status=MaterialStatus.SUBMITTED if n % 2 else MaterialStatus.INCLUDED,
            title=f"Открытый урок {n}",
        )
        person = MembershipFactory(community=community).user
        person.about = f"Провожу открытые уроки, {n}"
        person.save()
        if n % 3 == 0:
            publish(person, "full_name", "about")
    make_topic(
        section, reader, title="Уроки", posts=size, bodies=[f"урок {n}" for n in range(size)]
    )
    reindex()
    return reader


@pytest.mark.parametrize("size", [5, 60])
def test_results_page_query_budget(client, size, django_assert_max_num_queries):
    """Measured 18 queries for a member (page with all three kinds) and 10 for an anonymous
    visitor; the budgets add 2. Each kind's own page is checked too, so that a query per
    result in any provider would show at the larger size."""
    reader = corpus_of(size)
    client.force_login(reader)
    for kind, cards in (("", 3 * size), ("material", size), ("post", size), ("member", size)):
        with django_assert_max_num_queries(20):
            response, html = page(client, q="урок", kind=kind)
        assert response.status_code == 200
        assert html.count('class="card"') == min(20, cards), kind
    # an anonymous visitor: the cabinet's half of the materials, a third of the people
    client.logout()
    with django_assert_max_num_queries(12):
        response, html = page(client, q="урок")
    assert html.count('class="card"') == min(20, (size + 1) // 2 + (size + 2) // 3)
