"""Hostile and broken inputs, made on the fly: no binary test files are committed.

Each factory takes a folder and returns the path of the file it wrote. Raw PDFs are
assembled byte by byte (`raw_pdf`) so that they can be as wrong as needed; broken
copies of the samples are made by cutting and overwriting their bytes. `mutate`
is the fuzzer's mutation step (`tests/test_fuzz.py`, `scripts/fuzz.py`).
"""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pymupdf

from tests.conftest import SAMPLES

REPORT = SAMPLES / "falun-2012-libreoffice.pdf"  # 15 pages, reads in a fraction of a second

Factory = Callable[[Path], Path]


def raw_pdf(objects: list[bytes], *, root: int = 1, xref: bool = True) -> bytes:
    """A PDF whose objects are `objects` (object k+1 is objects[k]), with a correct
    cross-reference table unless `xref` is False."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_page_pdf(
    lines: list[str], extra_objects: list[bytes] | None = None, resources: bytes = b""
) -> bytes:
    """One A4 page showing `lines` in Helvetica; `extra_objects` follow as 5, 6, …"""
    content = (
        b"BT /F1 12 Tf 72 770 Td 14 TL "
        + b" ".join(b"(" + line.encode("cp1252") + b") '" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >> >> " + resources + b" >> >>",
        stream(b"", content),
        *(extra_objects or []),
    ]
    return raw_pdf(objects)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- broken files -------------------------------------------------------------


def empty(tmp: Path) -> Path:
    return _write(tmp / "tom.pdf", b"")


def truncated(tmp: Path) -> Path:
    data = REPORT.read_bytes()
    return _write(tmp / "avklippt.pdf", data[: len(data) * 2 // 5])


def corrupted_xref(tmp: Path) -> Path:
    """Every offset of the cross-reference table and `startxref` overwritten."""
    data = REPORT.read_bytes()
    rng = random.Random(7)

    def scramble(m: re.Match[bytes]) -> bytes:
        return b"%010d" % rng.randrange(10**9) + m.group(0)[10:]

    data = re.sub(rb"\d{10} \d{5} [nf]", scramble, data)
    data = re.sub(rb"startxref\s+\d+", b"startxref\n123456", data)
    return _write(tmp / "xref.pdf", data)


def random_bytes(tmp: Path) -> Path:
    return _write(tmp / "slump.pdf", random.Random(1).randbytes(64 * 1024))


def random_bytes_with_pdf_header(tmp: Path) -> Path:
    return _write(tmp / "slump-pdf.pdf", b"%PDF-1.7\n" + random.Random(2).randbytes(64 * 1024))


def png_renamed(tmp: Path) -> Path:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    return _write(tmp / "bild.pdf", pix.tobytes("png"))


def old_word_renamed(tmp: Path) -> Path:
    """An OLE2 compound file (Word 97–2003 .doc) header and nothing more."""
    return _write(tmp / "dokument.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


def docx_renamed(tmp: Path) -> Path:
    return _write(tmp / "rapport.pdf", (SAMPLES / "falun-2012.docx").read_bytes())


def encrypted_report(tmp: Path) -> Path:
    doc = pymupdf.open(REPORT)
    path = tmp / "krypterad.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt", owner_pw="ägare")
    return path


def not_a_report(tmp: Path) -> Path:
    return _write(
        tmp / "protokoll.pdf", text_page_pdf(["Protokoll fr\xe5n kommunfullm\xe4ktige", "Paragraf 1"])
    )


def report_without_areas_3_to_8(tmp: Path) -> Path:
    """The Falun report cut after area 2's pages: no later area, no score overview."""
    doc = pymupdf.open(REPORT)
    last = next(i for i in range(doc.page_count) if "Område 3" in doc[i].get_text() and i > 2)
    doc.select(list(range(last)))
    path = tmp / "utan-omraden.pdf"
    doc.save(path)
    return path


def blank_pages(count: int) -> Factory:
    def make(tmp: Path) -> Path:
        kids = b" ".join(b"%d 0 R" % (3 + k) for k in range(count))
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        ]
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
        return _write(tmp / f"tomma-{count}.pdf", raw_pdf(objects))

    make.__name__ = f"blank_pages_{count}"
    return make


