"""Scanned reports: image-only pages read by Tesseract (samples/scans/)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pymupdf
import pytest

from extractor import OcrUnavailable, extract
from extractor.catalogue.frameworks import framework
from extractor.input import digits, ocr
from extractor.input.digits import read_digits
from extractor.input.document import Span
from extractor.input.ocr import _probe, _skew, digit_width_ratio, restore_diacritics, text_layer_is_usable
from extractor.input.ocr_cells import OcrWord, Reading, decide
from extractor.layout.rows import Row
from extractor.models import Area, Provenance, Question, Report, TableTotal
from extractor.output.json import report_to_dict
from extractor.reconcile.checks import check_missing, check_totals
from extractor.report.overview import read_overview
from samples.scans.expected import scans, score
from tests.conftest import ROOT

SCANS = scans()
SCAN_200 = "samples/scans/ostersund-2015-libreoffice-200dpi.pdf"


def _score(path: str):  # type: ignore[no-untyped-def]
    spec = SCANS[path]
    report = report_to_dict(extract(path))
    golden = json.loads((ROOT / spec["golden"]).read_text("utf-8"))
    return report, score(report, golden, spec["sections"])


def test_scan_at_200_dpi_gives_the_numbers_and_findings_of_its_golden_file() -> None:
    report, s = _score(SCAN_200)
    assert report["source"]["kind"] == "pdf-ocr"
    assert report["municipality"] == "Östersund" and report["year"] == 2015
    assert s.numbers_wrong == []
    assert s.findings_missing == [] and s.findings_unexpected == []
    # A number the page reading and the cell reading do not agree on is null with
    # a warning (none of 160 when measured); every other number is read.
    assert s.numbers_right >= 158 and s.numbers_right + s.numbers_null == s.numbers_total
    values = [q for a in report["areas"] for q in a["questions"]]
    assert all(
        q["provenance"]["achieved"]["confidence"] is not None for q in values if q["achieved"] is not None
    )
    # Bullets OCR lost are found by their ink, so every item stands on its own, and
    # the list table's words are read again in Swedish alone (13 of 13 exact when
    # measured). Misread question texts are matched to the catalogue, which their
    # provenance says ("as_read").
    assert s.bullets_total == 13 and s.bullets_right >= 12, s.wrong_texts
    assert s.texts_total == 45 and s.texts_right >= 44, s.wrong_texts
    # OCR read 7.4's id as "1.4": the row's place gives 7.4, its provenance what was read
    misread = [q["id"] for q in values if q["provenance"]["id"]["as_read"] == "1.4"]
    assert misread == ["7.4"]
    matched = [q for q in values if q["provenance"]["text"]["as_read"] is not None]
    assert matched and all(q["provenance"]["text"]["as_read"] != q["text"] for q in matched)


def test_scan_at_300_dpi_has_no_wrong_number_and_no_false_finding() -> None:
    """Tesseract reads one "75%" of this scan as "15%" with confidence 0.95; the
    glyph reading of the cell says "75%", so the value is null with a warning
    instead of a false PERCENT_MISMATCH."""
    report, s = _score("samples/scans/ostersund-2015-libreoffice-300dpi.pdf")
    assert s.numbers_wrong == []
    assert s.findings_missing == [] and s.findings_unexpected == []
    assert s.numbers_right >= 158


def test_cells_the_two_readings_disagree_on_are_null_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A cell reader that reads every cell as "99": no number of area 1's table may
    stand (they all disagree), each is null with an UNREADABLE warning, and no
    error finding is made of the numbers."""
    monkeypatch.setattr(ocr, "_read_cell", lambda crop: Reading("99", 0.99, (0, 0, 20, 15)))
    one_page = tmp_path / "overview-page.pdf"
    with pymupdf.open(SCAN_200) as scan, pymupdf.open() as out:
        out.insert_pdf(scan, from_page=3, to_page=3)  # the overview page with area 1's table
        out.save(one_page)
    report = report_to_dict(extract(str(one_page)))
    area1 = next(a for a in report["areas"] if a["number"] == 1)
    unreadable = {
        (f["question"], f["field"])
        for f in report["findings"]
        if f["code"] == "UNREADABLE" and f["area"] == 1
    }
    cells = [
        (q["id"], q, f"questions.{k}", k) for q in area1["questions"] for k in ("achieved", "max", "percent")
    ]
    cells += [(None, area1["table_total"], f"table_total.{k}", k) for k in ("achieved", "max", "percent")]
    assert len(cells) == 18
    for qid, values, field, key in cells:
        assert values[key] is None and (qid, field) in unreadable, (qid, field)
    numbers = [
        f for f in report["findings"] if f["severity"] == "error" and "table_total" in (f["field"] or "")
    ]
    assert numbers == []


