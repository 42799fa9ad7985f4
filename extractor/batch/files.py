"""Reading inputs for their hash, and writing outputs so that no half file is left."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.output import files

_CHUNK = 1 << 20
TEMP_SUFFIX = ".tmp"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file and a rename (see `extractor.output.files`),
    with the suffix that `remove_stale_temporaries` knows."""
    files.write_atomic(path, data, temp_suffix=TEMP_SUFFIX)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files an interrupted run left: `.<name>.json.<random>.tmp` and
    `.manifest.jsonl.<random>.tmp`, nothing else."""
    removed = 0
    stale = [*folder.glob(f".*.json.*{TEMP_SUFFIX}"), *folder.glob(f".*.jsonl.*{TEMP_SUFFIX}")]
    for path in stale:
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
