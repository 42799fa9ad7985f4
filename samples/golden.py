"""Write golden/<name>.json for every rendered sample file, from the content JSON only.

Usage:
    .venv/bin/python samples/golden.py

The expected report of a sample is computed from samples/content/<id>.json and the
bytes of the rendered file (sha256, page count); no extractor output is read.

Golden file names: ``golden/<stem>.json`` for the PDFs (``<id>-libreoffice``,
``<id>-reportlab``), ``golden/<id>-docx.json`` for ``samples/<id>.docx`` and
``golden/<id>-text.json`` for the transcript ``samples/<id>.txt``.
``golden/index.json`` maps each sample path to its golden file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = ROOT / "golden"

Content = dict[str, Any]


def percent(printed: str | None) -> int | float | None:
    """'80%' -> 80, '66,7 %' -> 66.7."""
    if printed is None:
        return None
    m = re.fullmatch(r"\s*(\d+(?:[,.]\d+)?)\s*%?\s*", printed)
    if not m:
        raise ValueError(f"unreadable percent {printed!r}")
    value = float(m.group(1).replace(",", "."))
    return int(value) if value.is_integer() else value


FIELD_WORDS = {
    "stated_score": "the stated score (Poäng)",
    "table_total.achieved": "the total row's Uppnått",
    "table_total.max": "the total row's Max",
    "table_total.percent": "the total row's Procent",
    "questions.achieved": "Uppnått",
    "questions.max": "Max",
    "questions.percent": "Procent",
}


def message(f: Content) -> str:
    where = f"Område {f['area']}" + (f", fråga {f['question']}" if f.get("question") else "")
    what = FIELD_WORDS.get(f["field"], f["field"])
    code = f["code"]
    if code == "SUM_MISMATCH":
        text = f"{what} is {f['found']} but the questions add up to {f['expected']}"
    elif code == "HEADING_MISMATCH":
        text = f"the stated score is {f['found']} but the table total is {f['expected']}"
    elif code == "PERCENT_MISMATCH":
        text = f"{what} is printed as {f['found']}% but computes to {f['expected']}%"
    elif code == "SCORE_ABOVE_MAX":
        text = f"achieved {f['found']} is greater than max {f['expected']}"
    elif code == "FRAMEWORK_MISMATCH":
        text = f"max is printed as {f['found']} but the framework gives {f['expected']}"
    else:
        text = f"{what}: expected {f['expected']}, found {f['found']}"
    return f"{where}: {text}"


def findings(c: Content) -> list[Content]:
    out = []
    for f in c.get("expected_findings", []):
        out.append(
            {
                "code": f["code"],
                "severity": f["severity"],
                "area": f["area"],
                "question": f.get("question"),
                "field": f["field"],
                "message": f.get("message") or message(f),
                "expected": f["expected"],
                "found": f["found"],
            }
        )
    for s in c.get("other_score_sets", []):  # a further score set's findings name its criteria
        for f in findings({"expected_findings": s.get("expected_findings", [])}):
            out.append(
                {**f, "message": f"[{s['framework']} scores] {f['message']}", "framework": s["framework"]}
            )
    return out


def areas(c: Content) -> list[Content]:
    overview = {o["number"]: o for o in c["overview"]}
    out = []
    for a in c["areas"]:
        o = overview.get(a["number"])
        questions = [
            {
                "id": q["id"],
                "text": q["text"],
                "achieved": q["achieved"],
                "max": q["max"],
                "percent": percent(q.get("percent_printed")),
            }
            for q in (o["questions"] if o else [])
        ]
        total = o.get("total") if o else None
        out.append(
            {
                "number": a["number"],
                "title": a["title"],
                "title_as_printed": a["title_printed"],
                "stated_score": a["stated_score"],
                "subareas": a["subareas"],
                "questions": questions,
                "table_total": (
                    {
                        "achieved": total["achieved"],
                        "max": total["max"],
                        "percent": percent(total.get("percent_printed")),
                    }
                    if total
                    else None
                ),
                "strengths": a["strengths"],
                "improvements": a["improvements"],
                "weaknesses": a["weaknesses"],
            }
        )
        if "references" in a:  # content not yet annotated makes no claim about references
            out[-1]["references"] = references(a)
    return out


def references(a: Content) -> list[Content]:
    """The other municipalities the area's text cites, as annotated by hand in the
    content (in order of appearance, once per sentence)."""
    return [
        {"municipality": r["municipality"], "as_printed": r.get("as_printed"), "role": r["role"]}
        for r in a["references"]
    ]


def canonical_title(framework: str, number: int) -> str | None:
    """The area's title in the framework's catalogue (None where it has none, as for 2002)."""
    path = ROOT / "extractor" / "catalogue" / "data" / "frameworks" / f"{framework}.json"
    with path.open(encoding="utf-8") as fh:
        return {a["number"]: a["title"] for a in json.load(fh)["areas"]}.get(number)


def other_score_sets(c: Content) -> list[Content]:
    """Further score sets (e.g. the 2002 scores in a change-over report): overview tables
    only, so no stated scores, Rubriker or bullets."""
    out = []
    for s in c.get("other_score_sets", []):
        bare = {"subareas": [], "stated_score": None, "strengths": [], "improvements": [], "weaknesses": []}
        view = {
            "overview": s["overview"],
            "areas": [
                {
                    **bare,
                    "number": o["number"],
                    "title": canonical_title(s["framework"], o["number"]) or o["title_printed"],
                    "title_printed": o["title_printed"],
                }
                for o in s["overview"]
            ],
        }
        out.append({"framework": s["framework"], "heading": s["heading"], "areas": areas(view)})
    return out


def page_count(path: Path) -> int:
    import pymupdf

    with pymupdf.open(str(path)) as doc:
        return int(doc.page_count)


def golden_for(c: Content, sample: Path, kind: str) -> Content:
    return {
        "schema_version": "1",
        "source": {
            "path": f"samples/{sample.name}",
            "sha256": hashlib.sha256(sample.read_bytes()).hexdigest(),
            "pages": page_count(sample) if kind == "pdf" else None,
            "kind": kind,
        },
        "municipality": c["municipality"],
        "municipality_as_printed": c["municipality_printed"],
        "year": c["year"],
        "framework": c["framework"],
        **({"language": c["language"]} if "language" in c else {}),  # only content that names it
        "areas": areas(c),
        "stated_total": c.get("stated_total"),
        **({"other_score_sets": other_score_sets(c)} if c.get("other_score_sets") else {}),
        "findings": findings(c),
    }


def samples_of(cid: str) -> list[tuple[Path, str, str]]:
    """(sample file, kind, golden name) of the files rendered from content <cid>."""
    cands = [
        (HERE / f"{cid}-libreoffice.pdf", "pdf", f"{cid}-libreoffice"),
        (HERE / f"{cid}-reportlab.pdf", "pdf", f"{cid}-reportlab"),
        (HERE / f"{cid}.docx", "docx", f"{cid}-docx"),
        (HERE / f"{cid}.txt", "text", f"{cid}-text"),
    ]
    return [c for c in cands if c[0].exists()]


def round_half_up(achieved: int, max_: int) -> int:
    return (200 * achieved + max_) // (2 * max_)


def computed_findings(c: Content, catalogue: dict[str, int]) -> set[tuple[Any, ...]]:
    """The contradictions the content's numbers contain, by the contract's definitions."""
    out: set[tuple[Any, ...]] = set()
    stated = {a["number"]: a["stated_score"] for a in c["areas"]}
    for o in c["overview"]:
        n, qs, tt = o["number"], o["questions"], o.get("total")
        for q in qs:
            if q["achieved"] > q["max"]:
                out.add(("SCORE_ABOVE_MAX", n, q["id"], "questions.achieved", q["max"], q["achieved"]))
            if q["id"] in catalogue and q["max"] != catalogue[q["id"]]:
                out.add(
                    (
                        "FRAMEWORK_MISMATCH",
                        n,
                        q["id"],
                        "questions.max",
                        catalogue[q["id"]],
                        q["max"],
                    )
                )
            p = percent(q["percent_printed"])
            want = percent_expected(q["achieved"], q["max"], p)
            if p != want:
                out.add(("PERCENT_MISMATCH", n, q["id"], "questions.percent", want, p))
        sum_a, sum_m = sum(q["achieved"] for q in qs), sum(q["max"] for q in qs)
        if tt:
            if tt["achieved"] != sum_a:
                out.add(("SUM_MISMATCH", n, None, "table_total.achieved", sum_a, tt["achieved"]))
            if tt["max"] != sum_m:
                out.add(("SUM_MISMATCH", n, None, "table_total.max", sum_m, tt["max"]))
            p = percent(tt["percent_printed"])
            want = percent_expected(tt["achieved"], tt["max"], p)
            if p != want:
                out.add(("PERCENT_MISMATCH", n, None, "table_total.percent", want, p))
        total = tt["achieved"] if tt else sum_a
        s = stated.get(n)
        if s is not None and s != total:
            out.add(("HEADING_MISMATCH", n, None, "stated_score", total, s))
        elif s is not None and s != sum_a:  # agrees with a total row that is itself wrong
            out.add(("HEADING_MISMATCH", n, None, "stated_score", sum_a, s))
    for a in c["areas"]:  # a score the report does not print: null and a warning
        if a["stated_score"] is None:
            out.add(("UNREADABLE", a["number"], None, "stated_score", None, None))
    scores = [a["stated_score"] for a in c["areas"]]
    if c.get("stated_total") is not None and None not in scores and len(scores) == 8:
        if sum(scores) != c["stated_total"]:
            out.add(("TOTAL_MISMATCH", None, None, "stated_total", sum(scores), c["stated_total"]))
    return out


def percent_expected(achieved: int, max_: int, printed: int | float | None) -> int | float:
    """achieved/max rounded half up to the precision printed ("66,7 %": one decimal)."""
    if isinstance(printed, float):
        return (2000 * achieved + max_) // (2 * max_) / 10
    return round_half_up(achieved, max_)


def check_expected(c: Content, catalogue: dict[str, int]) -> None:
    listed = {
        (f["code"], f["area"], f.get("question"), f["field"], f["expected"], f["found"])
        for f in c.get("expected_findings", [])
    }
    computed = computed_findings(c, catalogue)
    if listed != computed:
        raise SystemExit(
            f"{c['id']}: expected_findings do not match the numbers\n"
            f"  listed only:   {sorted(listed - computed, key=str)}\n"
            f"  computed only: {sorted(computed - listed, key=str)}"
        )
    for s in c.get("other_score_sets", []):  # each further set on its own numbers, no catalogue
        check_expected({"id": f"{c['id']} ({s['framework']} scores)", "areas": [], **s}, {})


def validate(report: Content) -> None:
    """Check the golden file against the report model when the package imports."""
    try:
        sys.path.insert(0, str(ROOT))
        from extractor.models import Report
    except Exception:  # the extractor is optional here
        return
    if "language" not in Report.model_fields:  # a model that does not know the language yet
        report = {k: v for k, v in report.items() if k != "language"}
    Report.model_validate(report)


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    index: dict[str, str] = {}
    # the 2010 maxima, as printed in the real Östersund 2015 report
    with (HERE / "content" / "ostersund-2015.json").open(encoding="utf-8") as fh:
        real = json.load(fh)
    catalogue = {q["id"]: q["max"] for o in real["overview"] for q in o["questions"]}
    for cf in sorted((HERE / "content").glob("*.json")):
        with cf.open(encoding="utf-8") as fh:
            c = json.load(fh)
        check_expected(c, catalogue if c["framework"] == "2010" else {})  # the 2010 catalogue only
        for sample, kind, name in samples_of(c["id"]):
            report = golden_for(c, sample, kind)
            validate(report)
            out = GOLDEN / f"{name}.json"
            out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
            index[f"samples/{sample.name}"] = f"golden/{out.name}"
            print(f"{out.relative_to(ROOT)}\t<- samples/{sample.name}")
    sys.path.insert(0, str(HERE))
    from build import variant_content, variants

    for v in variants():  # layout variants: samples/<id>.pdf from a content file
        with (HERE / "content" / f"{v['content']}.json").open(encoding="utf-8") as fh:
            c = variant_content(json.load(fh), v)
        check_expected(c, catalogue if c["framework"] == "2010" else {})
        sample = HERE / f"{v['id']}.pdf"
        if not sample.exists():
            continue
        report = golden_for(c, sample, "pdf")
        validate(report)
        out = GOLDEN / f"{v['id']}.json"
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        index[f"samples/{sample.name}"] = f"golden/{out.name}"
        print(f"{out.relative_to(ROOT)}\t<- samples/{sample.name}")
    (GOLDEN / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
