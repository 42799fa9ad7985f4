"""Text transcript reader: a report converted to text, HTML fragments and all.

Transcripts keep table rows as tab-separated cells, lists inside cells as inline
`<ul> • a • b` fragments, and font sizes only in `<p style="font-size: …">`. The
reader lays them out on a virtual grid so that the layout stage reads them with the
same geometric rules as a PDF: cell k of a row starts at x = k × `CELL_WIDTH`, each
bullet of a cell gets its own line below the previous one, and a blank source line
is a paragraph gap. Values keep their 1-based source line as provenance.
"""

from __future__ import annotations

import html
import re
import unicodedata

from extractor.input.document import Document, Page, Span
from extractor.layout.glyphs import is_glyph_char

CELL_WIDTH = 150.0
LINE_HEIGHT = 14.0
BODY_SIZE = 11.0
_GLYPH_INDENT = 8.0

_TAG = re.compile(r"<[^>]*>")
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)\s*(pt|px|em|rem)?", re.I)
_BOLD = re.compile(r"font-weight:\s*(bold|[6-9]00)", re.I)
_RULE_LINE = re.compile(r"^[\s\-=_|+:]{3,}$")  # markdown table rules: "-----  -----"
_LIST_MARK = re.compile(r"^\s*[-*+]\s+(?=\S)")  # "- item" (markdown list)


def read_text(data: bytes, path: str, sha256: str) -> Document:
    text = _decode(data)
    spans: list[Span] = []
    y = 0.0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            y += LINE_HEIGHT  # blank line: a paragraph gap of one extra line
            continue
        if _RULE_LINE.match(raw):
            continue
        cell_spans, lines_used = _row_spans(raw, number, y)
        spans.extend(cell_spans)
        y += LINE_HEIGHT * max(lines_used, 1)
    page = Page(number=None, width=CELL_WIDTH * 8, height=y + LINE_HEIGHT, spans=spans)
    return Document(path=path, kind="text", sha256=sha256, page_count=None, pages=[page])


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        text = data.decode("latin-1")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _row_spans(raw: str, number: int, y: float) -> tuple[list[Span], int]:
    """One source line: its cells side by side, each cell's bullets stacked."""
    spans: list[Span] = []
    lines_used = 1
    for column, cell in enumerate(raw.split("\t")):
        size, bold = _cell_style(cell)
        items = _cell_items(cell)
        x0 = column * CELL_WIDTH
        for k, (is_item, item) in enumerate(items):
            top = y + k * LINE_HEIGHT
            x = x0
            if is_item:
                spans.append(_span("•", x, top, size, bold, number))
                x += _GLYPH_INDENT
            spans.append(_span(item, x, top, size, bold, number))
        lines_used = max(lines_used, len(items))
    return spans, lines_used


def _span(text: str, x: float, top: float, size: float, bold: bool, line: int) -> Span:
    width = min(CELL_WIDTH - 10.0, max(4.0, 0.5 * size * len(text)))
    return Span(text=text, x0=x, y0=top, x1=x + width, y1=top + size, size=size, bold=bold, line=line)


def _cell_style(cell: str) -> tuple[float, bool]:
    size = BODY_SIZE
    match = _FONT_SIZE.search(cell)
    if match:
        value, unit = float(match.group(1)), (match.group(2) or "pt").lower()
        size = value * BODY_SIZE if unit in ("em", "rem") else value * (0.75 if unit == "px" else 1)
    return size, bool(_BOLD.search(cell))


def _cell_items(cell: str) -> list[tuple[bool, str]]:
    """A cell's text as (is_bullet, text) pieces: one per bullet, or the whole cell."""
    is_list = bool(re.search(r"<\s*(ul|ol|li)\b", cell, re.I))
    text = html.unescape(_TAG.sub(" ", cell))
    text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    if not text:
        return []
    glyphs = [i for i, c in enumerate(text) if is_glyph_char(c)]
    if glyphs and (is_list or glyphs[0] == 0):
        pieces = re.split("|".join(re.escape(text[i]) for i in sorted(set(glyphs))), text)
        head = pieces[0].strip()
        items = [(False, head)] if head else []
        items += [(True, p.strip()) for p in pieces[1:] if p.strip()]
        return items
    mark = _LIST_MARK.match(text)
    if mark:
        return [(True, text[mark.end() :].strip())]
    return [(False, text)]
