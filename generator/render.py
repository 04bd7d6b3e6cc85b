"""Rendering a template into a directory, and creating a new project atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.answers import Answers
from generator.criteria import Framework
from generator.deploy_files import deployment_files
from generator.engine import Recommendation
from generator.errors import RenderError, TargetExistsError, UsageError
from generator.project import cookiecutter_context, template_dir
from generator.record import BASE_DIR, content_hash, new_record, write_record

if TYPE_CHECKING:
    from jinja2 import FileSystemBytecodeCache


def render_template(
    framework: Framework, answers: Answers, output_dir: Path, hooks: bool = True
) -> Path:
    """Render the framework's template into `output_dir`; return the project directory.

    cookiecutter's `generate_files` is called with a finished context, so answer values
    are data: a description of `{{ 7*7 }}` comes out literally.
    """
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files

    context = {"cookiecutter": cookiecutter_context(framework, answers)}
    # As cookiecutter itself sets it: the hooks find the shared reserved-names list from it.
    context["cookiecutter"]["_repo_dir"] = str(template_dir(framework))
    cache = _bytecode_cache()
    if cache is not None:
        context["cookiecutter"]["_jinja2_env_vars"] = {"bytecode_cache": cache}
    try:
        with _importable(template_dir(framework)), _signals_held():
            generated = generate_files(
                template_dir(framework), context, output_dir=output_dir, accept_hooks=hooks
            )
            return Path(generated)
    except CookiecutterException as err:
        raise RenderError(f"template {framework} failed to render: {err}") from err
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise RenderError(
            f"could not write the project: {err.strerror or err}{where}; nothing was kept"
        ) from err


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's compiled templates, kept between runs: compiling is most of a render's time.

    Entries are keyed by each template's source, so a changed template is recompiled.
    """
    from jinja2 import FileSystemBytecodeCache

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    directory = root / "scaffold" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(directory))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while cookiecutter renders and runs the template's hooks.

    cookiecutter does not stop a hook process when its caller is interrupted, so cleaning
    up the staging directory then would race the hook still writing into it. Held for the
    fraction of a second a render takes, a signal is delivered right after, before the
    project is moved into place, and the staging directory is removed with nothing running.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _importable(directory: Path) -> Iterator[None]:
    """Let the template's own Jinja extensions import, as `cookiecutter` itself does."""
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        sys.path.remove(str(directory))


@contextlib.contextmanager
def staging_dir(parent: Path) -> Iterator[Path]:
    """A temporary directory beside the target (same file system, so a rename is atomic)."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=".scaffold-", dir=parent))
    except OSError as err:
        raise UsageError(
            f"cannot write to output directory {parent}: {err.strerror}; "
            "choose another with --output-dir"
        ) from err
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def snapshot_base(project_dir: Path) -> dict[str, str]:
    """Keep what was generated for each deployment file: the base of a later 3-way merge."""
    hashes = {}
    for rel in deployment_files(project_dir):
        data = (project_dir / rel).read_bytes()
        base = project_dir / BASE_DIR / rel
        base.parent.mkdir(parents=True, exist_ok=True)
        base.write_bytes(data)
        hashes[rel] = content_hash(data)
    return hashes


def check_target(dest: Path) -> None:
    if dest.exists() and not (dest.is_dir() and not any(dest.iterdir())):
        raise TargetExistsError(
            f"{dest} already exists and is not empty; choose another --output-dir "
            "or project name (nothing was changed)"
        )


def create_project(
    framework: Framework,
    answers: Answers,
    recommendation: Recommendation,
    output_dir: Path,
) -> Path:
    """Render a new project into `output_dir/<project_slug>`, all or nothing.

    Everything is rendered into a staging directory beside the target and renamed into
    place at the end; if anything fails, or another run wins the race for the same target,
    nothing is left behind and nothing that existed is touched.
    """
    output_dir = output_dir.absolute()
    dest = output_dir / str(answers["project_slug"])
    check_target(dest)
    with staging_dir(output_dir) as staging:
        rendered = render_template(framework, answers, staging)
        record = new_record(framework, answers, recommendation)
        write_record(rendered, replace(record, files=snapshot_base(rendered)))
        try:
            os.rename(rendered, dest)
        except OSError as err:
            if err.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
                raise TargetExistsError(
                    f"{dest} was created by something else while rendering; nothing was changed"
                ) from err
            raise UsageError(f"cannot create {dest}: {err.strerror}") from err
    return dest


def project_files(project_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(project_dir).as_posix() for p in project_dir.rglob("*") if p.is_file()
    )
