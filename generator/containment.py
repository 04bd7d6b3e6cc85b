"""Keep `scaffold deploy` inside its project: every path it reads or writes is checked here.

A cloned repository may hold any `.scaffold.yml` and `.scaffold/`; neither a `..` path, an
absolute path nor a symlink may lead deploy out of the project or into scaffold's own store.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.deploy_files import group_of
from generator.errors import ProjectStateError

STORE = ".scaffold"


def _inside(root: Path, path: str) -> bool:
    return path == str(root) or path.startswith(str(root) + os.sep)


def deployment_path(root: Path, rel: str) -> Path:
    """Where deployment file `rel` really lives: through a symlink that stays in the project.

    Refused: a path that is not one of the template's deployment files, one that resolves
    outside the project or into `.scaffold/` or `.git/`, a directory, and a link to another
    deployment file.
    """
    if group_of(rel) is None:
        raise ProjectStateError(
            f"{rel!r} is not one of the template's deployment files; "
            "restore .scaffold.yml from version control"
        )
    real = os.path.realpath(root / rel)
    if not _inside(root, real):
        raise ProjectStateError(
            f"{rel} leads outside the project (to {real}) through a symlink; "
            "replace the link with the file itself"
        )
    inner = Path(real).relative_to(root).as_posix()
    if inner.split("/")[0] in {STORE, ".git"}:
        raise ProjectStateError(f"{rel} is a symlink into {inner.split('/')[0]}/; remove the link")
    if inner != rel and group_of(inner) is not None:
        raise ProjectStateError(
            f"{rel} is a symlink to {inner}, another deployment file; replace the link"
        )
    parent = os.path.dirname(real)
    if os.path.lexists(parent) and not os.path.isdir(parent):
        raise ProjectStateError(
            f"{Path(parent).relative_to(root)} is a file where scaffold deploy expects a "
            "directory; move it away"
        )
    if os.path.isdir(real):
        raise ProjectStateError(
            f"{rel} is a directory where scaffold deploy expects a file; move it away"
        )
    return Path(real)


def base_path(root: Path, rel: str) -> Path:
    """The stored base of `rel` under `.scaffold/base/`, where no symlink is allowed."""
    if group_of(rel) is None:
        raise ProjectStateError(f"{rel!r} is not one of the template's deployment files")
    path = root
    for part in (STORE, "base", *rel.split("/")):
        path = path / part
        if path.is_symlink():
            raise ProjectStateError(
                f"{path.relative_to(root)} is a symlink; scaffold keeps real files under "
                f"{STORE}/: replace the link, or restore {STORE}/ from version control"
            )
    if path.is_dir():
        raise ProjectStateError(f"{path.relative_to(root)} is a directory; remove it")
    return path


def check_store(root: Path) -> None:
    """Refuse symlinks anywhere in `.scaffold/`, and stored bases of non-deployment files."""
    store = root / STORE
    if store.is_symlink():
        raise ProjectStateError(f"{STORE} is a symlink; restore {STORE}/ from version control")
    for dirpath, dirnames, filenames in os.walk(store):
        here = Path(dirpath)
        for name in dirnames + filenames:
            rel = (here / name).relative_to(root).as_posix()
            if (here / name).is_symlink():
                raise ProjectStateError(
                    f"{rel} is a symlink; restore {STORE}/ from version control"
                )
            stored = rel.removeprefix(f"{STORE}/base/")
            temp = name.startswith(".") and name.endswith(".tmp")
            if name in filenames and rel != stored and group_of(stored) is None and not temp:
                raise ProjectStateError(f"{rel} is not the base of a deployment file; remove it")


def record_path(root: Path, name: str) -> Path:
    """A file of scaffold's own at the project's top (`.scaffold.yml`): never a symlink."""
    path = root / name
    if path.is_symlink():
        raise ProjectStateError(f"{name} is a symlink; replace it with the file itself")
    return path
