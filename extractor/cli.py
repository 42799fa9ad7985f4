"""The `kompass` command. The only module that knows click; it maps library errors
to one line on stderr and an exit code:

    0  done; `check`: no error finding
    1  `check`: at least one error finding
    2  an input could not be read (missing, not a report, encrypted, damaged, …)
    3  an internal error (a bug: please report it with the input)
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import click

from extractor import ExtractOptions, KompassError, extract
from extractor.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_SECONDS,
    format_size,
    parse_size,
)
from extractor.models import Severity
from extractor.output.check import finding_line
from extractor.output.files import write_atomic
from extractor.output.json import report_to_json, schema_json
from extractor.sanitize import one_line

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _fail(message: str, code: int) -> None:
    click.echo(f"kompass: {one_line(message)}", err=True)
    sys.exit(code)


password_option = click.option(
    "--password", default=None, help="Password of an encrypted PDF.", metavar="TEXT"
)


class SizeType(click.ParamType[int]):
    """A size in bytes written as 200MB, 2GB, 512K or plain bytes; 0 means no limit."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip() == "0":
            return 0
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def apply_memory_limit(max_memory: int | None) -> None:
    """Cap this process's memory, so that a file that would take all memory
    ends in a MemoryError (reported as over the limit) instead of the OOM killer."""
    if not max_memory:
        return
    import resource

    # RLIMIT_DATA (heap and private mappings) rather than RLIMIT_AS, which also
    # counts the address space libraries reserve and never use (hundreds of MB).
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        max_memory = min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (max_memory, hard))


_LIMIT_OPTIONS = (
    click.option(
        "--max-pages",
        type=click.IntRange(min=0),
        default=DEFAULT_MAX_PAGES,
        show_default=True,
        help="Refuse a document with more pages (0: no limit).",
    ),
    click.option(
        "--max-seconds",
        type=click.FloatRange(min=0),
        default=DEFAULT_MAX_SECONDS,
        show_default=True,
        help="Give up on a document after this many seconds (0: no limit).",
    ),
    click.option(
        "--max-size",
        type=SizeType(),
        default=format_size(DEFAULT_MAX_BYTES).replace(" ", ""),
        show_default=True,
        help="Refuse an input file larger than this (0: no limit).",
    ),
    click.option(
        "--max-memory",
        type=SizeType(),
        default=None,
        help="Cap this process's memory, e.g. 2GB (default: no cap).",
    ),
)


