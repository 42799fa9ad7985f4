"""Two-column prose in reading order: the left column's lines before the right's.

Report narratives are sometimes set in two columns. Read as visual lines across
the page, the two columns' sentences would interleave, and the cited-municipality
reader (`report/references.py`) would see mixed sentences. `two_column_order`
finds the stretches of a page's lines that are two columns of prose, by geometry
alone, and keeps tables (whose columns also leave gutters) out.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.input.document import Span
from extractor.layout.glyphs import is_bullet_glyph
from extractor.layout.rows import Row

# Two-column prose: a stretch of lines with a shared empty gutter near the middle
# of the page and at least this many lines of prose (three words or more) on each
# side of it.
_COLUMN_MIN_LINES = 4
_COLUMN_MIN_WORDS = 3
_GUTTER_BAND = (0.35, 0.65)  # where the gutter may stand, as shares of the page width
_GUTTER_EM = 0.5  # its least width, in the line's body size (see `_widest_gap`)
# A column's lines start within this many ems of its leftmost line: indents and
# bullets, but not a table's second and third columns.
_COLUMN_INDENT_EM = 3.0
# A side of the gutter with a wider gap than this, after a word and not a bullet,
# in a quarter of its lines or more holds table cells, not a column of prose.
_CELL_GAP_EM = 1.5
# Half a side's lines or more reach this share of its width (see `_filled`).
_FILL = 0.75

_Gaps = list[tuple[float, float]]


def two_column_order(rows: list[Row], width: float, *, skip: bool = True) -> list[Row]:
    """Rows of a page in reading order: where the page is set in two columns of
    prose, the left column's lines come before the right column's.

    A stretch of lines is looked for that leaves an x-interval near the middle of
    the page (`_GUTTER_BAND`, at least `_GUTTER_EM` wide, and in three of four lines
    with words on both sides of it the widest gap of the line) empty in every line:
    a line may have words on both sides of it (the columns' baselines agree) or on
    one side only (they drift apart, and the two columns' lines alternate). Its
    columns are the lines from the first with words on the side that starts lower
    to the last with words on the side that ends higher, and the lines just above
    and below them that follow the nearest line of their own side at a line's
    spacing (a column starting higher or ending lower than the other; a heading
    below the columns stands further from the longer column's last line). They are read as two columns when each
    side has at least `_COLUMN_MIN_LINES` lines of `_COLUMN_MIN_WORDS` words of
    letters, so that numbers beside text (score tables) or a score cell do not make
    a column, and when each side's lines start within `_COLUMN_INDENT_EM` of one
    another, fewer than a quarter of them hold a gap wider than `_CELL_GAP_EM`
    (not after a bullet) and half of them or more run to near the side's edge
    (`_filled`), so that a table's columns do not make one side. Two gutters with
    text between them, each empty in every line, are a table's.

    A stretch needs `_COLUMN_MIN_LINES` lines with a gutter each, so where the last
    of the next `_COLUMN_MIN_LINES` lines has none (or the page ends before it), no
    stretch starts at any of them and their own gutters are never looked for: most
    lines of a page in one column are passed over in steps of four. A stretch that
    is not two columns is passed over whole, unless a side's lines start out of
    line (a table's heading row above the columns, "Rubriker ... Poäng"): the
    stretch is then looked at again from the line after the last that does.
    `skip=False` looks at every line's gutter instead of passing over in steps of
    four, which must give the same order (a test checks it).
    """
    out: list[Row] = []
    lo, hi = _GUTTER_BAND[0] * width, _GUTTER_BAND[1] * width
    known: dict[int, _Gaps] = {}

    def gaps(k: int) -> _Gaps:
        found = known.get(k)
        if found is None:
            found = known[k] = _free(rows[k], lo, hi)
        return found

    i = 0
    while i < len(rows):
        last = i + _COLUMN_MIN_LINES - 1
        if skip and (last >= len(rows) or not gaps(last)):
            out += rows[i : last + 1]
            i = last + 1
            continue
        shared, j = gaps(i), i + 1
        while shared and j < len(rows):
            both = _shared(shared, gaps(j), _GUTTER_EM * rows[j].size)
            if not both:
                break
            shared, j = both, j + 1
        if j - i < _COLUMN_MIN_LINES:
            out.append(rows[i])
            i += 1
            continue
        found = _columns(rows, i, j, shared)
        if isinstance(found, int):
            out += rows[i:found]
            i = found
            continue
        start, end, columns = found
        out += rows[i:start] + columns
        i = end
    return out


def _free(row: Row, lo: float, hi: float) -> _Gaps:
    """The x-intervals of [lo, hi] that no span of the row covers, each at least
    `_GUTTER_EM` of the row's size wide."""
    least = _GUTTER_EM * row.size
    out = []
    x = lo
    for s in row.spans:
        if s.x1 <= x:
            continue
        if s.x0 >= hi:
            break
        if s.x0 - x >= least:
            out.append((x, s.x0))
        x = s.x1
        if x >= hi:
            return out
    if hi - x >= least:
        out.append((x, hi))
    return out


def _shared(a: _Gaps, b: _Gaps, least: float) -> _Gaps:
    """The intersections of two sets of intervals that are at least `least` wide."""
    if len(a) == 1 and len(b) == 1:  # the usual case, without the loops
        (a0, a1), (b0, b1) = a[0], b[0]
        x0, x1 = (a0 if a0 > b0 else b0), (a1 if a1 < b1 else b1)
        return [(x0, x1)] if x1 - x0 >= least else []
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            x0, x1 = max(a0, b0), min(a1, b1)
            if x1 - x0 >= least:
                out.append((x0, x1))
    return out


def _columns(rows: list[Row], i: int, j: int, gutters: _Gaps) -> tuple[int, int, list[Row]] | int:
    """Where rows[i:j], which leave the gutters empty, hold two columns of prose:
    the first and past-the-last index of their lines and those lines in reading
    order, left column first; when they do not, the index to look on from (see
    `two_column_order`)."""
    # a gutter has text on both sides (it is not the band's end beyond all the text)
    stretch = rows[i:j]
    if len(gutters) > 1:
        between = [
            g
            for g in gutters
            if any(r.spans[0].x1 <= g[0] for r in stretch) and any(r.spans[-1].x0 >= g[1] for r in stretch)
        ]
        if len(between) != 1:
            return j  # two, empty in every line on either side of some text: a table's columns
        gutters = between
    g0, g1 = gutters[0]  # one gutter: the counts below find text on both sides of it
    if sum(1 for r in stretch if r.spans[0].x1 <= g0) < _COLUMN_MIN_LINES or (
        sum(1 for r in stretch if r.spans[-1].x0 >= g1 and _words(r.spans[-1:])) < _COLUMN_MIN_LINES
    ):
        return j  # too few lines on one side, or ending in a word (a table's numbers beside its text)
    cut = (g0 + g1) / 2
    left = [[s for s in r.spans if s.x1 <= cut] for r in stretch]
    right = [[s for s in r.spans if s.x0 >= cut] for r in stretch]
    ends = [_word_lines(side) for side in (left, right)]
    if ends[0] is None or ends[1] is None:
        return j
    first, end = max(ends[0][0], ends[1][0]), min(ends[0][1], ends[1][1]) + 1
    if first >= end:
        return j  # one side's words all stand above the other's: not side by side
    core = first
    # a column may start a little higher, or end lower, than the other
    while first > 0 and _continues(rows, i, left, right, first - 1, range(first, j - i)):
        first -= 1
    while end < j - i and _continues(rows, i, left, right, end, range(end - 1, -1, -1)):
        end += 1
    for side in (left, right):
        lines = [k for k in range(first, end) if side[k]]
        parts = [side[k] for k in lines]
        if not _prose_lines(parts):
            return j
        size = max(rows[i + first].size, 1.0)
        starts = [p[0].x0 for p in parts]
        if max(starts) - min(starts) > _COLUMN_INDENT_EM * size:
            # look on after the last line out of line with the side's middle one
            middle = sorted(starts)[len(starts) // 2]
            out = [
                k for k, x in zip(lines, starts, strict=True) if abs(x - middle) > _COLUMN_INDENT_EM * size
            ]
            return i + max(out[-1], core) + 1 if out else i + core + 1
        if 4 * sum(1 for p in parts if _cell_gap(p, size)) >= len(parts):
            return j
        if not _filled(parts):
            return j
    two_sided = [k for k in range(first, end) if left[k] and right[k]]
    if 4 * sum(1 for k in two_sided if _widest_gap(left[k], right[k])) < 3 * len(two_sided):
        return j  # the "gutter" is one of the word spaces of lines of one column
    page = rows[i].page
    ordered = [Row(page, p) for p in left[first:end] if p] + [Row(page, p) for p in right[first:end] if p]
    return i + first, i + end, ordered


def _widest_gap(left: Sequence[Span], right: Sequence[Span]) -> bool:
    """The gap between a line's two sides is at least as wide as any between its
    words: between two columns it is, in three lines of four or more, whereas a
    justified line of one column may leave a gap of half an em that happens to
    line up with gaps of the lines below."""
    gutter = right[0].x0 - left[-1].x1
    return all(b.x0 - a.x1 <= gutter for side in (left, right) for a, b in zip(side, side[1:], strict=False))


def _continues(
    rows: list[Row], i: int, left: list[list[Span]], right: list[list[Span]], k: int, toward: range
) -> bool:
    """Line k (of rows[i:]) stands on one side only, at less than a line's size
    from the nearest line of that side toward the columns (a column's first or last
    line), not after a paragraph's or heading's wider space."""
    if left[k] and right[k]:
        return False
    side = left if left[k] else right
    near = next((q for q in toward if side[q]), None)
    if near is None:
        return False
    upper, lower = (rows[i + k], rows[i + near]) if near > k else (rows[i + near], rows[i + k])
    return lower.y0 - upper.y1 < rows[i + k].size


def _filled(parts: list[list[Span]]) -> bool:
    """At least half the lines of a side reach `_FILL` of its width: lines of prose
    run to the column's edge but for a paragraph's last, whereas the first
    column's cells of a table whose middle column is mostly empty stop far short
    of the gutter before the third."""
    x0 = min([p[0].x0 for p in parts])
    reach = x0 + _FILL * (max([p[-1].x1 for p in parts]) - x0)
    return 2 * sum(1 for p in parts if p[-1].x1 >= reach) >= len(parts)


def _cell_gap(spans: Sequence[Span], size: float) -> bool:
    """A gap wider than `_CELL_GAP_EM` between two words of a line's side, not after
    a bullet glyph: the space between two table cells, not between words of prose."""
    return any(
        b.x0 - a.x1 > _CELL_GAP_EM * size and not is_bullet_glyph(a.text)
        for a, b in zip(spans, spans[1:], strict=False)
    )


def _word_lines(parts: list[list[Span]]) -> tuple[int, int] | None:
    """The first and last of the parts of lines that hold a word; None if none does."""
    found = [k for k in (range(len(parts))) if parts[k] and _words(parts[k])]
    return (found[0], found[-1]) if found else None


def _prose_lines(parts: list[list[Span]]) -> bool:
    """At least `_COLUMN_MIN_LINES` of the parts hold `_COLUMN_MIN_WORDS` words."""
    need = _COLUMN_MIN_LINES
    for p in parts:
        if len(p) >= _COLUMN_MIN_WORDS and _words(p) >= _COLUMN_MIN_WORDS:
            need -= 1
            if not need:
                return True
    return False


def _words(spans: Sequence[Span]) -> int:
    """How many of the spans are words: two letters or more (most begin with two)."""
    return sum(1 for s in spans if s.text[:2].isalpha() or sum(map(str.isalpha, s.text)) >= 2)
