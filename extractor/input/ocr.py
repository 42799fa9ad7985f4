# mypy: disable-error-code="no-untyped-call"
"""OCR of image-only pages: Tesseract (Swedish, English as a fallback) through tesserocr.

Tesseract is used as a library (the `tesserocr` binding) rather than through its
command line: its models stay loaded from page to page, each word keeps its
confidence, which every value read by OCR carries on, and a single table cell can be
read again on its own in its column's geometry (`ocr_cells.py`). A page is rendered
by PyMuPDF, straightened first (scans are often skewed by a degree or so, and a
skewed table mixes its rows), and every word box is mapped back through the same
matrix, so the spans are in PDF points of the page exactly like the text-layer
reader's and the later stages cannot tell them apart.

Configuration by environment, so batch workers inherit it:

    TESSDATA_PREFIX     Tesseract's own variable: the folder holding swe.traineddata
                        (default: where Debian's tesseract-ocr-swe puts it)
"""

from __future__ import annotations

import functools
import glob
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pymupdf

from extractor.errors import DamagedInput, OcrUnavailable
from extractor.input.digits import read_digits
from extractor.input.document import Span
from extractor.input.ocr_cells import (
    OcrWord,
    Reading,
    digit_width_ratio,
    plausible_width,
    reread_number_cells,
)
from extractor.input.ocr_swedish import Box, strip_marks, with_swedish_marks

__all__ = ["digit_width_ratio"]  # re-exported: tests and tools measure number widths with it

TESSDATA_ENV = "TESSDATA_PREFIX"
INSTALL_HINT = (
    "install it with `pip install tesserocr` and Tesseract's data with "
    "`apt-get install tesseract-ocr-swe tesseract-ocr-eng` (Debian/Ubuntu)"
)
# The page is read in Swedish, English as a fallback (English reads "%" where the
# Swedish model alone reads "90").
PAGE_LANGUAGES = "swe+eng"
SWEDISH = "swe"  # the list tables are read again by Swedish alone (ocr_swedish.py)

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
# A word more than this times its line's font size keeps its own size.
_OWN_SIZE = 1.6
_MAX_PRIVATE_SHARE = 0.3


@dataclass(frozen=True)
class Tesseract:
    tessdata: str  # the folder holding swe.traineddata
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
    return _probe(os.environ.get(TESSDATA_ENV), path)


@functools.lru_cache(maxsize=8)
def _probe(tessdata: str | None, path: str) -> Tesseract:
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        raise OcrUnavailable(
            f"the PDF has image-only pages and the Tesseract OCR library (tesserocr) is not installed; {INSTALL_HINT}",
            path=path,
        ) from exc
    folder = tessdata or next(
        (d for d in _tessdata_folders() if os.path.isfile(os.path.join(d, "swe.traineddata"))), None
    )
    if folder is None or not os.path.isfile(os.path.join(folder, "swe.traineddata")):
        where = f" in {folder}" if folder else ""
        raise OcrUnavailable(
            f"the PDF has image-only pages and Tesseract's Swedish data (swe.traineddata) is missing{where}; "
            f"install it with `apt-get install tesseract-ocr-swe tesseract-ocr-eng` (Debian/Ubuntu) or set {TESSDATA_ENV}",
            path=path,
        )
    has_eng = os.path.isfile(os.path.join(folder, "eng.traineddata"))
    return Tesseract(tessdata=folder, languages=PAGE_LANGUAGES if has_eng else SWEDISH)


def _tessdata_folders() -> list[str]:
    """Where Tesseract's language packages put their data, newest version first."""
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"), reverse=True)
    return [*found, "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]


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


def straightened(page: pymupdf.Page, angle: float, dpi: int) -> tuple[np.ndarray[Any, Any], tuple[int, int]]:
    """The page rendered grey at `dpi`, turned by `angle` degrees about its centre,
    and the pixel origin of that image. Words read on it have the coordinates of the
    straightened page, within sin(skew) x half the page size (about 5 pt for 1 degree
    on A4) of where they stand on the scan; the bullet finder looks at the same image."""
    cx, cy = page.rect.width / 2, page.rect.height / 2
    zoom = dpi / 72
    matrix = (
        pymupdf.Matrix(1, 0, 0, 1, -cx, -cy)
        * pymupdf.Matrix(angle)
        * pymupdf.Matrix(1, 0, 0, 1, cx, cy)
        * pymupdf.Matrix(zoom, zoom)
    )
    pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    raw = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    return raw, (pix.x, pix.y)


def _ocr_words(page: pymupdf.Page, tesseract: Tesseract, path: str) -> list[Span]:
    dpi = OCR_DPI
    raw, origin = straightened(page, _skew(page), dpi)
    zoom = dpi / 72
    img = _soften(raw)
    with _LOCK:
        try:
            words = _page_words(_engine(tesseract), img, dpi)
            words = reread_number_cells(words, img, _read_cell)
            if tesseract.languages != SWEDISH:
                words = with_swedish_marks(
                    words, img, _line_reader(_engine(replace(tesseract, languages=SWEDISH)), img, dpi)
                )
        except RuntimeError as exc:  # tesserocr's own errors
            raise DamagedInput(f"OCR failed ({str(exc)[:120]})", path=path, page=page.number + 1) from exc
    inverse = pymupdf.Matrix(1 / zoom, 1 / zoom)
    return list(_words_to_spans(words, page.number + 1, origin, inverse))


_LOCK = threading.Lock()  # a Tesseract instance reads one image at a time


def load_engines(tesseract: Tesseract) -> None:
    """Load now the models the first scanned page of the process would load (the page
    reading's and the list tables' Swedish one): about 0.2 s, once per process."""
    with _LOCK:
        _engine(tesseract)
        if tesseract.languages != SWEDISH:
            _engine(replace(tesseract, languages=SWEDISH))


@functools.lru_cache(maxsize=2)
def _engine(tesseract: Tesseract) -> Any:
    """The Tesseract instance (tesserocr.PyTessBaseAPI), made once per process: the
    command line loaded the models again for every page."""
    import tesserocr

    return tesserocr.PyTessBaseAPI(
        path=tesseract.tessdata, lang=tesseract.languages, psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY
    )


def _page_words(api: Any, img: np.ndarray[Any, Any], dpi: int) -> list[OcrWord]:
    """Every word Tesseract reads on the page image, with its pixel box, its
    confidence (0..1) and the key of its line, as its TSV output gives them."""
    _recognize(api, img, dpi)
    return list(_iterate_words(api))


def _line_reader(api: Any, img: np.ndarray[Any, Any], dpi: int) -> Callable[[Box], list[OcrWord]]:
    """Reads one pixel box of `img` as a single line (for `with_swedish_marks`)."""
    import tesserocr

    img = np.ascontiguousarray(img)
    api.SetImageBytes(img.tobytes(), img.shape[1], img.shape[0], 1, img.shape[1])
    api.SetSourceResolution(dpi)
    api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)

    def read(box: Box) -> list[OcrWord]:
        api.SetRectangle(box[0], box[1], box[2] - box[0], box[3] - box[1])
        api.Recognize()
        return list(_iterate_words(api))

    return read


