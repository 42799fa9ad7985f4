"""Reading the text of scans better: bullets found by their ink, items cleaned of OCR
specks, question texts and titles matched to the criteria catalogue."""

from __future__ import annotations

import numpy as np
import pymupdf

from extractor.catalogue.frameworks import framework
from extractor.input.document import Span
from extractor.input.ocr_bullets import _Image, find_bullets
from extractor.layout.lists import read_items
from extractor.layout.rows import Row
from extractor.report.area import read_area_section
from extractor.report.catalogue_match import match_question, match_title, read_by_ocr
from extractor.report.lexicon import _dictionary, mend_text, mend_word
from extractor.report.sections import find_area_headings
from tests.conftest import ROOT

ZOOM = 2.0  # pixels per point of the synthetic page


def word(text: str, x0: float, x1: float, y0: float = 100.0, conf: float | None = 0.95) -> Span:
    return Span(text=text, x0=x0, y0=y0, x1=x1, y1=y0 + 10, size=10.0, page=1, confidence=conf)


def page_ink(*blocks: tuple[float, float, float, float], ring: bool = False) -> _Image:
    """A 600 x 400 pt page (at ZOOM) with ink in the given boxes (points)."""
    ink = np.zeros((int(400 * ZOOM), int(600 * ZOOM)), dtype=bool)
    for x0, y0, x1, y1 in blocks:
        ink[int(y0 * ZOOM) : int(y1 * ZOOM), int(x0 * ZOOM) : int(x1 * ZOOM)] = True
        if ring:  # a letter "o": ink round a hole
            ink[int(y0 * ZOOM) + 2 : int(y1 * ZOOM) - 2, int(x0 * ZOOM) + 2 : int(x1 * ZOOM) - 2] = False
    return _Image(ink=ink, zoom=ZOOM, origin=(0, 0))


def test_a_bullet_ocr_lost_is_found_by_its_ink() -> None:
    spans = [word("Websändning", 90, 150), word("av", 153, 163)]
    # a 3.5 pt solid square at the x-height's middle, 14 pt left of the text,
    # and a table ruling further left
    image = page_ink((74, 104, 77.5, 107.5), (65, 95, 66, 115))
    out = find_bullets(spans, image)
    assert [s.text for s in out] == ["•", "Websändning", "av"]
    assert 73 < out[0].x0 < out[0].x1 < 79


def test_no_bullet_is_made_where_there_is_no_bullet_shaped_ink() -> None:
    spans = [word("Websändning", 90, 150)]
    assert [s.text for s in find_bullets(spans, page_ink())] == ["Websändning"]
    ring = page_ink((73, 103, 78, 108), ring=True)  # an "o", not a solid blob
    assert [s.text for s in find_bullets(spans, ring)] == ["Websändning"]
    high = page_ink((74, 100.5, 77.5, 103.5))  # up where a quotation mark stands
    assert [s.text for s in find_bullets(spans, high)] == ["Websändning"]
    tall = page_ink((74, 101, 76, 109))  # an "l" or "I": too narrow for its height
    assert [s.text for s in find_bullets(spans, tall)] == ["Websändning"]
    # a word after a small gap (not the start of a run) is not looked at
    close = [word("av", 80, 88), word("KF", 92, 104)]
    assert [s.text for s in find_bullets(close, page_ink((88.5, 104, 91, 107)))] == ["av", "KF"]


def test_a_short_word_whose_ink_is_one_blob_is_a_bullet() -> None:
    spans = [word("mw", 77, 83), word("Medborgarförslag", 89, 160)]
    out = find_bullets(spans, page_ink((77.5, 103.5, 81.5, 107.5)))
    assert [s.text for s in out] == ["•", "Medborgarförslag"]
    letters = page_ink((77.5, 103.5, 79, 108), (80, 103.5, 82.5, 108))  # two glyphs: "mw"
    assert [s.text for s in find_bullets(spans, letters)] == ["mw", "Medborgarförslag"]


