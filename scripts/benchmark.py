"""Throughput of `kompass batch` against the plain text readers, on the same pages.

    .venv/bin/python scripts/benchmark.py [--pages 1000] [--jobs N]

The text PDFs in samples/ are repeated (as symlinks with distinct names) until
at least --pages pages, then read four ways in one run:

    extractor, 1 worker      run_batch end to end: hash, extract, JSON, manifest
    extractor, N workers     the same with one worker per core
    PyMuPDF get_text()       page.get_text() on every page, one process: the floor
    pdfplumber extract_text  page.extract_text() on every page, one process

and prints pages per second, the ratios, and the peak resident memory of the
workers (from each worker's getrusage), first file and last file, to show that
memory does not grow with the batch. The batch runs and the PyMuPDF read are
repeated --repeat times, in turn, and the median of each is shown with its range:
a machine's speed drifts by several per cent from one minute to the next. Then, in
this process after a warm-up, the CPU milliseconds per page of each stage of
`extract` over the text PDFs (read, screen, rows, report with its reference
finder, reconcile and clean, JSON) beside PyMuPDF's get_text() on the same pages,
under a batch worker's conditions: what was loaded before is frozen out of the
garbage collector's sight and the worker's collection threshold applies (else a
full collection, charged to whichever stage it falls in, blurs the table). Not a
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pymupdf  # noqa: E402

from extractor.batch import BatchOptions, read_manifest, run_batch  # noqa: E402
from extractor.batch.pool import WORKER_GC_THRESHOLD, cpu_count  # noqa: E402
from extractor.input.open import read_document  # noqa: E402
from extractor.input.quality import screen_document  # noqa: E402
from extractor.layout.rows import document_to_rows  # noqa: E402
from extractor.output.json import report_to_json  # noqa: E402
from extractor.reconcile.checks import reconcile  # noqa: E402
from extractor.report import build, references  # noqa: E402
from extractor.report.unreadable import unreadable_findings  # noqa: E402
from extractor.sanitize import clean_model  # noqa: E402


def text_pdfs() -> list[tuple[Path, int]]:
    """The samples with a text layer (not the scans), with their page counts."""
    found = []
    for path in sorted((ROOT / "samples").glob("*.pdf")):
        with pymupdf.open(path) as doc:
            if doc.page_count and doc[0].get_text().strip():
                found.append((path, doc.page_count))
    return found


def repeat_to(pdfs: list[tuple[Path, int]], pages: int, folder: Path) -> tuple[list[Path], int]:
    files: list[Path] = []
    total = 0
    while total < pages:
        for path, count in pdfs:
            link = folder / f"{len(files):04d}-{path.name}"
            link.symlink_to(path)
            files.append(link)
            total += count
            if total >= pages:
                break
    return files, total


def cpu_seconds() -> float:
    """CPU time of this process and of its finished workers: immune to other load."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_batch(files: list[Path], workers: int, outdir: Path) -> tuple[float, float, list[float | None]]:
    start, cpu = time.perf_counter(), cpu_seconds()
    result = run_batch(files, outdir, BatchOptions(workers=workers))
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    failed = [e for e in result.entries if e.status == "failed"]
    if failed:
        sys.exit(f"benchmark: {len(failed)} files failed, e.g. {failed[0].path}: {failed[0].error}")
    entries = list(read_manifest(outdir).values())
    return seconds, cpu, [e.worker_peak_mb for e in entries]