def test_missing_tesseract_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails as when not installed
    _probe.cache_clear()
    with pytest.raises(OcrUnavailable, match="pip install tesserocr"):
        extract(SCAN_200)
    _probe.cache_clear()


def test_missing_swedish_data_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "eng.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(OcrUnavailable, match=r"swe\.traineddata\) is missing in .*tesseract-ocr-swe"):
        extract(SCAN_200)


def test_cli_exits_2_without_tesseract_and_goes_on_with_the_batch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A tesserocr that cannot be imported, as on a machine without it.
    (tmp_path / "tesserocr.py").write_text(
        "raise ImportError('libtesseract.so.5: cannot open shared object file')\n"
    )
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "check", SCAN_200, "samples/falun-2012-libreoffice.pdf"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and SCAN_200 in lines[0] and "pip install tesserocr" in lines[0]


def test_text_pdf_is_not_read_by_ocr() -> None:
    assert extract("samples/falun-2012-libreoffice.pdf").source.kind == "pdf"


def test_skew_of_a_scan_is_measured() -> None:
    spec = SCANS["samples/scans/ostersund-2015-libreoffice-300dpi.pdf"]
    with pymupdf.open("samples/scans/ostersund-2015-libreoffice-300dpi.pdf") as doc:
        angles = [_skew(page) for page in doc]
    assert all(abs(a - spec["angle"]) <= 0.35 for a in angles), angles


def test_missing_swedish_marks_are_restored_from_the_vocabulary() -> None:
    assert restore_diacritics("Uppnatt") == "Uppnått"
    assert restore_diacritics("tjanster?") == "tjänster?"
    assert restore_diacritics("70") == "70"
    assert restore_diacritics("och") == "och"


def test_a_number_wider_than_its_digits_is_implausible() -> None:
    assert digit_width_ratio("77", (0, 0, 40, 30)) == pytest.approx(40 / 60)
    assert digit_width_ratio("7", (0, 0, 40, 30)) > 1.1  # two digits of ink read as one
    assert digit_width_ratio("Styrkor", (0, 0, 40, 30)) is None


def test_garbage_text_layer_is_not_usable() -> None:
    def span(text: str) -> Span:
        return Span(text=text, x0=0, y0=0, x1=10, y1=10, size=10)

    assert not text_layer_is_usable([])
    assert not text_layer_is_usable([span("\ue001\ue002\ue003\ue004")])
    assert text_layer_is_usable([span("Innehåll"), span("Kommunkompassen?............3")])


def test_scan_at_150_dpi_gives_no_number_at_all_rather_than_a_wrong_one() -> None:
    """Below MIN_NUMBER_DPI every number is null with a warning: never a wrong value,
    and so never an error finding made of misread digits."""
    report, s = _score("samples/scans/ostersund-2015-libreoffice-150dpi.pdf")
    values = [
        v
        for a in [*report["areas"], *(x for st in report["other_score_sets"] for x in st["areas"])]
        for q in [*a["questions"], a["table_total"] or {}]
        for v in (q.get("achieved"), q.get("max"), q.get("percent"))
    ]
    assert values and all(v is None for v in values)
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    assert sum(f["code"] == "UNREADABLE" for f in report["findings"]) >= 100
    # Area 7's total row, which the page reading loses entirely at this resolution,
    # is found in the table's geometry: null with a warning, not silently missing.
    assert s.numbers_wrong == []
    unreadable = {(f["area"], f["field"]) for f in report["findings"] if f["code"] == "UNREADABLE"}
    assert {(7, f"table_total.{k}") for k in ("achieved", "max", "percent")} <= unreadable


