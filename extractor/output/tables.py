"""Reports as tidy tables: one row per thing, keys that join.

    reports    report_id                                  one row per report JSON
    areas      report_id, area                            stated score, table total
    subareas   report_id, area, position                  Rubriker
    questions  report_id, area, position                  Uppnått / Max / Procent
    bullets    report_id, area, column, position          Styrkor / Förbättringsmöjligheter / Svagheter
    findings   report_id, position                        the contradictions and gaps
    area_references  report_id, area, position            other municipalities cited (Area.references)

`report_id` is the JSON file's stem in the batch folder. Pages are 1-based; a
value's page is where it was read (null for text transcripts, whose `line` is
given instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractor.output.archive import ArchivedReport

Value = str | int | float | None
Row = tuple[Value, ...]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    """'text', 'integer', 'real' or 'number' (integer or real, as printed)."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in spec.split())


BULLET_COLUMNS = ("strengths", "improvements", "weaknesses")

TABLES: tuple[Table, ...] = (
    Table(
        "reports",
        _cols(
            "report_id:text source_path:text sha256:text kind:text pages:integer municipality:text "
            "municipality_as_printed:text year:integer framework:text stated_total:integer "
            "areas:integer error_findings:integer warning_findings:integer"
        ),
        ("report_id",),
    ),
    Table(
        "areas",
        _cols(
            "report_id:text area:integer title:text title_as_printed:text stated_score:integer "
            "table_achieved:integer table_max:integer table_percent:number questions:integer page:integer"
        ),
        ("report_id", "area"),
    ),
    Table(
        "subareas",
        _cols("report_id:text area:integer position:integer title:text"),
        ("report_id", "area", "position"),
    ),
    Table(
        "questions",
        _cols(
            "report_id:text area:integer position:integer question_id:text text:text achieved:integer "
            "max:integer percent:number page:integer line:integer"
        ),
        ("report_id", "area", "position"),
    ),
    Table(
        "bullets",
        _cols("report_id:text area:integer column:text position:integer text:text"),
        ("report_id", "area", "column", "position"),
    ),
    Table(
        "findings",
        _cols(
            "report_id:text position:integer code:text severity:text area:integer question:text "
            "field:text message:text expected:text found:text page:integer line:integer"
        ),
        ("report_id", "position"),
    ),
    Table(
        "area_references",
        _cols(
            "report_id:text area:integer position:integer municipality:text as_printed:text role:text "
            "sentence:text page:integer line:integer"
        ),
        ("report_id", "area", "position"),
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}


def _where(provenance: dict[str, Any] | None, *keys: str) -> dict[str, Any]:
    for key in keys:
        place = (provenance or {}).get(key)
        if place:
            return dict(place)
    return {}


def _as_text(value: Any) -> str | None:
    # expected/found are numbers or words (a framework version); kept as printed text
    # so that every reader sees one type per column.
    return None if value is None else str(value)


def report_rows(item: ArchivedReport) -> dict[str, list[Row]]:
    """The rows of every table for one report."""
    rid, data = item.report_id, item.data
    source = data.get("source") or {}
    findings = data.get("findings") or []
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    rows["reports"].append(
        (
            rid,
            source.get("path"),
            source.get("sha256"),
            source.get("kind"),
            source.get("pages"),
            data.get("municipality"),
            data.get("municipality_as_printed"),
            data.get("year"),
            data.get("framework"),
            data.get("stated_total"),
            len(data.get("areas") or []),
            sum(1 for f in findings if f.get("severity") == "error"),
            sum(1 for f in findings if f.get("severity") == "warning"),
        )
    )
    for area in data.get("areas") or []:
        number = area.get("number")
        total = area.get("table_total") or {}
        place = _where(area.get("provenance"), "stated_score", "title")
        rows["areas"].append(
            (
                rid,
                number,
                area.get("title"),
                area.get("title_as_printed"),
                area.get("stated_score"),
                total.get("achieved"),
                total.get("max"),
                total.get("percent"),
                len(area.get("questions") or []),
                place.get("page"),
            )
        )
        rows["subareas"] += [(rid, number, i, t) for i, t in enumerate(area.get("subareas") or [], start=1)]
        for position, q in enumerate(area.get("questions") or [], start=1):
            at = _where(q.get("provenance"), "achieved", "id")
            rows["questions"].append(
                (
                    rid,
                    number,
                    position,
                    q.get("id"),
                    q.get("text"),
                    q.get("achieved"),
                    q.get("max"),
                    q.get("percent"),
                    at.get("page"),
                    at.get("line"),
                )
            )
        rows["bullets"] += list(_bullets(rid, number, area))
        rows["area_references"] += list(_references(rid, number, area))
    for position, f in enumerate(findings, start=1):
        at = next((loc for loc in f.get("locations") or [] if loc), {})
        rows["findings"].append(
            (
                rid,
                position,
                f.get("code"),
                f.get("severity"),
                f.get("area"),
                f.get("question"),
                f.get("field"),
                f.get("message"),
                _as_text(f.get("expected")),
                _as_text(f.get("found")),
                at.get("page"),
                at.get("line"),
            )
        )
    return rows


def _bullets(rid: str, number: Any, area: dict[str, Any]) -> Iterator[Row]:
    for column in BULLET_COLUMNS:
        for position, text in enumerate(area.get(column) or [], start=1):
            yield (rid, number, column, position, text)


def _references(rid: str, number: Any, area: dict[str, Any]) -> Iterator[Row]:
    for position, ref in enumerate(area.get("references") or [], start=1):
        at = ref.get("provenance") or {}
        yield (
            rid,
            number,
            position,
            ref.get("municipality"),
            ref.get("as_printed"),
            ref.get("role"),
            ref.get("sentence"),
            at.get("page"),
            at.get("line"),
        )


def archive_rows(reports: list[ArchivedReport]) -> dict[str, list[Row]]:
    """All rows of all reports, table by table."""
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for item in reports:
        for name, rows in report_rows(item).items():
            out[name] += rows
    return out
