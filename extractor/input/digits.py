# mypy: disable-error-code="no-untyped-call"
"""A digit reader that does not share Tesseract's errors: glyph shapes compared with
the digits of standard fonts.

Tesseract's LSTM reads a lone "7" as "1" now and then, with high confidence, on the
page and in a cut-out cell alike, so a second Tesseract reading does not check the
first. This reader knows nothing but the shapes of "0"-"9" and "%": the glyphs of a
cell are split at the blank columns between them, each is scaled to a fixed height
(keeping its width, which tells "1" from "7") and compared with the same glyphs of
common report fonts (sans and serif, upright and bold; `digit_glyphs.json`).
A glyph whose best match is not clearly better than the next digit's is unreadable,
and so is the cell.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import numpy as np
import pymupdf

GLYPHS = "0123456789%"
_SIZE = 20  # glyphs are compared on a 20 x 20 grid, scaled to its height
_DARK = 160
# A glyph matches when its distance to the best template is below _MAX_DISTANCE and
# the nearest template of another glyph is at least _MIN_MARGIN further off (share).
_MAX_DISTANCE = 0.12
_MIN_MARGIN = 0.15
# A digit's advance over its height (tabular figures: 0.556 em over 0.72 em).
_DIGIT_WIDTH = 0.72
# Ink wider than this many digit widths is touching glyphs, to be split.
_SPLIT_WIDTH = 1.3
# A "%" is 1.1-1.2 of its height wide (a serif "%", as scanned: 1.16-1.19), two
# touching digits 1.35 or more.
_PERCENT_MAX = 1.28
_PERCENT_MIN = 0.95
# Ink share of a glyph's box above which it is a blot (bold digits of a black-and-white
# scan measure up to 0.72).
_MAX_INK = 0.85
# Ink narrower than this share of the cell's tallest glyph is dust, a comma or a dot.
_MIN_HEIGHT = 0.6


def _grid(mask: np.ndarray[Any, Any]) -> np.ndarray[Any, Any] | None:
    """The ink of one glyph scaled to _SIZE rows (keeping its aspect), centred on a
    _SIZE x _SIZE grid of ink shares."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if not rows.size:
        return None
    g = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.float32)
    h, w = g.shape
    width = max(1, min(_SIZE, int(round(w * _SIZE / h))))
    ys = (np.arange(_SIZE) + 0.5) * h / _SIZE
    xs = (np.arange(width) + 0.5) * w / width
    # Area-average by sampling four points per cell (cheap and smooth enough).
    out = np.zeros((_SIZE, width), np.float32)
    for dy in (-0.25, 0.25):
        for dx in (-0.25, 0.25):
            yi = np.clip((ys + dy * h / _SIZE).astype(int), 0, h - 1)
            xi = np.clip((xs + dx * w / width).astype(int), 0, w - 1)
            out += g[yi][:, xi]
    canvas = np.zeros((_SIZE, _SIZE), np.float32)
    x0 = (_SIZE - width) // 2
    canvas[:, x0 : x0 + width] = out / 4
    return canvas


@functools.lru_cache(maxsize=1)
def templates() -> tuple[tuple[str, str, np.ndarray[Any, Any]], ...]:
    """(font, glyph, grid) for every glyph of GLYPHS in every font of the
    catalogue's digit_glyphs.json (made by scripts/digit_glyphs.py)."""
    data = json.loads(
        resources.files("extractor.catalogue").joinpath("data/digit_glyphs.json").read_text("utf-8")
    )
    out = []
    for font, glyphs in data["fonts"].items():
        for ch, cells in glyphs.items():
            grid = np.array([int(c, 16) for c in cells], np.float32).reshape(_SIZE, _SIZE) / 15
            out.append((font, ch, grid))
    return tuple(out)


def encode(grid: np.ndarray[Any, Any]) -> str:
    """A grid as one hex digit (0-15) per cell, row by row: the data file's form."""
    return "".join("0123456789abcdef"[int(round(v * 15))] for v in grid.flatten())