def _word(text: str, conf: float = 0.95, x0: int = 0) -> OcrWord:
    return OcrWord(text, (x0, 0, x0 + 30 * len(text), 40), conf, (1, 1, 1))


def test_a_number_both_readings_agree_on_stands_with_its_confidence() -> None:
    out = decide([_word("75%", 0.83)], Reading("75%", 0.9, (0, 0, 80, 40)), (0, 0, 80, 40))
    assert [(w.text, w.conf) for w in out] == [("75%", 0.83)]


def test_a_number_the_readings_disagree_on_is_unreadable_whatever_the_confidences() -> None:
    # Tesseract's "15%" at 0.95 against the glyph reading's "75%": neither is chosen.
    out = decide([_word("15%", 0.95)], Reading("75%", 0.99, (0, 0, 80, 40)), (0, 0, 80, 40))
    assert [(w.text, w.conf) for w in out] == [("15%", 0.0)]
    # The cell reading found no number: the page reading alone does not stand.
    out = decide([_word("12")], Reading("", 0.0, None), (0, 0, 60, 40))
    assert [w.conf for w in out] == [0.0]


def test_a_number_split_into_letters_is_joined_only_when_the_cell_reading_agrees() -> None:
    """The page reading's "7" "O" is no number: the cell reading fills the cell, with
    its own confidence, when the letters read back as digits agree with it."""
    page = [_word("7", 0.9), _word("O", 0.85, x0=30)]
    out = decide(page, Reading("70", 0.95, (0, 0, 60, 40)), (0, 0, 60, 40))
    assert [(w.text, w.conf, w.box) for w in out] == [("70", 0.95, (0, 0, 60, 40))]
    out = decide(page, Reading("76", 0.95, (0, 0, 60, 40)), (0, 0, 60, 40))
    assert all(w.conf == 0.0 for w in out)
    # A speck beside a digit read as a bracket ("7" "0)" for a 22-pt "70").
    page = [_word("7", 0.88), _word("0)", 0.85, x0=30)]
    assert [w.text for w in decide(page, Reading("70", 0.95, (0, 0, 60, 40)), (0, 0, 60, 40))] == ["70"]


def test_a_percent_the_page_reading_took_for_90_agrees_with_the_cells_percent() -> None:
    out = decide([_word("5690", 0.92)], Reading("56%", 0.97, (0, 0, 80, 40)), (0, 0, 80, 40))
    assert [(w.text, w.conf) for w in out] == [("56%", 0.92)]
    out = decide([_word("5690", 0.92)], Reading("57%", 0.97, (0, 0, 80, 40)), (0, 0, 80, 40))
    assert all(w.conf == 0.0 for w in out)


def test_a_cell_the_page_reading_lost_is_filled_only_from_a_sure_reading() -> None:
    box = (0, 0, 60, 40)
    assert decide([], Reading("61", 0.95, (0, 0, 50, 40)), box)[0][:1] == ("61",)
    assert decide([], Reading("61", 0.95, (0, 0, 50, 40)), box)[0].conf == 0.95
    # Not confident, or too narrow for two digits: a placeholder, null + warning.
    assert decide([], Reading("61", 0.5, (0, 0, 50, 40)), box)[0].conf == 0.0
    assert decide([], Reading("61", 0.95, (0, 0, 20, 40)), box)[0].conf == 0.0
    assert decide([], Reading("", 0.0, None), box)[0].text == "?"


def test_the_glyph_reader_reads_rendered_digits_and_refuses_a_blot() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=120, height=40)
    page.insert_text((10, 28), "73%", fontname="helv", fontsize=20)
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    text, conf, box = read_digits(img)
    assert text == "73%" and conf >= 0.8 and box is not None
    blot = np.full((60, 60), 255, np.uint8)
    blot[10:50, 10:50] = 0
    assert read_digits(blot)[0] == ""


