"""`scaffold deploy`: regenerate a project's deployment files from its stored answers.

For each deployment file, a three-way merge of base (what scaffold generated last time,
kept under `.scaffold/base/`), ours (the file now) and theirs (a fresh render into a
temporary directory). Planning is separate from writing, so `--diff` and `--check` see
exactly what a real run would do and write nothing.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from generator import __version__, journal
from generator.answers import Answers, Value
from generator.containment import base_path, check_store, deployment_path, record_path
from generator.deploy_files import DEPLOY_GROUPS, deployment_files, group_of
from generator.errors import ProjectStateError, UsageError
from generator.fsutil import atomic_write, stale_temp_files
from generator.merge import has_conflict_markers, merge3_bytes
from generator.project import complete
from generator.record import (
    RECORD_FILE,
    ProjectRecord,
    content_hash,
    read_record,
    record_bytes,
)
from generator.render import render_template

# The answers that only deployment files depend on; every other answer shapes application
# code too, which deploy never touches. (psycopg is always installed, so the database can
# change here.)
DEPLOY_KEYS = ("database", "python_version", "workers")
# Answers that shape application code as well as deployment files. Deploy accepts a change
# to them, writes the deployment files that follow (app_type=serverless: template.yaml)
# and names the application files that differ, for the user to bring over.
NOTED_KEYS = ("app_type",)


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
    notes: tuple[str, ...] = ()  # what the user should know beyond each file's status

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


def _valid_base(root: Path, record: ProjectRecord, rel: str) -> bytes | None:
    """The stored base of `rel`, or None when it is missing or does not match its hash."""
    data = _read(base_path(root, rel))
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
    if has_conflict_markers(ours):
        # Unresolved: left alone, and the old base kept so the new render is merged once
        # the user has resolved it. Merging now would nest one conflict inside another.
        return FilePlan(rel, Status.CONFLICT, ours, ours, base if base is not None else theirs)
    if ours == theirs:
        return FilePlan(rel, Status.UNCHANGED, ours, ours, theirs)
    if base is not None and ours == base:
        return FilePlan(rel, Status.UPDATED, ours, theirs, theirs)
    if base is not None and theirs == base:  # only the user changed it
        return FilePlan(rel, Status.UNCHANGED, ours, ours, theirs)
    merged, conflicted = merge3_bytes(base or b"", ours, theirs)
    if conflicted:
        return FilePlan(rel, Status.CONFLICT, ours, merged, theirs)
    status = Status.UNCHANGED if merged == ours else Status.MERGED
    return FilePlan(rel, status, ours, merged, theirs)


def _render(
    record: ProjectRecord, answers: Answers, groups: tuple[str, ...], tmp: str
) -> dict[str, tuple[bytes, int]]:
    # No hooks: they write .env and prune application files, none of it deployment.
    rendered = render_template(record.template, answers, Path(tmp), hooks=False)
    return {
        rel: ((rendered / rel).read_bytes(), (rendered / rel).stat().st_mode & 0o777)
        for rel in deployment_files(rendered, groups)
    }


def _bases(
    root: Path, record: ProjectRecord, rels: list[str], needed: set[str]
) -> tuple[dict[str, bytes | None], list[str]]:
    """Each file's base, and notes on those lost.

    A missing base is re-rendered from the recorded answers when the current templates
    still produce exactly what the record's hash says.
    """
    bases = {rel: _valid_base(root, record, rel) for rel in rels}
    missing = sorted(rel for rel in needed if bases[rel] is None and rel in record.files)
    if not missing:
        return bases, []
    with tempfile.TemporaryDirectory(prefix="scaffold-base-") as tmp:
        again = _render(record, complete(record.answers), tuple(DEPLOY_GROUPS), tmp)
    lost = []
    for rel in missing:
        data = again.get(rel, (None, 0))[0]
        if data is not None and content_hash(data) == record.files[rel]:
            bases[rel] = data
        else:
            lost.append(rel)
    notes = []
    if lost:
        notes.append(
            f"the base of {', '.join(lost)} is missing from .scaffold/base/ and scaffold "
            f"{__version__} cannot re-render it (the record was written by scaffold "
            f"{record.generator_version}), so each is merged as a whole-file conflict; "
            "to avoid that, restore .scaffold/ from version control, or run scaffold deploy "
            f"with scaffold {record.generator_version}"
        )
    return bases, notes


def plan_deploy(
    project_dir: Path, changes: Mapping[str, Value], only: tuple[str, ...] = ()
) -> Plan:
    """Render the template with the stored answers plus `changes`; plan every file."""
    root = Path(os.path.realpath(project_dir))
    record = read_record(root)
    check_store(root)
    check_changes(record, changes)
    try:
        complete(record.answers)
    except UsageError as err:  # its hint (`--set ...`) is for `new`; deploy refuses those
        problem = str(err).split("; ")[0]
        raise ProjectStateError(
            f"{root / RECORD_FILE} is invalid ({problem}); restore it from version control"
        ) from err
    answers = complete(record.answers.merged(changes))
    groups = only or tuple(DEPLOY_GROUPS)
    with tempfile.TemporaryDirectory(prefix="scaffold-deploy-") as tmp:
        new_files = _render(record, answers, groups, tmp)
    noted = _application_changes(record, answers, changes)
    known = {rel for rel in record.files if group_of(rel) in groups}
    rels = sorted(known | set(new_files))
    ours = {rel: _read(deployment_path(root, rel)) for rel in rels}
    theirs = {rel: new_files[rel][0] if rel in new_files else None for rel in rels}
    needed = {rel for rel in rels if ours[rel] is not None and ours[rel] != theirs[rel]}
    bases, notes = _bases(root, record, rels, needed)
    notes = [*noted, *notes]
    plans = tuple(
        replace(
            plan_file(rel, bases[rel], ours[rel], theirs[rel]),
            mode=new_files[rel][1] if rel in new_files else None,
        )
        for rel in rels
    )
    hashes = {k: v for k, v in record.files.items() if group_of(k) not in groups}
    hashes |= {p.path: content_hash(p.new_base) for p in plans if p.new_base is not None}
    return Plan(root, plans, replace(record, answers=answers, files=hashes), tuple(notes))


def check_changes(record: ProjectRecord, changes: Mapping[str, Value]) -> None:
    """Refuse a change to an answer that shapes application code (NOTED_KEYS aside)."""
    allowed = (*DEPLOY_KEYS, *NOTED_KEYS)
    for key, value in changes.items():
        if key not in allowed and value != record.answers.get(key):
            raise UsageError(
                f"{key} shapes application code, which deploy never touches; "
                f"deploy can change {', '.join(allowed)}"
            )


def _application_files(record: ProjectRecord, answers: Answers, tmp: str) -> dict[str, bytes]:
    # With the hooks, which drop the files an answer leaves out; .env holds fresh secrets.
    rendered = render_template(record.template, answers, Path(tmp), hooks=True)
    files = {}
    for path in rendered.rglob("*"):
        rel = path.relative_to(rendered).as_posix()
        if path.is_file() and group_of(rel) is None and rel != ".env":
            files[rel] = path.read_bytes()
    return files


def _application_changes(
    record: ProjectRecord, answers: Answers, changes: Mapping[str, Value]
) -> list[str]:
    """A note naming the application files a NOTED_KEYS change makes differ, if any."""
    changed = [k for k in NOTED_KEYS if k in changes and changes[k] != record.answers.get(k)]
    if not changed:
        return []
    with tempfile.TemporaryDirectory(prefix="scaffold-app-") as tmp:
        before = _application_files(record, complete(record.answers), f"{tmp}/before")
        after = _application_files(record, answers, f"{tmp}/after")
    differ = sorted(rel for rel in before | after if before.get(rel) != after.get(rel))
    if not differ:
        return []
    settings = " ".join(f"{key}={answers[key]}" for key in changed)
    return [
        f"{settings} also changes application files, which deploy never touches: "
        f"{', '.join(differ)}; bring them over from a project made by `scaffold new` "
        "with the same answers"
    ]


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


def check_clean(project_dir: Path, plan: Plan, allow_dirty: bool) -> None:
    if allow_dirty:
        return
    dirty = dirty_deployment_files(project_dir, plan)
    if dirty:
        raise ProjectStateError(
            f"uncommitted changes to {', '.join(dirty)}; commit or stash them first, "
            "or pass --allow-dirty"
        )


# --- writing, with a journal ---------------------------------------------------------------


@dataclass
class Progress:
    """How far a run got, so the message at an interruption or a write error is true."""

    root: Path | None = None
    finished: bool = False
    rolled_back: bool = False

    def state(self) -> str:
        if self.root is not None and (self.root / journal.JOURNAL).exists():
            return (
                "the deployment files are partly written; run `scaffold deploy` again "
                "to finish the run"
            )
        if self.finished:
            return "every file had already been written"
        if self.rolled_back:
            return "an interrupted run was rolled back; nothing else was written"
        return "nothing was written"


def _changes(plan: Plan) -> tuple[journal.Change, ...]:
    """Every write the plan needs, the record last (so an old record means 'not done')."""
    root = plan.project_dir
    out = []
    for file in plan.files:
        if file.status in CHANGING or file.status is Status.REMOVED:
            real = deployment_path(root, file.path).relative_to(root).as_posix()
            before = _read(root / real)
            mode = file.mode if before is None else None
            if before != file.result:
                out.append(journal.Change(real, before, file.result, mode))
    for file in plan.files:
        rel = base_path(root, file.path).relative_to(root).as_posix()
        before = _read(root / rel)
        if before != file.new_base:
            out.append(journal.Change(rel, before, file.new_base))
    record = record_path(root, RECORD_FILE).relative_to(root).as_posix()
    out.append(journal.Change(record, _read(root / record), record_bytes(plan.record)))
    return tuple(out)


def _execute(root: Path, changes: tuple[journal.Change, ...], forward: bool) -> None:
    for change in changes:
        want, mode = (change.after, change.mode) if forward else (change.before, None)
        target = root / change.path
        if _read(target) == want:
            continue  # already written before the interruption
        if want is None:
            target.unlink()
        else:
            atomic_write(target, want, mode if not target.exists() else None)
        journal.wrote()


def _verify(root: Path, pending: journal.Journal) -> None:
    for change in pending.changes:
        if _read(root / change.path) not in (change.before, change.after):
            raise ProjectStateError(
                f"{change.path} changed after an interrupted scaffold deploy; restore it "
                f"(or the deployment files) from version control, delete {journal.JOURNAL} "
                "and run again"
            )


def _clean_temp_files(root: Path) -> None:
    """Remove what atomic_write left when a run was killed before a rename."""
    folders = {posixpath.dirname(p) for patterns in DEPLOY_GROUPS.values() for p in patterns}
    for folder in sorted(folders):
        for where in (folder, posixpath.join(".scaffold/base", folder)):
            real = os.path.realpath(root / where)
            if real != str(root) and not real.startswith(str(root) + os.sep):
                continue  # a link out of the project: refused when planning, never cleaned

            def ours(name: str, folder: str = folder) -> bool:
                return group_of(posixpath.join(folder, name)) is not None

            for stale in stale_temp_files(Path(real), ours):
                stale.unlink()
    for stale in stale_temp_files(root, lambda name: name == RECORD_FILE):
        stale.unlink()
    for stale in stale_temp_files(root / ".scaffold", lambda name: name == journal.JOURNAL.name):
        stale.unlink()


def _request(changes: Mapping[str, Value], only: tuple[str, ...]) -> dict[str, object]:
    return {"changes": dict(changes), "only": sorted(only)}


def apply(plan: Plan, request: dict[str, object], progress: Progress) -> None:
    """Journal the plan, write every changed file atomically, then the bases and the record."""
    root = plan.project_dir
    changes = _changes(plan)
    report = [{"path": f.path, "status": f.status.value} for f in plan.files]
    journal.save(root, journal.Journal(request, report, changes))
    _execute(root, changes, forward=True)
    progress.finished = True
    journal.remove(root)


@dataclass(frozen=True)
class Outcome:
    """What a run did: its plan, and what became of an interrupted earlier run."""

    plan: Plan
    recovered: str | None = None  # "finished" or "rolled back": an interrupted earlier run


def run_deploy(
    project_dir: Path,
    changes: Mapping[str, Value],
    only: tuple[str, ...],
    mode: str,
    allow_dirty: bool,
    progress: Progress | None = None,
) -> Outcome:
    """The whole of `scaffold deploy` under the project lock: recover, plan, write."""
    progress = progress or Progress()
    root = Path(os.path.realpath(project_dir))
    progress.root = root
    try:
        with journal.project_lock(root, exclusive=mode == "apply"):
            return _locked_run(root, changes, only, mode, allow_dirty, progress)
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        raise ProjectStateError(f"{where}{err.strerror or err}; {progress.state()}") from err


def _locked_run(
    root: Path,
    changes: Mapping[str, Value],
    only: tuple[str, ...],
    mode: str,
    allow_dirty: bool,
    progress: Progress,
) -> Outcome:
    # A missing or broken record, or a refused change, is said before anything is written.
    check_changes(read_record(root), changes)
    check_store(root)
    pending = journal.load(root)
    if pending is not None and mode != "apply":
        raise ProjectStateError(
            "an interrupted scaffold deploy is unfinished; run `scaffold deploy` to finish it"
        )
    recovered = None
    if mode == "apply":
        _clean_temp_files(root)
    if pending is not None:
        _verify(root, pending)
        request = _request(changes, only)
        if request in (pending.request, _request({}, ())):
            _execute(root, pending.changes, forward=True)
            progress.finished = True
            journal.remove(root)
            return Outcome(_reported(root, pending), "finished")
        _execute(root, tuple(reversed(pending.changes)), forward=False)
        progress.rolled_back = True
        journal.remove(root)
        recovered = "rolled back"
    plan = plan_deploy(root, changes, only)
    if mode == "apply":
        check_clean(root, plan, allow_dirty)
        apply(plan, _request(changes, only), progress)
    return Outcome(plan, recovered)


def _reported(root: Path, pending: journal.Journal) -> Plan:
    """The finished run's plan as it was reported, for printing it again."""
    files = tuple(
        FilePlan(item["path"], Status(item["status"]), None, None, None) for item in pending.report
    )
    return Plan(root, files, read_record(root))
