"""Make scanned samples from the rendered sample PDFs: image-only PDFs, as an archive's
scanner would have made them.

Each page is rasterised with PyMuPDF, turned by a small angle, blurred, dusted with
specks, and either thresholded to black and white (stored as CCITT Group 4, like
office scanners do) or kept grey (stored as JPEG). Only some pages are kept, to keep
the files small: the title page, one area's pages and the score overview are enough
to carry every number and every contradiction of the Östersund report. The mixed
Västerås scan is the whole report: some pages scanned, the others keep their text
layer, as in archives where scanned pages replaced a few originals.

    .venv/bin/python samples/scans/build_scans.py

writes `samples/scans/*.pdf` and `samples/scans/index.json` (scan -> its source PDF,
golden file, pages, dpi). The output is deterministic (fixed seeds).
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageFilter, TiffImagePlugin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@dataclass(frozen=True)
class Scan:
    name: str
    source: str  # rendered sample, relative to the repository root
    golden: str
    pages: tuple[int, ...]  # 1-based pages of the source that are scanned
    dpi: int
    angle: float  # degrees, counter-clockwise
    mode: str  # "bw" (CCITT G4) or "gray" (JPEG)
    seed: int
    sections: tuple[int, ...] = (1,)  # areas whose own section (score, bullets) is scanned
    # True: the whole document, the pages not in `pages` kept as they are (with their
    # text layer), as archives hold reports whose scanned pages replaced some originals.
    keep_text: bool = False


OSTERSUND_SHORT = (1, 5, 7, 27, 28, 29)  # title, area 1 (heading + bullets), overview
SCANS = (
    Scan(
        "ostersund-2015-libreoffice-200dpi.pdf",
        "samples/ostersund-2015-libreoffice.pdf",
        "golden/ostersund-2015-libreoffice.json",
        OSTERSUND_SHORT,
        200,
        0.8,
        "bw",
        1,
    ),
    Scan(
        "ostersund-2015-libreoffice-300dpi.pdf",
        "samples/ostersund-2015-libreoffice.pdf",
        "golden/ostersund-2015-libreoffice.json",
        OSTERSUND_SHORT,
        300,
        -1.0,
        "bw",
        2,
    ),
    Scan(
        "ostersund-2015-libreoffice-150dpi.pdf",
        "samples/ostersund-2015-libreoffice.pdf",
        "golden/ostersund-2015-libreoffice.json",
        (1, 27, 28, 29),
        150,
        0.6,
        "gray",
        3,
        (),
    ),
    Scan(
        "ostersund-2015-reportlab-200dpi.pdf",
        "samples/ostersund-2015-reportlab.pdf",
        "golden/ostersund-2015-reportlab.json",
        (),  # filled in from the source: title page, area 1, overview
        200,
        -0.7,
        "bw",
        4,
    ),
    Scan(
        "vasteras-2013-reportlab-mixed-200dpi.pdf",
        "samples/vasteras-2013-reportlab.pdf",
        "golden/vasteras-2013-reportlab.json",
        (1, 6, 7, 9, 11, 13, 14, 15),  # title, the areas with findings, the overview
        200,
        0.5,
        "bw",
        5,
        (1, 2, 3, 4, 5, 6, 7, 8),  # every page is there, scanned or not
        True,
    ),
)


def degrade(pix: pymupdf.Pixmap, scan: Scan, page_no: int) -> Image.Image:
    rng = np.random.default_rng(scan.seed * 1000 + page_no)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    img = img.rotate(scan.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.45 * scan.dpi / 150))
    a = np.asarray(img).astype(np.int16)
    # Sensor noise; less on grey pages, where JPEG would spend its bytes on it.
    a = a + rng.normal(0, 6 if scan.mode == "bw" else 2, a.shape).astype(np.int16)
    specks = rng.random(a.shape) < 0.0002  # dust
    a[specks] = 30
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if scan.mode == "bw":
        return img.point(lambda v: 255 if v > 150 else 0).convert("1")
    return img


def g4_image(img: Image.Image) -> bytes:
    """The image as one CCITT Group 4 strip (the bytes a PDF CCITTFaxDecode filter takes)."""
    buf = io.BytesIO()
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[278] = img.height  # RowsPerStrip: the whole image in one strip
    img.save(buf, "TIFF", compression="group4", tiffinfo=info)
    buf.seek(0)
    with Image.open(buf) as tif:
        offset = tif.tag_v2[273][0]
        count = tif.tag_v2[279][0]
    return buf.getvalue()[offset : offset + count]


def add_page(out: pymupdf.Document, rect: pymupdf.Rect, img: Image.Image, mode: str) -> None:
    page = out.new_page(width=rect.width, height=rect.height)
    if mode == "gray":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=20, optimize=True)
        page.insert_image(page.rect, stream=buf.getvalue())
        return
    # Insert a placeholder 1-bit image, then swap its stream for the G4 bytes. The
    # placeholder's size differs per page: PyMuPDF shares identical images. It fills
    # the whole page, not its own proportions: the G4 image has the page's.
    tiny = io.BytesIO()
    Image.new("1", (8, 8 + out.page_count), 1).save(tiny, "PNG")
    xref = page.insert_image(page.rect, stream=tiny.getvalue(), keep_proportion=False)
    out.update_stream(xref, g4_image(img), compress=False)
    w, h = img.size
    out.xref_set_key(xref, "Width", str(w))
    out.xref_set_key(xref, "Height", str(h))
    out.xref_set_key(xref, "ColorSpace", "/DeviceGray")
    out.xref_set_key(xref, "BitsPerComponent", "1")
    out.xref_set_key(xref, "Filter", "/CCITTFaxDecode")
    out.xref_set_key(xref, "DecodeParms", f"<</K -1/Columns {w}/Rows {h}/BlackIs1 true>>")
    out.xref_set_key(xref, "SMask", "null")


def short_pages(source: pymupdf.Document) -> tuple[int, ...]:
    """Title page, the pages of Område 1 up to Område 2, and the overview to the end."""
    texts = [p.get_text() for p in source]
    area1 = next(i for i, t in enumerate(texts) if "Område 1 " in t and i > 2)
    area2 = next(i for i, t in enumerate(texts) if "Område 2 " in t and i > area1)
    overview = next(i for i, t in enumerate(texts) if "Översikt av poängfördelning" in t and i > area2)
    return (1, *range(area1 + 1, area2 + 1), *range(overview + 1, len(texts) + 1))


def build(scan: Scan) -> Scan:
    with pymupdf.open(ROOT / scan.source) as source:
        pages = scan.pages or short_pages(source)
        scan = Scan(**{**asdict(scan), "pages": tuple(pages)})
        out = pymupdf.open()
        for n in range(1, source.page_count + 1) if scan.keep_text else pages:
            page = source[n - 1]
            if n not in pages:
                out.insert_pdf(source, from_page=n - 1, to_page=n - 1)
                continue
            pix = page.get_pixmap(dpi=scan.dpi, colorspace=pymupdf.csGRAY, alpha=False)
            add_page(out, page.rect, degrade(pix, scan, n), scan.mode)
        out.set_metadata({"producer": "samples/scans/build_scans.py", "creationDate": "", "modDate": ""})
        out.save(HERE / scan.name, garbage=4, deflate=True, no_new_id=True)
    return scan


def main() -> None:
    index = {}
    for scan in SCANS:
        built = build(scan)
        size = (HERE / scan.name).stat().st_size
        print(f"{scan.name}: pages {list(built.pages)}, {scan.dpi} dpi, {scan.mode}, {size // 1000} KB")
        entry = asdict(built)
        entry["pages"] = list(built.pages)
        entry["sections"] = list(built.sections)
        index[f"samples/scans/{scan.name}"] = entry
    (HERE / "index.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
