"""The batch orchestrator: plan, dispatch to workers, write, record.

    inputs -> plan (hash each input; skip those whose sha256 has a finished output)
           -> WorkerPool (extract in workers, with limits)
           -> write OUTDIR/<name>.json atomically -> append to manifest.jsonl
           -> observers (progress; later a review-page writer)

Observers receive every finished input with its report JSON; that is where a
`--review` writer (review pages per report) is meant to plug in, without the
orchestrator knowing about it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Protocol

from extractor.batch.files import remove_stale_temporaries, sha256_of, write_atomic
from extractor.batch.manifest import (
    FINISHED,
    ManifestEntry,
    Status,
    append_entry,
    read_manifest,
    rewrite_manifest,
)
from extractor.batch.naming import inside, unique_name
from extractor.batch.pool import Limits, Outcome, WorkerPool, cpu_count, workers_inherit
from extractor.batch.work import ExtractFn, Job, JobResult, run_job
from extractor.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES
from extractor.output.archive import MANIFEST_NAME
from extractor.pipeline import ExtractOptions, extract, warm_up


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 0
    """Worker processes; 0 means one per available core."""
    limits: Limits = field(default_factory=Limits)
    force: bool = False
    """Redo inputs that already have a finished output."""
    password: str | None = None
    max_pages: int | None = DEFAULT_MAX_PAGES
    """Refuse a document with more pages (None: no limit)."""
    max_bytes: int | None = DEFAULT_MAX_BYTES
    """Refuse an input file larger than this (None: no limit)."""
    extract_fn: ExtractFn = extract
    """The per-file extractor. A module-level function (workers must be able to
    import it) with `extract`'s signature; tests use it to stand in a hanging or
    crashing reader."""

    def worker_count(self, tasks: int) -> int:
        return max(1, min(self.workers or cpu_count(), tasks or 1))


class BatchObserver(Protocol):
    def planned(self, todo: int, skipped: int, workers: int) -> None: ...

    def finished(self, entry: ManifestEntry, json_text: str | None) -> None: ...

    def closed(self, interrupted: bool) -> None: ...


@dataclass
class BatchResult:
    entries: list[ManifestEntry]
    """One per input handled in this run (read, skipped or missing), in input order."""
    read: int = 0
    pages_read: int = 0
    skipped: int = 0
    remaining: int = 0
    """Inputs not reached because the run was interrupted."""
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False


@dataclass(frozen=True)
class _Planned:
    path: Path
    sha256: str
    output: str


def run_batch(
    files: Sequence[Path],
    outdir: Path,
    options: BatchOptions | None = None,
    *,
    missing: Sequence[str] = (),
    observers: Iterable[BatchObserver] = (),
) -> BatchResult:
    """Extract every file into OUTDIR; never raises for a bad input (it is recorded)."""
    opts = options or BatchOptions()
    watchers = list(observers)
    start = time.monotonic()
    outdir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(outdir)
    previous = read_manifest(outdir)
    done: dict[int, ManifestEntry] = {}
    todo: list[tuple[int, _Planned]] = []
    _plan(files, outdir, previous, opts.force, done, todo)
    for offset, argument in enumerate(missing, start=len(files)):
        done[offset] = ManifestEntry(argument, None, Status.FAILED, error="no such file or folder")
    skipped = len(done) - len(missing)
    workers = opts.worker_count(len(todo))
    for w in watchers:
        w.planned(len(todo), skipped, workers)
    for index in sorted(done):
        if done[index].status == Status.FAILED:
            append_entry(outdir, done[index])
            for w in watchers:
                w.finished(done[index], None)
    interrupted = False
    read = pages = 0
    try:
        plans = dict(todo)
        if todo and opts.extract_fn is extract and workers_inherit():
            warm_up()  # once here rather than once in every worker
        pool = WorkerPool(partial(run_job, extract_fn=opts.extract_fn), workers, opts.limits)
        job_options = extract_options(opts)
        tasks = ((index, Job(str(plan.path), job_options)) for index, plan in todo)
        outcomes = pool.run(tasks) if todo else iter(())
        # What the workers inherit (the libraries, the spaCy pipeline) is moved out of
        # the collector's sight before they are forked, as the gc module's documentation
        # advises: a worker's full collections then no longer walk it, and its pages
        # stay shared with the parent. As in the documentation's recipe there is no
        # full collection first: it walks the libraries' 130,000 objects (30-40 ms)
        # and finds no garbage among them.
        gc.freeze()
        try:
            for outcome in outcomes:
                entry, text = _record(outdir, plans[outcome.key], outcome)
                done[outcome.key] = entry
                read += 1
                pages += entry.pages or 0
                append_entry(outdir, entry)
                for w in watchers:
                    w.finished(entry, text)
        finally:
            pool.close()  # also when interrupted between two outcomes
            gc.unfreeze()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        merged = dict(previous)
        for index in sorted(done):
            merged.pop(done[index].path, None)
            merged[done[index].path] = done[index]
        rewrite_manifest(outdir, merged)
        for w in watchers:
            w.closed(interrupted)
    return BatchResult(
        entries=[done[i] for i in sorted(done)],
        read=read,
        pages_read=pages,
        skipped=skipped,
        remaining=len(todo) - read,
        seconds=round(time.monotonic() - start, 3),
        workers=workers,
        interrupted=interrupted,
    )


def extract_options(options: BatchOptions) -> ExtractOptions:
    """The per-file options: the batch's time limit is also the extractor's own deadline."""
    memory = options.limits.memory_mb
    return ExtractOptions(
        password=options.password,
        max_pages=options.max_pages,
        max_bytes=options.max_bytes,
        max_seconds=options.limits.seconds,
        max_memory=memory * 1024 * 1024 if memory is not None else None,
    )


def _plan(
    files: Sequence[Path],
    outdir: Path,
    previous: dict[str, ManifestEntry],
    force: bool,
    done: dict[int, ManifestEntry],
    todo: list[tuple[int, _Planned]],
) -> None:
    """Split the inputs into those already finished (into `done`) and those to read."""
    finished = {
        e.sha256: e
        for e in previous.values()
        if e.status in FINISHED and e.sha256 and e.output and (outdir / e.output).is_file()
    }
    taken = {e.output.lower() for e in previous.values() if e.output} | {MANIFEST_NAME}
    for index, path in enumerate(files):
        shown = str(path)
        try:
            sha = sha256_of(path)
        except OSError as exc:
            done[index] = ManifestEntry(shown, None, Status.FAILED, error=f"cannot be read ({exc.strerror})")
            continue
        earlier = finished.get(sha)
        if earlier is not None and not force:
            done[index] = replace(earlier, path=shown)
            continue
        own = previous.get(shown)
        name = own.output if own is not None and own.output else unique_name(path, taken)
        todo.append((index, _Planned(path, sha, name)))


def _record(outdir: Path, plan: _Planned, outcome: Outcome) -> tuple[ManifestEntry, str | None]:
    base = ManifestEntry(
        str(plan.path),
        plan.sha256,
        Status.FAILED,
        seconds=round(outcome.seconds, 3),
        worker_peak_mb=outcome.peak_mb,
    )
    result = outcome.value
    if outcome.error is not None or not isinstance(result, JobResult):
        return replace(base, error=outcome.error or "the worker returned nothing"), None
    if result.json_text is None:
        return replace(base, error=result.error), None
    try:
        write_atomic(inside(outdir, plan.output), result.json_text)
    except (OSError, ValueError) as exc:
        return replace(base, pages=result.pages, error=f"cannot write the output: {exc}"), None
    status = Status.FINDINGS if result.error_findings else Status.OK
    entry = replace(
        base,
        status=status,
        output=plan.output,
        pages=result.pages,
        findings=result.findings or {},
        error_findings=result.error_findings,
    )
    return entry, result.json_text