def median_run(runs: list[Any]) -> Any:
    """The run with the median wall time (the lower middle one of an even count)."""
    return sorted(runs, key=lambda run: run[0])[(len(runs) - 1) // 2]


def time_pymupdf(files: list[Path]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()
    return time.perf_counter() - start, time.process_time() - cpu


def time_pdfplumber(files: list[Path]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.flush_cache()
    return time.perf_counter() - start, time.process_time() - cpu


_STAGES = ("read (input/pdf.py)", "screen", "rows (layout/)", "report", "reconcile + clean", "JSON")
_REFERENCES = "  of which references"


def _one_round(pdfs: list[tuple[Path, int]]) -> dict[str, float]:
    """CPU seconds of each stage of `extract` (in extractor/pipeline.py's order)."""
    costs = dict.fromkeys((*_STAGES[:4], _REFERENCES, *_STAGES[4:]), 0.0)
    found = references.section_references

    def timed_references(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return found(*args, **kwargs)
        finally:
            costs[_REFERENCES] += time.process_time() - start

    build.section_references = timed_references  # type: ignore[assignment]
    try:
        for path, _ in pdfs:
            marks = [time.process_time()]
            document = read_document(path)
            marks.append(time.process_time())
            document, dropped = screen_document(document)
            marks.append(time.process_time())
            rows = document_to_rows(document)
            marks.append(time.process_time())
            report = build.rows_to_report(document, rows)
            found_here = unreadable_findings(document, dropped)
            report = report.model_copy(update={"findings": [*report.findings, *found_here]})
            marks.append(time.process_time())
            report = clean_model(reconcile(report))
            marks.append(time.process_time())
            report_to_json(report)
            marks.append(time.process_time())
            for name, a, b in zip(_STAGES, marks[:-1], marks[1:], strict=True):
                costs[name] += b - a
    finally:
        build.section_references = found  # type: ignore[assignment]
    return costs


def stage_costs(pdfs: list[tuple[Path, int]], rounds: int = 3) -> tuple[dict[str, float], float]:
    """CPU ms per page of each stage, best of `rounds` after a warm-up round, and of
    PyMuPDF's get_text() on the same pages, under a batch worker's garbage collection."""
    pages = sum(count for _, count in pdfs)
    _one_round(pdfs)  # warm-up: imports, the spaCy pipeline, caches
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *threshold[1:])
    try:
        runs = [_one_round(pdfs) for _ in range(rounds)]
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    best = {name: min(run[name] for run in runs) for name in runs[0]}
    plain = min(time_pymupdf([p for p, _ in pdfs])[1] for _ in range(rounds))
    return {k: 1000 * v / pages for k, v in best.items()}, 1000 * plain / pages


def reader_in_use() -> str:
    """Which word reader `read_pdf` uses here: the figures differ by about 0.5 ms a page."""
    import pymupdf

    from extractor.input.pdf import _stext, native_reader

    if native_reader() is not None:
        return f"native (extractor/input/_stext.c, MuPDF {pymupdf.mupdf_version})"
    if _stext is None:
        return "Python (the native reader is not built: see setup.py)"
    return (
        f"Python (the native reader was built for MuPDF {_stext.MUPDF_VERSION}, not {pymupdf.mupdf_version})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="at least this many pages (default 1000)")
    parser.add_argument(
        "--jobs", type=int, default=cpu_count(), help="workers for the parallel run (default: all cores)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the batches and of PyMuPDF, in turn (default 3)"
    )
    args = parser.parse_args()

    pdfs = text_pdfs()
    with tempfile.TemporaryDirectory(prefix="kompass-bench-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        files, pages = repeat_to(pdfs, args.pages, folder / "in")
        print(f"{len(files)} files, {pages} pages ({len(pdfs)} text PDFs from samples/ repeated)")
        print(f"cores available: {cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
        print(f"word reader: {reader_in_use()}")

        ones, manys, plains = [], [], []
        for k in range(max(1, args.repeat)):
            ones.append(time_batch(files, 1, folder / f"out1-{k}"))
            manys.append(time_batch(files, args.jobs, folder / f"outN-{k}"))
            plains.append(time_pymupdf(files))
        plumber, plumber_cpu = time_pdfplumber(files)
        load_after = os.getloadavg()[0]
    one, one_cpu, peaks_one = median_run(ones)
    many, many_cpu, peaks_many = median_run(manys)
    plain, plain_cpu = median_run(plains)

    def rate(seconds: float, cpu: float) -> str:
        return (
            f"{pages / seconds:7.1f} pages/s wall ({seconds:6.1f} s), {pages / cpu:7.1f} pages per CPU-second"
        )

    def spread(runs: list[Any]) -> str:
        rates = sorted(pages / run[0] for run in runs)
        return f" [{rates[0]:.0f}-{rates[-1]:.0f}]" if len(rates) > 1 else ""

    if len(ones) > 1:
        print(f"median of {len(ones)} runs each, in turn, with the range of pages/s in brackets:")
    print(f"extractor, 1 worker        {rate(one, one_cpu)}{spread(ones)}")
    print(
        f"extractor, {args.jobs} workers       {rate(many, many_cpu)}{spread(manys)}; "
        f"wall-clock scaling x{one / many:.2f}"
    )
    print(f"PyMuPDF get_text()         {rate(plain, plain_cpu)}{spread(plains)}")
    print(f"pdfplumber extract_text()  {rate(plumber, plumber_cpu)}")
    ratios = sorted(a[0] / b[0] for a, b in zip(ones, plains, strict=True))
    print(
        f"extractor (1 worker) / PyMuPDF: x{one / plain:.1f} wall, x{one_cpu / plain_cpu:.1f} CPU "
        f"(run by run x{ratios[0]:.2f}-x{ratios[-1]:.2f}); "
        f"/ pdfplumber: x{one / plumber:.2f} wall, x{one_cpu / plumber_cpu:.2f} CPU"
    )
    first, last = peaks_one[0] or 0, peaks_one[-1] or 0
    print(
        f"peak RSS per worker: {max(p or 0 for p in peaks_one + peaks_many):.0f} MiB "
        f"(1-worker run: after the first file {first:.0f} MiB, after the last {last:.0f} MiB)"
    )
    print(f"load average after: {load_after:.1f}")

    stages, plain_ms = stage_costs(pdfs)
    total = sum(v for k, v in stages.items() if not k.startswith(" "))
    print(
        f"in this process, CPU ms per page over the {len(pdfs)} text PDFs "
        "(best of 3 after a warm-up, garbage collection as in a worker):"
    )
    for name, ms in stages.items():
        print(f"  {name:24s} {ms:6.2f}")
    print(
        f"  {'extract + JSON':24s} {total:6.2f}   PyMuPDF get_text() {plain_ms:.2f}: x{total / plain_ms:.1f}"
    )


if __name__ == "__main__":
    main()
