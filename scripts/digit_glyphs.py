"""Write extractor/catalogue/data/digit_glyphs.json: the shapes of "0"-"9" and "%"
in common report fonts, for the digit reader of scanned tables
(extractor/input/digits.py).

    .venv/bin/python scripts/digit_glyphs.py

The PDF standard fonts come with PyMuPDF; the others are the free fonts that are
metrically compatible with the office fonts reports are set in (Liberation Sans and
Serif for Arial and Times New Roman) and DejaVu, where installed (Debian:
fonts-liberation2, fonts-dejavu-core). A font that is not installed is left out.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.input.digits import GLYPHS, encode, render_glyph  # noqa: E402

BUILTIN = {"Helvetica": "helv", "Helvetica-Bold": "hebo", "Times-Roman": "tiro", "Times-Bold": "tibo"}
FILES = {
    "LiberationSans": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "LiberationSerif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
}


def main() -> None:
    fonts: dict[str, dict[str, str]] = {}
    sources = [(name, code, None) for name, code in BUILTIN.items()]
    sources += [(name, "F0", path) for name, path in FILES.items() if os.path.isfile(path)]
    for name, code, path in sources:
        glyphs = {}
        for ch in GLYPHS:
            grid = render_glyph(ch, code, path)
            if grid is not None:
                glyphs[ch] = encode(grid)
        fonts[name] = glyphs
    out = ROOT / "extractor/catalogue/data/digit_glyphs.json"
    data = {
        "_comment": "Made by scripts/digit_glyphs.py: 20x20 ink grids, one hex digit a cell.",
        "fonts": fonts,
    }
    out.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    print(f"{out}: {len(fonts)} fonts")


if __name__ == "__main__":
    main()
