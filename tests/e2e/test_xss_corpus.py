"""The XSS and HTML-injection corpus (issue 3, «How it is shown»), rendered in Chromium.

Every payload of tests/e2e/xss_payloads.py is stored through the apps' own services, so their
validation applies (only the rate limits are lifted): forum topic titles and texts,
replies, a section's title and description, private messages and their subjects, profile fields,
announcements (titles and texts), moderators' reasons and report comments. Then every page that
shows them is opened in Chromium, by each kind of reader, and checked:

a. nothing runs: no dialog opens, no script error is thrown, ``window.__pwned`` stays undefined,
   and the page stays at its address (no refresh or redirect planted by a payload);
b. nothing active is left in the content: in ``main`` no ``on*`` or ``style`` attribute, no
   script, style, iframe, object, embed, svg, math, base, link, meta (and the like), no image or
   other source from anywhere but the site; every link is http(s), mailto, tel (the profile's
   own phone link) or relative; every form posts to the site with its CSRF token; no password
   field; in the whole document only the site's own script and style sheet;
c. the page keeps its shape: one ``header.site-header`` (and no other ``.site-header``), one
   ``main#content``, one ``footer.site-footer``, all children of ``body`` in that order with
   nothing after the footer, none of them hidden; exactly one h1, inside main, the page's own —
   equal to the stored text where a payload is the page's title; the <title> still ends with
   the site's name;
d. no request leaves the site (the browser fixtures fail on one; checked after each page too,
   so the failure names the page).

Pages, as whom: the forum list, index, section pages and every topic titled with a payload (a
moderator: the title is also a form field's value there), every page of the topic holding the
corpus as a reader (traces of hidden and deleted posts), as its author (their hidden text) and
as a moderator (every text, the moderation forms), the reply form quoting posts into its
textarea; the reports queue, a member's moderation history and the moderation log; every page
of the conversation holding the corpus (both participants), the inbox and every conversation
titled with a payload; each profile as a colleague and as the person, their settings, the
community's directory; the announcements list, every announcement and its edit form, the
community page (every pinned text) and the home page; the notification centres of the
followers, authors, reporters and members. ``test_the_checks_see_planted_markup`` proves the
checks are not blind: each planted piece of active markup makes them fail.

The one payload the services are never given is the one with a NUL character: every form of
the site refuses it («Данные содержат запрещённый символ: ноль-байт»), checked below, and
PostgreSQL could not store it.
"""

from __future__ import annotations

import datetime
import logging
import math
import time
import traceback
from urllib.parse import urlsplit

import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e.xss_payloads import PAYLOADS, SHORT_PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

STORED = [p for p in PAYLOADS if "\x00" not in p]
NUL_REFUSAL = "Данные содержат запрещённый символ: ноль-байт"  # Django's, in Russian
SHORT_STORED = [p for p in SHORT_PAYLOADS if "\x00" not in p]

# Page sizes of the apps (their views' constants), to count the pages to open.
TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20
MESSAGES_PER_PAGE = 20
INBOX_PER_PAGE = 25
QUEUE_PER_PAGE = 20
LOG_PER_PAGE = 50
NOTIFICATIONS_PER_PAGE = 30
ANNOUNCEMENTS_PER_PAGE = 20
MEMBERS_PER_PAGE = 25

# Lengths the forms allow (and the database columns hold).
REASON_MAX = 2000
ABOUT_MAX = 3000
POSITION_MAX = 200
MESSENGER_MAX = 100
PHONE_MAX = 30
ANNOUNCEMENT_TITLE_MAX = 200
ANNOUNCEMENT_BODY_MAX = 10_000
SECTION_DESCRIPTION_MAX = 2000


def pages(count: int, size: int) -> range:
    return range(1, max(1, math.ceil(count / size)) + 1)


def packed(items, limit: int, sep: str = "\n\n") -> list[str]:
    """The payloads packed into as few values of at most ``limit`` characters as possible, in
    order; a payload longer than the limit is cut to it (a cut tag is broken markup too)."""
    values, current = [], ""
    for item in items:
        item = item[:limit]
        candidate = f"{current}{sep}{item}" if current else item
        if len(candidate) > limit:
            values.append(current)
            current = item
        else:
            current = candidate
    if current:
        values.append(current)
    assert all(any(item[:limit] in value for value in values) for item in items)
    return values


def words(text: str) -> str:
    return " ".join(text.split())


# --- What is checked on every page -----------------------------------------------------------

