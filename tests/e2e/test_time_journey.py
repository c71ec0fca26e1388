"""The time journey in a real browser: a collaborator types a few days of time on one of his missions in the
week grid, saves and submits the week; the manager, who had looked at the mission's budget consumption, approves
the week and sees the consumed hours and their value at the selling rate grow by exactly what was entered; the
collaborator finds the week locked.

Nothing depends on the demo's volumes: the week and the grid row are read from the pages (the collaborator, whom
the administrator approves, and the id of the row's mission from the database file, matched on the row's label
with its fiscal year), and every figure is compared before and after."""

import re
import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from data.seed import MAIN_ADMIN, MAIN_COLLABORATOR

WIDE = {"width": 1920, "height": 1080}  # the whole week grid fits: its cells are all in the accessible table
DAYS = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim")
TYPED = {"Lun": "2,5", "Mar": "2:30", "Mer": "2"}  # the grid reads French decimals and h:mm alike: 7 h
FIRST_DAY_COLUMN = 5  # the grid's columns in the accessible table: Imputation, Activité, Facturable, Commentaire, Lun…
HEADER_PX, ROW_PX, IMPUTATION_X = 35, 35, 200
SLOW_RUN_MS = 45_000  # saving, submitting, approving: the runs that rewrite a week and redraw the whole grid


