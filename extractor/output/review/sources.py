"""Where a report was read from, and how the review page shows a place in it.

A report names its source by the path given on the command line (relative to
wherever the extraction ran), so the file is looked for in a few places and
recognised by its sha256. A PDF place becomes a JPEG crop of the page rendered by
PyMuPDF, with the value boxes given as percentages of the crop so the page can
outline them; a text transcript place becomes the source lines around it. When no
source can be opened, a sentence says why, and the page goes on without images.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from extractor.models import Provenance, Source

BBox = tuple[float, float, float, float]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Settings:
    """Image sizes: crops of findings are readable, area images are glances."""

    crop_dpi: int = 110  # finding crops: the printed digits must be legible
    overview_dpi: int = 64  # an area's rows of the overview table
    thumb_dpi: int = 30  # whole-page thumbnails: A4 is about 250 px wide
    page_dpi: int = 50  # a finding's page when no box on it is known
    margin: float = 14.0  # points of page kept above and below the outlined values
    jpeg_quality: int = 70  # finding crops
    glance_quality: int = 55  # everything rendered below crop_dpi: area images, pages
    context_lines: int = 2  # transcript lines shown either side of a location
    max_line_chars: int = 300


@dataclass(frozen=True)
class Box:
    """An outline, in percent of the image it lies on."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Picture:
    page: int
    data_uri: str
    width: int
    height: int
    boxes: tuple[Box, ...] = ()
    whole_page: bool = False


@dataclass(frozen=True)
class Excerpt:
    """Consecutive source lines: (1-based number, text, is a location)."""

    lines: tuple[tuple[int, str, bool], ...]
    unit: str = "lines"  # or "paragraphs" (Word documents)


@dataclass(frozen=True)
class Note:
    text: str


Evidence = Picture | Excerpt | Note


# --- finding the file ----------------------------------------------------------


def candidate_paths(source_path: str, outdir: Path, source_root: Path | None) -> list[Path]:
    """Places the source may be, most specific first, without duplicates."""
    given = Path(source_path)
    found: list[Path] = []
    if given.is_absolute():
        found.append(given)
    else:
        if source_root is not None:
            found += [source_root / given, source_root / given.name]
        found.append(Path.cwd() / given)
        # A batch usually runs in a folder above its output folder.
        found += [parent / given for parent in outdir.resolve().parents]
        found.append(outdir / given.name)
    unique: list[Path] = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Located:
    path: Path | None
    note: str | None  # shown once with the report: missing, or a different file


def locate_source(source: Source, outdir: Path, source_root: Path | None) -> Located:
    existing = [p for p in candidate_paths(source.path, outdir, source_root) if p.is_file()]
    for path in existing:
        if sha256_of(path) == source.sha256:
            return Located(path, None)
    if existing:
        return Located(
            existing[0],
            f"{existing[0]} differs from the file that was read (sha256 does not match): "
            "the outlines may not fit",
        )
    hint = "" if source_root is not None else "; give its folder with --source-root"
    return Located(None, f"source file {source.path} not found{hint}")


# --- what a view of the source can show -----------------------------------------


@dataclass
class SourceView:
    """A source that cannot be shown: every request answers with the reason."""

    note: str | None = None

    def places(self, locations: Sequence[Provenance], *, dpi: int) -> list[Evidence]:
        return [Note(self.note or "no source to show")] if locations else []

    def thumbnails(self, locations: Sequence[Provenance]) -> list[Evidence]:
        return []

    def close(self) -> None:
        return None


