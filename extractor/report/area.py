"""One area's own section: the Rubriker/Poäng table and the three bullet lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter, methodcaller

from extractor.catalogue.labels import labels
from extractor.input.document import Span
from extractor.input.ocr import confident
from extractor.layout.columns import header_bounds
from extractor.layout.lists import Item, read_items
from extractor.layout.rows import Row
from extractor.report.common import label_pieces, matches_label, parse_int, texts_holding

# How many rows after the heading the Rubriker table may start.
_HEADER_SEARCH_ROWS = 12
_DIGIT = re.compile(r"\d")
_POINTS_LINE = re.compile(
    r"^(?:Poäng|Poeng|Totalpoäng)\s*[:=]?\s*(\d{1,3})(?:\s*(?:av|/)\s*100)?\s*(?:poäng|p)?$", re.I
)


@dataclass
class AreaSection:
    subareas: list[str] = field(default_factory=list)
    subarea_spans: list[Span] = field(default_factory=list)
    score: int | None = None
    score_spans: list[Span] = field(default_factory=list)
    lists: dict[str, list[Item]] = field(default_factory=dict)  # strengths/improvements/weaknesses
    notes: list[str] = field(default_factory=list)
    header_rows: int = 0  # rows taken by the Rubriker/Poäng table; the narrative follows


def read_area_section(rows: list[Row]) -> AreaSection:
    """`rows` run from just after the area heading to the next heading."""
    section = AreaSection()
    consumed = _read_header_table(rows, section)
    section.header_rows = consumed
    if section.score is None:
        _read_points_line(rows, section)
    _read_bullet_table(rows[consumed:], section)
    return section


def _read_header_table(rows: list[Row], section: AreaSection) -> int:
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        sub = next((s for s in row.spans if matches_label(s.text, labels().subarea_heading)), None)
        if sub is None:
            continue
        score_head = next((s for s in row.spans if matches_label(s.text, labels().score_heading)), None)
        body = rows[i + 1 :]
        if score_head is None:
            boundary = float("inf")
        else:
            # The score cell holds one number; everything left of its heading's
            # left edge (less a little slack for a centred number) is the Rubriker cell.
            boundary = score_head.x0 - 0.5 * score_head.size
        left_rows = [Row(r.page, [s for s in r.spans if s.x0 < boundary]) for r in body]
        left_rows = [r for r in left_rows if r.spans]
        lo = min((s.x0 for r in left_rows[:1] for s in r.spans), default=0.0)
        items, used = read_items(left_rows, [(lo - 1000.0, boundary)])
        section.subareas = _subarea_texts(items[0])
        section.subarea_spans = [s for it in items[0] for s in it.spans]
        last = left_rows[used - 1] if used else None
        # The score may stand beside the heading row or anywhere beside the list.
        end_y = last.y1 if last is not None else row.y1
        end_page = last.page if last is not None else row.page
        candidates = _score_candidates([row, *body], boundary, end_page, end_y)
        if candidates:
            big = _number_words(max(candidates, key=lambda s: s.size), candidates)
            text = "".join(s.text.strip() for s in big)
            section.score = parse_int(text) if confident(big) else None  # OCR unsure: null
            section.score_spans = big
        return i + 1 + _rows_through(body, last)
    return 0


def _score_candidates(rows: list[Row], boundary: float, end_page: int | None, end_y: float) -> list[Span]:
    """The words right of `boundary` that `parse_int` reads, in the rows on the
    first row's page or on `end_page` that start above `end_y` there.

    Rows are passed over whole, not word by word, where a row test fails: the page,
    the list's end, and a digit in the row's text, which a word that `parse_int`
    reads needs (the same words: the tests are pure and joined by "and")."""
    page = rows[0].page
    return [
        s
        for r in rows
        if (r.page == page or r.page == end_page) and _DIGIT.search(r.text) and _before(r, end_page, end_y)
        for s in r.spans
        if s.x0 >= boundary and parse_int(s.text) is not None
    ]


# Digits of one number stand closer than this many digit heights apart; OCR may
# read a large score ("68" in 25 pt) as one word per digit.
_DIGIT_GAP = 0.5


def _number_words(big: Span, candidates: list[Span]) -> list[Span]:
    """`big` and the digit words beside it on its line, left to right, that are as
    large and stand closer than a digit's height apart: one number printed large
    that OCR read as several words. Their least confidence is the number's."""

    def joins(s: Span) -> bool:
        height = min(s.y1 - s.y0, big.y1 - big.y0)
        overlap = min(s.y1, big.y1) - max(s.y0, big.y0)
        return (
            s.page == big.page
            and s.text.strip().isdigit()
            and overlap > 0.5 * height
            and s.size > 0.8 * big.size
        )

    line = sorted((s for s in candidates if s is big or joins(s)), key=lambda s: s.x0)
    k = line.index(big)
    lo, hi = k, k
    while lo > 0 and line[lo].x0 - line[lo - 1].x1 < _DIGIT_GAP * (big.y1 - big.y0):
        lo -= 1
    while hi + 1 < len(line) and line[hi + 1].x0 - line[hi].x1 < _DIGIT_GAP * (big.y1 - big.y0):
        hi += 1
    group = line[lo : hi + 1]
    return group if all(s.text.strip().isdigit() for s in group) else [big]


