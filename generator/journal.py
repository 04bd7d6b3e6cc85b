"""The deploy journal and lock: an interrupted `scaffold deploy` can always be finished.

Before its first write, deploy saves its whole plan (each file's old and new bytes, the
old and new base, the old and new record) to `.scaffold/deploy-journal.json`, and removes
it once the record is written. A later run that finds the journal knows every change in
flight is its own: it finishes the run (or rolls it back to run a different one).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ProjectStateError
from generator.fsutil import atomic_write

JOURNAL = Path(".scaffold") / "deploy-journal.json"
# A test seam: "N:SIGNAME" makes deploy send itself that signal right after its Nth write,
# so tests interrupt a real process at each real write point.
_HOOK = "SCAFFOLD_TEST_SIGNAL_AFTER_WRITE"


@dataclass(frozen=True)
class Change:
    """One file (a deployment file, its base or the record): its bytes before and after."""

    path: str  # where it is written, relative to the project
    before: bytes | None
    after: bytes | None
    mode: int | None = None


@dataclass(frozen=True)
class Journal:
    """A run's whole plan, saved before its first write."""

    request: dict[str, Any]  # the --set changes and --only groups of the run
    report: list[dict[str, str]]  # each deployment file's status, reported again on finishing
    changes: tuple[Change, ...]  # in write order; the record last


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def save(root: Path, journal: Journal) -> None:
    data = {
        "request": journal.request,
        "report": journal.report,
        "changes": [
            {"path": c.path, "before": _b64(c.before), "after": _b64(c.after), "mode": c.mode}
            for c in journal.changes
        ],
    }
    atomic_write(root / JOURNAL, json.dumps(data).encode("utf-8"))
    wrote()


def load(root: Path) -> Journal | None:
    path = root / JOURNAL
    if path.is_symlink():
        raise ProjectStateError(f"{JOURNAL} is a symlink; remove it")
    try:
        data = json.loads(path.read_bytes())
        return Journal(
            request=dict(data["request"]),
            report=[dict(item) for item in data["report"]],
            changes=tuple(
                Change(c["path"], _unb64(c["before"]), _unb64(c["after"]), c["mode"])
                for c in data["changes"]
            ),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ProjectStateError(
            f"{JOURNAL} (left by an interrupted scaffold deploy) is unreadable; restore the "
            "deployment files from version control, delete it and run again"
        ) from err


def remove(root: Path) -> None:
    (root / JOURNAL).unlink(missing_ok=True)
    wrote()


_writes = 0


def wrote() -> None:
    """Count a write; the test seam may stop the process here."""
    global _writes
    _writes += 1
    hook = os.environ.get(_HOOK, "")
    count, _, name = hook.partition(":")
    if count.isdigit() and int(count) == _writes:
        os.kill(os.getpid(), signal.Signals[name])


@contextlib.contextmanager
def project_lock(root: Path, exclusive: bool) -> Iterator[None]:
    """Hold a lock on the project directory; a second deploy meanwhile is refused."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise ProjectStateError(
                f"another scaffold deploy is running in {root}; wait for it to finish, "
                "then run again"
            ) from err
        yield
    finally:
        os.close(fd)
