"""The first browser session after the server starts behaves like every later one."""

from data.seed import DEMO_PASSWORD, MAIN_ADMIN


def test_the_first_visit_after_start_up_opens_a_deep_link_without_a_page_not_found_dialog(new_context, fresh_server):
    page = new_context().new_page()
    page.goto(fresh_server.url("/utilisateurs"))  # the gate sends the visitor to sign in first
    page.locator("#email").fill(MAIN_ADMIN)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Utilisateurs").wait_for()
    page.wait_for_timeout(1000)  # a late dialog would show up by now
    assert page.get_by_text("Page not found").count() == 0
    assert page.url.endswith("/utilisateurs")
