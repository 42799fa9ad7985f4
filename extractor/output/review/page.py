"""The review page as HTML: a list of reports with their area scores, then one
section per report with its findings (each beside the place it stands in the
source) and its recovered areas (beside the pages they were read from).

Every function returns an HTML string; values are escaped where they enter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from extractor.models import Area, Finding, Provenance, Report, Severity
from extractor.output.review.assets import CSS, JS
from extractor.output.review.sources import Evidence, Excerpt, Note, Picture, Settings, SourceView

SEVERITIES = [s.value for s in Severity]
AREA_MAX = 100  # every area of every criteria version is scored out of 100
BULLETS = [("strengths", "Styrkor"), ("improvements", "Förbättringsmöjligheter"), ("weaknesses", "Svagheter")]


@dataclass
class Reviewed:
    """One report file on the page, with a view of its source (or why there is none)."""

    anchor: str
    file: str
    report: Report
    view: SourceView


@dataclass(frozen=True)
class Unread:
    """An input without a report: failed in the batch, or a report file that is not valid."""

    path: str
    reason: str


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _value(value: object) -> str:
    return "—" if value is None else _e(value)


def municipality_of(report: Report) -> str:
    return report.municipality or "(unknown)"


def title_of(report: Report) -> str:
    return f"{municipality_of(report)} {report.year if report.year is not None else '(year unknown)'}"


# --- pieces ---------------------------------------------------------------------


def severity_badges(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity.value for f in findings)
    return " ".join(
        f'<span class="badge {s if counts[s] else "zero"}" title="{s}">{counts[s]}</span>' for s in SEVERITIES
    )


def area_score(area: Area) -> int | None:
    if area.stated_score is not None:
        return area.stated_score
    return area.table_total.achieved if area.table_total else None


def score_bars(report: Report, *, scale: float = 1.0, values: bool = False) -> str:
    """Eight bars, each area's score against its maximum; red where the area has an error.
    Under each bar its area number and, with `values`, its score."""
    width, gap, height = 12 * scale, 4 * scale, 34 * scale
    below = 21 if values else 11
    flagged = {f.area for f in report.findings if f.severity == Severity.ERROR}
    parts: list[str] = []
    for i in range(8):
        number, x = i + 1, i * (width + gap)
        area = report.area(number)
        score = area_score(area) if area else None
        top = area.table_total.max if area and area.table_total and area.table_total.max else AREA_MAX
        label = f"Område {number}: " + (
            f"{score} of {top}" if score is not None else ("not read" if area else "missing")
        )
        parts.append(f"<g><title>{_e(label)}</title>")
        parts.append(f'<rect x="{x:g}" y="0" width="{width:g}" height="{height:g}" fill="#e6e9ec"/>')
        if score is not None:
            h = max(0.0, min(1.0, score / top)) * height
            fill = "#c62828" if number in flagged else "#2e7d6b"
            parts.append(
                f'<rect x="{x:g}" y="{height - h:g}" width="{width:g}" height="{h:g}" fill="{fill}"/>'
            )
        elif area is None:
            parts.append(f'<line x1="{x:g}" y1="0" x2="{x + width:g}" y2="{height:g}" stroke="#c62828"/>')
        parts.append(f'<text x="{x + width / 2:g}" y="{height + 9:g}" text-anchor="middle">{number}</text>')
        if values:
            shown = "–" if score is None else str(score)
            parts.append(
                f'<text class="v" x="{x + width / 2:g}" y="{height + 19:g}" text-anchor="middle">{shown}</text>'
            )
        parts.append("</g>")
    total_w = 8 * width + 7 * gap
    return (
        f'<svg class="bars" width="{total_w:g}" height="{height + below:g}" '
        f'viewBox="0 0 {total_w:g} {height + below:g}" '
        f'role="img" aria-label="area scores">{"".join(parts)}</svg>'
    )


def picture(pic: Picture, caption: str, css: str = "crop") -> str:
    outlines = "".join(
        f'<span class="outline" style="left:{b.left}%;top:{b.top}%;width:{b.width}%;height:{b.height}%"></span>'
        for b in pic.boxes
    )
    return (
        f'<figure class="{css}"><div class="pic"><img src="{pic.data_uri}" width="{pic.width}" '
        f'height="{pic.height}" alt="{_e(caption)}">{outlines}</div>'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def excerpt(ex: Excerpt) -> str:
    rows = "".join(
        f'<span class="{"hit" if hit else ""}"><span class="ln">{n}</span>{_e(text)}</span>'
        for n, text, hit in ex.lines
    )
    first, last = ex.lines[0][0], ex.lines[-1][0]
    return f'<figure class="lines"><pre class="lines">{rows}</pre><figcaption>{ex.unit} {first}–{last}</figcaption></figure>'


def evidence(items: Iterable[Evidence], *, thumb: bool = False) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, Picture):
            what = "page" if item.whole_page else "crop of page"
            out.append(picture(item, f"{what} {item.page}", "thumb" if thumb else "crop"))
        elif isinstance(item, Excerpt):
            out.append(excerpt(item))
        elif isinstance(item, Note):
            out.append(f'<p class="note">{_e(item.text)}</p>')
    return "".join(out)


# --- findings ---------------------------------------------------------------------


def finding_html(finding: Finding, view: SourceView, settings: Settings) -> str:
    where = []
    if finding.area is not None:
        where.append(f"Område {finding.area}")
    if finding.question:
        where.append(f"fråga {_e(finding.question)}")
    shown = (
        evidence(view.places(finding.locations, dpi=settings.crop_dpi))
        if finding.locations
        else '<p class="empty">no location: the value is not in the document</p>'
    )
    field = f'<p class="field">{_e(finding.field)}</p>' if finding.field else ""
    values = (
        f'<div class="value expected"><span>expected</span><b>{_value(finding.expected)}</b></div>'
        f'<div class="value found"><span>found</span><b>{_value(finding.found)}</b></div>'
        if finding.expected is not None or finding.found is not None
        else ""
    )
    sev = finding.severity.value
    return (
        f'<article class="finding {sev}" data-code="{finding.code.value}" data-severity="{sev}">'
        f'<header><span class="badge {sev}">{sev}</span><code>{finding.code.value}</code>'
        f"{'' if finding.message.startswith('Område') else '<span>' + ' · '.join(where) + '</span>'}"
        f'<span class="message">{_e(finding.message)}</span></header>'
        f'<div class="finding-body"><div class="values">{values}{field}</div>'
        f'<div class="evidence">{shown}</div></div></article>'
    )


# --- areas --------------------------------------------------------------------------


def overview_locations(area: Area) -> list[Provenance]:
    """Where the area's numbers in the overview table stand."""
    locs = [p for q in area.questions for k, p in q.provenance.items() if k != "id"]
    if area.table_total:
        locs += area.table_total.provenance.values()
    if not locs and "overview" in area.provenance:
        locs.append(area.provenance["overview"])
    return locs


