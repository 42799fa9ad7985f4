"""The report model: what `extract` returns and what the JSON contract describes.

Glossary of the Swedish labels the fields come from:

- Område = area, Rubriker = subareas, Poäng = stated score
- Översikt av poängfördelning = the overview table (questions)
- Uppnått = achieved, Max = max, Procent = percent
- Styrkor = strengths, Förbättringsmöjligheter / Förbättringsområden = improvements,
  Svagheter = weaknesses

The model knows nothing about JSON files or the command line; serialisers live in
`extractor.output`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

SourceKind = Literal["pdf", "pdf-ocr", "docx", "text"]
FrameworkVersion = Literal["2002", "2010", "2016", "2020"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Model):
    """Where a value was read: a 1-based page and a box in PDF points.

    Text transcripts have no pages; their values carry the 1-based source `line`.
    """

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None
    confidence: float | None = Field(
        default=None, description="OCR confidence 0..1, only for values read by OCR"
    )
    as_read: str | None = Field(
        default=None,
        description="set on a text read by OCR that is given as the criteria catalogue's text it "
        "matched (rapidfuzz ratio >= 90, same words), or on a question id OCR misread that is "
        "given by the row's place in its table ('1.4' right after 7.3): the text as OCR read it",
    )


class Source(_Model):
    path: str
    sha256: str
    pages: int | None
    kind: SourceKind


class Question(_Model):
    id: str
    text: str
    achieved: int | None
    max: int | None
    percent: int | float | None
    provenance: dict[str, Provenance] = Field(default_factory=dict)


class TableTotal(_Model):
    achieved: int | None
    max: int | None
    percent: int | float | None
    provenance: dict[str, Provenance] = Field(default_factory=dict)


ReferenceRole = Literal["example", "mention"]


class Reference(_Model):
    """Another municipality named in an area's text: held up as a model (`example`,
    "Här kan Karlstad vara ett intressant exempel") or only named (`mention`)."""

    municipality: str = Field(description="nominative name from the gazetteer, e.g. 'Dals-Ed'")
    as_printed: str | None = Field(default=None, description="the name as printed, e.g. 'Dals Ed', 'Krokoms'")
    sentence: str | None = Field(default=None, description="the sentence (or bullet) it stands in")
    role: ReferenceRole
    provenance: Provenance = Field(default_factory=Provenance, description="where the name stands")


class Area(_Model):
    number: int
    title: str
    title_as_printed: str | None
    stated_score: int | None
    subareas: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    table_total: TableTotal | None = None
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(
        default_factory=list, description="other municipalities the area's text cites, in reading order"
    )
    provenance: dict[str, Provenance] = Field(default_factory=dict)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingCode(StrEnum):
    SUM_MISMATCH = "SUM_MISMATCH"
    HEADING_MISMATCH = "HEADING_MISMATCH"
    PERCENT_MISMATCH = "PERCENT_MISMATCH"
    SCORE_ABOVE_MAX = "SCORE_ABOVE_MAX"
    TOTAL_MISMATCH = "TOTAL_MISMATCH"
    FRAMEWORK_MISMATCH = "FRAMEWORK_MISMATCH"
    MISSING_AREA = "MISSING_AREA"
    MISSING_QUESTION = "MISSING_QUESTION"
    UNREADABLE = "UNREADABLE"


class Finding(_Model):
    code: FindingCode
    severity: Severity
    area: int | None = None
    question: str | None = None
    message: str
    expected: float | int | str | None = None
    found: float | int | str | None = None
    field: str | None = Field(
        default=None, description="which value the finding is about, e.g. 'table_total.achieved'"
    )
    locations: list[Provenance] = Field(
        default_factory=list, description="where the contradicting values stand"
    )
    framework: FrameworkVersion | None = Field(
        default=None,
        description="set on findings about an additional score set (see other_score_sets)",
    )


class ScoreSet(_Model):
    """A second set of scores in one report, e.g. the old criteria's scores printed
    beside the new ones in a change-over year. Reconciled on its own."""

    framework: FrameworkVersion | None
    heading: str | None = Field(default=None, description="the set's section heading as printed")
    areas: list[Area] = Field(default_factory=list)
    provenance: dict[str, Provenance] = Field(default_factory=dict)


class Report(_Model):
    schema_version: Literal["1"] = "1"
    source: Source
    municipality: str | None
    municipality_as_printed: str | None = None
    year: int | None
    framework: FrameworkVersion | None
    language: Literal["sv", "nb", "nn"] | None = Field(
        default=None,
        description="sv (Kommunkompassen), nb or nn (Norwegian Kommunekompasset, Bokmål or Nynorsk)",
    )
    framework_evidence: list[str] = Field(
        default_factory=list, description="what the criteria version was decided from"
    )
    areas: list[Area] = Field(default_factory=list)
    stated_total: int | None = None
    other_score_sets: list[ScoreSet] = Field(
        default_factory=list, description="further score sets, each labelled by criteria version"
    )
    findings: list[Finding] = Field(default_factory=list)
    provenance: dict[str, Provenance] = Field(default_factory=dict)

    def area(self, number: int) -> Area | None:
        return next((a for a in self.areas if a.number == number), None)
