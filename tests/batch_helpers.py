"""Stand-in extract functions for batch tests, passed as `BatchOptions.extract_fn`.

They must live in an importable module: workers receive them by reference. Each
misbehaves only for inputs whose name says so and reads every other input with
the real extractor.
"""

from __future__ import annotations

import ctypes
import os
import signal
from pathlib import Path

from extractor import ExtractOptions, Report, extract


def hang_in_c(path: str | Path, options: ExtractOptions) -> Report:
    """`hang*` inputs block in a C call (libc sleep) that never returns to Python."""
    if Path(path).name.startswith("hang"):
        ctypes.CDLL(None).sleep(600)
    return extract(path, options)


def crash(path: str | Path, options: ExtractOptions) -> Report:
    """`crash*` inputs kill their worker with SIGSEGV, as a crashing C library would."""
    if Path(path).name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    return extract(path, options)


def allocate(path: str | Path, options: ExtractOptions) -> Report:
    """`huge*` inputs ask for 4 GiB at once."""
    if Path(path).name.startswith("huge"):
        block = bytearray(4 * 1024**3)
        del block
    return extract(path, options)
