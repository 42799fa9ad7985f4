"""The criteria versions (2002, 2010, 2016, 2020) as data, and matching against them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, utils

VERSIONS = ("2002", "2010", "2016", "2020")
# A printed title names a catalogue area when rapidfuzz's token-set ratio of the
# two, after case and punctuation folding, is at least this. Titles of different
# areas of one version score below 60 against each other; drifted spellings of one
# title ("Kommun som samhällsbyggare", dash or comma variants) score above 85.
TITLE_MATCH = 80.0


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    text: str
    max: int


@dataclass(frozen=True)
class AreaSpec:
    number: int
    title: str | None
    variants: tuple[str, ...]
    max: int
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class Framework:
    version: str
    years: tuple[int, int]
    area_max: int
    total_max: int
    questions_known: bool
    areas: tuple[AreaSpec, ...]

    def area(self, number: int) -> AreaSpec | None:
        return next((a for a in self.areas if a.number == number), None)

    def question(self, qid: str) -> QuestionSpec | None:
        return next((q for a in self.areas for q in a.questions if q.id == qid), None)


@cache
def framework(version: str) -> Framework:
    raw = json.loads(
        resources.files("extractor.catalogue").joinpath(f"data/frameworks/{version}.json").read_text("utf-8")
    )
    return Framework(
        version=raw["version"],
        years=(raw["years"][0], raw["years"][1]),
        area_max=raw["area_max"],
        total_max=raw["total_max"],
        questions_known=raw["questions_known"],
        areas=tuple(
            AreaSpec(
                number=a["number"],
                title=a["title"],
                variants=tuple(a["variants"]),
                max=a["max"],
                questions=tuple(QuestionSpec(q["id"], q["text"], q["max"]) for q in a["questions"]),
            )
            for a in raw["areas"]
        ),
    )


def frameworks() -> list[Framework]:
    return [framework(v) for v in VERSIONS]


def normalise_title(text: str) -> str:
    text = re.sub(r"[-–—,/]", " ", text)
    return utils.default_process(text)


@cache
def _catalogue_names(area: AreaSpec) -> tuple[str, ...]:
    """The area's title and variants, normalised: worked out once per catalogue area
    (an `AreaSpec` is a frozen part of the cached catalogue) instead of once per
    printed title compared with them."""
    return tuple(normalise_title(n) for n in (area.title, *area.variants) if n)


def title_score(printed: str, area: AreaSpec) -> float:
    names = _catalogue_names(area)
    if not names or not printed.strip():
        return 0.0
    p = normalise_title(printed)
    return max(fuzz.token_set_ratio(p, n) for n in names)


def match_area(printed: str, fw: Framework) -> tuple[AreaSpec | None, float]:
    """The area of `fw` a printed title names, with its score; None below TITLE_MATCH."""
    scored = [(title_score(printed, a), a) for a in fw.areas]
    if not scored:
        return None, 0.0
    score, area = max(scored, key=lambda t: t[0])
    return (area, score) if score >= TITLE_MATCH else (None, score)


def version_for_year(year: int) -> str | None:
    for fw in frameworks():
        lo, hi = fw.years
        if lo <= year <= hi and not (fw.version == "2002" and year == 2010):
            return fw.version
    return None


def detect_version(year: int | None, titles: dict[int, str]) -> tuple[str | None, list[str]]:
    """The criteria version of a report, and the evidence in words.

    Area titles are the criteria themselves, so they win over the year where they
    clearly point to a version; the year decides between versions whose titles are
    alike or unknown (2002 titles are not in the catalogue).
    """
    evidence: list[str] = []
    by_year = version_for_year(year) if year is not None else None
    if by_year:
        evidence.append(f"year {year} falls in the {by_year} criteria period")
    scores: dict[str, float] = {}
    for fw in frameworks():
        if fw.version == "2002" or not titles:
            continue
        per_area = [title_score(t, a) for n, t in titles.items() if (a := fw.area(n)) is not None]
        if per_area:
            scores[fw.version] = sum(per_area) / len(per_area)
    by_titles = None
    if scores:
        best = max(scores.values())
        leaders = [v for v, s in scores.items() if s >= best - 0.5]
        if best >= TITLE_MATCH:
            if by_year in leaders:
                by_titles = by_year
            elif len(leaders) == 1:
                by_titles = leaders[0]
            evidence.append(
                "area titles match "
                + ", ".join(f"{v} ({scores[v]:.0f})" for v in sorted(scores, key=lambda v: -scores[v]))
            )
    if by_titles and by_year and by_titles != by_year:
        if by_year == "2002" and by_titles == "2010":
            evidence.append("2002 titles are not catalogued; the year decides: 2002")
            return "2002", evidence
        evidence.append(f"the area titles ({by_titles}) win over the year ({by_year})")
        return by_titles, evidence
    version = by_titles or by_year
    return version, evidence
