"""The PDF of an invoice or credit note, drawn from its `InvoiceSheet` (domain/invoicing/sheet.py).

Why not WeasyPrint, as for the other documents: a billing run issues a thousand invoices, and laying out HTML cost
about 100 ms of CPU per invoice, twice everything else an invoice costs (XML, checks, storing). Drawn directly, an
invoice costs a few milliseconds. The page keeps the firm's look (templates/documents/document.css: A4, the same
margins, DejaVu Sans, the letterhead, the navy table head, the legal mentions at the foot of every page).
Long invoices go on over several pages: a line of the table is never split, the table's head is repeated, the
totals and the conditions of payment are each kept on one page.
"""

from __future__ import annotations

from data.pdf.canvas import BLACK, MM, Canvas
from data.pdf.flow import BASELINE, LINE_HEIGHT, Flow, wrap
from data.pdf.images import pdf_image
from domain.invoicing.sheet import Fact, InvoiceSheet, SheetLine

NAVY, GREY, DARK_GREY = (0.122, 0.231, 0.361), (0.333, 0.333, 0.333), (0.267, 0.267, 0.267)
FRAME, RULE, WHITE = (0.722, 0.769, 0.824), (0.835, 0.863, 0.894), (1.0, 1.0, 1.0)
TEXT, SMALL, IDS = 9.5, 8.0, 8.0
MARGINS = {"top": 18 * MM, "right": 16 * MM, "bottom": 24 * MM, "left": 16 * MM}
PARAGRAPH = 1.5 * MM  # the space after a paragraph
CELL_X, CELL_Y = 2 * MM, 1.5 * MM
HEADS = ("Désignation", "Quantité", "Prix unitaire HT", "TVA", "Montant HT")
COLUMNS = (0.44, 0.12, 0.18, 0.11, 0.15)
VAT_HEADS = ("Taux", "Base HT", "TVA")
PAGE_NUMBERS = "Page 0123456789/"


def invoice_pdf(sheet: InvoiceSheet) -> bytes:
    chars = set("".join(sheet.texts()) + "".join(HEADS + VAT_HEADS) + PAGE_NUMBERS)
    canvas = Canvas(chars)
    flow = Flow(canvas, **MARGINS)
    _letterhead(flow, sheet)
    _title(flow, sheet)
    _lines(flow, sheet.lines)
    _summary(flow, sheet)
    _conditions(flow, sheet)
    _footers(canvas, sheet.footer)
    return canvas.pdf(title=sheet.title, author=sheet.seller_name)


def _step(size: float) -> float:
    return size * LINE_HEIGHT


def _block(flow: Flow, texts: list[tuple[str, float, bool, tuple]], x: float, y: float, width: float) -> float:
    """Paragraphs (text, size, bold, colour) one under the other from `y`, each wrapped to `width`; the height."""
    top = y
    for text, size, bold, color in texts:
        lines = wrap(flow.canvas.font(bold), text, size, width)
        y += flow.lines(lines, x, y, size, bold=bold, color=color) + PARAGRAPH
    return y - top


def _letterhead(flow: Flow, sheet: InvoiceSheet) -> None:
    top, y = flow.y, flow.y
    if sheet.logo:
        image = pdf_image(*sheet.logo)
        scale = min(20 * MM / image.height, 55 * MM / image.width)
        flow.canvas.image(flow.left, y, image.width * scale, image.height * scale, image)
        y += image.height * scale + 2 * MM
    firm = [(sheet.seller_name, 13.0, True, NAVY), *((line, TEXT, False, BLACK) for line in sheet.seller_lines),
            *((line, IDS, False, DARK_GREY) for line in sheet.seller_ids)]
    y += _block(flow, firm, flow.left, y, flow.width * 0.5)
    box_width = flow.width * 0.42
    box_x, box_top = flow.left + flow.width - box_width, top + 12 * MM
    recipient = [(sheet.buyer_name, TEXT, True, BLACK), *((line, TEXT, False, BLACK) for line in sheet.buyer_lines),
                 *((line, IDS, False, DARK_GREY) for line in sheet.buyer_ids)]
    inner = _block(flow, recipient, box_x + 4 * MM, box_top + 3 * MM, box_width - 8 * MM)
    flow.canvas.rect(box_x, box_top, box_width, inner + 6 * MM, stroke=FRAME, line_width=0.3 * MM)
    flow.y = max(y, box_top + inner + 6 * MM) + 9 * MM


