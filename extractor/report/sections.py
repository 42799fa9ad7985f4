"""Where things are: the table of contents, the area headings, the overview chapter."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, count
from operator import attrgetter, itemgetter, methodcaller

from extractor.catalogue.frameworks import frameworks, title_score
from extractor.catalogue.labels import labels
from extractor.input.document import Span
from extractor.layout.rows import Row
from extractor.report.catalogue_match import (
    heading_shape,
    ocr_area_heading,
    ocr_overview_heading,
    read_by_ocr,
)
from extractor.report.common import fold, matches_label, parse_int, texts_holding

_DOT_LEADERS = re.compile(r"(\.\s?){4,}|…{2,}|(_\s?){4,}")
# "Område 3 Politisk styrning och kontroll", "OMRÅDE 3: …", "Område 3. …"
_AREA_WORDS = "|".join(re.escape(w) for w in sorted(labels().area_word, key=len, reverse=True))
AREA_HEADING = re.compile(rf"^(?:{_AREA_WORDS})\s+(\d)\s*[.:–—-]?\s*(.*)$", re.I)
# A heading title must look like some catalogue title at least this much (token set
# ratio), unless the row is set apart by weight or size as a heading.
_HEADING_TITLE_MATCH = 70.0
# Area titles are short; a longer "Område 3 …" line is a sentence of the narrative.
_MAX_TITLE_CHARS = 70
# Body text is this much smaller than a heading, in points.
_HEADING_SIZE_STEP = 1.0
_SIZE = attrgetter("size")
_SPANS = attrgetter("spans")


@dataclass(frozen=True)
class AreaHeading:
    number: int
    index: int  # row index of the heading
    title: str
    score_text: str | None  # a score printed at the end of the heading line
    rows: tuple[Row, ...]  # the heading's rows (wrapped headings take two)


def toc_rows(rows: list[Row]) -> set[int]:
    """Row indices of tables of contents: dot leaders, or runs of three or more
    lines that end in a page number set apart by a gap."""
    found = _leader_rows(list(map(_TEXT, rows)))
    ends = _page_number_ends(rows)
    run: list[int] = []
    for i, end in enumerate(ends):
        if end:
            run.append(i)
            continue
        if run and i - run[-1] == 1 and i + 1 < len(rows) and ends[i + 1]:
            continue  # a wrapped entry: its first line has no page number
        if len(run) >= 3:
            found.update(range(run[0], run[-1] + 1))
        run = []
    if len(run) >= 3:
        found.update(range(run[0], run[-1] + 1))
    return found


def _leader_rows(texts: list[str]) -> set[int]:
    """Indices of the texts in which `_DOT_LEADERS` finds dot leaders. The pattern
    needs four dots, two ellipses or four underscores: counting them is much
    cheaper than the search, which runs only where the count allows a match."""
    return {
        i
        for i, t in enumerate(texts)
        if (t.count(".") >= 4 or t.count("…") >= 2 or t.count("_") >= 4) and _DOT_LEADERS.search(t)
    }


_DIGIT = re.compile(r"\d")


def _ending_in_digits(rows: list[Row]) -> Iterable[int]:
    """Indices, ascending, of the rows of two or more words whose last word holds a
    digit, found in C loops (map): only those can end in a number (`parse_int`)."""
    lasts = [spans[-1].text if len(spans) > 1 else "" for spans in map(_SPANS, rows)]
    return compress(count(), map(_DIGIT.search, lasts))


def _page_number_ends(rows: list[Row]) -> list[bool]:
    """For each row, whether it ends in a page number (`_ends_in_page_number`),
    worked out only for rows whose last word holds a digit, which a number needs."""
    ends = [False] * len(rows)
    for i in _ending_in_digits(rows):
        ends[i] = _ends_in_page_number(rows[i])
    return ends


def _ends_in_page_number(row: Row) -> bool:
    if len(row.spans) < 2:
        return False
    last, before = row.spans[-1], row.spans[-2]
    if parse_int(last.text) is None:
        return False
    # Transcript cells are separate by construction (tabs); PDF words need a gap.
    return last.line is not None or last.x0 - before.x1 > 1.5 * max(last.size, 1.0)


def body_size(rows: list[Row]) -> float:
    """The most common font size of the document's text, weighted by words.

    The words are counted by their exact size first (a document has a few dozen
    sizes), then by size rounded to half a point. A Counter keeps the order in
    which sizes first appear, so each rounded size is met at its first word as
    before and ties go the same way.
    """
    exact = Counter(map(_SIZE, chain.from_iterable(row.spans for row in rows)))
    counts: dict[float, int] = {}
    for size, n in exact.items():
        key = round(size * 2) / 2
        counts[key] = counts.get(key, 0) + n
    return max(counts, key=lambda k: counts[k]) if counts else 11.0


def find_area_headings(rows: list[Row], toc: set[int]) -> list[AreaHeading]:
    size: float | None = None  # the body size, worked out when a heading needs it
    found: dict[int, AreaHeading] = {}
    last_index = -1
    for i, row in enumerate(rows):
        if i in toc:
            continue
        text = row.text.strip()
        m = AREA_HEADING.match(text)
        read = (int(m.group(1)), m.group(2)) if m else _misread_heading(row) if heading_shape(text) else None
        if read is None:
            continue
        number = read[0]
        if number in found or not 1 <= number <= 8 or i < last_index:
            continue
        title, score_text = _split_trailing_score(read[1])
        if not row.bold and size is None:
            size = body_size(rows)
        stand_out = row.bold or row.size >= size + _HEADING_SIZE_STEP  # type: ignore[operator]
        heading_rows = [row]
        if i + 1 < len(rows) and _continues_heading(row, rows[i + 1]):
            heading_rows.append(rows[i + 1])
            title = f"{title} {rows[i + 1].text}".strip()
        # The next area in sequence on a short line of its own is a heading even when
        # its title is not catalogued (the 2002 criteria, a translated title).
        in_sequence = number - 1 in found and len(title) <= _MAX_TITLE_CHARS
        if not stand_out and not in_sequence and not _names_an_area(title):
            continue
        found[number] = AreaHeading(number, i, title.strip(" .:–-"), score_text, tuple(heading_rows))
        last_index = i
    return [found[n] for n in sorted(found)]


def _misread_heading(row: Row) -> tuple[int, str] | None:
    """(number, title) of a heading OCR read with its area word garbled ("Ornråde 3
    Politisk styrning och kontroll"), recognised by its title (see catalogue_match)."""
    if not any(s.confidence is not None for s in row.spans):
        return None
    return ocr_area_heading(row.text.strip())


def _split_trailing_score(title: str) -> tuple[str, str | None]:
    m = re.match(
        r"^(.*?)[\s:–-]*(?:Poäng:?\s*)?(\d{1,3})(?:\s*(?:p|poäng|av 100|/100))?$", title.strip(), re.I
    )
    if m and m.group(1).strip():
        return m.group(1).strip(), m.group(2)
    return title, None


def _continues_heading(row: Row, nxt: Row) -> bool:
    if nxt.page != row.page or AREA_HEADING.match(nxt.text.strip()):
        return False
    return (
        nxt.bold == row.bold
        and abs(nxt.size - row.size) < 0.5
        and nxt.size > 0
        and row.bold
        and nxt.y0 - row.y1 < 0.5 * row.size
    )


def _names_an_area(title: str) -> bool:
    """The title looks like some catalogue title (its best score reaches the mark;
    the first that does decides)."""
    return any(title_score(title, area) >= _HEADING_TITLE_MATCH for fw in frameworks() for area in fw.areas)


def find_overview(rows: list[Row], toc: set[int], candidates: list[int] | None = None) -> int | None:
    """Row index of the overview chapter heading ("4. Översikt av poängfördelning").
    `candidates`: `overview_heading_candidates(rows)`, when the caller has them."""
    wanted = [fold(label) for label in labels().overview_heading]
    for i in overview_heading_candidates(rows) if candidates is None else candidates:
        row = rows[i]
        if i in toc:
            continue
        text = fold(re.sub(r"^\s*\d+([.,]\d+)*[.,]?\s*", "", row.text))
        if any(text == w or (text.startswith(w) and len(text) < len(w) + 4) for w in wanted):
            return i
        if read_by_ocr(row.spans) and len(text) < max(map(len, wanted)) + 4 and ocr_overview_heading(text):
            return i
    return None


@cache
def _overview_words() -> tuple[str, ...]:
    """The first word of each overview heading label, folded."""
    return tuple(sorted({fold(label).split(" ")[0] for label in labels().overview_heading}))


_TEXT = attrgetter("text")
_NO_SOFT_HYPHENS = methodcaller("replace", "\u00ad", "")
_FIRST = itemgetter(0)
_CONFIDENCE = attrgetter("confidence")


def overview_heading_candidates(rows: list[Row]) -> list[int]:
    """Indices of the rows that may be an overview heading, in order, so that the
    heading finders need not fold every row of a report: the rows read by OCR, and
    the rows whose text holds a label's first word.

    Exact: a heading's folded text (its chapter number removed) starts with a
    label, so the label's first word, which has no space in it, stands within one
    word of the row's text with its soft hyphens removed and its case folded.
    The rows are tested in C loops (map), not one Python call each; a row read by
    OCR has a confidence on its first word, so only such rows are looked at more
    closely.
    """
    texts = list(map(str.casefold, map(_NO_SOFT_HYPHENS, map(_TEXT, rows))))
    found = texts_holding(texts, _overview_words())
    if not all(map(_SPANS, rows)):  # a row without words (never made by the layout stage)
        return sorted({*found, *(i for i, row in enumerate(rows) if read_by_ocr(row.spans))})
    firsts = list(map(_CONFIDENCE, map(_FIRST, map(_SPANS, rows))))
    if firsts.count(None) == len(firsts):
        return found
    ocr = (i for i, conf in enumerate(firsts) if conf is not None and read_by_ocr(rows[i].spans))
    return sorted({*found, *ocr})


# A summary table lists at least this many areas with their scores above its total.
_SUMMARY_MIN_AREAS = 4
_AREA_LINE = re.compile(r"^(?:(?:" + _AREA_WORDS + r")\s+)?(\d)[.:]?\s+\S")


def summary_table_total(rows: list[Row]) -> tuple[int, list[Span]] | None:
    """The total of a summary table of the area scores: a row holding only a total
    label and one number ("Totalt 583"), right below at least four rows that each
    name an area ("3. Politisk styrning och kontroll") and end in a number (a page
    break may fall inside the table: running headers are gone by now)."""
    total_labels = labels().total_labels
    for i in _ending_in_digits(rows):  # a number holds a digit
        row = rows[i]
        if len(row.spans) < 2 or parse_int(row.spans[-1].text) is None:
            continue
        label = " ".join(s.text for s in row.spans[:-1])
        if not matches_label(label, total_labels):
            continue
        above = 0
        for prev in reversed(rows[:i]):
            if len(prev.spans) < 3 or parse_int(prev.spans[-1].text) is None:
                break
            if not _AREA_LINE.match(prev.text.strip()):
                break
            above += 1
        if above >= _SUMMARY_MIN_AREAS:
            value = parse_int(row.spans[-1].text)
            assert value is not None
            return value, [row.spans[-1]]
    return None
