"""The Markdown subset renders what people write and nothing that could run or load."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedset.core.markup import quote_markdown, render_markdown


class _Elements(HTMLParser):
    """Every element and attribute of a fragment, as the browser would see them."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attrs = [], []
        self.feed(str(html))

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, (value or "").strip().lower()) for name, value in attrs)


def assert_inert(html):
    found = _Elements(html)
    assert not {"script", "img", "svg", "iframe", "object", "embed", "style", "form"} & set(
        found.tags
    ), html
    for _tag, name, value in found.attrs:
        assert not name.startswith("on"), html
        assert name not in {"style", "src", "srcset"}, html
        if name == "href":
            assert value.startswith(("http://", "https://", "mailto:", "#", "/")), html


def test_subset_renders():
    html = render_markdown("**жирный** _курсив_ ~~зачёркнутый~~\n\n- один\n- два\n\n`код`")
    assert "<strong>жирный</strong>" in html
    assert "<em>курсив</em>" in html
    assert "<del>зачёркнутый</del>" in html or "<s>зачёркнутый</s>" in html
    assert "<li>один</li>" in html
    assert "<code>код</code>" in html


def test_links_are_kept_with_safe_rel():
    html = render_markdown("[положение](https://example.ru/doc)")
    assert 'href="https://example.ru/doc"' in html
    assert "nofollow" in html and "noopener" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[клик](javascript:alert(1))",
        "[клик](JaVaScRiPt:alert(1))",
        "[клик](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![](https://tracker.example/pixel.png)",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_nothing_dangerous_survives(source):
    assert_inert(render_markdown(source))


def test_headings_do_not_outrank_the_page():
    html = render_markdown("# Заголовок\n\n## Подзаголовок")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Заголовок</h3>" in html


def test_quote_prefills_a_blockquote_that_links_to_the_quoted_post():
    source = quote_markdown("Сообщение № 12", "/forum/p/345/", "Первая строка\n\nТретья строка")
    assert source.startswith("> [Сообщение № 12](/forum/p/345/):\n> Первая строка\n>\n")
    html = render_markdown(source + "Мой ответ")
    quote = html[html.index("<blockquote>") : html.index("</blockquote>")]
    assert '<a href="/forum/p/345/"' in quote and "Сообщение № 12</a>" in quote
    assert "Первая строка" in quote and "Третья строка" in quote
    assert "Мой ответ" in html and "Мой ответ" not in quote


def test_a_quote_label_and_link_cannot_break_out_of_the_link():
    source = quote_markdown("№ 1](javascript:alert(1)) [x", "/p/1/ (x)", "текст")
    html = render_markdown(source)
    assert_inert(html)
    assert html.count("<a ") == 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_any_text_renders_without_error_and_without_script(source):
    assert_inert(render_markdown(source))
