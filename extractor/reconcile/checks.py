"""Reconciliation: every printed number checked against the others it must agree with.

Each check is a small pure function from the report (and the criteria catalogue)
to findings; `reconcile` runs them all in a fixed order. Nothing here changes a
value: a contradiction is reported with what was expected, what was found, and
where both stand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from extractor.catalogue.frameworks import Framework, framework
from extractor.models import Area, Finding, FindingCode, Provenance, Report, Severity
from extractor.report.common import half_up_percent

Check = Callable[[Report, Framework | None], Iterator[Finding]]

# The contract's rule: a number that contradicts another is an error; something
# missing or unreadable is a warning.
SEVERITY: dict[FindingCode, Severity] = {
    FindingCode.SUM_MISMATCH: Severity.ERROR,
    FindingCode.HEADING_MISMATCH: Severity.ERROR,
    FindingCode.PERCENT_MISMATCH: Severity.ERROR,
    FindingCode.SCORE_ABOVE_MAX: Severity.ERROR,
    FindingCode.TOTAL_MISMATCH: Severity.ERROR,
    FindingCode.FRAMEWORK_MISMATCH: Severity.ERROR,
    FindingCode.MISSING_AREA: Severity.WARNING,
    FindingCode.MISSING_QUESTION: Severity.WARNING,
    FindingCode.UNREADABLE: Severity.WARNING,
}


def _finding(code: FindingCode, **fields: Any) -> Finding:
    """A finding with the severity its code carries."""
    return Finding(code=code, severity=SEVERITY[code], **fields)


def _loc(*provs: Provenance | None) -> list[Provenance]:
    return [p for p in provs if p is not None and (p.page is not None or p.line is not None)]


def _percent_expected(achieved: int, maximum: int, printed: int | float) -> int | float | None:
    """achieved/max rounded half up to the precision the percent is printed with."""
    if maximum <= 0:
        return None
    if isinstance(printed, float) and not printed.is_integer():
        return (2000 * achieved + maximum) // (2 * maximum) / 10
    return half_up_percent(achieved, maximum)


def check_questions(report: Report, fw: Framework | None) -> Iterator[Finding]:
    for area in report.areas:
        # An OCR table whose other rows have a percent: a row without one lost it.
        percents = _read_by_ocr(area) and any("percent" in q.provenance for q in area.questions)
        for q in area.questions:
            p = q.provenance
            where = f"Område {area.number}, fråga {q.id}"
            if q.achieved is not None and q.max is not None and q.achieved > q.max:
                yield _finding(
                    FindingCode.SCORE_ABOVE_MAX,
                    area=area.number,
                    question=q.id,
                    field="questions.achieved",
                    message=f"{where}: {q.achieved} achieved of a max of {q.max}",
                    expected=q.max,
                    found=q.achieved,
                    locations=_loc(p.get("achieved"), p.get("max")),
                )
            if q.achieved is not None and q.max is not None and q.percent is not None:
                want = _percent_expected(q.achieved, q.max, q.percent)
                if want is not None and want != q.percent:
                    yield _finding(
                        FindingCode.PERCENT_MISMATCH,
                        area=area.number,
                        question=q.id,
                        field="questions.percent",
                        message=f"{where}: {q.achieved} of {q.max} is {want} % but {q.percent} % is printed",
                        expected=want,
                        found=q.percent,
                        locations=_loc(p.get("achieved"), p.get("max"), p.get("percent")),
                    )
            spec = fw.question(q.id) if fw is not None else None
            if spec is not None and q.max is not None and q.max != spec.max:
                yield _finding(
                    FindingCode.FRAMEWORK_MISMATCH,
                    area=area.number,
                    question=q.id,
                    field="questions.max",
                    message=f"{where}: max {q.max} is printed but the {fw.version} criteria give {spec.max}",  # type: ignore[union-attr]
                    expected=spec.max,
                    found=q.max,
                    locations=_loc(p.get("max")),
                )
            for key in ("achieved", "max", "percent"):
                # A percent column is optional; a printed percent that could not be
                # read (OCR unsure) is a cell with provenance but no value.
                if getattr(q, key) is None and (key != "percent" or key in p or percents):
                    yield _finding(
                        FindingCode.UNREADABLE,
                        area=area.number,
                        question=q.id,
                        field=f"questions.{key}",
                        message=f"{where}: no {key} value could be read",
                        locations=_loc(p.get("id")),
                    )


def _lost_rows(area: Area, fw: Framework | None) -> bool:
    """The area's table was read by OCR and lacks a question: a row whose id OCR
    misread (`unread_question`), an id missing from its numbering (2.1 and 2.3 but
    no 2.2), or a question the criteria catalogue has. A sum over such a table is no
    evidence of a contradiction; an UNREADABLE or MISSING_QUESTION warning says what
    is lacking."""
    if not _read_by_ocr(area):
        return False
    if "unread_question" in area.provenance or _numbering_gaps(area):
        return True
    spec = fw.area(area.number) if fw is not None else None
    if spec is None or not spec.questions:
        return False
    have = {q.id for q in area.questions}
    return any(q.id not in have for q in spec.questions)


def _numbering_gaps(area: Area) -> list[str]:
    """Ids missing below the highest one of the area's table (n.1, n.2, … n.k)."""
    have: set[int] = set()
    for q in area.questions:
        head, _, tail = q.id.partition(".")
        if head == str(area.number) and tail.isdigit():
            have.add(int(tail))
    return [f"{area.number}.{k}" for k in range(1, max(have, default=0)) if k not in have]


