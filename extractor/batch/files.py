"""Reading inputs for their hash, and writing outputs so that no half file is left."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_CHUNK = 1 << 20
TEMP_SUFFIX = ".tmp"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and a rename.

    The temporary file is created with O_EXCL (mkstemp), and `os.replace` renames
    over a symlink rather than following it, so a planted link is never written
    through.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
