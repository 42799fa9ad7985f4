"""Who is cited as a model for what: the references of many extracted reports, ranked.

Reads report JSON files (the output of `kompass extract -o` or of a batch), keeps
the references of each area, filters them by role, topic word or area, and ranks
the cited municipalities by how many reports cite them.  Pure functions apart from
`read_reports`; the command line only prints `format_ranking`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.models import SCHEMA_VERSION

__all__ = [
    "Citation",
    "Ranked",
    "ReportSet",
    "citations",
    "format_ranking",
    "rank",
    "read_reports",
]


@dataclass(frozen=True)
class Citation:
    """One reference of one report: `cited` named by `by` (the report's municipality)."""

    cited: str
    by: str | None
    year: int | None
    area: int
    area_title: str
    role: str
    sentence: str | None
    source: str

    @property
    def citer(self) -> str:
        """The citing report as people name it: "Östersund 2015"."""
        name = self.by or Path(self.source).name
        return f"{name} {self.year}" if self.year is not None else name


@dataclass
class ReportSet:
    reports: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # JSON files that are not reports


@dataclass
class Ranked:
    municipality: str
    citations: list[Citation]

    @property
    def reports(self) -> list[str]:
        """The citing reports, each once, in order of first citation."""
        return list(dict.fromkeys(c.citer for c in self.citations))


def read_reports(folder: Path) -> ReportSet:
    """Every *.json under `folder` (recursively) whose schema_version is the contract's."""
    found = ReportSet()
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            found.skipped.append(str(path))
            continue
        if isinstance(data, dict) and data.get("schema_version") == SCHEMA_VERSION:
            found.reports.append(data)
            found.sources.append(str(path))
        else:
            found.skipped.append(str(path))
    return found


def _citations_of(report: dict[str, Any], source: str) -> Iterable[Citation]:
    for area in report.get("areas") or []:
        for ref in area.get("references") or []:
            yield Citation(
                cited=ref["municipality"],
                by=report.get("municipality"),
                year=report.get("year"),
                area=area.get("number"),
                area_title=area.get("title") or "",
                role=ref.get("role", "mention"),
                sentence=ref.get("sentence"),
                source=source,
            )


def citations(
    reports: ReportSet,
    *,
    role: str | None = "example",
    topic: str | None = None,
    area: int | None = None,
) -> list[Citation]:
    """The references of all reports that pass the filters, each citation once.

    `role` None keeps both roles; `topic` is matched case-blind anywhere in the
    sentence, so "dialog" also finds "medborgardialog"; `area` is the area number.
    The same report read from several files (a PDF and its transcript) counts once:
    citations are told apart by citing municipality, year, area, cited name and sentence.
    """
    word = topic.casefold() if topic else None
    seen: set[tuple[Any, ...]] = set()
    out: list[Citation] = []
    for report, source in zip(reports.reports, reports.sources, strict=True):
        for c in _citations_of(report, source):
            if role is not None and c.role != role:
                continue
            if area is not None and c.area != area:
                continue
            if word is not None and word not in (c.sentence or "").casefold():
                continue
            key = (c.by or c.source, c.year, c.area, c.cited, c.role, " ".join((c.sentence or "").split()))
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def rank(found: Iterable[Citation]) -> list[Ranked]:
    """Cited municipalities, most citing reports first, then most citations, then by name."""
    by_name: dict[str, list[Citation]] = {}
    for c in found:
        by_name.setdefault(c.cited, []).append(c)
    ranked = [Ranked(name, cs) for name, cs in by_name.items()]
    return sorted(ranked, key=lambda r: (-len(r.reports), -len(r.citations), r.municipality))


def format_ranking(ranked: list[Ranked], *, limit: int | None = None, sentences: bool = False) -> str:
    """One line per cited municipality: reports, citations, and who cites it in which areas."""
    shown = ranked[:limit] if limit else ranked
    if not shown:
        return ""
    width = max(len(r.municipality) for r in shown)
    lines = [f"{'municipality':<{width}}  reports  citations  cited by (areas)"]
    for r in shown:
        who = "; ".join(
            f"{citer} ({', '.join(str(a) for a in sorted({c.area for c in r.citations if c.citer == citer}))})"
            for citer in r.reports
        )
        lines.append(f"{r.municipality:<{width}}  {len(r.reports):>7}  {len(r.citations):>9}  {who}")
        if sentences:
            lines += [f"    {c.citer}, area {c.area}: {c.sentence}" for c in r.citations if c.sentence]
    return "\n".join(lines) + "\n"
