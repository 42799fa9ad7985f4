"""OCR text accuracy on scans the OCR readers were not tuned on.

    .venv/bin/python scripts/ocr_heldout.py [folder]

Makes scans of five other samples (the title page, area 1's pages and the score
overview, degraded as `samples/scans/build_scans.py` degrades the committed scans)
into `folder` (default: a temporary folder; they are not committed), reads them,
and prints per scan the bullet items and question texts exactly right against the
sample's golden file, the numbers read wrong (a value other than printed, or a null
without a warning) and the error findings the golden file does not have, and every
text, number and finding that is not right on stderr.
Takes about two minutes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (sample, dpi, skew in degrees, "bw" or "gray")
HELD_OUT = (
    ("dals-ed-2010-libreoffice", 200, 0.5, "bw"),
    ("vasteras-2013-reportlab", 200, -0.6, "bw"),
    ("karlstad-2021-libreoffice", 300, 0.9, "bw"),
    ("falun-2012-reportlab", 250, -0.4, "gray"),
    ("vallentuna-2017-libreoffice", 200, 0.3, "gray"),
)


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.chdir(ROOT)

    import samples.scans.build_scans as build_scans
    from extractor import extract
    from extractor.output.json import report_to_dict
    from samples.scans.expected import score

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="kompass-scans-"))
    folder.mkdir(parents=True, exist_ok=True)
    build_scans.HERE = folder
    print("| scan | dpi | bullets exact | question texts exact | numbers wrong | unexpected errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = [0, 0, 0, 0, 0, 0]
    for seed, (name, dpi, angle, mode) in enumerate(HELD_OUT, start=50):
        scan = build_scans.Scan(
            f"{name}-{dpi}dpi.pdf", f"samples/{name}.pdf", f"golden/{name}.json", (), dpi, angle, mode, seed
        )
        if not (folder / scan.name).exists():
            build_scans.build(scan)
        got = report_to_dict(extract(str(folder / scan.name)))
        golden = json.loads((ROOT / scan.golden).read_text("utf-8"))
        s = score(got, golden, [1])
        wrong, unexpected = len(s.numbers_wrong), len(s.findings_unexpected)
        print(
            f"| {scan.name} | {dpi} | {s.bullets_right}/{s.bullets_total} | {s.texts_right}/{s.texts_total} "
            f"| {wrong}/{s.numbers_total} | {unexpected} |"
        )
        for line in [*s.wrong_texts, *s.numbers_wrong, *(f"unexpected {k}" for k in s.findings_unexpected)]:
            print(f"    {scan.name}: {line}", file=sys.stderr)
        totals = [
            totals[0] + s.bullets_right,
            totals[1] + s.bullets_total,
            totals[2] + s.texts_right,
            totals[3] + s.texts_total,
            totals[4] + wrong,
            totals[5] + unexpected,
        ]
    print(f"| all | | {totals[0]}/{totals[1]} | {totals[2]}/{totals[3]} | {totals[4]} | {totals[5]} |")


if __name__ == "__main__":
    main()
