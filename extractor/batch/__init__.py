"""Batch: many inputs into one output folder, in worker processes, resumable.

    inputs.py    files, folders (recursive) and globs -> the list of inputs
    naming.py    input path -> a safe, unique `<stem>.json` inside OUTDIR
    files.py     sha256 of an input; atomic writes (temporary file + rename)
    manifest.py  OUTDIR/manifest.jsonl: one line per input, read back on a rerun
    pool.py      worker processes with a per-file time limit and a memory cap
    work.py      what a worker does with one input (extract, serialise, summarise)
    run.py       the orchestrator: plan (skip finished inputs), dispatch, write, record
    progress.py  progress on stderr: a bar on a terminal, plain lines otherwise
    summary.py   the end-of-batch summary and the exit status

The library knows nothing about the command line; `extractor/cli.py` maps the
result to exit codes.
"""

from extractor.batch.inputs import discover_inputs
from extractor.batch.manifest import ManifestEntry, Status, read_manifest
from extractor.batch.pool import Limits
from extractor.batch.run import BatchObserver, BatchOptions, BatchResult, run_batch
from extractor.batch.summary import Summary, summarise, summary_text

__all__ = [
    "BatchObserver",
    "BatchOptions",
    "BatchResult",
    "Limits",
    "ManifestEntry",
    "Status",
    "Summary",
    "discover_inputs",
    "read_manifest",
    "run_batch",
    "summarise",
    "summary_text",
]
