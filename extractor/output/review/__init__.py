"""The review page: one self-contained HTML file for a folder of report JSON files.

    write_review(outdir, "review.html", source_root=None) -> ReviewSummary

Every `*.json` in `outdir` whose `schema_version` is "1" is a report; a
`manifest.jsonl` beside them (written by a batch run), when present, adds the
inputs that failed. Each finding is shown beside a crop of the page its numbers
stand on (or the transcript lines), each area beside the pages it was read from.
Sources are found from `source.path`, under `source_root` first (see
`sources.candidate_paths`); a source that is not found is named on the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractor.errors import InputNotFound
from extractor.models import SCHEMA_VERSION, Report
from extractor.output.files import write_atomic
from extractor.output.review.page import Reviewed, Unread, review_page
from extractor.output.review.sources import Settings, locate_source, open_source

__all__ = ["ReviewSummary", "Settings", "load_reports", "read_manifest", "render_review", "write_review"]


@dataclass(frozen=True)
class ReviewSummary:
    reports: int
    findings: int
    unread: int
    missing_sources: int
    bytes: int


def load_reports(outdir: Path) -> tuple[list[tuple[str, Report]], list[Unread]]:
    """The reports in `outdir` (file name, report), and the report files that are not valid."""
    reports: list[tuple[str, Report]] = []
    unread: list[Unread] = []
    for path in sorted(outdir.glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue  # not JSON: not ours
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            continue
        try:
            reports.append((path.name, Report.model_validate(data)))
        except ValidationError as exc:
            unread.append(Unread(path.name, f"not a valid report: {exc.error_count()} errors"))
    reports.sort(key=lambda nr: (nr[1].municipality or "\uffff", nr[1].year or 0, nr[0]))
    return reports, unread


def read_manifest(outdir: Path) -> list[dict[str, Any]]:
    """The lines of `outdir/manifest.jsonl`, or none; a line that is not JSON is skipped."""
    path = outdir / "manifest.jsonl"
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def failed_inputs(manifest: list[dict[str, Any]]) -> list[Unread]:
    return [
        Unread(str(e.get("path", "?")), str(e.get("error") or "failed"))
        for e in manifest
        if e.get("status") == "failed"
    ]


def render_review(
    outdir: Path, *, source_root: Path | None = None, settings: Settings | None = None
) -> tuple[str, ReviewSummary]:
    """The review page's HTML for `outdir`, and what it holds."""
    outdir = Path(outdir)
    settings = settings or Settings()
    if not outdir.is_dir():
        raise InputNotFound("not a folder", path=str(outdir))
    reports, unread = load_reports(outdir)
    unread = failed_inputs(read_manifest(outdir)) + unread
    if not reports and not unread:
        raise InputNotFound("no report JSON files (schema_version 1) in this folder", path=str(outdir))
    items: list[Reviewed] = []
    missing = 0
    try:
        for i, (name, report) in enumerate(reports, start=1):
            located = locate_source(report.source, outdir, source_root)
            missing += located.path is None
            items.append(Reviewed(f"r{i}", name, report, open_source(report.source, located, settings)))
        html = review_page(items, unread, f"Review of {outdir.name or outdir}", settings)
    finally:
        for item in items:
            item.view.close()
    summary = ReviewSummary(
        reports=len(items),
        findings=sum(len(i.report.findings) for i in items),
        unread=len(unread),
        missing_sources=missing,
        bytes=len(html.encode("utf-8")),
    )
    return html, summary


def write_review(
    outdir: str | Path, output_path: str | Path, *, source_root: str | Path | None = None
) -> ReviewSummary:
    """Write the review page of `outdir` to `output_path` (through a temporary file and
    a rename, so a failure leaves no file). Raises `InputNotFound` when `outdir` is not
    a folder or holds neither reports nor a manifest."""
    root = Path(source_root) if source_root is not None else None
    html, summary = render_review(Path(outdir), source_root=root)
    write_atomic(Path(output_path), html)
    return summary
