"""Browser tests: Playwright for Python driving Debian's Chromium against the live test server.

Never downloads a browser: without /usr/bin/chromium these tests are skipped with the reason.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# (setting up data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU")
    context.set_default_timeout(15_000)
    # Nothing may load from another site: fail the test on any such request.
    outside = []

    def _watch(request):
        if not request.url.startswith((live_server.url, "data:", "about:")):
            outside.append(request.url)

    context.on("request", _watch)
    yield context
    context.close()
    assert not outside, f"requests to other sites: {outside}"


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def new_page(browser_context, chromium, live_server):
    """A second, independent browser (another person) on the same site."""
    contexts = []

    def _make():
        context = chromium.new_context(base_url=live_server.url, locale="ru-RU")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def assert_accessible():
    """axe-core (shipped inside the axe-playwright-python package) against WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        violations = results.response["violations"]
        assert not violations, "\n".join(
            f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )

    return _check


@pytest.fixture
def login(live_server):
    from pedset.accounts.tests.factories import DEFAULT_PASSWORD

    def _login(page, user, password=DEFAULT_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").last.click()
        page.wait_for_load_state()

    return _login
