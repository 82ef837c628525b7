"""Pytest plugin for browser tests: Playwright for Python driving Debian's Chromium.

Registered in the root conftest, so every app's browser tests share ONE Playwright per worker
(two sync Playwright instances in one thread break each other). Never downloads a browser:
without /usr/bin/chromium the browser tests are skipped with the reason.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make to set
    # up data stay synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_context(chromium, live_server, **options):
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU", **options)
    context.set_default_timeout(30_000)
    outside = []

    def _watch(request):
        if not request.url.startswith((live_server.url, "data:", "about:")):
            outside.append(request.url)

    context.on("request", _watch)
    context.requests_to_other_sites = outside
    return context


@pytest.fixture
def browser_context(chromium, live_server):
    """A browser profile on the live test server. Fails on any request to another site."""
    context = _new_context(chromium, live_server)
    yield context
    context.close()
    assert not context.requests_to_other_sites, (
        f"requests to other sites: {context.requests_to_other_sites}"
    )


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def new_page(chromium, live_server):
    """new_page(**context_options) -> a page in another, independent browser (another person)."""
    contexts = []

    def _make(**options):
        context = _new_context(chromium, live_server, **options)
        contexts.append(context)
        return context.new_page()

    yield _make
    for context in contexts:
        context.close()
    outside = [url for c in contexts for url in c.requests_to_other_sites]
    assert not outside, f"requests to other sites: {outside}"


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): axe-core (shipped in axe-playwright-python), WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _check(page):
        # the stylesheet must have applied, or contrast is judged on unstyled text
        page.wait_for_load_state("load")
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        violations = results.response["violations"]
        assert not violations, f"{page.url}\n" + "\n".join(
            f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )

    return _check


@pytest.fixture
def browser_login():
    """browser_login(page, user, password=DEFAULT_PASSWORD): signs in through the login form."""
    from pedset.accounts.tests.factories import DEFAULT_PASSWORD

    def _login(page, user, password=DEFAULT_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Пароль").fill(password)
        page.locator("main form").get_by_role("button", name="Войти").click()
        page.wait_for_load_state()

    return _login


@pytest.fixture
def page_as(new_page, live_server):
    """page_as(user or None) -> a page of its own browser, signed in as that person (through a
    session cookie: for tests whose subject is not the login form)."""
    from django.conf import settings
    from django.test import Client

    def open_page(user=None):
        page = new_page()
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            page.context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return page

    return open_page
