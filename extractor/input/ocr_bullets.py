# mypy: disable-error-code="no-untyped-call"
"""Bullet glyphs in a scanned page that OCR lost or misread, found by their shape.

Tesseract often drops a small bullet as a speck (the item then runs on into the
item before) or reads it as letters ("mw", "RB" for a square "▪"). The ink is still
on the page: a bullet is one small solid blob, about as wide as it is tall, left
of the text it starts and apart from it. Every place where a run of words begins
(a line's first word, or a word after a gap, as in a table's columns) is looked at
in the page image, straightened exactly as for OCR; a single solid blob of bullet
size there becomes a "•" word, and a short word whose ink is one such blob is read
as "•". Nothing else is changed, and nothing is made where the page holds no ink.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pymupdf

from extractor.input.document import Span
from extractor.input.ocr import _skew as skew_angle  # the OCR reader's own straightening
from extractor.input.ocr import straightened

# The page is looked at in this resolution: a 10 pt bullet is about 10 pixels wide.
_DPI = 200
_INK = 128  # grey level below which a pixel is ink
# A word starts a run when the gap before it is wider than this many font sizes.
_RUN_GAP = 1.0
# Where a bullet stands: left of the run's first word, within this many font sizes,
# and at least _SPACE font sizes apart from the word.
_REACH, _SPACE = 2.5, 0.12
# A bullet's size (width and height) in font sizes, its width over its height, and
# the share of its bounding box that is ink: a disc fills 0.79, a square 1.0; on the
# bundled scans bullets measure 0.73-0.99, while letters of about a bullet's size
# left of a word ("e", "a", "o", "ä") measure 0.36-0.55.
_SIZE = (0.18, 0.75)
_ASPECT = (0.6, 1.6)
_MIN_FILL = 0.68
# Its centre stands in the middle of the line's box (top to bottom 0..1): at the
# x-height's middle, never up where a quotation mark or down where a comma is.
_CENTRE = (0.3, 0.8)
# A misread bullet is read as at most this many characters ("mw", "a", "RB", "uw.").
_MAX_MISREAD = 3
# Ink of at most this many pixels is a speck of dust, not a glyph.
_SPECK = 3
# The confidence given to a bullet found by its shape.
BULLET_CONFIDENCE = 0.5


@dataclass(frozen=True)
class _Image:
    ink: np.ndarray[Any, Any]  # bool, True where there is ink
    zoom: float
    origin: tuple[int, int]

    def box(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray[Any, Any]:
        px0 = max(int(round(x0 * self.zoom)) - self.origin[0], 0)
        py0 = max(int(round(y0 * self.zoom)) - self.origin[1], 0)
        px1 = max(int(round(x1 * self.zoom)) - self.origin[0], px0)
        py1 = max(int(round(y1 * self.zoom)) - self.origin[1], py0)
        return self.ink[py0:py1, px0:px1]


def with_bullets(page: pymupdf.Page, spans: Sequence[Span]) -> list[Span]:
    """`find_bullets` on the OCR words of `page`."""
    if not spans:
        return []
    return find_bullets(spans, straightened_ink(page, skew_angle(page)))


def straightened_ink(page: pymupdf.Page, angle: float, dpi: int = _DPI) -> _Image:
    """The page's ink, turned by `angle` about its centre as the OCR reader turns it,
    so that the OCR words' boxes (points of the straightened page) fall on it."""
    raw, origin = straightened(page, angle, dpi)
    return _Image(ink=raw < _INK, zoom=dpi / 72, origin=origin)


def find_bullets(spans: Sequence[Span], image: _Image) -> list[Span]:
    """The spans with every bullet OCR lost added as a "•" word, and every short word
    whose ink is one bullet-shaped blob read as "•"."""
    out: list[Span] = []
    found: list[Span] = []
    for line in _lines(spans):
        for k, span in enumerate(line):
            before = line[k - 1] if k else None
            if not _starts_run(span, before):
                out.append(span)
                continue
            if _is_misread(span, line[k + 1] if k + 1 < len(line) else None, image):
                out.append(replace(span, text="•", confidence=BULLET_CONFIDENCE))
                continue
            blob = (
                _blob_before(span, before, image)
                if span.text[:1].isalpha() or span.text[:1] in '”"“'
                else None
            )
            if blob is not None:
                x0, _, x1, _ = blob
                found.append(replace(span, text="•", x0=x0, x1=x1, confidence=BULLET_CONFIDENCE))
                out.append(found[-1])
            out.append(span)
    # OCR may have read the bullet's ink as a short word on a line of its own ("a"):
    # that word is the bullet found, not text.
    return [s for s in out if not any(_reads_blob(s, b) for b in found)]


