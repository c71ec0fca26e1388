"""`FacturXBatch` over a process pool: the schematron checks and the drawing + Factur-X embedding of many invoices
spread over the CPU cores.

Each worker subsets its fonts and compiles the schematrons once (the first job it gets pays ~2-3 s), then
keeps them for every later job; the pool itself lives as long as the adapter (one per process: the command
line, the Streamlit server). Workers are started with "spawn": forking a process that holds database
connections and Streamlit's threads is unsafe. Jobs are sent in chunks so that pickling stays cheap. Results come
back in the order of the input, whatever worker made them.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache

from domain.invoicing.model import ConformityProblem, Invoice
from domain.ports.billing import FacturXJob

_WORKER: dict[str, object] = {}


def _einvoicing():
    if not _WORKER:
        from data.integrations.facturx import FacturX

        _WORKER["einvoicing"] = FacturX()
    return _WORKER["einvoicing"]


def _check(invoice: Invoice) -> tuple[bytes, list[ConformityProblem]]:
    einvoicing = _einvoicing()
    xml = einvoicing.xml(invoice)
    return xml, einvoicing.validate(xml)


def _check_chunk(invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
    return [_check(invoice) for invoice in invoices]


def _make(job: FacturXJob) -> bytes:
    from data.pdf.invoice_layout import invoice_pdf

    return _einvoicing().embed(invoice_pdf(job.sheet), job.xml, title=job.title, author=job.author)


def _warm(_: int) -> int:
    """Subset the fonts and compile the schematrons in a worker before the first real job."""
    _einvoicing()
    from data.integrations.facturx import preload_schematrons
    from data.pdf.fonts import preload_fonts

    preload_fonts()
    preload_schematrons()
    return os.getpid()


class _Part:
    """One invoice's result in a chunk's future."""

    def __init__(self, future: Future, position: int) -> None:
        self.future, self.position = future, position

    def result(self):
        return self.future.result()[self.position]


class PooledFacturXBatch:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._einvoicing = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def warm_up(self, wait: bool = True) -> None:
        """Start every worker and compile its schematrons now (a run's first batch then runs at full speed). With
        `wait=False` the workers warm up while the caller goes on (e.g. prepares the run's drafts)."""
        warming = self._executor().map(_warm, range(self.workers * 2))
        if wait:
            list(warming)

    def _chunksize(self, count: int) -> int:
        return max(1, count // (self.workers * 4))

    def check_many(self, invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
        if not invoices:
            return []
        return list(self._executor().map(_check, invoices, chunksize=self._chunksize(len(invoices))))

    def start_checks(self, invoices: Sequence[Invoice]) -> list[_Part]:
        """Checks sent in a few chunks (an invoice's check is short: one task each would cost more in transfers)."""
        size, parts = self._chunksize(len(invoices)), []
        for start in range(0, len(invoices), size):
            future = self._executor().submit(_check_chunk, list(invoices[start:start + size]))
            parts += [_Part(future, position) for position in range(len(invoices[start:start + size]))]
        return parts

    def start_making(self, jobs: Sequence[FacturXJob]) -> list[Future]:
        """One task per invoice, so that the billing run can keep those it rendered ahead and drop the others."""
        return [self._executor().submit(_make, job) for job in jobs]

    def xml(self, invoice: Invoice) -> bytes:
        if self._einvoicing is None:
            from data.integrations.facturx import FacturX

            self._einvoicing = FacturX()
        return self._einvoicing.xml(invoice)

    def make_many(self, jobs: Sequence[FacturXJob]) -> list[bytes]:
        if not jobs:
            return []
        return list(self._executor().map(_make, jobs, chunksize=self._chunksize(len(jobs))))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@cache
def shared_pool() -> PooledFacturXBatch:
    """One pool per process (the Streamlit server, a command), shut down when the process exits."""
    pool = PooledFacturXBatch()
    atexit.register(pool.close)
    return pool
