"""File-system primitives that never leave a file half-written, and find what a kill left."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

# mkstemp's names: a prefix, eight random characters, a suffix.
_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one.

    The data goes to a temporary file in the same directory, is flushed to disk, then
    renamed over the target, so an interrupted run never leaves a truncated file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def stale_temp_files(directory: Path, is_ours: Callable[[str], bool]) -> list[Path]:
    """Temporary files a killed atomic_write left in `directory`, for names `is_ours` takes."""
    try:
        entries = list(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and is_ours(match["name"]) and entry.is_file() and not entry.is_symlink():
            found.append(entry)
    return found
