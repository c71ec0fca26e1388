"""A PDF/A-3b document drawn directly: text in DejaVu Sans, rectangles, rules and images, on A4 pages measured
from their top-left corner in points. No layout engine: the caller places everything (data/pdf/invoice_layout.py).

What PDF/A-3b asks of such a file, and how it is met: every font embedded with its widths (data/pdf/fonts.py), an
sRGB output intent for the RGB colours (Pillow's built-in profile), XMP metadata naming the PDF/A part (the
Factur-X embedding replaces it with its own, which names it too), a file identifier, no encryption, nothing
transparent but an image's alpha mask. Text is written as glyph ids with a ToUnicode map, so it can be searched
and copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from io import BytesIO

import pydyf

from data.pdf.fonts import EmbeddedFont, font_for
from data.pdf.images import PdfImage

MM = 72 / 25.4
A4 = (595.2756, 841.8898)
Color = tuple[float, float, float]
BLACK: Color = (0.11, 0.11, 0.11)


@dataclass
class _Page:
    ops: list[str] = field(default_factory=list)
    images: dict[str, PdfImage] = field(default_factory=dict)


class Canvas:
    """Pages drawn one after the other. `fonts` are chosen up front from every character the document will
    print, so that all its pages share one subset per face."""

    def __init__(self, chars: set[str], size: tuple[float, float] = A4) -> None:
        self.width, self.height = size
        self.fonts = {False: font_for(False, chars), True: font_for(True, chars)}
        self.used: dict[bool, set[int]] = {False: set(), True: set()}
        self.pages: list[_Page] = []

    def new_page(self) -> int:
        self.pages.append(_Page())
        return len(self.pages) - 1

    def font(self, bold: bool = False) -> EmbeddedFont:
        return self.fonts[bold]

    def text(self, x: float, y: float, text: str, size: float, *, bold: bool = False, color: Color = BLACK,
             word_gap: float = 0.0, page: int = -1) -> None:
        """`text` with its baseline at `y` from the top of the page; `word_gap` points added after each space
        (a justified line: with two-byte glyph codes PDF's own word spacing does not apply)."""
        font = self.fonts[bold]
        glyphs = [font.glyph(c) for c in text]
        self.used[bold].update(glyphs)
        if word_gap:
            shift = f" {-word_gap * 1000 / size:.1f} "
            shown = "[" + shift.join(f"<{self._hex(font, word)}>" for word in _spaced(text)) + "] TJ"
        else:
            shown = f"<{self._hex(font, text)}> Tj"
        self.pages[page].ops.append(f"BT /F{int(bold)} {size:g} Tf {_rgb(color)} rg {x:.2f} {self.height - y:.2f} Td "
                                    f"{shown} ET")

    @staticmethod
    def _hex(font: EmbeddedFont, text: str) -> str:
        return "".join(f"{font.glyph(c):04x}" for c in text)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: Color | None = None,
             stroke: Color | None = None, line_width: float = 0.5, page: int = -1) -> None:
        ops = [f"{_rgb(fill)} rg"] if fill else []
        if stroke:
            ops += [f"{_rgb(stroke)} RG", f"{line_width:.2f} w"]
        ops.append(f"{x:.2f} {self.height - y - h:.2f} {w:.2f} {h:.2f} re {'B' if fill and stroke else 'f' if fill else 'S'}")
        self.pages[page].ops.append("q " + " ".join(ops) + " Q")

    def rule(self, x1: float, x2: float, y: float, color: Color, line_width: float, page: int = -1) -> None:
        """A horizontal line at `y` from `x1` to `x2`."""
        self.pages[page].ops.append(f"q {_rgb(color)} RG {line_width:.2f} w {x1:.2f} {self.height - y:.2f} m "
                                    f"{x2:.2f} {self.height - y:.2f} l S Q")

    def image(self, x: float, y: float, w: float, h: float, image: PdfImage, page: int = -1) -> None:
        name = f"Im{len(self.pages[page].images)}"
        self.pages[page].images[name] = image
        self.pages[page].ops.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {self.height - y - h:.2f} cm /{name} Do Q")

    def pdf(self, *, title: str, author: str, lang: str = "fr-FR") -> bytes:
        document = pydyf.PDF()
        fonts = pydyf.Dictionary({f"F{int(bold)}": _add_font(document, font, self.used[bold])
                                  for bold, font in self.fonts.items() if self.used[bold]})
        images: dict[int, pydyf.Object] = {}
        for page in self.pages:
            content = pydyf.Stream(["\n".join(page.ops)], compress=True)
            document.add_object(content)
            xobjects = pydyf.Dictionary({name: _add_image(document, image, images)
                                         for name, image in page.images.items()})
            document.add_page(pydyf.Dictionary({
                "Type": "/Page", "Parent": document.pages.reference,
                "MediaBox": pydyf.Array([0, 0, round(self.width, 4), round(self.height, 4)]),
                "Contents": content.reference,
                "Resources": pydyf.Dictionary({"Font": fonts, "XObject": xobjects}),
            }))
        _catalog(document, title, author, lang)
        output = BytesIO()
        document.write(output, version=b"1.7", identifier=True, compress=True)
        return output.getvalue()


