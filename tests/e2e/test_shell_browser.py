"""The shell in a real browser: accessibility, the visually-impaired version, keyboard use."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_passes_axe_and_loads_nothing_from_outside(page, assert_accessible):
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_of_the_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Перейти к содержанию" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_visually_impaired_version_makes_text_larger_and_hides_images(page, assert_accessible):
    page.goto("/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="Версия для слабовидящих").click()
    page.wait_for_load_state()
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.3
    assert page.evaluate("document.documentElement.classList.contains('a11y')")
    assert_accessible(page)
    # remembered on the next page
    page.goto("/organisations/")
    assert page.evaluate("document.documentElement.classList.contains('a11y')")
    page.get_by_role("button", name="Обычная версия").click()
    page.wait_for_load_state()
    assert not page.evaluate("document.documentElement.classList.contains('a11y')")


def test_layout_works_on_a_phone(new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the page scrolls sideways on a 360 px phone"