def render_glyph(ch: str, font: str, fontfile: str | None = None) -> np.ndarray[Any, Any] | None:
    """One glyph of a font rendered large and reduced to a grid."""
    doc = pymupdf.open()
    page = doc.new_page(width=80, height=80)
    page.insert_text((10, 60), ch, fontname=font, fontfile=fontfile, fontsize=48)
    pix = page.get_pixmap(dpi=144, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    doc.close()
    return _grid(img < _DARK)


def glyph_boxes(mask: np.ndarray[Any, Any]) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of each glyph of a cell: runs of inked columns, each cut to
    its rows of ink; dust and punctuation (low ink) left out."""
    cols = mask.any(axis=0)
    runs: list[list[int]] = []
    for x in np.flatnonzero(cols):
        if runs and x == runs[-1][1]:
            runs[-1][1] = int(x) + 1
        else:
            runs.append([int(x), int(x) + 1])
    boxes = []
    for x0, x1 in runs:
        # The tallest stretch of inked rows: a scrap of ruling above or below the
        # glyph, apart from it by blank rows, is not part of it.
        rows = np.flatnonzero(mask[:, x0:x1].any(axis=1))
        pieces = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
        piece = max(pieces, key=len)
        top, bottom = int(piece[0]), int(piece[-1]) + 1
        inked = np.flatnonzero(mask[top:bottom, x0:x1].any(axis=0))
        boxes.append((x0 + int(inked[0]), top, x0 + int(inked[-1]) + 1, bottom))
    if not boxes:
        return []
    tallest = max(b[3] - b[1] for b in boxes)
    return [b for b in boxes if b[3] - b[1] >= _MIN_HEIGHT * tallest]


def _distances(mask: np.ndarray[Any, Any]) -> np.ndarray[Any, Any] | None:
    """The glyph's distance to every template (in `templates()` order), or None for
    no ink or a blot (no digit is that solid)."""
    grid = _grid(mask)
    if grid is None or mask.mean() > _MAX_INK:
        return None
    _, _, stack = _template_stack()
    out: np.ndarray[Any, Any] = np.mean((stack - _blur(grid)) ** 2, axis=(1, 2))
    return out


def _rank(dist: np.ndarray[Any, Any], font: str | None = None) -> tuple[str | None, float]:
    """The nearest glyph (among one font's, or all) and how sure (0..1); None when
    it is too far off or not clearly nearer than the next glyph."""
    fonts, chars, _ = _template_stack()
    best: dict[str, float] = {}
    for f, ch, d in zip(fonts, chars, dist.tolist(), strict=True):
        if (font is None or f == font) and d < best.get(ch, 9.0):
            best[ch] = d
    ranked = sorted(best.items(), key=lambda kv: kv[1])
    (ch, d1), (_, d2) = ranked[0], ranked[1]
    margin = (d2 - d1) / d2 if d2 > 0 else 0.0
    if d1 > _MAX_DISTANCE or margin < _MIN_MARGIN:
        return None, 0.0
    return ch, min(1.0, 0.5 + margin)


def read_glyph(mask: np.ndarray[Any, Any]) -> tuple[str | None, float]:
    """The glyph a mask shows, among all fonts' glyphs, and how sure (0..1)."""
    dist = _distances(mask)
    return _rank(dist) if dist is not None else (None, 0.0)


def _blur(g: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A 3 x 3 box blur: strokes a scan made thicker or thinner still overlap."""
    p = np.pad(g, 1)
    out = np.zeros((_SIZE, _SIZE), np.float32)
    for dy in range(3):
        for dx in range(3):
            out += p[dy : dy + _SIZE, dx : dx + _SIZE]
    return out / 9


@functools.lru_cache(maxsize=1)
def _template_stack() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray[Any, Any]]:
    fonts = tuple(f for f, _, _ in templates())
    chars = tuple(ch for _, ch, _ in templates())
    return fonts, chars, np.stack([_blur(t) for _, _, t in templates()])


def _glyphs(
    mask: np.ndarray[Any, Any], box: tuple[int, int, int, int], digit_w: float
) -> list[np.ndarray[Any, Any]] | None:
    """The glyphs of one run of ink: one glyph, or touching glyphs split where the
    ink is thinnest near each expected digit border; None when it cannot be split."""
    x0, y0, x1, y1 = box
    width = x1 - x0
    if width <= _SPLIT_WIDTH * digit_w:
        return [mask[y0:y1, x0:x1]]
    # A "%" is measured against the cell's digits, which stand a little taller.
    tall = max(y1 - y0, digit_w / _DIGIT_WIDTH)
    if width <= _PERCENT_MAX * tall and read_glyph(mask[y0:y1, x0:x1])[0] == "%":
        return [mask[y0:y1, x0:x1]]  # two touching digits ("66") are wider than a "%"
    percent = _split_percent(mask, box, digit_w)
    if percent is not None:
        return percent
    parts = int(round(width / digit_w))
    if parts < 2 or parts > 4:
        return None
    cols = mask[y0:y1, x0:x1].sum(axis=0)
    cuts = [0]
    for k in range(1, parts):
        centre = int(k * width / parts)
        lo, hi = max(centre - int(digit_w / 3), 1), min(centre + int(digit_w / 3), width - 1)
        cuts.append(lo + int(np.argmin(cols[lo:hi])) if hi > lo else centre)
    cuts.append(width)
    return [mask[y0:y1, x0 + a : x0 + b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _split_percent(
    mask: np.ndarray[Any, Any], box: tuple[int, int, int, int], digit_w: float
) -> list[np.ndarray[Any, Any]] | None:
    """A digit touching the "%" after it ("4%"): cut where the ink is thinnest so that
    the right part is as wide as a "%" and reads as one; the left part is then split
    like any other ink. None when no such cut exists."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    lo, hi = x1 - int(_PERCENT_MAX * height), x1 - int(_PERCENT_MIN * height)
    if lo - x0 < digit_w / 2 or hi <= lo:
        return None
    cols = mask[y0:y1, lo:hi].sum(axis=0)
    cut = lo + int(np.argmin(cols))
    if read_glyph(mask[y0:y1, cut:x1])[0] != "%":
        return None
    left = _glyphs(mask, (x0, y0, cut, y1), digit_w)
    return None if left is None else [*left, mask[y0:y1, cut:x1]]


def read_digits(crop: np.ndarray[Any, Any]) -> tuple[str, float, tuple[int, int, int, int] | None]:
    """The digits (and "%") of a cell crop, their confidence (the least sure glyph)
    and the box of the glyphs; "" when any glyph is unreadable.

    A glyph no template of all fonts is clearly nearest to is read against the
    cell's font, the one whose glyphs fit the cell's best together: within one font
    "6" and "5", or "8" and "3", are further apart than across all fonts."""
    mask = crop < _DARK
    boxes = glyph_boxes(mask)
    if not boxes or len(boxes) > 6:
        return "", 0.0, None
    height = max(b[3] - b[1] for b in boxes)
    digit_w = _DIGIT_WIDTH * height
    glyphs: list[np.ndarray[Any, Any]] = []
    for box in boxes:
        found = _glyphs(mask, box, digit_w)
        if found is None:
            return "", 0.0, None
        glyphs.extend(found)
    dists = [_distances(g) for g in glyphs]
    if any(d is None for d in dists) or len(glyphs) > 6:
        return "", 0.0, None
    fonts, _, _ = _template_stack()
    names = sorted(set(fonts))
    index = np.array([names.index(f) for f in fonts])
    # Per font: the sum over glyphs of each glyph's nearest template in that font.
    totals = np.zeros(len(names))
    for d in dists:
        assert d is not None
        totals += np.array([d[index == k].min() for k in range(len(names))])
    font = names[int(np.argmin(totals))]
    text: list[str] = []
    confs: list[float] = []
    for d in dists:
        assert d is not None
        ch, conf = _rank(d)
        if ch is None:  # no glyph of all fonts clearly nearest: the cell's font decides
            ch, conf = _rank(d, font)
        if ch is None:
            return "", 0.0, None
        text.append(ch)
        confs.append(conf)
    box = (boxes[0][0], min(b[1] for b in boxes), boxes[-1][2], max(b[3] for b in boxes))
    return "".join(text), min(confs), box
