"""Hostile and broken input: every outcome is a report or one clean error line."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import (
    Area,
    DamagedInput,
    EncryptedInput,
    ExtractOptions,
    LimitExceeded,
    NotAReport,
    UnsupportedInput,
    extract,
)
from extractor.input.document import Document, Page, Span
from extractor.input.quality import is_garbage_span, screen_document, text_quality
from extractor.limits import parse_size
from extractor.models import Provenance, Question
from extractor.output.json import report_to_dict, report_to_json
from extractor.report.unreadable import unreadable_findings
from extractor.sanitize import clean_model, clean_text, one_line
from tests import hostile
from tests.conftest import ROOT, SAMPLES

# factory -> (error class, words of the reason)
UNREADABLE = {
    hostile.empty: (UnsupportedInput, "empty"),
    hostile.truncated: (DamagedInput, "PDF"),
    hostile.random_bytes: (UnsupportedInput, "binary data"),
    hostile.random_bytes_with_pdf_header: (DamagedInput, "not a readable PDF"),
    hostile.png_renamed: (UnsupportedInput, "PNG"),
    hostile.old_word_renamed: (UnsupportedInput, "old-style Office document"),
    hostile.encrypted_report: (EncryptedInput, "--password"),
    hostile.not_a_report: (NotAReport, "no Kommunkompassen areas"),
    hostile.blank_pages(5000): (LimitExceeded, "5000 pages"),
    hostile.blank_pages(1500): (NotAReport, "no Kommunkompassen areas"),
    hostile.deeply_nested: (NotAReport, "no Kommunkompassen areas"),
    hostile.self_referencing: (DamagedInput, "cycle"),
    hostile.self_drawing_form: (NotAReport, "no Kommunkompassen areas"),
    hostile.huge_image: (NotAReport, "no Kommunkompassen areas"),
    hostile.unmapped_font: (NotAReport, "read as garbage"),
}


@pytest.mark.parametrize("make", list(UNREADABLE), ids=lambda f: f.__name__)
def test_unreadable_input_is_a_clear_error(make: hostile.Factory, tmp_path: Path) -> None:
    error, words = UNREADABLE[make]
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        extract(path)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)
    assert time.monotonic() - started < 10  # no input may take minutes


def test_check_reports_every_hostile_file_on_one_line_under_a_memory_cap(tmp_path: Path) -> None:
    paths = [make(tmp_path) for make in UNREADABLE]
    newline = tmp_path / "rad\nbrytning.pdf"  # a name that tries to start a second line
    newline.write_bytes(b"")
    paths.append(newline)
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "check", "--max-memory", "1GB", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == len(paths), run.stderr
    assert all(line.startswith(f"kompass: {tmp_path}") for line in lines), run.stderr
    assert "rad brytning.pdf: the file is empty" in run.stderr
    assert "Traceback" not in run.stderr and "out of memory" not in run.stderr
    assert run.stdout == ""


def test_a_limit_failure_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor.cli",
            "extract",
            str(hostile.REPORT),
            "--max-pages",
            "3",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 2
    assert (
        run.stderr
        == f"kompass: {hostile.REPORT}: the document has 15 pages, over the limit of 3 (--max-pages)\n"
    )
    assert not out.exists()


@functools.cache
def _reference_areas() -> list[Area]:
    return extract(hostile.REPORT).areas


def test_corrupted_xref_is_repaired_or_refused(tmp_path: Path) -> None:
    # PyMuPDF rebuilds a broken cross-reference table from the objects themselves.
    try:
        report = extract(hostile.corrupted_xref(tmp_path))
    except NotAReport:
        return
    assert report.areas == _reference_areas()


def test_word_file_renamed_pdf_is_read_as_word(tmp_path: Path) -> None:
    report = extract(hostile.docx_renamed(tmp_path))
    assert report.source.kind == "docx" and report.municipality == "Falun"


def test_encrypted_report_opens_with_its_password_only(tmp_path: Path) -> None:
    path = hostile.encrypted_report(tmp_path)
    with pytest.raises(EncryptedInput, match="does not open it"):
        extract(path, ExtractOptions(password="fel"))
    assert extract(path, ExtractOptions(password="hemligt")).areas == _reference_areas()


def test_report_lacking_areas_is_a_report_with_missing_area_findings(tmp_path: Path) -> None:
    report = extract(hostile.report_without_areas_3_to_8(tmp_path))
    missing = {f.area for f in report.findings if f.code == "MISSING_AREA"}
    assert {1, 2} <= {a.number for a in report.areas}
    assert {3, 4, 5, 6, 7} <= missing


def test_garbage_text_does_not_become_bullets(tmp_path: Path) -> None:
    report = extract(hostile.report_with_unmapped_page(tmp_path))
    assert report.area(1).strengths == ["Bra information på webbplatsen"]  # type: ignore[union-attr]
    assert report.area(2).weaknesses == []  # type: ignore[union-attr]
    garbage = [f for f in report.findings if f.code == "UNREADABLE" and "garbage" in f.message]
    assert [f.locations[0].page for f in garbage] == [2]
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
    assert not any(0xE000 <= ord(c) <= 0xF8FF for c in text)


def test_active_content_is_inert(tmp_path: Path) -> None:
    path = hostile.active_content(tmp_path)
    # Libraries may keep caches under HOME and TMPDIR: those two are not compared.
    work, home, temp = tmp_path / "work", tmp_path / "home", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    before = set(tmp_path.rglob("*"))
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, "HOME": str(home), "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    after = {p for p in tmp_path.rglob("*") if not {home, temp} & {p, *p.parents}}
    assert after == {p for p in before if p != temp}  # nothing beside the PDF or in the working folder
    assert not any("run-me" in p.name for p in tmp_path.rglob("*"))
    assert not Path("/tmp/kompass-pwned").exists()
    data = json.loads(run.stdout)
    assert "run-me" not in run.stdout and "example.invalid" not in run.stdout
    assert data["areas"] == [a.model_dump(mode="json") for a in _reference_areas()]


def test_json_carries_no_control_characters(tmp_path: Path) -> None:
    text = (SAMPLES / "ostersund-2015.txt").read_text("utf-8")
    hostile_text = text.replace("Styrkor", "Sty\x1b[31mrkor\x00", 1).replace("•", "• \x07\x1b]0;x\x07", 3)
    path = tmp_path / "styrtecken.txt"
    path.write_text(hostile_text, "utf-8")
    dumped = json.dumps(extract(path).model_dump(mode="json"), ensure_ascii=False)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in dumped)


@pytest.mark.parametrize(
    "bad",
    [
        "\x00",
        "\x08",
        "\t",
        "\n",
        "\r",
        "\x1b",
        "\x1f",
        "\x7f",
        "\x85",
        "\x9f",
        "\ud800",
        "\udfff",
        "\ufdd0",
        "\ufffe",
        "\uffff",
        "\u202e",
        "\u2066",
        "\U0001fffe",
        "\U0010ffff",
    ],
)
def test_clean_model_finds_every_character_clean_text_removes(bad: str) -> None:
    model = Question(
        id="1.1",
        text=f"Mål{bad}sättning",
        achieved=3,
        max=5,
        percent=60,
        provenance={f"text{bad}": Provenance(page=1)},
    )
    cleaned = clean_model(model)
    assert cleaned.text == clean_text(f"Mål{bad}sättning") != model.text
    assert list(cleaned.provenance) == [clean_text(f"text{bad}")]


def test_clean_model_keeps_a_clean_model_as_it_is() -> None:
    text = "Östersund – ”Målsättning” • ▪ 50 %"
    provenance = {"text": Provenance(page=1, bbox=(1.5, 2, 3, 4), as_read="Ostersund")}
    model = Question(id="1.1", text=text, achieved=3, max=5, percent=60, provenance=provenance)
    assert clean_model(model) is model


# --- limits -------------------------------------------------------------------


def test_limits_refuse_what_is_over_them() -> None:
    with pytest.raises(LimitExceeded, match="15 pages, over the limit of 10"):
        extract(hostile.REPORT, ExtractOptions(max_pages=10))
    with pytest.raises(LimitExceeded, match="over the limit of 1000 bytes"):
        extract(hostile.REPORT, ExtractOptions(max_bytes=1000))
    with pytest.raises(LimitExceeded, match="longer than the limit of 1e-06 s"):
        extract(hostile.REPORT, ExtractOptions(max_seconds=1e-6))
    assert extract(hostile.REPORT, ExtractOptions(max_pages=None, max_seconds=None, max_bytes=None)).areas


@pytest.mark.parametrize("field", ["max_pages", "max_seconds", "max_bytes", "max_memory"])
@pytest.mark.parametrize("value", [0, -1, True, "10"])
def test_extract_options_validate_limits(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        ExtractOptions(**{field: value})  # type: ignore[arg-type]


def test_parse_size() -> None:
    assert parse_size("200MB") == 200 * 1024**2
    assert parse_size("2g") == 2 * 1024**3
    assert parse_size("1.5GiB") == int(1.5 * 1024**3)
    assert parse_size("512") == 512
    for bad in ("", "x", "-1", "0", "3 parsecs"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_recursion_and_memory_errors_become_kompass_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.pipeline as pipeline

    for raised, expected in ((RecursionError, DamagedInput), (MemoryError, LimitExceeded)):

        def boom(*args: object, exc: type[BaseException] = raised, **kwargs: object) -> Document:
            raise exc()

        monkeypatch.setattr(pipeline, "read_bytes", boom)
        with pytest.raises(expected):
            pipeline.extract_bytes(b"%PDF-1.7", "x.pdf")


# --- text quality and cleaning --------------------------------------------------


def _span(text: str) -> Span:
    return Span(text=text, x0=0, y0=0, x1=10, y1=10, size=10)


def test_text_quality_of_real_and_garbage_words() -> None:
    assert text_quality([_span(w) for w in ["Område", "1", ":", "45", "poäng", "(71", "%),", "•"]]) == 1.0
    assert text_quality([_span("\ue04f\ue06d\ue072"), _span("\ufffd\ufffd")]) == 0.0
    assert text_quality([_span("!#$%&"), _span("*+/<=")]) == 0.0
    assert text_quality([]) == 1.0
    assert not is_garbage_span(_span("\uf0b7"))  # the Symbol font's bullet
    assert not is_garbage_span(_span("\ufffd"))  # a lone unmapped glyph may be a bullet
    assert is_garbage_span(_span("a\x00b")) and is_garbage_span(_span("\ue001\ue002"))


def test_screen_document_sets_garbage_pages_aside() -> None:
    good = Page(number=1, width=595, height=842, spans=[_span("Styrkor"), _span("\ue001\ue002")])
    bad = Page(number=2, width=595, height=842, spans=[_span("•")] + [_span("\ue001\ue002\ue003")] * 10)
    doc = Document(path="x.pdf", kind="pdf", sha256="", page_count=2, pages=[good, bad])
    screened, dropped = screen_document(doc)
    assert [s.text for s in screened.pages[0].spans] == ["Styrkor"]
    assert screened.pages[1].spans == [] and screened.unreadable_pages == [2]
    assert dropped == {1: 1, 2: 11}
    assert doc.pages[1].spans  # the input is not changed


def test_clean_text_and_one_line() -> None:
    assert clean_text("a\x00b\tc\ud800d\u202ee\ufffef") == "ab cdef"
    assert clean_text("Område 1 • Styrkor") == "Område 1 • Styrkor"
    assert one_line("x.pdf\n\x1b[31m") == "x.pdf ?[31m"


def test_fuzz_crash_typeerror_listing_images_under_a_broken_xobject_name(tmp_path: Path) -> None:
    # Found by scripts/fuzz.py (seed 1, input 53): PyMuPDF's get_images raised a
    # TypeError from inside its own warning for a name that is not UTF-8 while the
    # OCR step looked for images on a page without text.
    with pytest.raises(DamagedInput, match="page cannot be read"):
        extract(hostile.broken_xobject_name(tmp_path))


def test_unreadable_findings_name_their_cause() -> None:
    doc = Document(path="x.pdf", kind="pdf", sha256="", page_count=3, pages=[], unreadable_pages=[2, 3])
    findings = unreadable_findings(doc, {1: 2, 2: 5})
    assert [(f.locations[0].page, f.message) for f in findings] == [
        (2, "page 2: the text reads as garbage (a font without a Unicode mapping?) and was not used"),
        (3, "page 3 could not be read"),
        (1, "page 1: 2 words that read as garbage left out"),
    ]
    assert {f.code for f in findings} == {"UNREADABLE"} and {f.severity for f in findings} == {"warning"}


def test_fuzz_crash_mupdf_malloc_failure_is_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the fuzz test (seed 0, input 4) in a worker near its memory cap: OCR
    # rendered a page and MuPDF raised FzErrorSystem("malloc … failed"), not MemoryError.
    import pymupdf

    import extractor.pipeline as pipeline

    def render(*args: object, **kwargs: object) -> Document:
        raise pymupdf.mupdf.FzErrorSystem("code=2: malloc (967590 bytes) failed")

    monkeypatch.setattr(pipeline, "read_bytes", render)
    with pytest.raises(LimitExceeded, match="out of memory"):
        pipeline.extract_bytes(b"%PDF-1.7", "x.pdf")
    other = pymupdf.mupdf.FzErrorSystem("code=2: cannot open file")
    assert not pipeline.is_mupdf_out_of_memory(other)


def test_mupdf_out_of_memory_under_a_real_cap_is_recognised(tmp_path: Path) -> None:
    script = (
        "import resource, pymupdf\n"
        "from extractor.pipeline import is_mupdf_out_of_memory\n"
        "page = pymupdf.open().new_page()\n"
        "used = int(open('/proc/self/status').read().split('VmData:')[1].split()[0]) * 1024\n"
        "resource.setrlimit(resource.RLIMIT_DATA, (used + 30 * 1024**2, resource.RLIM_INFINITY))\n"
        "try:\n    page.get_pixmap(dpi=600)\n    print('rendered')\n"
        "except Exception as exc:\n    print(is_mupdf_out_of_memory(exc))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.stdout.strip() == "True", run.stdout + run.stderr


def test_report_json_is_the_text_json_dumps_writes() -> None:
    report = extract(SAMPLES / "ostersund-2015-libreoffice.pdf")
    assert report_to_json(report) == json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    # A report that has not been through clean_model can hold a lone surrogate:
    # it is still written, escaped as json.dumps escapes it.
    area = report.areas[0].model_copy(update={"title": "Styr\ud800ning"})
    raw = report.model_copy(update={"areas": [area]})
    assert json.loads(report_to_json(raw))["areas"][0]["title"] == "Styr\ud800ning"
