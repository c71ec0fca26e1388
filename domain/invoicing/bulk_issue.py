"""Issuing a billing run's drafts in bulk, built for speed and for being killed at any moment:

1. **check** every selected draft (French rules, CII XML, XSD and both schematrons) with the number it would
   get; a refused draft stays a draft with its rule ids and messages stored (`invoices.problems`), the others
   have theirs cleared. The checks are spread over the cores by the `FacturXBatch` adapter; while the workers
   check a chunk, this process reads the next one. Commit per chunk.
2. **issue** the passing drafts in batches, one transaction per batch: each draft's snapshots are taken again
   and must be those checked, the number aside (else it is checked again); then the numbers are allocated (the
   series row stays locked until the commit), the PDFs rendered and embedded over the cores, and each invoice
   goes through `services.complete_issues` (bytes, sales journal, audit, mail: a few statements for the
   batch), then commit. Drafts, clients, contacts and engagements are read a batch at a time too.

**Rendering ahead.** The workers would wait while this process stores a batch and commits (a fifth of the run)
if they only rendered the batch whose numbers are allocated. So, once a batch's numbers are taken, the next
batch is read and rendered ahead with the numbers it should get (those after the current batch's). When its
transaction allocates the real numbers, an invoice rendered ahead is kept only if it is equal, number included,
to the one about to be issued (same snapshots, same number: the same XML and the same HTML); any other (a draft
changed, a number taken meanwhile by another issuer) is rendered again. Nothing rendered ahead is stored before
its own transaction, so a kill still rolls back the open batch only: its drafts are still drafts, their numbers
were never consumed, and the batches before are complete. Running again picks up the drafts still to issue, so
numbers stay gapless and in the order of issue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from domain.access.model import Permission, Principal
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.firm.guards import actor_id, require_staff
from domain.invoicing import services
from domain.invoicing.model import ConformityProblem, Invoice
from domain.invoicing.records import StoredInvoice
from domain.ports import DocumentRenderer, EInvoicing, FirmUnitOfWork
from domain.ports.billing import FacturXBatch, FacturXJob, Later

Progress = Callable[[int, int, str], None]  # (steps done, steps in all, French message)
BATCH_SIZE = 50
FRENCH_RULES = "Règles françaises"


class _OnDemand:
    """A `Later` of the in-process adapter: the work is done when its result is asked for (never, for an invoice
    rendered ahead and then dropped)."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.work, self.done, self.value = work, False, None

    def result(self):
        if not self.done:
            self.value, self.done = self.work(), True
        return self.value


