"""The overview chapter (Översikt av poängfördelning): one question table per area.

Each table starts at a header row holding "Uppnått" and "Max" (and usually
"Procent"); the area number and title stand left of them. Columns are found from
the header words: numbers are assigned to the nearest header by their centre,
and everything left of the corridor before "Uppnått" is the id and question text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.catalogue.labels import labels
from extractor.input.document import Span
from extractor.layout.columns import Bounds, corridor, header_bounds, split_row
from extractor.layout.lists import join_lines
from extractor.layout.rows import Row
from extractor.report.common import fold, matches_label, parse_int, parse_percent

_QUESTION_ID = re.compile(r"^(\d)\.(\d{1,2})\.?$")
_AREA_NO = re.compile(r"^(\d)\.?$")
_AREA_AT_START = re.compile(r"^(\d)\.?\s+(.*)$")
# A wrapped question line starts within this many points below the previous one.
_WRAP_GAP = 0.9


@dataclass
class Cell:
    text: str
    spans: list[Span]


@dataclass
class QuestionRow:
    id: str
    text: str
    id_spans: list[Span]
    numbers: dict[str, Cell] = field(default_factory=dict)  # achieved / max / percent
    last_y1: float = 0.0
    last_page: int | None = None


@dataclass
class AreaTable:
    number: int | None
    title: str
    header: Row
    questions: list[QuestionRow] = field(default_factory=list)
    total: dict[str, Cell] | None = None
    total_label: str | None = None


_COLUMNS = ("achieved", "max", "percent")


def _header_columns(row: Row) -> dict[str, Span] | None:
    lab = labels()
    cols: dict[str, Span] = {}
    for span in row.spans:
        for key, words in zip(_COLUMNS, (lab.achieved, lab.max, lab.percent), strict=True):
            if key not in cols and matches_label(span.text, words):
                cols[key] = span
                break
    if "achieved" in cols and "max" in cols and cols["max"].x0 > cols["achieved"].x0:
        return cols
    return None


def read_overview(rows: list[Row]) -> list[AreaTable]:
    tables: list[AreaTable] = []
    starts = [i for i, r in enumerate(rows) if _header_columns(r)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(rows)
        tables.append(_read_table(rows[start], rows[start + 1 : end]))
    return tables


def _read_table(header: Row, body: list[Row]) -> AreaTable:
    cols = _header_columns(header)
    assert cols is not None
    first_num = cols["achieved"]
    number, title = _area_of_header(header, first_num.x0)
    # The text column ends in the widest empty corridor left of "Uppnått".
    text_lo = max((s.x1 for s in header.spans if s.x1 < first_num.x0), default=first_num.x0 - 50)
    boundary = corridor(body, min(text_lo, first_num.x0 - 1), first_num.x0)
    keys = sorted(cols, key=lambda k: cols[k].x0)
    numeric = [Row(r.page, [s for s in r.spans if s.x0 >= boundary]) for r in body]
    bounds = header_bounds([cols[k] for k in keys], [r for r in numeric if r.spans], boundary, 1e6)
    table = AreaTable(number=number, title=title, header=header)
    for row in body:
        if _header_columns(row):
            continue
        left = [s for s in row.spans if s.x0 < boundary]
        right = [s for s in row.spans if s.x0 >= boundary]
        numbers = _assign_numbers(Row(row.page, right), keys, bounds)
        qid = _QUESTION_ID.match(left[0].text) if left else None
        if qid:
            table.questions.append(
                QuestionRow(
                    id=f"{qid.group(1)}.{int(qid.group(2))}",
                    text=" ".join(s.text for s in left[1:]),
                    id_spans=[left[0]],
                    numbers=numbers,
                    last_y1=row.y1,
                    last_page=row.page,
                )
            )
            continue
        current = table.questions[-1] if table.questions else None
        label = " ".join(s.text for s in left)
        if current is not None and table.total is None and _wraps(current, row, label, numbers):
            current.text = join_lines(current.text, label)
            for k, cell in numbers.items():
                current.numbers.setdefault(k, cell)
            current.last_y1, current.last_page = row.y1, row.page
            continue
        if numbers and ("achieved" in numbers or "max" in numbers) and table.total is None:
            if not label or matches_label(label, labels().total_labels) or table.questions:
                table.total = numbers
                table.total_label = label or None
                continue
        if table.questions or table.total is not None:
            break  # prose after the table
    return table


def _wraps(current: QuestionRow, row: Row, label: str, numbers: dict[str, Cell]) -> bool:
    """A row continues the question above: text in the text column close below it,
    or numbers that the question still lacks (a number centred on a later line)."""
    close = row.page != current.last_page or row.y0 - current.last_y1 <= _WRAP_GAP * row.size
    if not close:
        return False
    if label and matches_label(label, labels().total_labels):
        return False
    if numbers:
        return not any(k in current.numbers for k in numbers)
    return bool(label)


def _assign_numbers(row: Row, keys: list[str], bounds: Bounds) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for key, group in zip(keys, split_row(row, bounds), strict=True):
        text = " ".join(s.text for s in group).strip()
        if text:
            out[key] = Cell(text=text, spans=group)
    return out


def _area_of_header(header: Row, limit: float) -> tuple[int | None, str]:
    left = [s for s in header.spans if s.x1 <= limit + 1]
    if not left:
        return None, ""
    m = _AREA_NO.match(left[0].text)
    if m:
        return int(m.group(1)), " ".join(s.text for s in left[1:]).strip()
    text = " ".join(s.text for s in left)
    m2 = _AREA_AT_START.match(text)
    if m2:
        return int(m2.group(1)), m2.group(2).strip()
    return None, text.strip()


def number_value(cell: Cell | None) -> int | None:
    return parse_int(cell.text) if cell is not None else None


def percent_value(cell: Cell | None) -> int | float | None:
    return parse_percent(cell.text) if cell is not None else None


def is_total_label(text: str) -> bool:
    return fold(text) in {fold(t) for t in labels().total_labels}
