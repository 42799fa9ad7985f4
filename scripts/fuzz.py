"""Fuzz the extractor: mutate the sample PDFs and extract each in its own process.

    .venv/bin/python scripts/fuzz.py --count 2000 [--seed 0] [--jobs 2] [--save fuzz-out/]

Every input must end in a report or a clean KompassError. Prints the inputs tried,
the crashes (any other exception, or a dead worker), the hangs (killed after
--hard-seconds) and the longest time; exits 1 when there was a crash or a hang.
--save writes each crashing or hanging input there to reproduce it with
`kompass extract`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import Outcome, run_fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="inputs to try (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="run seed: the same seed, the same inputs")
    parser.add_argument("--jobs", type=int, default=2, help="processes at a time (default 2)")
    parser.add_argument("--seconds", type=float, default=20.0, help="the extractor's --max-seconds")
    parser.add_argument("--hard-seconds", type=float, default=60.0, help="kill and count a hang after this")
    parser.add_argument("--save", type=Path, default=None, help="folder for crashing and hanging inputs")
    args = parser.parse_args()

    def show(outcome: Outcome) -> None:
        if outcome.status in ("crash", "hang"):
            print(
                f"{outcome.status.upper()} #{outcome.index} {outcome.source} {outcome.mutations}: {outcome.detail}"
            )
            if args.save is not None:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{outcome.status}-{args.seed}-{outcome.index}.pdf").write_bytes(outcome.data)
        outcome.data = b""  # keep memory flat over long runs

    started = time.monotonic()
    result = run_fuzz(
        args.count,
        seed=args.seed,
        jobs=args.jobs,
        seconds=args.seconds,
        hard_seconds=args.hard_seconds,
        progress=show,
    )
    counts: dict[str, int] = {}
    for o in result.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    longest = result.longest
    print(f"inputs tried: {len(result.outcomes)} (seed {args.seed}, {time.monotonic() - started:.0f} s)")
    print(f"reports: {counts.get('report', 0)}, clean errors: {counts.get('error', 0)}")
    print(f"crashes: {len(result.crashes)}, hangs: {len(result.hangs)}")
    if longest is not None:
        print(
            f"longest: {longest.seconds:.1f} s (#{longest.index} {longest.source} {longest.mutations}: {longest.status})"
        )
    return 1 if result.crashes or result.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
