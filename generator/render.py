"""Rendering a template into a directory, and creating a new project atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
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
from generator.record import BASE_DIR, RECORD_FILE, content_hash, new_record, write_record

if TYPE_CHECKING:
    from jinja2 import BytecodeCache


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


def _bytecode_cache() -> BytecodeCache | None:
    """Jinja's compiled templates, kept between runs: compiling is most of a render's time.

    Entries are keyed by each template's source, so a changed template is recompiled. The
    cache is only an optimisation: with no usable cache directory the render goes without.
    """
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    class TolerantCache(FileSystemBytecodeCache):
        """A cache whose full or read-only directory is a miss, not a failed render."""

        def load_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    root = _cache_root()
    if root is None:
        return None
    directory = root / "scaffold" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return TolerantCache(str(directory))


def _cache_root() -> Path | None:
    # The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):
        return Path(configured)
    try:  # no HOME and no passwd entry (an arbitrary container UID): no cache
        return Path.home() / ".cache"
    except (RuntimeError, KeyError):
        return None


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


STAGING_PREFIX = ".scaffold-"


@contextlib.contextmanager
def staging_dir(parent: Path) -> Iterator[Path]:
    """A temporary directory beside the target (same file system, so a rename is atomic).

    Its name carries this process's id, so a later run can tell one left by a killed run.
    """
    try:
        path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    except OSError as err:
        raise UsageError(
            f"cannot write to output directory {parent}: {err.strerror}; "
            "choose another with --output-dir"
        ) from err
    try:
        yield path
    finally:
        with _signals_held():  # a second Ctrl-C must not leave it half deleted
            shutil.rmtree(path, ignore_errors=True)


def clean_stale_staging(parent: Path) -> list[Path]:
    """Remove staging directories whose run is gone (killed outright); return them."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in parent.glob(f"{STAGING_PREFIX}*-*"):
            pid = entry.name.removeprefix(STAGING_PREFIX).partition("-")[0]
            if pid.isascii() and pid.isdigit() and not _alive(int(pid)) and _ours(entry):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def _ours(path: Path) -> bool:
    info = path.lstat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()


@contextlib.contextmanager
def _output_dir(path: Path) -> Iterator[None]:
    """Create `path` and its missing parents; remove what was created if the block fails."""
    missing = []
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        missing.append(ancestor)
        ancestor = ancestor.parent
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(
            f"cannot write to output directory {path}: {err.strerror}; "
            "choose another with --output-dir"
        ) from err
    try:
        yield
    except BaseException:
        for directory in missing:  # deepest first; a directory someone filled stays
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise


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
    if dest.is_symlink():
        raise TargetExistsError(
            f"{dest} is a symbolic link; choose another --output-dir or project name "
            "(nothing was changed)"
        )
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

    Everything is rendered into a staging directory beside the target and moved into
    place at the end; if anything fails, or another run wins the race for the same target,
    nothing is left behind (not even the output directories this run created) and nothing
    that existed is touched. An existing empty target directory is filled, not replaced.
    """
    output_dir = output_dir.absolute()
    dest = output_dir / str(answers["project_slug"])
    check_target(dest)
    existed = dest.is_dir()
    with _output_dir(output_dir), staging_dir(output_dir) as staging:
        rendered = render_template(framework, answers, staging)
        record = new_record(framework, answers, recommendation)
        write_record(rendered, replace(record, files=snapshot_base(rendered)))
        if existed:
            _fill(rendered, dest)
        else:
            _rename(rendered, dest)
    return dest


def _rename(rendered: Path, dest: Path) -> None:
    try:
        os.rename(rendered, dest)
    except OSError as err:
        if err.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise TargetExistsError(
                f"{dest} was created by something else while rendering; nothing was changed"
            ) from err
        raise UsageError(f"cannot create {dest}: {err.strerror}") from err


def _fill(rendered: Path, dest: Path) -> None:
    """Move the project's entries into the existing empty `dest`; undo on failure.

    The directory itself is kept (its inode, mode and owner, and any shell sitting in
    it). The record goes last, so a project with its `.scaffold.yml` is a complete one.
    """
    entries = sorted(rendered.iterdir(), key=lambda p: p.name == RECORD_FILE)
    moved: list[str] = []
    with _signals_held():
        try:
            for entry in entries:
                if os.path.lexists(dest / entry.name):
                    raise TargetExistsError(
                        f"{dest} was filled by something else while rendering; nothing was changed"
                    )
                os.rename(entry, dest / entry.name)
                moved.append(entry.name)
        except BaseException as err:
            for name in reversed(moved):
                with contextlib.suppress(OSError):
                    os.rename(dest / name, rendered / name)
            if isinstance(err, OSError):
                raise UsageError(f"cannot fill {dest}: {err.strerror}") from err
            raise
