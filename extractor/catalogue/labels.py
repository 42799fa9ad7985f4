"""The printed labels (column headings, bullet glyphs, section names) as data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Labels:
    bullet_glyphs: frozenset[str]
    bullet_glyphs_need_space: frozenset[str]
    subarea_heading: tuple[str, ...]
    score_heading: tuple[str, ...]
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    weaknesses: tuple[str, ...]
    achieved: tuple[str, ...]
    max: tuple[str, ...]
    percent: tuple[str, ...]
    overview_heading: tuple[str, ...]
    area_word: tuple[str, ...]
    total_labels: tuple[str, ...]
    toc_heading: tuple[str, ...]


@cache
def labels() -> Labels:
    raw = json.loads(resources.files("extractor.catalogue").joinpath("data/labels.json").read_text("utf-8"))
    raw.pop("_comment", None)
    return Labels(
        bullet_glyphs=frozenset(raw.pop("bullet_glyphs")),
        bullet_glyphs_need_space=frozenset(raw.pop("bullet_glyphs_need_space")),
        **{k: tuple(v) for k, v in raw.items()},
    )
