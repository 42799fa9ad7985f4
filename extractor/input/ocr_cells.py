"""A second, independent reading of every number cell of an OCR'd score table.

The page reading (Tesseract over the whole page) places words well but misreads
single digits now and then with high confidence ("75%" as "15%" at 0.93). So every
cell of a score table is read again on its own: the column's x-range from the
header words ("Uppnått", "Max", "Procent", from the labels catalogue) and the number
words under them, the row's y-range from the ink in that column, the crop cleaned
of table rulings and read as one line of digits (`CellReader`, see `ocr.py`).

The rule (`decide`): where both readings give the same digits the number stands;
where they differ, or one of them is no number, every word of the cell gets
confidence 0, so the report stage gives null and an `UNREADABLE` warning. Never is
one reading picked over the other. A cell the page reading lost entirely (ink in a
number column on a table row, but no word) is filled from the cell reading alone
when that is confident and as wide as its digits; otherwise it becomes an
unreadable placeholder, so the value is null with a warning rather than missing.

Everything here works on pixels of the straightened page image; `ocr.py` maps the
words to PDF points afterwards.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

Box = tuple[int, int, int, int]


class OcrWord(NamedTuple):
    """A word as Tesseract read it: pixel box on the page image, confidence 0..1,
    and the key of its line (block, paragraph, line)."""

    text: str
    box: Box
    conf: float
    line: tuple[Any, ...]


@dataclass(frozen=True)
class Reading:
    """What the cell reader made of one crop: text (digits, "%", "," or "."), its
    confidence 0..1 and the box of the read characters in the crop (None: nothing)."""

    text: str
    conf: float
    box: Box | None


CellReader = Callable[[np.ndarray[Any, Any]], Reading]

# A cell reading below this confidence does not fill a cell the page reading lost.
MIN_CELL_CONFIDENCE = 0.80
# Confidence of a number the two readings disagree on, or of a placeholder for an
# unreadable cell: below any threshold, so the report stage gives null + UNREADABLE.
UNREADABLE_CONFIDENCE = 0.0
# Text placed in a lost cell whose reading gave no number.
PLACEHOLDER = "?"

_NUMBER = re.compile(r"^(\d{1,4})(?:[,.](\d{1,2}))?(%?)$")
_DIGITS = re.compile(r"^(\d{1,4})(\s*%)?$")
_PERCENT_WIDTH = 1.15  # "%" is about 1.15 digit heights wide
# A number's width per digit over its height: outside this range OCR has read more
# or fewer digits than the ink holds ("77" read as "7"). On the bundled scans read
# correctly the ratio lies in 0.45-0.95.
_DIGIT_RATIO = (0.35, 1.1)
# What OCR makes of a digit when it reads the cell as text: only for comparing the
# page reading with the cell reading, never for a value.
# (A bracket beside a digit, "0)", is a speck or ruling OCR took for one: dropped.)
_CONFUSABLE = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "S": "5",
        "B": "8",
        "(": None,
        ")": None,
    }
)
# Dark pixels: below this grey value (the page image is smoothed).
_DARK = 160
# A straight dark run longer than this many digit heights is a table ruling.
_RULING_RUN = 1.6
# Ink bands closer than this many digit heights are one line of a cell.
_BAND_GAP = 0.3
# A cell's ink is this many digit heights tall at least, and at most.
_BAND_HEIGHT = (0.55, 2.2)
# Margin around a cell's ink in its crop, in digit heights.
_CROP_PAD = 0.35
# The stated score stands up to this many heading heights right of its "Poäng".
_SCORE_REACH = 8.0
# Digit height over the height of a header word box ("Uppnått" has ascenders and
# descenders: 0.95 em; digits 0.72 em).
_DIGIT_SHARE = 0.75


def digit_width_ratio(text: str, box: Box) -> float | None:
    """Width per digit over the digits' height for a number word ("77", "80%"), or
    None for other words. Digits are about 0.55 em wide and 0.72 em tall."""
    m = _DIGITS.match(text)
    if m is None:
        return None
    width, height = float(box[2] - box[0]), box[3] - box[1]
    if m.group(2):
        width -= _PERCENT_WIDTH * height
    return width / (len(m.group(1)) * max(height, 1))


def plausible_width(text: str, box: Box) -> bool:
    ratio = digit_width_ratio(text, box)
    return ratio is None or _DIGIT_RATIO[0] <= ratio <= _DIGIT_RATIO[1]


# --- the rule ---------------------------------------------------------------------


def number_text(text: str) -> str | None:
    """The digits of a reading as a number cell would print them ("80%", "66,7%",
    "12"), or None when the text is no number."""
    t = re.sub(r"\s+", "", text)
    m = _NUMBER.match(t)
    return t if m else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _as_digits(page_text: str) -> str | None:
    """The page reading's text with OCR's letter-for-digit confusions undone, when
    it then reads as a number; None when it holds other letters (a text cell)."""
    mapped = re.sub(r"\s+", "", page_text).translate(_CONFUSABLE)
    return mapped if _NUMBER.match(mapped) else None


def cell_is_confident(reading: Reading) -> bool:
    """A cell reading that may stand alone: a number, read confidently, as wide as
    its digits."""
    text = number_text(reading.text)
    return (
        text is not None
        and reading.box is not None
        and reading.conf >= MIN_CELL_CONFIDENCE
        and plausible_width(text, reading.box)
    )


def _percent_misread(page_digits: str, read: str) -> bool:
    """Tesseract reads a "%" as "90" or "96" now and then ("5690" for "56%"): the
    page reading is the cell reading's digits and one of those, where the cell
    reading, which knows the shape of "%", read one."""
    return (
        read.endswith("%")
        and len(page_digits) > 2
        and page_digits[:-2] == _digits(read)
        and page_digits[-2:] in ("90", "96")
    )


def _union(words: Sequence[OcrWord]) -> Box:
    return (
        min(w.box[0] for w in words),
        min(w.box[1] for w in words),
        max(w.box[2] for w in words),
        max(w.box[3] for w in words),
    )


def decide(page: Sequence[OcrWord], reading: Reading, cell_box: Box) -> list[OcrWord]:
    """The words of one number cell after comparing the page reading (`page`, the
    cell's words left to right, possibly none) with the cell reading.

    - Same digits in both: the page words stand, with their confidence; a number the
      page reading split or read with a letter for a digit ("7" "O") becomes one word
      with the cell reading's digits and confidence, if that reading may stand alone.
    - Different digits, or one reading is no number: the page words, confidence 0.
    - No page words: the cell reading, if it may stand alone; else a placeholder
      with confidence 0 (null + UNREADABLE, never a guess)."""
    read = number_text(reading.text)
    if not page:
        if cell_is_confident(reading):
            assert read is not None and reading.box is not None
            return [OcrWord(read, reading.box, reading.conf, ("cell", cell_box))]
        return [OcrWord(read or PLACEHOLDER, cell_box, UNREADABLE_CONFIDENCE, ("cell", cell_box))]
    joined = "".join(w.text for w in page)
    mapped = _as_digits(joined)
    if read is not None and mapped is not None and _percent_misread(_digits(mapped), read):
        # Both readings have the same digits; the page reading took the "%" for "90".
        conf = (
            min(reading.conf, *(w.conf for w in page))
            if cell_is_confident(reading)
            else UNREADABLE_CONFIDENCE
        )
        return [OcrWord(read, _union(page), conf, page[0].line)]
    agree = read is not None and mapped is not None and _digits(mapped) == _digits(read)
    if not agree:
        return [w._replace(conf=UNREADABLE_CONFIDENCE) for w in page]
    assert read is not None
    if len(page) == 1 and number_text(joined) is not None:
        return list(page)  # the page reading is a clean number: it stands
    box = _union(page)
    # The page reading did not read a number here ("7" "O"): as for a lost cell,
    # the cell reading fills it when it may stand alone, and the page reading's
    # letters, read back as digits, agree with it.
    conf = reading.conf if cell_is_confident(reading) else UNREADABLE_CONFIDENCE
    return [OcrWord(read, box, conf, page[0].line)]


# --- the table's geometry -----------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # achieved / max / percent
    x0: int
    x1: int


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    y0: int  # below the header
    y1: int  # above the next header, or the page's end
    digit_height: float
    fill: bool = True  # cells the page reading lost are filled (table rows only)


def _fold(text: str) -> str:
    t = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^\w%]", "", t)


@functools.lru_cache(maxsize=1)
def _header_words() -> dict[str, frozenset[str]]:
    from extractor.catalogue.labels import labels

    lab = labels()
    out = {}
    for key, words in (("achieved", lab.achieved), ("max", lab.max), ("percent", lab.percent)):
        out[key] = frozenset(_fold(w.split()[0]) for w in words)
    out["score"] = frozenset(_fold(w) for w in lab.score_heading if " " not in w)
    return out


def _header_key(word: OcrWord) -> str | None:
    folded = _fold(word.text)
    for key, names in _header_words().items():
        if folded and folded in names:
            return key
    return None


def _height(box: Box) -> int:
    return box[3] - box[1]


def _same_line(a: Box, b: Box) -> bool:
    return abs((a[1] + a[3]) - (b[1] + b[3])) / 2 < 0.6 * max(_height(a), _height(b))


def find_headers(words: Sequence[OcrWord]) -> list[list[tuple[str, OcrWord]]]:
    """Header rows: an "Uppnått" word with a "Max" word right of it on the same
    line, and a "Procent" word right of that when there is one; top to bottom."""
    keyed = [(k, w) for w in words if (k := _header_key(w)) is not None]
    headers = []
    for key, first in keyed:
        if key != "achieved":
            continue
        row = [("achieved", first)]
        for want in ("max", "percent"):
            prev = row[-1][1]
            right = [
                w for k, w in keyed if k == want and w.box[0] > prev.box[2] and _same_line(w.box, prev.box)
            ]
            if right:
                row.append((want, min(right, key=lambda w: w.box[0])))
        if len(row) >= 2:
            headers.append(row)
    return sorted(headers, key=lambda h: h[0][1].box[1])


def find_score_headings(words: Sequence[OcrWord]) -> list[OcrWord]:
    """An area section's "Poäng" heading, above the area's stated score (not a
    "Max poäng" of a table header)."""
    keyed = [(k, w) for w in words if (k := _header_key(w)) is not None]
    return [
        w
        for k, w in keyed
        if k == "score"
        and not any(k2 in ("achieved", "max") and _same_line(w.box, w2.box) for k2, w2 in keyed)
    ]


def _score_region(heading: OcrWord, words: Sequence[OcrWord], image_h: int) -> Table:
    """The stated score's column under its heading, down to the first line of
    text that reaches into it (the section's prose)."""
    h = _height(heading.box)
    x0, x1 = heading.box[0] - h, heading.box[2] + int(_SCORE_REACH * h)
    prose = [
        w.box[1]
        for w in words
        if w.box[1] > heading.box[3] and _overlaps_x(w.box, x0, x1) and sum(c.isalpha() for c in w.text) >= 2
    ]
    y1 = min(prose, default=image_h)
    table = table_geometry([("score", heading)], words, y1, reach=_SCORE_REACH)
    return Table(table.columns, table.y0, table.y1, table.digit_height, fill=False)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _overlap(a: Sequence[int], b: Sequence[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _numberish(word: OcrWord) -> bool:
    return _as_digits(word.text) is not None or word.text.strip() == "%"


def table_geometry(
    header: list[tuple[str, OcrWord]], words: Sequence[OcrWord], y1: int, reach: float = 2.0
) -> Table:
    """The number columns under a header: each from its header word and the number
    words below it (nearest header by centre), padded and kept apart from its
    neighbours; the body runs from under the header to `y1`."""
    head_h = float(np.median([_height(w.box) for _, w in header]))
    y0 = max(w.box[3] for _, w in header)
    lo = header[0][1].box[0] - head_h
    hi = header[-1][1].box[2] + reach * head_h
    spans = [[w.box[0], w.box[2]] for _, w in header]
    numbers = [
        w
        for w in words
        if w.box[1] >= y0
        and w.box[3] <= y1
        and lo <= (w.box[0] + w.box[2]) / 2 <= hi
        and _numberish(w)
        and w.conf >= 0.5
    ]
    heights = [_height(w.box) for w in numbers if any(c.isdigit() for c in w.text)]
    # The numbers' x-ranges, merged where they overlap, are the columns as printed
    # (right-aligned, centred or left-aligned alike); each joins the header word it
    # overlaps most, or the nearest.
    for x0, x1 in _merged([(w.box[0], w.box[2]) for w in numbers]):
        k = max(
            range(len(spans)), key=lambda i: (_overlap(spans[i], (x0, x1)), -abs(sum(spans[i]) - x0 - x1))
        )
        spans[k] = [min(spans[k][0], x0), max(spans[k][1], x1)]
    digit_h = float(np.median(heights)) if heights else _DIGIT_SHARE * head_h
    pad = _CROP_PAD * digit_h
    columns = []
    for i, (key, _) in enumerate(header):
        left, right = spans[i][0] - pad, spans[i][1] + pad
        if i > 0:
            left = max(left, (spans[i - 1][1] + spans[i][0]) / 2)
        if i + 1 < len(spans):
            right = min(right, (spans[i][1] + spans[i + 1][0]) / 2)
        columns.append(Column(key, int(left), int(round(right))))
    return Table(tuple(columns), int(y0), int(y1), digit_h)


# --- ink ------------------------------------------------------------------------------


def _long_runs(mask: np.ndarray[Any, Any], length: int, axis: int) -> np.ndarray[Any, Any]:
    """The pixels of `mask` that lie on a straight run of at least `length` along
    `axis` (0: down, 1: across)."""
    m = mask if axis == 1 else mask.T
    if length < 1 or m.shape[1] < length:
        out = np.zeros_like(m)
    else:
        c = np.concatenate(
            [np.zeros((m.shape[0], 1), np.int32), np.cumsum(m, axis=1, dtype=np.int32)], axis=1
        )
        full = (c[:, length:] - c[:, :-length]) == length  # window starting at j is all dark
        out = np.zeros(m.shape, dtype=bool)
        # Spread each full window over its pixels.
        starts = np.zeros((m.shape[0], m.shape[1] + 1), np.int32)
        starts[:, : full.shape[1]] += full
        starts[:, length : length + full.shape[1]] -= full
        out = np.cumsum(starts, axis=1)[:, : m.shape[1]] > 0
    return out if axis == 1 else out.T


def clean_strip(strip: np.ndarray[Any, Any], digit_h: float) -> np.ndarray[Any, Any]:
    """The strip with table rulings (long straight dark runs) painted white."""
    dark = strip < _DARK
    run = int(round(_RULING_RUN * digit_h))
    rulings = _long_runs(dark, run, 1) | _long_runs(dark, run, 0)
    if not rulings.any():
        return strip
    # Grow the rulings by a pixel: their smoothed edges are grey.
    grown = rulings.copy()
    grown[1:, :] |= rulings[:-1, :]
    grown[:-1, :] |= rulings[1:, :]
    grown[:, 1:] |= rulings[:, :-1]
    grown[:, :-1] |= rulings[:, 1:]
    out = strip.copy()
    out[grown] = 255
    return out


def ink_bands(strip: np.ndarray[Any, Any], digit_h: float) -> list[tuple[int, int]]:
    """Rows (top, bottom) of the strip holding a line of ink as tall as a number."""
    rows = np.count_nonzero(strip < _DARK, axis=1) >= 2
    bands: list[list[int]] = []
    gap = _BAND_GAP * digit_h
    for y in np.flatnonzero(rows):
        if bands and y - bands[-1][1] <= gap:
            bands[-1][1] = int(y) + 1
        else:
            bands.append([int(y), int(y) + 1])
    lo, hi = _BAND_HEIGHT[0] * digit_h, _BAND_HEIGHT[1] * digit_h
    return [(a, b) for a, b in bands if lo <= b - a <= hi]


def _ink_box(strip: np.ndarray[Any, Any], top: int, bottom: int) -> tuple[int, int] | None:
    cols = np.flatnonzero(np.count_nonzero(strip[top:bottom] < _DARK, axis=0))
    return (int(cols[0]), int(cols[-1]) + 1) if cols.size else None


# --- putting it together ----------------------------------------------------------------


def _overlaps_y(box: Box, top: int, bottom: int) -> bool:
    inter = min(box[3], bottom) - max(box[1], top)
    return inter > 0.5 * min(box[3] - box[1], bottom - top)


def _overlaps_x(box: Box, x0: int, x1: int) -> bool:
    return min(box[2], x1) - max(box[0], x0) > 0


@dataclass
class _Cell:
    column: Column
    box: Box  # ink, page pixels
    page: list[OcrWord]
    crop: np.ndarray[Any, Any]


def reread_number_cells(words: list[OcrWord], image: np.ndarray[Any, Any], read: CellReader) -> list[OcrWord]:
    """The page's words with every number cell of its score tables decided by
    `decide` (see the module's docstring); other words unchanged."""
    headers = find_headers(words)
    scores = find_score_headings(words)
    if not headers and not scores:
        return words
    removed: set[int] = set()
    added: list[OcrWord] = []
    index = {id(w): i for i, w in enumerate(words)}
    replaced: dict[int, OcrWord] = {}
    regions = []
    for n, header in enumerate(headers):
        below = [h for h in headers[n + 1 :] if h[0][1].box[1] > header[0][1].box[3]]
        y1 = min(h[0][1].box[1] for h in below) if below else image.shape[0]
        regions.append(table_geometry(header, words, y1))
    # Rows above the page's first header continue a table from the page before:
    # the tables of an overview share their columns.
    if regions and regions[0].y0 > 0:
        top = min(w.box[1] for _, w in headers[0])
        regions.insert(0, Table(regions[0].columns, 0, top, regions[0].digit_height))
    regions += [_score_region(w, words, image.shape[0]) for w in scores]
    for table in regions:
        cells = list(_cells(table, words, image))
        for cell in cells:
            if not cell.page and (not table.fill or not _on_a_row(cell, cells, words, table)):
                continue
            if any(index[id(w)] in removed for w in cell.page):
                continue  # a word already decided in another cell
            reading = read(cell.crop)
            if reading.box is not None:
                b = reading.box
                ox, oy = cell.box[0] - _pad(table), cell.box[1] - _pad(table)
                reading = Reading(reading.text, reading.conf, (b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy))
            out = decide(cell.page, reading, cell.box)
            for w in cell.page:
                removed.add(index[id(w)])
            if cell.page:
                first = index[id(cell.page[0])]
                replaced[first] = out[0]
                added.extend(out[1:])
            else:
                added.extend(out)
    result = []
    for i, w in enumerate(words):
        if i in replaced:
            result.append(replaced[i])
        elif i not in removed:
            result.append(w)
    return result + added


def _pad(table: Table) -> int:
    return int(round(_CROP_PAD * table.digit_height))


def _cells(table: Table, words: Sequence[OcrWord], image: np.ndarray[Any, Any]) -> Iterable[_Cell]:
    """Every line of ink in every number column of the table that is no text: its
    page words (those that read as a number, or none) and its cleaned crop."""
    pad = _pad(table)
    for col in table.columns:
        x0, x1 = max(col.x0, 0), min(col.x1, image.shape[1])
        if x1 - x0 < 2 or table.y1 - table.y0 < 2:
            continue
        strip = clean_strip(image[table.y0 : table.y1, x0:x1], table.digit_height)
        for top, bottom in ink_bands(strip, table.digit_height):
            ink = _ink_box(strip, top, bottom)
            if ink is None:
                continue
            box = (x0 + ink[0], table.y0 + top, x0 + ink[1], table.y0 + bottom)
            inside = [
                w for w in words if _overlaps_y(w.box, box[1], box[3]) and _overlaps_x(w.box, box[0], box[2])
            ]
            if any(not _numberish(w) for w in inside):
                continue  # a line of text reaches into the column
            in_column = sorted(
                (w for w in inside if x0 <= (w.box[0] + w.box[2]) / 2 <= x1), key=lambda w: w.box[0]
            )
            if len(in_column) != len(inside):
                continue  # a number of the next column reaches in: not this column's cell
            c0, c1 = max(top - pad, 0), min(bottom + pad, strip.shape[0])
            e0, e1 = max(ink[0] - pad, 0), min(ink[1] + pad, strip.shape[1])
            crop = np.full((bottom - top + 2 * pad, ink[1] - ink[0] + 2 * pad), 255, np.uint8)
            crop[c0 - (top - pad) : c1 - (top - pad), e0 - (ink[0] - pad) : e1 - (ink[0] - pad)] = strip[
                c0:c1, e0:e1
            ]
            yield _Cell(col, box, in_column, crop)


def _on_a_row(
    cell: _Cell,
    cells: Sequence[_Cell],
    words: Sequence[OcrWord],
    table: Table,
) -> bool:
    """A cell the page reading lost stands on a table row: text or an id left of
    the number columns on its line, or ink in another number column beside it."""
    top, bottom = cell.box[1], cell.box[3]
    left = table.columns[0].x0
    if any(w.box[2] <= left and _overlaps_y(w.box, top, bottom) for w in words):
        return True
    return any(
        other is not cell and other.column != cell.column and _overlaps_y(other.box, top, bottom)
        for other in cells
    )
