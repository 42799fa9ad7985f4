"""Findings as compiler-style lines: `file:page: CODE message`."""

from __future__ import annotations

from extractor.models import Finding, Report


def finding_location(report: Report, finding: Finding) -> str:
    path = report.source.path
    for loc in finding.locations:
        if loc.page is not None:
            return f"{path}:{loc.page}"
        if loc.line is not None:
            return f"{path}:{loc.line}"
    return path


def finding_line(report: Report, finding: Finding) -> str:
    return f"{finding_location(report, finding)}: {finding.code.value} {finding.message} [{finding.severity.value}]"
