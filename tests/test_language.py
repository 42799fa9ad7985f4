"""Swedish Kommunkompassen or Norwegian Kommunekompasset (Bokmål, Nynorsk)."""

from __future__ import annotations

import pytest

from extractor.input.document import Span
from extractor.layout.rows import Row
from extractor.report.language import detect_language
from extractor.report.metadata import read_metadata


def _rows(*lines: str) -> list[Row]:
    return [
        Row(None, [Span(text=t, x0=0, y0=14 * k, x1=100, y1=14 * k + 11, size=11, line=k + 1)])
        for k, t in enumerate(lines)
    ]


SV = "Det finns en plan och det är tydligt hur kommunen arbetar, men också vad som inte görs."
NB = "Det finnes en plan og det er tydelig hvordan kommunen arbeider, men også hva som ikke gjøres."
NN = "Det finst ein plan og det er tydeleg korleis kommunen arbeider, men òg kva som ikkje vert gjort."


@pytest.mark.parametrize(("text", "language"), [(SV, "sv"), (NB, "nb"), (NN, "nn")])
def test_language_is_told_by_its_function_words(text: str, language: str) -> None:
    assert detect_language(_rows(text, text))[0] == language


def test_too_little_text_decides_nothing() -> None:
    assert detect_language(_rows("Område 1"))[0] is None


def test_norwegian_title_page_gives_the_printed_name_not_a_swedish_guess() -> None:
    rows = _rows("KommuneKompasset", "ANALYSE AV", "BODØ KOMMUNE", "2013", "Innhold")
    meta = read_metadata(rows, "nb")
    assert (meta.municipality, meta.year) == ("Bodø", 2013)
    rows = _rows("KommuneKompasset", "Analyse av Nore og Uvdal kommune", "mai 2014")
    meta = read_metadata(rows, "nn")
    assert (meta.municipality, meta.year) == ("Nore og Uvdal", 2014)


@pytest.mark.parametrize("sample", ["samples/bodo-2013.txt", "samples/falun-2012-reportlab.pdf"])
def test_marker_words_are_counted_as_row_by_row(sample: str) -> None:
    from extractor.input.open import read_document
    from extractor.layout.rows import document_to_rows
    from extractor.report.language import _markers, _word

    rows = document_to_rows(read_document(sample))
    counts = dict.fromkeys(_markers(), 0)
    for row in rows:
        for word in _word().findall(row.text.casefold()):
            for lang, words in _markers().items():
                counts[lang] += word in words
    assert detect_language(rows)[1] == counts
    assert sum(counts.values()) > 100


def test_every_marker_word_is_a_word_that_can_be_counted() -> None:
    from extractor.report.language import _markers, _word

    for words in _markers().values():
        for word in words:
            assert _word().fullmatch(word), word
    assert detect_language(_rows("òg òg òg òg òg"))[1]["nn"] == 5
