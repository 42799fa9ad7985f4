"""The PDF reader's two ways to build words give the same words.

`page_words` takes MuPDF's own words and spans where that is known to give the
same result as building words from every character (`_words` over `rawdict`), and
falls back to the characters elsewhere. Every word must come out identical in text,
box, size and weight, on every page of every sample and on pages made to hit the
edge cases: words placed without spaces, glued bullet glyphs, typographic spaces,
combining marks, mixed fonts in one word, rotated text.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from extractor.input import pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "scans").glob("*.pdf"))


def _both(page: pymupdf.Page) -> tuple[list[pdf.Span], list[pdf.Span]]:
    textpage = page.get_textpage(flags=pdf._TEXT_FLAGS)
    slow = list(pdf._words(textpage.extractRAWDICT(), page.number + 1))
    fast = pdf._read_page(page.parent, page.number, "test.pdf").spans
    return slow, fast


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_fast_words_equal_character_words_on_every_sample_page(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            slow, fast = _both(page)
            assert fast == slow, f"{path.name} page {page.number + 1}"


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