def _before(row: Row, end_page: int | None, end_y: float) -> bool:
    return row.page != end_page or row.y0 <= end_y + 2.0


def _rows_through(body: list[Row], last: Row | None) -> int:
    if last is None:
        return 0
    for k, r in enumerate(body):
        if r.page == last.page and r.y0 >= last.y0 - 0.5:
            return k + 1
    return 0


def _subarea_texts(items: list[Item]) -> list[str]:
    if items and all(not it.glyph for it in items):
        # No bullets: each printed line is a sub-area.
        lines: list[str] = []
        for it in items:
            by_y: dict[float, list[Span]] = {}
            for s in it.spans:
                by_y.setdefault(round(s.yc), []).append(s)
            lines += [
                " ".join(s.text for s in sorted(v, key=lambda s: s.x0)) for _, v in sorted(by_y.items())
            ]
        return [t for t in (x.strip() for x in lines) if t]
    return [it.text for it in items if it.text]


def _read_points_line(rows: list[Row], section: AreaSection) -> None:
    for row in rows[:_HEADER_SEARCH_ROWS]:
        m = _POINTS_LINE.match(row.text.strip())
        if m:
            section.score = int(m.group(1))
            section.score_spans = [s for s in row.spans if m.group(1) in s.text][-1:]
            return


_LIST_KEYS = ("strengths", "improvements", "weaknesses")


@lru_cache(maxsize=1 << 12)
def _list_key_of(text: str) -> str | None:
    lab = labels()
    for key, words in zip(_LIST_KEYS, (lab.strengths, lab.improvements, lab.weaknesses), strict=True):
        if matches_label(text, words):
            return key
    return None


_TEXT = attrgetter("text")
_NO_SOFT_HYPHENS = methodcaller("replace", "\u00ad", "")


def _table_header(row: Row) -> list[tuple[str, Span]]:
    found = list(map(_list_key_of, map(_TEXT, row.spans)))  # C loops: most rows have no label
    if len(found) - found.count(None) < 2:
        return []  # a header names two lists or more
    heads = [(k, s) for k, s in zip(found, row.spans, strict=True) if k is not None]
    keys = {k for k, _ in heads}
    return heads if len(keys) >= 2 and len(keys) == len(heads) else []


def _list_heading(row: Row) -> str | None:
    """The list a row announces when it holds nothing but its label ("Styrkor")."""
    if len(row.spans) > 2:
        return None
    return _list_key_of(row.text.strip().rstrip(":"))


def _read_bullet_lists(rows: list[Row], section: AreaSection) -> None:
    """The three lists printed one after another, each under its own heading."""
    for i, row in enumerate(rows):
        key = _list_heading(row)
        if key is None or key in section.lists:
            continue
        body = rows[i + 1 :]
        items, _ = read_items(body, [(-1e6, 1e6)])
        section.lists[key] = items[0] if items and all(it.glyph for it in items[0]) else []


@cache
def _list_pieces() -> tuple[str, ...]:
    lab = labels()
    return label_pieces((*lab.strengths, *lab.improvements, *lab.weaknesses))


def _may_head(text: str) -> bool:
    """False for a row text in which `_table_header` surely finds no list label
    (it holds no piece of one, see `label_pieces`)."""
    folded = text.replace("\u00ad", "").casefold()
    return any(piece in folded for piece in _list_pieces())


def _header_candidates(rows: list[Row]) -> list[int]:
    """Indices, ascending, of the rows that may be a bullet table's header: those
    `_may_head` lets through, found in one scan of all the rows' texts."""
    texts = list(map(str.casefold, map(_NO_SOFT_HYPHENS, map(_TEXT, rows))))
    return texts_holding(texts, _list_pieces())


def _repeated_header(row: Row) -> bool:
    return _may_head(row.text) and bool(_table_header(row))


def _read_bullet_table(rows: list[Row], section: AreaSection) -> None:
    found = next(((i, heads) for i in _header_candidates(rows) if (heads := _table_header(rows[i]))), None)
    if found is None:
        _read_bullet_lists(rows, section)
        return
    i, heads = found
    body = rows[i + 1 :]
    spans = [s for _, s in heads]
    bounds = header_bounds(spans, body, -1e6, 1e6)
    items, _ = read_items(body, bounds, skip_row=_repeated_header)
    for (key, _), column in zip(heads, items, strict=True):
        section.lists[key] = column
