"""Several evaluations of one municipality side by side: area scores and their change.

Areas are matched by number (Område 1..8). The score is the area's stated score
(Poäng) as printed; a missing one stays empty and so does any change computed
from it. Evaluations are ordered by year, then by report id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.catalogue.municipalities import municipality_from_text
from extractor.output.archive import ArchivedReport
from extractor.output.table import Cell, format_table


@dataclass(frozen=True)
class Comparison:
    municipality: str
    evaluations: list[ArchivedReport]
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str]


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def canonical_name(name: str) -> str:
    """The gazetteer's name for what the user typed ("Östersunds kommun" -> "Östersund")."""
    found = municipality_from_text(name)
    return found.name if found is not None else name.strip()


def evaluations_of(reports: Sequence[ArchivedReport], municipality: str) -> list[ArchivedReport]:
    wanted = {_fold(municipality), _fold(canonical_name(municipality))}
    chosen = [r for r in reports if _fold(str(r.data.get("municipality") or "")) in wanted]
    return sorted(chosen, key=lambda r: (r.data.get("year") is None, r.data.get("year") or 0, r.report_id))


def _label(report: ArchivedReport, repeated: bool) -> str:
    year = report.data.get("year")
    base = str(year) if year is not None else "year?"
    return f"{base} ({report.report_id})" if repeated or year is None else base


def _score(report: ArchivedReport, number: int) -> int | None:
    for area in report.data.get("areas") or []:
        if area.get("number") == number:
            score = area.get("stated_score")
            return score if isinstance(score, int) else None
    return None


def _title(evaluations: Sequence[ArchivedReport], number: int) -> str | None:
    for report in reversed(evaluations):  # the latest framework's wording
        for area in report.data.get("areas") or []:
            if area.get("number") == number and area.get("title"):
                return str(area["title"])
    return None


def compare(reports: Sequence[ArchivedReport], municipality: str) -> Comparison:
    evaluations = evaluations_of(reports, municipality)
    years = [r.data.get("year") for r in evaluations]
    labels = [_label(r, years.count(r.data.get("year")) > 1) for r in evaluations]
    headers = ["area", "title", *labels]
    pairs = list(zip(labels, labels[1:], strict=False))
    headers += [f"change {a.split()[0]}→{b.split()[0]}" for a, b in pairs]
    numbers = sorted(
        {
            a.get("number")
            for r in evaluations
            for a in r.data.get("areas") or []
            if isinstance(a.get("number"), int)
        }
    )
    rows: list[list[Cell]] = []
    for number in numbers:
        scores = [_score(r, number) for r in evaluations]
        changes: list[Cell] = [
            b - a if a is not None and b is not None else None
            for a, b in zip(scores, scores[1:], strict=False)
        ]
        rows.append([number, _title(evaluations, number), *scores, *changes])
    notes = []
    frameworks = {str(r.data.get("framework")) for r in evaluations}
    if len(frameworks) > 1:
        notes.append(
            f"the evaluations use different criteria versions ({', '.join(sorted(frameworks))}); areas are matched by number"
        )
    name = canonical_name(municipality) if evaluations else municipality
    if evaluations:
        name = str(evaluations[0].data.get("municipality"))
    return Comparison(municipality=name, evaluations=evaluations, headers=headers, rows=rows, notes=notes)


def comparison_text(comparison: Comparison) -> str:
    text = format_table(comparison.headers, comparison.rows)
    return text + "".join(f"note: {n}\n" for n in comparison.notes)


def comparison_csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(comparison.headers)
    writer.writerows(["" if v is None else v for v in row] for row in comparison.rows)
    return buffer.getvalue()
