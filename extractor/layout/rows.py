"""Spans to rows: the visual lines of a document in reading order, without the
running headers, footers and page numbers that repeat on every page."""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from operator import attrgetter, is_not

from extractor.input.document import Document, Page, Span

# Running headers and footers live in the top and bottom margins; 9 % of an A4
# page is 76 pt, just under the usual 2–2.5 cm margins of Word and LibreOffice.
_MARGIN_SHARE = 0.09
# A margin line is "running" when, with its digits masked, it appears on this share
# of the pages (and on at least two pages).
_REPEAT_SHARE = 0.3
_PAGE_NUMBER = re.compile(
    r"^(sida\s+|side\s+|page\s+|s\.\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(\s*(\(|av|/|of)\s*\d{1,4}\)?)?$", re.I
)
# Two spans are on one line when their vertical centres differ by less than this
# share of the smaller span's height.
_SAME_LINE = 0.4


@dataclass(slots=True)
class Row:
    """One visual line of a page: its spans left to right.

    A row's spans are not changed once the row is in use, so its text and size are
    worked out on first use and kept: the report stage asks for them again and
    again (a text joined anew on every access cost more than reading the rows).
    """

    page: int | None
    spans: list[Span] = field(default_factory=list)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _size: float | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = self._text = " ".join([s.text for s in self.spans])
        return text

    @property
    def x0(self) -> float:
        return min([s.x0 for s in self.spans])

    @property
    def x1(self) -> float:
        return max([s.x1 for s in self.spans])

    @property
    def y0(self) -> float:
        return min([s.y0 for s in self.spans])

    @property
    def y1(self) -> float:
        return max([s.y1 for s in self.spans])

    @property
    def size(self) -> float:
        """The body size of the row: the most common span size."""
        size = self._size
        if size is None:
            size = self._size = _body_size(self.spans)
        return size

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.spans)

    @property
    def line(self) -> int | None:
        return self.spans[0].line if self.spans else None


def _body_size(spans: list[Span]) -> float:
    first = spans[0].size
    if len(spans) == 1 or len({s.size for s in spans}) == 1:
        return round(first, 1)
    return Counter(round(s.size, 1) for s in spans).most_common(1)[0][0]


_SPANS = attrgetter("spans")
_CONFIDENCE = attrgetter("confidence")
_NOT_NONE = partial(is_not, None)


def any_ocr(rows: Iterable[Row]) -> bool:
    """Some span of the rows was read by OCR (has a confidence). The same test as
    `any(s.confidence is not None for r in rows for s in r.spans)`, in C loops
    (map): a report's stages ask it of all its rows."""
    return any(map(_NOT_NONE, map(_CONFIDENCE, chain.from_iterable(map(_SPANS, rows)))))


def document_to_rows(document: Document) -> list[Row]:
    from extractor.layout.prose import two_column_order  # it builds on Row: imported here, not in a cycle

    margins = [_margin_lines(page) for page in document.pages]
    running = _running_signatures([lines for lines, _ in margins])
    rows: list[Row] = []
    for page, (margin, places) in zip(document.pages, margins, strict=True):
        drop = _running_spans(margin, running)
        spans = _without(page.spans, drop, places) if drop else page.spans
        page_rows = spans_to_rows(spans, page.number)
        if page.number is not None:
            page_rows = two_column_order(page_rows, page.width)
        rows.extend(page_rows)
    return rows


def _reading_key(span: Span) -> tuple[float, float]:
    return ((span.y0 + span.y1) / 2, span.x0)  # (span.yc, span.x0) without the property call


_X0 = attrgetter("x0")
_INF = float("inf")
_NAN = float("nan")


