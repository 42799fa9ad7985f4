# mypy: disable-error-code="no-untyped-call"
"""PDF reader: PyMuPDF's character boxes grouped into words.

PyMuPDF is the primary reader because it gives, in one fast pass, every character
with its box, font size and weight (`rawdict`), which is what the layout stage needs
to tell headings, table columns and bullet glyphs apart. Words are built here rather
than taken from `get_text("words")` as they are so that each word keeps its font size
(the area score is recognised by its large font) and so that a bullet glyph glued to
its text becomes a word of its own. One Python object per character is slow, so
`page_words` takes MuPDF's words and spans wherever they are known to give the same
words, and reads the characters only of the lines where they may not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache, partial
from typing import Any

import pymupdf

from extractor.catalogue.labels import labels
from extractor.errors import DamagedInput, EncryptedInput
from extractor.input.document import Document, Page, Span
from extractor.input.ocr import _MIN_TEXT_SHARE, find_tesseract, ocr_page, text_layer_is_usable
from extractor.input.ocr_bullets import with_bullets
from extractor.layout.glyphs import is_glyph_char
from extractor.limits import Budget

try:  # the optional native reader (setup.py); without it every page is read in Python
    from extractor.input import _stext
except ImportError:  # pragma: no cover - a build without a C compiler or PyMuPDF's headers
    _stext = None  # type: ignore[assignment]

_NativeWords = list[tuple[str, float, float, float, float, float, bool]]

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
        native = native_reader()
        pages = [_read_page(doc, i, path, native) for i in budget.page_indices(doc.page_count)]
        scanned = _ocr_image_pages(doc, pages, path, budget)
    finally:
        doc.close()
    return Document(
        path=path, kind="pdf-ocr" if scanned else "pdf", sha256=sha256, page_count=len(pages), pages=pages
    )


def _ocr_image_pages(doc: pymupdf.Document, pages: list[Page], path: str, budget: Budget) -> bool:
    """OCR, in place, the pages whose text layer is missing or garbage but that hold
    an image; True when any page was read by OCR."""
    todo = [
        p
        for p in pages
        if not _surely_usable(p.spans) and not text_layer_is_usable(p.spans) and _has_image(doc, p, path)
    ]
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


def _surely_usable(spans: list[Span]) -> bool:
    """A quick test that implies `text_layer_is_usable`: the page passes even if no
    character outside `_counted_as_text` counted as text. Its text is looked at in
    one regex pass, so the exact per-character test runs only for a page with many
    other characters (a font without a Unicode map, or no text at all)."""
    text = "".join([s.text for s in spans])
    others = _counted_as_text().findall(text)
    chars = len(text) - sum(1 for c in others if c.isspace())
    return chars > 0 and len(text) - len(others) >= _MIN_TEXT_SHARE * chars


@cache
def _counted_as_text() -> re.Pattern[str]:
    """A regex for one character that `text_layer_is_usable` does not count as text
    (whitespace, which it leaves out, included), among the Latin, Greek and Cyrillic
    letters, punctuation, symbols and the Symbol font's private-use bullets."""
    counted = "".join(
        re.escape(chr(i))
        for r in (range(0x21, 0x530), range(0x2010, 0x20D0), range(0xF000, 0xF100))
        for i in r
        if text_layer_is_usable([Span(chr(i), 0, 0, 0, 0, 0)])
    )
    return re.compile(f"[^{counted}]")


def _has_image(doc: pymupdf.Document, page: Page, path: str) -> bool:
    assert page.number is not None
    try:
        return bool(doc.load_page(page.number - 1).get_images())
    except Exception as exc:  # PyMuPDF's own TypeError on a damaged resource name (fuzz seed 1, #53)
        raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=page.number) from exc


def native_reader() -> Callable[[pymupdf.TextPage], _NativeWords | None] | None:
    """The native word reader (`_stext.page_words`) for the PyMuPDF now running, or
    None when it cannot stand in for `_words`: not built, built against the headers
    of another MuPDF (it reads MuPDF's structures, whose layout is the version's), or
    with PyMuPDF's small glyph heights on, which change every character's box."""
    if _stext is None or pymupdf.mupdf_version != _stext.MUPDF_VERSION:
        return None
    corrections = not pymupdf.TOOLS.unset_quad_corrections()
    if corrections and pymupdf.TOOLS.set_small_glyph_heights():
        return None
    glyphs = glyph_chars()

    def read(textpage: pymupdf.TextPage) -> _NativeWords | None:
        return _stext.page_words(textpage.this.m_internal_value(), glyphs, corrections)  # type: ignore[no-any-return]

    return read


