"""The read and screen stages' quick tests decide as the exact tests would.

`_plainly_readable` keeps a page without looking at each span, and `_surely_usable`
keeps a page's text layer without counting its characters one by one: each must
only say yes where the exact test (`text_quality` and `is_garbage_span`, or
`text_layer_is_usable`) says so too. Random pages from an alphabet of letters,
digits, punctuation, bullet glyphs, spaces and garbage check that.
"""

from __future__ import annotations

import random
import re

from extractor.input import pdf, quality
from extractor.input.document import Document, Page, Span
from extractor.input.ocr import text_layer_is_usable

# Letters, digits, punctuation, symbols, bullet glyphs (with and without their own
# meaning as text), spaces, a newline, and characters that never stand in text.
_ALPHABET = "aZ9åÄ×÷.,%()–-•▪\uf0b7○ \u00a0\t\n\u2003+=<>§€°\ue001\ufffd\x00\u200b\u0301∑"


def _pages(seed: int, count: int) -> list[list[Span]]:
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        spans = []
        for _ in range(rng.randint(0, 6)):
            text = "".join(rng.choice(_ALPHABET) for _ in range(rng.choice((0, 1, 2, 3, 4, 6))))
            if rng.random() < 0.5:  # mostly plain words, as on real pages
                text = rng.choice(("Område", "71%", "(12", "av", "•", "...", "–")) + text[:1]
            spans.append(Span(text, 0, 0, 10, 10, 10, page=1))
        pages.append(spans)
    return pages


def test_a_plainly_readable_page_has_full_quality_and_no_garbage() -> None:
    said_yes = 0
    for spans in _pages(seed=1, count=4000):
        if quality._plainly_readable(spans):
            said_yes += 1
            assert quality.text_quality(spans) == 1.0, spans
            assert not any(quality.is_garbage_span(s) for s in spans), spans
    assert said_yes > 200  # the quick test does take pages


def test_screening_keeps_what_the_span_by_span_reading_keeps() -> None:
    for n, spans in enumerate(_pages(seed=2, count=600)):
        spans = spans * 5  # past MIN_CHARS_TO_JUDGE
        page = Page(number=1, width=100, height=100, spans=spans)
        screened, dropped = quality.screen_document(Document("x.pdf", "pdf", "0", 1, [page]))
        visible = sum(len(s.text.strip()) for s in spans)
        if visible >= quality.MIN_CHARS_TO_JUDGE and quality.text_quality(spans) < quality.MIN_PAGE_QUALITY:
            assert screened.pages[0].spans == [] and screened.unreadable_pages == [1], n
        else:
            assert screened.pages[0].spans == [s for s in spans if not quality.is_garbage_span(s)], n


def test_every_letter_or_digit_of_a_plain_word_reads_as_text() -> None:
    """`_plain_page_class` matches the same words as `_PLAIN` because of this."""
    first = re.compile(f"[{quality._LETTER_OR_DIGIT}]")
    letters = [chr(i) for i in range(0x10000) if first.fullmatch(chr(i))]
    assert letters and all(quality._reads_as_text(c) for c in letters)


def test_the_page_regex_does_not_backtrack_through_earlier_words() -> None:
    # Thousands of words that match in more than one way, then one that fails.
    spans = [Span(t, 0, 0, 1, 1, 1) for t in ["a1", "%a", "1.", "ab"] * 5000 + ["\ue001\ue002\ue003\ue004"]]
    assert not quality._plainly_readable(spans)


def test_a_surely_usable_text_layer_is_usable() -> None:
    said_yes = 0
    for spans in _pages(seed=3, count=4000):
        if pdf._surely_usable(spans):
            said_yes += 1
            assert text_layer_is_usable(spans), spans
    assert said_yes > 200
    page = [Span("Strategi", 0, 0, 1, 1, 1), Span("▪", 0, 0, 1, 1, 1)]  # a glyph it does not count
    assert pdf._surely_usable(page)
