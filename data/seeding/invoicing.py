"""Two years of the demo firm's invoicing: issued invoices and a few credit notes, as the issuing service makes them.

What is billed, client by client, up to the last day of the month before the reference date (the current month
stays unbilled, so that "run November's billing" has work to do):
- **fee schedule** instalments of engagements (signed letters) due before that day, then marked billed
  (`fee_schedule.invoice_id`);
- missions without engagement, by their billing mode, with the rules of domain/engagements/schedule.py:
  **forfait mensualisé**: one twelfth a month, invoiced "à terme à échoir" on the 1st;
  **forfait annuel**: the whole fee on the fiscal year end;
  **unitaire** (payslips): the year's units spread evenly over its months, invoiced at each month's end;
  **temps passé**: the billable time of the month, one line per grade at the grade's selling rate in force
  that month, invoiced at the month's end (the entries get `invoice_id`);
- now and then a **complementary work** line (20 % VAT) or a **disbursement** (débours, outside VAT).
A client's monthly forfaits make one invoice on the 1st; its month-end items another on the last day.

Every invoice is the domain's `Invoice` (seller and buyer snapshots, lines, terms), checked by
`rules.validate`, stored with the repository's own column mapping and its EN 16931 XML; numbers are
allocated gaplessly and chronologically in the firm's series, whose counters then continue after them.
Recent invoices (RENDERED_DAYS) get their Factur-X PDF now, rendered in parallel (invoicing_pdf.py); older
ones are stored with `pdf_deferred` and rendered on first request (domain/invoicing/deferred.py).
Everything is deterministic: the same reference date and random generator give the same rows and bytes
(the PDFs aside: WeasyPrint stamps its own creation date).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, select, update

from data.models.access import UserGradeRow, UserRow
from data.models.clients import ClientRow
from data.models.engagements import FeeScheduleRow, MissionRow
from data.models.firm import GradeRateRow, GradeRow, NumberingSeriesRow
from data.models.invoicing import InvoiceLineRow, InvoiceRow
from data.models.ops import AuditEventRow
from data.models.production import TimeEntryRow
from data.repositories.invoices import E4, _header_values, _rate_bp
from data.seeding.bulk import writer_for
from data.seeding.collections import seed_collections
from data.seeding.invoicing_pdf import produce_all
from domain.audit import Action
from domain.catalogue.model import BillingMode, add_months
from domain.clients.model import ClientFilter
from domain.engagements.model import Mission
from domain.engagements.schedule import instalments_for, month_periods, split_evenly
from domain.firm.model import DocType, UserGrade, grade_on, histories
from domain.formatting import eur_cents
from domain.formatting import month as month_label
from domain.invoicing import drafting, rules
from domain.invoicing.model import Buyer, Invoice, InvoiceKind, InvoiceLine, LineKind, Seller, Unit
from domain.invoicing.records import DEFAULT_LATE_PENALTY_RATE

Progress = Callable[[str], None]
HISTORY_MONTHS = 24  # invoices of the last two years
# Invoices issued within three weeks of the reference date get their PDF at seed time (the last month-end
# billing and what followed); older ones on first request. Three months would be ~1,000 PDFs, 0.3 s each on
# this busy 2-core machine: minutes, beyond the budget of `make run`.
RENDERED_DAYS = 21
CREDIT_NOTE_SHARE = 0.012  # about one invoice in 80 is credited, wholly or in part
EXTRA_SHARE, DISBURSEMENT_SHARE = 0.05, 0.08  # of the month-end invoices
EXTRAS = (("Travaux complémentaires : attestation pour l'établissement bancaire", 25_000),
          ("Travaux complémentaires : prévisionnel de trésorerie", 60_000),
          ("Travaux complémentaires : assistance à contrôle URSSAF", 45_000),
          ("Travaux complémentaires : dossier de demande de subvention", 35_000))
DISBURSEMENTS = (("Frais de greffe : dépôt des comptes annuels", 4_630),
                 ("Frais de greffe : modification statutaire", 19_271),
                 ("Frais d'envoi recommandé", 757))
# The two public-sector clients (Chorus Pro): name, legal form, SIREN prefix (2xxxxxxxx are public bodies),
# service code (BT-10) and commitment number (BT-13).
PUBLIC_CLIENTS = (("Commune de Saint-Vérand-les-Monts", "Commune", "21690412", "FINANCES", "EJ-2026-000417"),
                  ("Centre hospitalier du Val de Saône", "Établissement public de santé", "26690871",
                   "DAF-ACHATS", "2026-CHVS-0932"))


@dataclass(slots=True)
class Planned:
    """An invoice to issue: its client, day, period and lines, and what it bills."""

    client_id: int
    issue_date: date
    period_start: date
    period_end: date
    lines: list[InvoiceLine] = field(default_factory=list)
    missions: set[int] = field(default_factory=set)
    instalments: list[int] = field(default_factory=list)
    time: list[tuple[int, date, date]] = field(default_factory=list)  # (mission, first day, last day) billed

    def add(self, line: InvoiceLine, mission_id: int | None = None, start: date | None = None,
            end: date | None = None) -> None:
        self.lines.append(line)
        if mission_id is not None:
            self.missions.add(mission_id)
        self.period_start = min(self.period_start, start or self.period_start)
        self.period_end = max(self.period_end, end or self.period_end)


@dataclass(frozen=True, slots=True)
class InvoicingReport:
    invoices: int
    credit_notes: int
    rendered: int
    deferred: int


def _quiet(_: str) -> None:
    pass


def seed_invoicing(repos, *, today: date, rng: random.Random, progress: Progress = _quiet,
                   workers: int | None = None) -> InvoicingReport:
    """Everything of the module's docstring for the firm of `repos` (an open transaction; no commit)."""
    session, firm_id = repos.users.session, repos.firm_id
    cutoff = today.replace(day=1)  # the current month is left to the billing run
    first = add_months(cutoff, -HISTORY_MONTHS)
    issuer = session.scalar(select(UserRow.id).where(UserRow.firm_id == firm_id, UserRow.role == "admin")
                            .order_by(UserRow.id))
    _make_public(session, firm_id)
    clients = {c.id: c for c in repos.clients.search(ClientFilter())}
    buyers = {cid: _buyer(session, firm_id, c, repos.contacts.for_client(cid)) for cid, c in clients.items()}
    seller = Seller.of_firm(repos.firm.get().identity)

    plans: dict[tuple[int, date], Planned] = {}

    def plan(client_id: int, day: date, start: date, end: date) -> Planned:
        key = (client_id, day)
        if key not in plans:
            plans[key] = Planned(client_id, day, start, end)
        return plans[key]

    _bill_fee_schedule(session, firm_id, clients, first, cutoff, plan)
    missions = _missions(session, firm_id, clients)
    _bill_forfaits_and_units(missions, first, cutoff, plan)
    _bill_time(session, firm_id, missions, first, cutoff, plan)
    _add_extras(plans.values(), rng)
    progress(f"Facturation : {len(plans)} factures préparées")

    invoices = _issue_all(sorted(plans.values(), key=lambda p: (p.issue_date, p.client_id)), seller, buyers, repos)
    notes = _credit_notes(invoices, rng, today)
    progress(f"Facturation : {len(invoices)} factures et {len(notes)} avoirs numérotés, XML EN 16931 produits")
    rendered = _render_recent(invoices + notes, repos, today, workers)
    progress(f"Facturation : {len(rendered)} PDF Factur-X rendus, {len(invoices) + len(notes) - len(rendered)} différés")
    _write(repos, invoices, notes, rendered, issuer)
    _set_counters(repos, invoices, notes)
    paid = seed_collections(repos, invoices + notes, today=today, rng=rng, issuer=issuer)
    progress(f"Encaissements : {paid.payments} paiements, {paid.reminders} relances, {paid.open_invoices} factures "
             f"ouvertes, {paid.entries} écritures au journal")
    return InvoicingReport(len(invoices), len(notes), len(rendered), len(invoices) + len(notes) - len(rendered))


