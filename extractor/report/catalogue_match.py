"""Texts read by OCR, matched to the criteria catalogue.

A question's text or an area's title printed in a scan is the catalogue's text, read
with OCR's character errors ("kommunévergripande", "samhdllsbyggare"). Where the
reading is very close to exactly one catalogue text, the catalogue's text is given
instead, and the provenance keeps what OCR read (`as_read`) and how close it was
(`match_ratio`). Only what OCR's character errors explain is mended: the texts must
have the same words, each differing word only a little (a reworded question, a
word more or less, keeps its printed text), and the match must stand clearly above
every other catalogue text. A text layer's text is never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extractor.catalogue.frameworks import AreaSpec, Framework, frameworks, title_score
from extractor.catalogue.labels import labels
from extractor.input.document import Span

# rapidfuzz ratio (0..100) of the text as read to the catalogue's text: at least this…
MATCH_RATIO = 90.0
# …and at least this much above the next best catalogue text.
MATCH_MARGIN = 10.0
# Each word that differs may differ by at most this many edits, and by at most
# this share of its length (one or two misread letters, not another word).
_WORD_EDITS = 2
_WORD_SHARE = 0.34
# A heading whose area word OCR garbled ("Ornråde", "0mråde") is still one when the
# word is this close to an area word (rapidfuzz ratio) and its title names the area
# of its number in some criteria version this closely (token set ratio).
AREA_WORD_RATIO = 75.0
HEADING_TITLE_RATIO = 90.0
_HEADING = re.compile(r"^(\S{4,})\s+(\d)\s*[.:–—-]?\s*(\S.*)$")


@dataclass(frozen=True)
class CatalogueMatch:
    text: str  # the catalogue's text
    as_read: str  # the text as OCR read it
    ratio: float


def read_by_ocr(spans: Sequence[Span]) -> bool:
    return bool(spans) and all(s.confidence is not None for s in spans)


def match_question(as_read: str, qid: str, fw: Framework | None) -> CatalogueMatch | None:
    """The catalogue text of question `qid` when `as_read` is that text misread by
    OCR (see the module's rules); None when it already is the catalogue's text, or
    when the match is not close and clear enough."""
    if fw is None or not fw.questions_known:
        return None
    spec = fw.question(qid)
    if spec is None:
        return None
    others = [q.text for a in fw.areas for q in a.questions if q.id != qid]
    return _match(as_read, [spec.text], others)


def match_title(as_read: str, area: AreaSpec | None, fw: Framework | None) -> CatalogueMatch | None:
    """The catalogue's spelling of an area title read by OCR (its title or one of its
    printed variants), under the same rules, against the other areas' titles."""
    if fw is None or area is None:
        return None
    names = [n for n in (area.title, *area.variants) if n]
    others = [n for a in fw.areas if a.number != area.number for n in (a.title, *a.variants) if n]
    return _match(as_read, names, others)


def _match(as_read: str, candidates: Sequence[str], others: Sequence[str]) -> CatalogueMatch | None:
    text = " ".join(as_read.split())
    if not text or not candidates or text in candidates:
        return None
    scored = sorted(((fuzz.ratio(text, c), c) for c in candidates), reverse=True)
    ratio, best = scored[0]
    # A variant of the same area's title is not a rival: only the others are.
    rival = max((fuzz.ratio(text, o) for o in others), default=0.0)
    if ratio < MATCH_RATIO or ratio - rival < MATCH_MARGIN or not same_words(text, best):
        return None
    return CatalogueMatch(text=best, as_read=text, ratio=round(ratio, 1))


def same_words(read: str, catalogue: str) -> bool:
    """The same number of words, and each word that differs only by a misread letter
    or two ("kommunévergripande" for "kommunövergripande", "“attraktiv" for "”attraktiv")."""
    a, b = read.split(), catalogue.split()
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        edits = Levenshtein.distance(x, y)
        if edits == 1 and not any(c.isalnum() for c in x + y):
            continue  # a dash or quotation mark read as its neighbour ("-" for "–")
        if edits > _WORD_EDITS or edits > _WORD_SHARE * max(len(x), len(y)):
            return False
    return True


def heading_shape(text: str) -> bool:
    """The line has a heading's shape (a word, a digit, a title): the first test of
    `ocr_area_heading`, cheap enough for every line of a report."""
    return _HEADING.match(text) is not None


def ocr_area_heading(text: str) -> tuple[int, str] | None:
    """(number, rest of the line) of an area heading read by OCR whose area word is
    garbled: the word is close to an area word, and the title that follows is close
    to a catalogue title of the area with that number. The title decides: a garbled
    word before a number is not enough."""
    m = _HEADING.match(text)
    if m is None:
        return None
    word, number, rest = m.group(1).casefold(), int(m.group(2)), m.group(3)
    if max(fuzz.ratio(word, w.casefold()) for w in labels().area_word) < AREA_WORD_RATIO:
        return None
    areas = [a for fw in frameworks() if (a := fw.area(number)) is not None]
    if not any(title_score(rest, a) >= HEADING_TITLE_RATIO for a in areas):
        return None
    return number, rest


# An overview heading read by OCR ("Översikt av poangférdelning") is one when it is
# this close (rapidfuzz ratio, case folded) to a label of the overview heading.
OVERVIEW_HEADING_RATIO = 90.0


def ocr_overview_heading(text: str) -> bool:
    """The text (its chapter number removed) of a row read by OCR is an overview
    heading whose letters OCR misread: close to one of the labels as a whole, or its
    beginning close to one (a heading that runs on, "… per område")."""
    folded = text.casefold().strip()
    for label in labels().overview_heading:
        want = label.casefold()
        if fuzz.ratio(folded, want) >= OVERVIEW_HEADING_RATIO:
            return True
        if len(folded) > len(want) and fuzz.ratio(folded[: len(want)], want) >= OVERVIEW_HEADING_RATIO:
            return True
    return False
