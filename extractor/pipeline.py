"""The one place that knows the order of the stages.

    read (input/)  ->  layout (layout/)  ->  report (report/)  ->  reconcile (reconcile/)

`extract` is a pure function of the file's bytes and the options: no global state,
no output written, so batch workers can call it in any process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.input.open import read_bytes, read_document
from extractor.layout.rows import document_to_rows
from extractor.models import Report
from extractor.reconcile.checks import reconcile
from extractor.report.build import rows_to_report


@dataclass(frozen=True)
class ExtractOptions:
    password: str | None = None


def extract(path: str | Path, options: ExtractOptions | None = None) -> Report:
    """Read one report and return it with its findings; raises `KompassError`."""
    opts = options or ExtractOptions()
    document = read_document(path, password=opts.password)
    return reconcile(rows_to_report(document, document_to_rows(document)))


def extract_bytes(data: bytes, name: str, options: ExtractOptions | None = None) -> Report:
    opts = options or ExtractOptions()
    document = read_bytes(data, name, password=opts.password)
    return reconcile(rows_to_report(document, document_to_rows(document)))