INSPECT = """
async () => {
  // Let autofocus, animations and late error events fire before looking.
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const problems = [];
  const origin = location.origin;
  const show = (el) => (el && el.outerHTML ? el.outerHTML.slice(0, 200) : String(el));
  const urlOf = (value) => {
    try { return new URL(value, location.href); } catch (e) { return null; }
  };
  if (typeof window.__pwned !== "undefined") problems.push("window.__pwned is set");

  // c. the page's shape
  const body = document.body;
  const headers = document.querySelectorAll("header.site-header");
  const mains = document.querySelectorAll("main");
  const footers = document.querySelectorAll("footer.site-footer");
  if (headers.length !== 1 || document.querySelectorAll(".site-header").length !== 1)
    problems.push(`site header: ${headers.length} header.site-header, `
      + `${document.querySelectorAll(".site-header").length} .site-header`);
  if (mains.length !== 1 || mains[0].id !== "content")
    problems.push(`main: ${mains.length} main elements, id ${mains[0] && mains[0].id}`);
  if (footers.length !== 1 || document.querySelectorAll(".site-footer").length !== 1)
    problems.push(`site footer: ${footers.length} footer.site-footer`);
  const header = headers[0], main = mains[0], footer = footers[0];
  if (header && main && footer) {
    for (const [name, el] of [["header", header], ["main", main], ["footer", footer]]) {
      if (el.parentElement !== body) problems.push(`${name} is not a child of body`);
    }
    if (!(header.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING))
      problems.push("main is not after the header");
    if (!(main.compareDocumentPosition(footer) & Node.DOCUMENT_POSITION_FOLLOWING))
      problems.push("the footer is not after main");
    if (body.lastElementChild !== footer)
      problems.push("something follows the footer: " + show(body.lastElementChild));
    for (const [name, el] of [["body", body], ["header", header], ["main", main],
                              ["footer", footer]]) {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0")
        problems.push(`${name} is hidden`);
    }
  }
  const h1s = document.querySelectorAll("h1");
  if (h1s.length !== 1)
    problems.push(`${h1s.length} h1 elements: `
      + [...h1s].map((h) => h.textContent.trim().slice(0, 80)).join(" | "));
  if (h1s.length && main && !main.contains(h1s[0])) problems.push("the h1 is outside main");

  // b. in the whole document: only the site's own script and style sheet
  for (const el of document.querySelectorAll("script")) {
    if (!el.src.startsWith(origin + "/static/")) problems.push("script: " + show(el));
  }
  for (const el of document.querySelectorAll("link")) {
    if (el.parentElement !== document.head
        || !(el.href.startsWith(origin + "/static/") || el.getAttribute("href") === "data:,"))
      problems.push("link: " + show(el));
  }
  for (const el of document.querySelectorAll(
      "base, meta[http-equiv], style, iframe, frame, frameset, object, embed, applet, portal")) {
    problems.push("in the document: " + show(el));
  }

  // b. in main: no active element, attribute, source or link
  const FORBIDDEN = new Set(["script", "style", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "math", "base", "link", "meta", "video", "audio", "source", "track",
    "template", "noscript", "marquee", "xmp", "plaintext", "listing", "isindex", "keygen",
    "title", "portal", "canvas", "picture", "image", "body", "html", "head", "main", "h1"]);
  const ACTIVE_ATTRIBUTES = new Set(["style", "srcdoc", "formaction", "background", "poster",
    "dynsrc", "lowsrc", "srcset", "xlink:href", "data", "code", "codebase", "ping"]);
  if (main) {
    for (const el of main.querySelectorAll("*")) {
      const tag = el.localName;
      if (FORBIDDEN.has(tag) || el.namespaceURI !== "http://www.w3.org/1999/xhtml")
        if (!(tag === "h1" && el === h1s[0])) problems.push(`<${tag}> in main: ` + show(el));
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) problems.push(`${name} handler in main: ` + show(el));
        else if (ACTIVE_ATTRIBUTES.has(name))
          problems.push(`${name} attribute in main: ` + show(el));
      }
      if (el.hasAttribute("src")) {
        const url = urlOf(el.getAttribute("src"));
        if (!url || url.origin !== origin) problems.push("a source from elsewhere: " + show(el));
      }
      if (["input", "select", "textarea", "button"].includes(tag) && !el.closest("form"))
        problems.push("a form control outside any form: " + show(el));
    }
    for (const a of main.querySelectorAll("a[href], area[href]")) {
      const url = urlOf(a.getAttribute("href"));
      if (!url || !["http:", "https:", "mailto:", "tel:"].includes(url.protocol))
        problems.push("a link that is not http(s)/mailto/relative: " + show(a));
    }
    for (const form of main.querySelectorAll("form")) {
      const action = urlOf(form.getAttribute("action") || "");
      if (!action || action.origin !== origin) problems.push("a form to elsewhere: " + show(form));
      if (form.method === "post" && !form.querySelector('input[name="csrfmiddlewaretoken"]'))
        problems.push("a POST form without the CSRF token: " + show(form));
    }
    for (const el of main.querySelectorAll('input[type="password"], [form]'))
      problems.push("a planted form field: " + show(el));
  }
  return {
    problems,
    h1: h1s.length ? h1s[0].textContent : "",
    title: document.title,
    url: location.href,
  };
}
"""