# --- who is invoiced ---------------------------------------------------------------------------------------

def _make_public(session, firm_id: int) -> None:
    """Two clients become public-sector buyers invoiced through Chorus Pro (when the client model has the
    public-sector fields): a commune and a public hospital, each with SIRET, service code and commitment."""
    if not hasattr(ClientRow, "public_sector"):
        return
    from data.seed import siren_from

    ids = list(session.scalars(select(ClientRow.id).where(ClientRow.firm_id == firm_id, ClientRow.kind == "company",
                                                          ClientRow.archived.is_(False))
                               .order_by(ClientRow.id).offset(7).limit(len(PUBLIC_CLIENTS) * 9)))[::9]
    for client_id, (name, form, prefix, service, commitment) in zip(ids, PUBLIC_CLIENTS, strict=False):
        siren = siren_from(prefix)
        siret = _siret(siren)
        session.execute(update(ClientRow).where(ClientRow.firm_id == firm_id, ClientRow.id == client_id).values(
            name=name, legal_form=form, siren=siren, siret=siret, vat_number="", naf_code="84.11Z"
            if form == "Commune" else "86.10Z", public_sector=True, chorus_siret=siret, chorus_service_code=service,
            chorus_commitment_number=commitment, chorus_service_code_required=True,
            chorus_commitment_required=form != "Commune"))


