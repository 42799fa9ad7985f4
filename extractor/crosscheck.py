"""A second, independent reading of every number, with pdfplumber.

PyMuPDF (MuPDF's parser) reads the document; pdfplumber (pdfminer.six, a separate
PDF parser written in Python) then reads the text inside each number's provenance
box again. Where the two disagree, a font's Unicode map, a content stream quirk or
a wrong box is at work, and the number cannot be trusted: an `UNREADABLE` warning
says so. Slower than the main reading (~50 ms a page), so it is an option
(`ExtractOptions(cross_check=True)`, `kompass extract --cross-check`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.models import Finding, FindingCode, Provenance, Report, Severity
from extractor.report.common import parse_int, parse_percent

# Boxes are widened by this many points so that a glyph's side bearing does not
# push a character out of pdfminer's box.
_SLACK = 1.0


def _values(report: Report) -> Iterator[tuple[str, int | float, Provenance, int | None, str | None]]:
    for area in report.areas:
        prov = area.provenance.get("stated_score")
        if area.stated_score is not None and prov is not None:
            yield "stated_score", area.stated_score, prov, area.number, None
        for q in area.questions:
            for key in ("achieved", "max", "percent"):
                value, p = getattr(q, key), q.provenance.get(key)
                if value is not None and p is not None:
                    yield f"questions.{key}", value, p, area.number, q.id
        total = area.table_total
        if total is not None:
            for key in ("achieved", "max", "percent"):
                value, p = getattr(total, key), total.provenance.get(key)
                if value is not None and p is not None:
                    yield f"table_total.{key}", value, p, area.number, None


def cross_check(report: Report, source: str | Path | bytes) -> list[Finding]:
    """Findings for the numbers that pdfplumber reads differently from PyMuPDF.

    `source` is the PDF's path or its bytes."""
    if report.source.kind != "pdf":
        return []
    import pdfplumber  # imported here: only this option needs it

    findings: list[Finding] = []
    opened = (
        pdfplumber.open(io.BytesIO(source)) if isinstance(source, bytes) else pdfplumber.open(str(source))
    )
    with opened as pdf:
        for field, value, prov, area, question in _values(report):
            if prov.page is None or prov.bbox is None or not 1 <= prov.page <= len(pdf.pages):
                continue
            page: Any = pdf.pages[prov.page - 1]
            x0, y0, x1, y1 = prov.bbox
            box = (
                max(0.0, x0 - _SLACK),
                max(0.0, y0 - _SLACK),
                min(float(page.width), x1 + _SLACK),
                min(float(page.height), y1 + _SLACK),
            )
            text = (page.within_bbox(box).extract_text() or "").strip()
            read = parse_percent(text) if field.endswith("percent") else parse_int(text)
            if read != value:
                where = f"Område {area}" + (f", fråga {question}" if question else "")
                findings.append(
                    Finding(
                        code=FindingCode.UNREADABLE,
                        severity=Severity.WARNING,
                        area=area,
                        question=question,
                        field=field,
                        message=f"{where}: a second reading (pdfplumber) finds {text!r} where {value} was read",
                        expected=value,
                        found=text,
                        locations=[prov],
                    )
                )
    return findings