def test_a_bullet_read_as_a_digit_before_a_word_is_a_bullet_but_a_number_stays() -> None:
    blob = page_ink((77.5, 103.5, 81.5, 107.5))
    spans = [word("8", 77, 82), word("Jämförelser", 89, 160)]
    assert [s.text for s in find_bullets(spans, blob)] == ["•", "Jämförelser"]
    three = [word("uw.", 77, 82), word("Bemötande", 89, 160)]
    assert [s.text for s in find_bullets(three, blob)] == ["•", "Bemötande"]
    # a digit before a number is a number, whatever its ink
    numbers = [word("8", 77, 82), word("12", 89, 100)]
    assert [s.text for s in find_bullets(numbers, blob)] == ["8", "12"]
    # a printed "8" has strokes round two holes, and "uw." is three glyphs: no blob
    eight = page_ink((77.5, 102, 81.5, 109), ring=True)
    assert [s.text for s in find_bullets(spans, eight)] == ["8", "Jämförelser"]
    glyphs = page_ink((77.5, 103.5, 78.5, 108), (79.2, 103.5, 80.2, 108), (81, 107, 81.8, 108))
    assert [s.text for s in find_bullets(three, glyphs)] == ["uw.", "Bemötande"]


def test_a_bullet_read_as_a_word_on_a_line_of_its_own_is_not_kept_as_text() -> None:
    # OCR put the bullet's ink ("a") on a line of its own, a little lower than "Etik"
    spans = [
        Span("a", 73.5, 102.0, 78.0, 110.0, 9.0, page=1, confidence=0.3),
        word("Etik", 90, 108),
        word("motverkan", 112, 150),
    ]
    out = find_bullets(spans, page_ink((74, 104, 77.5, 107.5)))
    assert [s.text for s in out] == ["•", "Etik", "motverkan"]


def _item_rows(first: str, conf: float) -> list[Row]:
    return [
        Row(1, [word("•", 71, 75), word(first, 90, 140, conf=conf), word("brukarundersökningar", 143, 200)]),
        Row(1, [word("•", 71, 75, y0=112), word("Websändning", 90, 150, y0=112)]),
    ]


def test_an_unsure_unclosed_quotation_mark_before_an_item_is_a_speck() -> None:
    items, _ = read_items(_item_rows("”Inga", 0.48), [(0.0, 600.0)])
    assert [it.text for it in items[0]] == ["Inga brukarundersökningar", "Websändning"]
    # read surely, or closed later in the item: kept
    items, _ = read_items(_item_rows("”Inga", 0.95), [(0.0, 600.0)])
    assert items[0][0].text == "”Inga brukarundersökningar"
    items, _ = read_items(_item_rows("”Inga”", 0.48), [(0.0, 600.0)])
    assert items[0][0].text == "”Inga” brukarundersökningar"


def test_a_word_ocr_measures_larger_still_continues_its_item() -> None:
    # OCR sizes come from word heights: a lone accented word measures 13.5 pt
    rows = [
        Row(1, [word("•", 379, 383), word("Inga", 391, 410)]),
        Row(1, [Span("brukarundersékningsresultat", 389, 111, 500, 121, 13.5, page=1, confidence=0.9)]),
    ]
    items, _ = read_items(rows, [(0.0, 600.0)])
    assert [it.text for it in items[0]] == ["Inga brukarundersékningsresultat"]
    # with space above it, a line OCR measures far larger is a heading
    spaced = [rows[0], Row(1, [Span("Sammanfattning", 379, 118, 480, 132, 17.0, page=1, confidence=0.9)])]
    items, used = read_items(spaced, [(0.0, 600.0)])
    assert [it.text for it in items[0]] == ["Inga"] and used == 1
    text_layer = [rows[0], Row(1, [Span("Rubrik", 389, 111, 500, 121, 13.5, page=1)])]
    items, used = read_items(text_layer, [(0.0, 600.0)])
    assert [it.text for it in items[0]] == ["Inga"] and used == 1  # a heading in a text layer


