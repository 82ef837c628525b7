"""Stems, queries and snippets: pure Python, no database."""

import pytest

from pedset.search.text import QueryError, Term, highlight, parse_query, snippet, stems
from tests.e2e.xss_payloads import PAYLOADS


def same_stems(a: str, b: str) -> bool:
    return stems(a) == stems(b)


@pytest.mark.parametrize(
    "query, form",
    [
        ("учитель", "учителя"),
        ("учитель", "учителей"),
        ("учитель", "учителям"),
        ("учителей", "Учитель"),
        ("проектная деятельность", "проектной деятельности"),
        ("проектная деятельность", "проектную деятельность"),
        ("проектная деятельность", "ПРОЕКТНЫМИ деятельностями"),
        ("методическая разработка", "методической разработки"),
        ("методическая разработка", "методические разработки"),
        ("методическая разработка", "методическими разработками"),
        ("методическая разработка", "методическую разработку"),
        ("педагог", "педагога"),
        ("педагог", "педагогов"),
        ("педагог", "педагогами"),
        ("ребёнок", "ребенок"),
        ("урок", "уроков"),
    ],
)
def test_forms_of_a_word_share_the_stem(query, form):
    assert same_stems(query, form)


def test_different_words_keep_different_stems():
    # «педагог» and «педагогика» are different words (the prefix of the last word of a query
    # still finds the second, at half weight: see Term)
    assert stems("педагог") != stems("педагогика")
    assert stems("учитель") != stems("ученик")


def test_stop_words_and_punctuation_are_not_indexed():
    assert stems("Учитель и ученик, в школе — на уроке!") == ["учител", "ученик", "школ", "урок"]


def test_text_is_normalised_before_stemming():
    # full-width letters, «ё», capitals and ligatures are the same word
    assert stems("ＵＲＯＫ Ёлка ﬁle") == stems("urok елка file")


def test_parse_query_stems_and_marks_the_last_word_as_prefix():
    assert parse_query("Учителей проектной деятельности") == (
        Term("учител"),
        Term("проектн"),
        Term("деятельн", prefix=True),
    )
    # a repeated word counts once; short last words are not prefixes
    assert parse_query("урок урока") == (Term("урок", prefix=True),)
    assert parse_query("5 класс") == (Term("5"), Term("класс", prefix=True))
    assert parse_query("год") == (Term("год"),)


@pytest.mark.parametrize(
    "query, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("!!! ??? ---", "no_words"),
        ("%%% ###", "no_words"),
        ("и в на", "only_common_words"),
        ("слово " * 40, "too_long"),
        ("учитель урок школа класс проект тема план", "too_many_words"),
    ],
)
def test_unsearchable_queries_say_why(query, code):
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert error.value.code == code


def test_highlight_marks_matching_words_and_escapes_the_rest():
    terms = parse_query("проектная деятельность")
    html = str(highlight("<b>Проектной</b> & деятельности «учителя»", terms))
    assert html == (
        "&lt;b&gt;<mark>Проектной</mark>&lt;/b&gt; &amp; <mark>деятельности</mark> «учителя»"
    )


def test_snippet_shows_the_place_with_most_query_words():
    terms = parse_query("проектная деятельность")
    text = "Вступление. " * 40 + "Здесь о проектной деятельности учеников. " + "Итоги. " * 40
    html = str(snippet(text, terms, length=120))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>проектной</mark> <mark>деятельности</mark>" in html
    assert len(html) < 220


def test_snippet_of_a_short_text_is_the_whole_text():
    terms = parse_query("урок")
    assert str(snippet("  Открытый   урок\nматематики ", terms)) == (
        "Открытый <mark>урок</mark> математики"
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_highlighting(payload):
    """Every XSS payload of the browser corpus comes out as text: no tag but <mark> opens."""
    terms = parse_query("script alert img svg onerror урок")
    for html in (
        str(highlight(f"урок {payload} урок", terms)),
        str(snippet(f"урок {payload} " * 5, terms, length=80)),
    ):
        without_marks = html.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in without_marks and ">" not in without_marks
        assert '"' not in without_marks
