"""The report as contract JSON, and the JSON Schema of the contract."""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import PydanticSerializationError

from extractor.models import Report


def report_to_dict(report: Report) -> dict[str, Any]:
    return report.model_dump(mode="json")


def report_to_json(report: Report) -> str:
    """Indented UTF-8 JSON, written by pydantic's serializer (six times faster than
    `json.dumps` of `report_to_dict`, and the same text but for the spelling of a float
    with an exponent: 1e-05 is written 0.00001). A report `clean_model` has not seen
    may hold a lone surrogate, which pydantic cannot write: `json.dumps` escapes it."""
    try:
        return report.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def schema_json() -> str:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "kommunkompass/report.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
