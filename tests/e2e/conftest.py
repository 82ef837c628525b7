"""Browser fixtures come from pedset/core/testing_browser.py (registered in the root conftest)."""

from pathlib import Path

import pytest


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def axe(assert_accessible):
    """assert_accessible(page) once the page has finished loading, its stylesheets included:
    Playwright's checks pass as soon as the new page's elements show, and a contrast check
    made before the stylesheet applies would check the wrong colours."""

    def _check(page):
        page.wait_for_load_state("load")
        assert_accessible(page)

    return _check
