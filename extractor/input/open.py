"""Open any supported input: sniff its kind from the bytes, not the file name."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from extractor.errors import InputNotFound, UnsupportedInput
from extractor.input.document import Document
from extractor.limits import Budget, check_size

_TEXT_SNIFF_BYTES = 4096


def read_document(
    path: str | Path,
    *,
    password: str | None = None,
    max_bytes: int | None = None,
    budget: Budget | None = None,
) -> Document:
    shown = str(path)
    p = Path(path)
    if not p.exists():
        raise InputNotFound("no such file", path=shown)
    if not p.is_file():
        raise InputNotFound("not a file", path=shown)
    try:
        check_size(p.stat().st_size, max_bytes, shown)  # before reading: never load a huge file
        data = p.read_bytes()
    except OSError as exc:
        raise InputNotFound(f"cannot be read ({exc.strerror})", path=shown) from exc
    return read_bytes(data, shown, password=password, budget=budget)


def read_bytes(
    data: bytes, path: str, *, password: str | None = None, budget: Budget | None = None
) -> Document:
    sha256 = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "pdf":
        from extractor.input.pdf import read_pdf

        return read_pdf(data, path, sha256, password, budget=budget)
    if kind == "docx":
        from extractor.input.docx import read_docx

        return read_docx(data, path, sha256)
    if kind == "text":
        from extractor.input.text import read_text

        return read_text(data, path, sha256)
    if not data:
        raise UnsupportedInput("the file is empty", path=path)
    raise UnsupportedInput(f"not a PDF, Word document or text transcript ({kind})", path=path)


def sniff(data: bytes) -> str:
    """'pdf', 'docx', 'text', or a short description of what else the bytes are."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "a damaged ZIP archive"
        return "a ZIP archive"
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if not data:
        return "empty"
    sample = data[:_TEXT_SNIFF_BYTES]
    if b"\x00" in sample:
        return "binary data"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # a cut multi-byte character at the end is fine
            printable = sum(1 for b in sample if b >= 32 or b in (9, 10, 13))
            if printable < 0.95 * len(sample):
                return "binary data"
    return "text"


_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
    (b"{\\rtf", "an RTF document"),
)
