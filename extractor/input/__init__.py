"""Readers: bytes on disk to a positioned-text `Document`."""

from extractor.input.document import Document, Page, Span
from extractor.input.open import read_document

__all__ = ["Document", "Page", "Span", "read_document"]
