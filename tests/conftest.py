from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "golden"
SEED = ROOT.parent / "shared" / "seed" / "ostersund-2015.txt"


def golden_index() -> dict[str, str]:
    return json.loads((GOLDEN / "index.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Golden files name their sources relative to the repository root.
    monkeypatch.chdir(ROOT)
