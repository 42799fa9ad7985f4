"""Does a page's text read as text? Fonts without a Unicode mapping.

A PDF font without a ToUnicode map (or with a broken one) gives its glyphs' codes
instead of characters: private-use code points, U+FFFD, control characters, or runs
of punctuation. Such text must never become a title, a bullet or a number, so pages
whose text is mostly garbage are set aside as unreadable (an `UNREADABLE` finding, or
a page for OCR), and single garbage words on a readable page are dropped.

`text_quality` is a pure function of spans so that every reader (and the OCR step,
deciding whether to OCR a page that has a text layer) can call it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace

from extractor.catalogue.labels import labels
from extractor.input.document import Document, Span
from extractor.layout.glyphs import is_bullet_glyph, is_glyph_char

# A page is unreadable when less than this share of its visible characters reads as
# text. Real report pages measure 0.97–1.0 (letters, digits, punctuation); a font
# without a mapping measures near 0.
MIN_PAGE_QUALITY = 0.6
# Pages with fewer visible characters than this are judged by their words alone: a
# page number or a lone heading is too little evidence to call a page garbage.
MIN_CHARS_TO_JUDGE = 20
# Ordinary symbols of report text; other symbols (S*) count against a page.
_ORDINARY_SYMBOLS = set("%+=<>§°€$£/&*#@|~^`´¨±×÷\u00ad")
_BAD_CATEGORIES = {"Co", "Cn", "Cs", "Cc", "Cf"}


def is_garbage_char(c: str) -> bool:
    """A character that never stands in real report text: a private-use code point
    (other than the Symbol font's bullet glyphs), an unassigned one, a surrogate, a
    control or format character, U+FFFD or a noncharacter."""
    if c in "\t\n\r" or is_glyph_char(c):
        return False
    if c == "\ufffd" or (0xFDD0 <= ord(c) <= 0xFDEF) or (ord(c) & 0xFFFE) == 0xFFFE:
        return True
    return unicodedata.category(c) in _BAD_CATEGORIES


def _reads_as_text(c: str) -> bool:
    if is_garbage_char(c):
        return False
    category = unicodedata.category(c)
    if category[0] in "LNP" or is_glyph_char(c):
        return True
    return c in _ORDINARY_SYMBOLS


# The characters that make a word plain (see `_plain_class`): one must be among them.
_LETTER_OR_DIGIT = "0-9A-Za-z\u00c0-\u024f"
_SPACES = " \u00a0\t"


def _text_chars() -> list[str]:
    """The Latin letters, digits, common punctuation and symbols that read as text."""
    return [
        chr(i)
        for r in (range(0x21, 0x250), range(0x2010, 0x2070), range(0x20AC, 0x20AD))
        for i in r
        if _reads_as_text(chr(i))
    ]


def _plain_class() -> re.Pattern[str]:
    """A regex for words made only of characters that read as text (Latin letters,
    digits, common punctuation and symbols) and contain a letter or a digit: the
    words of nearly every real page, which then need no per-character look-up."""
    cls = "".join(re.escape(c) for c in _text_chars()) + _SPACES
    return re.compile(f"[{cls}]*[{_LETTER_OR_DIGIT}][{cls}]*")


_PLAIN = _plain_class()


def _plain_page_class() -> re.Pattern[str]:
    """A regex for the texts of a page's spans joined by newlines when each of them is
    a word that `_PLAIN` matches or at most three characters that read as text ("•",
    "–", "%),"). Such a word counts in full for `text_quality` and is never garbage (it
    has no garbage character, and at most three characters are never symbols only).

    A plain word is matched as its characters before the first letter or digit, that
    one, and the rest: the same words as `_PLAIN` because every letter or digit of it
    reads as text (a test checks). Each word is an atomic group and the runs are
    possessive, so the regex never backtracks into an earlier word."""
    chars = _text_chars()
    first = re.compile(f"[{_LETTER_OR_DIGIT}]")
    before = "".join(re.escape(c) for c in chars if not first.fullmatch(c)) + _SPACES
    cls = "".join(re.escape(c) for c in chars) + _SPACES
    glyphs = "".join(sorted(c for c in labels().bullet_glyphs if _reads_as_text(c)))
    short = f"[{cls}{re.escape(glyphs)}]{{0,3}}"
    word = f"(?>[{before}]*+[{_LETTER_OR_DIGIT}][{cls}]*+|{short})"
    return re.compile(f"{word}(?:\n{word})*+")


_PLAIN_PAGE = _plain_page_class()


def _visible(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u00a0") - text.count("\t")


def text_quality(spans: Iterable[Span]) -> float:
    """The share (0..1) of the visible characters of `spans` that read as text:
    letters, digits, punctuation, ordinary symbols and bullet glyphs. 1.0 for no text.

    Punctuation counts only in a word that also has a letter or a digit, or in a
    word of at most three distinct characters (dot leaders, "%),"): a font mapped to
    ASCII punctuation gives words like "!#$%&" that have neither.
    """
    good = total = 0
    for span in spans:
        if _PLAIN.fullmatch(span.text):
            n = _visible(span.text)
            good += n
            total += n
            continue
        visible = [c for c in span.text if not c.isspace()]
        symbols_only = len(set(visible)) > 3 and not any(c.isalnum() for c in visible)
        total += len(visible)
        if not symbols_only:
            good += sum(1 for c in visible if _reads_as_text(c))
    return good / total if total else 1.0


def _plainly_readable(spans: Sequence[Span]) -> bool:
    """True when every span is a word that counts in full for `text_quality` and is
    never garbage (see `_plain_page_class`): such a page is kept as it is. One regex
    over the page's text instead of a look at every span."""
    texts = [s.text for s in spans]
    joined = "\n".join(texts)
    # A newline inside a span would split it in two: such a page takes the long way.
    return joined.count("\n") == len(texts) - 1 and _PLAIN_PAGE.fullmatch(joined) is not None


def is_garbage_span(span: Span) -> bool:
    """A word that cannot be real text: any garbage character, or (for words of three
    or more characters) less than half of it reads as text.

    A single character is never dropped: a lone U+FFFD at the start of a line is
    the usual trace of a Symbol-font bullet without a mapping, and the list reader
    may take it as one; a page full of them fails `text_quality` instead.
    """
    text = span.text.strip()
    if len(text) < 2 or is_bullet_glyph(text) or _PLAIN.fullmatch(text):
        return False
    if any(is_garbage_char(c) for c in text):
        return True
    return len(text) >= 3 and text_quality([span]) < 0.5


def screen_document(document: Document) -> tuple[Document, dict[int, int]]:
    """The document without garbage text, and the garbage words dropped per page.

    A page whose quality is below `MIN_PAGE_QUALITY` loses all its spans and is
    added to `unreadable_pages`; on other pages only the garbage words are dropped.
    Pages are keyed by their 1-based number (0 for the virtual page of a transcript).
    """
    pages = []
    unreadable = list(document.unreadable_pages)
    dropped: dict[int, int] = {}
    for page in document.pages:
        if _plainly_readable(page.spans):
            pages.append(page)
            continue
        number = page.number or 0
        visible = sum(len(s.text.strip()) for s in page.spans)
        if visible >= MIN_CHARS_TO_JUDGE and text_quality(page.spans) < MIN_PAGE_QUALITY:
            if page.number is not None and page.number not in unreadable:
                unreadable.append(page.number)
            dropped[number] = len(page.spans)
            pages.append(replace(page, spans=[]))
            continue
        keep = [s for s in page.spans if not is_garbage_span(s)]
        if len(keep) != len(page.spans):
            dropped[number] = len(page.spans) - len(keep)
            pages.append(replace(page, spans=keep))
        else:
            pages.append(page)
    return replace(document, pages=pages, unreadable_pages=sorted(unreadable)), dropped
