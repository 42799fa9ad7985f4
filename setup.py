"""Build the optional native word reader (extractor/input/_stext.c).

It reads MuPDF's structured-text structures, so it is compiled against the headers
that the installed PyMuPDF wheel carries (`pymupdf/mupdf-devel/include`). Without
PyMuPDF at build time, or without a C compiler, the package installs without it and
reads every page in Python (same output, about twice the time for the read stage).
`make setup` installs PyMuPDF first and builds without isolation so that it is found.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import Extension, setup


def _mupdf_include() -> str | None:
    spec = importlib.util.find_spec("pymupdf")
    if spec is None or spec.origin is None:
        return None
    include = Path(spec.origin).parent / "mupdf-devel" / "include"
    return str(include) if (include / "mupdf" / "fitz.h").is_file() else None


include = _mupdf_include()
extensions = (
    [
        Extension(
            "extractor.input._stext",
            ["extractor/input/_stext.c"],
            include_dirs=[include],
            extra_compile_args=["-O2", "-std=c99"],
            optional=True,
        )
    ]
    if include
    else []
)
setup(ext_modules=extensions)
