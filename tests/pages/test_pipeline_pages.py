"""The Prospects page, driven as an administrator (who may see fees) and refused to a collaborator."""

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.clients import queries as client_queries
from domain.clients.model import ClientFilter
from domain.pipeline import queries, services
from domain.pipeline.model import Stage
from tests.conftest import ROOT
from tests.pages.helpers import (ACCESS_DENIED, assert_not_served, button, column, open_page_file, request_page, submit,
                                 titles)

PIPELINE = "pages/staff/pipeline.py"


@pytest.fixture
def partner_at(open_app, add_user):
    partner = add_user(Role.ADMIN, name="Claire Verger")

    def at():
        app = open_app(partner.email, partner.password, PIPELINE)
        assert not app.exception, app.exception[0].value
        return app

    return at


def stored(firm):
    return queries.search(firm.container.firm_uow(firm.firm_id), None)


def add_prospect(firm, name="Alpha Conseil", siren="552008443", **form):
    c = firm.container
    return services.create_prospect(c.firm_uow(firm.firm_id), None, c.clock,
                                    {"name": name, "siren": siren, "expected_fees": "12 000", **form})


def pick(at, prospect):
    at.selectbox(key="pipeline.sheet.id").select(prospect.id)
    return at.run()


def test_an_empty_pipeline_says_how_to_start(partner_at):
    at = partner_at()

    assert titles(at) == ["Prospects"]
    assert at.info[0].value.startswith("Aucun prospect pour l'instant.")


def test_creating_a_prospect_puts_it_on_the_board_and_in_the_list(firm, partner_at):
    at = partner_at()
    at.text_input(key="pipeline.new.name").input("Alpha Conseil")
    at.text_input(key="pipeline.new.siren").input("552 008 443")
    at.text_input(key="pipeline.new.expected_fees").input("12 000")
    at.text_input(key="pipeline.new.next_action").input("Rappeler")
    at.date_input(key="pipeline.new.next_action_on").set_value(date(2026, 11, 1))

    at = submit(at, "Créer le prospect")

    assert not at.exception
    assert at.success[0].value == "Prospect « Alpha Conseil » créé."
    [prospect] = stored(firm)
    assert (prospect.stage, prospect.expected_fees_cents, prospect.siren) == (Stage.NEW, 1_200_000, "552008443")
    assert column(at, 0, "Nom") == ["Alpha Conseil"]  # the list tab's table
    assert column(at, 0, "En retard") == ["Oui"]  # 01/11 is before the test clock's 20/11
    markdown = [m.value for m in at.markdown]
    assert "**Alpha Conseil**" in markdown
    assert any(m.startswith(":red[En retard") for m in markdown)


def test_an_invalid_prospect_shows_the_french_errors_and_stores_nothing(firm, partner_at):
    at = partner_at()
    at.text_input(key="pipeline.new.name").input("Alpha")
    at.text_input(key="pipeline.new.siren").input("552008444")

    at = submit(at, "Créer le prospect")

    assert at.error[0].value == "SIREN « 552008444 » invalide : 9 chiffres avec une clé de contrôle correcte."
    assert stored(firm) == []


def test_a_card_moves_to_another_stage(firm, partner_at):
    prospect = add_prospect(firm)
    at = partner_at()

    at.selectbox(key=f"pipeline.board.stage.{prospect.id}").select(Stage.QUOTE_SENT)
    at = at.button(key=f"pipeline.board.move.{prospect.id}").click().run()

    assert not at.exception
    assert at.success[0].value == "« Alpha Conseil » : Devis envoyé."
    assert stored(firm)[0].stage is Stage.QUOTE_SENT


def test_a_card_offers_the_next_stage_first(firm, partner_at):
    prospect = add_prospect(firm)
    at = partner_at()

    assert at.selectbox(key=f"pipeline.board.stage.{prospect.id}").value is Stage.QUALIFIED


