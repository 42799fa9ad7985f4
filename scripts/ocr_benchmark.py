"""OCR accuracy and speed on the scanned samples (samples/scans/).

    .venv/bin/python scripts/ocr_benchmark.py

First the time to load Tesseract's models and the Swedish dictionary, once per
process (a batch worker pays it at its first scanned page); then for every scan: seconds per scanned page, as CPU
time (this process and its Tesseract runs; Tesseract is limited to one core with
OMP_THREAD_LIMIT=1 and pages are read one after the other, so this is the time on
one idle core) and as wall time (which grows when other work shares the cores); and, against the golden file
of the PDF the scan was made from (cut to the scanned pages, see
samples/scans/expected.py): numbers right / null with a warning / wrong, the golden
findings found, unexpected error findings, bullet items exactly right and question
texts exactly right. What is not right is listed on stderr (printed vs read).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = (
    "| scan | dpi | pages | CPU s/page | wall s/page | numbers right | null + warning | wrong "
    "| findings | unexpected errors | bullets exact | question texts exact |"
)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the Tesseract runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.chdir(ROOT)

    from extractor import extract
    from extractor.input.ocr import find_tesseract, load_engines
    from extractor.output.json import report_to_dict
    from extractor.report.lexicon import load_dictionary
    from samples.scans.expected import scans, score

    cpu = _cpu_seconds()
    load_engines(find_tesseract("ocr_benchmark"))
    models, cpu = _cpu_seconds() - cpu, _cpu_seconds()
    found = load_dictionary()
    words = _cpu_seconds() - cpu
    print(
        f"Loaded once per process, not counted below: Tesseract's models {models:.2f} CPU s, "
        f"the Swedish dictionary {words:.2f} CPU s{'' if found else ' (not installed)'}.\n"
    )
    print(HEADER)
    print("|" + " --- |" * (HEADER.count("|") - 1))
    for path, spec in scans().items():
        start, cpu = time.perf_counter(), _cpu_seconds()
        got = report_to_dict(extract(path))
        wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        golden = json.loads((ROOT / spec["golden"]).read_text("utf-8"))
        s = score(got, golden, spec["sections"])
        pages = len(spec["pages"])
        wanted = sum(
            1
            for f in golden["findings"]
            if f.get("field") != "stated_score" or f.get("area") in spec["sections"]
        )
        bullets = f"{s.bullets_right}/{s.bullets_total}" if s.bullets_total else "–"
        print(
            f"| {Path(path).name} | {spec['dpi']} | {pages} | {cpu / pages:.2f} | {wall / pages:.2f} | "
            f"{s.numbers_right}/{s.numbers_total} | {s.numbers_null} | {len(s.numbers_wrong)} | "
            f"{wanted - len(s.findings_missing)}/{wanted} | {len(s.findings_unexpected)} | {bullets} | "
            f"{s.texts_right}/{s.texts_total} |"
        )
        for line in s.numbers_wrong + [f"missing finding {k}" for k in s.findings_missing] + s.wrong_texts:
            print(f"    {line}", file=sys.stderr)
        for k in s.findings_unexpected:
            print(f"    unexpected finding {k}", file=sys.stderr)


if __name__ == "__main__":
    main()
