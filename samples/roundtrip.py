"""Round trip: random report content, rendered by the sample builder, extracted again.

Used by tests/test_roundtrip.py (a bounded number of hypothesis examples) and by
scripts/evaluate.py (as many as asked). The content starts from
samples/content/falun-2012.json (its title page, area titles, sub-areas and question
maxima) and draws everything else: the points of every question, the total rows and
stated scores (adding up or not), percentages (right or off by one), bullet lists
with å/ä/ö (long, wrapping, or empty) and long question texts; the layout is a
random combination of the builder's VARIANT_OPTIONS. The expected report is the
golden computation of samples/golden.py, findings included.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import build  # noqa: E402  (the sample builder, beside this file)

import golden  # noqa: E402

Content = dict[str, Any]

_LETTERS = "abcdefghijklmnoprstuvyåäö"
# Words of two or more letters: a lone "o" at a line start would be a bullet glyph,
# and nothing here starts with a digit, a dash or a bullet.
_WORD = st.text(alphabet=_LETTERS, min_size=2, max_size=11)
_LONG_WORD = st.text(alphabet="abdefgiklmnorstuvåäö", min_size=14, max_size=18)


def _sentence(min_words: int, max_words: int, long_words: bool = False) -> st.SearchStrategy[str]:
    word = st.one_of(_WORD, _LONG_WORD) if long_words else _WORD
    return st.lists(word, min_size=min_words, max_size=max_words).map(
        lambda ws: " ".join([ws[0].capitalize(), *ws[1:]])
    )


def _base() -> Content:
    with (HERE / "content" / "falun-2012.json").open(encoding="utf-8") as fh:
        c: Content = json.load(fh)
    # Short chapters keep the documents small and the round trip fast.
    for ch in c["intro"]:
        ch["blocks"] = [b for b in ch["blocks"] if b["type"] == "paragraph"][:1]
    for a in c["areas"]:
        a["narrative"] = [{"heading": "Allmänt", "blocks": a["narrative"][0]["blocks"][:1]}]
        a.pop("references", None)  # cited municipalities are not what this checks
    return c


BASE = _base()
CATALOGUE = {
    q["id"]: q["max"]
    for o in json.loads((HERE / "content" / "ostersund-2015.json").read_text("utf-8"))["overview"]
    for q in o["questions"]
}


@st.composite
def contents(draw: st.DrawFn) -> Content:
    """Random report content in the content schema (see samples/README.md)."""
    c = copy.deepcopy(BASE)
    c["id"] = "roundtrip"
    long_words = draw(st.booleans())
    for area, o in zip(c["areas"], c["overview"], strict=True):
        for key in ("strengths", "improvements", "weaknesses"):
            area[key] = draw(st.lists(_sentence(1, 14, long_words), min_size=0, max_size=5))
        for q in o["questions"]:
            q["achieved"] = draw(st.integers(0, q["max"]))
        over = draw(st.integers(-4, len(o["questions"]) - 1))  # now and then one above max
        if over >= 0 and sum(q["achieved"] for q in o["questions"]) < 90:
            o["questions"][over]["achieved"] = o["questions"][over]["max"] + 1
        for q in o["questions"]:
            if draw(st.integers(0, 3)) == 0:
                q["text"] = draw(_sentence(12, 30)) + "?"
            right = golden.round_half_up(q["achieved"], q["max"])
            q["percent_printed"] = f"{max(0, right + draw(st.sampled_from([0, 0, 0, 1, -1])))}%"
        achieved = sum(q["achieved"] for q in o["questions"])
        o["total"]["achieved"] = achieved + draw(st.sampled_from([0, 0, 0, 2]))
        o["total"]["max"] = sum(q["max"] for q in o["questions"])
        tt = o["total"]
        tt["percent_printed"] = f"{golden.round_half_up(tt['achieved'], tt['max'])}%"
        area["stated_score"] = max(0, tt["achieved"] + draw(st.sampled_from([0, 0, 0, -3])))
    c["stated_total"] = None
    c["expected_findings"] = []
    return c


@st.composite
def layouts(draw: st.DrawFn) -> Content:
    """A random combination of the builder's layout options."""
    drop = draw(st.lists(st.integers(1, 8), max_size=2, unique=True))
    # A summary states every area's score, so it goes only with reports that print them.
    summary = None if drop else draw(st.sampled_from([None, "text", "table"]))
    return {
        "cell_glyph": draw(st.sampled_from(["▪", "•", "–", "-", "o", "num"])),
        "subarea_glyph": draw(st.sampled_from([None, "•", "-", "num"])),
        "text_glyph": draw(st.sampled_from(["•", "▪", "–"])),
        "score": draw(st.sampled_from(["table", "heading", "points"])),
        "bullets": draw(st.sampled_from(["table", "rows", "lists"])),
        "repeat_header": draw(st.booleans()),
        "push_bullets": draw(st.booleans()),
        "split_in_row": draw(st.booleans()),
        "overview": draw(st.sampled_from(["tables", "headerless", "long"])),
        "total_label": draw(st.sampled_from([None, "Summa", "Totalt"])),
        "question_width_cm": draw(st.sampled_from([None, 6.5, 8.0])),  # wraps 2-3 lines
        "ligatures": draw(st.booleans()),
        "hyphenate": draw(st.booleans()),
        "percent_style": draw(st.sampled_from([None, "space", "nbsp", "bare", "decimal"])),
        "drop_score": drop,
        "summary": summary,
        "stated_total_offset": None if summary is None else draw(st.sampled_from([0, 0, 5])),
        "two_columns": draw(st.booleans()),  # the narrative in two balanced columns
    }


_SEVERITY = {"UNREADABLE": "warning"}


def expected(c: Content, layout: Content) -> Content:
    """The variant's content with the expected findings golden.py computes."""
    c = build.variant_content(c, {"id": c["id"], "options": layout})
    c["expected_findings"] = [
        {
            "code": code,
            "severity": _SEVERITY.get(code, "error"),
            "area": area,
            "question": question,
            "field": field,
            "expected": want,
            "found": found,
        }
        for code, area, question, field, want, found in sorted(
            golden.computed_findings(c, CATALOGUE), key=str
        )
    ]
    return c


def round_trip(c: Content, layout: Content) -> tuple[Any, Content, Content]:
    """Render `c` in `layout`, extract it; (comparison, extracted, expected)."""
    from extractor import extract
    from extractor.evaluation import compare
    from extractor.output.json import report_to_dict

    want_content = expected(c, layout)
    with tempfile.TemporaryDirectory(prefix="kk-roundtrip-") as tmp:
        pdf = Path(tmp) / "roundtrip.pdf"
        build.build_reportlab(want_content, layout, pdf)
        got = report_to_dict(extract(str(pdf)))
        want = golden.golden_for(want_content, pdf, "pdf")
    got["source"]["path"] = want["source"]["path"]
    return compare(got, want), got, want