def _reads_blob(span: Span, bullet: Span) -> bool:
    if span is bullet or len(span.text.strip()) > _MAX_MISREAD or any(c.isdigit() for c in span.text):
        return False
    centre = (span.x0 + span.x1) / 2
    return (
        span.page == bullet.page
        and bullet.x0 - 1 <= centre <= bullet.x1 + 1
        and min(span.y1, bullet.y1) - max(span.y0, bullet.y0) > 0.5 * (bullet.y1 - bullet.y0)
    )


def _lines(spans: Sequence[Span]) -> list[list[Span]]:
    """The OCR lines: words sharing one line box (the OCR reader gives every word of
    a line its line's top and bottom), left to right."""
    lines: dict[tuple[int | None, float, float], list[Span]] = {}
    for s in spans:
        lines.setdefault((s.page, s.y0, s.y1), []).append(s)
    return [sorted(v, key=lambda s: s.x0) for v in lines.values()]


def _starts_run(span: Span, before: Span | None) -> bool:
    return before is None or span.x0 - before.x1 > _RUN_GAP * max(span.size, 1.0)


def _is_misread(span: Span, after: Span | None, image: _Image) -> bool:
    text = span.text.strip()
    if after is None or not text or text == "•" or len(text) > _MAX_MISREAD:
        return False
    if any(c.isdigit() for c in text) and not any(c.isalpha() for c in after.text):
        return False  # a digit before a number is a number ("8 12"); before a word it may be a bullet ("8 Jämförelser")
    if after.x0 - span.x1 < _SPACE * span.size:
        return False
    ink = image.box(span.x0 - 1, span.y0, span.x1 + 1, span.y1)
    # The word's ink is one blob, nothing beside it: a digit or letters have strokes
    # and holes that the fill test rejects, a bullet is solid.
    return len(_runs(ink.sum(axis=0))) == 1 and _bullet_shape(ink, span, image.zoom) is not None


def _blob_before(span: Span, before: Span | None, image: _Image) -> tuple[float, float, float, float] | None:
    size = max(span.size, 1.0)
    lo = span.x0 - _REACH * size
    if before is not None:
        lo = max(lo, before.x1 + _SPACE * size)
    hi = span.x0 - _SPACE * size
    if hi - lo < _SIZE[0] * size:
        return None
    ink = image.box(lo, span.y0, hi, span.y1)
    found = _bullet_shape(ink, span, image.zoom)
    if found is None:
        return None
    bx0, _, bx1, _ = found
    return lo + bx0, span.y0, lo + bx1, span.y1


def _bullet_shape(
    ink: np.ndarray[Any, Any], span: Span, zoom: float
) -> tuple[float, float, float, float] | None:
    """The box (points, relative to the region) of the blob nearest the region's
    right edge, when it is one solid blob of a bullet's size, shape and height, with
    no other ink beside or above it; else None. Specks of a few pixels are ignored,
    and ink further left (a table's ruling, the end of a column's text) is not part
    of it."""
    if ink.size == 0:
        return None
    runs = _runs(ink.sum(axis=0))
    if not runs:
        return None
    c0, c1 = runs[-1]
    part = ink[:, c0:c1]
    rows = _runs(part.sum(axis=1))
    if len(rows) != 1:
        return None
    r0, r1 = rows[0]
    h, w = (r1 - r0) / zoom, (c1 - c0) / zoom
    size = max(span.size, 1.0)
    if not (_SIZE[0] * size <= h <= _SIZE[1] * size and _SIZE[0] * size <= w <= _SIZE[1] * size):
        return None
    if not _ASPECT[0] <= w / h <= _ASPECT[1]:
        return None
    if float(part[r0:r1].mean()) < _MIN_FILL:
        return None
    centre = (r0 + r1) / 2 / ink.shape[0]
    if not _CENTRE[0] <= centre <= _CENTRE[1]:
        return None
    return c0 / zoom, r0 / zoom, c1 / zoom, r1 / zoom


def _runs(profile: np.ndarray[Any, Any]) -> list[tuple[int, int]]:
    """[start, end) of the runs of non-zero entries holding more than a speck of ink."""
    on = np.concatenate(([0], (profile > 0).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(on))
    return [
        (int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if profile[a:b].sum() > _SPECK
    ]
