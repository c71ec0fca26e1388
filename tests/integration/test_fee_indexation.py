"""SYNTEC revision of an engagement's forfait on SQLite and PostgreSQL: the table shown before applying, then the
engagement and its instalments revised, recorded and audited; a second revision the same year is refused.
Figures by hand with the firm's seeded indices (S0 = October 2025, 322,2) and September 2026 entered at 330,0."""

from datetime import date
from decimal import Decimal

import pytest

from domain.access.model import Role
from domain.accounting import revisions
from domain.audit import Action, AuditFilter
from domain.catalogue.model import BillingMode
from domain.engagements.model import Engagement, FeeInstalment
from domain.errors import InvalidInput, PermissionDenied
from domain.firm.users import create_user
from domain.letters.model import EngagementLetter, LetterStatus
from domain.quotes.model import Quote, QuoteLine, QuoteStatus
from domain.subscription.model import IndexValue
from tests.conftest import unique_email
from tests.integration.invoices_support import add_client, uow

START, END = date(2026, 1, 1), date(2026, 12, 31)
REVISION = date(2026, 11, 1)
S0, S1 = IndexValue(date(2025, 10, 1), Decimal("322.2")), IndexValue(date(2026, 9, 1), Decimal("330.0"))
# 24 000,00 × 330,0 / 322,2 = 24 581,0056… → 24 581,01 ; 2 000,00 × 330,0 / 322,2 = 2 048,4171… → 2 048,42
NEW_FEE, NEW_MONTH = 2_458_101, 204_842


def monthly_engagement(firm) -> tuple[int, int]:
    """A signed letter of 24 000,00 € a year activated on 20/01/2026, with October to December 2026 to invoice."""
    client = add_client(firm)
    with uow(firm) as u:
        quote = u.quotes.add(Quote(
            id=0, number="D-2026-0001", status=QuoteStatus.ACCEPTED, created_on=date(2026, 1, 5),
            valid_until=date(2026, 2, 5), client_id=client.id, title="Mission comptable 2026",
            lines=(QuoteLine(id=0, label="Tenue comptable", billing_mode=BillingMode.MONTHLY, fee_cents=2_400_000),)))
        letter = u.letters.add(EngagementLetter(
            id=0, number="LM-2026-0001", status=LetterStatus.SIGNED, client_id=client.id, fiscal_year_start=START,
            fiscal_year_end=END, created_on=date(2026, 1, 10), quote_id=quote.id, signatory_name="Jeanne Dupain"),
            "<p>Lettre</p>")
        engagement = u.engagements.add(Engagement(
            id=0, client_id=client.id, letter_id=letter.id, fiscal_year_start=START, fiscal_year_end=END,
            activated_on=date(2026, 1, 20), annual_fee_cents=2_400_000, monthly=True))
        u.engagements.add_instalments([FeeInstalment(
            id=0, engagement_id=engagement.id, label=f"Tenue comptable — {m:02d}/2026", billing_mode=BillingMode.MONTHLY,
            due_on=date(2026, m, 1), period_start=date(2026, m, 1),
            period_end=date(2026, m + 1, 1) if m < 12 else END, amount_cents=200_000) for m in (10, 11, 12)])
        u.syntec.upsert(S1.month, S1.value)
        u.commit()
    return engagement.id, client.id


def schedule(firm, engagement_id):
    with uow(firm) as u:
        return [(i.label, i.amount_cents) for i in u.engagements.instalments(engagement_id)], \
            u.engagements.get(engagement_id).annual_fee_cents


def test_the_table_shows_the_current_fee_s0_s1_and_the_new_fee_before_anything_changes(firm):
    engagement_id, _ = monthly_engagement(firm)

    [proposal] = revisions.revision_table(uow(firm), firm.principal(), REVISION)

    assert (proposal.engagement.id, proposal.s0, proposal.s1, proposal.new_fee_cents) == (engagement_id, S0, S1,
                                                                                           NEW_FEE)
    assert proposal.client_name == "Boulangerie Dupain"
    assert [(r.instalment.label[-7:], r.new_amount_cents) for r in proposal.instalments] == [
        ("11/2026", NEW_MONTH), ("12/2026", NEW_MONTH)]
    assert schedule(firm, engagement_id)[1] == 2_400_000  # nothing applied yet


def test_applying_revises_the_engagement_and_its_instalments_records_and_audits(firm):
    engagement_id, _ = monthly_engagement(firm)
    admin = firm.principal()

    [revision] = revisions.apply_revisions(uow(firm), admin, firm.container.clock, REVISION, [engagement_id])

    lines, fee = schedule(firm, engagement_id)
    assert fee == NEW_FEE
    assert lines == [
        ("Tenue comptable — 10/2026", 200_000),  # its month began before the revision date
        ("Tenue comptable — 11/2026 — révisé selon l'indice SYNTEC : 2\u202f000,00\xa0€ × 330,0 / 322,2", NEW_MONTH),
        ("Tenue comptable — 12/2026", NEW_MONTH),
    ]
    with uow(firm) as u:
        [recorded] = u.fee_revisions.history(engagement_id)
        [event] = u.audit.search(AuditFilter(action=Action.FEE_REVISION))
    assert (recorded.s0, recorded.s1, recorded.old_fee_cents, recorded.new_fee_cents, recorded.applied_by) == (
        S0, S1, 2_400_000, NEW_FEE, admin.user.id)
    assert recorded.id == revision.id and recorded.applied_at == firm.container.clock.now()
    assert event.details["calcul"] == "24\u202f000,00\xa0€ × 330,0 / 322,2"
    assert event.target_id == str(engagement_id)


def test_a_second_revision_in_the_same_year_is_refused_and_changes_nothing(firm):
    engagement_id, _ = monthly_engagement(firm)
    clock = firm.container.clock
    revisions.apply_revisions(uow(firm), None, clock, REVISION, [engagement_id])
    before = schedule(firm, engagement_id)

    with pytest.raises(InvalidInput, match="déjà révisé le 01/11/2026"):
        revisions.apply_revisions(uow(firm), None, clock, date(2026, 12, 1), [engagement_id])
    assert schedule(firm, engagement_id) == before


def test_nothing_to_choose_and_an_unknown_engagement_are_refused(firm):
    monthly_engagement(firm)
    with pytest.raises(InvalidInput, match="au moins une"):
        revisions.apply_revisions(uow(firm), None, firm.container.clock, REVISION, [])
    with pytest.raises(InvalidInput, match="introuvable"):
        revisions.apply_revisions(uow(firm), None, firm.container.clock, REVISION, [987_654])


def test_a_collaborator_without_the_invoicing_permission_cannot_see_nor_apply(firm):
    engagement_id, _ = monthly_engagement(firm)
    c = firm.container
    with uow(firm) as u:
        user, _ = create_user(u, c.hasher, c.clock, None, unique_email("collab"), "Thomas Martin", Role.COLLABORATOR)
        u.commit()
    collaborator = firm.principal(user.email)
    with pytest.raises(PermissionDenied):
        revisions.revision_table(uow(firm), collaborator, REVISION)
    with pytest.raises(PermissionDenied):
        revisions.apply_revisions(uow(firm), collaborator, c.clock, REVISION, [engagement_id])
    assert schedule(firm, engagement_id)[1] == 2_400_000
