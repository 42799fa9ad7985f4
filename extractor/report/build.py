"""Rows to the report model: find the sections, read each, name the areas."""

from __future__ import annotations

import re

from extractor.catalogue.frameworks import Framework, detect_version, framework, match_area
from extractor.errors import NotAReport
from extractor.input.document import Document, Span
from extractor.layout.rows import Row
from extractor.models import Area, Provenance, Question, Report, ScoreSet, Source, TableTotal
from extractor.report.area import read_area_section
from extractor.report.catalogue_match import match_question, match_title, read_by_ocr
from extractor.report.common import provenance, texts_holding
from extractor.report.language import detect_language
from extractor.report.lexicon import mend_text
from extractor.report.metadata import read_metadata
from extractor.report.overview import AreaTable, number_value, percent_value
from extractor.report.references import section_references
from extractor.report.scoresets import group_tables, set_version
from extractor.report.sections import (
    find_area_headings,
    find_overview,
    overview_heading_candidates,
    summary_table_total,
    toc_rows,
)

_STATED_TOTAL = re.compile(
    r"(?:totalt|totalpoäng|total poäng|sammanlagt|summa)\D{0,40}?(\d{2,3})\s*(?:av|/)\s*800", re.I
)


def rows_to_report(document: Document, rows: list[Row]) -> Report:
    toc = toc_rows(rows)
    headings = find_area_headings(rows, toc)
    candidates = overview_heading_candidates(rows)  # one scan of the rows serves both finders
    overview_at = find_overview(rows, toc, candidates)
    tsets = group_tables(rows, toc, candidates)
    tables = [t for ts in tsets for t in ts.tables]
    # One stray "Område 1 …" line does not make a report; two areas or a score table do.
    if len(headings) < 2 and not any(t.questions for t in tables):
        raise NotAReport(
            "no Kommunkompassen areas (Område 1–8) and no score overview found", path=document.path
        )
    language, _ = detect_language(rows)
    meta = read_metadata(rows, language)
    printed_titles = {h.number: h.title for h in headings}
    for t in tsets[0].tables if tsets else []:
        if t.number is not None and t.number not in printed_titles and t.title:
            printed_titles[t.number] = t.title
    version, evidence = detect_version(meta.year, printed_titles)
    set_versions = [set_version(ts, meta.year, len(tsets) > 1) for ts in tsets]
    if len(tsets) == 1 and "poängsammanställning" in tsets[0].heading_text.casefold():
        evidence.append("the overview is called Poängsammanställning, as in 2002-criteria reports")
    primary = _primary_set(version, [v for v, _ in set_versions])
    fw = framework(version) if version else None

    areas: dict[int, Area] = {}
    ends = [h.index for h in headings[1:]] + [overview_at if overview_at is not None else len(rows)]
    for heading, end in zip(headings, ends[: len(headings)], strict=True):  # no headings: no ends
        end = max(end, heading.index + 1)
        section_rows = rows[heading.index + len(heading.rows) : end]
        section = read_area_section(section_rows)
        area = _new_area(heading.number, heading.title, fw)
        area.provenance["title"] = _title_as_printed(area, [s for r in heading.rows for s in r.spans], fw)
        if section.score is not None:
            area.stated_score = section.score
            area.provenance["stated_score"] = provenance(section.score_spans)
        elif heading.score_text is not None:
            area.stated_score = int(heading.score_text)
            spans = [s for s in heading.rows[0].spans if s.text.strip() == heading.score_text]
            area.provenance["stated_score"] = provenance(spans[-1:] or list(heading.rows[0].spans))
        area.subareas = [_mended(t, section.subarea_spans, language) for t in section.subareas]
        if language in ("sv", None):  # the gazetteer is Sweden's municipalities
            area.references = section_references(
                section_rows, section.header_rows, section.lists.values(), meta.municipality
            )
        for key, items in section.lists.items():
            setattr(area, key, [_mended(it.text, it.spans, language) for it in items if it.text])
            area.provenance[key] = provenance([s for it in items for s in it.spans])
        areas[heading.number] = area

    for table in tsets[primary].tables if tsets else []:
        _place_table(areas, table, fw, language)

    others: list[ScoreSet] = []
    for k, tset in enumerate(tsets):
        if k == primary:
            continue
        set_fw_name, set_evidence = set_versions[k]
        set_fw = framework(set_fw_name) if set_fw_name else None
        set_areas: dict[int, Area] = {}
        for table in tset.tables:
            _place_table(set_areas, table, set_fw, language)
        score_set = ScoreSet(
            framework=set_fw_name,  # type: ignore[arg-type]
            heading=tset.heading_text or None,
            areas=[set_areas[n] for n in sorted(set_areas)],
        )
        if tset.heading is not None:
            score_set.provenance["heading"] = provenance(tset.heading.spans)
        others.append(score_set)
        evidence.append(
            f"another score set ({set_fw_name or 'unknown'} criteria): " + "; ".join(set_evidence)
        )

    report = Report(
        source=Source(
            path=document.path, sha256=document.sha256, pages=document.page_count, kind=document.kind
        ),  # type: ignore[arg-type]
        municipality=meta.municipality,
        municipality_as_printed=meta.municipality_as_printed,
        year=meta.year,
        framework=version,  # type: ignore[arg-type]
        language=language,  # type: ignore[arg-type]
        framework_evidence=evidence,
        areas=[areas[n] for n in sorted(areas)],
        other_score_sets=others,
    )
    if meta.municipality_spans:
        report.provenance["municipality"] = provenance(meta.municipality_spans)
    if meta.year_spans:
        report.provenance["year"] = provenance(meta.year_spans)
    _read_stated_total(rows, report)
    return report


