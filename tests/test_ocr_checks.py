"""Reconciliation of tables read by OCR: a lost row or an unread cell is no contradiction."""

from __future__ import annotations

from extractor.input.document import Span
from extractor.layout.rows import Row
from extractor.models import Area, FindingCode, Provenance, Question, Report, Severity, Source, TableTotal
from extractor.reconcile.checks import reconcile
from extractor.report.overview import read_overview

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


def _ocr_row(y: float, *words: tuple[str, float, float]) -> Row:
    return Row(1, [Span(t, x0, y, x1, y + 10, 10.0, page=1, confidence=0.95) for t, x0, x1 in words])


def _header(y: float, *title: tuple[str, float, float]) -> Row:
    return _ocr_row(y, *title, ("Uppnått", 300, 340), ("Max", 360, 380), ("Procent", 400, 440))


def _question(y: float, qid: str, achieved: str) -> Row:
    return _ocr_row(
        y, (qid, 70, 85), ("Fråga", 90, 120), (achieved, 310, 320), ("15", 362, 372), ("60%", 405, 425)
    )


def test_a_question_row_whose_id_ocr_misread_is_never_the_total_row() -> None:
    rows = [
        _header(100, ("2.", 70, 78), ("Tillgänglighet", 82, 150)),
        _question(115, "2.1", "9"),
        _question(130, "2", "10"),  # "2.2" read as "2"
        _question(145, "2.3", "8"),
        _ocr_row(160, ("Totalt", 70, 100), ("27", 310, 320), ("45", 362, 372), ("60%", 405, 425)),
    ]
    (table,) = read_overview(rows)
    assert [q.id for q in table.questions] == ["2.1", "2.3"]
    assert len(table.unread) == 1
    assert table.total is not None and table.total["achieved"].text == "27"


def test_the_next_areas_question_opens_its_table_when_its_heading_lost_the_number() -> None:
    rows = [
        _header(100, ("2.", 70, 78), ("Tillgänglighet", 82, 150)),
        _question(115, "2.1", "9"),
        _ocr_row(130, ("Totalt", 70, 100), ("9", 310, 320), ("15", 362, 372), ("60%", 405, 425)),
        _header(150, ("Politisk", 70, 110), ("styrning", 113, 150)),  # "3." not read
        _question(165, "3.1", "9"),
        _question(180, "8.2", "9"),  # an id misread as another area's: not a new table, but 3.2 by its place
    ]
    tables = read_overview(rows)
    assert [(t.number, [q.id for q in t.questions]) for t in tables] == [(2, ["2.1"]), (3, ["3.1", "3.2"])]


def test_an_ocr_table_with_a_gap_in_its_numbering_is_not_summed() -> None:
    # the 2016 criteria have no catalogued questions: the numbering shows 1.3 is lost
    report = _report(["1.1", "1.2", "1.4", "1.5"], ocr=True).model_copy(update={"framework": "2016"})
    findings = reconcile(report).findings
    assert not [f for f in findings if f.severity == Severity.ERROR]
    assert [f.question for f in findings if f.code == FindingCode.MISSING_QUESTION] == ["1.3"]


def test_an_unread_question_row_is_a_warning_and_the_sums_are_not_checked() -> None:
    report = _report(["1.1", "1.2", "1.3", "1.4"], ocr=True)  # 1.5's id misread
    report.areas[0].provenance["unread_question"] = Provenance(
        page=3, bbox=(70, 500, 440, 510), confidence=0.9
    )
    findings = reconcile(report).findings
    assert not [f for f in findings if f.severity == Severity.ERROR]
    assert any(f.code == FindingCode.UNREADABLE and f.field == "questions" for f in findings)


def test_a_percent_an_ocr_table_lost_is_unreadable_not_a_silent_null() -> None:
    report = _report(list(_MAX), ocr=True)
    for q in report.areas[0].questions:
        q.percent = round(100 * q.achieved / q.max) if q.achieved is not None and q.max else None
        q.provenance["percent"] = Provenance(page=3, bbox=(0, 0, 1, 1), confidence=0.95)
    last = report.areas[0].questions[-1]
    last.percent = None
    del last.provenance["percent"]  # no cell read at all
    findings = reconcile(report).findings
    unread = [(f.question, f.field) for f in findings if f.code == FindingCode.UNREADABLE and f.question]
    assert unread == [("1.5", "questions.percent")]
    # a table without a percent column has nothing to warn about
    plain = reconcile(_report(list(_MAX), ocr=True)).findings
    assert not any(f.code == FindingCode.UNREADABLE and f.question for f in plain)
