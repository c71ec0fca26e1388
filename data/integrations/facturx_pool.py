"""`FacturXBatch` over a process pool: the schematron checks and the WeasyPrint rendering + Factur-X embedding of
many invoices spread over the CPU cores.

Each worker builds its renderer and compiles the schematrons once (the first job it gets pays ~2-3 s), then
keeps them for every later job; the pool itself lives as long as the adapter (one per process: the command
line, the Streamlit server). Workers are started with "spawn": forking a process that holds database
connections and Streamlit's threads is unsafe. Jobs are sent in chunks so that pickling stays cheap. Results come
back in the order of the input, whatever worker made them.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache

from domain.invoicing.model import ConformityProblem, Invoice
from domain.ports.billing import FacturXJob

_WORKER: dict[str, object] = {}
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


# WeasyPrint's user-agent sheet gives every element the pseudo-elements ::marker, ::footnote-* and ::note-*, so each
# element of a document costs six pseudo-element styles besides its own (about 760 of the 830 styles an invoice
# computes). Our documents have no footnotes, and only list items and <summary> draw a marker, so the same sheet
# scoped to those selectors renders the same pages (checked pixel for pixel) about 10 % faster.
_UA_SCOPES = (
    (re.compile(r"^::marker \{", re.MULTILINE), "li::marker, summary::marker {"),
    (re.compile(r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{", re.MULTILINE),
     r"[data-eexpi-note]::\1 {"),
)


def _scoped_ua_text(text: str) -> str | None:
    """The user-agent sheet with its universal pseudo-element rules scoped; None when a rule is not found (another
    WeasyPrint version: its own sheet is then used unchanged)."""
    for pattern, replacement in _UA_SCOPES:
        text, count = pattern.subn(replacement, text)
        if not count:
            return None
    return text


def _html_class():
    """weasyprint.HTML, with the scoped user-agent sheet when this WeasyPrint's sheet has the expected rules. The
    hook, `_ua_stylesheets`, is the one WeasyPrint's own tests override."""
    from importlib import resources

    import weasyprint
    from weasyprint.html import UA_COUNTER_STYLE

    text = _scoped_ua_text((resources.files("weasyprint") / "css" / "html5_ua.css").read_text(encoding="utf-8"))
    if text is None:
        return weasyprint.HTML
    sheet = weasyprint.CSS(string=text, counter_style=UA_COUNTER_STYLE)

    class ScopedUserAgentHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, *super()._ua_stylesheets(forms)[1:]]  # the forms sheet kept if asked for

    return ScopedUserAgentHTML


class CachedStylesRenderer:
    """WeasyPrint as `data.documents.WeasyPrintRenderer` renders, with what a worker can keep between documents:
    one font configuration, the linked stylesheets parsed once (the HTML's `<link rel="stylesheet">` tags
    are taken out and the same sheets, in the same order, passed already parsed) and the scoped user-agent sheet
    above. Parsing the CSS and setting up the fonts were about a quarter of a one-page invoice's rendering. The
    sheets are then of the "user" origin instead of "author": with no other author sheet in the document, the
    cascade is the same."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.sheets: dict[str, object] = {}
        self.html = _html_class()

    def _sheet(self, href: str):
        if href not in self.sheets:
            import weasyprint

            from data.documents import TEMPLATES

            self.sheets[href] = weasyprint.CSS(filename=str(TEMPLATES / href), font_config=self.fonts)
        return self.sheets[href]

    def pdf(self, html: str) -> bytes:
        from data.documents import TEMPLATES

        sheets = [self._sheet(href) for href in _LINK.findall(html)]
        return self.html(string=_LINK.sub("", html), base_url=str(TEMPLATES)).write_pdf(
            pdf_variant="pdf/a-3b", stylesheets=sheets, font_config=self.fonts)


def _adapters():
    if not _WORKER:
        from data.integrations.facturx import FacturX

        _WORKER["documents"], _WORKER["einvoicing"] = CachedStylesRenderer(), FacturX()
    return _WORKER["documents"], _WORKER["einvoicing"]


def _check(invoice: Invoice) -> tuple[bytes, list[ConformityProblem]]:
    _, einvoicing = _adapters()
    xml = einvoicing.xml(invoice)
    return xml, einvoicing.validate(xml)


def _check_chunk(invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
    return [_check(invoice) for invoice in invoices]


def _make(job: FacturXJob) -> bytes:
    documents, einvoicing = _adapters()
    return einvoicing.embed(documents.pdf(job.html), job.xml, title=job.title, author=job.author)


def _warm(_: int) -> int:
    """Load fonts and compile the schematrons in a worker before the first real job."""
    _adapters()
    from data.integrations.facturx import preload_schematrons

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
