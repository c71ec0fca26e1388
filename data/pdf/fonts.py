"""The fonts of the PDFs drawn directly (data/pdf/): DejaVu Sans, regular and bold, subset and embedded as
CID fonts (Type0, Identity-H), as PDF/A-3 demands (every font embedded, widths as the font file says).

Subsetting a font costs about 0.2 s with fontTools, far more than drawing a whole invoice, so it is not done per
document: a process subsets each face once to the characters of French business documents (Latin-1, Œ, €, the
typographic quotes, dashes and spaces), keeps the compressed font file, and embeds those same bytes in every
document (about 10 KB a face). A document with a character outside that set (a client called "Łukasz") gets a
subset that adds its characters, cached too. A character DejaVu does not have prints as the font's empty box.
"""

from __future__ import annotations

import io
import subprocess
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FAMILY = "DejaVu Sans"
_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))

COMMON = frozenset(chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))) | frozenset(
    "ŒœŸ‘’‚“”„…–—•€−\u2009\u202f\u2011")


def _font_file(bold: bool) -> Path:
    name = _FILES[bold]
    for folder in _FOLDERS:
        if (folder / name).exists():
            return folder / name
    found = subprocess.run(["fc-match", "-f", "%{file}", f"{FAMILY}:{'bold' if bold else 'regular'}"],
                           capture_output=True, text=True, check=False).stdout.strip()
    if found.endswith(name):
        return Path(found)
    raise FileNotFoundError(f"Police {name} introuvable : installer le paquet Debian fonts-dejavu-core.")


@dataclass(frozen=True)
class EmbeddedFont:
    """One subset face: what drawing needs (glyph of a character, advance widths in 1/1000 em) and what the
    PDF embeds (the compressed font file and its metrics)."""

    name: str  # "AAAAAB+DejaVuSans-Bold": the subset tag PDF asks for
    glyphs: dict[str, int]  # character → glyph id in the subset
    widths: tuple[int, ...]  # per glyph id, 1/1000 em
    compressed: bytes  # the subset TrueType file, zlib-compressed
    length: int  # its uncompressed size (Length1)
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def glyph(self, char: str) -> int:
        return self.glyphs.get(char, 0)

    def width(self, text: str, size: float) -> float:
        """The advance of `text` at `size` points, in points (no kerning: documents set no tight type)."""
        widths, glyphs = self.widths, self.glyphs
        return sum(widths[glyphs.get(c, 0)] for c in text) * size / 1000

    def covers(self, chars: set[str]) -> bool:
        return chars <= self.glyphs.keys()


def _tag(bold: bool, chars: frozenset[str]) -> str:
    """Six capital letters, the same for the same subset (PDF only asks that different subsets differ)."""
    digest = zlib.crc32("".join(sorted(chars)).encode("utf-8")) + (1 << 31 if bold else 0)
    letters = ""
    for _ in range(6):
        digest, rest = divmod(digest, 26)
        letters += chr(ord("A") + rest)
    return letters


def _scaled(value: float, units: int) -> int:
    return round(value * 1000 / units)


@lru_cache(maxsize=16)  # the common subsets, and a few for documents with rarer characters
def subset_font(bold: bool, chars: frozenset[str]) -> EmbeddedFont:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(_font_file(bold)))
    options = subset.Options()
    options.hinting, options.layout_features, options.notdef_outline = False, [], True
    options.name_IDs, options.drop_tables = ["*"], [*options.drop_tables, "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    order = {glyph_name: gid for gid, glyph_name in enumerate(font.getGlyphOrder())}
    units = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    postscript = font["name"].getDebugName(6) or ("DejaVuSans-Bold" if bold else "DejaVuSans")
    return EmbeddedFont(
        name=f"{_tag(bold, chars)}+{postscript}",
        glyphs={chr(code): order[glyph_name] for code, glyph_name in cmap.items()},
        widths=tuple(_scaled(font["hmtx"][glyph_name][0], units) for glyph_name in font.getGlyphOrder()),
        compressed=zlib.compress(data, 6), length=len(data),
        bbox=tuple(_scaled(v, units) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=_scaled(hhea.ascent, units), descent=_scaled(hhea.descent, units),
        cap_height=_scaled(getattr(os2, "sCapHeight", 0) or hhea.ascent, units))


def font_for(bold: bool, chars: set[str]) -> EmbeddedFont:
    """The common subset when it has every character of the document, else one that adds the missing ones."""
    common = subset_font(bold, COMMON)
    if common.covers(chars):
        return common
    return subset_font(bold, COMMON | frozenset(chars))


def preload_fonts() -> None:
    """Subset both faces now (a worker's warm-up), not on the first document."""
    for bold in (False, True):
        subset_font(bold, COMMON)
