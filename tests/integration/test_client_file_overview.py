"""The 360° client view (`client_overview`) on SQLite and PostgreSQL: what it gathers, money only for
those who may see it, another firm's client not found."""

from datetime import date

import pytest

from domain.access.model import Role
from domain.catalogue.model import BillingMode
from domain.clients import contacts, groups, services
from domain.clients.overview import client_overview
from domain.engagements.model import Engagement, Mission
from domain.errors import NotFound, PermissionDenied
from domain.firm.users import create_user
from domain.letters.model import EngagementLetter, LetterStatus
from domain.quotes.model import Quote, QuoteLine, QuoteStatus
from tests.conftest import unique_email

ALPHA = {"name": "Alpha Conseil", "siren": "552008443"}
START, END = date(2026, 1, 1), date(2026, 12, 31)


def file_of(firm, client_id, principal=None):
    return client_overview(firm.container.firm_uow(firm.firm_id), principal or firm.principal(), client_id)


def commercial_history(firm, client_id) -> None:
    """A quote, its signed letter, the engagement and one mission, written through the repositories."""
    with firm.container.firm_uow(firm.firm_id) as uow:
        quote = uow.quotes.add(Quote(
            id=0, number="D-2026-0001", status=QuoteStatus.ACCEPTED, created_on=date(2026, 1, 5),
            valid_until=date(2026, 2, 5), client_id=client_id, title="Mission comptable 2026",
            lines=(QuoteLine(id=0, label="Tenue comptable", billing_mode=BillingMode.ANNUAL, fee_cents=360_000),)))
        letter = uow.letters.add(EngagementLetter(
            id=0, number="LM-2026-0001", status=LetterStatus.SIGNED, client_id=client_id, fiscal_year_start=START,
            fiscal_year_end=END, created_on=date(2026, 1, 10), quote_id=quote.id, signatory_name="Jeanne Dupain"),
            "<p>Lettre</p>")
        engagement = uow.engagements.add(Engagement(
            id=0, client_id=client_id, letter_id=letter.id, fiscal_year_start=START, fiscal_year_end=END,
            activated_on=date(2026, 1, 20), annual_fee_cents=360_000))
        uow.missions.add(Mission(
            id=0, client_id=client_id, label="Tenue comptable", fiscal_year_start=START, fiscal_year_end=END,
            billing_mode=BillingMode.ANNUAL, created_on=date(2026, 1, 20), engagement_id=engagement.id,
            fee_cents=360_000, budget_minutes=()))
        uow.commit()


def collaborator(firm):
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        user, _ = create_user(uow, c.hasher, c.clock, None, unique_email("collab"), "Thomas Martin", Role.COLLABORATOR)
        uow.commit()
    return firm.principal(user.email)


def test_a_new_client_has_an_empty_file_with_its_identity(firm):
    c = firm.container
    admin = firm.principal()
    client = services.create_client(c.firm_uow(firm.firm_id), admin, c.clock, dict(ALPHA), admin.user.id)

    overview = file_of(firm, client.id)

    assert overview.client == client
    assert overview.staff_name(client.partner_id) == "Alice Admin"
    assert (overview.group, overview.contacts, overview.quotes, overview.letters, overview.engagements,
            overview.missions, overview.signatory) == (None, (), (), (), (), (), None)
    assert overview.see_money


def test_the_file_gathers_group_contacts_quotes_letters_engagements_and_missions(firm):
    c = firm.container
    group = groups.create_group(c.firm_uow(firm.firm_id), firm.principal(), c.clock, "Groupe Martin")
    client = services.create_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, dict(ALPHA), None, None,
                                    group.id)
    contacts.add_contact(c.firm_uow(firm.firm_id), firm.principal(), c.clock, client.id,
                         {"first_name": "Jeanne", "last_name": "Dupain"}, is_signatory=True)
    commercial_history(firm, client.id)

    overview = file_of(firm, client.id)

    assert overview.group == group
    assert overview.signatory.full_name == "Jeanne Dupain"
    assert [(q.reference, q.total_ht_cents) for q in overview.quotes] == [("D-2026-0001", 360_000)]
    assert [(letter.reference, letter.status) for letter in overview.letters] == [("LM-2026-0001", LetterStatus.SIGNED)]
    assert [e.annual_fee_cents for e in overview.active_engagements] == [360_000]
    assert [(m.label, m.fee_cents) for m in overview.missions] == [("Tenue comptable", 360_000)]


def test_a_collaborator_without_money_gets_the_file_without_any_amount(firm):
    c = firm.container
    client = services.create_client(c.firm_uow(firm.firm_id), firm.principal(), c.clock, dict(ALPHA))
    commercial_history(firm, client.id)

    overview = file_of(firm, client.id, collaborator(firm))

    assert not overview.see_money
    assert [q.reference for q in overview.quotes] == ["D-2026-0001"]  # the document, not its price
    assert [q.total_ht_cents for q in overview.quotes] == [0]
    assert [e.annual_fee_cents for e in overview.engagements] == [0]
    assert [(m.label, m.fee_cents) for m in overview.missions] == [("Tenue comptable", 0)]


def test_another_firms_client_is_not_found(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    c = b.container
    b_client = services.create_client(c.firm_uow(b.firm_id), b.principal(), c.clock, dict(ALPHA))

    with pytest.raises(NotFound, match="Client introuvable dans ce cabinet."):
        file_of(a, b_client.id)
    with pytest.raises(PermissionDenied):
        client_overview(c.firm_uow(b.firm_id), a.principal(), b_client.id)
