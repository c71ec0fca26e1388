"""Text set on pages one block after the other: line breaking, paragraphs, and a cursor that moves to a new page
when a block does not fit. The few measures of a printed document (line height, the baseline in a line) are the
ones a browser gives DejaVu Sans, so the page looks as the HTML documents of the firm do.
"""

from __future__ import annotations

from collections.abc import Callable

from data.pdf.canvas import BLACK, MM, Canvas, Color
from data.pdf.fonts import EmbeddedFont

LINE_HEIGHT = 1.164  # DejaVu Sans: ascent + descent, what "line-height: normal" gives
BASELINE = 0.928  # the ascent: from the top of a line to its baseline, in em


def wrap(font: EmbeddedFont, text: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` at the spaces (a word wider than a line is cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.width(candidate, size) <= width or not current and not word:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while font.width(current, size) > width and len(current) > 1:
                cut = _fitting(font, current, size, width)
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def _fitting(font: EmbeddedFont, word: str, size: float, width: float) -> int:
    cut = 1
    while cut < len(word) and font.width(word[:cut + 1], size) <= width:
        cut += 1
    return cut


class Flow:
    """A cursor `y` down the pages of `canvas` between the top and bottom margins."""

    def __init__(self, canvas: Canvas, *, left: float, right: float, top: float, bottom: float) -> None:
        self.canvas, self.left, self.top = canvas, left, top
        self.width = canvas.width - left - right
        self.bottom = canvas.height - bottom
        self.on_new_page: Callable[[], None] | None = None  # e.g. to repeat a table's header
        self.page = canvas.new_page()
        self.y = top

    def new_page(self) -> None:
        self.page = self.canvas.new_page()
        self.y = self.top
        if self.on_new_page:
            self.on_new_page()

    def room(self) -> float:
        return self.bottom - self.y

    def keep(self, height: float) -> None:
        """A new page unless `height` still fits on this one (a block that must not be split)."""
        if height > self.room() and self.y > self.top:
            self.new_page()

    def lines(self, texts: list[str], x: float, y: float, size: float, *, bold: bool = False,
              color: Color = BLACK, align_right: float | None = None) -> float:
        """Lines one under the other from `y` (the top of the first); the height they took."""
        font, step = self.canvas.font(bold), size * LINE_HEIGHT
        for number, text in enumerate(texts):
            left = x if align_right is None else align_right - font.width(text, size)
            self.canvas.text(left, y + number * step + size * BASELINE, text, size, bold=bold, color=color)
        return len(texts) * step

    def paragraph(self, text: str, size: float, *, bold: bool = False, color: Color = BLACK,
                  justify: bool = False, after: float = 1.5 * MM) -> None:
        """A paragraph across the width, at the cursor, on as many pages as it needs."""
        font, step = self.canvas.font(bold), size * LINE_HEIGHT
        lines = wrap(font, text, size, self.width)
        for number, line in enumerate(lines):
            if step > self.room():
                self.new_page()
            gap = 0.0
            if justify and number < len(lines) - 1 and line.count(" "):
                gap = (self.width - font.width(line, size)) / line.count(" ")
            self.canvas.text(self.left, self.y + size * BASELINE, line, size, bold=bold, color=color, word_gap=gap)
            self.y += step
        self.y += after
