"""Small readers shared by the report stage: labels, numbers, provenance."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import accumulate, repeat
from operator import add

from extractor.input.document import Span
from extractor.models import Provenance

_INT = re.compile(r"^\(?(\d{1,4})\)?[.:]?$")
_PERCENT = re.compile(r"^(\d{1,3})(?:[,.](\d{1,2}))?\s*%?$")


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    # Cached: label matching folds the same few thousand words of a report again
    # and again (about 50,000 calls for a 29-page report).
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip().casefold()


@cache
def _folded(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(label) for label in labels)


@cache
def _initials(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(lab[:1] for lab in _folded(labels))


def matches_label(text: str, labels: Iterable[str]) -> bool:
    """A printed word is a label, or its start cut by a line-end hyphen
    ("Förbättrings-" for "Förbättringsmöjligheter")."""
    if len(text) > 60:
        return False  # labels are short; skip folding whole paragraphs
    return _matches_label(text, tuple(labels))


@lru_cache(maxsize=1 << 16)
def _matches_label(text: str, key: tuple[str, ...]) -> bool:
    # Cached: the report stage asks about the same words and label sets again and
    # again (about 290,000 calls over the 18 sample PDFs).
    if text.lstrip()[:1].casefold() not in _initials(key):
        return False  # most words: a first letter no label has
    t = fold(text).rstrip(":")
    if not t:
        return False
    for lab in _folded(key):
        if t == lab:
            return True
        stem = t.rstrip("-")
        if t.endswith("-") and len(stem) >= _MIN_STEM and lab.startswith(stem):
            return True
    return False


# A word cut by a line-end hyphen is taken for a label that starts with at least
# this many of its letters.
_MIN_STEM = 6


@cache
def label_pieces(labels: tuple[str, ...]) -> tuple[str, ...]:
    """A piece of each label, case folded, that every text `matches_label` takes
    for one of `labels` holds once its soft hyphens are removed and its case folded:
    the label's first `_MIN_STEM` characters up to a space.

    Why: the text folded (`fold`, colon stripped) is the label or, ending in a
    hyphen, starts like it for at least `_MIN_STEM` characters, so it starts with
    those characters; a piece of them with no white space in it stands unchanged in
    the text with soft hyphens removed and case folded (folding goes character by
    character, and `fold` only collapses and strips white space besides)."""
    return tuple(sorted({fold(label)[:_MIN_STEM].split(" ")[0] for label in labels}))


def texts_holding(texts: Sequence[str], words: Iterable[str]) -> list[int]:
    """Indices, ascending, of the texts that hold any of `words` as a substring.

    One `str.find` scan over all the texts joined by line breaks, not one search
    per text: the heading finders ask this of every row of a report. A word holds
    no line break, so where it is found it stands inside one text, and each text
    that holds it is found (the scan goes on from the start of the next text).
    """
    starts = list(accumulate(map(add, map(len, texts), repeat(1)), initial=0))
    joined = "\n".join(texts)
    found: set[int] = set()
    for word in words:
        at = joined.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            found.add(k)
            at = joined.find(word, starts[k + 1])
    return sorted(found)


def parse_int(text: str) -> int | None:
    m = _INT.match(text.strip().replace("\u00a0", ""))
    return int(m.group(1)) if m else None


_PERCENT_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_percent(text: str) -> int | float | None:
    """'80%', '80 %', '80\u00a0%', '80', '66,7 %' -> 80 / 66.7."""
    t = _PERCENT_SPACES.sub("", text)
    m = _PERCENT.match(t)
    if not m:
        return None
    if m.group(2):
        return float(f"{m.group(1)}.{m.group(2)}")
    return int(m.group(1))


def provenance(spans: Sequence[Span]) -> Provenance:
    """Where a value stands: page and the union box of its spans on the first span's
    page, or the source line.

    One word (most values) gives its own box and confidence at once, as the general
    path below does for one span. Else one pass over the spans; a value is replaced
    only by a strictly smaller (larger) one, as `min` (`max`) does, so the box is theirs.
    """
    if len(spans) == 1:
        one = spans[0]
        page, confidence = one.page, one.confidence
        if page is not None:
            box = (round(one.x0, 2), round(one.y0, 2), round(one.x1, 2), round(one.y1, 2))
            return Provenance(
                page=page, bbox=box, confidence=None if confidence is None else round(confidence, 3)
            )
    if not spans:
        return Provenance()
    first = spans[0]
    page = first.page
    if page is None:
        return Provenance(line=first.line, confidence=_confidence(spans))
    x0, y0, x1, y1 = first.x0, first.y0, first.x1, first.y1
    for s in spans:
        if s.page == page:
            if s.x0 < x0:
                x0 = s.x0
            if s.y0 < y0:
                y0 = s.y0
            if s.x1 > x1:
                x1 = s.x1
            if s.y1 > y1:
                y1 = s.y1
    box = (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))
    return Provenance(page=page, bbox=box, confidence=_confidence(spans))


def _confidence(spans: Sequence[Span]) -> float | None:
    if len(spans) == 1:  # most values are one word
        value = spans[0].confidence
        return None if value is None else round(value, 3)
    values = [s.confidence for s in spans if s.confidence is not None]
    return round(min(values), 3) if values else None


def half_up_percent(achieved: int, maximum: int) -> int | None:
    """achieved/max as a whole percent rounded half up (67.5 -> 68), in integers only."""
    if maximum <= 0:
        return None
    return (200 * achieved + maximum) // (2 * maximum)
