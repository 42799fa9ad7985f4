"""The PDF reader's three ways to build words give the same words.

The reference builds words from every character (`_words` over `rawdict`).
`page_words` takes MuPDF's own words and spans where that is known to give the
same result, and falls back to the characters elsewhere. The native reader
(`_stext.page_words`, see `native_reader`) walks MuPDF's structured text in C and
hands a page back to Python when it holds something it does not decide. Every word
must come out identical in text, box, size and weight, on every page of every
sample, on mutated samples, and on pages made to hit the edge cases: words placed
without spaces, glued bullet glyphs, typographic spaces, combining marks (one at a
line's end has an empty box), control characters, mixed fonts in one word, rotated
text; and with PyMuPDF's quad corrections both on and off.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf
import pytest

from extractor.input import pdf
from tests.hostile import fuzz_corpus, mutate

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "scans").glob("*.pdf"))


def _both(page: pymupdf.Page) -> tuple[list[pdf.Span], list[pdf.Span]]:
    textpage = page.get_textpage(flags=pdf._TEXT_FLAGS)
    slow = list(pdf._words(textpage.extractRAWDICT(), page.number + 1))
    fast = pdf._read_page(page.parent, page.number, "test.pdf").spans
    return slow, fast


def _native(page: pymupdf.Page) -> tuple[list[pdf.Span], list[pdf.Span], bool]:
    """The reference words, the native reader's through `_read_page`, and whether
    the native reader read the page itself (not handing it back to Python)."""
    native = pdf.native_reader()
    if native is None:
        pytest.skip("the native reader is not built (see setup.py)")
    textpage = page.get_textpage(flags=pdf._TEXT_FLAGS)
    slow = list(pdf._words(textpage.extractRAWDICT(), page.number + 1))
    read = pdf._read_page(page.parent, page.number, "test.pdf", native).spans
    return slow, read, native(textpage) is not None


@contextmanager
def _quad_corrections(on: bool, small_glyph_heights: bool = False) -> Iterator[None]:
    old = pymupdf.TOOLS.unset_quad_corrections(), pymupdf.TOOLS.set_small_glyph_heights()
    pymupdf.TOOLS.unset_quad_corrections(not on)
    pymupdf.TOOLS.set_small_glyph_heights(small_glyph_heights)
    try:
        yield
    finally:
        pymupdf.TOOLS.unset_quad_corrections(old[0])
        pymupdf.TOOLS.set_small_glyph_heights(old[1])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_fast_words_equal_character_words_on_every_sample_page(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            slow, fast = _both(page)
            assert fast == slow, f"{path.name} page {page.number + 1}"


@pytest.mark.parametrize("corrections", [False, True], ids=["corrections-off", "corrections-on"])
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_native_words_equal_character_words_on_every_sample_page(path: Path, corrections: bool) -> None:
    with _quad_corrections(corrections), pymupdf.open(path) as doc:
        for page in doc:
            slow, native, _ = _native(page)
            assert native == slow, f"{path.name} page {page.number + 1}"


def test_native_reader_reads_the_text_samples_itself() -> None:
    """Zero-width characters inside a line (Chromium's ligature halves) do not send
    a page back to Python: every page of the text samples is read natively."""
    handed_back = []
    for path in sorted(SAMPLES.glob("*.pdf")):
        with pymupdf.open(path) as doc:
            handed_back += [f"{path.name}:{p.number + 1}" for p in doc if not _native(p)[2]]
    assert handed_back == []


def test_native_words_equal_character_words_on_mutated_samples() -> None:
    """Damaged PDFs (the fuzz test's mutations) that MuPDF still opens: whatever
    text survives comes out the same both ways. Both read one TextPage: MuPDF may
    repair a damaged file when it first meets the damage, so a page interpreted a
    second time can hold more text than the first time (mutation 24 of the CI run)."""
    native = pdf.native_reader()
    if native is None:
        pytest.skip("the native reader is not built (see setup.py)")
    corpus = fuzz_corpus()
    compared = 0
    for k in range(int(os.environ.get("KOMPASS_FUZZ_COUNT", "20"))):
        rng = random.Random(k)
        source = corpus[k % len(corpus)]
        _, data = mutate(source.read_bytes(), rng)
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
            pages = list(doc)
        except Exception:  # unreadable after the mutation: the fuzz test covers that
            continue
        for page in pages:
            try:
                textpage = page.get_textpage(flags=pdf._TEXT_FLAGS)
                slow = list(pdf._words(textpage.extractRAWDICT(), page.number + 1))
            except Exception:  # a page MuPDF cannot interpret: the fuzz test covers that
                continue
            found = native(textpage)
            if found is not None:
                where = f"{source.name} mutation {k} page {page.number + 1}"
                assert pdf.native_spans(found, page.number + 1) == slow, where
                compared += 1
    assert compared > 0


def test_native_reader_is_not_used_for_another_mupdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """It reads MuPDF's structures, laid out as in the headers it was built with."""
    if pdf._stext is None:
        pytest.skip("the native reader is not built (see setup.py)")
    assert pdf.native_reader() is not None
    monkeypatch.setattr(pdf._stext, "MUPDF_VERSION", "0.0.0")
    assert pdf.native_reader() is None


def test_native_reader_is_not_used_with_small_glyph_heights() -> None:
    if pdf._stext is None:
        pytest.skip("the native reader is not built (see setup.py)")
    with _quad_corrections(True, small_glyph_heights=True):
        assert pdf.native_reader() is None
    with _quad_corrections(False, small_glyph_heights=True):  # PyMuPDF keeps the quads as they are
        assert pdf.native_reader() is not None


def test_native_reader_is_built_where_required() -> None:
    """`make test` (and so CI) sets KOMPASS_REQUIRE_NATIVE: there a missing
    compiler or header must fail, not quietly leave the slower reader."""
    if os.environ.get("KOMPASS_REQUIRE_NATIVE") != "1":
        pytest.skip("KOMPASS_REQUIRE_NATIVE is not set")
    assert pdf._stext is not None, "extractor/input/_stext.c was not built (see setup.py)"
    assert pdf.native_reader() is not None, (
        f"built for MuPDF {pdf._stext.MUPDF_VERSION}, running {pymupdf.mupdf_version}"
    )


def _font_file() -> str:
    """DejaVu Sans where the system has it (every glyph used here), else the Vera
    that reportlab ships (no typographic spaces or combining marks)."""
    import reportlab

    for path in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
    ):
        if path.exists():
            return str(path)
    pytest.skip("no TrueType font found")


def _edge_case_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    font_file = _font_file()
    font = pymupdf.Font(fontfile=font_file)
    y = 60.0

    def line(text: str, x: float = 72, size: float = 11) -> None:
        page.insert_text((x, y), text, fontsize=size, fontname="F0", fontfile=font_file)

    line("Vanlig rad med ord, siffror 12 av 17 (71 %) och åäö.")
    y += 20
    # Words placed one by one without spaces, at gaps from 0.05 to 1.5 em.
    x = 72.0
    for i, gap in enumerate((0.05, 0.1, 0.2, 0.26, 0.3, 0.5, 0.9, 1.5)):
        word = f"ord{i}"
        line(word, x=x)
        x += font.text_length(word, fontsize=11) + gap * 11
    y += 20
    line("\u2022Styrprinciper glued\u2022 and \u2022 free \u25aaglued")
    y += 20
    page.insert_text((72, y + 10), "\u2022", fontsize=13, fontname="F0", fontfile=font_file)
    page.insert_text(
        (72 + font.text_length("\u2022", fontsize=13), y + 10),
        "Egen",
        fontsize=11,
        fontname="F0",
        fontfile=font_file,
    )
    y += 30
    line("em\u2003space thin\u2009space nbsp\u00a0space tab\there")
    y += 20
    line("kombinerade a\u030a o\u0308 tecken")
    y += 20
    # One word in two fonts and sizes: size is the largest, weight the majority.
    page.insert_text((72, y), "Hal", fontsize=11, fontname="helv")
    page.insert_text(
        (72 + pymupdf.get_text_length("Hal", "helv", 11), y), "vfet", fontsize=13, fontname="hebo"
    )
    page.insert_text((150, y), "Fet", fontsize=11, fontname="hebo")
    page.insert_text(
        (150 + pymupdf.get_text_length("Fet", "hebo", 11), y), "mager", fontsize=11, fontname="helv"
    )
    y += 20
    page.insert_text((72, y + 100), "Roterad text", fontsize=11, rotate=90)
    page.insert_text(
        (300, y + 100), "Lite lutad", fontsize=11, morph=(pymupdf.Point(300, y + 100), pymupdf.Matrix(5))
    )
    return doc.tobytes()


def test_fast_words_equal_character_words_on_edge_cases() -> None:
    with pymupdf.open(stream=_edge_case_pdf(), filetype="pdf") as doc:
        slow, fast = _both(doc[0])
    assert fast == slow
    texts = [s.text for s in fast]
    assert "\u2022" in texts and "Styrprinciper" in texts  # the glued glyph stands alone
    assert any(s.text.startswith("Hal") and s.size == 13 for s in fast)


def test_native_words_equal_character_words_on_edge_cases() -> None:
    with pymupdf.open(stream=_edge_case_pdf(), filetype="pdf") as doc:
        slow, native, itself = _native(doc[0])
    assert native == slow
    assert itself  # zero-width combining marks inside a line are read natively


def test_a_line_ending_in_an_empty_box_is_handed_back_to_python() -> None:
    """rawdict leaves out a line's last span when its box is empty; whether a
    combining mark at a line's end is a span of its own depends on its style, which
    the native reader does not decide, so it hands the page back."""
    doc = pymupdf.open()
    page = doc.new_page()
    font_file = _font_file()
    page.insert_text((72, 72), "slutar med o\u0308", fontsize=11, fontname="F0", fontfile=font_file)
    page.insert_text((72, 100), "o\u0308 mitt i raden", fontsize=11, fontname="F0", fontfile=font_file)
    with pymupdf.open(stream=doc.tobytes(), filetype="pdf") as reread:
        slow, native, itself = _native(reread[0])
    assert not itself
    assert native == slow
    assert [s.text for s in native][:3] == ["slutar", "med", "\u00f6"]
