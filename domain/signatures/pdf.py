"""The number of pages of a PDF, enough to put the signature field on the last one (pure stdlib).

Reads the page tree's `/Count`, also inside compressed object streams (WeasyPrint writes PDF 1.7 with
object streams), so no PDF library is needed in the domain.
"""

import re
import zlib

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PAGES_DICT = re.compile(rb"<<((?:(?!<<|>>).)*?/Type\s*/Pages(?![A-Za-z])(?:(?!<<|>>).)*?)>>", re.S)
_COUNT = re.compile(rb"/Count\s+(\d+)")


def _counts(chunk: bytes) -> list[int]:
    return [int(m.group(1)) for d in _PAGES_DICT.finditer(chunk) for m in _COUNT.finditer(d.group(1))]


def page_count(pdf: bytes) -> int:
    """Pages of `pdf` (the root of the page tree holds the largest /Count); 1 when it cannot be read."""
    counts = _counts(pdf)
    for match in _STREAM.finditer(pdf):
        if b"/ObjStm" not in pdf[max(0, match.start() - 400):match.start()]:
            continue  # fonts, images and page contents hold no page tree
        try:
            counts += _counts(zlib.decompressobj().decompress(pdf[match.end():match.end() + 4_000_000]))
        except zlib.error:
            continue
    return max(counts, default=1) or 1
