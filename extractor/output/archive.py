"""Read back a batch's output folder: the report JSON files it holds.

The manifest names the finished outputs; a folder without one (JSON files put
there by hand or by `kompass extract -o`) is read as every `*.json` in it.
Reports are read as plain dicts, so that fields added to the contract later do
not break reading older archives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.errors import DamagedInput, InputNotFound

MANIFEST_NAME = "manifest.jsonl"  # written by extractor.batch
_FINISHED = {"ok", "findings"}


@dataclass(frozen=True)
class ArchivedReport:
    report_id: str
    """The JSON file's stem: unique within the folder, and the key in every export table."""
    data: dict[str, Any]


def archive_files(outdir: Path) -> list[Path]:
    if not outdir.is_dir():
        raise InputNotFound("no such folder", path=str(outdir))
    manifest = outdir / MANIFEST_NAME
    if not manifest.is_file():
        return sorted(p for p in outdir.glob("*.json") if not p.name.startswith("."))
    names: dict[str, None] = {}
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("status") in _FINISHED and entry.get("output"):
            names[str(entry["output"])] = None
    return [outdir / name for name in sorted(names) if (outdir / name).is_file() and "/" not in name]


def load_archive(outdir: Path) -> list[ArchivedReport]:
    """Every report in OUTDIR, by report id; raises `DamagedInput` for a JSON that is not a report."""
    reports = []
    for path in archive_files(outdir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DamagedInput(f"not readable JSON ({exc})", path=str(path)) from exc
        if not isinstance(data, dict) or "source" not in data or "areas" not in data:
            raise DamagedInput("not a report JSON (no source or areas)", path=str(path))
        reports.append(ArchivedReport(report_id=path.stem, data=data))
    return reports