def _read_page(
    doc: pymupdf.Document,
    index: int,
    path: str,
    native: Callable[[pymupdf.TextPage], _NativeWords | None] | None = None,
) -> Page:
    try:
        page = doc.load_page(index)
        textpage = page.get_textpage(flags=_TEXT_FLAGS)
        rect = page.rect
        found = native(textpage) if native is not None else None
        if found is not None:
            return Page(
                number=index + 1,
                width=float(rect.width),
                height=float(rect.height),
                spans=(spans := native_spans(found, index + 1)),
                has_text_layer=bool(spans),
            )
        info = textpage.extractDICT()
        words = textpage.extractWORDS()
    except Exception as exc:
        raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=index + 1) from exc

    def rawdict() -> dict[str, Any]:
        try:
            return textpage.extractRAWDICT()  # type: ignore[no-any-return]
        except Exception as exc:
            raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=index + 1) from exc

    def glyph_words() -> list[tuple[Any, ...]]:
        try:
            return textpage.extractWORDS(_glyph_delimiters(words))  # type: ignore[no-any-return]
        except Exception as exc:
            raise DamagedInput(f"page cannot be read ({_short(exc)})", path=path, page=index + 1) from exc

    spans = page_words(info, words, rawdict, index + 1, glyph_words)
    return Page(
        number=index + 1,
        width=float(rect.width),
        height=float(rect.height),
        spans=spans,
        has_text_layer=bool(spans),
    )


def native_spans(found: _NativeWords, page_number: int) -> list[Span]:
    """Spans for the native reader's words, finished as `_flush` finishes a word:
    NFC (ASCII is NFC already) and, after it, no word of whitespace alone."""
    spans = []
    for text, x0, y0, x1, y1, size, bold in found:
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
            if not text.strip():
                continue
        spans.append(Span(text, x0, y0, x1, y1, size, bold, page_number))
    return spans


def page_words(
    info: dict[str, Any],
    words: list[tuple[Any, ...]],
    rawdict: Callable[[], dict[str, Any]],
    page_number: int,
    glyph_words: Callable[[], list[tuple[Any, ...]]] | None = None,
) -> list[Span]:
    """The words of one page, as `_words` builds them from `rawdict`, but from
    MuPDF's own words (`extractWORDS`) and spans (`extractDICT`) wherever that gives
    the same result, which is much cheaper than one Python object per character.

    MuPDF's words are split at whitespace only. A line takes them when its text
    splits into the same words, its direction is exactly left to right, and every
    character is one after which MuPDF inserts a space for a gap (`may_add_space`
    in MuPDF's stext device: Latin, Greek, Cyrillic, punctuation, currency): MuPDF
    inserts one for a gap from the pen of 0.15 em, and a character's box ends at
    that pen, so a gap of `_WORD_GAP_EM` (0.25 em) between two boxes always holds a
    space there. A bullet glyph may stand as a word of its own; one glued to text
    ("▪Strategi") is taken when it is a span of its own (its box is the span's) and
    the text beside it comes from `glyph_words`, MuPDF's words split at the glyphs
    too. Any other line is read character by character from `rawdict`, computed
    once for the page when the first such line needs it.
    """
    by_line = _by_line(words)
    glyph_lines: dict[tuple[int, int], list[tuple[Any, ...]]] | None = None

    def glyph_split(key: tuple[int, int]) -> Sequence[tuple[Any, ...]] | None:
        nonlocal glyph_lines
        if glyph_words is None:
            return None
        if glyph_lines is None:
            glyph_lines = _by_line(glyph_words())
        return glyph_lines.get(key, ())

    raw: dict[str, Any] | None = None
    spans: list[Span] = []
    used = 0
    unusual = _unusual()[0]
    for b, block in enumerate(info.get("blocks", ())):
        if block.get("type", 0) != 0:
            continue
        number = block.get("number", b)
        for n, line in enumerate(block.get("lines", ())):
            mine = by_line.get((number, n), ())
            used += len(mine)
            parts = line.get("spans", ())
            if len(parts) == 1 and line.get("dir") == (1.0, 0.0) and line.get("wmode", 0) == 0:
                # The common line, one span of ordinary characters: `_fast_line_words` inline.
                text = parts[0]["text"]
                if text.split() == [word[4] for word in mine] and unusual.search(text) is None:
                    size, bold = _span_style(parts[0])
                    spans += _in_one_style(mine, size, bold, page_number, text.isascii())
                    continue
            if line.get("dir", (1, 0))[0] < 0.9:
                continue  # rotated or vertical text: margins notes, watermarks
            found = _fast_line_words(line, mine, page_number, partial(glyph_split, (number, n)))
            if found is None:
                if raw is None:
                    raw = rawdict()
                found = list(_line_words(raw["blocks"][b]["lines"][n], page_number))
            spans.extend(found)
    if used != len(words):  # the two listings do not line up: read every character
        return list(_words(raw if raw is not None else rawdict(), page_number))
    return spans


