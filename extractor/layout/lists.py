"""Bullet items: one item per bullet, joined across wrapped lines, cells and pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter, is_not

from spacy.lang.sv.stop_words import STOP_WORDS

from extractor.input.document import Span
from extractor.layout.columns import Bounds, split_row
from extractor.layout.glyphs import is_bullet_glyph, split_bullet
from extractor.layout.rows import Row, any_ocr

# A wrapped line follows the previous one of its item closer than this many
# line heights (baseline to baseline distance minus the glyph height is ~0.2–0.5).
CONTINUATION_GAP = 0.9
# Words that follow an elided compound ("synpunkts- och klagomålshantering"): the
# hyphen before them at a line end is real and keeps its space.
# The longest remainder of a broken word that is joined back without a space.
_MAX_REMAINDER = 4
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "i", "&"}
_TEXT = attrgetter("text")
_Y1 = attrgetter("y1")
_SIZE = attrgetter("size")
_CONFIDENCE = attrgetter("confidence")
_NOT_NONE = partial(is_not, None)


@dataclass(slots=True)
class Item:
    glyph: str
    glyph_x: float
    text: str
    spans: list[Span] = field(default_factory=list)


_LETTER_HYPHEN_END = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]-$")
_STEM_START = re.compile(r"[\s/(]")


def join_lines(head: str, tail: str) -> str:
    """Join a wrapped line to the text before it, mending a line-end hyphen."""
    head, tail = head.rstrip(), tail.strip()
    if head.endswith("\u00ad"):  # a soft hyphen only marks where the word was cut
        return head.replace("\u00ad", "") + tail.replace("\u00ad", "")
    head, tail = head.replace("\u00ad", ""), tail.replace("\u00ad", "")
    if not head:
        return tail
    if not tail:
        return head
    if _LETTER_HYPHEN_END.search(head):
        first = tail.split()[0]
        stem = _STEM_START.split(head[:-1])[-1]
        if first[0].islower() and (stem.isupper() or len(stem) == 1):
            return head + tail  # an abbreviation's hyphen ("E-förslag", "KS-möten")
        if first[0].islower() and first.casefold() not in _KEEP_HYPHEN_BEFORE:
            return head[:-1] + tail
    return f"{head} {tail}"


def cell_text(spans: list[Span]) -> str:
    return " ".join(map(_TEXT, spans)).strip()


# A numbered item's mark: "1." or "1)" standing alone before the item's text.
_NUMBER_MARK = re.compile(r"^(\d{1,2})[.)]$")


def item_number(glyph: str) -> int | None:
    m = _NUMBER_MARK.match(glyph)
    return int(m.group(1)) if m else None


_Start = tuple[str, float, list[Span]]


def starts_item(spans: list[Span]) -> _Start | None:
    """(glyph, glyph x, remaining spans) when the spans begin with a bullet or an
    item number ("1.", "2)")."""
    if not spans:
        return None
    first = spans[0]
    word = first.text.strip()
    if len(spans) > 1 and (is_bullet_glyph(word) or _NUMBER_MARK.match(word)):
        return word, first.x0, spans[1:]
    if not word or not is_bullet_glyph(word[0]):
        return None  # what split_bullet says of a word that does not start with a glyph
    is_item, rest = split_bullet(first.text)
    if is_item and word[0] not in "-–—o*":
        glyph = word[0]
        tail = (
            [
                Span(
                    rest,
                    first.x0,
                    first.y0,
                    first.x1,
                    first.y1,
                    first.size,
                    first.bold,
                    first.page,
                    first.line,
                    first.confidence,
                )
            ]
            if rest
            else []
        )
        return glyph, first.x0, tail + spans[1:]
    return None


_DASHES = "-–—"
# A line set this much larger than the item above is a heading, not its continuation.
# OCR sizes are estimated from word heights (an accent or a lone tall word makes a
# 10 pt word measure 13-15 pt), so OCR lines need a larger step, and an OCR line
# that follows the item closer than _OCR_TIGHT font sizes (or overlaps it, as OCR
# line boxes do) is never a heading: a heading has space above it.
_HEADING_STEP = 1.25
_OCR_HEADING_STEP = 1.6
_OCR_TIGHT = 0.3


def _larger_heading(col: _Column, cell: list[Span], row: Row) -> bool:
    item = col.items[-1]
    if not item.spans:
        return False
    larger: float = max(map(_SIZE, cell))
    if not any(map(_NOT_NONE, map(_CONFIDENCE, cell))):
        return larger > _HEADING_STEP * item.spans[-1].size
    tight = (
        row.page == col.last_page and col.last_y1 is not None and row.y0 - col.last_y1 < _OCR_TIGHT * row.size
    )
    return larger > _OCR_HEADING_STEP * item.spans[-1].size and not tight


class _RightEdges:
    """The right edge of each column's text over all the rows given to `read_items`
    (infinite for a column without text), worked out when first asked for. Only a
    line that may go on with a broken word asks, so most calls never split the rows
    after the list ends (an area's whole narrative, for its Rubriker list)."""

    __slots__ = ("_rows", "_bounds", "_edges")

    def __init__(self, rows: list[Row], bounds: Bounds) -> None:
        self._rows, self._bounds = rows, bounds
        self._edges: list[float] | None = None

    def __getitem__(self, k: int) -> float:
        if self._edges is None:
            edges = [float("inf")] * len(self._bounds)
            for row in self._rows:
                for j, cell in enumerate(split_row(row, self._bounds)):
                    if cell:
                        edge = max(s.x1 for s in cell)
                        edges[j] = edge if edges[j] == float("inf") else max(edges[j], edge)
            self._edges = edges
        return self._edges[k]


@dataclass(slots=True)
class _Column:
    index: int  # of the column in `read_items`' bounds
    edges: _RightEdges  # right edge of each column's text
    items: list[Item] = field(default_factory=list)
    last_y1: float | None = None
    last_page: int | None = None
    text_x0: float | None = None  # where the open item's text starts
    last_cell: list[Span] = field(default_factory=list)  # the open item's last line, bullet and all

    @property
    def right(self) -> float:
        """Right edge of the column's text."""
        return self.edges[self.index]


def read_items(
    rows: list[Row],
    bounds: Bounds,
    *,
    skip_row: Callable[[Row], bool] | None = None,
    min_rows: int = 0,
) -> tuple[list[list[Item]], int]:
    """Read bullet lists side by side in the columns `bounds`, from rows[0] on.

    Stops at the first row that holds text which neither starts an item nor
    continues one (a heading, a paragraph); returns the items per column and how
    many rows were read. Rows for which `skip_row` is true (a header row repeated
    after a page break) are passed over.
    """
    rows = _mend_misread_glyphs(rows, bounds)
    edges = _RightEdges(rows, bounds)
    columns = [_Column(k, edges) for k in range(len(bounds))]
    for index, row in enumerate(rows):
        if skip_row is not None and skip_row(row):
            continue
        cells = split_row(row, bounds)
        plan: list[tuple[int, str, list[Span], _Start | None]] = []
        for k, cell in enumerate(cells):
            if not cell:
                continue
            start = starts_item(cell)
            action = _classify(columns[k], cell, row, start)
            if action is None:
                if index >= min_rows:
                    return _finish(columns), index
                action = "plain"
            plan.append((k, action, cell, start))
        for k, action, cell, start in plan:
            _apply(columns[k], action, cell, row, start)
    return _finish(columns), len(rows)


# OCR reads a bullet glyph it does not know as a short word ("8", "B", "uw.").
# Such a word stands where the column's other bullets stand, and its line's text
# starts where theirs does (a hanging indent): within this many font sizes.
_MISREAD_LEN = 3
_ALIGN = 0.25


def _mend_misread_glyphs(rows: list[Row], bounds: Bounds) -> list[Row]:
    """The rows with each short OCR word that stands in a column exactly as the
    column's bullets do (its left edge at theirs, the next word at their text's
    left edge) read as "•". Rows without OCR words are returned as they are."""
    if not any_ocr(rows):
        return rows
    cells = [split_row(row, bounds) for row in rows]
    marks: list[list[tuple[float, float]]] = [[] for _ in bounds]
    for row_cells in cells:
        for k, cell in enumerate(row_cells):
            if len(cell) > 1 and is_bullet_glyph(cell[0].text.strip()):
                marks[k].append((cell[0].x0, cell[1].x0))
    mended: dict[int, Span] = {}
    for row_cells in cells:
        for k, cell in enumerate(row_cells):
            if len(cell) < 2 or not marks[k]:
                continue
            first, after = cell[0], cell[1]
            text = first.text.strip()
            if (
                first.confidence is None
                or not text
                or len(text) > _MISREAD_LEN
                or is_bullet_glyph(text)
                or _NUMBER_MARK.match(text)
                or not any(c.isalpha() for c in after.text)
            ):
                continue
            tol = _ALIGN * max(first.size, 1.0)
            if any(abs(first.x0 - gx) <= tol and abs(after.x0 - tx) <= tol for gx, tx in marks[k]):
                mended[id(first)] = replace(first, text="•")
    if not mended:
        return rows
    return [Row(r.page, [mended.get(id(s), s) for s in r.spans]) for r in rows]


def _finish(columns: list[_Column]) -> list[list[Item]]:
    for col in columns:
        for item in col.items:
            item.text = _without_stray_quote(item)
    return [c.items for c in columns]


# Quotation marks, and the confidence below which OCR's reading of an item's first
# word is unsure.
_QUOTES = '”“"„'
_UNSURE = 0.8


def _without_stray_quote(item: Item) -> str:
    """An item whose first word OCR read, unsure, with a quotation mark that nothing
    in the item closes ("”Inga brukarundersökningsresultat …"): the mark is a speck
    between the bullet and the text, since a quotation printed in an item is closed."""
    text = item.text
    if text[:1] not in _QUOTES:
        return text  # most items: the tests below are asked only of one that starts with a quote
    first = next((s for s in item.spans if not is_bullet_glyph(s.text.strip())), None)
    if first is None or first.confidence is None or first.confidence >= _UNSURE:
        return text
    if sum(text.count(q) for q in _QUOTES) == 1:
        return text[1:].lstrip()
    return text


def _classify(col: _Column, cell: list[Span], row: Row, start: _Start | None) -> str | None:
    """What the cell does in its column: "start" an item, "continue" the open one,
    or None (it ends the lists). `start` is `starts_item(cell)`."""
    open_item = col.items[-1] if col.items else None
    if start is not None:
        glyph, glyph_x, _ = start
        number = item_number(glyph)
        if number is not None:
            # A number starts an item only as the next of its list: 1 first, then 2 …
            previous = item_number(open_item.glyph) if open_item is not None else None
            if number == 1 if previous is None else number == previous + 1:
                return "start"
            return "continue" if open_item is not None and _continues(col, cell, row) else None
        # A dash at the start of a wrapped line inside a list of other glyphs is
        # punctuation ("resurser – verksamhetsmål"), not a new item.
        if open_item is not None and glyph in _DASHES and open_item.glyph not in _DASHES:
            return "continue" if _continues(col, cell, row) else None
        return "start"
    if open_item is not None and _continues(col, cell, row):
        return "continue"
    return None


def _continues(col: _Column, cell: list[Span], row: Row) -> bool:
    if col.last_y1 is None or not col.items:
        return False
    size = max(row.size, 1.0)
    if _larger_heading(col, cell, row):
        return False  # a larger font is a heading, not the rest of an item
    if row.page != col.last_page:
        # Across a page break only a line aligned with the item's text continues it,
        # or one that hangs right of the item's glyph and not beyond its text (a
        # numbered item's wide "3." puts its first line's text further right).
        if col.text_x0 is None:
            return False
        x, item = cell[0].x0, col.items[-1]
        if abs(x - col.text_x0) <= 0.6 * size:
            return True
        return bool(item.glyph) and item.glyph_x + 0.5 * size < x <= col.text_x0
    return row.y0 - col.last_y1 <= CONTINUATION_GAP * size


def _apply(col: _Column, action: str, cell: list[Span], row: Row, start: _Start | None) -> None:
    """Add the cell to its column as `_classify` said; `start` is `starts_item(cell)`."""
    if action == "start":
        assert start is not None
        glyph, glyph_x, rest = start
        col.items.append(Item(glyph=glyph, glyph_x=glyph_x, text=cell_text(rest), spans=list(rest)))
        col.text_x0 = rest[0].x0 if rest else None
    elif action == "continue":
        item = col.items[-1]
        if _broken_word(col, cell):
            item.text = item.text + cell_text(cell)
        else:
            item.text = join_lines(item.text, cell_text(cell))
        item.spans.extend(cell)
        if col.text_x0 is None:
            col.text_x0 = cell[0].x0
    else:  # plain text in a column that has no list yet: a paragraph as one item
        col.items.append(Item(glyph="", glyph_x=cell[0].x0, text=cell_text(cell), spans=list(cell)))
        col.text_x0 = cell[0].x0
    col.last_y1 = max(map(_Y1, cell))
    col.last_page = row.page
    col.last_cell = cell  # its words are looked at only when a line may go on with a broken word


def _broken_word(col: _Column, cell: list[Span]) -> bool:
    """A word longer than its column, broken without a hyphen by the producer
    (LibreOffice does this in narrow table cells): the line above holds that one
    word alone, reaching the column's right edge, and this line goes on with a
    short lower-case remainder that is not a word of its own ("…/strat" + "egi",
    "…resultatstyrningsmodel" + "l"). A long or common next word ("för",
    "kvalitetsstrategi") is an ordinary wrap after a long word."""
    if not cell:
        return False
    first = cell[0].text.rstrip(".,;:)")
    if not (first[:1].islower() and len(first) <= _MAX_REMAINDER):
        return False  # most lines: a long or capitalised first word (asked first, as cheaper)
    last_line = [s for s in col.last_cell if not is_bullet_glyph(s.text.strip())]
    if len(last_line) != 1:
        return False
    word = last_line[0]
    return (
        word.x1 >= col.right - 0.6 * word.size
        and first.casefold() not in STOP_WORDS
        and word.text[-1:].isalpha()
        and cell[0].page == word.page
    )