def limit_options(func: Any) -> Any:
    """The limit options, shared by every command that reads reports; the command
    receives them as one `limits` dict of `ExtractOptions` keyword arguments."""

    @functools.wraps(func)
    def wrapper(
        *args: Any, max_pages: int, max_seconds: float, max_size: int, max_memory: int | None, **kwargs: Any
    ) -> Any:
        apply_memory_limit(max_memory)
        limits = {
            "max_pages": max_pages or None,
            "max_seconds": max_seconds or None,
            "max_bytes": max_size or None,
            "max_memory": max_memory or None,
        }
        try:
            return func(*args, limits=limits, **kwargs)
        except (MemoryError, ImportError):
            if not max_memory:
                raise
            # Under the cap a library loaded late fails to map: an ImportError.
            _fail(
                f"out of memory (over the --max-memory limit of {format_size(max_memory)})", EXIT_UNREADABLE
            )

    for option in reversed(_LIMIT_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


cross_check_option = click.option(
    "--cross-check",
    is_flag=True,
    help="Read every number of a PDF a second time with pdfplumber; disagreements become warnings.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kommunkompass")
def cli() -> None:
    """Turn Kommunkompassen evaluation reports into checked JSON."""


@cli.command("extract")
@click.argument("report", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON here instead of to standard output.",
)
@password_option
@cross_check_option
@limit_options
def extract_command(
    report: str, output: Path | None, password: str | None, cross_check: bool, limits: dict[str, Any]
) -> None:
    """Extract one REPORT (PDF, DOCX or text transcript) to the report JSON."""
    try:
        result = extract(report, ExtractOptions(password=password, cross_check=cross_check, **limits))
    except KompassError as exc:
        _fail(str(exc), EXIT_UNREADABLE)
        return
    text = report_to_json(result)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@cli.command("check")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@password_option
@click.option("--errors-only", is_flag=True, help="Print only error-severity findings.")
@cross_check_option
@limit_options
def check_command(
    reports: tuple[str, ...],
    password: str | None,
    errors_only: bool,
    cross_check: bool,
    limits: dict[str, Any],
) -> None:
    """Print the findings of each REPORT as `file:page: CODE message [severity]`.

    Exits 1 when any error finding exists, 2 when an input could not be read.
    """
    status = EXIT_OK
    for path in reports:
        try:
            result = extract(path, ExtractOptions(password=password, cross_check=cross_check, **limits))
        except KompassError as exc:
            click.echo(f"kompass: {one_line(str(exc))}", err=True)
            status = EXIT_UNREADABLE
            continue
        for finding in result.findings:
            if errors_only and finding.severity != Severity.ERROR:
                continue
            click.echo(finding_line(result, finding))
        if any(f.severity == Severity.ERROR for f in result.findings) and status == EXIT_OK:
            status = EXIT_FINDINGS
    sys.exit(status)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the report JSON."""
    click.echo(schema_json(), nl=False)


@cli.command("examples")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--topic",
    default=None,
    metavar="WORD",
    help="Only sentences with this word (any case, inside words too).",
)
@click.option("--area", type=click.IntRange(1, 8), default=None, help="Only references in this area (1-8).")
@click.option(
    "--role",
    type=click.Choice(["example", "mention", "all"]),
    default="example",
    show_default=True,
    help="example: held up as a model; mention: only named; all: both.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Rows to print (0: all)."
)
@click.option("--sentences", is_flag=True, help="Print each citing sentence under its municipality.")
def examples_command(
    outdir: Path, topic: str | None, area: int | None, role: str, limit: int, sentences: bool
) -> None:
    """Print which municipalities the report JSON files in OUTDIR cite most as
    examples (for a topic word or an area), and by whom.

    Exits 2 when OUTDIR is not a folder or holds no report JSON.
    """
    from extractor.output.examples import citations, format_ranking, rank, read_reports

    if not outdir.is_dir():
        _fail(f"{outdir}: not a folder", EXIT_UNREADABLE)
    reports = read_reports(outdir)
    if not reports.reports:
        _fail(f"{outdir}: no report JSON (schema_version 1) found", EXIT_UNREADABLE)
    found = citations(reports, role=None if role == "all" else role, topic=topic, area=area)
    text = format_ranking(rank(found), limit=limit or None, sentences=sentences)
    click.echo(text or "no cited municipality matches", nl=not text)


@cli.command("review")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the page [default: OUTDIR/review.html].",
)
@click.option(
    "--source-root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder the reports' source paths are relative to [default: looked for].",
)
def review_command(outdir: Path, output: Path | None, source_root: Path | None) -> None:
    """Write one self-contained HTML page reviewing the report JSON files in OUTDIR:
    each finding beside the crop of the page its numbers stand on."""
    from extractor.output.review import write_review

    target = output if output is not None else outdir / "review.html"
    summary = write_review(outdir, target, source_root=source_root)
    click.echo(
        f"{target}: {summary.reports} reports, {summary.findings} findings, "
        f"{summary.unread} without a report, {summary.missing_sources} sources not found"
    )


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the JSON files and manifest.jsonl (created if missing).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes [default: all cores]."
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=120.0,
    show_default=True,
    help="Seconds one file may take; then its worker is killed (0: no limit).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    default=2048,
    show_default=True,
    help="Address space per worker in MiB (0: no cap).",
)
@click.option("--force", is_flag=True, help="Redo inputs that already have a finished output.")
@_LIMIT_OPTIONS[0]  # --max-pages
@_LIMIT_OPTIONS[2]  # --max-size
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the review page (see `kompass review`) to this HTML file.",
)
@password_option
def batch_command(
    inputs: tuple[str, ...],
    outdir: Path,
    jobs: int,
    time_limit: float,
    memory_limit: int,
    force: bool,
    max_pages: int,
    max_size: int,
    review_path: Path | None,
    password: str | None,
) -> None:
    """Extract every INPUT (files, folders searched recursively, globs) into OUTDIR.

    Writes OUTDIR/<name>.json per input and OUTDIR/manifest.jsonl; a rerun skips
    inputs already done. Exits 0 when every file is ok, 1 when some file has error
    findings, 2 when some input failed, 130 when interrupted.
    """
    from extractor.batch import BatchOptions, Limits, discover_inputs, run_batch, summarise, summary_text
    from extractor.batch.progress import progress_for

    found = discover_inputs(inputs, exclude=outdir)
    if not found.files:
        _fail("no input files found in " + ", ".join(inputs), EXIT_UNREADABLE)
    options = BatchOptions(
        workers=jobs,
        limits=Limits(seconds=time_limit or None, memory_mb=memory_limit or None),
        force=force,
        password=password,
        max_pages=max_pages or None,
        max_bytes=max_size or None,
    )
    observers = [progress_for()]
    result = run_batch(found.files, outdir, options, missing=found.missing, observers=observers)
    summary = summarise(result)
    click.echo(summary_text(summary), nl=False)
    if review_path is not None and not result.interrupted:
        from extractor.output.review import write_review

        written = write_review(outdir, review_path)
        click.echo(f"review page: {review_path} ({written.reports} reports, {written.findings} findings)")
    if result.interrupted:
        _fail(f"interrupted: {result.remaining} inputs not reached; rerun to continue", 130)
    sys.exit(EXIT_UNREADABLE if summary.failed else EXIT_FINDINGS if summary.with_findings else EXIT_OK)


@cli.command("export")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["sqlite", "csv", "parquet"]),
    default="sqlite",
    show_default=True,
    help="sqlite: one database; csv, parquet: a folder with a file per table.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write [default: OUTDIR/archive.sqlite, OUTDIR/csv or OUTDIR/parquet].",
)
def export_command(outdir: Path, fmt: str, output: Path | None) -> None:
    """Export the report JSON files in OUTDIR as tidy tables: reports, areas,
    subareas, questions, bullets, findings."""
    from extractor.output.archive import load_archive
    from extractor.output.export import DEFAULT_NAMES, export
    from extractor.output.tables import archive_rows

    try:
        rows = archive_rows(load_archive(outdir))
        target = export(rows, fmt, output if output is not None else outdir / DEFAULT_NAMES[fmt])
    except KompassError as exc:
        _fail(str(exc), EXIT_UNREADABLE)
        return
    counts = ", ".join(f"{len(table_rows)} {name}" for name, table_rows in rows.items())
    click.echo(f"{target}: {counts}")


@cli.command("compare")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("-m", "--municipality", required=True, help="The municipality, e.g. Östersund.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the table as CSV here [default: OUTDIR/compare-<municipality>.csv].",
)
def compare_command(outdir: Path, municipality: str, csv_path: Path | None) -> None:
    """Print the area scores of every evaluation of one municipality in OUTDIR side
    by side, with the change between consecutive evaluations, and write them as CSV."""
    from extractor.batch.files import write_atomic as write_file
    from extractor.batch.naming import safe_stem
    from extractor.output.archive import load_archive
    from extractor.output.compare import compare, comparison_csv, comparison_text

    try:
        reports = load_archive(outdir)
    except KompassError as exc:
        _fail(str(exc), EXIT_UNREADABLE)
        return
    comparison = compare(reports, municipality)
    if not comparison.evaluations:
        known = sorted({str(r.data.get("municipality")) for r in reports if r.data.get("municipality")})
        _fail(
            f"{outdir}: no evaluation of {municipality} (the archive has: {', '.join(known) or 'none'})",
            EXIT_UNREADABLE,
        )
    default_csv = outdir / f"compare-{safe_stem(comparison.municipality).lower()}.csv"
    target = csv_path if csv_path is not None else default_csv
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, comparison_csv(comparison))
    click.echo(f"{comparison.municipality}: {len(comparison.evaluations)} evaluations")
    click.echo(comparison_text(comparison), nl=False)
    click.echo(f"CSV: {target}")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_UNREADABLE if isinstance(exc, click.BadParameter) else exc.exit_code)
    except KompassError as exc:
        _fail(str(exc), EXIT_UNREADABLE)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except MemoryError:
        _fail("out of memory (over the --max-memory limit)", EXIT_UNREADABLE)
    except SystemExit:
        raise
    except BaseException as exc:  # a bug: one line, not a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


if __name__ == "__main__":
    main()
