"""Findings for the parts of a document that could not be read as text."""

from __future__ import annotations

from extractor.input.document import Document
from extractor.models import Finding, FindingCode, Provenance, Severity


def unreadable_findings(document: Document, dropped: dict[int, int]) -> list[Finding]:
    """One `UNREADABLE` warning per unreadable page, and one per page where
    garbage words were dropped (`dropped`: 1-based page -> words; 0 = no pages)."""
    findings = []
    for page in document.unreadable_pages:
        if page in dropped:  # set aside by input.quality.screen_document
            message = (
                f"page {page}: the text reads as garbage (a font without a Unicode mapping?) and was not used"
            )
        else:  # set aside by a reader
            message = f"page {page} could not be read"
        findings.append(
            Finding(
                code=FindingCode.UNREADABLE,
                severity=Severity.WARNING,
                message=message,
                locations=[Provenance(page=page)],
            )
        )
    for page, words in sorted(dropped.items()):
        if page in document.unreadable_pages:
            continue
        where = f"page {page}" if page else "the document"
        findings.append(
            Finding(
                code=FindingCode.UNREADABLE,
                severity=Severity.WARNING,
                message=f"{where}: {words} word{'s' if words != 1 else ''} that read{'' if words != 1 else 's'} as garbage left out",
                locations=[Provenance(page=page)] if page else [],
            )
        )
    return findings
