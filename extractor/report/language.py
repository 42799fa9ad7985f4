"""Which language a report is written in: Swedish, or Norwegian Bokmål or Nynorsk.

Kommunekompasset (KS, Norway) uses the same eight areas as Kommunkompassen with
Norwegian headings. The language is told by counting a few very common function
words that differ between the three written standards (kept as data in
`catalogue/data/languages.json`); the one with most hits wins.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from importlib import resources

from extractor.layout.rows import Row

# Fewer marker words than this in the whole document decide nothing.
_MIN_HITS = 5


@cache
def _markers() -> dict[str, frozenset[str]]:
    raw = json.loads(
        resources.files("extractor.catalogue").joinpath("data/languages.json").read_text("utf-8")
    )
    return {lang: frozenset(words) for lang, words in raw["markers"].items()}


@cache
def _word() -> re.Pattern[str]:
    """A word: a run of a-z and the Nordic letters, and of every letter the marker
    words hold (a marker with a letter of its own, such as "òg", is counted too).
    A narrow class: any-letter (`[^\\W\\d_]`) reads the text 1.7 times slower."""
    letters = {c for words in _markers().values() for word in words for c in word}
    extra = "".join(sorted((letters | set("åäöæøéü")) - set("abcdefghijklmnopqrstuvwxyz")))
    return re.compile(f"[a-z{re.escape(extra)}]+")


def detect_language(rows: list[Row]) -> tuple[str | None, dict[str, int]]:
    """("sv" | "nb" | "nn" | None, marker-word counts per language)."""
    markers = _markers()
    # One pass over the whole text: case folding goes character by character and a
    # line break ends a word as a space does, so the words are those of each row's
    # text in turn. A row's text (its words joined by spaces) is kept by the row,
    # and the earlier finders have mostly worked it out.
    found = Counter(_word().findall("\n".join([row.text for row in rows]).casefold()))
    counts = {lang: sum(found[w] for w in words if w in found) for lang, words in markers.items()}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] < _MIN_HITS:
        return None, counts
    if best in ("nb", "nn"):
        # Both Norwegian standards share most words; the one with more of its own wins.
        best = "nn" if counts["nn"] > counts["nb"] else "nb"
    return best, counts