def _by_line(words: list[tuple[Any, ...]]) -> dict[tuple[int, int], list[tuple[Any, ...]]]:
    by_line: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
    for word in words:
        by_line.setdefault((word[5], word[6]), []).append(word)
    return by_line


# Characters on which a line may take MuPDF's words: those after which MuPDF adds
# a space for a gap (below U+0700 and U+2000-U+20CF) less the ones on which the two
# ways to split differ: control characters, U+0085, right-to-left scripts and
# direction marks, zero-width and typographic spaces, combining marks (a zero-width
# box at a word's edge counts for a character's box but not for MuPDF's word box).
_FAST_CHARS = "\\x20-\\x84\\x86-\\u02ff\\u0370-\\u058f\\u2010-\\u2027\\u2030-\\u205e\\u2060-\\u20cf"


@cache
def glyph_chars() -> str:
    """The bullet glyphs that are always a word of their own (see `is_glyph_char`)."""
    return "".join(sorted(labels().bullet_glyphs - labels().bullet_glyphs_need_space))


def _glyph_delimiters(words: list[tuple[Any, ...]]) -> tuple[str, ...]:
    """The glyphs of `glyph_chars` that stand in the page's words (MuPDF's words hold
    every character but whitespace), as a tuple: MuPDF's words split at them are the
    words split at every glyph, as a glyph that is in no word splits nothing. MuPDF
    compares each character of the page with each delimiter, after turning the
    delimiters into a tuple (a new one for a string), so a short tuple is cheaper."""
    text = "".join([word[4] for word in words])
    return tuple(glyph for glyph in _glyphs() if glyph in text)


@cache
def _glyphs() -> tuple[str, ...]:
    return tuple(glyph_chars())