def _read_by_ocr(area: Area) -> bool:
    provs = [p for q in area.questions for p in q.provenance.values()]
    if area.table_total is not None:
        provs += list(area.table_total.provenance.values())
    return any(p.confidence is not None for p in provs)


def _sum(values: list[int | None]) -> int | None:
    return sum(v for v in values if v is not None) if values and all(v is not None for v in values) else None


def check_totals(report: Report, fw: Framework | None) -> Iterator[Finding]:
    for area in report.areas:
        total = area.table_total
        if not area.questions:
            continue
        name = f"Område {area.number}"
        if total is None:
            yield _finding(
                FindingCode.UNREADABLE,
                area=area.number,
                field="table_total",
                message=f"{name}: the overview table has no total row",
                locations=_loc(area.provenance.get("overview")),
            )
            continue
        p = total.provenance
        for key in ("achieved", "max", "percent"):
            if getattr(total, key) is None and key in p:
                yield _finding(
                    FindingCode.UNREADABLE,
                    area=area.number,
                    field=f"table_total.{key}",
                    message=f"{name}: the total row's {key} value could not be read",
                    locations=_loc(p.get(key)),
                )
        lost = _lost_rows(area, fw)
        for key, word in (("achieved", "points"), ("max", "max points")):
            printed = getattr(total, key)
            added = None if lost else _sum([getattr(q, key) for q in area.questions])
            if printed is not None and added is not None and printed != added:
                yield _finding(
                    FindingCode.SUM_MISMATCH,
                    area=area.number,
                    field=f"table_total.{key}",
                    message=f"{name}: the table total says {printed} {word} but its questions add up to {added}",
                    expected=added,
                    found=printed,
                    locations=_loc(p.get(key), *(q.provenance.get(key) for q in area.questions)),
                )
        if total.achieved is not None and total.max is not None:
            if total.achieved > total.max:
                yield _finding(
                    FindingCode.SCORE_ABOVE_MAX,
                    area=area.number,
                    field="table_total.achieved",
                    message=f"{name}: the total row has {total.achieved} of a max of {total.max}",
                    expected=total.max,
                    found=total.achieved,
                    locations=_loc(p.get("achieved"), p.get("max")),
                )
            if total.percent is not None:
                want = _percent_expected(total.achieved, total.max, total.percent)
                if want is not None and want != total.percent:
                    yield _finding(
                        FindingCode.PERCENT_MISMATCH,
                        area=area.number,
                        field="table_total.percent",
                        message=f"{name}: the total row prints {total.percent} % for {total.achieved} of {total.max} ({want} %)",
                        expected=want,
                        found=total.percent,
                        locations=_loc(p.get("achieved"), p.get("max"), p.get("percent")),
                    )
        spec = fw.area(area.number) if fw is not None else None
        if spec is not None and total.max is not None and total.max != spec.max:
            yield _finding(
                FindingCode.FRAMEWORK_MISMATCH,
                area=area.number,
                field="table_total.max",
                message=f"{name}: the total row's max is {total.max} but an area is worth {spec.max}",
                expected=spec.max,
                found=total.max,
                locations=_loc(p.get("max")),
            )


def check_heading(report: Report, fw: Framework | None) -> Iterator[Finding]:
    for area in report.areas:
        name = f"Område {area.number}"
        stated = area.stated_score
        where = area.provenance.get("stated_score")
        if stated is None:
            if area.provenance.get("title") is not None:
                yield _finding(
                    FindingCode.UNREADABLE,
                    area=area.number,
                    field="stated_score",
                    message=f"{name}: no stated score (Poäng) found in the area's section",
                    locations=_loc(area.provenance.get("title")),
                )
            continue
        total = area.table_total
        added = None if _lost_rows(area, fw) else _sum([q.achieved for q in area.questions])
        if total is not None and total.achieved is not None:
            if stated != total.achieved:
                yield _finding(
                    FindingCode.HEADING_MISMATCH,
                    area=area.number,
                    field="stated_score",
                    message=f"{name}: the area's stated score is {stated} but its table total says {total.achieved}",
                    expected=total.achieved,
                    found=stated,
                    locations=_loc(where, total.provenance.get("achieved")),
                )
                continue
        if added is not None and stated != added:
            yield _finding(
                FindingCode.HEADING_MISMATCH,
                area=area.number,
                field="stated_score",
                message=f"{name}: the area's stated score is {stated} but its questions add up to {added}",
                expected=added,
                found=stated,
                locations=_loc(where, *(q.provenance.get("achieved") for q in area.questions)),
            )
        spec = fw.area(area.number) if fw is not None else None
        if spec is not None and stated > spec.max:
            yield _finding(
                FindingCode.SCORE_ABOVE_MAX,
                area=area.number,
                field="stated_score",
                message=f"{name}: stated score {stated} is above the area's {spec.max}",
                expected=spec.max,
                found=stated,
                locations=_loc(where),
            )


