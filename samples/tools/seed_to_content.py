"""One-off conversion of the real Östersund 2015 transcript into samples/content JSON.

Usage:
    .venv/bin/python samples/tools/seed_to_content.py samples/ostersund-2015.txt \\
        > samples/content/ostersund-2015.json

The transcript has conversion artefacts (HTML list fragments inside table cells,
markdown separator rows, paragraphs split at page breaks). This script removes
them; its output was then read against the transcript and corrected by hand
where needed, so samples/content/ostersund-2015.json is the reference, not this
script's raw output.
"""

from __future__ import annotations

import json
import re
import sys

TAG = re.compile(r"<[^>]+>")

CANONICAL = {
    1: "Offentlighet och demokrati",
    2: "Tillgänglighet och brukarorientering",
    3: "Politisk styrning och kontroll",
    4: "Ledarskap, ansvar och delegation",
    5: "Resultat och effektivitet",
    6: "Kommunen som arbetsgivare - personalpolitik",
    7: "Verksamhetsutveckling",
    8: "Kommunen som samhällsbyggare",
}


def cell_items(cell: str) -> list[str]:
    text = TAG.sub(" ", cell)
    return [i.strip() for i in text.split("•") if i.strip()]


def is_subheading(line: str) -> bool:
    return (
        len(line) < 95
        and not line.startswith("- ")
        and line[-1] not in '.:!?”"»'
        and not line.startswith("”")
    )


def blocks_from(lines: list[str]) -> list[dict]:
    """Paragraphs, bullet lists and subheadings of a run of non-blank lines."""
    blocks: list[dict] = []
    for n, line in enumerate(lines):
        followed_by_list = n + 1 < len(lines) and lines[n + 1].startswith("- ")
        if line.startswith("- "):
            if blocks and blocks[-1]["type"] == "bullets":
                blocks[-1]["items"].append(line[2:].strip())
            else:
                blocks.append({"type": "bullets", "items": [line[2:].strip()]})
            continue
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            and prev["type"] == "paragraph"
            and prev["text"][-1].isalpha()
            and line[0].islower()
        ):
            # paragraph split at a page break in the transcript
            prev["text"] += " " + line
            continue
        if is_subheading(line) and not followed_by_list:
            blocks.append({"type": "subheading", "text": line})
        else:
            blocks.append({"type": "paragraph", "text": line})
    return blocks


def sections_from(blocks: list[dict]) -> list[dict]:
    sections: list[dict] = []
    for b in blocks:
        if b["type"] == "subheading":
            sections.append({"heading": b["text"], "blocks": []})
        else:
            if not sections:
                sections.append({"heading": None, "blocks": []})
            sections[-1]["blocks"].append(b)
    return sections


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    lines = [ln.rstrip() for ln in raw]
    lines = [ln if ln.strip() else "" for ln in lines]
    lines = [ln for ln in lines if not re.fullmatch(r"-{2,}(\t-{2,})*\s*", ln.strip())]

    idx = {ln: i for i, ln in enumerate(lines)}
    ch1 = idx["1 Vad är Kommunkompassen?"]
    ch2 = next(i for i, ln in enumerate(lines) if ln.startswith("2 Östersunds kommun"))
    ch3 = next(i for i, ln in enumerate(lines) if ln.startswith("3 Detaljerad"))
    ch4 = idx["4. Översikt av poängfördelning"]
    area_starts = [i for i, ln in enumerate(lines) if re.match(r"Område \d ", ln)]

    def nonblank(a: int, b: int) -> list[str]:
        return [ln.strip() for ln in lines[a:b] if ln.strip()]

    intro = []
    for start, end in ((ch1, ch2), (ch2, ch3)):
        body = blocks_from(nonblank(start + 1, end))
        intro.append({"heading": lines[start].strip(), "blocks": body})
    # the two diagrams of chapter 2 are images in the report
    ch2_blocks = intro[1]["blocks"]
    out_blocks = []
    for b in ch2_blocks:
        out_blocks.append(b)
        if b["type"] == "paragraph" and b["text"].startswith("Nedan visas"):
            out_blocks.append({"type": "chart", "kind": "scores_table"})
        if b["type"] == "paragraph" and b["text"].startswith("I nedanstående"):
            out_blocks.append({"type": "chart", "kind": "scores_bars"})
    intro[1]["blocks"] = out_blocks

    areas = []
    bounds = area_starts + [ch4]
    for k, start in enumerate(area_starts):
        end = bounds[k + 1]
        seg = nonblank(start, end)
        m = re.match(r"Område (\d) (.+)", seg[0])
        number, title_printed = int(m.group(1)), m.group(2)
        assert seg[1] == "Rubriker\tPoäng", seg[1]
        left, right = seg[2].split("\t")
        subareas = cell_items(left)
        score = int(TAG.sub("", right).strip())
        ti = seg.index("Styrkor\tFörbättringsmöjligheter\tSvagheter")
        narrative_lines = seg[3:ti]
        row = seg[ti + 1]
        cells = row.split("\t") + ["", "", ""]
        narrative = sections_from(blocks_from(narrative_lines))
        assert ti + 2 == len(seg), seg[ti + 2 :]
        areas.append(
            {
                "number": number,
                "title_printed": title_printed,
                "title": CANONICAL[number],
                "subareas": subareas,
                "stated_score": score,
                "narrative": narrative,
                "strengths": cell_items(cells[0]),
                "improvements": cell_items(cells[1]),
                "weaknesses": cell_items(cells[2]),
            }
        )

    ov_lines = [ln for ln in lines[ch4 + 1 :] if ln.strip()]
    overview_intro = ov_lines[0].strip()
    overview = []
    for ln in ov_lines[1:]:
        parts = ln.split("\t")
        if re.fullmatch(r"\d\.", parts[0]):
            overview.append({"number": int(parts[0][:-1]), "title_printed": parts[1], "questions": []})
        elif parts[0] == "" and parts[1] == "":
            overview[-1]["total"] = {
                "achieved": int(parts[2]),
                "max": int(parts[3]),
                "percent_printed": parts[4],
            }
        else:
            overview[-1]["questions"].append(
                {
                    "id": parts[0],
                    "text": parts[1],
                    "achieved": int(parts[2]),
                    "max": int(parts[3]),
                    "percent_printed": parts[4],
                }
            )

    content = {
        "id": "ostersund-2015",
        "description": "The real Östersund 2015 report, transcribed from its PDF.",
        "municipality_printed": "ÖSTERSUNDS KOMMUN",
        "municipality": "Östersund",
        "year": 2015,
        "framework": "2010",
        "header_text": "Sveriges Kommuner och Landsting 2016-01-20",
        "title_lines": ["KommunKompassen", "ANALYS AV", "ÖSTERSUNDS KOMMUN", "2015"],
        "intro": intro,
        "areas_heading": lines[ch3].strip(),
        "areas": areas,
        "overview_heading": lines[ch4].strip(),
        "overview_intro": overview_intro,
        "overview": overview,
        "stated_total": None,
        "expected_findings": [
            {
                "code": "SUM_MISMATCH",
                "severity": "error",
                "area": 1,
                "question": None,
                "field": "table_total.achieved",
                "expected": 70,
                "found": 68,
            },
            {
                "code": "HEADING_MISMATCH",
                "severity": "error",
                "area": 1,
                "question": None,
                "field": "stated_score",
                "expected": 68,
                "found": 70,
            },
            {
                "code": "PERCENT_MISMATCH",
                "severity": "error",
                "area": 4,
                "question": None,
                "field": "table_total.percent",
                "expected": 71,
                "found": 70,
            },
        ],
    }
    json.dump(content, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
