"""Field-level accuracy of the extractor over every sample with a golden file.

Usage:
    .venv/bin/python scripts/evaluate.py [--roundtrip N] [--verbose]

Runs `extract` on each sample of golden/index.json, compares it with its golden file
(extractor/evaluation.py `compare`) and prints, per producer and per layout variant
and over all samples: numbers (Uppnått/Max/Procent of questions and total rows, and
the stated total), stated scores, bullet items (precision and recall of exact item
texts), sub-areas, metadata, findings (precision and recall). `--roundtrip N` adds N
random reports rendered by the sample builder in random layout variants
(samples/roundtrip.py, hypothesis) as a group of their own. Not a test: it prints
figures and always exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from extractor import extract  # noqa: E402
from extractor.evaluation import PR, Comparison, Tally, compare  # noqa: E402
from extractor.output.json import report_to_dict  # noqa: E402


def variants() -> dict[str, dict[str, Any]]:
    path = ROOT / "samples" / "variants.json"
    if not path.exists():
        return {}
    return {v["id"]: v for v in json.loads(path.read_text("utf-8"))["variants"]}


def groups_of(sample: str, known: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """(producer, layout) of a sample file."""
    stem = Path(sample).stem
    if stem in known:
        return known[stem]["producer"], stem
    if sample.endswith(".docx"):
        return "docx (python-docx)", "standard"
    if sample.endswith(".txt"):
        return "text transcript", "standard"
    for producer in ("libreoffice", "reportlab"):
        if stem.endswith(f"-{producer}"):
            return producer, "standard"
    return "other", "standard"


class Totals:
    def __init__(self) -> None:
        self.samples = 0
        self.perfect = 0
        self.tallies: dict[str, Tally] = defaultdict(Tally)
        self.prs: dict[str, PR] = defaultdict(PR)

    def add(self, c: Comparison) -> None:
        self.samples += 1
        self.perfect += int(c.perfect)
        for key in ("numbers", "stated_scores", "metadata", "texts"):
            t = getattr(c, key)
            self.tallies[key].right += t.right
            self.tallies[key].total += t.total
        for key in ("bullets", "subareas", "findings"):
            p = getattr(c, key)
            self.prs[key].true_pos += p.true_pos
            self.prs[key].predicted += p.predicted
            self.prs[key].expected += p.expected

    def cells(self) -> list[str]:
        def pct(right: int, total: int) -> str:
            return f"{100 * right / total:6.2f}" if total else "     -"

        t, p = self.tallies, self.prs
        return [
            f"{self.perfect}/{self.samples}",
            pct(t["numbers"].right, t["numbers"].total),
            pct(t["stated_scores"].right, t["stated_scores"].total),
            f"{pct(p['bullets'].true_pos, p['bullets'].predicted)}/{pct(p['bullets'].true_pos, p['bullets'].expected)}",
            f"{pct(p['subareas'].true_pos, p['subareas'].predicted)}/{pct(p['subareas'].true_pos, p['subareas'].expected)}",
            pct(t["metadata"].right, t["metadata"].total),
            f"{pct(p['findings'].true_pos, p['findings'].predicted)}/{pct(p['findings'].true_pos, p['findings'].expected)}",
            f"{t['numbers'].total}/{p['bullets'].expected}/{p['findings'].expected}",
        ]


HEADER = [
    "group",
    "perfect",
    "numbers%",
    "stated%",
    "bullets P/R %",
    "subareas P/R %",
    "meta%",
    "findings P/R %",
    "n num/bul/find",
]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows)


def evaluate_samples(verbose: bool) -> dict[str, Totals]:
    index = json.loads((ROOT / "golden" / "index.json").read_text("utf-8"))
    known = variants()
    groups: dict[str, Totals] = defaultdict(Totals)
    for sample, golden in sorted(index.items()):
        got = report_to_dict(extract(str(ROOT / sample)))
        got["source"]["path"] = sample
        c = compare(got, json.loads((ROOT / golden).read_text("utf-8")))
        producer, layout = groups_of(sample, known)
        for key in ("all samples", f"producer {producer}", f"layout {layout}"):
            groups[key].add(c)
        if verbose or not c.perfect:
            print(f"{sample}: {'perfect' if c.perfect else f'{len(c.differences)} differences'}")
            for d in c.differences[:10]:
                print(f"    {d[:300]}")
    return groups


def evaluate_roundtrip(n: int, verbose: bool) -> Totals:
    import roundtrip
    from hypothesis import HealthCheck, Phase, given, settings

    totals = Totals()

    @settings(
        max_examples=n,
        deadline=None,
        phases=[Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(content=roundtrip.contents(), layout=roundtrip.layouts())
    def run(content: dict[str, Any], layout: dict[str, Any]) -> None:
        c, _, _ = roundtrip.round_trip(content, layout)
        totals.add(c)
        if verbose or not c.perfect:
            shown = {k: v for k, v in layout.items() if v not in (None, False, [])}
            print(f"round trip {totals.samples}: {'perfect' if c.perfect else 'DIFFERENT'} {shown}")
            for d in c.differences[:10]:
                print(f"    {d[:300]}")

    run()
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--roundtrip", type=int, default=0, metavar="N", help="also N random round trips")
    ap.add_argument("--verbose", action="store_true", help="list every sample, not only imperfect ones")
    args = ap.parse_args(argv)
    start = time.monotonic()
    groups = evaluate_samples(args.verbose)
    if args.roundtrip:
        groups[f"round trip ({args.roundtrip} random)"] = evaluate_roundtrip(args.roundtrip, args.verbose)
    order = sorted(groups, key=lambda k: (not k.startswith("all"), k.startswith("round"), k))
    print()
    print(table([HEADER, *([name, *groups[name].cells()] for name in order)]))
    print(
        f"\n({time.monotonic() - start:.0f} s; P/R = precision/recall; n = expected numbers/bullet items/findings)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
