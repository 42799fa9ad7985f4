"""Turn the command line's INPUT arguments into an ordered list of input files.

A file named explicitly is taken whatever its name (the reader sniffs the bytes).
A folder is walked recursively for the suffixes below, skipping hidden entries.
A glob (`archive/**/*.pdf`) is expanded; folders it matches are walked too.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPORT_SUFFIXES = frozenset({".pdf", ".docx", ".txt"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Inputs:
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Arguments that named nothing: not a file, not a folder, a glob without matches."""


def discover_inputs(arguments: Iterable[str], *, exclude: Path | None = None) -> Inputs:
    """The input files in argument order, each once; `exclude` (OUTDIR) is never walked."""
    seen: set[Path] = set()
    files: list[Path] = []
    missing: list[str] = []
    skip = exclude.resolve() if exclude is not None else None
    for argument in arguments:
        found = list(_expand(argument, skip))
        if not found and not Path(argument).is_dir():
            missing.append(argument)
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return Inputs(files=files, missing=missing)


def _expand(argument: str, skip: Path | None) -> Iterator[Path]:
    if _is_glob(argument) and not Path(argument).exists():
        for match in sorted(glob.glob(argument, recursive=True)):
            path = Path(match)
            if path.is_dir():
                yield from _walk(path, skip)
            elif path.is_file():
                yield path
        return
    path = Path(argument)
    if path.is_dir():
        yield from _walk(path, skip)
    elif path.is_file():
        yield path


def _walk(folder: Path, skip: Path | None) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(names):
            path = here / name
            if not name.startswith(".") and path.suffix.lower() in REPORT_SUFFIXES and path.is_file():
                yield path


def _is_glob(argument: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in argument)
