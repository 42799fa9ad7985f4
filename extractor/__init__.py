"""kommunkompass: Kommunkompassen evaluation reports to checked JSON.

>>> from extractor import extract
>>> report = extract("samples/ostersund-2015-libreoffice.pdf")
>>> [f.code for f in report.findings if f.severity == "error"]
"""

from extractor.errors import (
    DamagedInput,
    EncryptedInput,
    InputNotFound,
    KompassError,
    LimitExceeded,
    NotAReport,
    OcrUnavailable,
    UnsupportedInput,
)
from extractor.models import (
    SCHEMA_VERSION,
    Area,
    Finding,
    FindingCode,
    Provenance,
    Question,
    Report,
    Severity,
    Source,
    TableTotal,
)
from extractor.pipeline import ExtractOptions, extract, extract_bytes

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Area",
    "DamagedInput",
    "EncryptedInput",
    "ExtractOptions",
    "Finding",
    "FindingCode",
    "InputNotFound",
    "KompassError",
    "LimitExceeded",
    "NotAReport",
    "OcrUnavailable",
    "Provenance",
    "Question",
    "Report",
    "Severity",
    "Source",
    "TableTotal",
    "UnsupportedInput",
    "__version__",
    "extract",
    "extract_bytes",
]