def _siret(siren: str) -> str:
    from stdnum import luhn

    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def _buyer(session, firm_id: int, client, contacts) -> Buyer:
    buyer = drafting.buyer_of(client, drafting.billing_email(client, contacts))
    if not hasattr(ClientRow, "public_sector"):
        return buyer
    row = session.execute(select(ClientRow.public_sector, ClientRow.chorus_siret, ClientRow.chorus_service_code,
                                 ClientRow.chorus_commitment_number)
                          .where(ClientRow.firm_id == firm_id, ClientRow.id == client.id)).one()
    if not row.public_sector:
        return buyer
    return replace(buyer, public_sector=True, siret=row.chorus_siret or buyer.siret,
                   service_code=row.chorus_service_code, commitment_number=row.chorus_commitment_number)


# --- what is billed ----------------------------------------------------------------------------------------

def _bill_fee_schedule(session, firm_id: int, clients: dict, first: date, cutoff: date, plan) -> None:
    """The engagements' instalments due before the cutoff, on their due day (the 1st for a month)."""
    rows = session.execute(select(FeeScheduleRow, MissionRow.client_id)
                           .join(MissionRow, (MissionRow.firm_id == FeeScheduleRow.firm_id)
                                 & (MissionRow.id == FeeScheduleRow.mission_id))
                           .where(FeeScheduleRow.firm_id == firm_id, FeeScheduleRow.invoice_id.is_(None),
                                  FeeScheduleRow.due_on >= first, FeeScheduleRow.due_on < cutoff)
                           .order_by(FeeScheduleRow.due_on, FeeScheduleRow.id)).all()
    for row, client_id in rows:
        if client_id not in clients or row.amount_cents <= 0:
            continue
        monthly = row.billing_mode == BillingMode.MONTHLY.value
        target = plan(client_id, row.due_on, row.period_start, row.period_end)
        target.add(InvoiceLine(row.label, Decimal(1), row.amount_cents, unit=Unit.MONTH if monthly else Unit.FLAT),
                   row.mission_id, row.period_start, row.period_end)
        target.instalments.append(row.id)


def _missions(session, firm_id: int, clients: dict) -> list[Mission]:
    """Missions without engagement (their billing is not planned in a fee schedule) of the clients invoiced."""
    rows = session.execute(select(MissionRow).where(MissionRow.firm_id == firm_id,
                                                    MissionRow.engagement_id.is_(None))
                           .order_by(MissionRow.id)).scalars()
    return [Mission(id=r.id, client_id=r.client_id, label=r.label, fiscal_year_start=r.fiscal_year_start,
                    fiscal_year_end=r.fiscal_year_end, billing_mode=BillingMode(r.billing_mode),
                    created_on=r.created_on, fee_cents=r.fee_cents, quantity=r.quantity,
                    unit_price_cents=r.unit_price_cents) for r in rows if r.client_id in clients]


