# mypy: disable-error-code="no-untyped-call"
"""OCR of image-only pages: Tesseract (Swedish, English as a fallback) through its CLI.

The Tesseract command line is called rather than PyMuPDF's built-in OCR because its
TSV output keeps each word's confidence, which every value read by OCR carries on.
A page is rendered by PyMuPDF, straightened first (scans are often skewed by a
degree or so, and a skewed table mixes its rows), and every word box is mapped back
through the same matrix, so the spans are in PDF points of the page exactly like
the text-layer reader's and the later stages cannot tell them apart.

Configuration by environment, so batch workers inherit it:

    KOMPASS_TESSERACT   the tesseract program (default: `tesseract` on PATH)
    TESSDATA_PREFIX     Tesseract's own variable: the folder holding swe.traineddata
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pymupdf

from extractor.errors import DamagedInput, OcrUnavailable
from extractor.input.document import Span

TESSERACT_ENV = "KOMPASS_TESSERACT"
INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-swe` (Debian/Ubuntu)"

# A number read by OCR with a confidence below this is not trusted: the report
# stage sets it to null and reconciliation raises UNREADABLE. On the bundled scans
# every correctly read number scores 0.89 or more (Tesseract's word confidence /
# 100); misread digits fall well below.
MIN_NUMBER_CONFIDENCE = 0.80
# Scans below this resolution (pixels per inch of the page image) give no number
# that can be trusted: measured on the bundled 150-dpi scan, 89 of 159 numbers read
# wrong, many with confidence above 0.9; at 200 dpi none.
MIN_NUMBER_DPI = 175.0
LOW_RESOLUTION_CONFIDENCE = 0.0

# Pages are rendered for Tesseract at 300 dpi whatever the scan's resolution: 10 pt
# text at 150 or 200 dpi is too small for its models, and on the bundled 200-dpi
# scans the 300-dpi rendering (smoothed, see `_soften`) reads digits more surely.
OCR_DPI = 300
# Skew search: ±_MAX_SKEW degrees in steps of _SKEW_STEP, on a 100 dpi rendering.
_MAX_SKEW, _SKEW_STEP, _SKEW_DPI = 2.0, 0.05, 100
# Word height over font size, by which glyph heights the word has: x-height only,
# ascenders or descenders, both. Tesseract gives boxes, not font sizes.
_HEIGHT_SHARE = {(False, False): 0.5, (True, False): 0.72, (False, True): 0.72, (True, True): 0.95}
_DESCENDERS = set("gjpqyQ,;()[]{}|/")
# A text layer is garbage when fewer than this share of its visible characters are
# letters or digits, or more than this share are private-use code points (fonts
# without a Unicode map).
_MIN_ALNUM_SHARE = 0.5
# A text layer is usable when at least this share of its visible characters are
# letters, digits, punctuation or ordinary symbols (report pages measure 0.97-1.0).
_MIN_TEXT_SHARE = 0.6
_ORDINARY_SYMBOLS = set("%+=<>§°€$£/&*#@|~^`´¨±×÷\u00ad\uf0b7\uf0a7")
# Table rulings that OCR reads as characters at a word's edge ("|", "[4").
_RULING = "|¦[]"
# What Tesseract makes of a bullet glyph at the start of a line.
# ("m", "@", "a" are reportlab's "▪"; a Swedish line never starts with those alone.)
_BULLET_MISREADS = frozenset("+¢«»*©°e®•·¥m@a▪■")
# A gap wider than this many word heights before a word starts a new table column.
_COLUMN_GAP = 1.5
# Punctuation-only words read with less confidence than this are dust.
_NOISE_CONFIDENCE = 0.7
# The confidence given to a number whose width does not fit its digits.
_IMPLAUSIBLE = 0.3
# A number's width per digit over its height: outside this range OCR has read more
# or fewer digits than the ink holds ("77" read as "7"). On the bundled scans read
# correctly the ratio lies in 0.45-0.95.
_DIGITS = re.compile(r"^(\d{1,4})(\s*%)?$")
_PERCENT_WIDTH = 1.15  # "%" is about 1.15 digit heights wide
_DIGIT_RATIO = (0.35, 1.1)
# A word more than this times its line's font size keeps its own size.
_OWN_SIZE = 1.6
_MAX_PRIVATE_SHARE = 0.3


@dataclass(frozen=True)
class Tesseract:
    program: str
    languages: str


def text_layer_is_usable(spans: Sequence[Span]) -> bool:
    """False for a page without words, or whose characters mostly do not read as
    text (a font without a Unicode mapping gives private-use or control codes):
    such a page is read by OCR when it holds an image."""
    chars = [c for s in spans for c in s.text if not c.isspace()]
    if not chars:
        return False
    text = sum(1 for c in chars if unicodedata.category(c)[0] in "LNP" or c in _ORDINARY_SYMBOLS)
    return text >= _MIN_TEXT_SHARE * len(chars)


def find_tesseract(path: str) -> Tesseract:
    """The Tesseract to use, or `OcrUnavailable` saying what to install."""
    program = os.environ.get(TESSERACT_ENV) or "tesseract"
    return _probe(program, os.environ.get("TESSDATA_PREFIX"), path)


@functools.lru_cache(maxsize=8)
def _probe(program: str, tessdata: str | None, path: str) -> Tesseract:
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(
            f"the PDF has image-only pages and Tesseract OCR was not found ({program}); {INSTALL_HINT}",
            path=path,
        ) from exc
    langs = {line.strip() for line in done.stdout.splitlines()[1:]}
    if "swe" not in langs:
        where = f" in {tessdata}" if tessdata else ""
        raise OcrUnavailable(
            f"the PDF has image-only pages and Tesseract's Swedish data (swe.traineddata) is missing{where}; "
            "install it with `apt-get install tesseract-ocr-swe` (Debian/Ubuntu)",
            path=path,
        )
    return Tesseract(program=program, languages="swe+eng" if "eng" in langs else "swe")


def scan_resolution(page: pymupdf.Page) -> float | None:
    """The resolution (pixels per inch) of the largest image on the page, as placed."""
    best: tuple[float, float] | None = None
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        area = (x1 - x0) * (y1 - y0)
        if x1 - x0 > 0 and (best is None or area > best[0]):
            best = (area, info["width"] / ((x1 - x0) / 72))
    return best[1] if best else None


def ocr_page(page: pymupdf.Page, tesseract: Tesseract, path: str) -> list[Span]:
    """The words of an image-only page, in PDF points, each with its confidence.

    On a scan below `MIN_NUMBER_DPI` Tesseract's digits, and even the table headings
    that place them, are not reliable (at 150 dpi it misreads many numbers with high
    confidence): every word with a digit gets `LOW_RESOLUTION_CONFIDENCE`, so numbers
    come out null with an `UNREADABLE` warning instead of wrong."""
    spans = _ocr_words(page, tesseract, path)
    resolution = scan_resolution(page)
    if resolution is not None and resolution < MIN_NUMBER_DPI:
        spans = [
            replace(s, confidence=min(s.confidence or 0.0, LOW_RESOLUTION_CONFIDENCE))
            if any(c.isdigit() for c in s.text)
            else s
            for s in spans
        ]
    return spans


def _ocr_words(page: pymupdf.Page, tesseract: Tesseract, path: str) -> list[Span]:
    dpi = OCR_DPI
    angle = _skew(page)
    # Straighten by turning the page about its centre: the words' coordinates are
    # then points of the straightened page, within sin(skew) x half the page size
    # (about 5 pt for 1 degree on A4) of where they stand on the scan.
    cx, cy = page.rect.width / 2, page.rect.height / 2
    zoom = dpi / 72
    matrix = (
        pymupdf.Matrix(1, 0, 0, 1, -cx, -cy)
        * pymupdf.Matrix(angle)
        * pymupdf.Matrix(1, 0, 0, 1, cx, cy)
        * pymupdf.Matrix(zoom, zoom)
    )
    pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    origin = (pix.x, pix.y)
    raw = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    tsv = _tesseract_tsv(_soften(raw), tesseract, dpi, path, page.number + 1)
    inverse = pymupdf.Matrix(1 / zoom, 1 / zoom)
    return list(_tsv_to_spans(tsv, page.number + 1, origin, inverse))


def _tesseract_tsv(img: np.ndarray[Any, Any], tesseract: Tesseract, dpi: int, path: str, page: int) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        done = subprocess.run(
            [tesseract.program, "stdin", "stdout", "-l", tesseract.languages, "--dpi", str(dpi), "tsv"],
            input=f"P5\n{img.shape[1]} {img.shape[0]}\n255\n".encode() + img.tobytes(),
            capture_output=True,
            env=env,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DamagedInput(f"OCR failed ({exc})", path=path, page=page) from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise DamagedInput(f"OCR failed ({reason[0][:120]})", path=path, page=page)
    return done.stdout.decode("utf-8")


def _soften(img: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A [1 2 1]/4 blur across and down: the hard edges of a black-and-white scan
    become the grey edges Tesseract's models were trained on (on the bundled scans it
    raises the lowest number confidences from about 0.35 to 0.7 and reads "77"
    that it otherwise reads as "7")."""
    f = img.astype(np.uint16)
    f[:, 1:-1] = (f[:, :-2] + 2 * f[:, 1:-1] + f[:, 2:]) // 4
    f[1:-1, :] = (f[:-2, :] + 2 * f[1:-1, :] + f[2:, :]) // 4
    return np.ascontiguousarray(f.astype(np.uint8))