def deeply_nested(tmp: Path) -> Path:
    """A page whose resources hold an array nested 100,000 deep."""
    depth = 100_000
    nested = b"[" * depth + b"]" * depth
    return _write(tmp / "djup.pdf", text_page_pdf(["Djup"], resources=b"/Deep " + nested))


def self_referencing(tmp: Path) -> Path:
    """A page tree that lists itself among its kids and is its own parent, and an
    object that is a reference to itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Loop 5 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"", b"BT /F1 12 Tf 72 770 Td (Loop) Tj ET"),
        b"5 0 R",
    ]
    return _write(tmp / "sjalvref.pdf", raw_pdf(objects))


def self_drawing_form(tmp: Path) -> Path:
    """A page that draws a form XObject that draws itself, forever if let."""
    form = stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm 5 0 R >> >>",
        b"BT /F1 12 Tf 72 700 Td (Igen) Tj ET /Fm Do",
    )
    data = text_page_pdf(["Formul\xe4r"], extra_objects=[form], resources=b"/XObject << /Fm 5 0 R >>")
    data = data.replace(b"ET\n", b"ET /Fm Do\n", 1)
    return _write(tmp / "sjalvritande.pdf", raw_pdf_fix_lengths(data))


def huge_image(tmp: Path) -> Path:
    """A page of text with a 40,000 × 40,000 RGB image (4.8 GB decoded) drawn on it;
    its stream holds only the start of the data."""
    pixels = zlib.compress(b"\0" * 3 * 40_000 * 64)
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 40000 /Height 40000 /ColorSpace /DeviceRGB"
        b" /BitsPerComponent 8 /Filter /FlateDecode",
        pixels,
    )
    data = text_page_pdf(
        ["Protokoll med bild"], extra_objects=[image], resources=b"/XObject << /Im1 5 0 R >>"
    )
    data = data.replace(b"ET\n", b"ET q 500 0 0 700 50 50 cm /Im1 Do Q\n", 1)
    return _write(tmp / "stor-bild.pdf", raw_pdf_fix_lengths(data))


def raw_pdf_fix_lengths(data: bytes) -> bytes:
    """Rebuild `data` (as written by `raw_pdf`) after its content changed size."""
    bodies = re.findall(rb"\d+ 0 obj\n(.*?)\nendobj\n", data, re.S)
    fixed = []
    for body in bodies:
        m = re.search(rb"stream\n(.*)\nendstream$", body, re.S)
        if m:
            body = re.sub(rb"/Length \d+", b"/Length %d" % len(m.group(1)), body, count=1)
        fixed.append(body)
    return raw_pdf(fixed)


_GARBAGE_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbage def"
    b" 1 begincodespacerange <00> <FF> endcodespacerange"
    b" 1 beginbfrange <20> <FF> <E020> endbfrange endcmap"
    b" CMapName currentdict /CMap defineresource pop end end"
)


def _show(font: bytes, x: int, y: int, text: str) -> bytes:
    escaped = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /%s 12 Tf %d %d Td (%s) Tj ET\n" % (font, x, y, escaped)


def pages_pdf(pages: list[list[tuple[str, int, int, str]]]) -> bytes:
    """Pages of (font, x, y, text): font "F1" is Helvetica, "F2" Helvetica with a
    ToUnicode map that sends every code to the private use area."""
    fonts = (
        b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        b" /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
        b" /ToUnicode 3 0 R >> >>"
    )
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + 2 * k) for k in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        stream(b"", _GARBAGE_CMAP),
    ]
    for k, lines in enumerate(pages):
        content = b"".join(_show(f.encode(), x, y, t) for f, x, y, t in lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font %s >> >>" % (first + 2 * k + 1, fonts)
        )
        objects.append(stream(b"", content))
    return raw_pdf(objects)


def unmapped_font(tmp: Path) -> Path:
    """A report-like page set in a font whose ToUnicode map sends every code to the
    private use area: what a subset font without a usable mapping gives."""
    lines = ["Omr\xe5de 1 Offentlighet och demokrati", "Styrkor", "\u2022 Bra information", "Po\xe4ng 45"]
    page = [("F2", 72, 770 - 14 * k, line) for k, line in enumerate(lines)]
    return _write(tmp / "utan-unicode.pdf", pages_pdf([page]))


def report_with_unmapped_page(tmp: Path) -> Path:
    """Two readable area headings, then a page whose bullet glyphs read well but
    whose words come from a font without a mapping."""
    readable = [
        ("F1", 72, 770, "Omr\xe5de 1 Offentlighet och demokrati"),
        ("F1", 72, 740, "Styrkor"),
        ("F1", 80, 720, "\u2022"),
        ("F1", 92, 720, "Bra information p\xe5 webbplatsen"),
        ("F1", 72, 600, "Omr\xe5de 2 Tillg\xe4nglighet och brukarorientering"),
    ]
    garbled = [("F1", 72, 770, "Svagheter")]
    for k, text in enumerate(
        ("Ingen synpunktshantering finns", "Svag uppf\xf6ljning 45", "Saknar m\xe5l 12")
    ):
        garbled += [("F1", 80, 750 - 20 * k, "\u2022"), ("F2", 92, 750 - 20 * k, text)]
    return _write(tmp / "delvis-oläslig.pdf", pages_pdf([readable, garbled]))


def active_content(tmp: Path) -> Path:
    """The Falun report with JavaScript on open, a launch action, a link, an attached
    file and a page action: none of them may run, open or be written out."""
    doc = pymupdf.open(REPORT)
    doc.embfile_add("run-me.sh", b"#!/bin/sh\ntouch /tmp/kompass-pwned\n", filename="run-me.sh")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(
        catalog, "OpenAction", "<< /S /JavaScript /JS (app.launchURL('http://example.invalid/', true);) >>"
    )
    page = doc[0]
    page.insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(0, 0, 50, 50), "file": "run-me.sh"})
    page.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(50, 0, 100, 50), "uri": "http://example.invalid/"}
    )
    doc.xref_set_key(page.xref, "AA", "<< /O << /S /Launch /F (run-me.sh) >> >>")
    path = tmp / "aktiv.pdf"
    doc.save(path)
    return path


# --- the fuzzer's mutations -----------------------------------------------------


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation of `data`: (its name, the mutated bytes)."""
    kind = rng.choice(("bitflip", "truncate", "duplicate", "delete_object", "overwrite"))
    buf = bytearray(data)
    if kind == "bitflip":
        for _ in range(rng.randint(1, 64)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del buf[rng.randrange(16, len(buf)) :]
    elif kind == "duplicate":
        start = rng.randrange(len(buf))
        chunk = buf[start : start + rng.randint(1, 4096)]
        at = rng.randrange(len(buf))
        buf[at:at] = chunk * rng.randint(1, 8)
    elif kind == "delete_object":
        objects = [m.span() for m in re.finditer(rb"\d+ 0 obj\b.*?endobj", data, re.S)]
        if objects:
            for start, end in rng.sample(objects, min(len(objects), rng.randint(1, 3))):
                buf[start:end] = b" " * (end - start)  # keep the offsets of the others
    else:  # overwrite a run with junk that looks like PDF syntax
        junk = rng.choice((b"<<", b">>", b"[", b"]", b"0 R", b"9999999999", b"/Length 0", b"stream", b"(\\"))
        at = rng.randrange(len(buf))
        buf[at : at + len(junk)] = junk
    return kind, bytes(buf)


# --- the fuzzer -------------------------------------------------------------------


@dataclass
class Outcome:
    """What one mutated input did: `report`, `error` (a KompassError: clean),
    `crash` (any other exception, or the worker died) or `hang` (killed)."""

    index: int
    source: str
    mutations: list[str]
    status: str
    detail: str
    seconds: float
    data: bytes = field(repr=False, default=b"")


@dataclass
class FuzzResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def crashes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "crash"]

    @property
    def hangs(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "hang"]

    @property
    def longest(self) -> Outcome | None:
        done = [o for o in self.outcomes if o.status != "hang"]
        return max(done, key=lambda o: o.seconds) if done else None


