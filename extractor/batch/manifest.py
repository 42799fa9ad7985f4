"""OUTDIR/manifest.jsonl: one JSON object per line, one line per input.

During a run each finished input is appended (a crash loses at most the line being
written, and a torn last line is ignored on reading); at the end the file is
rewritten, atomically, with the latest line for each input path.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from extractor.batch.files import write_atomic
from extractor.output.archive import MANIFEST_NAME  # the output stage reads it back


class Status(StrEnum):
    OK = "ok"  # extracted, no error finding
    FINDINGS = "findings"  # extracted, at least one error finding
    FAILED = "failed"  # not extracted: unreadable, over a limit, worker crashed


FINISHED = frozenset({Status.OK, Status.FINDINGS})


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    sha256: str | None
    status: Status
    output: str | None = None
    """The JSON's file name inside OUTDIR; None when the input failed."""
    pages: int | None = None
    seconds: float | None = None
    error: str | None = None
    findings: dict[str, int] = field(default_factory=dict)
    """Count of findings per code, all severities."""
    error_findings: int = 0
    worker_peak_mb: float | None = None
    """The worker process's peak resident memory when it finished this input."""

    def to_json(self) -> str:
        data = asdict(self)
        data["status"] = self.status.value
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ManifestEntry:
        return cls(
            path=str(data["path"]),
            sha256=data.get("sha256"),
            status=Status(data["status"]),
            output=data.get("output"),
            pages=data.get("pages"),
            seconds=data.get("seconds"),
            error=data.get("error"),
            findings=dict(data.get("findings") or {}),
            error_findings=int(data.get("error_findings") or 0),
            worker_peak_mb=data.get("worker_peak_mb"),
        )


def read_manifest(outdir: Path) -> dict[str, ManifestEntry]:
    """The latest entry per input path; unreadable lines (a torn last line) are skipped."""
    path = outdir / MANIFEST_NAME
    entries: dict[str, ManifestEntry] = {}
    if not path.is_file():
        return entries
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = ManifestEntry.from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError):
            continue
        entries.pop(entry.path, None)
        entries[entry.path] = entry
    return entries


def append_entry(outdir: Path, entry: ManifestEntry) -> None:
    with (outdir / MANIFEST_NAME).open("a", encoding="utf-8") as fh:
        fh.write(entry.to_json() + "\n")


def rewrite_manifest(outdir: Path, entries: dict[str, ManifestEntry]) -> None:
    write_atomic(outdir / MANIFEST_NAME, "".join(e.to_json() + "\n" for e in entries.values()))