def open_source(source: Source, located: Located, settings: Settings) -> SourceView:
    if located.path is None:
        return SourceView(located.note)
    if source.kind in ("pdf", "pdf-ocr"):
        try:
            doc: Any = pymupdf.open(stream=located.path.read_bytes(), filetype="pdf")  # type: ignore[no-untyped-call]
        except Exception as exc:  # a damaged or replaced file: say so, do not stop
            return SourceView(f"{located.path} cannot be opened: {exc}")
        if doc.needs_pass:
            doc.close()
            return SourceView(f"{located.path} is encrypted: no page images")
        return PdfView(located.note, doc, settings)
    if source.kind == "text":
        return TextView(located.note, transcript_lines(located.path.read_bytes()), settings)
    if source.kind == "docx":
        try:
            paragraphs = docx_paragraphs(located.path.read_bytes())
        except Exception as exc:  # a damaged or replaced file: say so, do not stop
            return SourceView(f"{located.path} cannot be opened: {type(exc).__name__}")
        return TextView(located.note, paragraphs, settings, unit="paragraphs")
    return SourceView(f"{source.kind} sources cannot be shown")


# --- PDF ------------------------------------------------------------------------


def pages_of(locations: Iterable[Provenance]) -> dict[int, list[BBox | None]]:
    """Locations grouped by page, in page order; a location without a page is left out."""
    pages: dict[int, list[BBox | None]] = {}
    for loc in locations:
        if loc.page is not None:
            pages.setdefault(loc.page, []).append(loc.bbox)
    return dict(sorted(pages.items()))


def union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def band_clip(page_rect: BBox, boxes: Sequence[BBox], words: Sequence[BBox], margin: float) -> BBox:
    """The horizontal band holding the boxes and `margin` points above and below,
    widened to whole text lines at its edges (no half-cut digits) and to the width
    of the text in it (so a number is seen with its row's label)."""
    box = union(boxes)
    assert box is not None
    top, bottom = box[1] - margin, box[3] + margin
    top = min([top] + [w[1] for w in words if w[1] < top < w[3]])
    bottom = max([bottom] + [w[3] for w in words if w[1] < bottom < w[3]])
    in_band = [w for w in words if w[3] > top and w[1] < bottom]
    wide = union([box, *in_band]) or box
    edge = 4.0  # points of white around the outermost text
    return (
        max(page_rect[0], wide[0] - edge),
        max(page_rect[1], top - 1),
        min(page_rect[2], wide[2] + edge),
        min(page_rect[3], bottom + 1),
    )


def relative_box(clip: BBox, bbox: BBox) -> Box:
    width, height = clip[2] - clip[0], clip[3] - clip[1]
    pad = 1.5  # points around the glyph box, so the outline does not cut the digits
    return Box(
        left=round(100 * (bbox[0] - pad - clip[0]) / width, 2),
        top=round(100 * (bbox[1] - pad - clip[1]) / height, 2),
        width=round(100 * (bbox[2] - bbox[0] + 2 * pad) / width, 2),
        height=round(100 * (bbox[3] - bbox[1] + 2 * pad) / height, 2),
    )


def shown_box(page: Any, bbox: Sequence[float]) -> BBox:
    """A box as the page is shown. Provenance and PyMuPDF's words are in the unrotated
    page's points; the rendered page (and `page.rect`) is turned by /Rotate."""
    if not page.rotation:
        return (bbox[0], bbox[1], bbox[2], bbox[3])
    turned = pymupdf.Rect(bbox) * page.rotation_matrix  # type: ignore[no-untyped-call]
    return (turned.x0, turned.y0, turned.x1, turned.y1)