class InProcessBatch:
    """`FacturXBatch` without a pool: the ordinary adapters called one invoice after the other (tests, small
    runs, or where no pool is wired)."""

    def __init__(self, documents: DocumentRenderer, einvoicing: EInvoicing) -> None:
        self.documents, self.einvoicing = documents, einvoicing

    def _check(self, invoice: Invoice) -> tuple[bytes, list[ConformityProblem]]:
        xml = self.einvoicing.xml(invoice)
        return xml, self.einvoicing.validate(xml)

    def check_many(self, invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
        return [self._check(invoice) for invoice in invoices]

    def start_checks(self, invoices: Sequence[Invoice]) -> list[Later]:
        return [_OnDemand(lambda invoice=invoice: self._check(invoice)) for invoice in invoices]

    def xml(self, invoice: Invoice) -> bytes:
        return self.einvoicing.xml(invoice)

    def _make(self, job: FacturXJob) -> bytes:
        return self.einvoicing.embed(self.documents.invoice_pdf(job.sheet), job.xml, title=job.title, author=job.author)

    def make_many(self, jobs: Sequence[FacturXJob]) -> list[bytes]:
        return [self._make(job) for job in jobs]

    def start_making(self, jobs: Sequence[FacturXJob]) -> list[Later]:
        return [_OnDemand(lambda job=job: self._make(job)) for job in jobs]


@dataclass
class RunReport:
    issued: list[tuple[int, str]] = field(default_factory=list)  # (invoice id, number), in the order of issue
    refused: dict[int, tuple[ConformityProblem, ...]] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # already issued, or no longer there


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def _french(problems: list[str]) -> tuple[ConformityProblem, ...]:
    return tuple(ConformityProblem(FRENCH_RULES, "", problem) for problem in problems)


def issue_run(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, batch: FacturXBatch,
              invoice_ids: Sequence[int], progress: Progress | None = None,
              batch_size: int = BATCH_SIZE) -> RunReport:
    """Check, then issue, the selected drafts (module docstring). Restartable: an invoice already issued is
    skipped. Raises only on a failure of the machinery (the open batch is then rolled back)."""
    require_staff(uow, principal, Permission.INVOICE)
    if batch_size < 1:
        raise InvalidInput("La taille des lots doit être d'au moins 1.")
    report, ids = RunReport(), list(dict.fromkeys(invoice_ids))
    steps, done = 2 * len(ids), 0
    tell = progress or (lambda *_: None)
    with uow:
        firm = uow.firm.get()
        checked: list[Checked] = []
        chunks = _chunks(ids, batch_size)
        following = _start_check(uow, clock, batch, firm, chunks[0], report) if chunks else None
        for position, chunk in enumerate(chunks):
            current = following
            following = (_start_check(uow, clock, batch, firm, chunks[position + 1], report)
                         if position + 1 < len(chunks) else None)  # read while the workers check `current`
            checked += _finish_check(uow, current, report)
            uow.commit()
            done += len(chunk)
            tell(done, steps, f"Contrôle des brouillons : {done} / {len(ids)}")
        done = len(ids) + len(ids) - len(checked)  # refused or skipped drafts have nothing left to do
        logo = uow.firm.logo() if firm.has_logo else None
        issuing = _Issuing(uow, actor_id(principal), clock, batch, firm, logo, report)
        batches = _chunks(checked, batch_size)
        for position, chunk in enumerate(batches):
            try:
                issuing.issue(chunk, batches[position + 1] if position + 1 < len(batches) else ())
                uow.commit()
            except BaseException:
                uow.rollback()
                raise
            done += len(chunk)
            tell(done, steps, f"Émission : {len(report.issued)} facture(s) émise(s)")
    return report


# --- 1. check --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Checked:
    """A draft that passed every check, as checked (with the placeholder number of its series)."""

    invoice_id: int
    invoice: Invoice
    series: object  # NumberingSeries: the number's format the check saw


@dataclass
class _Checking:
    ids: Sequence[int]
    refused: dict[int, tuple[ConformityProblem, ...]]  # by the French rules, before any XML
    pending: list[services.PendingIssue]
    results: list[Later]


def _start_check(uow: FirmUnitOfWork, clock: Clock, batch: FacturXBatch, firm, ids: Sequence[int],
                 report: RunReport) -> _Checking:
    refused, pending = {}, []
    drafts = _drafts(uow, ids)
    for invoice_id in ids:
        if invoice_id not in drafts:
            report.skipped.append(invoice_id)
    for prepared, problems in services.prepare_issues(uow, clock, list(drafts.values()), firm):
        if problems:
            refused[prepared.draft.id] = _french(problems)
        else:
            pending.append(prepared)
    return _Checking(ids, refused, pending, batch.start_checks([p.invoice for p in pending]))


def _drafts(uow: FirmUnitOfWork, ids: Sequence[int]) -> dict[int, StoredInvoice]:
    """Those of `ids` still drafts, in their order (read in one go)."""
    found = uow.invoices.many(ids)
    return {invoice_id: found[invoice_id] for invoice_id in ids if invoice_id in found and found[invoice_id].is_draft}


def _finish_check(uow: FirmUnitOfWork, checking: _Checking, report: RunReport) -> list[Checked]:
    passing = []
    for prepared, result in zip(checking.pending, checking.results, strict=True):
        blocking = tuple(f for f in result.result()[1] if f.blocking)
        if blocking:
            report.refused[prepared.draft.id] = blocking
        else:
            passing.append(Checked(prepared.draft.id, prepared.invoice, prepared.series))
        if blocking or prepared.draft.problems:
            uow.invoices.set_problems(prepared.draft.id, blocking)
    for invoice_id, problems in checking.refused.items():
        report.refused[invoice_id] = problems
        uow.invoices.set_problems(invoice_id, problems)
    return passing


def _same_format(one, other) -> bool:
    return (one.prefix, one.padding, one.with_year) == (other.prefix, other.padding, other.with_year)


def _as_checked(pending: services.PendingIssue, checked: Checked) -> bool:
    """The invoice about to be issued is the one checked but for its placeholder number (same series format, and
    the French rules have checked the number again)."""
    return (_same_format(pending.series, checked.series)
            and replace(pending.invoice, number=checked.invoice.number) == checked.invoice)


# --- 2. issue --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Ahead:
    invoice: Invoice  # with the number it was rendered with
    xml: bytes
    facturx: Later


class _Issuing:
    """The issue batches of one run, each rendering the next one ahead (module docstring)."""

    def __init__(self, uow: FirmUnitOfWork, actor: int | None, clock: Clock, batch: FacturXBatch, firm, logo,
                 report: RunReport) -> None:
        self.uow, self.actor, self.clock, self.batch, self.firm, self.logo = uow, actor, clock, batch, firm, logo
        self.report = report
        self.ahead: dict[int, _Ahead] = {}  # draft id → rendered ahead

    def _job(self, pending: services.PendingIssue, xml: bytes) -> FacturXJob:
        return FacturXJob(services.invoice_sheet(self.uow, pending, self.logo), xml, pending.title,
                          self.firm.identity.name)

    def _ready(self, chunk: Sequence[Checked], *, ahead: bool) -> list[services.PendingIssue]:
        """The drafts of a batch still to issue, prepared again now; refusals stored (not when reading ahead)."""
        ready = []
        drafts = _drafts(self.uow, [checked.invoice_id for checked in chunk])
        if not ahead:  # issued by someone else since the check
            self.report.skipped += [checked.invoice_id for checked in chunk if checked.invoice_id not in drafts]
        chunk = [checked for checked in chunk if checked.invoice_id in drafts]
        prepared = services.prepare_issues(self.uow, self.clock, [drafts[c.invoice_id] for c in chunk], self.firm)
        for checked, (pending, problems) in zip(chunk, prepared, strict=True):
            refusal = _french(problems)
            if not refusal and not _as_checked(pending, checked):  # changed since the check
                if ahead:
                    continue  # checked again, and rendered, in its own batch
                refusal = tuple(f for f in self.batch.check_many([pending.invoice])[0][1] if f.blocking)
            if refusal:
                if not ahead:
                    self.report.refused[checked.invoice_id] = refusal
                    self.uow.invoices.set_problems(checked.invoice_id, refusal)
                continue
            ready.append(pending)
        return ready

    def issue(self, chunk: Sequence[Checked], following: Sequence[Checked]) -> None:
        """One transaction: everything checked before any number is taken, so a refusal never leaves a gap."""
        numbered = [services.allocate_number(self.uow, pending) for pending in self._ready(chunk, ahead=False)]
        xmls, made, jobs = [], {}, {}
        for position, pending in enumerate(numbered):
            guess = self.ahead.get(pending.draft.id)
            if guess is not None and guess.invoice == pending.invoice:  # rendered ahead, number included
                xmls.append(guess.xml)
                made[position] = guess.facturx
            else:
                # The content was checked with the placeholder number; only the number (same series format,
                # checked by the French rules) differs, so the XML is written again without the schematrons.
                xmls.append(self.batch.xml(pending.invoice))
                jobs[position] = self._job(pending, xmls[-1])
        made.update(zip(jobs, self.batch.start_making(list(jobs.values())), strict=True))
        self.ahead = self._render_ahead(following)  # the workers render it while this batch is stored
        services.complete_issues(self.uow, self.actor, self.clock, [
            services.Made(pending, xml, made[position].result())
            for position, (pending, xml) in enumerate(zip(numbered, xmls, strict=True))], reread=False)
        self.report.issued += [(pending.draft.id, pending.invoice.number) for pending in numbered]

    def _render_ahead(self, chunk: Sequence[Checked]) -> dict[int, _Ahead]:
        """The next batch with the numbers it should get: those following this batch's, in its order."""
        following: dict[object, int] = {}  # series → its next number, once this batch is issued
        guesses = []
        for pending in self._ready(chunk, ahead=True):
            number = following.setdefault(pending.series.doc_type, pending.series.next_number)
            following[pending.series.doc_type] = number + 1
            invoice = replace(pending.invoice,
                              number=pending.series.format(number, pending.invoice.issue_date.year))
            guesses.append((replace(pending, invoice=invoice), self.batch.xml(invoice)))
        started = self.batch.start_making([self._job(pending, xml) for pending, xml in guesses])
        return {pending.draft.id: _Ahead(pending.invoice, xml, facturx)
                for (pending, xml), facturx in zip(guesses, started, strict=True)}
