"""The Swedish-only second reading of a list table's words (extractor/input/ocr_swedish.py)."""

from __future__ import annotations

import numpy as np

from extractor.input.ocr_cells import OcrWord
from extractor.input.ocr_swedish import list_table_top, same_but_marks, with_swedish_marks


def _w(text: str, x: int, y: int, line: int) -> OcrWord:
    return OcrWord(text, (x, y, x + 12 * len(text), y + 30), 0.9, (1, 1, line))


HEADER = [
    _w("Styrkor", 100, 500, 1),
    _w("Förbättringsmöjligheter", 700, 500, 1),
    _w("Svagheter", 1400, 500, 1),
]
IMAGE = np.full((3000, 2000), 255, np.uint8)


def _reader(second: dict[str, str]):  # type: ignore[no-untyped-def]
    """A Swedish reading that reads each word of the line as `second` says."""

    def read(box):  # type: ignore[no-untyped-def]
        return [
            w._replace(text=second.get(w.text, w.text), conf=0.8)
            for w in PAGE
            if box[0] <= w.box[0] and w.box[2] <= box[2] and box[1] <= w.box[1] and w.box[3] <= box[3]
        ]

    return read


PAGE = [
    _w("Websandning", 100, 300, 0),  # above the table: not the table's
    *HEADER,
    _w("Websandning", 100, 560, 2),
    _w("av", 240, 560, 2),
    _w("KF", 280, 560, 2),
    _w("fora", 700, 600, 3),
    _w("ut,", 760, 600, 3),
    _w("resultat", 800, 600, 3),
]


def test_a_word_takes_the_swedish_readings_marks_only_below_a_list_header() -> None:
    out = with_swedish_marks(PAGE, IMAGE, _reader({"Websandning": "Websändning", "fora": "föra"}))
    assert [w.text for w in out] == [
        "Websandning",  # above the header: left as read
        *(w.text for w in HEADER),
        "Websändning",
        "av",
        "KF",
        "föra",
        "ut,",
        "resultat",
    ]
    assert out[4].conf == 0.8  # the lower confidence of the two readings


def test_another_word_is_never_taken() -> None:
    out = with_swedish_marks(PAGE, IMAGE, _reader({"fora": "före", "Websandning": "Webbsändning"}))
    assert [w.text for w in out] == [w.text for w in PAGE]


def test_a_page_without_a_list_header_is_left_alone() -> None:
    page = [w for w in PAGE if w not in HEADER]
    assert list_table_top(page) is None
    assert with_swedish_marks(page, IMAGE, _reader({"fora": "föra"})) == page


def test_same_letters_but_marks() -> None:
    assert same_but_marks("fora", "föra") and same_but_marks("undersOkning", "undersökning")
    assert not same_but_marks("fora", "före") and not same_but_marks("méten", "möten")


def test_a_word_the_swedish_reading_is_clearly_surer_of_is_taken() -> None:
    page = [*HEADER, _w("medborgardiatog", 100, 560, 2)._replace(conf=0.22), _w("KF", 400, 560, 2)]

    def read(conf: float):  # type: ignore[no-untyped-def]
        return lambda box: [page[3]._replace(text="medborgardialog", conf=conf), page[4]._replace(text="KP")]

    assert with_swedish_marks(page, IMAGE, read(0.91))[3].text == "medborgardialog"
    assert with_swedish_marks(page, IMAGE, read(0.35))[3].text == "medborgardiatog"  # not clearly surer
    assert with_swedish_marks(page, IMAGE, read(0.91))[4].text == "KF"  # two letters: left as read
