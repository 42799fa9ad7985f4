"""`kompass batch`: one JSON per input, manifest, resumable, limits, names inside OUTDIR."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.batch import BatchOptions, Limits, read_manifest, run_batch
from extractor.batch.naming import inside, safe_stem, unique_name
from extractor.batch.pool import WorkerPool
from extractor.batch.run import extract_options
from extractor.cli import cli
from tests import batch_helpers
from tests.conftest import ROOT, SAMPLES

FAST = ["vasteras-2013-reportlab.pdf", "falun-2012-reportlab.pdf"]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def kompass(*args: str) -> Run:
    """The command in this process (a subprocess would spend seconds importing)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def manifest_lines(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "manifest.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two `rapport.pdf` in different folders, the transcript, an empty and a random file."""
    root = tmp_path_factory.mktemp("archive")
    for folder, name in zip(["a", "b"], FAST, strict=True):
        (root / folder).mkdir()
        shutil.copy(SAMPLES / name, root / folder / "rapport.pdf")
    shutil.copy(SAMPLES / "ostersund-2015.txt", root / "ostersund-2015.txt")
    (root / "empty.pdf").write_bytes(b"")
    (root / "noise.pdf").write_bytes(os.urandom(4096))
    return root


@pytest.fixture(scope="module")
def first_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    outdir = tmp_path_factory.mktemp("out")
    run = kompass("batch", str(archive), "samples/vasteras-2013-reportlab.p?f", "-o", str(outdir), "-j", "2")
    return outdir, run


def test_batch_writes_one_json_per_readable_input_with_unique_names(
    first_run: tuple[Path, Run], archive: Path
) -> None:
    outdir, run = first_run
    assert run.returncode == 2, run.stderr  # two inputs failed
    names = sorted(p.name for p in outdir.glob("*.json"))
    assert len(names) == 4  # two rapport.pdf, the transcript, the sample named by a glob
    assert (
        "rapport.json" in names and "ostersund-2015.json" in names and "vasteras-2013-reportlab.json" in names
    )
    sources = {
        json.loads((outdir / n).read_text("utf-8"))["source"]["path"]
        for n in names
        if n.startswith("rapport")
    }
    assert sources == {str(archive / "a" / "rapport.pdf"), str(archive / "b" / "rapport.pdf")}
    assert not list(outdir.glob(".*"))  # no temporary file left


def test_manifest_has_one_line_per_input_with_status(first_run: tuple[Path, Run], archive: Path) -> None:
    outdir, _ = first_run
    lines = manifest_lines(outdir)
    by_path = {line["path"]: line for line in lines}
    assert len(lines) == len(by_path) == 6
    for line in lines:
        assert set(line) >= {"path", "sha256", "status", "pages", "seconds", "error", "output"}
    assert by_path[str(archive / "empty.pdf")]["status"] == "failed"
    assert "empty" in by_path[str(archive / "empty.pdf")]["error"]
    assert by_path[str(archive / "noise.pdf")]["status"] == "failed"
    for line in lines:
        if line["status"] == "failed":
            assert line["output"] is None and line["error"]
            continue
        report = json.loads((outdir / line["output"]).read_text("utf-8"))
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        assert line["status"] == ("findings" if errors else "ok")
        assert line["sha256"] == report["source"]["sha256"]
        assert line["pages"] == report["source"]["pages"]
        assert line["error"] is None


def test_progress_is_plain_lines_and_summary_counts(first_run: tuple[Path, Run]) -> None:
    _, run = first_run
    assert "[6/6]" in run.stderr  # stderr is a pipe here: one line per file, no bar
    assert "\r" not in run.stderr
    summary = dict(line.rsplit(None, 1) for line in run.stdout.splitlines()[2:10])
    assert summary["failed"] == "2"
    assert summary["inputs"] == "6"


def test_rerun_skips_finished_inputs_and_retries_failed_ones(
    first_run: tuple[Path, Run], archive: Path
) -> None:
    outdir, _ = first_run
    before = {p.name: p.stat().st_mtime_ns for p in outdir.glob("*.json")}
    run = kompass("batch", str(archive), "samples/vasteras-2013-reportlab.p?f", "-o", str(outdir), "-j", "2")
    assert run.returncode == 2
    assert "2 to read with" in run.stderr and "4 already done" in run.stderr
    assert {p.name: p.stat().st_mtime_ns for p in outdir.glob("*.json")} == before
    assert len(manifest_lines(outdir)) == 6  # rewritten: still one line per input


def test_force_redoes_finished_inputs(tmp_path: Path) -> None:
    source = tmp_path / "in" / "ostersund-2015.txt"
    source.parent.mkdir()
    shutil.copy(SAMPLES / "ostersund-2015.txt", source)
    outdir = tmp_path / "out"
    run_batch([source], outdir, BatchOptions(workers=1))
    written = (outdir / "ostersund-2015.json").stat().st_mtime_ns
    assert run_batch([source], outdir, BatchOptions(workers=1)).skipped == 1
    again = run_batch([source], outdir, BatchOptions(workers=1, force=True))
    assert (again.read, again.skipped) == (1, 0)
    assert (outdir / "ostersund-2015.json").stat().st_mtime_ns != written
    assert [line["status"] for line in manifest_lines(outdir)] == ["findings"]


def test_a_changed_input_is_read_again(tmp_path: Path) -> None:
    source = tmp_path / "rapport.txt"
    shutil.copy(SAMPLES / "ostersund-2015.txt", source)
    outdir = tmp_path / "out"
    run_batch([source], outdir, BatchOptions(workers=1))
    source.write_text("Protokoll från kommunfullmäktige\n", encoding="utf-8")
    result = run_batch([source], outdir, BatchOptions(workers=1))
    assert result.read == 1 and result.skipped == 0
    assert read_manifest(outdir)[str(source)].status == "failed"


def test_a_hang_in_c_code_is_ended_by_the_time_limit_and_the_batch_goes_on(tmp_path: Path) -> None:
    hang = tmp_path / "hang.txt"
    shutil.copy(SAMPLES / "ostersund-2015.txt", hang)
    # A small input that reads in well under the limit even on a busy machine.
    other = tmp_path / "protokoll.txt"
    other.write_text("Protokoll från kommunfullmäktige\n", encoding="utf-8")
    options = BatchOptions(workers=1, limits=Limits(seconds=3), extract_fn=batch_helpers.hang_in_c)
    start = time.monotonic()
    result = run_batch([hang, other], tmp_path / "out", options)
    assert time.monotonic() - start < 10
    status = {e.path: e for e in result.entries}
    assert status[str(hang)].status == "failed"
    assert status[str(hang)].error == "over the time limit of 3 s"
    # read after the kill, by a fresh worker, to its own end
    assert status[str(other)].status == "failed"
    assert status[str(other)].error and "time limit" not in status[str(other)].error


def test_a_crashing_worker_is_recorded_and_replaced(tmp_path: Path) -> None:
    crash = tmp_path / "crash.txt"
    good = tmp_path / "ostersund-2015.txt"
    for path in (crash, good):
        shutil.copy(SAMPLES / "ostersund-2015.txt", path)
    result = run_batch(
        [crash, good], tmp_path / "out", BatchOptions(workers=1, extract_fn=batch_helpers.crash)
    )
    status = {e.path: e for e in result.entries}
    assert status[str(crash)].status == "failed" and "SIGSEGV" in (status[str(crash)].error or "")
    assert status[str(good)].status == "findings"


def test_the_memory_cap_ends_a_file_that_wants_too_much(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    good = tmp_path / "ostersund-2015.txt"
    for path in (huge, good):
        shutil.copy(SAMPLES / "ostersund-2015.txt", path)
    # The cap counts address space; a forked worker starts with this process's.
    status_text = Path("/proc/self/status").read_text()
    current_mb = (
        int(next(line for line in status_text.splitlines() if line.startswith("VmSize:")).split()[1]) // 1024
    )
    options = BatchOptions(
        workers=1, limits=Limits(memory_mb=current_mb + 512), extract_fn=batch_helpers.allocate
    )
    result = run_batch([huge, good], tmp_path / "out", options)
    status = {e.path: e for e in result.entries}
    assert status[str(huge)].status == "failed"
    assert (status[str(huge)].error or "").startswith("over the memory cap of")
    assert status[str(good)].status == "findings"


def test_ctrl_c_stops_cleanly_and_a_rerun_continues(tmp_path: Path) -> None:
    inputs = []
    for name in ("a-first.txt", "hang.txt", "z-last.txt"):
        shutil.copy(SAMPLES / "ostersund-2015.txt", tmp_path / name)
        inputs.append(tmp_path / name)
    (tmp_path / "z-last.txt").write_text((SAMPLES / "ostersund-2015.txt").read_text("utf-8") + "\n", "utf-8")
    outdir = tmp_path / "out"
    script = (
        "import sys; from pathlib import Path; from extractor.batch import *; from tests import batch_helpers;"
        "r = run_batch([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]),"
        " BatchOptions(workers=1, extract_fn=batch_helpers.hang_in_c));"
        "print('interrupted' if r.interrupted else 'done', r.remaining)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(outdir), *map(str, inputs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    manifest = outdir / "manifest.jsonl"
    deadline = time.monotonic() + 30
    while not (manifest.is_file() and manifest.read_text("utf-8").strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)  # the worker is now inside the hanging call
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert out.split() == ["interrupted", "2"]
    assert not list(outdir.glob(".*"))
    assert [line["path"] for line in manifest_lines(outdir)] == [str(inputs[0])]
    result = run_batch([inputs[0], inputs[2]], outdir, BatchOptions(workers=1))
    assert (result.skipped, result.read) == (1, 1)


@pytest.mark.parametrize(
    "hostile",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "../..",
        "a/../../b.pdf",
        "..pdf",
        "...",
        "\\..\\x.pdf",
        "manifest.txt",
        "",
        "x\0y.pdf",
    ],
)
def test_output_names_never_leave_outdir(tmp_path: Path, hostile: str) -> None:
    name = unique_name(hostile, set())
    target = inside(tmp_path, name)
    assert target.parent == tmp_path.resolve()
    assert not name.startswith(".") and "/" not in name and name != "manifest.json"


def test_inside_refuses_names_that_are_paths(tmp_path: Path) -> None:
    for bad in ("../x.json", "/etc/passwd", "a/b.json", "..", ""):
        with pytest.raises(ValueError):
            inside(tmp_path, bad)


def test_safe_stem_keeps_swedish_letters_and_drops_the_rest() -> None:
    assert safe_stem("arkiv/Östersund 2015 (slutlig).pdf") == "Östersund_2015_slutlig"
    assert unique_name("a/rapport.pdf", {"rapport.json"}).startswith("rapport-")


def test_an_input_reached_through_dot_dot_lands_inside_outdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    shutil.copy(SAMPLES / "ostersund-2015.txt", tmp_path / "..rapport.txt")
    outdir = tmp_path / "deep" / "out"
    monkeypatch.chdir(tmp_path / "deep" / "er")
    run = kompass("batch", "../../..rapport.txt", "-o", "../out", "-j", "1")
    assert run.returncode == 1, run.stderr
    assert [p.name for p in outdir.iterdir() if p.suffix == ".json"] == ["rapport.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["..rapport.txt", "deep"]


def test_no_input_found_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = kompass("batch", str(tmp_path / "nothing-*.pdf"), "-o", str(tmp_path / "out"))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("kompass: no input files found")


def test_a_rerun_removes_the_temporary_files_of_an_interrupted_one_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / ".rapport.json.k2j4x.tmp").write_text('{"half": ', encoding="utf-8")
    (tmp_path / ".notes.tmp").write_text("mine", encoding="utf-8")
    run_batch([], tmp_path, BatchOptions(workers=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.tmp", "manifest.jsonl"]


def test_the_time_limit_is_also_the_extractors_own_deadline() -> None:
    options = extract_options(BatchOptions(limits=Limits(seconds=7, memory_mb=100)))
    assert (options.max_seconds, options.max_memory) == (7, 100 * 1024 * 1024)
    assert extract_options(BatchOptions(limits=Limits(seconds=None, memory_mb=None))).max_seconds is None


def test_review_flag_writes_the_review_page_after_the_batch(tmp_path: Path) -> None:
    outdir, page = tmp_path / "out", tmp_path / "review.html"
    run = kompass("batch", "samples/ostersund-2015.txt", "-o", str(outdir), "-j", "1", "--review", str(page))
    assert run.returncode == 1, run.stderr  # Östersund has error findings
    html = page.read_text("utf-8")
    assert html.count("SUM_MISMATCH") >= 1 and "Östersund" in html
    assert f"review page: {page}" in run.stdout


def test_page_limit_reaches_the_workers(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    run = kompass(
        "batch", "samples/falun-2012-reportlab.pdf", "-o", str(outdir), "-j", "1", "--max-pages", "5"
    )
    assert run.returncode == 2
    (line,) = manifest_lines(outdir)
    assert line["status"] == "failed" and "page" in line["error"]


def _started_at(_: object) -> float:
    return time.monotonic()


def test_a_worker_gets_its_next_task_before_the_caller_handles_its_result() -> None:
    """The parent writes a result while the worker already reads the next input."""
    pool = WorkerPool(_started_at, 1, Limits())
    handled: list[tuple[float, float]] = []
    for outcome in pool.run((i, None) for i in range(3)):
        handled.append((time.monotonic(), outcome.value))
        time.sleep(0.3)  # the caller writing the JSON
    assert len(handled) == 3
    for (seen, _), (_, next_started) in zip(handled, handled[1:], strict=False):
        assert next_started < seen + 0.2


def _young_threshold(_: object) -> int:
    import gc

    return gc.get_threshold()[0]


def test_workers_collect_young_garbage_less_often_than_the_parent() -> None:
    import gc

    from extractor.batch.pool import WORKER_GC_THRESHOLD

    pool = WorkerPool(_young_threshold, 1, Limits())
    (outcome,) = list(pool.run([(0, None)]))
    assert outcome.value == WORKER_GC_THRESHOLD > gc.get_threshold()[0]


def test_a_batch_unfreezes_what_it_froze_for_its_workers(tmp_path: Path) -> None:
    import gc

    frozen = gc.get_freeze_count()
    run_batch([SAMPLES / "ostersund-2015.txt"], tmp_path / "out", BatchOptions(workers=1))
    assert gc.get_freeze_count() == frozen
