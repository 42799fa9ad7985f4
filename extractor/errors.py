"""The errors the library raises. A contradiction in a report's numbers is never an
error: it is a `Finding` on the result. Errors are for inputs that cannot be read.

    KompassError                    base; carries `path` and, where known, `page`
    ├── InputNotFound               the path does not exist or is not a file
    ├── UnsupportedInput            not a PDF, DOCX or text transcript (sniffed by content)
    ├── DamagedInput                a PDF/DOCX that its reader cannot open or parse
    ├── EncryptedInput              needs a password, or the given one is wrong
    ├── NotAReport                  readable, but not a Kommunkompassen report
    ├── LimitExceeded               over a configured limit (pages, seconds, memory)
    └── OcrUnavailable              image-only pages, and Tesseract or its data is missing

The command line maps every one of them to one line on stderr and exit code 2.
"""

from __future__ import annotations


class KompassError(Exception):
    """Base of all errors; `reason` is a short sentence without the path."""

    def __init__(self, reason: str, *, path: str | None = None, page: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.page = page

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.page is not None:
            where = f"{where}:{self.page}"
        return f"{where}: {self.reason}"


class InputNotFound(KompassError):
    pass


class UnsupportedInput(KompassError):
    pass


class DamagedInput(KompassError):
    pass


class EncryptedInput(KompassError):
    pass


class NotAReport(KompassError):
    pass


class LimitExceeded(KompassError):
    pass


class OcrUnavailable(KompassError):
    pass