def test_a_question_misread_by_ocr_is_given_in_the_catalogues_words() -> None:
    fw = framework("2010")
    spec = fw.question("4.1")
    assert spec is not None and "kommunövergripande" in spec.text
    misread = spec.text.replace("kommunövergripande", "kommunévergripande")
    found = match_question(misread, "4.1", fw)
    assert found is not None and found.text == spec.text and found.as_read == misread
    assert found.ratio >= 90
    assert match_question(spec.text, "4.1", fw) is None  # read right: nothing to do


def test_a_reworded_question_keeps_its_printed_words() -> None:
    fw = framework("2010")
    spec = fw.question("4.1")
    assert spec is not None
    # one word more, or a whole word other than the catalogue's: not an OCR error
    assert match_question("Det " + spec.text, "4.1", fw) is None
    assert match_question(spec.text.replace("strategi", "policy"), "4.1", fw) is None
    # a text read as another question's id is not matched to that question
    other = fw.question("4.2")
    assert other is not None and match_question(other.text + "x", "4.1", fw) is None
    # criteria whose questions are not catalogued
    assert match_question(spec.text + "x", "4.1", framework("2016")) is None


def test_an_area_title_misread_by_ocr_is_given_in_the_catalogues_spelling() -> None:
    fw = framework("2010")
    found = match_title("Kommunen som samhdllsbyggare", fw.area(8), fw)
    assert found is not None and found.text == "Kommunen som samhällsbyggare"
    assert match_title("Kommunen som samhällsbyggare", fw.area(8), fw) is None
    assert match_title("Kommunen som samhdllsbyggare", fw.area(6), fw) is None


def test_only_texts_read_by_ocr_are_matched() -> None:
    assert read_by_ocr([word("Finns", 0, 10)])
    assert not read_by_ocr([word("Finns", 0, 10, conf=None)])
    assert not read_by_ocr([])


def _line(text: str, y: float, conf: float | None) -> Row:
    spans, x = [], 70.0
    for w in text.split():
        spans.append(word(w, x, x + 6 * len(w), y0=y, conf=conf))
        x += 6 * len(w) + 4
    return Row(1, spans)


def test_a_heading_whose_area_word_ocr_garbled_is_found_by_its_title() -> None:
    rows = [
        _line("Ornråde 3 Politisk styrning och kontroll", 100, 0.9),
        _line("Kommunen har en tydlig styrning av verksamheten", 120, 0.9),
        _line("0mråde 4 Ledarskap, ansvar och delegation", 140, 0.9),
    ]
    assert [(h.number, h.title) for h in find_area_headings(rows, set())] == [
        (3, "Politisk styrning och kontroll"),
        (4, "Ledarskap, ansvar och delegation"),
    ]
    # a garbled word before a number and an unknown title, or a text layer: no heading
    assert find_area_headings([_line("Ornråde 3 Kommunens ekonomi i stort", 100, 0.9)], set()) == []
    assert find_area_headings([_line("Ornråde 3 Politisk styrning och kontroll", 100, None)], set()) == []


def test_a_word_ocr_read_without_its_swedish_letter_is_mended_from_the_word_list() -> None:
    assert _dictionary() is not None  # spylls and hunspell-sv are dependencies
    assert mend_word("fullmaktige") == "fullmäktige"
    assert mend_word("Aterkommande") == "Återkommande"
    assert mend_word("hushall,") == "hushåll,"
    assert mend_word("F6rtroendevaldas") == "Förtroendevaldas"
    assert mend_text("på natet") == "på nätet"
    assert mend_text("F& dialoger") == "Få dialoger"
    assert mend_word("webbsands") == "webbsänds"  # a compound only by the rules: webb + sands
    assert mend_word("KS-méten") == "KS-möten"  # each part of a hyphenated compound
    assert mend_word("IT-stöd") == "IT-stöd"
    # "6" is no Swedish letter: put back as ö even where only a compound fits
    assert mend_word("brukarunders6kningar") == "brukarundersökningar"
    assert mend_word("xq6zz") == "xq6zz"  # no spelling the dictionary accepts