class ServerErrors(logging.Handler):
    """The tracebacks the live server logs for the pages it fails (a 500 names its cause)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.tracebacks: list[str] = []

    def emit(self, record):
        if record.exc_info:
            self.tracebacks.append("".join(traceback.format_exception(*record.exc_info)))


class Reader:
    """One person's browser: opens pages and checks each (see the module's docstring)."""

    def __init__(self, page, name: str, server_errors: ServerErrors):
        self.page, self.name, self.server_errors = page, name, server_errors
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.opened = 0
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, path: str, *, h1: str, items: tuple[str, int] | None = None) -> None:
        """Open the page and check it; ``items`` = (selector, n): main shows n such elements
        (the content is really there)."""
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (
            f"{self.name} {path}: status {response and response.status}\n"
            + "\n".join(self.server_errors.tracebacks)
        )
        report = self.page.evaluate(INSPECT)
        problems = list(report["problems"])
        if self.dialogs:
            problems.append(f"dialogs opened: {self.dialogs}")
        if self.errors:
            problems.append(f"script errors: {self.errors}")
        here = urlsplit(report["url"])
        wanted = urlsplit(path)
        if (here.path, here.query) != (wanted.path, wanted.query):
            problems.append(f"the page moved to {report['url']}")
        if words(report["h1"]) != words(h1):
            problems.append(f"the h1 is {report['h1'][:300]!r}, not {h1[:300]!r}")
        if not report["title"].endswith(f" — {django_settings.SITE_NAME}"):
            problems.append(f"the <title> is {report['title'][:300]!r}")
        if items is not None:
            shown = self.page.locator(f"main {items[0]}").count()
            if shown != items[1]:
                problems.append(f"{shown} «{items[0]}» shown, not {items[1]}")
        outside = self.page.context.requests_to_other_sites
        if outside:
            problems.append(f"requests to other sites: {outside}")
        assert not problems, f"{self.name} on {path}:\n" + "\n".join(problems)
        self.opened += 1


@pytest.fixture
def reader_as(new_page, live_server):
    """reader_as(user, name) -> a Reader in a browser of its own, signed in as that person."""
    from django.test import Client

    readers = []
    server_errors = ServerErrors()
    logger = logging.getLogger("django.request")
    logger.addHandler(server_errors)

    def sign_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    def open_as(user, name: str) -> Reader:
        page = new_page()
        sign_in(page, user)
        reader = Reader(page, name, server_errors)
        readers.append(reader)
        return reader

    def switch(reader: Reader, user, name: str) -> Reader:
        """The same browser, now signed in as somebody else."""
        sign_in(reader.page, user)
        reader.name = name
        return reader

    open_as.readers = readers
    open_as.switch = switch
    yield open_as
    logger.removeHandler(server_errors)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The corpus is stored in one go: the posting, messaging, reporting and publishing limits
    are lifted."""
    settings.FORUM_POST_LIMIT = 1_000_000
    settings.MESSAGES_LIMIT = 1_000_000
    settings.MODERATION_FLAG_LIMIT = 1_000_000
    settings.ANNOUNCEMENT_LIMIT = 1_000_000


def opened(reader_as) -> int:
    return sum(reader.opened for reader in reader_as.readers)


def report(what: str, started: float, browsing: float, count: int, stored: int) -> None:
    now = time.monotonic()
    print(
        f"\n{what}: {stored} payload values stored in {browsing - started:.1f} s, "
        f"{count} pages checked in {now - browsing:.1f} s"
    )


