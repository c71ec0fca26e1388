"""`FacturXBatch` over a process pool: the schematron checks and the WeasyPrint rendering + Factur-X embedding of
many invoices spread over the CPU cores.

Each worker builds its renderer and compiles the schematrons once (the first job it gets pays ~2-3 s), then
keeps them for every later job; the pool itself lives as long as the adapter (one per process: the command
line, the Streamlit server). Workers are started with "spawn": forking a process that holds database
connections and Streamlit's threads is unsafe. Jobs are sent in chunks so that pickling stays cheap. Results come
back in the order of the input, whatever worker made them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from domain.invoicing.model import ConformityProblem, Invoice
from domain.ports.billing import FacturXJob

_WORKER: dict[str, object] = {}


def _adapters():
    if not _WORKER:
        from data.documents import WeasyPrintRenderer
        from data.integrations.facturx import FacturX

        _WORKER["documents"], _WORKER["einvoicing"] = WeasyPrintRenderer(), FacturX()
    return _WORKER["documents"], _WORKER["einvoicing"]


def _check(invoice: Invoice) -> tuple[bytes, list[ConformityProblem]]:
    _, einvoicing = _adapters()
    xml = einvoicing.xml(invoice)
    return xml, einvoicing.validate(xml)


def _make(job: FacturXJob) -> bytes:
    documents, einvoicing = _adapters()
    return einvoicing.embed(documents.pdf(job.html), job.xml, title=job.title, author=job.author)


def _warm(_: int) -> int:
    """Load fonts and compile the schematrons in a worker before the first real job."""
    _adapters()
    from data.integrations.facturx import preload_schematrons

    preload_schematrons()
    return os.getpid()


class PooledFacturXBatch:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._einvoicing = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def warm_up(self) -> None:
        """Start every worker and compile its schematrons now (a run's first batch then runs at full speed)."""
        list(self._executor().map(_warm, range(self.workers)))

    def _chunksize(self, count: int) -> int:
        return max(1, count // (self.workers * 4))

    def check_many(self, invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
        if not invoices:
            return []
        return list(self._executor().map(_check, invoices, chunksize=self._chunksize(len(invoices))))

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
