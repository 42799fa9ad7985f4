"""Limits on one document: how many pages, how many seconds, how many bytes, and
how much memory a worker may use.

A hostile or broken file must end in a clear `LimitExceeded`, never in a hang. The
defaults are generous for real reports (the longest Kommunkompassen report has well
under 100 pages and reads in about a second):

    pages per document    2,000
    seconds per document  120      (checked between pages and between stages)
    input size            200 MB   (checked before the file is read)
    memory per worker     2 GB     (applied by whoever owns the process: the batch
                                    workers, or `kompass --max-memory` for itself)

The seconds limit is a deadline checked at safe points, so a single page that
PyMuPDF takes minutes to parse is caught only when that page is done; the batch's
per-file kill is the hard stop.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.errors import LimitExceeded

DEFAULT_MAX_PAGES = 2_000
DEFAULT_MAX_SECONDS = 120.0
DEFAULT_MAX_BYTES = 200 * 1024**2
DEFAULT_MAX_MEMORY = 2 * 1024**3


def check_size(size: int, max_bytes: int | None, path: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise LimitExceeded(
            f"the file has {format_size(size)}, over the limit of {format_size(max_bytes)} (--max-size)",
            path=path,
        )


@dataclass(frozen=True)
class Budget:
    """The limits of one running extraction: a page count and a deadline.

    Made by `Budget.start` when the extraction begins; readers call `page_indices`
    instead of `range(page_count)`, and the pipeline calls `check` between stages.
    """

    path: str
    max_pages: int | None
    max_seconds: float | None
    deadline: float | None  # time.monotonic() value

    @classmethod
    def start(cls, path: str, max_pages: int | None, max_seconds: float | None) -> Budget:
        deadline = time.monotonic() + max_seconds if max_seconds is not None else None
        return cls(path=path, max_pages=max_pages, max_seconds=max_seconds, deadline=deadline)

    @classmethod
    def unlimited(cls, path: str) -> Budget:
        return cls(path=path, max_pages=None, max_seconds=None, deadline=None)

    def check(self, page: int | None = None) -> None:
        """Raise `LimitExceeded` once the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"reading took longer than the limit of {self.max_seconds:g} s (--max-seconds)",
                path=self.path,
                page=page,
            )

    def check_pages(self, count: int) -> None:
        if self.max_pages is not None and count > self.max_pages:
            raise LimitExceeded(
                f"the document has {count} pages, over the limit of {self.max_pages} (--max-pages)",
                path=self.path,
            )

    def page_indices(self, count: int) -> Iterator[int]:
        """0-based page indices, after checking the page count; the deadline is
        checked before each page."""
        self.check_pages(count)
        for index in range(count):
            self.check(page=index + 1)
            yield index


def format_size(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.I)
_FACTORS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int:
    """'200MB', '2G', '512k', '1.5GiB', '1000' (bytes) -> bytes; ValueError otherwise."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 200MB or 2GB)")
    value = int(float(match.group(1)) * _FACTORS[match.group(2).upper()])
    if value <= 0:
        raise ValueError(f"not a positive size: {text!r}")
    return value