def _skew(page: pymupdf.Page) -> float:
    """The rotation, in degrees, that makes the page's text lines horizontal.

    Projection profiles: dark pixels are sheared by each candidate angle and counted
    per row; the straightest angle gives the peakiest profile (largest sum of squares).
    """
    pix = page.get_pixmap(dpi=_SKEW_DPI, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    ys, xs = np.nonzero(img < 128)
    if len(xs) < 50:
        return 0.0
    xs_c = xs - pix.width / 2
    best, best_score = 0.0, -1.0
    for angle in np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, _SKEW_STEP):
        rows = np.round(ys + xs_c * np.tan(np.radians(angle))).astype(np.int64)
        rows -= rows.min()
        score = float(np.sum(np.bincount(rows).astype(np.float64) ** 2))
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def _tsv_to_spans(
    tsv: str,
    page_number: int,
    origin: tuple[int, int],
    inverse: pymupdf.Matrix,
) -> Iterator[Span]:
    """Level-5 rows (words) of Tesseract's TSV, grouped by their line.

    Every word of a line gets the line's top and bottom, as a text layer's words get
    their font's ascent and descent: a word's own box ("och" vs "Finns") would put
    words of one line at different heights and split the line into rows."""
    lines: dict[tuple[str, str, str], list[tuple[str, tuple[int, int, int, int], float]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip()).strip(_RULING)
        if row.get("level") != "5" or not text or float(row["conf"]) < 0:
            continue
        left, top = int(row["left"]), int(row["top"])
        pixel_box = (left, top, left + int(row["width"]), top + int(row["height"]))
        conf = float(row["conf"]) / 100
        bullet_like = len(text) <= 2 and all(c in _BULLET_MISREADS for c in text)
        if conf < _NOISE_CONFIDENCE and not bullet_like and not any(c.isalnum() for c in text):
            continue  # dust and specks read as punctuation
        if text == "—":
            text = "–"  # Swedish reports set a spaced en dash; Tesseract reads an em dash
        text = text.replace('"', "”")  # and Swedish quotation marks, ” on both sides
        if not _plausible_width(text, pixel_box):
            conf = min(conf, _IMPLAUSIBLE)  # more or fewer digits than the ink is wide
        box = (left + origin[0], top + origin[1], pixel_box[2] + origin[0], pixel_box[3] + origin[1])
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append((restore_diacritics(text), box, conf))
    scale = abs(inverse.a * inverse.d - inverse.b * inverse.c) ** 0.5  # pixels -> points
    for words in lines.values():
        top = min(b[1] for _, b, _ in words)
        bottom = max(b[3] for _, b, _ in words)
        own = [_font_size(text, (b[3] - b[1]) * scale) for text, b, _ in words]
        line_size = sorted(own)[len(own) // 2]
        for k, (text, (x0, _, x1, _), conf) in enumerate(words):
            # A word far larger than its line (a score in 24 pt beside 10 pt text
            # that Tesseract put on one line) keeps its own size.
            size = own[k] if own[k] > _OWN_SIZE * line_size else line_size
            if _is_bullet_misread(words, k):
                text = "•"
            box = pymupdf.Rect(x0, top, x1, bottom) * inverse
            yield Span(
                text=text,
                x0=box.x0,
                y0=box.y0,
                x1=box.x1,
                y1=box.y1,
                size=round(size * 2) / 2,
                page=page_number,
                confidence=round(conf, 3),
            )


def _is_bullet_misread(words: Sequence[tuple[str, tuple[int, int, int, int], float]], k: int) -> bool:
    """A short token of bullet-like marks that starts a line or a table column (a wide
    gap before it) and has a word after it: a bullet glyph Tesseract did not know."""
    text, box, _ = words[k]
    if k + 1 >= len(words) or not text or len(text) > 2 or any(c not in _BULLET_MISREADS for c in text):
        return False
    height = box[3] - box[1]
    return k == 0 or box[0] - words[k - 1][1][2] > _COLUMN_GAP * max(height, 1)


def restore_diacritics(word: str) -> str:
    """A word that OCR read without its å, ä or ö ("Uppnatt", "tjanster") gets them
    back when the report vocabulary (labels, criteria catalogues) has exactly one
    word that differs from it only in those marks. Digits are never touched."""
    m = _WORD_CORE.match(word)
    if m is None or any(c.isdigit() for c in word):
        return word
    core = m.group(2)
    key = core.casefold()
    vocab = _vocabulary()
    if key in vocab.known:
        return word
    target = vocab.by_stripped.get(_strip_marks(key))
    if target is None:
        return word
    fixed = "".join(t.upper() if c.isupper() else t for c, t in zip(core, target, strict=True))
    return m.group(1) + fixed + m.group(3)


_WORD_CORE = re.compile(r"^(\W*)(\w{2,})(\W*)$")


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@dataclass(frozen=True)
class _Vocabulary:
    known: frozenset[str]
    by_stripped: dict[str, str]


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    from extractor.catalogue.frameworks import frameworks
    from extractor.catalogue.labels import labels

    texts: list[str] = []
    for value in vars(labels()).values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, tuple)):
            texts.extend(v for v in value if isinstance(v, str))
    for fw in frameworks():
        for area in fw.areas:
            texts.extend([area.title or "", *area.variants])
            texts.extend(q.text for q in area.questions)
    words = {w.casefold() for t in texts for w in re.findall(r"\w{2,}", t) if not any(c.isdigit() for c in w)}
    groups: dict[str, set[str]] = {}
    for w in words:
        groups.setdefault(_strip_marks(w), set()).add(w)
    by_stripped = {k: next(iter(v)) for k, v in groups.items() if len(v) == 1 and next(iter(v)) != k}
    return _Vocabulary(known=frozenset(words), by_stripped=by_stripped)


def digit_width_ratio(text: str, box: tuple[int, int, int, int]) -> float | None:
    """Width per digit over the digits' height for a number word ("77", "80%"), or
    None for other words. Digits are about 0.55 em wide and 0.72 em tall."""
    m = _DIGITS.match(text)
    if m is None:
        return None
    width, height = float(box[2] - box[0]), box[3] - box[1]
    if m.group(2):
        width -= _PERCENT_WIDTH * height
    return width / (len(m.group(1)) * max(height, 1))


def _plausible_width(text: str, box: tuple[int, int, int, int]) -> bool:
    ratio = digit_width_ratio(text, box)
    return ratio is None or _DIGIT_RATIO[0] <= ratio <= _DIGIT_RATIO[1]


def _font_size(text: str, height: float) -> float:
    tall = any(c.isupper() or c.isdigit() or c in "bdfhklt" for c in text)
    deep = any(c in _DESCENDERS for c in text)
    return height / _HEIGHT_SHARE[(tall, deep)]


def confident(spans: Sequence[Span]) -> bool:
    """A value's spans were either not read by OCR or read with enough confidence."""
    return all(s.confidence is None or s.confidence >= MIN_NUMBER_CONFIDENCE for s in spans)