def stored_values(community) -> int:
    """How many pieces of user text of the community carry payloads: titles, texts, subjects,
    report comments, moderators' reasons."""
    from pedset.forum.models import Post, Section, Topic
    from pedset.messaging.models import Conversation, Message
    from pedset.moderation.models import Flag, ModerationAction

    return sum(
        (
            2 * Section.objects.filter(community=community, title__in=SHORT_STORED).count(),
            Topic.objects.filter(section__community=community).count(),
            Post.objects.filter(topic__section__community=community).count(),
            Conversation.objects.filter(community=community).exclude(subject="").count(),
            Message.objects.filter(conversation__community=community).count(),
            Flag.objects.filter(community=community).exclude(comment="").count(),
            ModerationAction.objects.filter(community=community).exclude(reason="").count(),
        )
    )


def corpus_community(slug: str):
    from pedset.forum.services import section_create_defaults

    community = CommunityFactory(slug=slug, name="Сообщество «Корпус»")
    section_create_defaults(community=community)
    return community


def test_the_payloads_the_services_never_get_are_refused_by_every_form():
    """The NUL payload never reaches a service: each form that takes user text refuses it."""
    from pedset.accounts.forms import ContactsForm, ProfileForm
    from pedset.announcements.forms import AnnouncementForm
    from pedset.forum.forms import ReplyForm as ForumReplyForm
    from pedset.forum.forms import TopicForm
    from pedset.messaging.forms import ConversationForm
    from pedset.messaging.forms import ReplyForm as MessageReplyForm

    assert len(PAYLOADS) >= 200
    refused = [p for p in PAYLOADS if "\x00" in p]
    assert refused and len(STORED) == len(PAYLOADS) - len(refused)
    person = UserFactory()
    for payload in refused:
        filled = [
            (TopicForm({"title": payload, "body": payload}), ["title", "body"]),
            (ForumReplyForm({"body": payload}), ["body"]),
            (MessageReplyForm({"body": payload}), ["body"]),
            (ConversationForm({"subject": payload, "body": payload}), ["subject", "body"]),
            (
                AnnouncementForm({"title": payload, "body": payload}, community=None),
                ["title", "body"],
            ),
            (ProfileForm({"position": payload, "about": payload}, user=person), ["position"]),
            (ProfileForm({"about": payload}, user=person), ["about"]),
            (ContactsForm({"messenger": payload}, user=person, published=set()), ["messenger"]),
        ]
        for form, fields in filled:
            form.is_valid()
            for field in fields:
                assert form.errors.get(field) == [NUL_REFUSAL], (type(form).__name__, field)
        with pytest.raises(ValidationError):
            forms.CharField().clean(payload)


# Markup that must not survive into a page, with what the checks then say: planted into a real
# page to prove the checks are not blind.
PLANTED = [
    ("<script>alert(1)</script>", ["dialogs opened", "script: <script>", "<script> in main"]),
    ('<img src="x" onerror="window.__pwned=1">', ["window.__pwned is set", "onerror handler"]),
    ('<a href="javascript:void(0)">ссылка</a>', ["not http(s)/mailto/relative"]),
    ('<a href="data:text/html,x">ссылка</a>', ["not http(s)/mailto/relative"]),
    ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', ["a source from elsewhere"]),
    ("<style>body{display:none}</style>", ["<style> in main", "body is hidden"]),
    ('<p style="color:red">текст</p>', ["style attribute in main"]),
    ("<svg><circle r=1></circle></svg>", ["<svg> in main"]),
    ('<div class="site-header">шапка</div>', ["site header: 1 header.site-header, 2"]),
    ("</main><h1>Чужая страница</h1>", ["2 h1 elements"]),
    ("<h1>Второй заголовок</h1>", ["2 h1 elements", "<h1> in main"]),
    ("<footer class=site-footer>подвал</footer>", ["site footer: 2"]),
    (
        '<form action="/accounts/logout/" method="post"><button>Войти</button></form>',
        ["a POST form without the CSRF token"],
    ),
    ('<form action="https://evil.example/"></form>', ["a form to elsewhere"]),
    ('<input type="password" name="password">', ["outside any form", "a planted form field"]),
    ("<title>Чужой заголовок</title>", ["<title> in main"]),
    ("<iframe></iframe>", ["<iframe> in main", "in the document: <iframe>"]),
    ("<base href=/static/>", ["in the document: <base"]),
]