def spans_to_rows(spans: Iterable[Span], page: int | None) -> list[Row]:
    """The spans grouped into lines, top to bottom, each line left to right.

    In reading order (by vertical centre, then left edge) a span joins the line
    above when its centre lies within `_SAME_LINE` times the smaller of its height
    and the line's median height from the centre of the line's first span;
    otherwise it starts a line. The words of a line of type mostly share their top and bottom (84 % of
    the samples' words follow one that does), and such a word joins its line at
    the cost of one comparison: that is exact when the first word of the run has
    a finite centre and a finite, positive height h, and has started a line or
    joined one whose median m is positive. A word of the run after it stands at
    the line's first centre (a line it started) or as far from it as the first
    word (a line it joined), and the bound it must meet does not shrink: adding h
    moves the median towards h but not past it, so min(h, median) stays h when
    h <= m and grows with the median when h > m. Their heights are added to the
    line's (all at once) before the next word that is not of the run is measured.
    """
    rows: list[Row] = []
    line: list[Span] = []  # the last row's spans
    ref = 0.0
    heights: list[float] = []  # the last row's span heights, sorted: its median is the middle one
    run_y0 = run_y1 = _NAN  # the top and bottom of a run whose next words surely join (see above)
    pending = 0  # words of that run whose heights are not yet in `heights`
    for span in sorted(spans, key=_reading_key):
        y0, y1 = span.y0, span.y1
        if y0 == run_y0 and y1 == run_y1:
            line.append(span)
            pending += 1
            continue
        if pending:
            at = bisect_right(heights, run_y1 - run_y0)
            heights[at:at] = [run_y1 - run_y0] * pending
            pending = 0
        yc, height = (y0 + y1) / 2, y1 - y0
        sure = 0.0 < height < _INF and -_INF < yc < _INF
        if line:
            median = heights[len(heights) // 2]
            near = _SAME_LINE * ((height if height <= median else median) or 1.0)
            if -near <= yc - ref <= near:
                line.append(span)
                insort(heights, height)
                run_y0, run_y1 = (y0, y1) if sure and median > 0.0 else (_NAN, _NAN)
                continue
        line = [span]
        rows.append(Row(page, line))
        ref = yc
        heights = [height]
        run_y0, run_y1 = (y0, y1) if sure else (_NAN, _NAN)
    for row in rows:
        if len(row.spans) > 1:
            row.spans.sort(key=_X0)
    return rows


def _margin_lines(page: Page) -> tuple[list[Row], dict[int, int] | None]:
    """The lines of the page's top and bottom margins, and where each of their
    spans stands in `page.spans`, by the span's id (None when one span object is
    listed twice, which no reader does: one id would then have two places)."""
    if page.number is None:
        return [], {}
    top = page.height * _MARGIN_SHARE
    bottom = page.height * (1 - _MARGIN_SHARE)
    spans = page.spans
    at = [i for i, s in enumerate(spans) if s.y1 <= top or s.y0 >= bottom]
    places = {id(spans[i]): i for i in at}
    return spans_to_rows([spans[i] for i in at], page.number), places if len(places) == len(at) else None


def _without(spans: list[Span], drop: set[int], places: dict[int, int] | None) -> list[Span]:
    """`spans` less those whose ids are in `drop`: margin spans, each deleted at its
    place in `spans` (from the last), not looked for among all the page's spans."""
    if places is None:
        return [s for s in spans if id(s) not in drop]
    kept = spans.copy()
    for i in sorted([places[k] for k in drop], reverse=True):
        del kept[i]
    return kept


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold()).strip()


def _running_signatures(margins: Sequence[list[Row]]) -> set[str]:
    """The signatures of the margin lines that repeat; `margins` holds each page's."""
    counts: Counter[str] = Counter()
    for lines in margins:
        counts.update({_signature(r.text) for r in lines})
    need = max(2, int(len(margins) * _REPEAT_SHARE))
    return {sig for sig, n in counts.items() if n >= need}


def _running_spans(margin: list[Row], running: set[str]) -> set[int]:
    """ids of the spans of a page's margin lines that are running headers, footers
    or page numbers."""
    drop: set[int] = set()
    for row in margin:
        text = row.text.strip()
        if _signature(text) in running or _PAGE_NUMBER.match(text):
            drop.update(id(s) for s in row.spans)
    return drop