def test_the_word_list_leaves_words_alone_that_it_cannot_mend_surely() -> None:
    assert mend_word("fora") == "fora"  # a word itself (plural of forum)
    assert mend_word("ortkorridor") == "ortkorridor"  # only a compound would fit
    assert mend_word("omvärldsspanning") == "omvärldsspanning"  # a catalogue word
    assert mend_word("Kommunkompassen") == "Kommunkompassen"
    assert mend_word("2015") == "2015" and mend_word("KF") == "KF"


def test_no_word_of_the_text_samples_is_changed_by_the_word_list() -> None:
    """Precision: every distinct word of the sample PDFs' text layers (printed right)
    fed to the mender comes back unchanged."""
    words = set()
    for path in sorted((ROOT / "samples").glob("*-libreoffice.pdf")):  # one PDF per report
        with pymupdf.open(path) as doc:
            for page in doc:
                words.update(w[4] for w in page.get_text("words"))
    assert len(words) > 3000
    assert [(w, mend_word(w)) for w in sorted(words) if mend_word(w) != w] == []


def _score_rows(*score: Span) -> list[Row]:
    """A Rubriker/Poäng table with one sub-area and the score words beside it."""
    return [
        Row(1, [word("Rubriker", 70, 110), word("Poäng", 380, 405)]),
        Row(1, [word("•", 71, 75, y0=118), word("Valfrihet", 80, 120, y0=118), *score]),
    ]


def _big(text: str, x0: float, x1: float, conf: float = 0.97) -> Span:
    return Span(text=text, x0=x0, y0=112, x1=x1, y1=131, size=25.5, page=1, confidence=conf)


def test_a_large_score_read_as_one_word_per_digit_is_joined_by_its_geometry() -> None:
    section = read_area_section(_score_rows(_big("6", 418, 428.5), _big("8", 430.5, 441.5, conf=0.9)))
    assert section.score == 68
    assert [s.text for s in section.score_spans] == ["6", "8"]
    # the least confidence of its digits is the number's: unsure, it is null
    unsure = read_area_section(_score_rows(_big("6", 418, 428.5, conf=0.5), _big("8", 430.5, 441.5)))
    assert unsure.score is None
    # digits a wide gap apart are two numbers: the score is one of them, never joined
    apart = read_area_section(_score_rows(_big("6", 400, 410.5), _big("8", 430.5, 441.5)))
    assert apart.score in (6, 8)


def test_a_short_ocr_word_standing_where_the_columns_bullets_stand_is_a_bullet() -> None:
    def rows(mark: str, next_x: float, conf: float | None = 0.6) -> list[Row]:
        return [
            Row(1, [word("•", 71, 75, y0=100), word("Kvalitetspris", 80, 140, y0=100)]),
            Row(1, [word(mark, 71, 75, y0=112, conf=conf), word("Omvärldsanalys", next_x, 150, y0=112)]),
        ]

    items, _ = read_items(rows("B", 80.5), [(0.0, 1e6)])
    assert [it.text for it in items[0]] == ["Kvalitetspris", "Omvärldsanalys"]
    # the next word not where the items' text starts: a word of its own, not a bullet
    items, _ = read_items(rows("B", 85), [(0.0, 1e6)])
    assert [it.text for it in items[0]] == ["Kvalitetspris B Omvärldsanalys"]
    # a text layer's words are what they are
    items, _ = read_items(rows("B", 80.5, conf=None), [(0.0, 1e6)])
    assert [it.text for it in items[0]] == ["Kvalitetspris B Omvärldsanalys"]
