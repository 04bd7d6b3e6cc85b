"""`scaffold deploy`: regenerate a project's deployment files from its stored answers.

For each deployment file, a three-way merge of base (what scaffold generated last time,
kept under `.scaffold/base/`), ours (the file now) and theirs (a fresh render into a
temporary directory). Planning is separate from writing, so `--diff` and `--check` see
exactly what a real run would do and write nothing.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from generator.answers import Value
from generator.deploy_files import DEPLOY_GROUPS, deployment_files, group_of
from generator.errors import ProjectStateError, UsageError
from generator.fsutil import atomic_write
from generator.merge import merge3
from generator.project import complete
from generator.record import BASE_DIR, ProjectRecord, content_hash, read_record, write_record
from generator.render import render_template

# The answers that only deployment files depend on; every other answer shapes application
# code too, which deploy never touches. (psycopg is always installed, so the database can
# change here.)
DEPLOY_KEYS = ("database", "python_version", "workers")


class Status(StrEnum):
    """What happened (or would happen) to one deployment file."""

    UNCHANGED = "unchanged"
    UPDATED = "updated"
    MERGED = "merged"
    CONFLICT = "conflict"
    CREATED = "created"
    KEPT_DELETED = "kept-deleted"
    REMOVED = "removed"
    KEPT_EDITED = "kept-edited"


CHANGING = frozenset(
    {Status.UPDATED, Status.MERGED, Status.CONFLICT, Status.CREATED, Status.REMOVED}
)


@dataclass(frozen=True)
class FilePlan:
    """One file: its status, its current text and the text it will have (None: absent)."""

    path: str
    status: Status
    current: bytes | None
    result: bytes | None
    new_base: bytes | None
    mode: int | None = None  # permissions of the fresh render, for files that are created

    def diff(self) -> str:
        before = (self.current or b"").decode("utf-8", "replace").splitlines(keepends=True)
        after = (self.result or b"").decode("utf-8", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, after, f"a/{self.path}", f"b/{self.path}"))


@dataclass(frozen=True)
class Plan:
    """The whole regeneration: every file's plan and the record to save afterwards."""

    project_dir: Path
    files: tuple[FilePlan, ...]
    record: ProjectRecord

    @property
    def conflicts(self) -> tuple[FilePlan, ...]:
        return tuple(f for f in self.files if f.status is Status.CONFLICT)

    @property
    def changing(self) -> tuple[FilePlan, ...]:
        return tuple(f for f in self.files if f.status in CHANGING)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _stored_base(project_dir: Path, record: ProjectRecord, rel: str) -> bytes | None:
    """The base render of `rel`, or None when it is missing or does not match its hash."""
    data = _read(project_dir / BASE_DIR / rel)
    if data is None or content_hash(data) != record.files.get(rel):
        return None
    return data


def plan_file(rel: str, base: bytes | None, ours: bytes | None, theirs: bytes | None) -> FilePlan:
    """Decide one file's fate from its three versions (the heart of `deploy`)."""
    if theirs is None:  # the template no longer generates this file
        if ours is None or ours == base:
            status = Status.REMOVED if ours is not None else Status.UNCHANGED
            return FilePlan(rel, status, ours, None, None)
        return FilePlan(rel, Status.KEPT_EDITED, ours, ours, None)
    if ours is None:
        if base is not None:  # the user deleted it: it stays deleted
            return FilePlan(rel, Status.KEPT_DELETED, None, None, theirs)
        return FilePlan(rel, Status.CREATED, None, theirs, theirs)
    if ours == theirs:
        return FilePlan(rel, Status.UNCHANGED, ours, ours, theirs)
    if base is not None and ours == base:
        return FilePlan(rel, Status.UPDATED, ours, theirs, theirs)
    if base is not None and theirs == base:  # only the user changed it
        return FilePlan(rel, Status.UNCHANGED, ours, ours, theirs)
    merged, conflicted = merge3(
        (base or b"").decode("utf-8"), ours.decode("utf-8"), theirs.decode("utf-8")
    )
    status = Status.CONFLICT if conflicted else Status.MERGED
    return FilePlan(rel, status, ours, merged.encode("utf-8"), theirs)


def plan_deploy(
    project_dir: Path, changes: Mapping[str, Value], only: tuple[str, ...] = ()
) -> Plan:
    """Render the template with the stored answers plus `changes`; plan every file."""
    record = read_record(project_dir)
    for key, value in changes.items():
        if key not in DEPLOY_KEYS and value != record.answers.get(key):
            raise UsageError(
                f"{key} shapes application code, which deploy never touches; "
                f"deploy can change {', '.join(DEPLOY_KEYS)}"
            )
    answers = complete(record.answers.merged(changes))
    groups = only or tuple(DEPLOY_GROUPS)
    with tempfile.TemporaryDirectory(prefix="scaffold-deploy-") as tmp:
        # No hooks: they write .env and prune application files, none of it deployment.
        rendered = render_template(record.template, answers, Path(tmp), hooks=False)
        rels = deployment_files(rendered, groups)
        new_files = {rel: (rendered / rel).read_bytes() for rel in rels}
        modes = {rel: (rendered / rel).stat().st_mode & 0o777 for rel in rels}
    known = {rel for rel in record.files if group_of(rel) in groups}
    plans = tuple(
        replace(
            plan_file(
                rel,
                _stored_base(project_dir, record, rel),
                _read(project_dir / rel),
                new_files.get(rel),
            ),
            mode=modes.get(rel),
        )
        for rel in sorted(known | set(new_files))
    )
    hashes = {k: v for k, v in record.files.items() if group_of(k) not in groups}
    hashes |= {p.path: content_hash(p.new_base) for p in plans if p.new_base is not None}
    return Plan(project_dir, plans, replace(record, answers=answers, files=hashes))


def dirty_deployment_files(project_dir: Path, plan: Plan) -> list[str]:
    """Deployment files with uncommitted changes, when the project is in a git work tree."""
    git = shutil.which("git")
    if git is None:
        return []
    paths = [f.path for f in plan.files]
    result = subprocess.run(
        [git, "status", "--porcelain", "--", *paths],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:  # not a git work tree
        return []
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def apply(plan: Plan) -> None:
    """Write every changed file atomically, then the new bases, then the record.

    The record goes last: if the run is interrupted, the next run re-plans from the old
    record and finds the files already written unchanged.
    """
    for file in plan.files:
        target = plan.project_dir / file.path
        if file.status is Status.REMOVED:
            target.unlink(missing_ok=True)
        elif file.status in CHANGING and file.result is not None:
            atomic_write(target, file.result, None if target.exists() else file.mode)
    for file in plan.files:
        base = plan.project_dir / BASE_DIR / file.path
        if file.new_base is None:
            base.unlink(missing_ok=True)
        elif _read(base) != file.new_base:
            atomic_write(base, file.new_base)
    write_record(plan.project_dir, plan.record)


def check_clean(project_dir: Path, plan: Plan, allow_dirty: bool) -> None:
    if allow_dirty:
        return
    dirty = dirty_deployment_files(project_dir, plan)
    if dirty:
        raise ProjectStateError(
            f"uncommitted changes to {', '.join(dirty)}; commit or stash them first, "
            "or pass --allow-dirty"
        )