def _bill_forfaits_and_units(missions: list[Mission], first: date, cutoff: date, plan) -> None:
    for mission in missions:
        if mission.billing_mode.is_forfait and mission.fee_cents > 0:
            for due in instalments_for(mission, 0, monthly=False):
                if first <= due.due_on < cutoff:
                    monthly = due.billing_mode is BillingMode.MONTHLY
                    plan(mission.client_id, due.due_on, due.period_start, due.period_end).add(
                        InvoiceLine(due.label, Decimal(1), due.amount_cents, unit=Unit.MONTH if monthly else Unit.FLAT),
                        mission.id, due.period_start, due.period_end)
        elif mission.billing_mode is BillingMode.UNIT and mission.quantity and mission.unit_price_cents:
            periods = month_periods(mission.fiscal_year_start, mission.fiscal_year_end)
            for (start, end), units in zip(periods, split_evenly(mission.quantity, len(periods)), strict=True):
                if units > 0 and first <= end < cutoff:
                    plan(mission.client_id, end, start, end).add(
                        InvoiceLine(f"{mission.label} — {month_label(start)}", Decimal(units),
                                    mission.unit_price_cents, unit=Unit.PIECE), mission.id, start, end)


def _bill_time(session, firm_id: int, missions: list[Mission], first: date, cutoff: date, plan) -> None:
    """Time-spent missions: each month's billable minutes per grade × the grade's selling rate that month."""
    by_id = {m.id: m for m in missions if m.billing_mode is BillingMode.TIME_SPENT}
    if not by_id:
        return
    grades = {g.id: g.label for g in session.scalars(select(GradeRow).where(GradeRow.firm_id == firm_id))}
    rates = sorted(session.execute(select(GradeRateRow.grade_id, GradeRateRow.effective_from,
                                          GradeRateRow.selling_rate_cents).where(GradeRateRow.firm_id == firm_id)))
    minutes: dict[tuple[int, date, int], int] = defaultdict(int)
    # Each entry at the grade its author had on its day (their grade history).
    history = histories([UserGrade(*row) for row in session.execute(
        select(UserGradeRow.user_id, UserGradeRow.grade_id, UserGradeRow.effective_from)
        .where(UserGradeRow.firm_id == firm_id))])
    entries = session.execute(select(TimeEntryRow.mission_id, TimeEntryRow.day, TimeEntryRow.user_id, TimeEntryRow.minutes)
                              .where(TimeEntryRow.firm_id == firm_id, TimeEntryRow.billable.is_(True),
                                     TimeEntryRow.mission_id.in_(list(by_id)), TimeEntryRow.day >= first,
                                     TimeEntryRow.day < cutoff))
    for mission_id, day, user_id, spent in entries:
        grade_id = grade_on(history.get(user_id, []), day)
        if grade_id is not None:
            minutes[(mission_id, day.replace(day=1), grade_id)] += spent
    for (mission_id, month_start, grade_id), spent in sorted(minutes.items()):
        mission = by_id[mission_id]
        month_end = add_months(month_start, 1) - timedelta(days=1)
        rate = _rate_on(rates, grade_id, month_start)
        hours = (Decimal(spent) / 60).quantize(Decimal("0.01"))
        if rate <= 0 or hours <= 0:
            continue
        target = plan(mission.client_id, month_end, month_start, month_end)
        target.add(InvoiceLine(f"{mission.label} — {grades.get(grade_id, 'Temps passé')} — {month_label(month_start)}",
                               hours, rate, unit=Unit.HOUR), mission_id, month_start, month_end)
        if (mission_id, month_start, month_end) not in target.time:
            target.time.append((mission_id, month_start, month_end))


def _rate_on(rates: list[tuple[int, date, int]], grade_id: int, day: date) -> int:
    found = 0
    for grade, effective_from, cents in rates:
        if grade == grade_id and effective_from <= day:
            found = cents
    return found


def _add_extras(plans, rng: random.Random) -> None:
    """Now and then, on a month-end invoice, a complementary job or a disbursement paid for the client."""
    for planned in plans:
        if planned.issue_date.day == 1:
            continue
        if rng.random() < EXTRA_SHARE:
            label, cents = rng.choice(EXTRAS)
            planned.add(InvoiceLine(label, Decimal(1), cents, kind=LineKind.EXTRA))
        if rng.random() < DISBURSEMENT_SHARE:
            label, cents = rng.choice(DISBURSEMENTS)
            planned.add(InvoiceLine(label, Decimal(1), cents, vat_rate=Decimal("0.00"), kind=LineKind.DISBURSEMENT))


# --- issuing -----------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Seeded:
    """An issued invoice or credit note about to be written, with its id reserved."""

    id: int
    planned: Planned | None
    document: Invoice
    client_id: int
    xml: bytes
    credited: Seeded | None = None
    pdf: bytes | None = None
    mission_id: int | None = None


