"""Billed time is locked, on SQLite and PostgreSQL: once a billing run's draft reserves time entries (or the
invoice is issued), a week sent back to its author shows them read-only with the invoice, a save must hand them
back unchanged, and a save that would change or delete them is refused and writes nothing.

No command reopens an approved week today: the week is set back to "renvoyée" through the repository, as a
future reopening (or a data fix) would leave it."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.access.model import Principal
from domain.errors import InvalidInput
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from domain.timesheets import queries, services
from domain.timesheets.model import Timesheet, TimesheetStatus
from domain.timesheets.services import GridRow
from tests.integration.billing_support import billing_firm
from tests.integration.invoices_support import check_issued, uow
from tests.integration.test_billing_runs import batch

WEEK = date(2026, 11, 2)  # the manager's approved week: 2 h on Monday and 45 min on Tuesday billable, 30 min not


def reopened(firm):
    """billing_firm, November's drafts prepared, then the manager's week of 02/11 sent back."""
    f = billing_firm(firm)
    runs.prepare_run(uow(firm), None, firm.container.clock, parse_period("2026-11"))
    with uow(firm) as u:
        u.timesheets.save(Timesheet(user_id=f.manager, week_start=WEEK, status=TimesheetStatus.SENT_BACK))
        manager = Principal(user=u.users.get(f.manager))
        u.commit()
    return f, manager


def stored(firm, user_id):
    with uow(firm) as u:
        return sorted((e.day, e.minutes, e.billable, e.invoice_id is not None, e.id)
                      for e in u.time_entries.for_user(user_id, WEEK, WEEK + timedelta(days=6)))


def save(firm, manager, rows):
    return services.save_week(uow(firm), None, firm.container.clock, manager.user.id, WEEK, rows)


def test_time_reserved_by_a_draft_is_shown_read_only_and_cannot_be_changed_or_dropped(firm):
    f, manager = reopened(firm)
    before = stored(firm, f.manager)
    grid = queries.week_grid(uow(firm), manager, WEEK)
    billed = [(line.minutes, line.billed_on) for line in grid.lines if line.invoice_id is not None]
    assert billed == [((120, 45, 0, 0, 0, 0, 0), "réservé par un brouillon de facture")]
    free = [line for line in grid.lines if line.invoice_id is None and any(line.minutes)]
    assert [line.minutes for line in free] == [(0, 30, 0, 0, 0, 0, 0)]
    unbilled = GridRow(client_id=f.time, mission_id=f.time_mission, billable=False, days=("", "1"))

    with pytest.raises(InvalidInput, match=r"Le temps du 02/11/2026 \(2 h 45 sur la semaine\) est réservé par un "
                                           r"brouillon de facture .* Rien n'a été enregistré"):
        save(firm, manager, [unbilled])  # the billed line left out: it would be deleted
    [line] = services.locked_rows(list(grid.lines))
    changed = replace(line, days=("3", *line.days[1:]))
    with pytest.raises(InvalidInput, match="réservé par un brouillon"):
        save(firm, manager, [changed, unbilled])
    elsewhere = replace(line, billable=False)  # the same hours moved to non-billable time
    with pytest.raises(InvalidInput, match="réservé par un brouillon"):
        save(firm, manager, [elsewhere, unbilled])
    with pytest.raises(InvalidInput, match="24 heures"):  # 2 h billed + 23 h typed on Monday
        save(firm, manager, [line, replace(unbilled, days=("23",))])
    assert stored(firm, f.manager) == before

    assert save(firm, manager, [line, unbilled, replace(unbilled, billable=True, days=("", "", "2"))]) == 2
    after = stored(firm, f.manager)
    assert [a for a in after if a[3]] == [b for b in before if b[3]]  # billed entries: same ids, untouched
    assert [a[:4] for a in after if not a[3]] == [(date(2026, 11, 3), 60, False, False),
                                                (date(2026, 11, 4), 120, True, False)]


def test_time_on_an_issued_invoice_names_the_invoice_and_survives_any_save(firm):
    f, manager = reopened(firm)
    [row] = [r for r in runs.run_rows(uow(firm), None, parse_period("2026-11")) if r.invoice.buyer_name == "Bravo Temps"]
    report = runs.issue_run(uow(firm), None, firm.container.clock, batch(), [row.invoice.id])
    [(_, number)] = report.issued
    invoice, _, _ = check_issued(firm, row.invoice.id)
    assert invoice.document.number == number

    grid = queries.week_grid(uow(firm), manager, WEEK)
    assert [line.billed_on for line in grid.lines if line.invoice_id] == [f"déjà facturé sur {number}"]
    with pytest.raises(InvalidInput, match=f"déjà facturé sur {number} .*un avoir"):
        save(firm, manager, [])
    with uow(firm) as u:  # the repository never deletes billed entries, whoever asks
        u.time_entries.delete_for_user(f.manager, WEEK, WEEK + timedelta(days=6))
        u.commit()
    assert [(e[0], e[1]) for e in stored(firm, f.manager)] == [(date(2026, 11, 2), 120), (date(2026, 11, 3), 45)]