@dataclass
class PdfView(SourceView):
    doc: Any = None  # a pymupdf.Document (PyMuPDF's types are not checked)
    settings: Settings = field(default_factory=Settings)
    _pages: dict[tuple[int, int], tuple[str, int, int]] = field(default_factory=dict)

    def places(self, locations: Sequence[Provenance], *, dpi: int) -> list[Evidence]:
        shown: list[Evidence] = []
        for number, boxes in pages_of(locations).items():
            page = self._page(number)
            if page is None:
                shown.append(Note(f"page {number} is not in the source"))
                continue
            known = [shown_box(page, b) for b in boxes if b is not None]
            if not known:
                shown.append(self._whole(page, number, [], self.settings.page_dpi))
                continue
            words = [shown_box(page, tuple(w[:4])) for w in page.get_text("words")]
            clip = band_clip(tuple(page.rect), known, words, self.settings.margin)
            uri, width, height = self._render(page, clip, dpi)
            shown.append(Picture(number, uri, width, height, tuple(relative_box(clip, b) for b in known)))
        if any(loc.page is None for loc in locations) and not shown:
            shown.append(Note("no page recorded for this place"))
        return shown

    def thumbnails(self, locations: Sequence[Provenance]) -> list[Evidence]:
        shown: list[Evidence] = []
        for number, boxes in pages_of(locations).items():
            page = self._page(number)
            if page is not None:
                shown.append(
                    self._whole(
                        page,
                        number,
                        [shown_box(page, b) for b in boxes if b is not None],
                        self.settings.thumb_dpi,
                    )
                )
        return shown

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()

    def _page(self, number: int) -> Any | None:
        assert self.doc is not None
        return self.doc[number - 1] if 1 <= number <= self.doc.page_count else None

    def _whole(self, page: Any, number: int, boxes: list[BBox], dpi: int) -> Picture:
        """The whole page, rendered once per page and resolution."""
        rect: BBox = tuple(page.rect)
        if (number, dpi) not in self._pages:
            self._pages[number, dpi] = self._render(page, rect, dpi)
        uri, width, height = self._pages[number, dpi]
        return Picture(number, uri, width, height, tuple(relative_box(rect, b) for b in boxes), True)

    def _render(self, page: Any, clip: BBox, dpi: int) -> tuple[str, int, int]:
        pix = page.get_pixmap(clip=clip, dpi=dpi, alpha=False)
        s = self.settings
        data = pix.tobytes("jpeg", jpg_quality=s.jpeg_quality if dpi >= s.crop_dpi else s.glance_quality)
        return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii"), pix.width, pix.height


# --- text transcripts -------------------------------------------------------------


def transcript_lines(data: bytes) -> list[str]:
    """The transcript's lines, numbered as the text reader numbers them."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return text.replace("\r\n", "\n").replace("\r", "\n").splitlines()


def docx_paragraphs(data: bytes) -> list[str]:
    """A Word document's paragraphs, numbered as the Word reader numbers them: body
    paragraphs and table cells (row by row, cell by cell, a merged cell once) in
    document order, empty ones too."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    texts: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            texts.append(Paragraph(block, document).text)
        elif block.tag == f"{_W}tbl":
            for row in Table(block, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        texts += [p.text for p in cell.paragraphs]
    return [t.replace("\n", " ") for t in texts]


def line_windows(numbers: Iterable[int], context: int, last: int) -> list[tuple[int, int]]:
    """Merged [first, last] line ranges of `context` lines around each number."""
    windows: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        lo, hi = max(1, n - context), min(last, n + context)
        if windows and lo <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


@dataclass
class TextView(SourceView):
    lines: list[str] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    unit: str = "lines"

    def places(self, locations: Sequence[Provenance], *, dpi: int) -> list[Evidence]:
        numbers = {loc.line for loc in locations if loc.line is not None}
        inside = {n for n in numbers if 1 <= n <= len(self.lines)}
        shown: list[Evidence] = []
        for lo, hi in line_windows(inside, self.settings.context_lines, len(self.lines)):
            rows = tuple((n, self._clip(self.lines[n - 1]), n in inside) for n in range(lo, hi + 1))
            shown.append(Excerpt(rows, self.unit))
        if numbers - inside:
            shown.append(Note(f"{self.unit[:-1]} {min(numbers - inside)} is not in the source"))
        return shown

    def thumbnails(self, locations: Sequence[Provenance]) -> list[Evidence]:
        return self.places(locations, dpi=0)

    def _clip(self, line: str) -> str:
        limit = self.settings.max_line_chars
        return line if len(line) <= limit else line[:limit] + " …"