def _issue_all(planned: list[Planned], seller: Seller, buyers: dict[int, Buyer], repos) -> list[Seeded]:
    """The invoices in chronological order, numbered 1, 2, 3… after the series' last number."""
    series = repos.numbering.get(DocType.INVOICE)
    issued, checked = [], set()
    for offset, plan in enumerate(planned):
        number = series.format(series.next_number + offset, plan.issue_date.year)
        invoice = Invoice(kind=InvoiceKind.INVOICE, number=number, issue_date=plan.issue_date, seller=seller,
                          buyer=buyers[plan.client_id], lines=tuple(plan.lines),
                          due_date=rules.default_due_date(plan.issue_date), period_start=plan.period_start,
                          period_end=plan.period_end, late_penalty_rate=DEFAULT_LATE_PENALTY_RATE)
        if offset % 10 == 0 or plan.client_id not in checked:  # every client's identifiers, then a sample
            _check(invoice)
            checked.add(plan.client_id)
        mission = next(iter(plan.missions)) if len(plan.missions) == 1 else None
        issued.append(Seeded(0, plan, invoice, plan.client_id, b"", mission_id=mission))
    return issued


def _check(invoice: Invoice) -> None:
    if problems := rules.validate(invoice):
        raise AssertionError(f"Facture de démonstration {invoice.number} invalide : {' ; '.join(problems)}")


def _credit_notes(invoices: list[Seeded], rng: random.Random, today: date) -> list[Seeded]:
    """A few invoices credited 3 to 20 days after issue: wholly, or their last line (a price disputed)."""
    chosen = [s for s in invoices if rng.random() < CREDIT_NOTE_SHARE]
    notes = []
    for seeded in chosen:
        day = seeded.document.issue_date + timedelta(days=rng.randint(3, 20))
        if day >= today:
            continue
        lines = seeded.document.lines
        partial = len(lines) > 1 and rng.random() < 0.6
        notes.append((day, seeded, lines[-1:] if partial else lines))
    notes.sort(key=lambda n: (n[0], n[1].document.number))
    return [Seeded(0, None, replace(s.document, kind=InvoiceKind.CREDIT_NOTE, number="", issue_date=day, lines=lines,
                                    due_date=None, prepaid_cents=0, payment_terms="",
                                    preceding_number=s.document.number, preceding_date=s.document.issue_date),
                   s.client_id, b"", credited=s, mission_id=s.mission_id) for day, s, lines in notes]


def _number_notes(notes: list[Seeded], repos) -> None:
    series = repos.numbering.get(DocType.CREDIT_NOTE)
    for offset, note in enumerate(notes):
        note.document = replace(note.document, number=series.format(series.next_number + offset,
                                                                     note.document.issue_date.year))
        _check(note.document)


def _render_recent(seeded: list[Seeded], repos, today: date, workers: int | None) -> dict[int, bytes]:
    """Numbers the credit notes and reserves the ids, then produces every XML and the Factur-X PDFs of the
    documents issued within RENDERED_DAYS, in parallel; returns id → PDF of those rendered."""
    notes = [s for s in seeded if s.credited is not None]
    _number_notes(notes, repos)
    # ids for all at once, the invoices before their credit notes (SQLite reserves after the highest id written)
    for item, row_id in zip(seeded, writer_for(repos).reserve_ids(InvoiceRow.__table__, len(seeded)), strict=True):
        item.id = row_id
    since = today - timedelta(days=RENDERED_DAYS)
    firm = repos.firm.get()
    logo = repos.firm.logo() if firm.has_logo else None
    produced = produce_all([(s.document, s.document.issue_date >= since) for s in seeded], firm.identity, logo,
                           workers)
    rendered = {}
    for item, (xml, pdf) in zip(seeded, produced, strict=True):
        item.xml = xml
        if pdf is not None:
            rendered[item.id] = pdf
    return rendered


# --- writing -----------------------------------------------------------------------------------------------

INVOICE_COLUMNS = ("id", "status", "number", "client_id", "engagement_id", "mission_id", "credited_invoice_id",
                   "created_on", "created_at", "created_by", "issue_date", "pdf", "xml", "pdf_sha256",
                   "pdf_deferred", "issued_at", "issued_by", "mailed_to", "mail_outbox_id",
                   *_header_values(Invoice(InvoiceKind.INVOICE, "", date(2026, 1, 1), Seller(""), Buyer(""))))
