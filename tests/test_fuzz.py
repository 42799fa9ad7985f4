"""The fuzz test: mutated sample PDFs end in a report or a clean error, in time.

Bounded for the test suite: KOMPASS_FUZZ_COUNT inputs (default 20, 6–15 s on
two busy cores); CI sets more. A longer run: `scripts/fuzz.py --count N`.
"""

from __future__ import annotations

import os
import random

from tests.hostile import fuzz_corpus, fuzz_input, mutate, run_fuzz

COUNT = int(os.environ.get("KOMPASS_FUZZ_COUNT", "20"))
SEED = int(os.environ.get("KOMPASS_FUZZ_SEED", "0"))


def test_mutated_samples_end_in_a_report_or_a_clean_error() -> None:
    result = run_fuzz(COUNT, seed=SEED, seconds=20, hard_seconds=60)
    assert len(result.outcomes) == COUNT
    assert [f"{o.index} {o.source} {o.mutations}: {o.detail}" for o in result.crashes] == []
    assert [f"{o.index} {o.source} {o.mutations}" for o in result.hangs] == []
    assert {o.status for o in result.outcomes} <= {"report", "error"}


def test_fuzz_inputs_are_reproducible() -> None:
    corpus = fuzz_corpus()
    assert fuzz_input(3, 0, corpus) == fuzz_input(3, 0, corpus)
    assert fuzz_input(3, 0, corpus)[2] != fuzz_input(4, 0, corpus)[2]


def test_every_mutation_changes_the_bytes() -> None:
    data = fuzz_corpus()[0].read_bytes()
    seen = set()
    for k in range(60):
        name, mutated = mutate(data, random.Random(k))
        seen.add(name)
        if name != "delete_object":  # a sample without objects would be unchanged
            assert mutated != data, name
    assert seen == {"bitflip", "truncate", "duplicate", "delete_object", "overwrite"}
