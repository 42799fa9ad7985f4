"""Progress on stderr: a tqdm bar (files, pages, time left) on a terminal, one plain
line per finished input otherwise (logs, CI, pipes)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from extractor.batch.manifest import ManifestEntry, Status
from extractor.batch.run import BatchObserver


def describe(entry: ManifestEntry) -> str:
    if entry.status == Status.FAILED:
        return f"{entry.path}: failed: {entry.error}"
    pages = f"{entry.pages} pages, " if entry.pages is not None else ""
    seconds = f"{entry.seconds:.2f} s" if entry.seconds is not None else "–"
    return f"{entry.path}: {entry.status.value} ({pages}{seconds})"


class PlainProgress:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._todo = 0
        self._count = 0

    def planned(self, todo: int, skipped: int, workers: int) -> None:
        self._todo = todo
        print(
            f"kompass: {todo} to read with {workers} worker(s), {skipped} already done",
            file=self._stream,
            flush=True,
        )

    def finished(self, entry: ManifestEntry, json_text: str | None) -> None:
        if entry.seconds is None:  # failed before reading (missing, unreadable)
            print(f"kompass: {describe(entry)}", file=self._stream, flush=True)
            return
        self._count += 1
        print(f"[{self._count}/{self._todo}] {describe(entry)}", file=self._stream, flush=True)

    def closed(self, interrupted: bool) -> None:
        pass  # the caller says how an interrupted run ends


class BarProgress:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: Any = None
        self._pages = 0
        self._skipped = 0

    def planned(self, todo: int, skipped: int, workers: int) -> None:
        from tqdm import tqdm

        # No monitor thread: workers are forked, and forking beside a thread is unsafe.
        tqdm.monitor_interval = 0
        self._skipped = skipped
        self._bar = tqdm(
            total=todo,
            unit="file",
            file=self._stream,
            dynamic_ncols=True,
            desc=f"{workers} worker(s)",
            postfix={"pages": 0, "skipped": skipped},
        )

    def finished(self, entry: ManifestEntry, json_text: str | None) -> None:
        if self._bar is None:
            return
        if entry.status == Status.FAILED:
            self._bar.write(f"kompass: {describe(entry)}", file=self._stream)
        if entry.seconds is None and entry.status == Status.FAILED:
            return  # missing before the run: not part of the bar's total
        self._pages += entry.pages or 0
        self._bar.set_postfix(pages=self._pages, skipped=self._skipped, refresh=False)
        self._bar.update(1)

    def closed(self, interrupted: bool) -> None:
        if self._bar is not None:
            self._bar.close()


def progress_for(stream: TextIO | None = None) -> BatchObserver:
    out = stream or sys.stderr
    return BarProgress(out) if out.isatty() else PlainProgress(out)
