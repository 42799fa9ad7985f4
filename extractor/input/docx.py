"""Word documents (.docx), read with python-docx.

A Word file has no pages until some program lays it out, so, like the text
transcript reader, this reader lays the document out on a virtual grid and lets the
layout stage read it with the same geometric rules as a PDF:

- each body paragraph is one line at x = 0, followed by a blank line (a paragraph
  gap); a tab starts a new cell, CELL_WIDTH further right (tables of contents);
- a list paragraph (a "List …" style or Word numbering) gets a bullet glyph span
  before its text ("•", or "N." for a "List Number" style);
- a table row puts cell k at x = k × CELL_WIDTH, and stacks the paragraphs of a
  cell one per line; the row is as high as its tallest cell;
- the font size of a line is the largest run size (or the style's, inherited
  through base styles and the document defaults); it is bold when all its text runs
  are bold (directly or by style);
- headers, footers, text boxes and images are ignored.

Provenance: there are no pages (`page` is None, `Document.page_count` is None);
`line` is the 1-based index of the paragraph in document order, counting every
paragraph of the body, table cells included (row by row, cell by cell), empty
paragraphs too.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import Any

from extractor.errors import DamagedInput
from extractor.input.document import Document, Page, Span
from extractor.layout.glyphs import is_glyph_char

CELL_WIDTH = 150.0
LINE_HEIGHT = 14.0
DEFAULT_SIZE = 11.0
_GLYPH_INDENT = 8.0
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, path: str, sha256: str) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DamagedInput("python-docx is not installed", path=path) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DamagedInput(f"damaged Word document ({exc})", path=path) from exc
    except Exception as exc:  # lxml syntax errors and the like: a damaged part
        raise DamagedInput(f"damaged Word document ({type(exc).__name__})", path=path) from exc
    layout = _Layout(_default_size(document))
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            layout.paragraph(Paragraph(block, document))
        elif block.tag == f"{_W}tbl":
            layout.table(Table(block, document))
    page = Page(number=None, width=CELL_WIDTH * 8, height=layout.y + LINE_HEIGHT, spans=layout.spans)
    return Document(path=path, kind="docx", sha256=sha256, page_count=None, pages=[page])


class _Layout:
    """The virtual grid being filled, top to bottom."""

    def __init__(self, default_size: float) -> None:
        self.default_size = default_size
        self.spans: list[Span] = []
        self.y = 0.0
        self.index = 0  # paragraphs seen, in document order
        self.numbering: dict[str, int] = {}

    def paragraph(self, p: Any) -> None:
        self.index += 1
        used = self._lines(p, 0.0, self.y)
        if used:
            self.y += LINE_HEIGHT * (used + 1)  # the line and a paragraph gap
        if not _is_list(p):
            self.numbering.clear()

    def table(self, table: Any) -> None:
        for row in table.rows:
            height = 0
            seen: set[int] = set()
            for k, cell in enumerate(row.cells):
                if id(cell._tc) in seen:  # a merged cell repeats in python-docx
                    continue
                seen.add(id(cell._tc))
                lines = 0
                self.numbering.clear()
                for p in cell.paragraphs:
                    self.index += 1
                    lines += self._lines(p, k * CELL_WIDTH, self.y + lines * LINE_HEIGHT)
                height = max(height, lines)
            self.y += LINE_HEIGHT * (max(height, 1) + 1)

    def _lines(self, p: Any, x0: float, top: float) -> int:
        """Lay out one paragraph at (x0, top); returns the lines used (0 or 1)."""
        text = unicodedata.normalize("NFC", p.text.replace("\n", " "))
        if not text.strip():
            return 0
        size, bold = self._style(p)
        x = x0
        if _is_list(p):
            glyph = self._glyph(p)
            self.spans.append(_span(glyph, x, top, size, bold, self.index))
            x += _GLYPH_INDENT
            text = text.lstrip()
            if text and is_glyph_char(text[0]):  # a bullet typed into the text as well
                text = text[1:].lstrip()
        for k, part in enumerate(text.split("\t")):
            part = re.sub(r"[ \u00a0]+", " ", part).strip()
            if part:
                self.spans.append(_span(part, x + k * CELL_WIDTH, top, size, bold, self.index))
        return 1

    def _glyph(self, p: Any) -> str:
        name = (p.style.name or "") if p.style is not None else ""
        if "Number" in name:
            self.numbering[name] = self.numbering.get(name, 0) + 1
            return f"{self.numbering[name]}."
        return "•"

    def _style(self, p: Any) -> tuple[float, bool]:
        runs = [r for r in p.runs if r.text.strip()]
        style_size = _style_value(p.style, "size")
        style_bold = bool(_style_value(p.style, "bold"))
        sizes = [r.font.size.pt for r in runs if r.font.size is not None]
        if runs and len(sizes) < len(runs):
            char_sizes = [_style_value(r.style, "size") for r in runs if r.font.size is None]
            sizes += [s.pt for s in char_sizes if s is not None]
        size = max(sizes) if sizes else (style_size.pt if style_size is not None else self.default_size)
        bold = bool(runs) and all(r.bold if r.bold is not None else style_bold for r in runs)
        return size, bold


def _is_list(p: Any) -> bool:
    name = (p.style.name or "") if p.style is not None else ""
    if name.startswith("List") and not name.startswith("List Paragraph"):
        return True
    ppr = p._p.pPr
    return ppr is not None and ppr.numPr is not None


def _style_value(style: Any, attr: str) -> Any:
    """A font attribute of a style, inherited through its base styles."""
    while style is not None:
        value = getattr(style.font, attr, None)
        if value is not None:
            return value
        style = style.base_style
    return None


def _default_size(document: Any) -> float:
    """The document default font size (w:docDefaults), else 11 pt."""
    styles = document.styles.element
    sz = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
    if sz is not None:
        try:
            return int(sz.get(f"{_W}val")) / 2
        except (TypeError, ValueError):
            pass
    return DEFAULT_SIZE


def _span(text: str, x: float, top: float, size: float, bold: bool, line: int) -> Span:
    width = min(CELL_WIDTH - 10.0, max(4.0, 0.5 * size * len(text)))
    return Span(text=text, x0=x, y0=top, x1=x + width, y1=top + size, size=size, bold=bold, line=line)
