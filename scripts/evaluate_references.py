"""Precision and recall of the cited municipalities over every sample with a golden file.

Usage:
    .venv/bin/python scripts/evaluate_references.py

Compares (area, municipality, role) of each extracted report with its golden file
(golden/index.json); also prints the figure without roles (which municipalities are
found at all). Golden references are annotated by hand in samples/content/*.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from extractor.evaluation import PR, compare  # noqa: E402
from extractor.output.json import report_to_dict  # noqa: E402


def _names_only(report: dict) -> list[tuple[int, str]]:
    return [
        (a["number"], r["municipality"]) for a in report.get("areas", []) for r in a.get("references", [])
    ]


def main() -> int:
    index = json.loads((ROOT / "golden" / "index.json").read_text("utf-8"))
    with_role, names = PR(), PR()
    print(f"{'sample':45} {'P':>6} {'R':>6}  (area, municipality, role)")
    for sample, golden in sorted(index.items()):
        want = json.loads((ROOT / golden).read_text("utf-8"))
        try:
            got = report_to_dict(extract(ROOT / sample))
        except Exception as exc:  # a sample that does not read counts as all missed
            print(f"{sample:45} unreadable: {exc}")
            got = {"areas": [], "source": {}}
        c = compare(got, want)
        with_role.true_pos += c.references.true_pos
        with_role.predicted += c.references.predicted
        with_role.expected += c.references.expected
        names.add(_names_only(got), _names_only(want))
        print(f"{sample:45} {c.references.precision:6.3f} {c.references.recall:6.3f}")
        for d in c.differences:
            if ".references" in d:
                print(f"    {d}")
    print(
        f"{'all, with role':45} {with_role.precision:6.3f} {with_role.recall:6.3f}"
        f"  ({with_role.true_pos} right of {with_role.predicted} found, {with_role.expected} expected)"
    )
    print(f"{'all, municipality only':45} {names.precision:6.3f} {names.recall:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
