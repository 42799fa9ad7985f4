"""Worker processes that a runaway input cannot take down with it.

Each worker is a long-lived process fed one task at a time through its own pipe.
The parent keeps every task's deadline; when a task passes it, the worker gets
SIGKILL, which ends it even inside a C call that never returns to Python (a
MuPDF loop, a blocking read), and a fresh worker takes its place. The memory cap
is `RLIMIT_AS` set in the worker before its first task: an allocation above it
fails inside the worker (MemoryError, or a reader error) and the worker is then
replaced, so the parent and the other files never feel it. A worker that dies
(a segfault, the kernel's OOM killer) is noticed by the end of its pipe.

Workers ignore SIGINT: on Ctrl-C the parent stops them, so nothing is left half
done behind its back.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048
_OVER_MEMORY = "over the memory cap of"

# A worker's young-generation threshold for the garbage collector (Python's default
# is 700). A report keeps tens of thousands of small objects (words, rows, the
# model) until its JSON is written; at 700 the collector walks them again and again
# while they are built. At this threshold most of a report's objects are gone before
# a collection looks at them (batch CPU about 3 % lower), and the objects it lets
# accumulate between collections are a few MiB at most.
WORKER_GC_THRESHOLD = 20_000


@dataclass(frozen=True)
class Limits:
    """Per-file wall-clock limit (seconds) and per-worker address-space cap (MiB).

    The cap counts virtual memory: an idle worker with PyMuPDF loaded already uses
    about 650 MiB of it. None switches a limit off.
    """

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: int | None = DEFAULT_MEMORY_MB

    @property
    def kill_after(self) -> float | None:
        """When the worker is killed: a little after the limit, so that the extractor's
        own deadline (checked between pages) can end the file first with a clearer
        reason; the kill is for a file stuck inside one call."""
        return None if self.seconds is None else self.seconds * 1.05 + 0.5


@dataclass(frozen=True)
class Outcome:
    """What became of one task: `value` when it returned, `error` otherwise."""

    key: Any
    value: Any = None
    error: str | None = None
    seconds: float = 0.0
    peak_mb: float | None = None


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _worker_main(conn: Connection, fn: Callable[[Any], Any], memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()  # a crash is the parent's to record, from the exit signal
    _die_with_parent()
    if memory_mb is not None:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        key, argument = message
        start = time.perf_counter()
        reply: tuple[Any, Any, str | None]
        try:
            reply = (key, fn(argument), None)
        except MemoryError:
            reply = (key, None, f"{_OVER_MEMORY} {memory_mb} MiB per worker")
        except BaseException as exc:  # the parent records it; the worker goes on
            reply = (key, None, f"{type(exc).__name__}: {exc}")
        conn.send((*reply, time.perf_counter() - start, _peak_mb()))
        if reply[2] is not None and reply[2].startswith(_OVER_MEMORY):
            return  # a fresh process rather than one that ran out of memory


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the parent dies, even if it is stuck in C code."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    key: Any = None
    busy: bool = False
    started: float = 0.0


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers inherit the loaded extractor, so starting one costs milliseconds.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def workers_inherit() -> bool:
    """True when workers are forked, and so start with whatever the parent loaded."""
    return _context().get_start_method() == "fork"


class WorkerPool:
    """Run `fn` over tasks in `workers` processes; yields an `Outcome` per task as it ends."""

    def __init__(self, fn: Callable[[Any], Any], workers: int, limits: Limits) -> None:
        self._fn = fn
        self._workers = max(1, workers)
        self._limits = limits
        self._ctx = _context()
        self._slots: list[_Slot] = []

    def run(self, tasks: Iterable[tuple[Any, Any]]) -> Iterator[Outcome]:
        todo = iter(tasks)
        try:
            self._slots = [self._start() for _ in range(self._workers)]
            exhausted = False
            while True:
                if not exhausted:
                    exhausted = self._feed(todo)
                busy = [s for s in self._slots if s.busy]
                if not busy:
                    return
                ready = wait([s.conn for s in busy], timeout=self._timeout(busy))
                now = time.monotonic()
                ended = []
                for slot in busy:
                    if slot.conn in ready:
                        ended.append(self._receive(slot))
                    elif (
                        self._limits.kill_after is not None and now - slot.started >= self._limits.kill_after
                    ):
                        ended.append(self._expire(slot))
                # The freed workers get their next task before the caller writes these
                # results, so that no worker waits for the parent's writing.
                if not exhausted and ended:
                    exhausted = self._feed(todo)
                yield from ended
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker now (idle ones are told to quit, busy ones killed)."""
        for slot in self._slots:
            if slot.busy:
                slot.process.kill()
            else:
                try:
                    slot.conn.send(None)
                except OSError:
                    slot.process.kill()
        for slot in self._slots:
            slot.process.join(timeout=2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join()
            slot.conn.close()
        self._slots = []

    def _start(self) -> _Slot:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, self._fn, self._limits.memory_mb), daemon=True
        )
        process.start()
        child.close()  # so that the worker's death reads as end-of-file here
        return _Slot(process=process, conn=parent)

    def _feed(self, todo: Iterator[tuple[Any, Any]]) -> bool:
        """Give a task to every idle worker; True when no task is left."""
        for index, slot in enumerate(self._slots):
            if slot.busy:
                continue
            if not slot.process.is_alive():
                slot = self._replace(index)
            task = next(todo, None)
            if task is None:
                return True
            slot.key, slot.busy, slot.started = task[0], True, time.monotonic()
            slot.conn.send(task)
        return False

    def _timeout(self, busy: list[_Slot]) -> float | None:
        kill_after = self._limits.kill_after
        if kill_after is None:
            return None
        now = time.monotonic()
        return max(0.0, min(s.started + kill_after - now for s in busy))

    def _receive(self, slot: _Slot) -> Outcome:
        key = slot.key
        slot.busy, slot.key = False, None
        try:
            _, value, error, seconds, peak = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(timeout=2)
            return Outcome(key, error=_death(slot.process.exitcode), seconds=time.monotonic() - slot.started)
        if error is not None and error.startswith(_OVER_MEMORY):
            slot.process.join(timeout=5)  # it is on its way out; `_feed` replaces it
        return Outcome(key, value=value, error=error, seconds=round(seconds, 3), peak_mb=peak)

    def _expire(self, slot: _Slot) -> Outcome:
        key = slot.key
        slot.process.kill()
        slot.process.join()
        self._replace(next(i for i, s in enumerate(self._slots) if s is slot))
        return Outcome(
            key,
            error=f"over the time limit of {self._limits.seconds:g} s",
            seconds=round(time.monotonic() - slot.started, 3),
        )

    def _replace(self, index: int) -> _Slot:
        old = self._slots[index]
        if old.process.is_alive():
            old.process.kill()
        old.process.join()
        old.conn.close()
        self._slots[index] = self._start()
        return self._slots[index]


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (the system may have run out of memory)" if name == "SIGKILL" else ""
        return f"the worker process died of {name}{hint}"
    return f"the worker process ended unexpectedly (exit status {exitcode})"


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
