"""SYNTEC indexation of forfaits, P1 = P0 × S1 / S0, with figures computed by hand (no database)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from domain.accounting.indexation import FeeRevision, labelled, mention, propose, revised_cents
from domain.catalogue.model import BillingMode
from domain.engagements.model import Engagement, FeeInstalment
from domain.subscription.model import IndexValue

JAN, OCT, NOV = IndexValue(date(2025, 1, 1), Decimal("310.0")), IndexValue(date(2025, 10, 1), Decimal("320.5")), \
    IndexValue(date(2025, 11, 1), Decimal("321.0"))
INDICES = [IndexValue(date(2024, 12, 1), Decimal("309.0")), JAN, OCT, NOV]
ENGAGEMENT = Engagement(id=5, client_id=3, letter_id=2, fiscal_year_start=date(2025, 1, 1),
                        fiscal_year_end=date(2025, 12, 31), activated_on=date(2025, 2, 10), annual_fee_cents=2_400_000,
                        monthly=True)


def month(n: int, amount: int = 200_000, invoice_id: int | None = None) -> FeeInstalment:
    start = date(2025, n, 1)
    end = date(2025, n + 1, 1).replace(day=1) if n < 12 else date(2025, 12, 31)
    return FeeInstalment(id=n, engagement_id=5, label=f"Tenue comptable — {n:02d}/2025", billing_mode=BillingMode.MONTHLY,
                         due_on=start, period_start=start, period_end=end, amount_cents=amount, invoice_id=invoice_id)


SCHEDULE = [month(9, invoice_id=41), month(10), month(11), month(12)]
EUR_2000 = "2\u202f000,00\xa0€"  # as the invoice prints it: narrow no-break space, no-break space before €


def test_the_revised_price_is_p0_times_s1_over_s0_rounded_half_up_to_the_cent():
    # 2 000,00 × 320,5 / 310,0 = 2 067,7419… → 2 067,74 ; 24 000,00 × 320,5 / 310,0 = 24 812,9032… → 24 812,90
    assert revised_cents(200_000, JAN, OCT) == 206_774
    assert revised_cents(2_400_000, JAN, OCT) == 2_481_290
    # 0,15 × 320,5 / 310,0 = 0,155080… → 0,16 ; 1,00 × 310,5 / 310,0 = 1,001612… → 1,00
    assert revised_cents(15, JAN, OCT) == 16
    assert revised_cents(100, JAN, IndexValue(date(2025, 10, 1), Decimal("310.5"))) == 100


def test_s0_is_the_index_known_at_activation_and_s1_the_latest_before_the_revision_month():
    proposal = propose(ENGAGEMENT, "Boulangerie Dupain", SCHEDULE, INDICES, date(2025, 11, 1), None)

    assert proposal.revisable
    assert (proposal.s0, proposal.s1) == (JAN, OCT)  # November's value is not published on 1 November
    assert proposal.new_fee_cents == 2_481_290
    assert proposal.calculation == "24\u202f000,00\xa0€ × 320,5 / 310,0"


def test_only_the_instalments_not_invoiced_from_the_revision_date_are_revised_the_first_carrying_the_calculation():
    proposal = propose(ENGAGEMENT, "Boulangerie Dupain", SCHEDULE, INDICES, date(2025, 11, 1), None)

    revised = [(r.instalment.id, r.new_amount_cents, r.new_label) for r in proposal.instalments]
    assert revised == [
        (11, 206_774, f"Tenue comptable — 11/2025 — révisé selon l'indice SYNTEC : {EUR_2000} × 320,5 / 310,0"),
        (12, 206_774, "Tenue comptable — 12/2025"),
    ]  # September is invoiced, October's period began before the revision: both keep 2 000,00 €


def test_a_second_revision_starts_from_the_previous_s1():
    last = FeeRevision(engagement_id=5, revision_date=date(2025, 11, 1), s0=JAN, s1=OCT, old_fee_cents=2_400_000,
                       new_fee_cents=2_481_290)
    indices = [*INDICES, IndexValue(date(2026, 9, 1), Decimal("327.3"))]
    engagement = replace(ENGAGEMENT, annual_fee_cents=2_481_290)
    proposal = propose(engagement, "Boulangerie Dupain", [], indices, date(2026, 10, 1), last)
    # 24 812,90 × 327,3 = 8 121 262,17 ; / 320,5 = 25 339,3515… → 25 339,35
    assert (proposal.s0, proposal.s1.value, proposal.new_fee_cents) == (OCT, Decimal("327.3"), 2_533_935)


def test_an_engagement_is_not_revised_twice_in_a_year_nor_without_a_newer_index():
    last = FeeRevision(engagement_id=5, revision_date=date(2025, 11, 1), s0=JAN, s1=OCT, old_fee_cents=2_400_000,
                       new_fee_cents=2_481_290)
    again = propose(ENGAGEMENT, "Dupain", SCHEDULE, INDICES, date(2025, 12, 15), last)
    assert not again.revisable and again.blocked == "déjà révisé le 01/11/2025"
    assert again.instalments == ()

    too_early = propose(ENGAGEMENT, "Dupain", SCHEDULE, INDICES, date(2025, 2, 1), None)
    assert too_early.blocked == "aucun indice publié depuis l'indice de référence"

    unknown = propose(ENGAGEMENT, "Dupain", SCHEDULE, [OCT, NOV], date(2025, 11, 1), None)
    assert unknown.blocked == "aucun indice connu avant l'activation de la lettre de mission (S0)"


def test_a_long_label_is_shortened_so_the_mention_always_fits():
    text = mention(200_000, JAN, OCT)
    result = labelled("x" * 190, text)
    assert len(result) == 200 and result.endswith(text) and "…" in result
