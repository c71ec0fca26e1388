"""Signed out, every page URL the app can serve leads to the sign-in page, never to the page itself."""

import re

import pytest

from pages._ui.navigation import ALL_PAGES

LOGIN_URL = re.compile(r"^http://localhost:\d+/auth/login")


@pytest.mark.parametrize("url_path", ["", *(spec[2] for spec in ALL_PAGES)], ids=lambda p: p or "root")
def test_a_signed_out_visitor_opening_a_page_url_lands_on_the_sign_in_page(page, server, url_path, screenshot):
    page.goto(server.url(f"/{url_path}"))
    page.wait_for_url(LOGIN_URL)
    page.get_by_role("heading", name="Connexion").wait_for()
    assert page.locator("#email").is_visible()
    assert page.locator("#password").is_visible()
    screenshot()
