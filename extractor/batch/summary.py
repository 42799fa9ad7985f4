"""The end-of-batch summary, and the status it implies."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extractor.batch.manifest import Status
from extractor.batch.run import BatchResult
from extractor.output.table import format_table


@dataclass(frozen=True)
class Summary:
    inputs: int
    read: int
    skipped: int
    ok: int
    with_findings: int
    failed: int
    remaining: int
    findings_by_code: dict[str, int] = field(default_factory=dict)
    pages_read: int = 0
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False

    @property
    def pages_per_second(self) -> float | None:
        return round(self.pages_read / self.seconds, 1) if self.seconds > 0 and self.pages_read else None


def summarise(result: BatchResult) -> Summary:
    """Counts over every input of the run, skipped ones included (their manifest line)."""
    statuses = Counter(e.status for e in result.entries)
    codes: Counter[str] = Counter()
    for entry in result.entries:
        codes.update(entry.findings)
    return Summary(
        inputs=len(result.entries) + result.remaining,
        read=result.read,
        skipped=result.skipped,
        ok=statuses[Status.OK],
        with_findings=statuses[Status.FINDINGS],
        failed=statuses[Status.FAILED],
        remaining=result.remaining,
        findings_by_code=dict(sorted(codes.items())),
        pages_read=result.pages_read,
        seconds=result.seconds,
        workers=result.workers,
        interrupted=result.interrupted,
    )


def summary_text(summary: Summary) -> str:
    rows: list[tuple[str, int | float | None]] = [
        ("inputs", summary.inputs),
        ("read now", summary.read),
        ("skipped (already done)", summary.skipped),
        ("ok", summary.ok),
        ("with error findings", summary.with_findings),
        ("failed", summary.failed),
    ]
    if summary.interrupted:
        rows.append(("not reached (interrupted)", summary.remaining))
    rows += [
        ("pages read", summary.pages_read),
        ("seconds", summary.seconds),
        ("workers", summary.workers),
        ("pages per second", summary.pages_per_second),
    ]
    text = format_table(["batch", "count"], rows)
    if summary.findings_by_code:
        text += "\n" + format_table(["finding", "count"], list(summary.findings_by_code.items()))
    return text
