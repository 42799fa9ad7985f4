"""Table columns from text geometry alone.

Tables are found by their header words ("Styrkor", "Uppnått", …); the boundary
between two columns is the widest vertical corridor that no body word crosses
between the two header words. This needs no ruling lines, so it reads tables whose
borders are missing or drawn as images as well as ruled ones, and the virtual grid of
text transcripts.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.input.document import Span
from extractor.layout.rows import Row

Bounds = list[tuple[float, float]]


def corridor(rows: Sequence[Row], lo: float, hi: float) -> float:
    """The x in [lo, hi] at the middle of the widest stretch no span of `rows` covers.

    Falls back to the middle of [lo, hi] when every point is covered.
    """
    if hi <= lo:
        return (lo + hi) / 2
    covered = sorted((max(s.x0, lo), min(s.x1, hi)) for r in rows for s in r.spans if s.x1 > lo and s.x0 < hi)
    best_len, best_mid = -1.0, (lo + hi) / 2
    cursor = lo
    for a, b in covered + [(hi, hi)]:
        if a > cursor and a - cursor > best_len:
            best_len, best_mid = a - cursor, (cursor + a) / 2
        cursor = max(cursor, b)
    return best_mid


def header_bounds(headers: Sequence[Span], body: Sequence[Row], left: float, right: float) -> Bounds:
    """Column intervals for header words sorted left to right."""
    cuts = [left]
    for a, b in zip(headers, headers[1:], strict=False):
        cuts.append(corridor(body, a.x1, b.x0) if b.x0 > a.x1 else (a.x1 + b.x0) / 2)
    cuts.append(right)
    return list(zip(cuts, cuts[1:], strict=False))


def split_row(row: Row, bounds: Bounds) -> list[list[Span]]:
    """The row's spans per column, by where each span starts (its left edge)."""
    if len(bounds) == 1:  # one column: the loop below with k == 0 == the last index
        a, b = bounds[0]
        return [[s for s in row.spans if a - 1.0 <= s.x0 < b or s.x0 >= a]]
    cells: list[list[Span]] = [[] for _ in bounds]
    last = len(bounds) - 1
    for span in row.spans:
        x0 = span.x0
        for k, (a, b) in enumerate(bounds):
            if a - 1.0 <= x0 < b or (k == last and x0 >= a):
                cells[k].append(span)
                break
    return cells
