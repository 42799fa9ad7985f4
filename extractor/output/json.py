"""The report as contract JSON, and the JSON Schema of the contract."""

from __future__ import annotations

import json
from typing import Any

from extractor.models import Report


def report_to_dict(report: Report) -> dict[str, Any]:
    return report.model_dump(mode="json")


def report_to_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def schema_json() -> str:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "kommunkompass/report.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
