"""The overview chapter (Översikt av poängfördelning): one question table per area.

Each table starts at a header row holding "Uppnått" and "Max" (and usually
"Procent"); the area number and title stand left of them. Columns are found from
the header words: numbers are assigned to the nearest header by their centre,
and everything left of the corridor before "Uppnått" is the id and question text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from extractor.catalogue.labels import labels
from extractor.input.document import Span
from extractor.input.ocr import confident
from extractor.layout.columns import Bounds, corridor, header_bounds, split_row
from extractor.layout.lists import join_lines
from extractor.layout.rows import Row
from extractor.report.common import fold, matches_label, parse_int, parse_percent

_QUESTION_ID = re.compile(r"^(\d)\.(\d{1,2})\.?$")
_OCR_QUESTION_ID = re.compile(r"^(\d)[.,:]?(\d)[.,]?$")  # "13", "1,5", "4,4."
_AREA_NO = re.compile(r"^(\d)[.,:]?$")  # "4," or "2:" where OCR took the dot for a comma or colon
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
    text_spans: list[Span] = field(default_factory=list)
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
    title_spans: list[Span] = field(default_factory=list)
    # Rows read by OCR with numbers and a garbled id ("1" for "1.1"): a question
    # whose id could not be read. Never taken for the total row.
    unread: list[Row] = field(default_factory=list)


_COLUMNS = ("achieved", "max", "percent")


@lru_cache(maxsize=1 << 12)
def _column_keys(text: str) -> tuple[str, ...]:
    """The columns (in `_COLUMNS` order) whose header labels a word matches."""
    lab = labels()
    return tuple(
        key
        for key, words in zip(_COLUMNS, (lab.achieved, lab.max, lab.percent), strict=True)
        if matches_label(text, words)
    )


_TEXT = attrgetter("text")


def _header_columns(row: Row) -> dict[str, Span] | None:
    found = list(map(_column_keys, map(_TEXT, row.spans)))
    if len(found) - found.count(()) < 2:
        return None  # "Uppnått" and "Max" need a word each; most rows have none
    cols: dict[str, Span] = {}
    for span, span_keys in zip(row.spans, found, strict=True):
        for key in span_keys:
            if key not in cols:
                cols[key] = span
                break
    if "achieved" in cols and "max" in cols and cols["max"].x0 > cols["achieved"].x0:
        return cols
    return None


def read_overview(rows: list[Row]) -> list[AreaTable]:
    """The question tables of the overview rows, one per area.

    A header row ("Uppnått", "Max", "Procent") sets the columns until the next one;
    a header that names no area (a long table's "Fråga … Uppnått", or the header
    repeated on a new page) continues the table above. A row with an area number and
    title and no numbers ("2. Tillgänglighet …") opens the next area's table. Without
    any header row the columns are where the question rows' trailing numbers stand.
    """
    starts = [i for i, r in enumerate(rows) if _header_columns(r)]
    reader = _TableReader()
    if not starts:
        header = _synthetic_header(rows)
        if header is None:
            return []
        reader.read(header, rows, named_header=False)
        return reader.tables
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(rows)
        reader.read(rows[start], rows[start + 1 : end], named_header=True)
    return reader.tables


class _TableReader:
    def __init__(self) -> None:
        self.tables: list[AreaTable] = []
        self.open: AreaTable | None = None  # the table rows are being added to

    def read(self, header: Row, body: list[Row], *, named_header: bool) -> None:
        cols = _header_columns(header)
        assert cols is not None
        first_num = cols["achieved"]
        number, title = _area_of_header(header, first_num.x0) if named_header else (None, "")
        if number is not None or (title and not self._continues_header(title)):
            left = [s for s in header.spans if s.x1 <= first_num.x0 + 1]
            spans = left[1:] if number is not None else left
            self.open = AreaTable(number=number, title=title, header=header, title_spans=spans)
            self.tables.append(self.open)
        # The text column ends in the widest empty corridor left of "Uppnått".
        text_lo = max((s.x1 for s in header.spans if s.x1 < first_num.x0), default=first_num.x0 - 50)
        if not named_header:
            text_lo = first_num.x0 - 50
        # Question rows' first lines fill the text column; titles and wrapped
        # lines of a long table elsewhere would only narrow the corridor.
        qrows = [r for r in body if r.spans and _QUESTION_ID.match(r.spans[0].text)] or body
        boundary = corridor(qrows, min(text_lo, first_num.x0 - 1), first_num.x0)
        keys = sorted(cols, key=lambda k: cols[k].x0)
        numeric = [Row(r.page, [s for s in r.spans if s.x0 >= boundary]) for r in body]
        bounds = header_bounds([cols[k] for k in keys], [r for r in numeric if r.spans], boundary, 1e6)
        # `read_overview` cuts the rows at every header row, so no body row is one.
        for row, right in zip(body, numeric, strict=True):
            left = [s for s in row.spans if s.x0 < boundary]
            numbers = _assign_numbers(right, keys, bounds) if right.spans else {}
            if not self._row(row, left, numbers, header):
                if self.open is not None and (self.open.questions or self.open.total is not None):
                    self.open = None  # prose after the table

    def _continues_header(self, title: str) -> bool:
        """A header without an area number continues the open table, unless its
        text names an area of its own (read later from the title)."""
        return self.open is not None or not _AREA_AT_START.match(title)

    def _row(self, row: Row, left: list[Span], numbers: dict[str, Cell], header: Row) -> bool:
        """Add one body row; False when the row belongs to no table."""
        table = self.open
        qid = _question_id(left[0], table.number if table is not None else None) if left else None
        if qid is None and left and table is not None:
            qid = _misread_area_digit(left[0], table)
        if qid:
            if table is not None and _next_area(table, int(qid.group(1))):
                table = None  # the next area's table, whose heading's number was not read
            if table is None:
                table = self.open = AreaTable(number=int(qid.group(1)), title="", header=header)
                self.tables.append(table)
            if (
                table.total is not None
                and _read_by_ocr(table.total)
                and not is_total_label(table.total_label or "")
            ):
                # An OCR'd question row that lost its id was taken for the total row.
                table.total, table.total_label = None, None
            table.questions.append(
                QuestionRow(
                    id=f"{qid.group(1)}.{int(qid.group(2))}",
                    text=" ".join(map(_TEXT, left[1:])),
                    id_spans=[left[0]],
                    numbers=numbers,
                    text_spans=list(left[1:]),
                    last_y1=row.y1,
                    last_page=row.page,
                )
            )
            return True
        label = " ".join(map(_TEXT, left))
        area = _area_row(row, left) if not numbers else None
        if area is not None:
            self.open = AreaTable(number=area[0], title=area[1], header=row, title_spans=left[1:])
            self.tables.append(self.open)
            return True
        if table is None:
            return False
        current = table.questions[-1] if table.questions else None
        if current is not None and table.total is None and _wraps(current, row, label, numbers):
            current.text = join_lines(current.text, label)
            current.text_spans.extend(left)
            for k, cell in numbers.items():
                current.numbers.setdefault(k, cell)
            current.last_y1, current.last_page = row.y1, row.page
            return True
        if _unread_question(left, label, numbers) and table.total is None:
            table.unread.append(row)
            return True
        if numbers and ("achieved" in numbers or "max" in numbers) and table.total is None:
            if not label or matches_label(label, labels().total_labels) or table.questions:
                table.total = numbers
                table.total_label = label or None
                return True
        return False


def _read_by_ocr(cells: dict[str, Cell]) -> bool:
    return any(s.confidence is not None for c in cells.values() for s in c.spans)


def _next_area(table: AreaTable, area: int) -> bool:
    """A question of the area after the table's, below the table's own questions:
    it opens that area's table even when the heading above it lost its number
    ("Politisk styrning och kontroll" for "3. Politisk …", "6... Kommunen …")."""
    return (
        table.number is not None
        and area == table.number + 1
        and any(q.id.startswith(f"{table.number}.") for q in table.questions)
    )


def _unread_question(left: list[Span], label: str, numbers: dict[str, Cell]) -> bool:
    """An OCR row with numbers whose first word is a number but no question id ("1",
    "1.", "11.1"): a question row whose id OCR misread, not a total row."""
    if not left or left[0].confidence is None or not ("achieved" in numbers or "max" in numbers):
        return False
    if matches_label(label, labels().total_labels):
        return False
    return left[0].text.strip()[:1].isdigit()


def _area_row(row: Row, left: list[Span]) -> tuple[int, str] | None:
    """(number, title) of a row that opens an area's table: "2." and a title that
    is set apart (bold) or reads like an area title of the criteria."""
    if not left:
        return None
    text = " ".join(s.text for s in left).strip()
    m = _AREA_AT_START.match(text)
    if not m or not m.group(2).strip():
        return None
    title = m.group(2).strip()
    if all(s.bold for s in left) or _looks_like_area_title(title):
        return int(m.group(1)), title
    return None


def _looks_like_area_title(title: str) -> bool:
    from extractor.catalogue.frameworks import frameworks, title_score

    return any(title_score(title, area) >= 80.0 for fw in frameworks() for area in fw.areas)


def _trailing_numbers(row: Row) -> list[Span]:
    """The numeric cells at the end of a row, right to left order reversed back:
    "12", "15", "80 %" (a lone "%" joins the number before it)."""
    out: list[Span] = []
    spans = list(row.spans)
    while spans:
        s = spans.pop()
        text = s.text.strip()
        if text == "%" and spans and parse_int(spans[-1].text) is not None:
            prev = spans.pop()
            s = Span(
                f"{prev.text} %",
                prev.x0,
                min(prev.y0, s.y0),
                s.x1,
                max(prev.y1, s.y1),
                prev.size,
                prev.bold,
                prev.page,
                prev.line,
                prev.confidence,
            )
            text = s.text
        if parse_int(text) is None and parse_percent(text) is None:
            break
        out.append(s)
        if len(out) == 3:
            break
    return out[::-1]


def _synthetic_header(rows: list[Row]) -> Row | None:
    """Header spans where the question rows' numbers stand, for tables printed
    without a header row: two numbers are Uppnått and Max, a third is Procent."""
    found: list[list[Span]] = []
    for row in rows:
        if row.spans and _QUESTION_ID.match(row.spans[0].text):
            nums = _trailing_numbers(Row(row.page, row.spans[1:]))
            if len(nums) >= 2:
                found.append(nums)
    if len(found) < 2:
        return None
    width = 3 if sum(len(n) == 3 for n in found) * 2 > len(found) else 2
    found = [n[-width:] for n in found if len(n) >= width]
    spans = []
    for k, label in enumerate(("Uppnått", "Max", "Procent")[:width]):
        x0 = sorted(n[k].x0 for n in found)[len(found) // 2]
        x1 = sorted(n[k].x1 for n in found)[len(found) // 2]
        ref = found[0][k]
        spans.append(Span(label, x0, ref.y0, x1, ref.y1, ref.size, True, ref.page, ref.line))
    return Row(spans[0].page, spans)


def _question_id(span: Span, area: int | None) -> re.Match[str] | None:
    """'1.3'; from OCR also '13' in area 1's table, where the dot was lost. An id
    read by OCR that names another area than its table's ("1.4" in area 7's) is a
    misread id, not a question, unless it names the next area (whose table's
    header lost its number, see `_next_area`)."""
    m = _QUESTION_ID.match(span.text)
    if span.confidence is None or area is None:
        return m
    if m is None:
        m = _OCR_QUESTION_ID.match(span.text)
    if m is not None and int(m.group(1)) not in (area, area + 1):
        return None
    return m


def _misread_area_digit(span: Span, table: AreaTable) -> re.Match[str] | None:
    """An id read by OCR whose area digit is wrong but whose question number is the
    one after the table's last ("1.4" right after 7.3 in area 7's table): question
    7.4, the number its place in the table gives it. Anything else stays no id."""
    if span.confidence is None or table.number is None or not table.questions:
        return None
    m = _QUESTION_ID.match(span.text) or _OCR_QUESTION_ID.match(span.text)
    if m is None:
        return None
    if table.questions[-1].id != f"{table.number}.{int(m.group(2)) - 1}":
        return None
    return _QUESTION_ID.match(f"{table.number}.{int(m.group(2))}")


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
        text = " ".join(map(_TEXT, group)).strip()
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
    """The cell's number; None when OCR read it without enough confidence."""
    return parse_int(cell.text) if cell is not None and confident(cell.spans) else None


def percent_value(cell: Cell | None) -> int | float | None:
    return parse_percent(cell.text) if cell is not None and confident(cell.spans) else None


def is_total_label(text: str) -> bool:
    return fold(text) in {fold(t) for t in labels().total_labels}