def _title(flow: Flow, sheet: InvoiceSheet) -> None:
    flow.paragraph(sheet.title, 15.0, bold=True, color=NAVY, after=2 * MM)
    if sheet.subject:
        flow.paragraph(sheet.subject, TEXT, bold=True)
    flow.y += 2 * MM
    for row in sheet.facts:
        flow.y += _facts_row(flow, row)
    flow.y += 5 * MM


def _facts_row(flow: Flow, row: tuple[Fact, ...]) -> float:
    """One or two facts, label then value, in columns of 22 % and 28 % (a lone fact's value takes the rest)."""
    wrapped, x = [], flow.left
    for fact in row:
        value_width = (0.28 if len(row) == 2 else 0.78) * flow.width - 8 * MM
        wrapped += [(x, [fact.label], GREY),  # labels are short and never wrapped
                    (x + 0.22 * flow.width, wrap(flow.canvas.font(), fact.value, TEXT, value_width), BLACK)]
        x += 0.5 * flow.width
    height = max(len(lines) for _, lines, _ in wrapped) * _step(TEXT) + 2
    flow.keep(height)
    for x, lines, color in wrapped:
        flow.lines(lines, x, flow.y + 1, TEXT, color=color)
    return height


def _column_edges(flow: Flow) -> list[float]:
    edges, x = [], flow.left
    for share in COLUMNS:
        edges.append(x)
        x += share * flow.width
    return edges + [x]


def _lines_head(flow: Flow) -> None:
    edges, height = _column_edges(flow), _step(TEXT) + 2 * CELL_Y
    flow.canvas.rect(flow.left, flow.y, flow.width, height, fill=NAVY)
    for number, head in enumerate(HEADS):
        if number == 0:
            flow.lines([head], edges[0] + CELL_X, flow.y + CELL_Y, TEXT, color=WHITE)
        else:
            flow.lines([head], 0, flow.y + CELL_Y, TEXT, color=WHITE, align_right=edges[number + 1] - CELL_X)
    flow.y += height


def _lines(flow: Flow, lines: tuple[SheetLine, ...]) -> None:
    edges = _column_edges(flow)
    label_width = edges[1] - edges[0] - 2 * CELL_X
    _lines_head(flow)
    flow.on_new_page = lambda: _lines_head(flow)
    for line in lines:
        label = wrap(flow.canvas.font(), line.label, TEXT, label_width)
        detail = wrap(flow.canvas.font(), line.detail, SMALL, label_width) if line.detail else []
        height = len(label) * _step(TEXT) + len(detail) * _step(SMALL) + 2 * CELL_Y
        flow.keep(height)
        y = flow.y + CELL_Y
        flow.lines(label, edges[0] + CELL_X, y, TEXT)
        flow.lines(detail, edges[0] + CELL_X, y + len(label) * _step(TEXT), SMALL, color=GREY)
        for number, text in enumerate((line.quantity, line.unit_price, line.vat, line.amount), start=2):
            flow.lines([text], 0, y, TEXT, align_right=edges[number] - CELL_X)
        flow.y += height
        flow.canvas.rule(flow.left, flow.left + flow.width, flow.y, RULE, 0.2 * MM)
    flow.on_new_page = None


