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
memory does not grow with the batch. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pymupdf  # noqa: E402

from extractor.batch import BatchOptions, read_manifest, run_batch  # noqa: E402
from extractor.batch.pool import cpu_count  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="at least this many pages (default 1000)")
    parser.add_argument(
        "--jobs", type=int, default=cpu_count(), help="workers for the parallel run (default: all cores)"
    )
    args = parser.parse_args()

    pdfs = text_pdfs()
    with tempfile.TemporaryDirectory(prefix="kompass-bench-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        files, pages = repeat_to(pdfs, args.pages, folder / "in")
        print(f"{len(files)} files, {pages} pages ({len(pdfs)} text PDFs from samples/ repeated)")
        print(f"cores available: {cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")

        one, one_cpu, peaks_one = time_batch(files, 1, folder / "out1")
        many, many_cpu, peaks_many = time_batch(files, args.jobs, folder / "outN")
        plain, plain_cpu = time_pymupdf(files)
        plumber, plumber_cpu = time_pdfplumber(files)
        load_after = os.getloadavg()[0]

    def rate(seconds: float, cpu: float) -> str:
        return (
            f"{pages / seconds:7.1f} pages/s wall ({seconds:6.1f} s), {pages / cpu:7.1f} pages per CPU-second"
        )

    print(f"extractor, 1 worker        {rate(one, one_cpu)}")
    print(
        f"extractor, {args.jobs} workers       {rate(many, many_cpu)}; wall-clock scaling x{one / many:.2f}"
    )
    print(f"PyMuPDF get_text()         {rate(plain, plain_cpu)}")
    print(f"pdfplumber extract_text()  {rate(plumber, plumber_cpu)}")
    print(
        f"extractor (1 worker) / PyMuPDF: x{one / plain:.1f} wall, x{one_cpu / plain_cpu:.1f} CPU; "
        f"/ pdfplumber: x{one / plumber:.2f} wall, x{one_cpu / plumber_cpu:.2f} CPU"
    )
    first, last = peaks_one[0] or 0, peaks_one[-1] or 0
    print(
        f"peak RSS per worker: {max(p or 0 for p in peaks_one + peaks_many):.0f} MiB "
        f"(1-worker run: after the first file {first:.0f} MiB, after the last {last:.0f} MiB)"
    )
    print(f"load average after: {load_after:.1f}")


if __name__ == "__main__":
    main()