def questions_table(area: Area, findings: Sequence[Finding]) -> str:
    """The area's questions and total row; rows that a finding is about are flagged."""
    if not area.questions and area.table_total is None:
        return '<p class="empty">no overview table read</p>'
    flagged = {f.question for f in findings if f.question}
    total_flag = " flagged" if any((f.field or "").startswith("table_total") for f in findings) else ""
    rows = [
        f"<tr class='{'flagged' if q.id in flagged else ''}'><td>{_e(q.id)}</td><td>{_e(q.text)}</td><td class='num'>{_value(q.achieved)}</td>"
        f"<td class='num'>{_value(q.max)}</td><td class='num'>{_value(q.percent)}</td></tr>"
        for q in area.questions
    ]
    if area.table_total:
        t = area.table_total
        rows.append(
            f"<tr class='total{total_flag}'><td></td><td>Total</td><td class='num'>{_value(t.achieved)}</td>"
            f"<td class='num'>{_value(t.max)}</td><td class='num'>{_value(t.percent)}</td></tr>"
        )
    return (
        "<table class='questions'><thead><tr><th>#</th><th>question</th><th>achieved</th><th>max</th>"
        f"<th>%</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def bullets(area: Area) -> str:
    columns = []
    for key, label in BULLETS:
        items: list[str] = getattr(area, key)
        body = "".join(f"<li>{_e(i)}</li>" for i in items) or "<li class='empty'>none read</li>"
        columns.append(f"<div><h4>{label}</h4><ul>{body}</ul></div>")
    return f"<div class='bullets'>{''.join(columns)}</div>"


def area_html(area: Area, findings: Sequence[Finding], view: SourceView, settings: Settings) -> str:
    mine = [f for f in findings if f.area == area.number]
    total = area.table_total
    summary = [f"Område {area.number} · {_e(area.title)}", f"score {_value(area.stated_score)}"]
    if total:
        summary.append(f"table {_value(total.achieved)}/{_value(total.max)}")
    summary.append(f"{len(area.questions)} questions")
    if mine:
        summary.append(f"<span class='flag'>{len(mine)} finding{'s' if len(mine) > 1 else ''}</span>")
    section_locs = [p for k, p in area.provenance.items() if k != "overview"]
    pics = evidence(view.thumbnails(section_locs), thumb=True) + evidence(
        view.places(overview_locations(area), dpi=settings.overview_dpi)
    )
    printed = (
        f"<p class='meta'>printed as “{_e(area.title_as_printed)}”</p>"
        if area.title_as_printed and area.title_as_printed != area.title
        else ""
    )
    subareas = f"<p class='meta'>Rubriker: {_e('; '.join(area.subareas))}</p>" if area.subareas else ""
    return (
        f"<details class='area' data-area='{area.number}'{' open' if mine else ''}><summary>{' · '.join(summary)}</summary>"
        f"<div class='area-body'><div class='area-data'>{printed}{subareas}{questions_table(area, mine)}{bullets(area)}</div>"
        f"<div class='area-pics'>{pics}</div></div></details>"
    )


# --- the page -----------------------------------------------------------------------


def report_section(item: Reviewed, settings: Settings) -> str:
    r = item.report
    findings = (
        "".join(finding_html(f, item.view, settings) for f in r.findings)
        or "<p class='empty'>no findings</p>"
    )
    areas = (
        "".join(area_html(a, r.findings, item.view, settings) for a in r.areas)
        or "<p class='empty'>no areas read</p>"
    )
    note = f"<p class='note'>{_e(item.view.note)}</p>" if item.view.note else ""
    pages = f"{r.source.pages} pages · " if r.source.pages else ""
    return (
        f"<section class='report' id='{item.anchor}' data-municipality='{_e(municipality_of(r))}' "
        f"data-source='{_e(r.source.path)}'>"
        f"<h2>{_e(title_of(r))} <span class='badges'>{severity_badges(r.findings)}</span></h2>"
        f"<p class='meta'><span class='path'>{_e(r.source.path)}</span> · {_e(r.source.kind)} · {pages}"
        f"criteria {_value(r.framework)} · report <span class='path'>{_e(item.file)}</span></p>"
        f"{note}{score_bars(r, scale=1.6, values=True)}<h3>Findings</h3>{findings}<h3>Areas</h3>{areas}</section>"
    )


def report_row(item: Reviewed) -> str:
    r = item.report
    return (
        f"<tr data-report='{item.anchor}'><td><a href='#{item.anchor}'>{_e(title_of(r))}</a></td>"
        f"<td class='path'>{_e(r.source.path)}</td><td>{_e(r.source.kind)}</td><td>{score_bars(r)}</td>"
        f"<td>{severity_badges(r.findings)}</td></tr>"
    )


def select(ident: str, label: str, values: Iterable[str]) -> str:
    options = "".join(f"<option value='{_e(v)}'>{_e(v)}</option>" for v in values)
    return f"<label>{label}<select id='{ident}'><option value=''>all</option>{options}</select></label>"


def unread_section(unread: Sequence[Unread]) -> str:
    if not unread:
        return ""
    rows = "".join(
        f"<tr><td><span class='badge failed'>failed</span></td><td class='path'>{_e(u.path)}</td>"
        f"<td>{_e(u.reason)}</td></tr>"
        for u in unread
    )
    return f"<section class='failed'><h2>Inputs without a report ({len(unread)})</h2><table>{rows}</table></section>"


def review_page(items: Sequence[Reviewed], unread: Sequence[Unread], title: str, settings: Settings) -> str:
    reports = [i.report for i in items]
    findings = [f for r in reports for f in r.findings]
    codes = sorted({f.code.value for f in findings})
    severities = [s for s in SEVERITIES if any(f.severity.value == s for f in findings)]
    municipalities = sorted({municipality_of(r) for r in reports})
    filters = (
        select("f-code", "Code", codes)
        + select("f-severity", "Severity", severities)
        + select("f-municipality", "Municipality", municipalities)
        + "<span id='shown'></span>"
    )
    rows = "".join(report_row(i) for i in items)
    failed = f", {len(unread)} without a report" if unread else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<header class='top'><h1>{_e(title)}</h1><span class='totals'>{len(items)} reports, "
        f"{len(findings)} findings {severity_badges(findings)}{failed}</span><div id='filters'>{filters}</div></header>"
        "<main><table class='reports'><thead><tr><th>report</th><th>source</th><th>kind</th>"
        f"<th>areas 1–8 (of 100)</th><th>error · warning · info</th></tr></thead><tbody>{rows}</tbody></table>"
        f"{unread_section(unread)}{''.join(report_section(i, settings) for i in items)}</main>"
        f"<script>{JS}</script></body></html>\n"
    )
