"""Reading does not depend on the order in which a producer draws its text.

A PDF's words reach the reader in content-stream order, which differs between
producers (a running header drawn last, table cells column by column, text drawn in
reverse). Shuffling every page's words simulates any such order: the report must
come out the same."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from extractor.input.open import read_document
from extractor.input.quality import screen_document
from extractor.layout.rows import document_to_rows
from extractor.output.json import report_to_dict
from extractor.reconcile.checks import reconcile
from extractor.report.build import rows_to_report


def _report(document):  # type: ignore[no-untyped-def]
    document, _ = screen_document(document)
    report = reconcile(rows_to_report(document, document_to_rows(document)))
    data = report_to_dict(report)
    data.pop("source")
    return data


@pytest.mark.parametrize(
    "sample", ["samples/ostersund-2015-libreoffice.pdf", "samples/vasteras-2013-reportlab.pdf"]
)
def test_shuffled_drawing_order_gives_the_same_report(sample: str) -> None:
    document = read_document(sample)
    rng = random.Random(2015)
    pages = []
    for page in document.pages:
        spans = list(page.spans)
        rng.shuffle(spans)
        pages.append(replace(page, spans=spans))
    shuffled = replace(document, pages=pages)
    assert _report(shuffled) == _report(document)