def test_marking_lost_requires_a_reason(firm, partner_at):
    prospect = add_prospect(firm)
    at = pick(partner_at(), prospect)

    at = submit(at, "Marquer perdu")
    assert at.error[0].value == "Indiquez la raison de la perte du prospect."
    assert stored(firm)[0].stage is Stage.NEW

    at.text_input(key=f"pipeline.lost.{prospect.id}.reason").input("Concurrent moins cher")
    at = submit(at, "Marquer perdu")
    assert at.success[0].value == "« Alpha Conseil » marqué perdu."
    assert (stored(firm)[0].stage, stored(firm)[0].lost_reason) == (Stage.LOST, "Concurrent moins cher")


def test_converting_needs_a_confirmation_then_links_to_the_client(firm, partner_at):
    prospect = add_prospect(firm)
    at = pick(partner_at(), prospect)
    assert button(at, "Convertir en client").disabled is True

    at.checkbox(key=f"pipeline.convert.ok.{prospect.id}").check()
    at = submit(at.run(), "Convertir en client")

    assert not at.exception
    assert at.success[0].value == "« Alpha Conseil » est maintenant client du cabinet."
    [client] = client_queries.search(firm.container.firm_uow(firm.firm_id), None, ClientFilter())
    assert (client.name, client.siren) == ("Alpha Conseil", "552008443")
    assert stored(firm)[0].client_id == client.id
    [link] = [e for e in at.get("page_link")]
    assert link.proto.label == "Ouvrir la fiche client"
    assert "client=" + str(client.id) in link.proto.query_string


def test_the_statistics_tab_renders_with_figures(firm, partner_at):
    won = add_prospect(firm)
    lost = add_prospect(firm, "Beta", "")
    c = firm.container
    services.convert_to_client(c.firm_uow(firm.firm_id), None, c.clock, won.id)
    services.move_stage(c.firm_uow(firm.firm_id), None, c.clock, lost.id, Stage.LOST, "Prix")

    at = partner_at()

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Taux de conversion"] == "50,0 %"
    assert metrics["Honoraires gagnés"] == "12\u202f000,00\xa0€"
    assert len(at.get("plotly_chart")) == 4


def test_a_collaborator_without_the_money_permission_is_refused(firm, add_user, page_ctx, session_token, app_env):
    add_prospect(firm)
    member = add_user(Role.COLLABORATOR)
    partner = add_user(Role.ADMIN)

    at = open_page_file(PIPELINE, page_ctx(member.email))  # the page's own guard
    assert [e.value for e in at.error] == [ACCESS_DENIED]
    assert titles(at) == []

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)  # and through the app's navigation
    at = request_page(at, PIPELINE, session_token(partner), session_token(member))
    assert_not_served(at, PIPELINE, "Bonjour Utilisateur")
    assert "Alpha Conseil" not in "".join(m.value for m in at.markdown)


def test_the_seeded_pipeline_renders_every_column_and_a_lost_prospect_can_be_reopened(firm, partner_at):
    import random

    from data.seeding.pipeline import seed_pipeline

    with firm.container.platform_uow() as uow:
        seed_pipeline(uow.scoped(firm.firm_id), today=date(2026, 11, 20), rng=random.Random(3), owner_ids=[])
        uow.commit()
    lost = next(p for p in stored(firm) if p.stage is Stage.LOST)

    at = pick(partner_at(), lost)

    headers = [match.groups() for m in at.markdown if (match := re.fullmatch(r"\*\*(.+)\*\* \((\d+)\)", m.value))]
    assert [label for label, _ in headers] == ["Nouveau", "Qualifié", "Devis envoyé", "Gagné", "Perdu"]
    assert sum(int(count) for _, count in headers) == 40
    assert not at.exception and len(at.get("plotly_chart")) == 4
    at.selectbox(key=f"pipeline.reopen.{lost.id}.stage").select(Stage.QUALIFIED)
    at = at.button(key=f"pipeline.reopen.{lost.id}").click().run()
    assert not at.exception
    reopened = queries.get(firm.container.firm_uow(firm.firm_id), None, lost.id)
    assert (reopened.stage, reopened.lost_reason) == (Stage.QUALIFIED, "")
