"""Writing output files whole or not at all.

Every file the tool writes goes to a temporary file in the target's folder and is
then renamed over the target: an interrupted or failed write leaves the old file
(or none), never half a file. The temporary file is created with O_EXCL (mkstemp),
and `os.replace` renames over a symlink rather than following it, so a planted link
is never written through. The result gets the permissions of an ordinary new file
(0666 less the umask), not mkstemp's 0600.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path, *, temp_suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `target` to write to; renamed over `target` when the
    block ends without an exception, deleted otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=temp_suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str | bytes, *, temp_suffix: str = ".tmp") -> None:
    """Write `data` (text as UTF-8) to `path` through a temporary file and a rename."""
    with atomic_path(path, temp_suffix=temp_suffix) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