def _recognize(api: Any, img: np.ndarray[Any, Any], dpi: int) -> None:
    img = np.ascontiguousarray(img)
    api.SetImageBytes(img.tobytes(), img.shape[1], img.shape[0], 1, img.shape[1])
    api.SetSourceResolution(dpi)
    api.Recognize()


def _iterate_words(api: Any) -> Iterator[OcrWord]:
    import tesserocr

    level = tesserocr.RIL
    block = par = line = 0
    for it in tesserocr.iterate_level(api.GetIterator(), level.WORD):
        if it.IsAtBeginningOf(level.BLOCK):
            block, par, line = block + 1, 0, 0
        if it.IsAtBeginningOf(level.PARA):
            par, line = par + 1, 0
        if it.IsAtBeginningOf(level.TEXTLINE):
            line += 1
        try:
            text, box = it.GetUTF8Text(level.WORD), it.BoundingBox(level.WORD)
        except RuntimeError:  # tesserocr raises for a word without text
            continue
        if text and box:
            yield OcrWord(text, box, it.Confidence(level.WORD) / 100, (block, par, line))


def _read_cell(crop: np.ndarray[Any, Any]) -> Reading:
    """One number cell read by the glyph-shape reader, which shares none of
    Tesseract's errors (`digits.py`)."""
    text, conf, box = read_digits(crop)
    return Reading(text, conf, box)


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


def _words_to_spans(
    words_read: Iterable[OcrWord],
    page_number: int,
    origin: tuple[int, int],
    inverse: pymupdf.Matrix,
) -> Iterator[Span]:
    """Tesseract's words (as its TSV output's level-5 rows), grouped by their line.

    Every word of a line gets the line's top and bottom, as a text layer's words get
    their font's ascent and descent: a word's own box ("och" vs "Finns") would put
    words of one line at different heights and split the line into rows."""
    lines: dict[tuple[Any, ...], list[tuple[str, tuple[int, int, int, int], float]]] = {}
    for word in words_read:
        text = unicodedata.normalize("NFC", word.text.strip()).strip(_RULING)
        if not text or word.conf < 0:
            continue
        left, top = word.box[0], word.box[1]
        pixel_box = word.box
        conf = word.conf
        bullet_like = len(text) <= 2 and all(c in _BULLET_MISREADS for c in text)
        if conf < _NOISE_CONFIDENCE and not bullet_like and not any(c.isalnum() for c in text):
            continue  # dust and specks read as punctuation
        if text == "—":
            text = "–"  # Swedish reports set a spaced en dash; Tesseract reads an em dash
        text = text.replace('"', "”")  # and Swedish quotation marks, ” on both sides
        if not plausible_width(text, pixel_box):
            conf = min(conf, _IMPLAUSIBLE)  # more or fewer digits than the ink is wide
        box = (left + origin[0], top + origin[1], pixel_box[2] + origin[0], pixel_box[3] + origin[1])
        key = word.line
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
    target = vocab.by_stripped.get(strip_marks(key))
    if target is None:
        return word
    fixed = "".join(t.upper() if c.isupper() else t for c, t in zip(core, target, strict=True))
    return m.group(1) + fixed + m.group(3)


_WORD_CORE = re.compile(r"^(\W*)(\w{2,})(\W*)$")


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
        groups.setdefault(strip_marks(w), set()).add(w)
    by_stripped = {k: next(iter(v)) for k, v in groups.items() if len(v) == 1 and next(iter(v)) != k}
    return _Vocabulary(known=frozenset(words), by_stripped=by_stripped)


def _font_size(text: str, height: float) -> float:
    tall = any(c.isupper() or c.isdigit() or c in "bdfhklt" for c in text)
    deep = any(c in _DESCENDERS for c in text)
    return height / _HEIGHT_SHARE[(tall, deep)]


def confident(spans: Sequence[Span]) -> bool:
    """A value's spans were either not read by OCR or read with enough confidence."""
    return all(s.confidence is None or s.confidence >= MIN_NUMBER_CONFIDENCE for s in spans)
