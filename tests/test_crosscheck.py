"""The independent second reading of the numbers with pdfplumber."""

from __future__ import annotations

from extractor import extract
from extractor.crosscheck import cross_check

SAMPLE = "samples/vasteras-2013-reportlab.pdf"


def test_second_reading_agrees_on_every_number_of_a_sample() -> None:
    report = extract(SAMPLE)
    assert report.source.kind == "pdf"
    assert cross_check(report, SAMPLE) == []


def test_a_number_the_second_reading_disagrees_with_is_flagged() -> None:
    report = extract(SAMPLE)
    question = report.areas[0].questions[0]
    printed = question.achieved
    assert printed is not None
    question.achieved = printed + 1  # as if the first reading had gone wrong
    findings = cross_check(report, SAMPLE)
    assert [(f.code.value, f.field, f.question, f.found) for f in findings] == [
        ("UNREADABLE", "questions.achieved", question.id, str(printed))
    ]


def test_cli_cross_check_adds_no_warning_on_a_clean_sample() -> None:
    import json
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", "--cross-check", SAMPLE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    codes = [f["code"] for f in json.loads(run.stdout)["findings"]]
    assert "UNREADABLE" not in codes