@cache
def _unusual() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns: a character outside `_FAST_CHARS` or a glyph; one outside both
    (which sends its line to the characters); a glyph or a run of other non-space."""
    glyphs = re.escape(glyph_chars())
    return (
        re.compile(f"[^{_FAST_CHARS}]|[{glyphs}]"),
        re.compile(f"[^{_FAST_CHARS}{glyphs}]"),
        re.compile(f"[{glyphs}]|[^\\s{glyphs}]+"),
    )


_Piece = tuple[int, int, tuple[float, float, float, float], "tuple[float, bool] | None"]


def _fast_line_words(
    line: dict[str, Any],
    mine: Sequence[tuple[Any, ...]],
    page_number: int,
    glyph_split: Callable[[], Sequence[tuple[Any, ...]] | None] = lambda: None,
) -> list[Span] | None:
    """The words of one line from MuPDF's words, or None when the line must be read
    character by character (see `page_words`)."""
    if line.get("wmode", 0) != 0 or tuple(line.get("dir", (1.0, 0.0))) != (1.0, 0.0):
        return None
    parts = line.get("spans", ())
    text = "".join([s["text"] for s in parts])
    split = text.split()
    if len(split) != len(mine) or split != [word[4] for word in mine]:
        return None
    if not mine:
        return []
    unusual, odd, piece = _unusual()
    if unusual.search(text) is None or not any(
        unusual.search(part) and not (len(part) == 1 and is_glyph_char(part)) for part in split
    ):
        if len(parts) == 1:
            size, bold = _span_style(parts[0])
            return _in_one_style(mine, size, bold, page_number, text.isascii())
        pieces: list[_Piece] = []
        pos = 0
        for part, word in zip(split, mine, strict=True):
            start = text.index(part, pos)
            pos = start + len(part)
            pieces.append((start, pos, word[:4], None))
        return _styled(text, parts, pieces, page_number)
    if any(odd.search(part) for part in split):
        return None
    return _glued_glyphs(text, parts, split, mine, glyph_split(), page_number)


def _glued_glyphs(
    text: str,
    parts: Sequence[dict[str, Any]],
    split: list[str],
    mine: Sequence[tuple[Any, ...]],
    glyph_words: Sequence[tuple[Any, ...]] | None,
    page_number: int,
) -> list[Span] | None:
    """A line with a bullet glyph glued to text: the glyph from its own span, the
    text beside it from MuPDF's words split at the glyphs; None when the glyph
    shares its span with other characters."""
    if glyph_words is None:
        return None
    piece = _unusual()[2]
    offsets = []
    offset = 0
    for span in parts:
        offsets.append(offset)
        offset += len(span["text"])
    pieces: list[_Piece] = []
    pending = list(glyph_words)
    pos = 0
    for part, word in zip(split, mine, strict=True):
        start = text.index(part, pos)
        pos = start + len(part)
        if len(part) == 1 or not any(is_glyph_char(c) for c in part):
            if not is_glyph_char(part[0]):  # plain word: also one of the glyph-split words
                if not pending or pending[0][4] != part:
                    return None
                pending.pop(0)
            pieces.append((start, pos, word[:4], None))
            continue
        for m in piece.finditer(part):
            a, z = start + m.start(), start + m.end()
            if is_glyph_char(m.group()):
                k = _span_at(offsets, a)
                own = parts[k]
                if own["text"] != m.group():
                    return None
                pieces.append((a, z, tuple(own["bbox"]), _span_style(own)))  # type: ignore[arg-type]
            else:
                if not pending or pending[0][4] != m.group():
                    return None
                pieces.append((a, z, pending.pop(0)[:4], None))
    if pending:
        return None
    return _styled(text, parts, pieces, page_number)


def _span_at(offsets: list[int], at: int) -> int:
    k = 0
    while k + 1 < len(offsets) and offsets[k + 1] <= at:
        k += 1
    return k


def _styled(text: str, parts: Sequence[dict[str, Any]], pieces: list[_Piece], page_number: int) -> list[Span]:
    """Spans for the pieces (character ranges of `text` with their boxes): each takes
    the largest size and the majority weight of its characters, from the spans'
    character offsets, unless its style is given."""
    styles = [(*_span_style(s), len(s["text"])) for s in parts]
    out = []
    for start, end, box, style in pieces:
        if style is None:
            size = 0.0
            bold_chars = 0
            offset = 0
            for span_size, span_bold, length in styles:
                lo, hi = max(start, offset), min(end, offset + length)
                if lo < hi:
                    size = max(size, span_size)
                    bold_chars += (hi - lo) if span_bold else 0
                offset += length
            style = (size, bold_chars * 2 > end - start)
        out.append(_span(text[start:end], box, style[0], style[1], page_number))
    return out


def _span_style(span: dict[str, Any]) -> tuple[float, bool]:
    return float(span.get("size", 0.0)), _is_bold(span.get("font", ""), span.get("flags", 0))


@lru_cache(maxsize=1024)
def _is_bold(font: str, flags: int) -> bool:
    """A bold font by its flags or its name (a document has a handful of fonts)."""
    name = str(font).lower()
    return bool(int(flags) & _BOLD_FLAG) or any(n in name for n in _BOLD_NAMES)


def _in_one_style(
    words: Sequence[tuple[Any, ...]], size: float, bold: bool, page_number: int, ascii: bool
) -> list[Span]:
    """Spans for MuPDF words of one size and weight (the words of a one-span line).
    Their texts are normalized to NFC unless the line is ASCII, which is NFC already."""
    if ascii:
        return [Span(w[4], w[0], w[1], w[2], w[3], size, bold, page_number) for w in words]
    nfc = partial(unicodedata.normalize, "NFC")
    return [Span(nfc(w[4]), w[0], w[1], w[2], w[3], size, bold, page_number) for w in words]


def _span(text: str, box: Sequence[float], size: float, bold: bool, page_number: int) -> Span:
    x0, y0, x1, y1 = box[:4]
    return Span(_nfc(text), x0, y0, x1, y1, size, bold, page_number)


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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