LINE_COLUMNS = ("invoice_id", "position", "kind", "label", "quantity_e4", "unit", "unit_price_cents", "vat_rate_bp",
                "amount_cents")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), UTC)  # 8:30 or 9:30 in Paris, the morning of the issue day


def _row(s: Seeded, pdf: bytes | None, issuer: int | None) -> tuple:
    values = _header_values(s.document)
    fixed = (s.id, "emise", s.document.number, s.client_id, None, s.mission_id,
             s.credited.id if s.credited else None, s.document.issue_date, _at(s.document.issue_date), issuer,
             s.document.issue_date, pdf, s.xml, hashlib.sha256(pdf).hexdigest() if pdf else "", pdf is None,
             _at(s.document.issue_date), issuer, s.document.buyer.email, None)
    return fixed + tuple(values[c] for c in INVOICE_COLUMNS[len(fixed):])


def _write(repos, invoices: list[Seeded], notes: list[Seeded], rendered: dict[int, bytes], issuer: int | None):
    writer = writer_for(repos)
    for batch in (invoices, notes):  # the credit notes refer to the invoices
        with writer.foreign_keys_checked_at_end(InvoiceRow.__table__, len(batch)):
            writer.insert(InvoiceRow.__table__, INVOICE_COLUMNS, (_row(s, rendered.get(s.id), issuer) for s in batch))
    every = invoices + notes
    with writer.foreign_keys_checked_at_end(InvoiceLineRow.__table__, sum(len(s.document.lines) for s in every)):
        writer.insert(InvoiceLineRow.__table__, LINE_COLUMNS, (
            (s.id, position, line.kind.value, line.label, int((line.quantity * E4).to_integral_value()),
             line.unit.value, line.unit_price_cents, _rate_bp(line.effective_rate), line.amount_cents)
            for s in every for position, line in enumerate(s.document.lines)))
    writer.insert(AuditEventRow.__table__, ("at", "actor_user_id", "action", "target_type", "target_id", "details"),
                  ((_at(s.document.issue_date), issuer,
                    (Action.INVOICE_CREDIT if s.credited else Action.INVOICE_ISSUE).value, "invoice", str(s.id),
                    _audit_details(s, rendered.get(s.id))) for s in every))
    session = repos.users.session
    writer.update(FeeScheduleRow.__table__, "id", ("invoice_id",),
                  ((instalment, s.id) for s in invoices for instalment in s.planned.instalments))
    billed_time = [{"m": m, "a": a, "b": b, "i": s.id} for s in invoices for m, a, b in s.planned.time]
    if billed_time and "invoice_id" in TimeEntryRow.__table__.c:
        table = TimeEntryRow.__table__
        session.execute(update(table).where(table.c.firm_id == repos.firm_id, table.c.mission_id == bindparam("m"),
                                            table.c.day >= bindparam("a"), table.c.day <= bindparam("b"),
                                            table.c.billable.is_(True)).values(invoice_id=bindparam("i")),
                        billed_time)


def _audit_details(s: Seeded, pdf: bytes | None) -> str:
    """What services._issue_in_transaction records, with the PDF's digest once it exists."""
    totals = s.document.totals
    details = {"référence": s.document.number, "client": s.document.buyer.name, "total HT": eur_cents(totals.ht_cents),
               "total TTC": eur_cents(totals.ttc_cents), "lignes": len(s.document.lines),
               "numéro": s.document.number, "sha256": hashlib.sha256(pdf).hexdigest() if pdf else "PDF différé",
               "destinataire": s.document.buyer.email or "aucun"}
    return json.dumps(details, ensure_ascii=False)


def _set_counters(repos, invoices: list[Seeded], notes: list[Seeded]) -> None:
    """The series continue after the seeded numbers: the next invoice issued takes the following one."""
    for doc_type, count in ((DocType.INVOICE, len(invoices)), (DocType.CREDIT_NOTE, len(notes))):
        if count:
            last = repos.numbering.get(doc_type).next_number + count - 1
            repos.users.session.execute(update(NumberingSeriesRow).where(
                NumberingSeriesRow.firm_id == repos.firm_id, NumberingSeriesRow.doc_type == doc_type.value)
                .values(next_number=last + 1, last_allocated=last))