def test_the_checks_see_planted_markup(reader_as, live_server):
    """Control: a real page passes the checks; the same page with any of the planted pieces of
    markup fails them, with the expected explanation."""
    from django.test import Client

    html = Client().get("/").content.decode()
    opening = '<main id="content" class="container" tabindex="-1">'
    assert opening in html
    reader = reader_as(UserFactory(), "a control")
    served = {}

    def serve(route):
        if route.request.url in served:
            route.fulfill(body=served[route.request.url], content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=404, body="")

    reader.page.route(f"{live_server.url}/planted/**", serve)
    site_name = django_settings.SITE_NAME

    served[f"{live_server.url}/planted/0/"] = html
    reader.check("/planted/0/", h1=site_name)
    with pytest.raises(AssertionError, match="the h1 is"):
        reader.check("/planted/0/", h1="Другой заголовок")
    for n, (markup, complaints) in enumerate(PLANTED, start=1):
        served[f"{live_server.url}/planted/{n}/"] = html.replace(opening, opening + markup)
        reader.dialogs.clear()
        reader.errors.clear()
        with pytest.raises(AssertionError) as failure:
            reader.check(f"/planted/{n}/", h1=site_name)
        for complaint in complaints:
            assert complaint in str(failure.value), (markup, str(failure.value))


# --- The forum, with the moderation of its posts -----------------------------------------------