def fuzz_corpus() -> list[Path]:
    """The PDFs the fuzzer mutates: the bundled sample PDFs, smallest first."""
    return sorted(SAMPLES.glob("*.pdf"), key=lambda p: (p.stat().st_size, p.name))


def fuzz_input(index: int, seed: int, corpus: list[Path]) -> tuple[str, list[str], bytes]:
    """Input number `index` of the run `seed`: the same on every machine."""
    rng = random.Random(seed * 1_000_003 + index)
    source = rng.choice(corpus)
    data = source.read_bytes()
    names = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        name, data = mutate(data, rng)
        names.append(name)
    return source.name, names, data


def _child(data: bytes, name: str, seconds: float, memory: int, conn: Connection) -> None:
    import resource

    from extractor import ExtractOptions, KompassError, extract_bytes

    # The cap is headroom above what the forked worker inherits (a test process
    # that has run many tests holds much more than a fresh one).
    used = int(Path("/proc/self/status").read_text().split("VmData:")[1].split()[0]) * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (used + memory, resource.getrlimit(resource.RLIMIT_DATA)[1]))
    try:
        report = extract_bytes(data, name, ExtractOptions(max_seconds=seconds))
        report.model_dump_json()  # the serialiser must cope with whatever was read
        conn.send(("report", f"{len(report.areas)} areas, {len(report.findings)} findings"))
    except KompassError as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc.reason}"))
    except BaseException as exc:  # what the fuzzer looks for
        import traceback

        where = "; ".join(
            f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
            for f in traceback.extract_tb(exc.__traceback__)[-4:]
        )
        conn.send(("crash", f"{type(exc).__name__}: {str(exc)[:200]} (at {where})"))
    finally:
        conn.close()


