"""Scanned reports: image-only pages read by Tesseract (samples/scans/)."""

from __future__ import annotations

import json
import subprocess
import sys

import pymupdf
import pytest

from extractor import OcrUnavailable, extract
from extractor.input.document import Span
from extractor.input.ocr import _skew, digit_width_ratio, restore_diacritics, text_layer_is_usable
from extractor.output.json import report_to_dict
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
    # One percent is read as "5690" ("%" taken for "90"): null with a warning.
    # Every other number is read.
    assert s.numbers_null <= 1 and s.numbers_right >= s.numbers_total - 1
    values = [q for a in report["areas"] for q in a["questions"]]
    assert all(
        q["provenance"]["achieved"]["confidence"] is not None for q in values if q["achieved"] is not None
    )
    # Every bullet item and question text exactly as printed: bullets OCR lost are
    # found by their ink, misread question texts matched to the catalogue, which
    # their provenance says ("as_read").
    assert s.bullets_total == 13 and s.bullets_right == s.bullets_total, s.wrong_texts
    assert s.texts_total == 45 and s.texts_right == s.texts_total, s.wrong_texts
    matched = [q for q in values if q["provenance"]["text"]["as_read"] is not None]
    assert matched and all(q["provenance"]["text"]["as_read"] != q["text"] for q in matched)


def test_missing_tesseract_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMPASS_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr tesseract-ocr-swe"):
        extract(SCAN_200)


def test_missing_swedish_data_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-swe"):
        extract(SCAN_200)


def test_cli_exits_2_without_tesseract_and_goes_on_with_the_batch() -> None:
    env = {"KOMPASS_TESSERACT": "/nonexistent/tesseract", "PATH": "/usr/bin:/bin"}
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
    assert len(lines) == 1 and SCAN_200 in lines[0] and "tesseract-ocr" in lines[0]


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
