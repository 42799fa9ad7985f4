"""The one place that knows the order of the stages.

    read (input/)  ->  screen garbage text (input/quality.py)  ->  layout (layout/)
      ->  report (report/)  ->  reconcile (reconcile/)  ->  clean strings (sanitize.py)

Limits (`extractor.limits`): the input size is checked before the file is read,
the page count before any page is read, the deadline before each page and between
stages. A RecursionError (objects nested too deeply) or MemoryError inside a stage
becomes a `KompassError`, never a crash.

`extract` is a pure function of the file's bytes and the options: no global state,
no output written, so batch workers can call it in any process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from extractor.errors import DamagedInput, LimitExceeded, NotAReport
from extractor.input.document import Document
from extractor.input.open import read_bytes, read_document
from extractor.input.quality import screen_document
from extractor.layout.rows import document_to_rows
from extractor.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_SECONDS,
    Budget,
    check_size,
)
from extractor.models import Report
from extractor.reconcile.checks import reconcile
from extractor.report.build import rows_to_report
from extractor.report.unreadable import unreadable_findings
from extractor.sanitize import clean_model


@dataclass(frozen=True)
class ExtractOptions:
    """How to read one document. Limits are positive numbers, or None for no limit.

    `max_memory` (bytes) is not enforced by `extract` itself: a library cannot cap
    its own process without capping its caller, so whoever owns the process applies
    it (the batch workers; `kompass extract/check --max-memory`).
    """

    password: str | None = None
    max_pages: int | None = DEFAULT_MAX_PAGES
    max_seconds: float | None = DEFAULT_MAX_SECONDS
    max_bytes: int | None = DEFAULT_MAX_BYTES
    max_memory: int | None = DEFAULT_MAX_MEMORY
    cross_check: bool = False  # re-read every number with pdfplumber (extractor.crosscheck)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if (
                f.name.startswith("max_")
                and value is not None
                and not (isinstance(value, int | float) and not isinstance(value, bool) and value > 0)
            ):
                raise ValueError(f"ExtractOptions.{f.name} must be a positive number or None, not {value!r}")


def extract(path: str | Path, options: ExtractOptions | None = None) -> Report:
    """Read one report and return it with its findings; raises `KompassError`."""
    opts = options or ExtractOptions()
    budget = Budget.start(str(path), opts.max_pages, opts.max_seconds)
    with _contained(str(path)):
        document = read_document(path, password=opts.password, max_bytes=opts.max_bytes, budget=budget)
        report = _document_to_report(document, budget)
        return _cross_checked(report, path) if opts.cross_check else report


def extract_bytes(data: bytes, name: str, options: ExtractOptions | None = None) -> Report:
    opts = options or ExtractOptions()
    budget = Budget.start(name, opts.max_pages, opts.max_seconds)
    check_size(len(data), opts.max_bytes, name)
    with _contained(name):
        document = read_bytes(data, name, password=opts.password, budget=budget)
        report = _document_to_report(document, budget)
        return _cross_checked(report, data) if opts.cross_check else report


def warm_up() -> None:
    """Load once what every extraction needs: the PDF reader (PyMuPDF) and the
    Swedish spaCy pipeline with the gazetteer (about 0.1 s of CPU). A batch calls
    it before it forks its workers, which then inherit all of it."""
    import extractor.input.pdf  # noqa: F401  (imported lazily by read_document)
    from extractor.report.references import build_pipeline

    build_pipeline()


def _cross_checked(report: Report, source: str | Path | bytes) -> Report:
    from extractor.crosscheck import cross_check

    return report.model_copy(update={"findings": [*report.findings, *cross_check(report, source)]})


def _document_to_report(document: Document, budget: Budget) -> Report:
    budget.check()
    document, dropped = screen_document(document)
    rows = document_to_rows(document)
    budget.check()
    try:
        report = rows_to_report(document, rows)
    except NotAReport as exc:
        pages = sum(1 for page in document.unreadable_pages if page in dropped)
        if not pages:
            raise
        raise NotAReport(
            f"{exc.reason}; {pages} page{'s' if pages != 1 else ''} read as garbage "
            "(fonts without a Unicode mapping)",
            path=document.path,
        ) from exc
    budget.check()
    found = unreadable_findings(document, dropped)
    report = report.model_copy(update={"findings": [*report.findings, *found]})
    return clean_model(reconcile(report))


@contextmanager
def _contained(path: str) -> Iterator[None]:
    """Turn the ways a hostile file can exhaust the interpreter or MuPDF into errors."""
    try:
        yield
    except RecursionError as exc:
        raise DamagedInput("objects nested too deeply to read", path=path) from exc
    except MemoryError as exc:
        raise LimitExceeded("out of memory while reading (--max-memory)", path=path) from exc
    except Exception as exc:
        if is_mupdf_out_of_memory(exc):
            raise LimitExceeded("out of memory while reading (--max-memory)", path=path) from exc
        raise


def is_mupdf_out_of_memory(exc: BaseException) -> bool:
    """MuPDF reports a failed allocation (rendering a page for OCR, decoding an
    image) as its own `FzErrorSystem("code=2: malloc (N bytes) failed")`, not as a
    MemoryError. Matched by name so that this module does not import PyMuPDF."""
    return type(exc).__name__ == "FzErrorSystem" and "malloc" in str(exc) and "failed" in str(exc)
