"""An engagement's own Chorus Pro codes (a public market's service code and commitment number), on SQLite and
PostgreSQL: stored from the letter page, carried by that engagement's invoices (BT-10, BT-13) instead of the
client's, audited; bad input and private clients refused with nothing changed."""

from datetime import date

import facturx
import pytest
from lxml import etree

from domain.access.model import Role
from domain.audit import Action
from domain.chorus.engagement_codes import set_engagement_codes
from domain.engagements.model import Engagement
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from domain.letters.model import EngagementLetter, LetterStatus
from tests.chorus_support import public_client
from tests.conftest import unique_email
from tests.integration.invoices_support import check_issued, issue, new_draft, ready_to_invoice, uow
from tests.integration.support import audit_of
from tests.integration.test_chorus_services import NS, private_client

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def engagement_of(firm, client) -> Engagement:
    with uow(firm) as u:
        number = f"LM-2026-{len(u.letters.list()) + 1:05d}"
        letter = u.letters.add(EngagementLetter(
            id=0, number=number, status=LetterStatus.SIGNED, client_id=client.id,
            fiscal_year_start=YEAR[0], fiscal_year_end=YEAR[1], created_on=YEAR[0], signatory_name="Maire"), "<p/>")
        engagement = u.engagements.add(Engagement(id=0, client_id=client.id, letter_id=letter.id,
                                                  fiscal_year_start=YEAR[0], fiscal_year_end=YEAR[1],
                                                  activated_on=YEAR[0]))
        u.commit()
    return engagement


def set_codes(firm, engagement_id, service, commitment, principal=None):
    return set_engagement_codes(uow(firm), principal or firm.principal(), firm.container.clock, engagement_id,
                                service, commitment)


def buyer_codes_in_xml(firm, invoice_id) -> tuple[str, str]:
    _, _, pdf = check_issued(firm, invoice_id)  # XSD, both schematrons, drafthorse, totals
    _, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    agreement = etree.fromstring(xml).find(".//ram:ApplicableHeaderTradeAgreement", NS)
    return (agreement.findtext("ram:BuyerReference", namespaces=NS),
            agreement.findtext("ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", namespaces=NS))


def test_the_invoices_of_an_engagement_carry_its_own_codes_and_the_client_keeps_its_own(firm):
    ready_to_invoice(firm)
    client = public_client(firm)  # SERV-FACT / EJ1300012345
    market, other = engagement_of(firm, client), engagement_of(firm, client)
    saved = set_codes(firm, market.id, " MARCHE-2026 ", "EJ-2026-0042")
    assert (saved.chorus_service_code, saved.chorus_commitment_number) == ("MARCHE-2026", "EJ-2026-0042")

    of_market = issue(firm, new_draft(firm, client.id, engagement_id=market.id).id).invoice
    of_other = issue(firm, new_draft(firm, client.id, engagement_id=other.id).id).invoice
    assert buyer_codes_in_xml(firm, of_market.id) == ("MARCHE-2026", "EJ-2026-0042")
    assert buyer_codes_in_xml(firm, of_other.id) == ("SERV-FACT", "EJ1300012345")

    [event] = audit_of(firm.container, firm.firm_id, Action.ENGAGEMENT_CHORUS_CODES)
    assert (event.target_id, event.details["code service"], event.details["avant"]) == (
        str(market.id), "MARCHE-2026", "celui du client / celui du client")


def test_emptied_codes_give_the_client_its_own_again_and_an_unchanged_save_records_nothing(firm):
    ready_to_invoice(firm)
    client = public_client(firm)
    market = engagement_of(firm, client)
    set_codes(firm, market.id, "MARCHE-2026", "")
    set_codes(firm, market.id, "MARCHE-2026", "")
    set_codes(firm, market.id, "", "")
    assert len(audit_of(firm.container, firm.firm_id, Action.ENGAGEMENT_CHORUS_CODES)) == 2
    invoice = issue(firm, new_draft(firm, client.id, engagement_id=market.id).id).invoice
    assert buyer_codes_in_xml(firm, invoice.id) == ("SERV-FACT", "EJ1300012345")


def test_a_bad_code_or_a_private_client_is_refused_and_nothing_changes(firm):
    public, private = public_client(firm), private_client(firm)
    market, shop = engagement_of(firm, public), engagement_of(firm, private)
    set_codes(firm, market.id, "MARCHE-2026", "EJ-1")
    with pytest.raises(InvalidInput, match="Code service Chorus Pro « CODE AVEC ESPACES » invalide"):
        set_codes(firm, market.id, "CODE AVEC ESPACES", "EJ-2")
    with pytest.raises(InvalidInput, match="n'est pas un acheteur public"):
        set_codes(firm, shop.id, "SERV", "")
    with uow(firm) as u:
        assert (u.engagements.get(market.id).chorus_service_code,
                u.engagements.get(market.id).chorus_commitment_number) == ("MARCHE-2026", "EJ-1")
        assert u.engagements.get(shop.id).chorus_service_code == ""
    assert len(audit_of(firm.container, firm.firm_id, Action.ENGAGEMENT_CHORUS_CODES)) == 1


def test_only_who_may_invoice_sets_the_codes_and_another_firm_cannot_reach_the_engagement(firm, make_firm):
    market = engagement_of(firm, public_client(firm))
    email, c = unique_email(), firm.container
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        u.commit()
    with pytest.raises(PermissionDenied):
        set_codes(firm, market.id, "MARCHE-2026", "", principal=firm.principal(email))
    neighbour = make_firm("Cabinet Voisin")
    with pytest.raises(NotFound, match="Mission introuvable"):
        set_engagement_codes(uow(neighbour), neighbour.principal(), c.clock, market.id, "MARCHE-2026", "")