def test_a_sum_over_an_ocr_table_that_lost_a_question_row_is_no_mismatch() -> None:
    """OCR lost question 1.5's row (its id read as "§5"): MISSING_QUESTION says so,
    and the four questions read do not make the printed total a SUM_MISMATCH. The
    same table from a text layer still is one."""
    fw = framework("2010")

    def area(confidence: float | None) -> Area:
        at = Provenance(page=1, confidence=confidence)
        questions = [
            Question(id=f"1.{k}", text="", achieved=10, max=20, percent=50, provenance={"achieved": at})
            for k in range(1, 5)
        ]
        total = TableTotal(achieved=48, max=100, percent=48, provenance={"achieved": at, "max": at})
        return Area(
            number=1,
            title="",
            title_as_printed=None,
            stated_score=None,
            questions=questions,
            table_total=total,
        )

    def codes(a: Area) -> set[str]:
        report = Report.model_construct(areas=[a])
        return {f.code.value for f in check_totals(report, fw)} | {
            f.code.value for f in check_missing(report, fw)
        }

    assert "SUM_MISMATCH" not in codes(area(0.95)) and "MISSING_QUESTION" in codes(area(0.95))
    assert "SUM_MISMATCH" in codes(area(None))


def test_a_header_that_lost_its_area_number_does_not_merge_two_areas() -> None:
    """OCR read area 3's header without its "3." (and area 2's as "2:"): question
    3.1 after area 2's table opens area 3's table rather than joining area 2's."""

    def row(y: float, *cells: tuple[float, str]) -> Row:
        return Row(1, [Span(t, x, y, x + 6 * len(t), y + 10, 10, page=1, confidence=0.95) for x, t in cells])

    def header(y: float, *left: tuple[float, str]) -> Row:
        return row(y, *left, (380, "Uppnått"), (430, "Max"), (470, "Procent"))

    rows = [
        header(100, (70, "2:"), (105, "Tillgänglighet")),
        row(115, (70, "2.1"), (105, "Finns"), (410, "12"), (450, "15"), (494, "80%")),
        row(130, (410, "12"), (450, "15"), (494, "80%")),
        header(160, (105, "Politisk"), (150, "styrning")),
        row(175, (70, "3.1"), (105, "Genomsyras"), (410, "10"), (450, "15"), (494, "67%")),
        row(190, (410, "10"), (450, "15"), (494, "67%")),
    ]
    tables = read_overview(rows)
    assert [(t.number, [q.id for q in t.questions]) for t in tables] == [(2, ["2.1"]), (3, ["3.1"])]


def test_an_ocr_question_row_that_lost_its_id_is_not_the_total_row() -> None:
    def row(y: float, *cells: tuple[float, str]) -> Row:
        return Row(1, [Span(t, x, y, x + 6 * len(t), y + 10, 10, page=1, confidence=0.95) for x, t in cells])

    rows = [
        row(100, (70, "8."), (105, "Samhällsbyggare"), (380, "Uppnått"), (430, "Max"), (470, "Procent")),
        row(115, (70, "8.1"), (105, "Har"), (410, "11"), (450, "15"), (494, "73%")),
        row(130, (70, "§2"), (105, "Hur"), (410, "13"), (450, "20"), (494, "65%")),  # "8.2" misread
        row(145, (70, "8.3"), (105, "Hur"), (410, "15"), (450, "20"), (494, "75%")),
        row(160, (410, "39"), (450, "55"), (494, "71%")),
    ]
    (table,) = read_overview(rows)
    assert [q.id for q in table.questions] == ["8.1", "8.3"]
    assert table.total is not None and table.total["achieved"].text == "39"