def forum_corpus():
    """A section titled with a payload holding one topic per short payload (its title; a
    payload as its text); one topic holding every payload, post by post; reasons and report
    comments made of payloads. Returns what the checks need."""
    from pedset.forum import services as forum
    from pedset.forum.models import Post, Section
    from pedset.moderation import services as moderation
    from pedset.moderation.models import FlagReason

    community = corpus_community("korpus-forum")
    author = MembershipFactory(community=community).user
    colleague = MembershipFactory(community=community).user
    reader = MembershipFactory(community=community).user
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    general = Section.objects.get(community=community, kind=Section.Kind.REGULAR)
    section = forum.section_create(
        actor=coordinator,
        community=community,
        title=SHORT_STORED[0],
        description=packed(STORED, SECTION_DESCRIPTION_MAX)[0],
    )
    forum.section_follow_set(actor=reader, section=section, follow=True)

    titled = [
        forum.topic_create(
            actor=(author, colleague)[i % 2],
            section=section,
            title=title,
            body=STORED[i % len(STORED)],
        )
        for i, title in enumerate(SHORT_STORED)
    ]
    topic = forum.topic_create(
        actor=author, section=general, title=SHORT_STORED[-1], body=STORED[0]
    )
    forum.topic_follow_set(actor=reader, topic=topic, follow=True)
    for i, body in enumerate(STORED[1:], start=1):
        forum.post_create(actor=(author, colleague)[i % 2], topic=topic, body=body)
    topic.refresh_from_db()

    # reported posts, one on every page: the first half of each page's reports decided (hidden
    # or deleted, with payloads as the reasons), the others left open in the queue
    reasons = packed(STORED, REASON_MAX)
    posts = {p.position: p for p in Post.objects.filter(topic=topic)}
    for k in range(len(posts) // POSTS_PER_PAGE + 1):
        decided = posts.get(k * POSTS_PER_PAGE + 2)
        left_open = posts.get(k * POSTS_PER_PAGE + 12)
        for n, post in enumerate(filter(None, (decided, left_open))):
            moderation.flag_create(
                actor=reader,
                post=post,
                reason=FlagReason.OTHER,
                comment=reasons[(k + n) % len(reasons)],
            )
        if decided is not None:
            moderation.flags_resolve(
                actor=moderator,
                community=community,
                decision=("hide", "delete")[k % 2],
                reason=reasons[(k + 3) % len(reasons)],
                post=decided,
            )
    # the first posts of the titled topics, reported with a reason from the rules
    rule_reasons = [r for r in FlagReason.values if r != FlagReason.OTHER]
    for i, titled_topic in enumerate(titled[:30]):
        moderation.flag_create(
            actor=reader,
            post=titled_topic.posts.get(position=1),
            reason=rule_reasons[i % len(rule_reasons)],
            comment=SHORT_STORED[i],
        )
    moderation.member_warn(actor=moderator, community=community, member=author, reason=reasons[-1])
    return {
        "community": community,
        "section": section,
        "general": general,
        "titled": titled,
        "topic": topic,
        "author": author,
        "reader": reader,
        "moderator": moderator,
        "coordinator": coordinator,
        "stored": stored_values(community),
    }


def test_forum_pages_render_every_payload_inert(reader_as):
    from pedset.core.models import Notification
    from pedset.moderation.models import Flag, ModerationAction

    started = time.monotonic()
    world = forum_corpus()
    browsing = time.monotonic()
    community, section, topic = world["community"], world["section"], world["topic"]
    slug = community.slug
    assert topic.posts.count() == len(STORED)
    assert section.topics.count() == len(SHORT_STORED)
    index_h1 = f"Форум: {community.name}"

    # a member who follows the section and the topic: every page of the forum, every topic
    reader = reader_as(world["reader"], "a reader")
    reader.check("/forum/", h1="Форумы моих сообществ")
    reader.check(f"/forum/{slug}/", h1=index_h1)
    for number in pages(section.topics.count(), TOPICS_PER_PAGE):
        reader.check(f"/forum/s/{section.pk}/?page={number}", h1=section.title)
    reader.check(f"/forum/s/{world['general'].pk}/", h1=world["general"].title)
    # every topic titled with a payload, as a moderator sees it: the title in the <title>, the
    # breadcrumbs, the h1 and the value of the renaming form's field
    moderator = reader_as(world["moderator"], "a moderator")
    for titled in world["titled"]:
        moderator.check(f"/forum/t/{titled.pk}/?page=1", h1=titled.title)
    # a reply quoting a post puts its text into the reply's textarea, a context of its own:
    # every post that could close it is quoted, and the first page's posts
    quoted = [
        post
        for post in topic.posts.filter(hidden_at__isnull=True, deleted_at__isnull=True)
        if "textarea" in post.body.lower() or post.position <= POSTS_PER_PAGE
    ]
    for post in quoted:
        reader.check(
            f"/forum/t/{topic.pk}/reply/?quote={post.pk}", h1=f"Ответ в теме «{topic.title}»"
        )
    # the big topic as a reader (traces only), its author (their hidden text), a moderator
    # (every text, with the moderation forms)
    author = reader_as(world["author"], "the author")
    for person in (reader, author, moderator):
        for number in pages(topic.posts_count, POSTS_PER_PAGE):
            shown = min(POSTS_PER_PAGE, topic.posts_count - (number - 1) * POSTS_PER_PAGE)
            person.check(
                f"/forum/t/{topic.pk}/?page={number}",
                h1=topic.title,
                items=("article[id^='post-']", shown),
            )

    # the moderators' pages: the queue, the log, the author's history
    open_items = Flag.objects.filter(community=community, status="open").values("post").distinct()
    for number in pages(open_items.count(), QUEUE_PER_PAGE):
        moderator.check(
            f"/moderation/{slug}/queue/?page={number}",
            h1=f"Жалобы модераторам: {community.name}",
        )
    moderator.check(
        f"/moderation/{slug}/members/{world['author'].pk}/",
        h1=f"История модерации: {world['author'].get_full_name()}",
    )
    coordinator = reader_as(world["coordinator"], "the coordinator")
    entries = ModerationAction.objects.filter(community=community).count()
    for number in pages(entries, LOG_PER_PAGE):
        coordinator.check(
            f"/moderation/{slug}/log/?page={number}", h1=f"Журнал модерации: {community.name}"
        )

    # the notification centres: new topics and replies (titles and excerpts), the moderators'
    # reasons told to the author and to the reporter
    for person, user in ((reader, world["reader"]), (author, world["author"])):
        count = Notification.objects.filter(recipient=user).count()
        assert count
        for number in pages(count, NOTIFICATIONS_PER_PAGE):
            person.check(f"/notifications/?page={number}", h1="Уведомления")
    report("forum", started, browsing, opened(reader_as), world["stored"])


# --- Private messages, with reports about them -------------------------------------------------


def messaging_corpus():
    """One conversation holding every payload, message by message (subject: a payload); one
    conversation per short payload as its subject (a payload as its text); reports with payload
    comments, some decided with payload reasons."""
    from pedset.messaging import services as messaging
    from pedset.messaging.models import Message
    from pedset.moderation import services as moderation
    from pedset.moderation.models import FlagReason

    community = corpus_community("korpus-messages")
    anna = MembershipFactory(community=community).user
    boris = MembershipFactory(community=community).user
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user

    conversation = messaging.conversation_start(
        actor=anna,
        community=community,
        participants=[boris],
        subject=SHORT_STORED[-1],
        body=STORED[0],
    )
    for i, body in enumerate(STORED[1:], start=1):
        messaging.message_send(actor=(anna, boris)[i % 2], conversation=conversation, body=body)
    subjects = [
        messaging.conversation_start(
            actor=boris,
            community=community,
            participants=[anna],
            subject=subject,
            body=STORED[i % len(STORED)],
        )
        for i, subject in enumerate(SHORT_STORED)
    ]

    # Anna reports Boris's messages, one on every page of the conversation: the first of each
    # page's reports decided (hidden, with a payload as the reason), the other left open
    reasons = packed(STORED, REASON_MAX)
    from_boris = list(
        Message.objects.filter(conversation=conversation, author=boris).order_by("-created_at")
    )
    per_page = MESSAGES_PER_PAGE // 2
    for k in range(math.ceil(len(from_boris) / per_page)):
        batch = from_boris[k * per_page : (k + 1) * per_page]
        for n, message in enumerate(batch[:2]):
            moderation.flag_create(
                actor=anna,
                message=message,
                reason=FlagReason.OTHER,
                comment=reasons[(k + n) % len(reasons)],
            )
        moderation.flags_resolve(
            actor=moderator,
            community=community,
            decision="hide",
            reason=reasons[(k + 3) % len(reasons)],
            message=batch[0],
        )
    rule_reasons = [r for r in FlagReason.values if r != FlagReason.OTHER]
    for i, started in enumerate(subjects[:30]):
        moderation.flag_create(
            actor=anna,
            message=started.messages.first(),
            reason=rule_reasons[i % len(rule_reasons)],
            comment=SHORT_STORED[i],
        )
    return {
        "community": community,
        "conversation": conversation,
        "subjects": subjects,
        "anna": anna,
        "boris": boris,
        "moderator": moderator,
        "stored": stored_values(community),
    }


def test_private_message_pages_render_every_payload_inert(reader_as):
    from pedset.core.models import Notification
    from pedset.messaging.models import Participant
    from pedset.moderation.models import Flag, ModerationAction

    started = time.monotonic()
    world = messaging_corpus()
    browsing = time.monotonic()
    community, conversation = world["community"], world["conversation"]
    slug = community.slug
    assert conversation.messages.count() == len(STORED)
    assert len(world["subjects"]) == len(SHORT_STORED)

    # both participants read every page of the long conversation (hidden ones show the trace)
    anna = reader_as(world["anna"], "Anna")
    boris = reader_as(world["boris"], "Boris")
    for person in (anna, boris):
        for number in pages(len(STORED), MESSAGES_PER_PAGE):
            shown = min(MESSAGES_PER_PAGE, len(STORED) - (number - 1) * MESSAGES_PER_PAGE)
            person.check(
                f"/messages/{conversation.pk}/?page={number}",
                h1=conversation.subject,
                items=("li[id^='m-']", shown),
            )
    # Anna's inbox, unread counts and all, then every conversation titled with a payload
    seats = Participant.objects.filter(user=world["anna"]).count()
    for number in pages(seats, INBOX_PER_PAGE):
        anna.check(f"/messages/?page={number}", h1="Личные сообщения")
    for started_conversation in world["subjects"]:
        anna.check(f"/messages/{started_conversation.pk}/", h1=started_conversation.subject)

    # the moderators' queue shows the reported messages with the comments; the log the reasons
    moderator = reader_as(world["moderator"], "a moderator")
    open_items = Flag.objects.filter(community=community, status="open")
    for number in pages(open_items.values("message").distinct().count(), QUEUE_PER_PAGE):
        moderator.check(
            f"/moderation/{slug}/queue/?page={number}",
            h1=f"Жалобы модераторам: {community.name}",
        )
    for number in pages(ModerationAction.objects.filter(community=community).count(), 50):
        moderator.check(
            f"/moderation/{slug}/log/?page={number}", h1=f"Журнал модерации: {community.name}"
        )
    # the reasons reach the author of the hidden messages and the reporter
    for person, user in ((boris, world["boris"]), (anna, world["anna"])):
        count = Notification.objects.filter(recipient=user).count()
        for number in pages(count, NOTIFICATIONS_PER_PAGE):
            person.check(f"/notifications/?page={number}", h1="Уведомления")
    report("private messages", started, browsing, opened(reader_as), world["stored"])


# --- Profiles ------------------------------------------------------------------------------------


def profile_corpus():
    """As many colleagues as it takes for every short payload to be somebody's position; their
    «about» fields carry every payload; messengers and phones (cut to their lengths) a sample
    spread over the corpus; phone and messenger shown to the members of their communities. The
    forms refuse some of these (a phone is digits); the services store them, as another way in
    (an import, the admin site) might, and the pages must still show them as text."""
    from pedset.accounts import services as accounts
    from pedset.accounts.models import Visibility

    community = corpus_community("korpus-profiles")
    colleague = MembershipFactory(community=community).user
    about = packed(STORED, ABOUT_MAX)
    positions = packed(SHORT_STORED, POSITION_MAX, " ")
    messengers = packed(SHORT_STORED, MESSENGER_MAX, " ")
    phones = packed(SHORT_STORED, PHONE_MAX, " ")
    people = []
    for i, position in enumerate(positions):
        person = MembershipFactory(community=community, user=UserFactory(position="")).user
        accounts.profile_update(
            actor=person,
            user=person,
            values={"position": position, "about": about[i % len(about)]},
        )
        accounts.contacts_update(
            actor=person,
            user=person,
            values={
                "phone": phones[i * len(phones) // len(positions)],
                "phone_visibility": Visibility.MEMBERS,
                "messenger": messengers[i * len(messengers) // len(positions)],
                "messenger_visibility": Visibility.MEMBERS,
            },
            public=set(),
        )
        people.append(person)
    return {
        "community": community,
        "colleague": colleague,
        "people": people,
        "stored": 4 * len(positions),
    }


def test_profile_pages_render_every_payload_inert(reader_as):
    started = time.monotonic()
    world = profile_corpus()
    browsing = time.monotonic()
    community, people = world["community"], world["people"]
    colleague = reader_as(world["colleague"], "a colleague")
    for person in people:
        colleague.check(reverse("accounts:profile", args=[person.pk]), h1=person.get_full_name())
    # the community's directory shows the positions too
    for number in pages(len(people) + 1, MEMBERS_PER_PAGE):
        colleague.check(f"/communities/{community.slug}/members/?page={number}", h1="Участники")
    # each person on their own page, where every field shows, and in their settings, where
    # the values stand in the form's fields (attribute values and a textarea)
    for person in people:
        reader_as.switch(colleague, person, "the person")
        colleague.check(reverse("accounts:profile", args=[person.pk]), h1=person.get_full_name())
        colleague.check(reverse("accounts:settings"), h1="Настройки")
    report("profiles", started, browsing, opened(reader_as), world["stored"])


# --- Announcements ---------------------------------------------------------------------------


def announcement_corpus():
    """Announcements whose titles carry every short payload and whose texts every payload, all
    pinned, so that the community page shows every text and the home page the titles."""
    from pedset.announcements import services as announcements
    from pedset.announcements.selectors import community_today

    community = corpus_community("korpus-announcements")
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    member = MembershipFactory(community=community).user
    titles = packed(SHORT_STORED, ANNOUNCEMENT_TITLE_MAX, " ")
    bodies = packed(STORED, ANNOUNCEMENT_BODY_MAX)
    pinned_until = community_today(community) + datetime.timedelta(days=30)
    published = [
        announcements.announcement_publish(
            actor=coordinator,
            community=community,
            title=title,
            body=bodies[i % len(bodies)],
            pinned_until=pinned_until,
        )
        for i, title in enumerate(titles)
    ]
    return {
        "community": community,
        "coordinator": coordinator,
        "member": member,
        "published": published,
        "stored": 2 * len(titles),
    }


def test_announcement_pages_render_every_payload_inert(reader_as):
    from pedset.core.models import Notification

    started = time.monotonic()
    world = announcement_corpus()
    browsing = time.monotonic()
    community, published = world["community"], world["published"]
    slug = community.slug
    member = reader_as(world["member"], "a member")
    member.check("/", h1=django_settings.SITE_NAME)
    member.check(
        f"/communities/{slug}/",
        h1=community.name,
        items=("article[aria-labelledby^='pinned-announcement-']", len(published)),
    )
    for number in pages(len(published), ANNOUNCEMENTS_PER_PAGE):
        member.check(
            f"/announcements/{slug}/?page={number}", h1=f"Объявления сообщества «{community.name}»"
        )
    for announcement in published:
        member.check(f"/announcements/{slug}/{announcement.pk}/", h1=announcement.title)
    count = Notification.objects.filter(recipient=world["member"]).count()
    assert count == len(published)
    for number in pages(count, NOTIFICATIONS_PER_PAGE):
        member.check(f"/notifications/?page={number}", h1="Уведомления")
    # the publisher's own view, with the edit and delete actions
    coordinator = reader_as(world["coordinator"], "the coordinator")
    coordinator.check(f"/communities/{slug}/", h1=community.name)
    coordinator.check(f"/announcements/{slug}/{published[0].pk}/", h1=published[0].title)
    # the edit form holds each title in an attribute value and each text in a textarea
    for announcement in published:
        coordinator.check(
            f"/announcements/{slug}/{announcement.pk}/edit/", h1="Редактирование объявления"
        )
    report("announcements", started, browsing, opened(reader_as), world["stored"])
