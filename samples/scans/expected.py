"""What a scan of some pages of a sample must give, from the sample's golden file.

A scan holds only some pages of its source (see `build_scans.py`), so its expected
report is the golden file cut down to those pages: every number of the overview
(all its pages are scanned), the stated score and the bullets of the areas whose own
section is scanned (`sections`), and the golden findings that rest only on those.
Used by `tests/test_ocr.py` and `scripts/ocr_benchmark.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
INDEX = Path(__file__).resolve().parent / "index.json"
_LISTS = ("strengths", "improvements", "weaknesses")


def scans() -> dict[str, dict[str, Any]]:
    return dict(json.loads(INDEX.read_text("utf-8")))


@dataclass
class ScanScore:
    numbers_right: int = 0
    numbers_null: int = 0  # null with an UNREADABLE (or MISSING_QUESTION) warning
    numbers_wrong: list[str] = field(default_factory=list)  # a value other than printed, or a silent null
    findings_missing: list[tuple[Any, ...]] = field(default_factory=list)
    findings_unexpected: list[tuple[Any, ...]] = field(default_factory=list)  # errors only
    unreadable: int = 0  # UNREADABLE warnings about numbers
    bullets_right: int = 0
    bullets_total: int = 0
    texts_right: int = 0  # question texts exactly as printed
    texts_total: int = 0
    wrong_texts: list[str] = field(default_factory=list)  # "want | got", bullets and questions

    @property
    def numbers_total(self) -> int:
        return self.numbers_right + self.numbers_null + len(self.numbers_wrong)


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["code"], f["severity"], f.get("area"), f.get("question"), f.get("field"))


def score(got: dict[str, Any], golden: dict[str, Any], sections: list[int]) -> ScanScore:
    s = ScanScore()
    unreadable = {
        (f.get("area"), f.get("question"), f.get("field"))
        for f in got["findings"]
        if f["code"] == "UNREADABLE" and f.get("field")
    }
    s.unreadable = sum(1 for a, q, fld in unreadable if fld and fld != "strengths")
    missing = {(f.get("area"), f.get("question")) for f in got["findings"] if f["code"] == "MISSING_QUESTION"}

    def check(name: str, value: Any, want: Any, area: int, question: str | None, fld: str) -> None:
        if value == want:
            s.numbers_right += 1
        elif value is None and ((area, question, fld) in unreadable or (area, question) in missing):
            s.numbers_null += 1
        else:
            s.numbers_wrong.append(f"{name}: got {value!r}, printed {want!r}")

    got_areas = {a["number"]: a for a in got["areas"]}
    for wa in golden["areas"]:
        n = wa["number"]
        ga = got_areas.get(n, {"questions": [], "table_total": None, "stated_score": None})
        gq = {q["id"]: q for q in ga["questions"]}
        for wq in wa["questions"]:
            q = gq.get(wq["id"], {})
            for k in ("achieved", "max", "percent"):
                check(f"{n} {wq['id']}.{k}", q.get(k), wq[k], n, wq["id"], f"questions.{k}")
            s.texts_total += 1
            if q.get("text") == wq["text"]:
                s.texts_right += 1
            else:
                s.wrong_texts.append(f"{n} {wq['id']}: printed {wq['text']!r}, got {q.get('text')!r}")
        gt, wt = ga.get("table_total") or {}, wa.get("table_total") or {}
        for k in ("achieved", "max", "percent"):
            if wt.get(k) is not None:
                check(f"{n} total.{k}", gt.get(k), wt[k], n, None, f"table_total.{k}")
        if n in sections:
            check(f"{n} stated_score", ga.get("stated_score"), wa["stated_score"], n, None, "stated_score")
            for key in _LISTS:
                have = list(ga.get(key, []))
                for item in wa[key]:
                    s.bullets_total += 1
                    if item in have:
                        have.remove(item)
                        s.bullets_right += 1
                    else:
                        s.wrong_texts.append(f"{n} {key}: printed {item!r}, not read")
                s.wrong_texts += [f"{n} {key}: read {item!r}, not printed" for item in have]

    def rests_on_scanned(f: dict[str, Any]) -> bool:
        return f.get("field") != "stated_score" or f.get("area") in sections

    want = [_key(f) for f in golden["findings"] if rests_on_scanned(f)]
    have = [_key(f) for f in got["findings"]]
    s.findings_missing = [k for k in want if k not in have]
    s.findings_unexpected = [k for k in have if k[1] == "error" and k not in want]
    return s
