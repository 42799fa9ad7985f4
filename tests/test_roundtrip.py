"""Property: whatever the content and layout, every number, bullet and finding
comes back. Random report content is rendered by the sample builder (reportlab, in
a random combination of its layout variants) and extracted again.

CI runs a bounded, derandomized number of examples; KOMPASS_ROUNDTRIP_EXAMPLES=500
runs more, with fresh random examples.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
roundtrip = pytest.importorskip("roundtrip")

_ASKED = os.environ.get("KOMPASS_ROUNDTRIP_EXAMPLES")
EXAMPLES = int(_ASKED) if _ASKED else 10


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=_ASKED is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(content=roundtrip.contents(), layout=roundtrip.layouts())
def test_rendered_report_reads_back(content: dict[str, Any], layout: dict[str, Any]) -> None:
    result, _, _ = roundtrip.round_trip(content, layout)
    assert result.perfect, f"layout {layout}:\n" + "\n".join(result.differences[:20])
