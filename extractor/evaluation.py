"""Field-level comparison of an extracted report with its golden file.

Used by the tests (every field must agree) and by `scripts/evaluate.py` (accuracy
figures per field family and layout). Provenance, messages and the evidence lists
are prose or geometry, not facts of the report, and are not compared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

FINDING_KEY = ("code", "severity", "area", "question", "field", "expected", "found", "framework")
_LISTS = ("strengths", "improvements", "weaknesses")
_AREA_NUMBERS = ("stated_score",)


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)


@dataclass
class PR:
    true_pos: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, got: list[Any], want: list[Any]) -> None:
        g, w = Counter(map(_freeze, got)), Counter(map(_freeze, want))
        self.true_pos += sum((g & w).values())
        self.predicted += sum(g.values())
        self.expected += sum(w.values())

    @property
    def precision(self) -> float:
        return self.true_pos / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.expected if self.expected else 1.0


@dataclass
class Comparison:
    numbers: Tally = field(default_factory=Tally)
    stated_scores: Tally = field(default_factory=Tally)
    texts: Tally = field(default_factory=Tally)
    metadata: Tally = field(default_factory=Tally)
    subareas: PR = field(default_factory=PR)
    bullets: PR = field(default_factory=PR)
    findings: PR = field(default_factory=PR)
    references: PR = field(default_factory=PR)  # over (area, municipality, role)
    differences: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not self.differences


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def finding_key(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in FINDING_KEY}


def reference_keys(area: int, references: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """What a cited municipality is compared on: the area, the municipality and its role."""
    return [(area, r["municipality"], r["role"]) for r in references]


def _compare_references(c: Comparison, n: int, got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    g, w = reference_keys(n, got), reference_keys(n, want)
    c.references.add(g, w)
    if Counter(g) != Counter(w):
        missing, unexpected = (
            list((Counter(w) - Counter(g)).elements()),
            list((Counter(g) - Counter(w)).elements()),
        )
        c.differences.append(f"area {n}.references: missing {missing}, unexpected {unexpected}")


def compare(got: dict[str, Any], want: dict[str, Any]) -> Comparison:
    c = Comparison()

    def check(tally: Tally, path: str, a: Any, b: Any) -> None:
        tally.add(a == b)
        if a != b:
            c.differences.append(f"{path}: got {a!r}, want {b!r}")

    for key in ("municipality", "year", "framework", "schema_version"):
        check(c.metadata, key, got.get(key), want.get(key))
    if "language" in want:
        check(c.metadata, "language", got.get("language"), want.get("language"))
    for key in ("kind", "pages", "sha256"):
        check(c.metadata, f"source.{key}", got["source"].get(key), want["source"].get(key))
    check(c.numbers, "stated_total", got.get("stated_total"), want.get("stated_total"))

    got_areas = {a["number"]: a for a in got.get("areas", [])}
    for wa in want.get("areas", []):
        n = wa["number"]
        ga = got_areas.get(n)
        if ga is None:
            c.differences.append(f"area {n}: missing")
            for _ in range(len(wa["questions"]) * 3 + 3):
                c.numbers.add(False)
            c.stated_scores.add(False)
            c.bullets.add([], [x for k in _LISTS for x in wa[k]])
            c.subareas.add([], wa["subareas"])
            c.references.add([], reference_keys(n, wa.get("references") or []))
            continue
        check(c.stated_scores, f"area {n}.stated_score", ga.get("stated_score"), wa.get("stated_score"))
        check(c.texts, f"area {n}.title", ga.get("title"), wa.get("title"))
        check(c.texts, f"area {n}.title_as_printed", ga.get("title_as_printed"), wa.get("title_as_printed"))
        gq = {q["id"]: q for q in ga.get("questions", [])}
        for wq in wa["questions"]:
            q = gq.get(wq["id"], {})
            for key in ("achieved", "max", "percent"):
                check(c.numbers, f"area {n} question {wq['id']}.{key}", q.get(key), wq.get(key))
            check(c.texts, f"area {n} question {wq['id']}.text", q.get("text"), wq.get("text"))
        extra = set(gq) - {q["id"] for q in wa["questions"]}
        if extra:
            c.differences.append(f"area {n}: unexpected questions {sorted(extra)}")
        gt, wt = ga.get("table_total") or {}, wa.get("table_total") or {}
        for key in ("achieved", "max", "percent"):
            check(c.numbers, f"area {n} table_total.{key}", gt.get(key), wt.get(key))
        c.subareas.add(ga.get("subareas", []), wa["subareas"])
        if ga.get("subareas", []) != wa["subareas"]:
            c.differences.append(f"area {n}.subareas: got {ga.get('subareas')}, want {wa['subareas']}")
        for key in _LISTS:
            c.bullets.add([(key, x) for x in ga.get(key, [])], [(key, x) for x in wa[key]])
            if ga.get(key, []) != wa[key]:
                c.differences.append(f"area {n}.{key}: got {ga.get(key)}, want {wa[key]}")
        if "references" in wa:
            _compare_references(c, n, ga.get("references", []), wa["references"])
    extra_areas = set(got_areas) - {a["number"] for a in want.get("areas", [])}
    if extra_areas:
        c.differences.append(f"unexpected areas {sorted(extra_areas)}")

    got_sets = got.get("other_score_sets", [])
    want_sets = want.get("other_score_sets", [])
    if len(got_sets) != len(want_sets):
        c.differences.append(f"other_score_sets: got {len(got_sets)}, want {len(want_sets)}")
    for k, (gs, ws) in enumerate(zip(got_sets, want_sets, strict=False)):
        check(c.metadata, f"score set {k}.framework", gs.get("framework"), ws.get("framework"))
        got_set_areas = {a["number"]: a for a in gs.get("areas", [])}
        for wa in ws.get("areas", []):
            ga = got_set_areas.get(wa["number"], {})
            gq = {q["id"]: q for q in ga.get("questions", [])}
            for wq in wa.get("questions", []):
                for key in ("achieved", "max", "percent"):
                    path = f"score set {k} area {wa['number']} question {wq['id']}.{key}"
                    check(c.numbers, path, gq.get(wq["id"], {}).get(key), wq.get(key))
            gt, wt = ga.get("table_total") or {}, wa.get("table_total") or {}
            for key in ("achieved", "max", "percent"):
                path = f"score set {k} area {wa['number']} table_total.{key}"
                check(c.numbers, path, gt.get(key), wt.get(key))

    gf = [finding_key(f) for f in got.get("findings", [])]
    wf = [finding_key(f) for f in want.get("findings", [])]
    c.findings.add(gf, wf)
    if Counter(map(_freeze, gf)) != Counter(map(_freeze, wf)):
        missing = [f for f in wf if f not in gf]
        unexpected = [f for f in gf if f not in wf]
        c.differences.append(f"findings: missing {missing}, unexpected {unexpected}")
    return c
