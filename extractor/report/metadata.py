"""Title-page facts: the municipality and the year of the evaluation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.catalogue.labels import labels
from extractor.catalogue.municipalities import municipality_from_text
from extractor.input.document import Span
from extractor.layout.rows import Row
from extractor.report.common import fold

# The title page is the first page; a transcript has no pages, so its title is
# what stands before the table of contents, at most this many lines.
_TITLE_ROWS = 15
_YEAR = re.compile(r"(?<![\d-])(19[89]\d|20[0-4]\d)(?![\d-])")
_MONTHS = [
    # Norwegian, where they differ from the Swedish ones that follow
    "januar",
    "februar",
    "mai",
    "august",
    "desember",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass
class Metadata:
    municipality: str | None
    municipality_as_printed: str | None
    municipality_spans: list[Span]
    year: int | None
    year_spans: list[Span]


def title_rows(rows: list[Row]) -> list[Row]:
    if rows and rows[0].page is not None:
        first = rows[0].page
        return [r for r in rows if r.page == first][: _TITLE_ROWS * 2]
    out: list[Row] = []
    for row in rows[:_TITLE_ROWS]:
        if fold(row.text) in {fold(t) for t in labels().toc_heading}:
            break
        out.append(row)
    return out


_NORWEGIAN_NAME = re.compile(r"^(?:analyse av\s+)?(.+?)\s+kommunes?\b", re.I)


def _norwegian_name(printed: str) -> str:
    """'BODØ' -> 'Bodø', 'NORE OG UVDAL' -> 'Nore og Uvdal': the printed name in
    ordinary case (Norwegian municipalities are not in the Swedish gazetteer)."""
    words = [w.lower() if w.lower() in ("og", "i", "på") else w.capitalize() for w in printed.split()]
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) if "-" in w else w for w in words)


def read_metadata(rows: list[Row], language: str | None = "sv") -> Metadata:
    title = title_rows(rows)
    if language in ("nb", "nn"):
        for row in title:
            m = _NORWEGIAN_NAME.match(row.text.strip())
            if m:
                year, year_spans = _year(title)
                shown = _strip_year(row.text.strip())
                return Metadata(_norwegian_name(m.group(1)), shown, row.spans, year, year_spans)
        year, year_spans = _year(title)
        return Metadata(None, None, [], year, year_spans)
    name: str | None = None
    printed: str | None = None
    name_spans: list[Span] = []
    # Rows that say "kommun" or "stad" name the municipality most surely.
    ordered = sorted(title, key=lambda r: not re.search(r"kommun\b|stad\b|region\b", r.text, re.I))
    for row in ordered:
        text = re.sub(r"(?i)^.*\banalys av\b", "", row.text).strip()
        if not text:
            continue
        found = municipality_from_text(text)
        if found is not None:
            name, printed, name_spans = found.name, _strip_year(text), row.spans
            break
    year, year_spans = _year(title)
    return Metadata(name, printed, name_spans, year, year_spans)


def _strip_year(text: str) -> str:
    return _YEAR.sub("", text).strip(" ,")


def _year(title: list[Row]) -> tuple[int | None, list[Span]]:
    """The first year printed alone on a title line, or with a month or the
    municipality; dates (2016-01-20) are running headers, not the evaluation year."""
    fallback: tuple[int | None, list[Span]] = (None, [])
    for row in title:
        text = row.text.strip()
        for m in _YEAR.finditer(text):
            spans = [s for s in row.spans if m.group(1) in s.text][:1]
            rest = fold(text.replace(m.group(1), " "))
            if not rest or all(w in _MONTHS for w in rest.split()):
                return int(m.group(1)), spans
            if fallback[0] is None:
                fallback = (int(m.group(1)), spans)
    return fallback
