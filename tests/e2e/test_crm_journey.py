"""The CRM journey in a real browser: a new prospect gets a quote from the catalogue, the quote is sent (PDF
mailed through the outbox) and accepted, which converts the prospect into a client and generates the engagement
letter; the client's LCB-FT assessment is validated (through the services: test_compliance_journey does it in the
pages); the letter is put up for signature, downloaded, uploaded back as signed, and the client is active with
its engagement, missions, tasks and fee schedule."""

import re
import sqlite3
import uuid
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from stdnum import luhn

from data.seed import MAIN_ADMIN

MISSIONS = ("Tenue comptable", "Liasse fiscale et déclaration de résultat")


def _rows(server, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(server.db_path) as conn:
        return conn.execute(sql, params).fetchall()


def _unused_siren(server) -> str:
    """A valid SIREN (Luhn) that no client or prospect of the demo database has; the seed draws its SIRENs
    from 30000000-99999999 prefixes, these from 10000000-29999999."""
    taken = {s for (s,) in _rows(server, "SELECT siren FROM clients UNION SELECT siren FROM prospects")}
    while True:
        prefix = str(10_000_000 + uuid.uuid4().int % 20_000_000)
        siren = prefix + luhn.calc_check_digit(prefix)
        if siren not in taken:
            return siren


def _rerun_done(page) -> None:
    """Wait for the script run a widget change started: the next locators must see its output, and a widget
    touched during the run may be drawn anew (losing what was typed or chosen in it)."""
    try:
        page.locator("[data-testid='stApp'][data-test-script-state='running']").wait_for(timeout=5_000)
    except PlaywrightTimeout:
        pass  # the run was over before the first look
    _idle(page)


def _idle(page) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()


def _flash(page, message) -> None:
    """Wait for a command's success message (drawn first after its rerun), then for the rest of the page."""
    page.get_by_text(message).wait_for()
    _idle(page)


def _sidebar_link(page, name: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    _idle(page)  # the title comes first: widgets touched before the run ends may be drawn anew


def _type(scope, label: str, value: str) -> None:
    field = scope.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")  # Streamlit takes a text input's value when it loses the focus


def _choose(page, scope, label: str, option: str, *, in_form: bool = False) -> None:
    """Pick `option` (its text, or the start of it) in the selectbox or multiselect labelled `label`; outside
    a form, wait for the run the choice starts. A widget drawn anew by a late run closes its list: try again."""
    box = scope.get_by_label(label, exact=True)
    wanted = page.get_by_role("option", name=re.compile("^" + re.escape(option))).first
    for attempt in range(3):
        box.click()
        box.fill(option)
        try:
            wanted.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            box.press("Escape")
            _idle(page)
    if box.get_attribute("aria-expanded") == "true":
        # A multiselect's list stays open and hides the rest of the page from the locators (Escape on a closed
        # selectbox would clear it).
        box.press("Escape")
    if not in_form:
        _rerun_done(page)


def _table_cells(page) -> set[str]:
    """The cells of the data frames on screen, spaces normalised (amounts use narrow no-break spaces)."""
    cells = page.locator("[data-testid='stDataFrame']:visible td[role='gridcell']").all_text_contents()
    return {" ".join(c.replace("\u202f", " ").replace("\xa0", " ").split()) for c in cells}


def _expander(page, title: str):
    expander = page.locator("[data-testid='stExpander']").filter(has_text=title)
    expander.get_by_text(title, exact=True).click()
    return expander


def test_a_prospect_becomes_an_active_client_through_quote_acceptance_and_a_signed_letter(
        page, server, sign_in, screenshot, validated_assessment):
    tag = uuid.uuid4().hex[:6]
    name, signatory = f"Boulangerie Parcours {tag.upper()} SAS", "Hélène Marchetti"
    email = f"h.marchetti.{tag}@example.org"
    siren = _unused_siren(server)
    sign_in(page, MAIN_ADMIN)
    page.get_by_role("heading", name="Bonjour Claire").wait_for()

    # --- 1. the prospect --------------------------------------------------------------------------------
    _sidebar_link(page, "Prospects")
    new = _expander(page, "Nouveau prospect")
    _type(new, "Nom ou raison sociale *", name)
    _type(new, "SIREN (société)", siren)
    _type(new, "Contact", signatory)
    _type(new, "E-mail", email)
    _type(new, "Ville", "Villeurbanne")
    _type(new, "Honoraires annuels espérés (€ HT)", "6 000")
    new.get_by_role("button", name="Créer le prospect").click()
    _flash(page, f"Prospect « {name} » créé.")
    ((prospect_id, stage),) = _rows(server, "SELECT id, stage FROM prospects WHERE name = ?", name)
    assert stage == "nouveau"
    screenshot("1-prospect")

    # --- 2. the quote: a draft from the catalogue, saved, sent ----------------------------------------------
    _sidebar_link(page, "Devis")
    new = _expander(page, "Nouveau devis")
    new.locator("[data-testid='stRadio']").get_by_text("Prospect", exact=True).click()
    _rerun_done(page)  # the recipient list switches from the clients to the prospects
    _choose(page, new, "Client ou prospect", name, in_form=True)
    for mission in MISSIONS:
        _choose(page, new, "Missions du catalogue", mission, in_form=True)
    # What the form sends: nothing was lost to a late run of the page.
    assert new.get_by_role("combobox", name="Client ou prospect").input_value() == name
    for mission in MISSIONS:
        new.locator("[data-testid='stMultiSelect']").get_by_text(re.compile("^" + re.escape(mission))).wait_for()
    new.get_by_role("button", name="Créer le brouillon").click()
    _flash(page, "Brouillon de devis créé")
    ((quote_id, number, status),) = _rows(server, "SELECT id, number, status FROM quotes WHERE prospect_id = ?",
                                          prospect_id)
    assert status == "brouillon"
    assert page.url.endswith(f"?quote={quote_id}")

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    _flash(page, "Brouillon enregistré.")
    page.get_by_text(re.compile(r"^Je confirme l'envoi du devis ")).click()
    page.get_by_role("button", name="Envoyer le devis").click()
    _flash(page, re.compile(r"envoyé : le courriel avec le PDF est dans la file d'envoi"))
    screenshot("2-quote-sent")

    ((status, frozen_quote),) = _rows(server, "SELECT status, pdf FROM quotes WHERE id = ?", quote_id)
    assert status == "envoye"
    lines = _rows(server, "SELECT label, fee_cents FROM quote_lines WHERE quote_id = ? ORDER BY position", quote_id)
    assert lines == [(MISSIONS[0], 480_000), (MISSIONS[1], 90_000)]  # the catalogue's default fees
    mails = _rows(server, "SELECT o.id, o.subject, a.filename, a.mime, a.content FROM outbox o "
                          "JOIN outbox_attachments a ON a.outbox_id = o.id WHERE o.recipient = ?", email)
    assert len(mails) == 1
    _, subject, filename, mime, content = mails[0]
    assert number in subject and number in filename
    assert mime == "application/pdf" and content.startswith(b"%PDF-")
    assert content == frozen_quote  # the mailed PDF is the frozen one
    assert _rows(server, "SELECT stage FROM prospects WHERE id = ?", prospect_id) == [("devis_envoye",)]

    # --- 3. acceptance: the prospect becomes a client, the letter is generated -----------------------------
    page.get_by_text("Le client a accepté ce devis", exact=True).click()
    page.get_by_role("button", name="Accepter", exact=True).click()
    _flash(page, re.compile(r"accepté : la lettre de mission a été préparée"))
    ((client_id,),) = _rows(server, "SELECT client_id FROM quotes WHERE id = ?", quote_id)
    assert client_id is not None
    assert _rows(server, "SELECT name, siren FROM clients WHERE id = ?", client_id) == [(name, siren)]
    assert _rows(server, "SELECT stage, client_id FROM prospects WHERE id = ?", prospect_id) == [("gagne", client_id)]
    ((letter_id, letter_number, letter_status, signatory_name, signatory_email),) = _rows(
        server, "SELECT id, number, status, signatory_name, signatory_email FROM engagement_letters "
                "WHERE quote_id = ?", quote_id)
    assert letter_status == "brouillon"
    assert (signatory_name, signatory_email) == (signatory, email)  # the prospect's contact signs: no retyping
    screenshot("3-quote-accepted")

    # --- 4. the letter, from the accepted quote's link: put up for signature, PDF downloaded, scan uploaded ---
    validated_assessment(client_id)  # the LCB-FT gate wants it first (test_compliance_journey: in the pages)
    page.get_by_role("link", name=re.compile("^Lettre de mission " + re.escape(letter_number))).click()
    page.get_by_role("heading", name=re.compile(re.escape(letter_number))).wait_for()
    _idle(page)
    assert page.url.endswith(f"?letter={letter_id}")

    page.get_by_role("button", name="Mettre à signer / imprimer").click()
    _flash(page, re.compile(r"à signer : téléchargez le PDF ci-dessous"))
    screenshot("4-letter-to-sign")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger la lettre (PDF)").click()
    download = download_info.value
    printed = Path(download.path()).read_bytes()
    ((frozen, frozen_status),) = _rows(server, "SELECT pdf, status FROM engagement_letters WHERE id = ?", letter_id)
    assert frozen_status == "a_signer"
    assert printed == frozen and printed.startswith(b"%PDF-")

    page.locator("input[type=file]").set_input_files(
        files=[{"name": download.suggested_filename, "mimeType": "application/pdf", "buffer": printed}])
    page.get_by_role("button", name="Enregistrer la signature").click()  # enabled once the file is in
    _flash(page, re.compile(r"signée : la mission est active"))
    page.get_by_role("heading", name="Mission active").wait_for()
    assert _rows(server, "SELECT status, signed_pdf, signature_provider FROM engagement_letters WHERE id = ?",
                 letter_id) == [("signee", printed, "upload")]
    screenshot("5-letter-signed")

    # --- 5. the client is active with its engagement and missions -------------------------------------------
    ((engagement_id, engagement_status, annual_fee),) = _rows(
        server, "SELECT id, status, annual_fee_cents FROM engagements WHERE client_id = ? AND letter_id = ?",
        client_id, letter_id)
    assert engagement_status == "active"
    assert annual_fee == 570_000
    missions = _rows(server, "SELECT id, label FROM missions WHERE client_id = ? AND engagement_id = ? ORDER BY id",
                     client_id, engagement_id)
    assert [label for _, label in missions] == list(MISSIONS)
    tasks = _rows(server, f"SELECT mission_id FROM mission_tasks WHERE mission_id IN ({','.join('?' * len(missions))})",
                  *(m for m, _ in missions))
    assert {m for (m,) in tasks} == {m for m, _ in missions}
    schedule = _rows(server, "SELECT amount_cents FROM fee_schedule WHERE engagement_id = ?", engagement_id)
    assert schedule and sum(a for (a,) in schedule) == 570_000

    page.get_by_test_id("stMain").get_by_role("link", name="Fiche client", exact=True).click()
    page.get_by_role("heading", name=name).wait_for()
    assert page.url.endswith(f"?client={client_id}")
    page.get_by_text(f"SIREN {siren}").wait_for()
    page.get_by_role("tab", name="Missions").click()
    page.get_by_text("Engagements en cours").wait_for()
    _idle(page)
    assert page.get_by_text("Aucun engagement en cours").count() == 0
    assert page.get_by_text("Aucune mission pour ce client").count() == 0
    # The tables are drawn on a canvas; their accessible copy (hidden cells) holds the values.
    page.locator("[data-testid='stDataFrame']:visible td[role='gridcell']").filter(
        has_text=MISSIONS[1]).wait_for(state="attached")
    shown = _table_cells(page)
    assert {*MISSIONS, "Forfait mensualisé", "Forfait annuel", "Planifiée", "Mensualisée"} <= shown
    assert {"5 700,00 €", "4 800,00 €", "900,00 €"} <= shown
    screenshot("6-client-missions")
