# mypy: disable-error-code="no-untyped-call"
"""A second, Swedish-only reading of the words of an area's list table.

The page is read with Swedish and English models together (`swe+eng`): English
reads the "%" of the score tables that Swedish alone takes for "90", and the cell
reader checks every number. But where the English model wins a word, its å, ä and
ö are gone ("Websandning", "fora" for "föra", "medborgarundersokningar"). So the
lines below a list table's header (Styrkor, Förbättringsmöjligheter, Svagheter:
the bullet items) are read again by the Swedish model alone, one line at a time,
and a word of the first reading takes the second's spelling when the two differ
in nothing but those marks (the same letters, at the same place on the page), or
when the Swedish reading is clearly surer of its word (a confidence at least 0.2
higher). Nothing else of the first reading changes.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from extractor.catalogue.labels import labels
from extractor.input.ocr_cells import OcrWord

Box = tuple[int, int, int, int]
# A line is re-read with this many pixels of margin around its words' box.
_PAD = 4
# A word of the second reading stands for one of the first when it covers at least
# this share of the first's width.
_MIN_OVERLAP = 0.6
_MARKED = frozenset("åäöÅÄÖéÉ")
# Otherwise a word of at least _MIN_LENGTH letters takes the Swedish reading only
# when that reading is this much surer of it (Tesseract's word confidence, 0..1):
# "medborgardiatog" read at 0.22, "medborgardialog" at 0.91.
_SURER = 0.2
_MIN_LENGTH = 3
_PUNCTUATION = ".,:;!?”\"'()–-"


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@functools.lru_cache(maxsize=1)
def _list_headers() -> frozenset[str]:
    lab = labels()
    return frozenset(w.casefold() for w in (*lab.strengths, *lab.improvements, *lab.weaknesses))


def list_table_top(words: Sequence[OcrWord]) -> int | None:
    """The bottom (pixels) of a list table's header: a line holding at least two of
    the three list labels; None when the page has none."""
    headers = [w for w in words if w.text.strip(":").casefold() in _list_headers()]
    for w in headers:
        same = [
            v for v in headers if abs((v.box[1] + v.box[3]) - (w.box[1] + w.box[3])) < (w.box[3] - w.box[1])
        ]
        if len(same) >= 2:
            return max(v.box[3] for v in same)
    return None


def candidates(words: Sequence[OcrWord], top: int) -> dict[tuple[int, int, int], list[int]]:
    """Indices of the words below `top` made of letters (and hyphens), by line."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for k, w in enumerate(words):
        core = w.text.strip(_PUNCTUATION)
        if w.box[1] < top or not core.replace("-", "").isalpha():
            continue
        lines.setdefault(w.line, []).append(k)  # type: ignore[arg-type]
    return lines


def with_swedish_marks(
    words: list[OcrWord], img: np.ndarray[Any, Any], read_line: Callable[[Box], list[OcrWord]]
) -> list[OcrWord]:
    """`words` with the marks the Swedish reading of their line gives them (see the
    module); `read_line` reads one pixel box of `img` with the Swedish model."""
    top = list_table_top(words)
    if top is None:
        return words
    out = list(words)
    h, w = img.shape[:2]
    for line, idx in candidates(words, top).items():
        members = [k for k, v in enumerate(words) if v.line == line]
        box = (
            max(0, min(words[k].box[0] for k in members) - _PAD),
            max(0, min(words[k].box[1] for k in members) - _PAD),
            min(w, max(words[k].box[2] for k in members) + _PAD),
            min(h, max(words[k].box[3] for k in members) + _PAD),
        )
        second = read_line(box)
        for k in idx:
            mended = _mend(words[k], second)
            if mended is not None:
                out[k] = mended
    return out


def _mend(word: OcrWord, second: Sequence[OcrWord]) -> OcrWord | None:
    width = max(1, word.box[2] - word.box[0])
    best = max(second, key=lambda s: _overlap(word.box, s.box), default=None)
    if best is None or _overlap(word.box, best.box) < _MIN_OVERLAP * width:
        return None
    text = best.text.strip(_PUNCTUATION)
    core = word.text.strip(_PUNCTUATION)
    if text == core or not text.replace("-", "").isalpha():
        return None
    marks = any(c in _MARKED for c in text) and same_but_marks(core, text)
    surer = len(core) >= _MIN_LENGTH and best.conf >= word.conf + _SURER
    if not (marks or surer):
        return None  # another word, and the Swedish reading is not clearly surer of it
    return word._replace(text=word.text.replace(core, text, 1), conf=min(word.conf, best.conf))


def same_but_marks(first: str, second: str) -> bool:
    """The two readings differ only where the second has å, ä, ö or é: "fora" and
    "föra", "brukarundersOkningar" and "brukarundersökningar"; not "fora" and "före"."""
    if len(first) != len(second):
        return False
    for a, b in zip(first, second, strict=True):
        if a != b and (b not in _MARKED or strip_marks(a).casefold() != strip_marks(b).casefold()):
            return False
    return True


def _overlap(a: Box, b: Box) -> int:
    return max(0, min(a[2], b[2]) - max(a[0], b[0]))