def _primary_set(version: str | None, set_versions: list[str | None]) -> int:
    """The score set that belongs to the report's own criteria (the first if none does)."""
    for k, v in enumerate(set_versions):
        if v == version:
            return k
    return 0


def _place_table(
    areas: dict[int, Area], table: AreaTable, fw: Framework | None, language: str | None
) -> None:
    number = table.number
    if number is None and fw is not None:
        spec, _ = match_area(table.title, fw)
        number = spec.number if spec else None
    if number is None:
        return
    area = areas.get(number) or _new_area(number, None, fw)
    areas[number] = area
    if area.title_as_printed is None and table.title:
        area.title_as_printed = table.title
        if read_by_ocr(table.title_spans):  # where OCR read it, and what it read
            area.provenance["title_as_printed"] = _title_as_printed(area, table.title_spans, fw)
        spec = fw.area(number) if fw is not None else None
        if spec is None or spec.title is None:
            area.title = table.title
    _fill_from_table(area, table, fw, language)


def _mended(text: str, spans: list[Span], language: str | None) -> str:
    """A Swedish text read by OCR with its misread å, ä and ö mended (see lexicon)."""
    return mend_text(text) if language in ("sv", None) and read_by_ocr(spans) else text


def _title_as_printed(area: Area, spans: list[Span], fw: Framework | None) -> Provenance:
    """The title's provenance; a title read by OCR that matches the catalogue's
    spelling of its area closely is given in that spelling (see catalogue_match)."""
    where = provenance(spans)
    if area.title_as_printed and read_by_ocr(spans) and fw is not None:
        found = match_title(area.title_as_printed, fw.area(area.number), fw)
        if found is not None:
            area.title_as_printed = found.text
            where.as_read = found.as_read
    return where


def _new_area(number: int, printed: str | None, fw: Framework | None) -> Area:
    spec = fw.area(number) if fw is not None else None
    title = spec.title if spec is not None and spec.title else (printed or "")
    return Area(number=number, title=title, title_as_printed=printed, stated_score=None)


def _fill_from_table(area: Area, table: AreaTable, fw: Framework | None, language: str | None) -> None:
    for q in table.questions:
        text = q.text.strip()
        found = match_question(text, q.id, fw) if read_by_ocr(q.text_spans) else None
        question = Question(
            id=q.id,
            text=found.text if found is not None else _mended(text, q.text_spans, language),
            achieved=number_value(q.numbers.get("achieved")),
            max=number_value(q.numbers.get("max")),
            percent=percent_value(q.numbers.get("percent")),
        )
        question.provenance["id"] = provenance(q.id_spans)
        printed = " ".join([s.text for s in q.id_spans]).strip()
        if q.id_spans and [c for c in printed if c.isdigit()] != [c for c in q.id if c.isdigit()]:
            # OCR read another id ("1.4" for 7.4, placed by its row in the table)
            question.provenance["id"].as_read = printed
        if q.text_spans:
            question.provenance["text"] = provenance(q.text_spans)
            if found is not None:
                question.provenance["text"].as_read = found.as_read
        for key, cell in q.numbers.items():
            question.provenance[key] = provenance(cell.spans)
        area.questions.append(question)
    if table.total is not None:
        total = TableTotal(
            achieved=number_value(table.total.get("achieved")),
            max=number_value(table.total.get("max")),
            percent=percent_value(table.total.get("percent")),
        )
        for key, cell in table.total.items():
            total.provenance[key] = provenance(cell.spans)
        area.table_total = total
    area.provenance["overview"] = provenance(list(table.header.spans))
    if table.unread:  # a question row OCR could not read: where the first one stands
        area.provenance["unread_question"] = provenance(list(table.unread[0].spans))


def _read_stated_total(rows: list[Row], report: Report) -> None:
    # the pattern ends in "800": only rows that hold it are searched
    for row in (rows[i] for i in texts_holding([r.text for r in rows], ["800"])):
        m = _STATED_TOTAL.search(row.text)
        if m:
            report.stated_total = int(m.group(1))
            report.provenance["stated_total"] = provenance(
                [s for s in row.spans if m.group(1) in s.text][:1] or row.spans
            )
            return
    table = summary_table_total(rows)  # a summary table of the area scores
    if table is not None:
        report.stated_total = table[0]
        report.provenance["stated_total"] = provenance(table[1])
