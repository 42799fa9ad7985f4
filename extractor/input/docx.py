"""Word documents: not read yet; they are refused with a clear reason."""

from __future__ import annotations

from extractor.errors import UnsupportedInput
from extractor.input.document import Document


def read_docx(data: bytes, path: str, sha256: str) -> Document:
    raise UnsupportedInput("Word documents (.docx) are not supported yet; export it to PDF", path=path)
