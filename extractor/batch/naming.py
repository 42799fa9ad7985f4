"""Output names: `<stem>.json`, made safe and unique, always directly inside OUTDIR.

Only the input's file name is used, never its folders, so `../x.pdf` or
`/abs/x.pdf` cannot lead outside OUTDIR; the stem is reduced to letters, digits
and `._-`, and a leading dot is dropped (no hidden files, no `..`). When two
inputs share a stem (`a/rapport.pdf`, `b/rapport.pdf`), the later one gets a
short hash of its path: stable across reruns, whatever the order of arguments.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePath

MAX_STEM = 80
"""Characters kept of a stem: far below the 255-byte name limit even in UTF-8."""

_UNSAFE = re.compile(r"[^\w.-]+")
_RESERVED = frozenset({"manifest"})
"""Stems that would clash with the batch's own files."""


def safe_stem(path: str | PurePath) -> str:
    """A file-name stem that is safe on every file system and never a path."""
    name = PurePath(str(path).replace("\\", "/")).name
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = unicodedata.normalize("NFC", stem)
    stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_STEM].rstrip("._-")
    if not stem or stem.lower() in _RESERVED:
        stem = f"report_{stem}" if stem else "report"
    return stem


def path_tag(path: str | PurePath) -> str:
    """Eight hex digits that tell apart inputs with the same stem."""
    return hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:8]


def unique_name(path: str | PurePath, taken: set[str]) -> str:
    """`<stem>.json`, or `<stem>-<tag>.json` when taken; adds the result to `taken`."""
    stem = safe_stem(path)
    candidate = f"{stem}.json"
    if candidate.lower() in taken:
        candidate = f"{stem}-{path_tag(path)}.json"
        counter = 2
        while candidate.lower() in taken:
            candidate = f"{stem}-{path_tag(path)}-{counter}.json"
            counter += 1
    taken.add(candidate.lower())
    return candidate


def inside(outdir: Path, name: str) -> Path:
    """OUTDIR/name, refusing any name that would resolve outside OUTDIR."""
    if name in {"", ".", ".."} or "/" in name or "\\" in name or "\0" in name or PurePath(name).name != name:
        raise ValueError(f"output name {name!r} would leave {outdir}")
    return outdir.resolve() / name
