"""Statutory deadline generation with fixed dates: VAT regimes, a fiscal year ending 30 June, IS instalments,
DSN day by headcount, the working-day shift (weekends and French public holidays) and the model's states."""

from datetime import date

from domain.clients.model import Client, ClientKind, TaxRegime, VatRegime
from domain.deadlines import queries
from domain.deadlines.model import Deadline, DeadlineKind, DeadlineStatus
from domain.deadlines.rules import deadlines_for, easter, next_working_day, public_holidays

VAT_KINDS = {DeadlineKind.VAT_MONTHLY, DeadlineKind.VAT_QUARTERLY, DeadlineKind.VAT_ANNUAL,
             DeadlineKind.VAT_INSTALMENT}


def company(**fields) -> Client:
    return Client(id=7, kind=ClientKind.COMPANY, name="Alpha", siren="732829320", **fields)


def of(deadlines, kind):
    return [d for d in deadlines if d.kind is kind]


def test_easter_and_public_holidays():
    assert easter(2026) == date(2026, 4, 5) and easter(2027) == date(2027, 3, 28)
    holidays = public_holidays(2026)
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 7, 14)} <= holidays
    assert date(2026, 4, 5) not in holidays  # Easter Sunday itself is a Sunday, not listed


def test_weekends_and_holidays_move_to_the_next_working_day():
    assert next_working_day(date(2026, 9, 19)) == date(2026, 9, 21)  # Saturday → Monday
    assert next_working_day(date(2026, 11, 11)) == date(2026, 11, 12)  # Armistice (Wednesday)
    assert next_working_day(date(2027, 5, 8)) == date(2027, 5, 10)  # Saturday 8 May → Monday
    assert next_working_day(date(2026, 5, 14)) == date(2026, 5, 15)  # Ascension Thursday
    assert next_working_day(date(2026, 7, 14)) == date(2026, 7, 15)
    assert next_working_day(date(2026, 6, 15)) == date(2026, 6, 15)


def test_monthly_vat_twelve_returns_on_the_19th_shifted():
    found = of(deadlines_for(company(vat_regime=VatRegime.MONTHLY), 2026), DeadlineKind.VAT_MONTHLY)
    assert len(found) == 12
    assert found[0].period_start == date(2025, 12, 1) and found[0].period_end == date(2025, 12, 31)
    assert found[0].due_on == date(2026, 1, 19)
    assert found[-1].period_end == date(2026, 11, 30) and found[-1].due_on == date(2026, 12, 21)  # 19/12 Saturday
    assert found[2].due_on == date(2026, 3, 19)
    kinds = {d.kind for d in deadlines_for(company(vat_regime=VatRegime.MONTHLY), 2026)}
    assert kinds & VAT_KINDS == {DeadlineKind.VAT_MONTHLY}


def test_quarterly_vat_four_returns_after_each_quarter():
    found = of(deadlines_for(company(vat_regime=VatRegime.QUARTERLY), 2026), DeadlineKind.VAT_QUARTERLY)
    assert [(d.period_start, d.period_end, d.due_on) for d in found] == [
        (date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 19)),
        (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 20)),  # 19/04 is a Sunday
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 20)),  # 19/07 is a Sunday
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 19)),
    ]
    assert "1er trimestre 2026" in found[1].label


def test_ca12_annual_return_and_two_instalments():
    found = deadlines_for(company(vat_regime=VatRegime.ANNUAL), 2026)
    annual = of(found, DeadlineKind.VAT_ANNUAL)
    assert [(d.period_end, d.due_on) for d in annual] == [(date(2025, 12, 31), date(2026, 5, 5))]
    instalments = of(found, DeadlineKind.VAT_INSTALMENT)
    assert [(d.period_end, d.due_on) for d in instalments] == [(date(2026, 6, 30), date(2026, 7, 15)),
                                                               (date(2026, 12, 31), date(2026, 12, 15))]
    assert [d.label for d in instalments] == ["Acompte de TVA CA12 — juillet 2026",
                                              "Acompte de TVA CA12 — décembre 2026"]
    assert not {d.kind for d in deadlines_for(company(vat_regime=VatRegime.EXEMPT), 2026)} & VAT_KINDS


def test_calendar_year_is_company_liasse_cvae_das2_balance_approval_and_filing():
    found = deadlines_for(company(tax_regime=TaxRegime.CORPORATE), 2026)
    by_kind = {d.kind: d for d in found if d.kind is not DeadlineKind.CIT_INSTALMENT}
    liasse = date(2026, 5, 5)  # 2nd working day after 1 May 2026 (Friday): Monday 4, Tuesday 5
    assert by_kind[DeadlineKind.TAX_RETURN].due_on == liasse
    assert by_kind[DeadlineKind.CVAE].due_on == liasse and by_kind[DeadlineKind.DAS2].due_on == liasse
    assert by_kind[DeadlineKind.TAX_RETURN].period_start == date(2025, 1, 1)
    assert by_kind[DeadlineKind.TAX_RETURN].period_end == date(2025, 12, 31)
    assert by_kind[DeadlineKind.CIT_BALANCE].due_on == date(2026, 5, 15)
    assert by_kind[DeadlineKind.ACCOUNTS_APPROVAL].due_on == date(2026, 6, 30)
    assert by_kind[DeadlineKind.ACCOUNTS_FILING].due_on == date(2026, 7, 31)
    # 2027: 1 May is a Saturday → Monday 3, Tuesday 4
    assert of(deadlines_for(company(tax_regime=TaxRegime.CORPORATE), 2027), DeadlineKind.TAX_RETURN)[0].due_on \
        == date(2027, 5, 4)


