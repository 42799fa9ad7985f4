"""`kompass export` and `kompass compare`: each export opened by a real reader and
checked against the report JSON it came from."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractor.batch import BatchOptions, run_batch
from extractor.cli import cli
from tests.conftest import SAMPLES

INPUTS = ["ostersund-2015.txt", "vasteras-2013-reportlab.pdf", "falun-2012-reportlab.pdf"]
BULLETS = ("strengths", "improvements", "weaknesses")


def kompass(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    result = run_batch([SAMPLES / name for name in INPUTS], out, BatchOptions(workers=2))
    assert [e.status for e in result.entries] != ["failed"] * 3
    return out


def reports(outdir: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(outdir.glob("*.json"))}


def expected_counts(data: dict[str, dict[str, Any]]) -> dict[str, int]:
    areas = [a for r in data.values() for a in r["areas"]]
    return {
        "reports": len(data),
        "areas": len(areas),
        "subareas": sum(len(a["subareas"]) for a in areas),
        "questions": sum(len(a["questions"]) for a in areas),
        "bullets": sum(len(a[c]) for a in areas for c in BULLETS),
        "findings": sum(len(r["findings"]) for r in data.values()),
    }


def test_sqlite_export_matches_the_json(outdir: Path) -> None:
    run = kompass("export", str(outdir))
    assert run.exit_code == 0, run.output
    data = reports(outdir)
    with sqlite3.connect(outdir / "archive.sqlite") as db:
        for table, count in expected_counts(data).items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        vasteras = data["vasteras-2013-reportlab"]
        row = db.execute(
            "SELECT municipality, year, framework, pages FROM reports WHERE report_id = ?",
            ("vasteras-2013-reportlab",),
        ).fetchone()
        assert row == (
            vasteras["municipality"],
            vasteras["year"],
            vasteras["framework"],
            vasteras["source"]["pages"],
        )
        area = vasteras["areas"][2]
        got = db.execute(
            "SELECT title, stated_score, table_achieved, table_max FROM areas WHERE report_id = ? AND area = ?",
            ("vasteras-2013-reportlab", area["number"]),
        ).fetchone()
        total = area["table_total"] or {}
        assert got == (area["title"], area["stated_score"], total.get("achieved"), total.get("max"))
        question = area["questions"][1]
        got = db.execute(
            "SELECT q.achieved, q.max, q.percent FROM questions q JOIN reports r USING (report_id) "
            "WHERE r.municipality = ? AND q.area = ? AND q.question_id = ?",
            (vasteras["municipality"], area["number"], question["id"]),
        ).fetchone()
        assert got == (question["achieved"], question["max"], question["percent"])
        for column in BULLETS:
            texts = [
                t
                for (t,) in db.execute(
                    "SELECT text FROM bullets WHERE report_id = ? AND area = ? AND column = ? ORDER BY position",
                    ("vasteras-2013-reportlab", area["number"], column),
                )
            ]
            assert texts == area[column], column
        codes = Counter(
            (code, severity)
            for code, severity in db.execute(
                "SELECT code, severity FROM findings WHERE report_id = 'ostersund-2015'"
            )
        )
        assert codes == Counter((f["code"], f["severity"]) for f in data["ostersund-2015"]["findings"])
        assert codes[("SUM_MISMATCH", "error")] >= 1


def test_csv_export_matches_the_json(outdir: Path, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    run = kompass("export", str(outdir), "--format", "csv", "-o", str(target))
    assert run.exit_code == 0, run.output
    data = reports(outdir)
    tables = {}
    for name in expected_counts(data):
        with (target / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    assert {name: len(rows) for name, rows in tables.items()} == expected_counts(data)
    falun = data["falun-2012-reportlab"]
    first = falun["areas"][0]
    strengths = [
        r["text"]
        for r in tables["bullets"]
        if r["report_id"] == "falun-2012-reportlab" and r["area"] == "1" and r["column"] == "strengths"
    ]
    assert strengths == first["strengths"]
    findings = [r for r in tables["findings"] if r["report_id"] == "ostersund-2015"]
    assert [(r["code"], r["message"]) for r in findings] == [
        (f["code"], f["message"]) for f in data["ostersund-2015"]["findings"]
    ]
    # a rerun replaces the earlier export in place
    assert kompass("export", str(outdir), "--format", "csv", "-o", str(target)).exit_code == 0


def test_csv_export_never_replaces_a_folder_it_did_not_write(outdir: Path, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    run = kompass("export", str(outdir), "--format", "csv", "-o", str(tmp_path))
    assert run.exit_code == 2
    assert "holds other files" in run.stderr
    assert (tmp_path / "keep.txt").read_text("utf-8") == "mine"


def test_parquet_export_matches_the_json(outdir: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    run = kompass("export", str(outdir), "--format", "parquet", "-o", str(tmp_path / "pq"))
    assert run.exit_code == 0, run.output
    data = reports(outdir)
    for name, count in expected_counts(data).items():
        assert pq.read_table(tmp_path / "pq" / f"{name}.parquet").num_rows == count
    questions = pq.read_table(tmp_path / "pq" / "questions.parquet").to_pylist()
    first = data["ostersund-2015"]["areas"][0]["questions"][0]
    row = next(
        r for r in questions if r["report_id"] == "ostersund-2015" and r["area"] == 1 and r["position"] == 1
    )
    assert (row["question_id"], row["achieved"], row["max"]) == (first["id"], first["achieved"], first["max"])


def test_parquet_without_pyarrow_says_what_to_install(
    outdir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    run = kompass("export", str(outdir), "--format", "parquet", "-o", str(tmp_path / "pq"))
    assert run.exit_code == 2
    assert "pip install pyarrow" in run.stderr
    assert not (tmp_path / "pq").exists()


def _evaluation(year: int, scores: list[int | None], municipality: str = "Östersund") -> dict[str, Any]:
    return {
        "schema_version": "1",
        "source": {"path": f"{municipality}-{year}.pdf", "sha256": str(year), "pages": 30, "kind": "pdf"},
        "municipality": municipality,
        "year": year,
        "framework": "2010",
        "areas": [
            {"number": n, "title": f"Område {n}", "title_as_printed": None, "stated_score": s}
            for n, s in enumerate(scores, start=1)
        ],
        "findings": [],
    }


def test_compare_puts_evaluations_side_by_side_with_the_change(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    files = {
        "ost-2015": _evaluation(2015, [70, 66, None]),
        "ost-2011": _evaluation(2011, [62, 70, 50]),
        "falun-2012": _evaluation(2012, [10, 10, 10], "Falun"),
    }
    for name, data in files.items():
        (archive / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = kompass(
        "compare", str(archive), "--municipality", "Östersunds kommun", "--csv", str(tmp_path / "c.csv")
    )
    assert run.exit_code == 0, run.output
    with (tmp_path / "c.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["area", "title", "2011", "2015", "change 2011→2015"],
        ["1", "Område 1", "62", "70", "8"],
        ["2", "Område 2", "70", "66", "-4"],
        ["3", "Område 3", "50", "", ""],
    ]
    table = run.stdout.splitlines()
    assert table[0] == "Östersund: 2 evaluations"
    assert table[3].split() == ["1", "Område", "1", "62", "70", "8"]


def test_compare_without_the_municipality_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "falun.json").write_text(json.dumps(_evaluation(2012, [1], "Falun")), encoding="utf-8")
    run = kompass("compare", str(tmp_path), "-m", "Kiruna")
    assert run.exit_code == 2
    assert run.stderr.strip() == f"kompass: {tmp_path}: no evaluation of Kiruna (the archive has: Falun)"