def _spaced(text: str) -> list[str]:
    """"a b c" → ["a ", "b ", "c"]: each word with the space after it."""
    words = text.split(" ")
    return [word + " " for word in words[:-1]] + [words[-1]]


def _rgb(color: Color) -> str:
    return " ".join(f"{c:.3f}" for c in color)


def _add_font(document: pydyf.PDF, font: EmbeddedFont, used: set[int]) -> str:
    """Type0 → CIDFontType2 → descriptor → font file, and the ToUnicode map; the font's reference."""
    file = pydyf.Stream([font.compressed], {"Filter": "/FlateDecode", "Length1": font.length})
    document.add_object(file)
    descriptor = pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": "/" + font.name, "Flags": 4,
        "FontBBox": pydyf.Array(font.bbox), "ItalicAngle": 0, "Ascent": font.ascent, "Descent": font.descent,
        "CapHeight": font.cap_height, "StemV": 80, "FontFile2": file.reference})
    document.add_object(descriptor)
    glyphs = sorted(used)
    widths = pydyf.Array()
    for gid in glyphs:
        widths.extend([gid, pydyf.Array([font.widths[gid]])])
    cid_font = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": "/" + font.name,
        "CIDSystemInfo": pydyf.Dictionary({"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"),
                                           "Supplement": 0}),
        "CIDToGIDMap": "/Identity", "DW": 1000, "W": widths, "FontDescriptor": descriptor.reference})
    document.add_object(cid_font)
    to_unicode = pydyf.Stream([_to_unicode(font, glyphs)], compress=True)
    document.add_object(to_unicode)
    type0 = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/Type0", "BaseFont": "/" + font.name, "Encoding": "/Identity-H",
        "DescendantFonts": pydyf.Array([cid_font.reference]), "ToUnicode": to_unicode.reference})
    document.add_object(type0)
    return type0.reference


def _to_unicode(font: EmbeddedFont, glyphs: list[int]) -> bytes:
    chars = {}
    for char, gid in font.glyphs.items():
        chars.setdefault(gid, char)
    pairs = [f"<{gid:04x}> <{''.join(f'{b:02x}' for b in chars[gid].encode('utf-16-be'))}>"
             for gid in glyphs if gid in chars]
    blocks = [f"{len(pairs[i:i + 100])} beginbfchar\n" + "\n".join(pairs[i:i + 100]) + "\nendbfchar"
              for i in range(0, len(pairs), 100)]
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\n"
            "endcodespacerange\n" + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend").encode("ascii")


def _add_image(document: pydyf.PDF, image: PdfImage, added: dict[int, pydyf.Object]) -> str:
    if id(image) not in added:
        extra = dict(image.extra)
        if image.mask is not None:
            mask = pydyf.Stream([image.mask.data], dict(image.mask.extra))
            document.add_object(mask)
            extra["SMask"] = mask.reference
        stream = pydyf.Stream([image.data], extra)
        document.add_object(stream)
        added[id(image)] = stream
    return added[id(image)].reference


@cache
def _srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _catalog(document: pydyf.PDF, title: str, author: str, lang: str) -> None:
    profile = pydyf.Stream([_srgb_profile()], {"N": 3}, compress=True)
    document.add_object(profile)
    intent = pydyf.Dictionary({
        "Type": "/OutputIntent", "S": "/GTS_PDFA1", "OutputConditionIdentifier": pydyf.String("sRGB"),
        "Info": pydyf.String("sRGB IEC61966-2.1"), "DestOutputProfile": profile.reference})
    metadata = pydyf.Stream([_xmp(title, author)], {"Type": "/Metadata", "Subtype": "/XML"})
    document.add_object(metadata)
    document.catalog.update({"OutputIntents": pydyf.Array([intent]), "Metadata": metadata.reference,
                             "Lang": pydyf.String(lang)})
    # No /Producer: the Factur-X embedding writes its own into the XMP, and PDF/A wants the two to agree.
    document.info.update({"Title": pydyf.String(title), "Author": pydyf.String(author)})


def _xmp(title: str, author: str) -> bytes:
    from xml.sax.saxutils import escape

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 pdfaid:part="3" pdfaid:conformance="B">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()
