"""What a worker does with one input: extract it and hand back the JSON and a summary.

Runs in a worker process, so everything it returns is plain data. A `KompassError`
is an expected outcome (the input is recorded as failed with its reason); any
other exception is a bug and is recorded as an internal error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import KompassError
from extractor.models import Report, Severity
from extractor.output.json import report_to_json
from extractor.pipeline import ExtractOptions

ExtractFn = Callable[[str | Path, ExtractOptions], Report]
"""The per-file extractor a batch calls: `extractor.extract` or anything with its signature."""


@dataclass(frozen=True)
class Job:
    path: str
    options: ExtractOptions


@dataclass(frozen=True)
class JobResult:
    json_text: str | None
    pages: int | None = None
    findings: dict[str, int] | None = None
    error_findings: int = 0
    error: str | None = None


def run_job(job: Job, extract_fn: ExtractFn) -> JobResult:
    try:
        report = extract_fn(job.path, job.options)
    except KompassError as exc:
        return JobResult(json_text=None, error=exc.reason)
    except MemoryError:
        raise  # the pool names the cap
    except Exception as exc:
        return JobResult(json_text=None, error=f"internal error: {type(exc).__name__}: {exc}")
    codes = Counter(f.code.value for f in report.findings)
    errors = sum(1 for f in report.findings if f.severity == Severity.ERROR)
    return JobResult(
        json_text=report_to_json(report),
        pages=report.source.pages,
        findings=dict(sorted(codes.items())),
        error_findings=errors,
    )
