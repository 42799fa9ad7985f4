"""Write the archive's tidy tables (`extractor.output.tables`) for other tools.

    sqlite   one database file, a table each, primary and foreign keys (stdlib sqlite3)
    csv      a folder with `<table>.csv` each (UTF-8, header row)
    parquet  a folder with `<table>.parquet` each (needs pyarrow)

Every format is written beside its target and renamed into place, so a failed
export leaves the previous one intact.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractor.errors import KompassError
from extractor.output.files import atomic_path
from extractor.output.tables import TABLES, Row, Table

FORMATS = ("sqlite", "csv", "parquet")
DEFAULT_NAMES = {"sqlite": "archive.sqlite", "csv": "csv", "parquet": "parquet"}


class ExportUnavailable(KompassError):
    """The format needs a package that is not installed."""


_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "number": "NUMERIC"}
_PARENTS = {
    "areas": "reports",
    "subareas": "areas",
    "questions": "areas",
    "bullets": "areas",
    "findings": "reports",
    "area_references": "areas",
}


def create_statement(table: Table) -> str:
    cols = [f'"{c.name}" {_SQL_TYPES[c.kind]}' for c in table.columns]
    cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.key) + ")")
    parent = _PARENTS.get(table.name)
    if parent == "reports":
        cols.append('FOREIGN KEY ("report_id") REFERENCES reports ("report_id")')
    elif parent == "areas":
        cols.append('FOREIGN KEY ("report_id", "area") REFERENCES areas ("report_id", "area")')
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def write_sqlite(rows: dict[str, list[Row]], target: Path) -> None:
    with atomic_path(target) as tmp:
        with sqlite3.connect(tmp) as db:
            db.execute("PRAGMA foreign_keys = ON")
            for table in TABLES:
                db.execute(create_statement(table))
                marks = ", ".join("?" for _ in table.columns)
                db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows[table.name])
        db.close()


def csv_text(table: Table, rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.names)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def _write_folder(
    target: Path, write_one: Callable[[Path, Table, list[Row]], None], rows: dict[str, list[Row]]
) -> None:
    """Fill a fresh sibling folder, then swap it in for `target`."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for table in TABLES:
            write_one(staging, table, rows[table.name])
        if target.is_dir() and not target.is_symlink():
            _check_replaceable(target)
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            raise ExportUnavailable("exists and is not a folder", path=str(target))
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_replaceable(folder: Path) -> None:
    """Only an earlier export (table files and nothing else) is ever removed."""
    ours = {f"{t.name}{suffix}" for t in TABLES for suffix in (".csv", ".parquet")}
    strangers = [p.name for p in folder.iterdir() if p.name not in ours]
    if strangers:
        raise ExportUnavailable(
            f"the folder holds other files ({', '.join(sorted(strangers)[:3])}); choose another -o",
            path=str(folder),
        )


def _csv_one(folder: Path, table: Table, rows: list[Row]) -> None:
    (folder / f"{table.name}.csv").write_text(csv_text(table, rows), encoding="utf-8")


def _parquet_one(folder: Path, table: Table, rows: list[Row]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types: dict[str, Any] = {
        "text": pa.string(),
        "integer": pa.int64(),
        "real": pa.float64(),
        "number": pa.float64(),
    }
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in table.columns]
    arrays = [
        pa.array(
            [None if v is None else float(v) for v in col] if c.kind == "number" else list(col),
            type=types[c.kind],
        )
        for c, col in zip(table.columns, columns, strict=True)
    ]
    pq.write_table(pa.Table.from_arrays(arrays, names=table.names), folder / f"{table.name}.parquet")


def require_parquet(target: Path | None = None) -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise ExportUnavailable(
            "the parquet format needs pyarrow: pip install pyarrow (or pip install 'kommunkompass[parquet]')",
            path=str(target) if target is not None else None,
        ) from exc


def export(rows: dict[str, list[Row]], fmt: str, target: Path) -> Path:
    """Write all tables in `fmt` to `target` (a file for sqlite, a folder otherwise)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "parquet":
        require_parquet(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "sqlite":
        write_sqlite(rows, target)
    else:
        _write_folder(target, _csv_one if fmt == "csv" else _parquet_one, rows)
    return target
