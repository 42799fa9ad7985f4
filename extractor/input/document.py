"""The read stage's product: a document as positioned text, whatever produced it.

Every reader (PDF, DOCX, text transcript) turns its input into the same `Document`:
pages of `Span`s, each a word or a cell fragment with its box in PDF points, its font
size and weight. Later stages only look at geometry and text, so one set of rules
reads every producer's output. Readers of inputs without pages (text transcripts)
lay their content out on a virtual grid and record the source line instead of a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A run of text with no large gap inside: a word in a PDF, a cell in a transcript.

    A value: never changed after it is made (`dataclasses.replace` makes a changed
    copy); it compares and hashes by its fields. It is not declared frozen because a
    frozen dataclass sets every field through `object.__setattr__`, which makes it
    five times dearer to build, and a page makes hundreds of spans.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool = False
    page: int | None = None  # 1-based; None for inputs without pages
    line: int | None = None  # 1-based source line, for text transcripts
    confidence: float | None = None  # OCR confidence 0..1

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2))


@dataclass(slots=True)
class Page:
    number: int | None  # 1-based; None for the single virtual page of a transcript
    width: float
    height: float
    spans: list[Span] = field(default_factory=list)
    has_text_layer: bool = True


@dataclass(slots=True)
class Document:
    path: str
    kind: Literal["pdf", "pdf-ocr", "docx", "text"]
    sha256: str
    page_count: int | None
    pages: list[Page] = field(default_factory=list)
    unreadable_pages: list[int] = field(default_factory=list)
