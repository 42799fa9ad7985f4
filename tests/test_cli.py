"""The command line: exit codes, one-line errors, no output left behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import ROOT


def kompass(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_extract_prints_contract_json() -> None:
    run = kompass("extract", "samples/ostersund-2015-libreoffice.pdf")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["schema_version"] == "1"
    assert data["municipality"] == "Östersund"
    assert data["areas"][0]["provenance"]["stated_score"]["page"] == 5


def test_check_exits_1_on_error_findings_and_prints_file_page() -> None:
    run = kompass("check", "samples/ostersund-2015-libreoffice.pdf")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith("samples/ostersund-2015-libreoffice.pdf:27: SUM_MISMATCH Område 1:")
    assert lines[0].endswith(" [error]")
    assert sum(line.endswith(" [error]") for line in lines) == 3


def test_check_exits_0_on_a_clean_report() -> None:
    run = kompass("check", "samples/falun-2012-libreoffice.pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


def _encrypted(tmp_path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Område 1 Offentlighet och demokrati")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt", owner_pw="ägare")
    return path


def _not_a_report(tmp_path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Protokoll från kommunfullmäktige")
    path = tmp_path / "protokoll.pdf"
    doc.save(path)
    return path


BAD_INPUTS = {
    "missing": (lambda tmp: tmp / "finns-inte.pdf", "no such file"),
    "empty": (lambda tmp: _write(tmp / "tom.pdf", b""), "empty"),
    "image renamed .pdf": (lambda tmp: _write(tmp / "bild.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "PNG"),
    "truncated pdf": (lambda tmp: _write(tmp / "trasig.pdf", b"%PDF-1.7\n1 0 obj\n<<"), "PDF"),
    "encrypted": (_encrypted, "password"),
    "not a report": (_not_a_report, "no Kommunkompassen areas"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_no_output(case: str, tmp_path: Path) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path)
    out = tmp_path / "out" / "report.json"
    run = kompass("extract", str(path), "-o", str(out))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert str(path) in run.stderr and reason in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_encrypted_pdf_opens_with_its_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    run = kompass("extract", str(path), "--password", "hemligt")
    # It opens; it is then simply not a report.
    assert run.returncode == 2 and "no Kommunkompassen areas" in run.stderr


def test_check_goes_on_past_an_unreadable_input(tmp_path: Path) -> None:
    run = kompass("check", str(tmp_path / "saknas.pdf"), "samples/ostersund-2015.txt")
    assert run.returncode == 2
    assert "saknas.pdf: no such file" in run.stderr
    assert "samples/ostersund-2015.txt:91: HEADING_MISMATCH" in run.stdout


def test_schema_command_prints_the_committed_schema() -> None:
    run = kompass("schema")
    assert run.returncode == 0
    assert run.stdout == (ROOT / "schemas" / "report.schema.json").read_text("utf-8")


def test_every_command_has_help_and_is_documented_in_the_readme() -> None:
    import click
    from click.testing import CliRunner

    from extractor.cli import cli

    readme = (ROOT / "README.md").read_text("utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0, name
        assert f"kompass {name}" in readme, f"README does not show `kompass {name}`"
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(o in readme for o in param.opts), f"README does not mention {name} {param.opts}"
