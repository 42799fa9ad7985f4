"""Text from a PDF is untrusted: no control characters, lone surrogates or
noncharacters leave the library, in the report or in an error line.

PyMuPDF passes through whatever a font's ToUnicode map says, and a hostile map can
say U+0000, an escape sequence for the terminal, or half a surrogate pair (which
`json.dumps` would write as a lone `\\udXXX` escape that other parsers reject).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

# C0 and C1 controls (tab, newline and carriage return become spaces), lone
# surrogates, the noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF, and the
# bidirectional overrides that can make a line display other than it reads.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_BREAKS = re.compile("[\t\n\r]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Anything `clean_text` would change or look at: most strings have none of it.
_SUSPECT = re.compile(f"{_CONTROL.pattern}|{_BREAKS.pattern}|{_ASTRAL.pattern}")

# The same in a model's compact JSON (pydantic's): C0 controls stand there as escapes
# (\b \f \n \r \t \u00XX, and pydantic writes no other \u escape), the rest
# as themselves; a lone surrogate cannot be written at all. An escaped backslash
# before one of those letters also matches, which only costs the slow path.
_SUSPECT_JSON = re.compile(
    "\\\\[bfnrtu]|[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069\U00010000-\U0010ffff]"
)

M = TypeVar("M", bound=BaseModel)


def clean_text(text: str) -> str:
    """`text` without control characters, lone surrogates and noncharacters; tabs
    and line breaks become spaces."""
    if _SUSPECT.search(text) is None:
        return text
    cleaned = _CONTROL.sub("", _BREAKS.sub(" ", text))
    # Noncharacters of the supplementary planes (U+1FFFE, U+10FFFF, …).
    if _ASTRAL.search(cleaned):
        cleaned = "".join(c for c in cleaned if ord(c) <= 0xFFFF or (ord(c) & 0xFFFE) != 0xFFFE)
    return cleaned


def clean_value(value: Any) -> Any:
    """Every string inside `value` (dicts, lists, tuples) cleaned; keys too."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_value(v) for v in value)
    return value


def clean_model(model: M) -> M:
    """The model with every string value cleaned: the model itself when its JSON
    shows nothing `clean_text` would change or look at (one pass in pydantic's
    serializer, the common case), else a cleaned copy."""
    try:
        suspect = _SUSPECT_JSON.search(model.model_dump_json()) is not None
    except PydanticSerializationError:  # a lone surrogate
        suspect = True
    if not suspect:
        return model
    return type(model).model_validate(clean_value(model.model_dump()))


def one_line(text: str) -> str:
    """For an error line on stderr: controls shown as `?`, never a second line."""
    return _CONTROL.sub("?", _BREAKS.sub(" ", text))
