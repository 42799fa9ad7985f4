"""Unit tests of the small pure functions, on tiny literal inputs."""

from __future__ import annotations

import pytest

import extractor
from extractor.input.document import Span
from extractor.input.text import _cell_items
from extractor.layout.columns import corridor
from extractor.layout.lists import join_lines
from extractor.layout.rows import Row, spans_to_rows
from extractor.models import Report
from extractor.output.json import schema_json
from extractor.report.common import half_up_percent, parse_percent
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("Avvikelsehantering av-", "seende ekonomi", "Avvikelsehantering avseende ekonomi"),
        ("synpunkts-", "och klagomålshantering", "synpunkts- och klagomålshantering"),
        ("Uppföljning av", "kommunikationspolicy", "Uppföljning av kommunikationspolicy"),
        ("KS-", "Möten", "KS- Möten"),
        ("för\u00ad", "bättring", "förbättring"),
    ],
)
def test_join_lines_mends_line_end_hyphens(head: str, tail: str, joined: str) -> None:
    assert join_lines(head, tail) == joined


@pytest.mark.parametrize(
    ("text", "value"),
    [("80%", 80), ("80 %", 80), ("80\u00a0%", 80), ("80", 80), ("66,7 %", 66.7), ("100%", 100), ("x", None)],
)
def test_parse_percent(text: str, value: float | None) -> None:
    assert parse_percent(text) == value


@pytest.mark.parametrize(
    ("a", "m", "p"), [(71, 100, 71), (7, 15, 47), (1, 8, 13), (27, 40, 68), (10, 15, 67)]
)
def test_half_up_percent(a: int, m: int, p: int) -> None:
    assert half_up_percent(a, m) == p


def test_transcript_cells_split_into_bullets() -> None:
    cell = '<ul style="list-style-type: none"> • Styrprinciper för dialog • Websändning av KF '
    assert _cell_items(cell) == [(True, "Styrprinciper för dialog"), (True, "Websändning av KF")]
    assert _cell_items('<p style="font-size: 24pt;">71</p>') == [(False, "71")]


def _span(text: str, x0: float, x1: float, y: float = 0.0, size: float = 10.0) -> Span:
    return Span(text=text, x0=x0, y0=y, x1=x1, y1=y + size, size=size, page=1)


def test_corridor_finds_the_gap_between_columns() -> None:
    rows = [
        Row(1, [_span("lång text här", 10, 180), _span("12", 210, 222)]),
        Row(1, [_span("kort", 10, 40), _span("8", 215, 222)]),
    ]
    assert 180 < corridor(rows, 50, 210) < 210


def test_spans_on_one_baseline_form_one_row_but_a_big_number_stands_alone() -> None:
    spans = [
        _span("Strategi", 10, 60, y=100),
        _span("för", 62, 80, y=100.5),
        _span("70", 400, 430, y=99.5, size=24),
        _span("Information", 10, 70, y=113),
    ]
    rows = spans_to_rows(spans, 1)
    assert [r.text for r in rows][0] == "Strategi för"
    assert len(rows) == 3


def test_committed_schema_is_current() -> None:
    assert (ROOT / "schemas" / "report.schema.json").read_text("utf-8") == schema_json(), (
        "regenerate with: kompass schema > schemas/report.schema.json"
    )
    assert Report.model_json_schema()["properties"]["schema_version"]["const"] == "1"


def test_public_api_is_pinned() -> None:
    assert set(extractor.__all__) == {
        "SCHEMA_VERSION",
        "Area",
        "DamagedInput",
        "EncryptedInput",
        "ExtractOptions",
        "Finding",
        "FindingCode",
        "InputNotFound",
        "KompassError",
        "LimitExceeded",
        "NotAReport",
        "OcrUnavailable",
        "Provenance",
        "Question",
        "Report",
        "Severity",
        "Source",
        "TableTotal",
        "UnsupportedInput",
        "__version__",
        "extract",
        "extract_bytes",
    }


def test_atomic_write_gives_an_ordinary_file_and_leaves_nothing_on_failure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from extractor.output.files import atomic_path, write_atomic

    target = tmp_path / "sub" / "report.json"
    write_atomic(target, "{}\n")
    assert target.read_text() == "{}\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "half.json") as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


def test_every_finding_code_has_its_contract_severity() -> None:
    from extractor.models import FindingCode, Severity
    from extractor.reconcile.checks import SEVERITY

    assert set(SEVERITY) == set(FindingCode)
    errors = {c.value for c, s in SEVERITY.items() if s == Severity.ERROR}
    assert errors == {
        "SUM_MISMATCH",
        "HEADING_MISMATCH",
        "PERCENT_MISMATCH",
        "SCORE_ABOVE_MAX",
        "TOTAL_MISMATCH",
        "FRAMEWORK_MISMATCH",
    }


@pytest.mark.parametrize("number", ["4.", "4", "4,"])
def test_overview_heading_is_found_whatever_ocr_made_of_its_number(number: str) -> None:
    from extractor.report.sections import find_overview

    rows = [
        Row(1, [_span("Inledning", 10, 80, y=50)]),
        Row(1, [_span(number, 10, 20, y=80), _span("Översikt av poängfördelning", 25, 200, y=80)]),
    ]
    assert find_overview(rows, set()) == 1


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("4.4", "44"),
        ("4,4.", "44"),
        ("44", "44"),
        ("4:4", "44"),
        ("64", None),
        ("4,4,4", None),
        ("1.4", None),
        ("5.1", "51"),
        ("5.2", "52"),
        ("6.1", None),
    ],
)
def test_ocr_question_ids_that_lost_or_changed_their_dot(text: str, found: str | None) -> None:
    from extractor.report.overview import _question_id

    span = Span(text=text, x0=0, y0=0, x1=10, y1=10, size=10, page=1, confidence=0.9)
    m = _question_id(span, 4)
    assert (m.group(1) + m.group(2) if m else None) == found


@pytest.mark.parametrize(("ocr", "found"), [(True, 1), (False, None)])
def test_an_overview_heading_ocr_misread_is_matched_to_its_label_but_a_text_layer_is_not(
    ocr: bool, found: int | None
) -> None:
    from dataclasses import replace

    from extractor.report.sections import find_overview

    def row(*spans: Span) -> Row:
        return Row(1, [replace(s, confidence=0.9 if ocr else None) for s in spans])

    rows = [
        row(_span("Inledning", 10, 80, y=50)),
        row(_span("4.", 10, 20, y=80), _span("Översikt av poangférdelning", 25, 200, y=80)),
        row(_span("Översikt av politiken", 10, 200, y=120)),
    ]
    assert find_overview(rows, set()) == found