def _summary(flow: Flow, sheet: InvoiceSheet) -> None:
    """The VAT per rate on the left, the totals on the right, kept together."""
    half = flow.width * 0.46
    vat_rows = [(VAT_HEADS, False, GREY)] + [(group, False, BLACK) for group in sheet.vat_groups]
    total_rows = [((t.label, t.amount), t.strong, BLACK) for t in sheet.totals]
    vat_heights = [_row_height(flow, texts, half / 3) for texts, _, _ in vat_rows]
    total_heights = [_row_height(flow, texts, half / 2, bold) for texts, bold, _ in total_rows]
    flow.y += 4 * MM
    flow.keep(max(sum(vat_heights), sum(total_heights)))
    top = flow.y
    for number, ((texts, bold, color), height) in enumerate(zip(vat_rows, vat_heights, strict=True)):
        _table_row(flow, texts, flow.left, half / 3, bold, color)
        if number == 0:
            flow.canvas.rule(flow.left, flow.left + half, flow.y + height, RULE, 0.2 * MM)
        flow.y += height
    vat_bottom, flow.y = flow.y, top
    x = flow.left + flow.width - half
    for (texts, bold, color), height in zip(total_rows, total_heights, strict=True):
        if bold:
            flow.canvas.rule(x, x + half, flow.y, NAVY, 0.3 * MM)
        _table_row(flow, texts, x, half / 2, bold, color)
        flow.y += height
    flow.y = max(flow.y, vat_bottom)


def _row_height(flow: Flow, texts: tuple[str, ...], width: float, bold: bool = False) -> float:
    font = flow.canvas.font(bold)
    return max(len(wrap(font, text, TEXT, width - 2 * CELL_X)) for text in texts) * _step(TEXT) + 2 * MM


def _table_row(flow: Flow, texts: tuple[str, ...], x: float, width: float, bold: bool, color: tuple) -> None:
    """A row of cells of equal `width`: the first left-aligned and wrapped, the others right-aligned."""
    font = flow.canvas.font(bold)
    for number, text in enumerate(texts):
        left = x + number * width
        if number == 0:
            flow.lines(wrap(font, text, TEXT, width - 2 * CELL_X), left + CELL_X, flow.y + 1 * MM, TEXT, bold=bold,
                       color=color)
        else:
            flow.lines([text], 0, flow.y + 1 * MM, TEXT, bold=bold, color=color, align_right=left + width - CELL_X)


def _conditions(flow: Flow, sheet: InvoiceSheet) -> None:
    """Conditions of payment (or the credit note's terms), kept on one page when they fit on one."""
    size = 8.5
    texts = [*((note, False) for note in sheet.notes), *(((sheet.bank, True),) if sheet.bank else ())]
    body = sum(len(wrap(flow.canvas.font(bold), text, size, flow.width)) * _step(size) + PARAGRAPH
               for text, bold in texts)
    head = 7 * MM + _step(11.0) + 1.3 * MM + 2 * MM
    flow.keep(head + body)
    flow.y += 7 * MM
    flow.canvas.text(flow.left, flow.y + 11.0 * BASELINE, sheet.conditions_title, 11.0, bold=True, color=NAVY)
    flow.y += _step(11.0) + 1 * MM
    flow.canvas.rule(flow.left, flow.left + flow.width, flow.y, FRAME, 0.3 * MM)
    flow.y += 0.3 * MM + 2 * MM
    for text, bold in texts:
        flow.paragraph(text, size, bold=bold, justify=True)


def _footers(canvas: Canvas, footer: str) -> None:
    """The seller's legal mentions and "Page n / N" at the foot of every page, centred in the bottom margin."""
    left, width = MARGINS["left"], canvas.width - MARGINS["left"] - MARGINS["right"]
    area_top, area = canvas.height - MARGINS["bottom"], MARGINS["bottom"]
    mentions = wrap(canvas.font(), footer, 7.0, width * 0.8)
    mentions_top = area_top + (area - len(mentions) * _step(7.0)) / 2
    for number in range(len(canvas.pages)):
        for row, text in enumerate(mentions):
            canvas.text(left, mentions_top + row * _step(7.0) + 7.0 * BASELINE, text, 7.0, color=GREY, page=number)
        counter = f"Page {number + 1} / {len(canvas.pages)}"
        canvas.text(left + width - canvas.font().width(counter, 7.5), area_top + (area - _step(7.5)) / 2
                    + 7.5 * BASELINE, counter, 7.5, color=GREY, page=number)
