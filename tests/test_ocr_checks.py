"""Reconciliation of tables read by OCR: a lost row or an unread cell is no contradiction."""

from __future__ import annotations

from extractor.models import Area, FindingCode, Provenance, Question, Report, Severity, Source, TableTotal
from extractor.reconcile.checks import reconcile

# Område 1 of the 2010 criteria: 1.1-1.5 worth 15, 20, 25, 30 and 10 points.
_MAX = {"1.1": 15, "1.2": 20, "1.3": 25, "1.4": 30, "1.5": 10}
_GOT = {"1.1": 10, "1.2": 12, "1.3": 15, "1.4": 20, "1.5": 5}  # 62 of 100


def _prov(ocr: bool) -> dict[str, Provenance]:
    return {
        k: Provenance(page=3, bbox=(0, 0, 1, 1), confidence=0.95 if ocr else None)
        for k in ("achieved", "max")
    }


def _report(
    ids: list[str], *, ocr: bool, stated: int = 62, achieved: dict[str, int | None] | None = None
) -> Report:
    got = {**_GOT, **(achieved or {})}
    questions = [
        Question(id=i, text=f"Fråga {i}", achieved=got[i], max=_MAX[i], percent=None, provenance=_prov(ocr))
        for i in ids
    ]
    area = Area(
        number=1,
        title="Demokrati",
        title_as_printed=None,
        stated_score=stated,
        questions=questions,
        table_total=TableTotal(achieved=62, max=100, percent=None, provenance=_prov(ocr)),
        provenance={"title": Provenance(page=2), "stated_score": Provenance(page=2)},
    )
    return Report(
        source=Source(path="x.pdf", sha256="0" * 64, pages=4, kind="pdf"),
        municipality="Test",
        year=2010,
        framework="2010",
        areas=[area],
    )


def _codes(report: Report, severity: Severity) -> set[FindingCode]:
    return {f.code for f in reconcile(report).findings if f.severity == severity}


def test_a_row_ocr_lost_gives_a_warning_not_a_false_sum_or_heading_error() -> None:
    lost = _report(["1.1", "1.2", "1.4", "1.5"], ocr=True)  # 1.3 misread, not read as a question
    assert _codes(lost, Severity.ERROR) == set()
    assert FindingCode.MISSING_QUESTION in _codes(lost, Severity.WARNING)
    message = next(f.message for f in reconcile(lost).findings if f.code == FindingCode.MISSING_QUESTION)
    assert "not checked" in message


def test_the_same_table_in_a_text_layer_is_still_checked() -> None:
    lost = _report(["1.1", "1.2", "1.4", "1.5"], ocr=False)
    assert {FindingCode.SUM_MISMATCH, FindingCode.HEADING_MISMATCH} <= _codes(lost, Severity.ERROR)


def test_an_ocr_table_with_every_row_is_still_checked() -> None:
    assert _codes(_report(list(_MAX), ocr=True), Severity.ERROR) == set()
    wrong = _report(list(_MAX), ocr=True, achieved={"1.3": 16})  # adds up to 63, total says 62
    assert FindingCode.SUM_MISMATCH in _codes(wrong, Severity.ERROR)


def test_an_unread_cell_gives_unreadable_not_a_sum_error() -> None:
    unread = _report(list(_MAX), ocr=True, stated=60, achieved={"1.3": None})
    findings = reconcile(unread).findings
    assert not any(f.code == FindingCode.SUM_MISMATCH for f in findings)
    # the stated 60 against the printed total 62 is still a contradiction
    assert any(f.code == FindingCode.HEADING_MISMATCH for f in findings)
    assert any(f.code == FindingCode.UNREADABLE and f.field == "questions.achieved" for f in findings)
