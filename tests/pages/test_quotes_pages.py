"""The Devis page, driven as the firm's administrator (who may see fees)."""

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.clients.services import create_client
from domain.quotes import queries, services
from domain.quotes.model import QuoteDraft, QuoteStatus
from tests.conftest import ROOT
from tests.pages.helpers import ACCESS_DENIED, column, titles

QUOTES = "pages/staff/quotes.py"


@pytest.fixture
def alpha(firm):
    c = firm.container
    return create_client(c.firm_uow(firm.firm_id), None, c.clock,
                         {"name": "Alpha Conseil", "siren": "552008443", "email": "compta@alpha.fr", "city": "Lyon"})


def stored(firm):
    c = firm.container
    return queries.list_quotes(c.firm_uow(firm.firm_id), None, c.clock)


def catalogue_ids(firm) -> dict[str, int]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return {m.code: m.id for m in uow.mission_types.list(active_only=True)}


def make_quote(firm, alpha, codes=("tenue",)):
    from domain.quotes.building import line_from_mission_type, selling_rates

    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        types = {m.code: m for m in uow.mission_types.list()}
        rates, grades = selling_rates(uow.grades.rates(), c.clock.today()), uow.grades.list()
    lines = tuple(line_from_mission_type(types[code], rates, grades) for code in codes)
    return services.create_quote(c.firm_uow(firm.firm_id), None, c.clock,
                                 QuoteDraft(client_id=alpha.id, title="Mission 2027", lines=lines))


@pytest.fixture
def admin(add_user):
    return add_user(Role.ADMIN, name="Claire Verger")


def open_quotes(open_app, user, quote_id: int | None = None):
    at = open_app(user.email, user.password, QUOTES)
    if quote_id is not None:
        at.query_params["quote"] = str(quote_id)
        at.run()
    assert not at.exception, at.exception
    return at


def test_an_empty_firm_sees_the_empty_state(open_app, admin):
    at = open_quotes(open_app, admin)

    assert titles(at) == ["Devis"]
    assert at.info[0].value.startswith("Aucun devis pour l'instant.")


def test_a_collaborator_without_the_fees_permission_is_kept_out(add_user, page_ctx):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / QUOTES), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()

    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED]
    assert titles(at) == []


def test_creating_a_quote_from_the_catalogue_opens_its_draft(firm, open_app, admin, alpha):
    at = open_quotes(open_app, admin)
    at.selectbox(key="quotes.new.target").select(alpha.id)
    at.multiselect(key="quotes.new.types").select(catalogue_ids(firm)["tenue"])
    at = [b for b in at.button if b.label == "Créer le brouillon"][0].click().run()

    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Brouillon de devis créé")
    [quote] = stored(firm)
    assert (quote.number, quote.status, [line.label for line in quote.lines]) == (
        "D2026-00001", QuoteStatus.DRAFT, ["Tenue comptable"])
    assert at.query_params["quote"] == str(quote.id)
    assert column(at, 0, "Numéro") == ["D2026-00001"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Honoraires proposés HT"] == "4\u202f800,00\xa0€"
    assert "Enregistrer le brouillon" in [b.label for b in at.button]


def test_a_draft_is_saved_with_its_discount_and_the_summary_follows(firm, open_app, admin, alpha):
    quote = make_quote(firm, alpha)
    at = open_quotes(open_app, admin, quote.id)

    at.text_input(key=f"quotes.{quote.id}.discount").input("300").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total HT"] == "4\u202f500,00\xa0€"
    assert metrics["Total TTC"] == "5\u202f400,00\xa0€"
    at = [b for b in at.button if b.label == "Enregistrer le brouillon"][0].click().run()

    assert at.success[0].value == "Brouillon enregistré."
    [saved] = stored(firm)
    assert (saved.discount_cents, saved.total_ht_cents) == (30000, 450000)


def test_a_bad_amount_shows_a_french_error_and_saves_nothing(firm, open_app, admin, alpha):
    quote = make_quote(firm, alpha)
    at = open_quotes(open_app, admin, quote.id)

    at = at.text_input(key=f"quotes.{quote.id}.discount").input("12,345").run()

    assert "Remise : au plus deux décimales." in [e.value for e in at.error]
    assert "Enregistrer le brouillon" not in [b.label for b in at.button]


def test_sending_needs_a_confirmation_then_freezes_the_pdf_and_queues_the_mail(firm, open_app, admin, alpha):
    quote = make_quote(firm, alpha)
    at = open_quotes(open_app, admin, quote.id)
    send = [b for b in at.button if b.label == "Envoyer le devis"][0]
    assert send.disabled

    at.checkbox(key=f"quotes.{quote.id}.send.ok").check().run()
    at = [b for b in at.button if b.label == "Envoyer le devis"][0].click().run()

    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Devis D2026-00001 envoyé")
    [sent] = stored(firm)
    assert (sent.status, sent.has_pdf) == (QuoteStatus.SENT, True)
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert [m["recipient"] for m in uow.outbox.list() if m["subject"].startswith("Devis")] == ["compta@alpha.fr"]
    labels = [b.label for b in at.button]
    assert "Accepter" in labels and "Refuser" in labels and "Nouvelle version" in labels


def test_a_sent_quote_is_refused_with_a_reason_then_revised(firm, open_app, admin, alpha):
    quote = make_quote(firm, alpha)
    c = firm.container

    class Renderer:
        def pdf(self, html: str) -> bytes:
            return b"%PDF-1.7 test"

    services.send_quote(c.firm_uow(firm.firm_id), None, c.clock, Renderer(), quote.id)
    at = open_quotes(open_app, admin, quote.id)

    at = [b for b in at.button if b.label == "Refuser"][0].click().run()
    assert "Motif du refus : valeur obligatoire." in [e.value for e in at.error]
    at.text_input(key=f"quotes.{quote.id}.refuse.reason").input("Honoraires trop élevés")
    at = [b for b in at.button if b.label == "Refuser"][0].click().run()
    assert at.success[0].value == "Devis D2026-00001 refusé."
    at = [b for b in at.button if b.label == "Nouvelle version"][0].click().run()

    assert not at.exception, at.exception
    versions = {q.version: q.status for q in stored(firm)}
    assert versions == {1: QuoteStatus.REFUSED, 2: QuoteStatus.DRAFT}
    versions_table = at.dataframe[len(at.dataframe) - 1]
    assert list(versions_table.value["Référence"]) == ["D2026-00001", "D2026-00001-v2"]
    assert list(versions_table.value["Statut"]) == ["Refusé", "Brouillon"]


def test_accepting_a_sent_quote_links_to_the_engagement_letter_it_generated(firm, open_app, admin, alpha):
    quote = make_quote(firm, alpha)
    c = firm.container

    class Renderer:
        def pdf(self, html: str) -> bytes:
            return b"%PDF-1.7 test"

    services.send_quote(c.firm_uow(firm.firm_id), None, c.clock, Renderer(), quote.id)
    at = open_quotes(open_app, admin, quote.id)
    assert not [link for link in at.get("page_link") if "Lettre de mission" in link.proto.label]

    at.checkbox(key=f"quotes.{quote.id}.accept.ok").check().run()
    at = [b for b in at.button if b.label == "Accepter"][0].click().run()

    assert not at.exception, at.exception
    with c.firm_uow(firm.firm_id) as uow:
        [letter] = uow.letters.for_quote(quote.id)
    [link] = [link for link in at.get("page_link") if "Lettre de mission" in link.proto.label]
    assert link.proto.label == f"Lettre de mission {letter.reference} (brouillon)"
    assert f"letter={letter.id}" in link.proto.query_string
