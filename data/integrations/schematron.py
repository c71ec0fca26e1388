"""Schematron checks run offline: XSLT stylesheets compiled once per process with SaxonC (saxonche).

Compiling a schematron stylesheet takes 0.2-0.5 s and running it milliseconds, so each stylesheet is
compiled on first use and kept for the life of the process (shared by every Streamlit session).
SaxonC has one processor per process; a compiled stylesheet is not thread-safe, so each thread runs
its own clone, and one lock serialises the runs (SaxonC holds the GIL anyway).

A stylesheet may read code lists with `document('codes.xml')`: Saxon would parse that file again on
every run (half the time of the EN 16931 check), so such lists are parsed once and handed to the
stylesheet as parameters instead.

The result is SVRL: every `failed-assert` (and `successful-report`, which schematron authors also use
to signal errors) becomes one finding.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"
_FINDINGS = etree.XPath("//svrl:failed-assert | //svrl:successful-report", namespaces={"svrl": SVRL})
_STYLESHEET_START = re.compile(r"<xsl:stylesheet\b[^>]*>")
_QUALIFIED_STEP = re.compile(r"\*:([\w.-]+)\[namespace-uri\(\)='[^']*'\]")  # /*:Name[namespace-uri()='…'][1]


@dataclass(frozen=True, slots=True)
class Stylesheet:
    path: Path
    code_lists: tuple[str, ...] = ()  # files beside it read with document('name'), parsed once


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # the assertion's id ("BR-CO-15", "BR-FR-12_BT-49")
    message: str
    location: str
    flag: str  # "fatal" unless the schematron says "warning"


class SchematronError(RuntimeError):
    """The stylesheet could not be compiled or run (not a finding about the document)."""


def _inline_code_lists(text: str, code_lists: tuple[str, ...]) -> str:
    """document('name') → $code_list_N, each declared as a stylesheet parameter."""
    params = []
    for number, name in enumerate(code_lists):
        param = f"code_list_{number}"
        text = text.replace(f"document('{name}')", f"${param}")
        params.append(f'<xsl:param name="{param}" as="document-node()"/>')
    start = _STYLESHEET_START.search(text)
    if start is None:
        raise SchematronError("not an XSLT stylesheet")
    return text[:start.end()] + "".join(params) + text[start.end():]


class _Saxon:
    """The process's one SaxonC processor and the stylesheets compiled so far."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.processor = None
        self.executables: dict[Stylesheet, object] = {}
        self.clones = threading.local()
        self.parameters: dict[Stylesheet, list[tuple[str, object]]] = {}  # parsed code lists, by stylesheet
        self.kept: list[object] = []  # the compilers, which SaxonC might free while their stylesheets live

    def _compile(self, stylesheet: Stylesheet):
        if self.processor is None:
            from saxonche import PySaxonProcessor  # imported late: it loads a 100 MB native library

            self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.kept.append(compiler)
        try:
            if not stylesheet.code_lists:  # from the file: relative references resolve beside it
                return compiler.compile_stylesheet(stylesheet_file=str(stylesheet.path))
            text = _inline_code_lists(stylesheet.path.read_text(encoding="utf-8"), stylesheet.code_lists)
            self.parameters[stylesheet] = [
                (f"code_list_{number}", self.processor.parse_xml(xml_file_name=str(stylesheet.path.parent / name)))
                for number, name in enumerate(stylesheet.code_lists)]
            return compiler.compile_stylesheet(stylesheet_text=text, encoding="UTF-8")
        except SchematronError:
            raise
        except Exception as err:  # saxonche raises PySaxonApiError, not exported stably
            raise SchematronError(f"compilation of {stylesheet.path.name} failed: {err}") from err

    def executable(self, stylesheet: Stylesheet):
        """This thread's clone of the compiled stylesheet (compiled on first use); the caller holds the lock."""
        if stylesheet not in self.executables:
            self.executables[stylesheet] = self._compile(stylesheet)
        mine = getattr(self.clones, "executables", None)
        if mine is None:
            mine = self.clones.executables = {}
        if stylesheet not in mine:
            clone = self.executables[stylesheet].clone()
            for name, value in self.parameters.get(stylesheet, ()):  # a clone has none (and crashes without)
                clone.set_parameter(name, value)
            mine[stylesheet] = clone
        return mine[stylesheet]

    def svrl(self, stylesheet: Stylesheet, xml: bytes) -> str:
        with self.lock:
            executable = self.executable(stylesheet)
            try:
                document = self.processor.parse_xml(xml_text=xml.decode("utf-8"), encoding="UTF-8")
                return executable.transform_to_string(xdm_node=document)
            except Exception as err:
                raise SchematronError(f"{stylesheet.path.name} could not run: {err}") from err


_SAXON = _Saxon()


def preload(*stylesheets: Stylesheet) -> None:
    """Compile the stylesheets now (a worker's start-up) rather than on the first document."""
    with _SAXON.lock:
        for stylesheet in stylesheets:
            _SAXON.executable(stylesheet)


def check(stylesheet: Stylesheet, xml: bytes) -> list[Finding]:
    """The findings of one schematron stylesheet (XSLT) on one XML document; [] when it passes."""
    svrl = _SAXON.svrl(stylesheet, xml)
    try:
        root = etree.fromstring(svrl.encode("utf-8"))
    except etree.XMLSyntaxError as err:
        raise SchematronError(f"{stylesheet.path.name} produced an unreadable report: {err}") from err
    return [_finding(node) for node in _FINDINGS(root)]


def _finding(node) -> Finding:
    text = node.find(f"{{{SVRL}}}text")
    message = " ".join("".join(text.itertext()).split()) if text is not None else ""
    location = _QUALIFIED_STEP.sub(r"\1", node.get("location") or "")  # /CrossIndustryInvoice[1]/…
    return Finding(rule=node.get("id") or "", message=message, location=location, flag=node.get("flag") or "fatal")