def run_fuzz(
    count: int,
    *,
    seed: int = 0,
    jobs: int = 2,
    seconds: float = 20.0,
    hard_seconds: float = 60.0,
    memory: int = 1024**3,
    progress: Callable[[Outcome], None] | None = None,
) -> FuzzResult:
    """Extract `count` mutated sample PDFs, each in its own forked process with the
    extractor's deadline at `seconds`, killed at `hard_seconds` (a hang) and with
    `memory` bytes of data memory beyond what the worker inherits."""
    import multiprocessing

    from extractor import extract

    corpus = fuzz_corpus()
    extract(corpus[0])  # load every lazily imported module once, before forking
    ctx = multiprocessing.get_context("fork")
    result = FuzzResult()
    running: list[tuple[Any, Connection, float, int, str, list[str], bytes]] = []
    next_index = 0
    while next_index < count or running:
        while next_index < count and len(running) < jobs:
            source, names, data = fuzz_input(next_index, seed, corpus)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_child, args=(data, f"fuzz-{next_index}-{source}", seconds, memory, child)
            )
            proc.start()
            child.close()
            running.append((proc, parent, time.monotonic(), next_index, source, names, data))
            next_index += 1
        time.sleep(0.01)
        for item in list(running):
            proc, conn, started, index, source, names, data = item
            elapsed = time.monotonic() - started
            if conn.poll():
                try:
                    status, detail = conn.recv()
                except EOFError:
                    status, detail = "crash", "the worker died without an answer"
            elif not proc.is_alive():
                proc.join()
                status, detail = "crash", f"the worker died (exit code {proc.exitcode})"
            elif elapsed > hard_seconds:
                proc.kill()
                status, detail = "hang", f"killed after {hard_seconds:g} s"
            else:
                continue
            proc.join(timeout=5)
            conn.close()
            running.remove(item)
            outcome = Outcome(index, source, names, status, detail, elapsed, data)
            result.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    result.outcomes.sort(key=lambda o: o.index)
    return result


def broken_xobject_name(tmp: Path) -> Path:
    """A page without text whose XObject resource is not a dictionary and is named
    by bytes that are not UTF-8: PyMuPDF's image listing raised a TypeError on it."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /XObject << /Im#e9#ff 42 >> >> >>"
    )
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page]
    return _write(tmp / "xobject-namn.pdf", raw_pdf(objects))