def test_is_instalments_on_the_15th_of_march_june_september_december():
    found = of(deadlines_for(company(tax_regime=TaxRegime.CORPORATE), 2026), DeadlineKind.CIT_INSTALMENT)
    assert [d.due_on for d in found] == [date(2026, 3, 16), date(2026, 6, 15), date(2026, 9, 15), date(2026, 12, 15)]
    assert [d.period_end for d in found] == [date(2026, 3, 15), date(2026, 6, 15), date(2026, 9, 15),
                                             date(2026, 12, 15)]  # the key keeps the nominal date
    assert len({d.key for d in found}) == 4
    assert of(deadlines_for(company(tax_regime=TaxRegime.INCOME), 2026), DeadlineKind.CIT_INSTALMENT) == []


def test_a_fiscal_year_ending_30_june():
    found = deadlines_for(company(fiscal_year_end=(30, 6), tax_regime=TaxRegime.CORPORATE), 2026)
    liasse = of(found, DeadlineKind.TAX_RETURN)
    # closing 30/06/2025 → + 3 months + 15 days = 15/10/2025 (not in 2026); closing 30/06/2026 → 15/10/2026
    assert [(d.period_start, d.period_end, d.due_on) for d in liasse] == [
        (date(2025, 7, 1), date(2026, 6, 30), date(2026, 10, 15))]
    assert of(found, DeadlineKind.CIT_BALANCE)[0].due_on == date(2026, 10, 15)
    assert [d.due_on for d in of(found, DeadlineKind.ACCOUNTS_APPROVAL)] == [date(2026, 12, 30)]  # 30/06/2026 + 6 months
    assert [d.period_end for d in of(found, DeadlineKind.ACCOUNTS_FILING)] == [date(2025, 6, 30)]
    assert of(found, DeadlineKind.ACCOUNTS_FILING)[0].due_on == date(2026, 1, 30)
    ca12 = of(deadlines_for(company(fiscal_year_end=(30, 6), vat_regime=VatRegime.ANNUAL), 2026),
              DeadlineKind.VAT_ANNUAL)
    assert [(d.period_end, d.due_on) for d in ca12] == [(date(2026, 6, 30), date(2026, 9, 30))]


def test_dsn_on_the_15th_below_50_employees_on_the_5th_from_50():
    small = of(deadlines_for(company(headcount=12), 2026), DeadlineKind.DSN)
    large = of(deadlines_for(company(headcount=50), 2026), DeadlineKind.DSN)
    assert len(small) == len(large) == 12
    assert small[0].due_on == date(2026, 1, 15) and small[1].due_on == date(2026, 2, 16)  # 15/02 is a Sunday
    assert large[0].due_on == date(2026, 1, 5) and large[4].due_on == date(2026, 5, 5)
    assert large[6].due_on == date(2026, 7, 6)  # 5 July is a Sunday
    assert of(deadlines_for(company(headcount=0), 2026), DeadlineKind.DSN) == []


def test_individuals_and_archived_clients():
    person = Client(id=3, kind=ClientKind.INDIVIDUAL, name="Dupont", tax_regime=TaxRegime.INCOME)
    assert {d.kind for d in deadlines_for(person, 2026)} == {DeadlineKind.TAX_RETURN}
    assert deadlines_for(company(tax_regime=TaxRegime.CORPORATE, archived=True), 2026) == []


def test_every_deadline_is_due_in_the_year_and_unique():
    client = company(vat_regime=VatRegime.MONTHLY, tax_regime=TaxRegime.CORPORATE, headcount=60)
    found = deadlines_for(client, 2027)
    assert all(d.due_on.year == 2027 for d in found)
    assert len({d.key for d in found}) == len(found)
    assert found == sorted(found, key=lambda d: (d.due_on, d.kind.value, d.period_end))


def deadline(due: date, done: date | None = None) -> Deadline:
    return Deadline(id=1, client_id=1, kind=DeadlineKind.DSN, label="DSN", period_start=date(2026, 1, 1),
                    period_end=date(2026, 1, 31), due_on=due, done_on=done)


def test_states_days_left_and_next_open():
    today = date(2026, 11, 20)
    late, soon, later = deadline(date(2026, 11, 16)), deadline(date(2026, 12, 5)), deadline(date(2027, 1, 15))
    done = deadline(date(2026, 11, 10), done=date(2026, 11, 9))
    assert late.is_overdue(today) and late.days_left(today) == -4 and late.status(today) is DeadlineStatus.OVERDUE
    assert soon.is_due_soon(today) and not later.is_due_soon(today) and soon.status(today) is DeadlineStatus.OPEN
    assert done.is_done and not done.is_overdue(today) and done.status(today) is DeadlineStatus.DONE
    assert queries.next_open([later, done, soon], today) is soon
    assert queries.days_to_next([later, done, soon], today) == 15
    assert queries.days_to_next([done], today) is None
    assert queries.due_soon([late, soon, later, done], today) == [late, soon]
    assert queries.days_label(late, today) == "en retard de 4 j"


def test_month_grid():
    weeks = queries.month_weeks(2026, 2)
    assert weeks[0][:6] == [None] * 6 and weeks[0][6] == date(2026, 2, 1)
    assert sum(1 for w in weeks for d in w if d) == 28
