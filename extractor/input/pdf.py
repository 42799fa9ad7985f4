# mypy: disable-error-code="no-untyped-call"
"""PDF reader: PyMuPDF's character boxes grouped into words.

PyMuPDF is the primary reader because it gives, in one fast pass, every character
with its box, font size and weight (`rawdict`), which is what the layout stage needs
to tell headings, table columns and bullet glyphs apart. Words are built here rather
than taken from `get_text("words")` so that each word keeps its font size (the area
score is recognised by its large font) and so that a bullet glyph glued to its text
becomes a word of its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pymupdf

from extractor.errors import DamagedInput, EncryptedInput
from extractor.input.document import Document, Page, Span
from extractor.input.ocr import find_tesseract, ocr_page, text_layer_is_usable
from extractor.input.ocr_bullets import with_bullets
from extractor.layout.glyphs import is_glyph_char
from extractor.limits import Budget

# A gap wider than this share of the font size between two characters of one
# PDF line is a word break even without a space character: some producers
# position every word on its own and never write spaces.
_WORD_GAP_EM = 0.25

_BOLD_FLAG = 16
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")

# rawdict without TEXT_PRESERVE_LIGATURES: PyMuPDF expands "ﬁ" into "fi" for us.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP


def open_pdf(data: bytes, path: str, password: str | None = None) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own and plain RuntimeErrors
        raise DamagedInput(f"not a readable PDF ({_short(exc)})", path=path) from exc
    if doc.needs_pass:
        if password is None:
            raise EncryptedInput("the PDF is encrypted; give its password with --password", path=path)
        if not doc.authenticate(password):
            raise EncryptedInput("the PDF is encrypted and the password does not open it", path=path)
    if doc.page_count == 0:
        raise DamagedInput("the PDF has no pages", path=path)
    return doc


def read_pdf(
    data: bytes, path: str, sha256: str, password: str | None = None, *, budget: Budget | None = None
) -> Document:
    budget = budget or Budget.unlimited(path)
    doc = open_pdf(data, path, password)
    try:
        # The page limit is checked before any page is read, the deadline before each one.
        pages = [_read_page(doc, i, path) for i in budget.page_indices(doc.page_count)]
        scanned = _ocr_image_pages(doc, pages, path, budget)
    finally:
        doc.close()
    return Document(
        path=path, kind="pdf-ocr" if scanned else "pdf", sha256=sha256, page_count=len(pages), pages=pages
    )


def _ocr_image_pages(doc: pymupdf.Document, pages: list[Page], path: str, budget: Budget) -> bool:
    """OCR, in place, the pages whose text layer is missing or garbage but that hold
    an image; True when any page was read by OCR."""
    todo = [p for p in pages if not text_layer_is_usable(p.spans) and _has_image(doc, p, path)]
    if not todo:
        return False
    tesseract = find_tesseract(path)
    for page in todo:
        assert page.number is not None
        budget.check(page=page.number)  # OCR takes seconds a page: a long scan meets the deadline here
        scan = doc.load_page(page.number - 1)
        page.spans = with_bullets(scan, ocr_page(scan, tesseract, path))
        page.has_text_layer = False
    return True


def _has_image(doc: pymupdf.Document, page: Page, path: str) -> bool:
    assert page.number is not None
    try:
        return bool(doc.load_page(page.number - 1).get_images())
    except Exception as exc:  # PyMuPDF's own TypeError on a damaged resource name (fuzz seed 1, #53)
        raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=page.number) from exc


def _read_page(doc: pymupdf.Document, index: int, path: str) -> Page:
    try:
        page = doc.load_page(index)
        raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
        rect = page.rect
    except Exception as exc:
        raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=index + 1) from exc
    spans = list(_words(raw, index + 1))
    return Page(
        number=index + 1,
        width=float(rect.width),
        height=float(rect.height),
        spans=spans,
        has_text_layer=bool(spans),
    )


def _words(raw: dict[str, Any], page_number: int) -> Iterator[Span]:
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            if line.get("dir", (1, 0))[0] < 0.9:
                continue  # rotated or vertical text: margins notes, watermarks
            yield from _line_words(line, page_number)


def _line_words(line: dict[str, Any], page_number: int) -> Iterator[Span]:
    chars: list[tuple[str, tuple[float, float, float, float], float, bool]] = []
    for span in line.get("spans", ()):
        size = float(span.get("size", 0.0))
        font = str(span.get("font", "")).lower()
        bold = bool(int(span.get("flags", 0)) & _BOLD_FLAG) or any(n in font for n in _BOLD_NAMES)
        for ch in span.get("chars", ()):
            chars.append((ch["c"], tuple(ch["bbox"]), size, bold))  # type: ignore[arg-type]
    word: list[tuple[str, tuple[float, float, float, float], float, bool]] = []
    for item in chars:
        c, bbox, size, _ = item
        if c.isspace():
            yield from _flush(word, page_number)
            word = []
            continue
        if word:
            prev_bbox = word[-1][1]
            gap = bbox[0] - prev_bbox[2]
            if gap > _WORD_GAP_EM * max(size, 1.0) or is_glyph_char(word[-1][0]) or is_glyph_char(c):
                yield from _flush(word, page_number)
                word = []
        word.append(item)
    yield from _flush(word, page_number)


def _flush(
    word: list[tuple[str, tuple[float, float, float, float], float, bool]], page_number: int
) -> Iterator[Span]:
    if not word:
        return
    text = unicodedata.normalize("NFC", "".join(c for c, _, _, _ in word))
    if not text.strip():
        return
    x0 = min(b[0] for _, b, _, _ in word)
    y0 = min(b[1] for _, b, _, _ in word)
    x1 = max(b[2] for _, b, _, _ in word)
    y1 = max(b[3] for _, b, _, _ in word)
    size = max(s for _, _, s, _ in word)
    bold = sum(1 for _, _, _, b in word if b) * 2 > len(word)
    yield Span(text=text, x0=x0, y0=y0, x1=x1, y1=y1, size=size, bold=bold, page=page_number)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