def _rows(server, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(server.db_path) as conn:
        return conn.execute(sql, params).fetchall()


def _collaborator_of_the_approver(server) -> tuple[str, str, int]:
    """A collaborator whose weeks MAIN_ADMIN approves (an administrator approves anyone of the firm): an active
    collaborator with a grade ("collaborateur" first), never the demo's named collaborator, whom the sign-in
    tests lock out on purpose on the same server."""
    found = _rows(server, "SELECT u.full_name, u.email, u.grade_id FROM users u "
                          "JOIN users a ON a.firm_id = u.firm_id "
                          "JOIN grades g ON g.id = u.grade_id "
                          "WHERE a.email = ? AND u.role = 'collaborator' AND u.is_active "
                          "AND u.email <> ? ORDER BY g.code = 'collaborateur' DESC, u.id LIMIT 1",
                  MAIN_ADMIN, MAIN_COLLABORATOR)
    assert found, f"no active collaborator with a grade in the firm of {MAIN_ADMIN}"
    return found[0]


# --- waiting for Streamlit ---------------------------------------------------------------------------------


def _idle(page) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()


def _rerun_done(page) -> None:
    """Wait for the script run a widget change started (it may be over before the first look)."""
    try:
        page.locator("[data-testid='stApp'][data-test-script-state='running']").wait_for(timeout=3_000)
    except PlaywrightTimeout:
        pass
    _idle(page)


def _flash(page, message, timeout: float | None = None) -> None:
    page.get_by_text(message).wait_for(timeout=timeout)
    _idle(page)


def _sidebar_link(page, name: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    _idle(page)


def _sign_in(sign_in, page, email: str) -> None:
    sign_in(page, email)
    page.get_by_role("heading", name=re.compile("^Bonjour ")).wait_for()
    _idle(page)


# --- reading figures the French way ------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _label_minutes(text: str) -> int:
    """ "32 h 45" or "7 h" (the time pages' totals) → minutes."""
    match = re.fullmatch(r"(\d+) h(?: (\d\d))?", _plain(text))
    assert match, f"not a duration: {text!r}"
    return int(match.group(1)) * 60 + int(match.group(2) or 0)


def _hours_minutes(text: str) -> int:
    """ "1 054,5 h" (a mission's metrics) → minutes."""
    match = re.fullmatch(r"([\d ]+(?:,\d+)?) h", _plain(text))
    assert match, f"not a number of hours: {text!r}"
    return int(Decimal(match.group(1).replace(" ", "").replace(",", ".")) * 60)


def _hours_label(minutes: int) -> str:
    """Minutes as the time pages write totals: "41 h", "32 h 45"."""
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{minutes // 60} h"


def _minutes(typed: str) -> int:
    """What a typed cell means: "2,5" or "2:30" or "2" hours."""
    hours, _, minutes = typed.replace(",", ".").partition(":")
    return round(float(hours) * 60) + int(minutes or 0)


TYPED_MINUTES = sum(_minutes(typed) for typed in TYPED.values())


def _euro_cents(text: str) -> int:
    """ "12 345,67 €" → cents."""
    match = re.fullmatch(r"(-?[\d ]+,\d\d) €", _plain(text))
    assert match, f"not an amount: {text!r}"
    return int(Decimal(match.group(1).replace(" ", "").replace(",", ".")) * 100)


def _metric(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label))
    return metric.get_by_test_id("stMetricValue").inner_text()


# --- the week grid (a canvas: driven with the keyboard, read through its accessible table) ----------------


def _week_header(page) -> str:
    """ "Semaine du 16/11/2026 au 22/11/2026 — statut : Brouillon" """
    header = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^Semaine du .* — statut : "))
    return _plain(header.inner_text())


def _week_total(page) -> int:
    line = _plain(page.get_by_text(re.compile("Total de la semaine :")).inner_text())
    return _label_minutes(line.rsplit("Total de la semaine :", 1)[1].strip())


def _next_week(page) -> None:
    shown = _week_header(page).split(" — ")[0]
    page.get_by_role("button", name="Semaine suivante ▶").click()
    expect(page.get_by_text(shown, exact=True)).to_have_count(0)
    _idle(page)


def _open_draft_week(page) -> str:
    """Today's week when it is still a draft, else the next draft one; returns its header."""
    for _ in range(5):
        header = _week_header(page)
        if header.endswith("statut : Brouillon"):
            return header
        _next_week(page)
    raise AssertionError(f"no draft week found after {header}")


def _assert_read_only(page) -> None:
    """A submitted or approved week: a plain table, no row to add, nothing to save or submit."""
    expect(page.get_by_test_id("stDataFrame").get_by_role("button", name="Add row")).to_have_count(0)
    for button in ("Enregistrer", "Soumettre la semaine"):
        expect(page.get_by_role("button", name=button, exact=True)).to_have_count(0)


def _row_cells(grid, row: int) -> list[str]:
    return grid.locator(f"tr[aria-rowindex='{row + 2}'] td").all_text_contents()


def _select_free_mission_row(page, grid, mission_of) -> tuple[int, int, str]:
    """Walk down the grid with the keyboard (it scrolls, and only the rows in view are in its accessible table)
    to the first production row of a mission whose days to type are empty; returns the row, the mission id and
    the row's label, with the row's first cell selected."""
    first = grid.locator("#glide-cell-1-0")
    for attempt in range(3):  # the canvas may still be settling: click again until the cell is selected
        grid.click(position={"x": IMPUTATION_X, "y": HEADER_PX + ROW_PX // 2})
        try:
            expect(first).to_have_attribute("aria-selected", "true", timeout=3_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    # The rows counted: the header, the week's lines, the editor's trailing "add a row" line.
    count = int(grid.locator("table[role='grid']").get_attribute("aria-rowcount")) - 2
    for row in range(count):
        if row:
            page.keyboard.press("ArrowDown")
            expect(grid.locator(f"#glide-cell-1-{row}")).to_have_attribute("aria-selected", "true")
        cells = _row_cells(grid, row)
        if len(cells) < FIRST_DAY_COLUMN - 1 + len(DAYS):
            continue
        label, activity = cells[0], cells[1]
        days = dict(zip(DAYS, cells[FIRST_DAY_COLUMN - 1:], strict=True))
        if activity != "Production" or any(days[d] for d in TYPED):
            continue
        mission_id = mission_of(label.split(" › ")[0])
        if mission_id is not None:
            return row, mission_id, label
    raise AssertionError("no production row of an open mission with empty days in the week grid")


def _type_days(page, grid, row: int) -> None:
    """From the row's first cell, type TYPED into its day cells: Enter opens a cell's editor, Tab commits it and
    moves right; each commit reruns the page."""
    for _ in range(FIRST_DAY_COLUMN - 1):
        page.keyboard.press("ArrowRight")
    for offset, day in enumerate(DAYS):
        if day not in TYPED:
            page.keyboard.press("ArrowRight")
            continue
        cell = grid.locator(f"#glide-cell-{FIRST_DAY_COLUMN + offset}-{row}")
        expect(cell).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")
        editor = page.get_by_test_id("portal").locator("textarea")
        editor.wait_for()
        editor.fill(TYPED[day])
        page.keyboard.press("Tab")
        expect(cell).to_have_text(TYPED[day])
    _rerun_done(page)  # the last change has reached the page before a button is clicked


# --- the journey -------------------------------------------------------------------------------------------


def test_a_week_of_time_is_entered_submitted_approved_and_consumes_the_mission_budget(
        page, new_context, server, sign_in, sign_out, screenshot):
    person, email, grade_id = _collaborator_of_the_approver(server)
    page.set_viewport_size(WIDE)

    def mission_of(label: str) -> int | None:
        """The open mission a grid label names ("Client — Mission (exercice clos le 31/12/2026)", followed by
        " · mission n° 12" when two missions would read alike), when exactly one does."""
        named = re.fullmatch(r"(.*) · mission n° (\d+)", label)
        mission_id = int(named.group(2)) if named else None
        found = _rows(server, "SELECT m.id FROM missions m JOIN clients c ON c.id = m.client_id "
                              "JOIN users u ON u.firm_id = m.firm_id WHERE u.email = ? AND m.status != 'terminee' "
                              "AND c.name || ' — ' || m.label || ' (exercice clos le ' "
                              "|| strftime('%d/%m/%Y', m.fiscal_year_end) || ')' = ? AND (? IS NULL OR m.id = ?)",
                      email, named.group(1) if named else label, mission_id, mission_id)
        return found[0][0] if len(found) == 1 else None

    # --- 1. the collaborator opens a draft week and picks a row of one of his missions -------------------
    _sign_in(sign_in, page, email)
    _sidebar_link(page, "Saisie des temps")
    header = _open_draft_week(page)
    monday = re.match(r"Semaine du (\d\d/\d\d/\d{4})", header).group(1)
    total_before = _week_total(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid.get_by_role("button", name="Add row")).to_have_count(1)  # a draft week: the grid is editable
    row, mission_id, row_label = _select_free_mission_row(page, grid, mission_of)

    # --- 2. the manager, in her own browser, looks at that mission's consumption --------------------------
    manager = new_context().new_page()
    manager.set_viewport_size(WIDE)
    _sign_in(sign_in, manager, MAIN_ADMIN)
    mission_url = server.url(f"/missions?mission={mission_id}")
    manager.goto(mission_url)
    _idle(manager)
    hours_before = _hours_minutes(_metric(manager, "Temps saisi"))
    value_before = _euro_cents(_metric(manager, "Valeur du temps (taux de vente)"))

    # --- 3. the collaborator types three days, saves, submits ---------------------------------------------
    _type_days(page, grid, row)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    _flash(page, re.compile(r"^Semaine enregistrée \(\d+ saisie\(s\)\)\.$"), SLOW_RUN_MS)
    assert _week_total(page) == total_before + TYPED_MINUTES
    screenshot("1-week-saved")

    page.get_by_text("Je confirme que la semaine est complète", exact=True).click()
    page.get_by_role("button", name="Soumettre la semaine").click()  # enabled by the run the box started
    _flash(page, "Semaine soumise à votre responsable.", SLOW_RUN_MS)
    assert _week_header(page) == header.replace("statut : Brouillon", "statut : Soumise")
    page.get_by_text("Semaine soumise : en attente de validation par votre responsable.").wait_for()
    _assert_read_only(page)
    sign_out(page)

    # --- 4. the manager approves the week ------------------------------------------------------------------
    _sidebar_link(manager, "Validation des temps")
    week = f"{person} — semaine du {monday}"
    box = manager.get_by_role("combobox", name="Semaine à examiner")
    box.click()
    box.fill(week)  # the list is filtered as one types: the option is on screen however long the list
    manager.get_by_role("option", name=week, exact=True).click()
    expect(box).to_have_value(week)
    manager.get_by_text(re.compile(rf"^Total : {_hours_label(total_before + TYPED_MINUTES)} dont .* facturables "
                                   rf"\({re.escape(person)}\)\.$")).wait_for()
    screenshot("2-week-to-approve", of=manager)
    manager.get_by_role("button", name="Valider", exact=True).click()
    _flash(manager, "Semaine validée : ses temps sont verrouillés.", SLOW_RUN_MS)
    if manager.get_by_text("Aucune semaine à valider", exact=False).count() == 0:
        box.click()  # the week left the list of weeks to approve
        box.fill(week)
        expect(manager.get_by_role("option", name=week, exact=True)).to_have_count(0)
        box.press("Escape")
    ((status,),) = _rows(server, "SELECT t.status FROM timesheets t JOIN users u ON u.id = t.user_id "
                                 "WHERE u.email = ? AND t.week_start = ?", email,
                         datetime.strptime(monday, "%d/%m/%Y").date().isoformat())
    assert status == "validee"

    # --- 5. the mission consumed exactly the hours entered, valued at the collaborator's selling rate -------
    manager.goto(mission_url)
    _idle(manager)
    assert _hours_minutes(_metric(manager, "Temps saisi")) == hours_before + TYPED_MINUTES, row_label
    first_day = datetime.strptime(monday, "%d/%m/%Y").date()
    value = sum(Decimal(_minutes(typed)) * _selling_rate_cents(server, grade_id, first_day + timedelta(days=index))
                for index, day in enumerate(DAYS) if (typed := TYPED.get(day))) / 60
    assert value == int(value)  # whole cents: how the page rounds its sums cannot blur the comparison
    assert _euro_cents(_metric(manager, "Valeur du temps (taux de vente)")) == value_before + value, row_label
    screenshot("3-mission-consumption", of=manager)

    # --- 6. the collaborator finds the week locked -----------------------------------------------------------
    _sign_in(sign_in, page, email)
    _sidebar_link(page, "Saisie des temps")
    for _ in range(5):  # today's week first: step to the week typed in when it was a later one
        if _week_header(page).split(" — ")[0] == header.split(" — ")[0]:
            break
        _next_week(page)
    assert _week_header(page) == header.replace("statut : Brouillon", "statut : Validée")
    page.get_by_text("Semaine validée : ses temps sont verrouillés.").wait_for()
    _assert_read_only(page)
    assert _week_total(page) == total_before + TYPED_MINUTES
    screenshot("4-week-locked")


def _selling_rate_cents(server, grade_id: int, on: date) -> int:
    """The grade's selling rate in force on the day, as the firm's rate history holds it."""
    found = _rows(server, "SELECT selling_rate_cents FROM grade_rates WHERE grade_id = ? AND effective_from <= ? "
                          "ORDER BY effective_from DESC LIMIT 1", grade_id, on.isoformat())
    assert found, f"no selling rate for grade {grade_id} on {on}"
    return found[0][0]