def check_overall(report: Report, fw: Framework | None) -> Iterator[Finding]:
    if report.stated_total is None:
        return
    scores = [a.stated_score for a in report.areas]
    added = _sum(scores)  # type: ignore[arg-type]
    if added is not None and len(scores) == 8 and added != report.stated_total:
        yield _finding(
            FindingCode.TOTAL_MISMATCH,
            field="stated_total",
            message=f"the stated total is {report.stated_total} but the area scores add up to {added}",
            expected=added,
            found=report.stated_total,
            locations=_loc(report.provenance.get("stated_total")),
        )


def check_missing(report: Report, fw: Framework | None) -> Iterator[Finding]:
    if fw is not None:
        have = {a.number for a in report.areas}
        for spec in fw.areas:
            if spec.number not in have:
                yield _finding(
                    FindingCode.MISSING_AREA,
                    area=spec.number,
                    message=f"Område {spec.number} ({spec.title or 'untitled'}) of the {fw.version} criteria is not in the document",
                )
    for area in report.areas:
        yield from _missing_in_area(area, fw)


def check_metadata(report: Report, fw: Framework | None) -> Iterator[Finding]:
    for key in ("municipality", "year"):
        if getattr(report, key) is None:
            yield _finding(
                FindingCode.UNREADABLE,
                field=key,
                message=f"the {key} could not be read from the title page",
            )
    if report.framework is None:
        yield _finding(
            FindingCode.UNREADABLE,
            field="framework",
            message="the criteria version could not be decided (no year, no known area titles)",
        )


def _missing_in_area(area: Area, fw: Framework | None) -> Iterator[Finding]:
    name = f"Område {area.number}"
    spec = fw.area(area.number) if fw is not None else None
    if not area.questions:
        yield _finding(
            FindingCode.MISSING_QUESTION,
            area=area.number,
            message=f"{name}: no questions found in the score overview",
        )
    elif _read_by_ocr(area) and not (spec is not None and spec.questions):
        for qid in _numbering_gaps(area):  # no catalogue: the numbering shows what is lost
            yield _finding(
                FindingCode.MISSING_QUESTION,
                area=area.number,
                question=qid,
                message=f"{name}: question {qid} is not in the overview (a row OCR could not read: "
                "the table's sums are not checked)",
            )
    elif spec is not None and spec.questions:
        have = {q.id for q in area.questions}
        ocr = _read_by_ocr(area)
        for q in spec.questions:
            if q.id not in have:
                yield _finding(
                    FindingCode.MISSING_QUESTION,
                    area=area.number,
                    question=q.id,
                    message=f"{name}: question {q.id} ({q.text}) is not in the overview"
                    + (" (a row OCR could not read: the table's sums are not checked)" if ocr else ""),
                )
    if "unread_question" in area.provenance:
        yield _finding(
            FindingCode.UNREADABLE,
            area=area.number,
            field="questions",
            message=f"{name}: a row of the overview table holds numbers but OCR misread its question id; "
            "the table's sums are not checked",
            locations=_loc(area.provenance["unread_question"]),
        )
    if area.provenance.get("title") is not None and not (
        "strengths" in area.provenance or "improvements" in area.provenance or "weaknesses" in area.provenance
    ):
        yield _finding(
            FindingCode.UNREADABLE,
            area=area.number,
            field="strengths",
            message=f"{name}: no Styrkor / Förbättringsmöjligheter / Svagheter found",
        )


CHECKS: tuple[Check, ...] = (
    check_questions,
    check_totals,
    check_heading,
    check_overall,
    check_missing,
    check_metadata,
)
# An additional score set has only overview tables: no stated scores, no bullets.
SET_CHECKS: tuple[Check, ...] = (check_questions, check_totals, check_missing)


def reconcile(report: Report) -> Report:
    """The report with its findings: every check, in order, appended; then each
    additional score set checked on its own against its own criteria."""
    fw = framework(report.framework) if report.framework else None
    findings = [f for check in CHECKS for f in check(report, fw)]
    for score_set in report.other_score_sets:
        set_fw = framework(score_set.framework) if score_set.framework else None
        view = report.model_copy(update={"areas": score_set.areas, "framework": score_set.framework})
        for check in SET_CHECKS:
            for finding in check(view, set_fw):
                finding.framework = score_set.framework
                finding.message = f"[{score_set.framework or '?'} scores] {finding.message}"
                findings.append(finding)
    return report.model_copy(update={"findings": [*report.findings, *findings]})