def test_an_ocr_id_with_a_wrong_area_digit_takes_its_place_in_the_table() -> None:
    """ "1.4" right after 7.3 in area 7's table is question 7.4; "1.9" there is no id."""

    def row(y: float, *cells: tuple[float, str]) -> Row:
        return Row(1, [Span(t, x, y, x + 6 * len(t), y + 10, 10, page=1, confidence=0.95) for x, t in cells])

    def table_ids(misread: str) -> list[str]:
        rows = [
            row(
                100,
                (70, "7."),
                (105, "Verksamhetsutveckling"),
                (380, "Uppnått"),
                (430, "Max"),
                (470, "Procent"),
            ),
            row(115, (70, "7.3"), (105, "Hur"), (410, "14"), (450, "20"), (494, "70%")),
            row(130, (70, misread), (105, "Hur"), (410, "9"), (450, "20"), (494, "45%")),
            row(145, (70, "7.5"), (105, "Hur"), (410, "11"), (450, "20"), (494, "55%")),
        ]
        (table,) = read_overview(rows)
        return [q.id for q in table.questions]

    assert table_ids("1.4") == ["7.3", "7.4", "7.5"]
    assert table_ids("1.9") == ["7.3", "7.5"]


def _number_crop(parts: list[tuple[float, str]], font: str, dpi: int = 300) -> np.ndarray:  # type: ignore[type-arg]
    """A cell as a scanner would see it: text drawn at x positions (points), rendered grey."""
    with pymupdf.open() as doc:
        page = doc.new_page(width=60, height=20)
        for x, text in parts:
            page.insert_text((x, 15), text, fontname=font, fontsize=10)
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        return (
            np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
        )


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("font", ["tiro", "helv"])
@pytest.mark.parametrize("text", ["68%", "74%", "76%", "100%", "12", "5%"])
def test_the_cell_reader_reads_serif_and_sans_numbers(font: str, text: str, dpi: int) -> None:
    assert read_digits(_number_crop([(4, text)], font, dpi))[0] == text


def test_the_cell_reader_splits_a_digit_touching_its_percent_sign(monkeypatch: pytest.MonkeyPatch) -> None:
    advance = pymupdf.get_text_length("74", fontname="tiro", fontsize=10)
    crop = _number_crop([(4, "74"), (4 + advance - 1.2, "%")], "tiro")  # "4" and "%" touch
    assert len(digits.glyph_boxes(crop < digits._DARK)) == 2
    assert read_digits(crop)[0] == "74%"
    monkeypatch.setattr(digits, "_split_percent", lambda *args: None)
    assert read_digits(crop)[0] == "741"  # split as digits: the "%" is lost (wrong, or null beside "74%")


def test_a_percent_sign_is_measured_against_the_taller_digits_of_its_cell() -> None:
    """A scanned sans "%" 1.30 times as wide as its own height (a Västerås cell): one
    glyph when measured against the cell's digits, 1.04 of its height taller."""
    ink = _number_crop([(4, "%")], "helv", 200) < digits._DARK
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    glyph = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h = glyph.shape[0]
    wide = glyph[:, (np.arange(round(1.30 * h)) * glyph.shape[1] / round(1.30 * h)).astype(int)]
    box = (0, 0, wide.shape[1], h)
    digit_w = digits._DIGIT_WIDTH * h * 1.04
    parts = digits._glyphs(wide, box, digit_w)
    assert parts is not None and len(parts) == 1 and digits.read_glyph(parts[0])[0] == "%"


def test_loading_ahead_loads_what_the_first_scanned_page_would() -> None:
    """The OCR benchmark loads the models and the dictionary before it times pages:
    afterwards a page finds both engines it uses already made."""
    from dataclasses import replace

    from extractor.report import lexicon

    tesseract = ocr.find_tesseract("test")
    ocr._engine.cache_clear()
    ocr.load_engines(tesseract)
    assert ocr._engine.cache_info().currsize == 2
    ocr._engine(tesseract)
    ocr._engine(replace(tesseract, languages=ocr.SWEDISH))
    assert ocr._engine.cache_info().misses == 2  # both were made ahead
    assert lexicon.load_dictionary() is (lexicon._dictionary() is not None)
