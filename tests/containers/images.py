"""Base images for the container tests.

For every image reference a generated project uses, `ensure_images` takes, in order: the
image already in the engine, the real image from a registry, or a local stand-in built from
Debian packages with mmdebstrap and tagged with exactly that reference. A stand-in carries a
label with the hash of its recipe (suite, packages, files under `standins/`, the machine's CA
bundle), so a later run reuses it and a changed recipe rebuilds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.containers.engine import docker

STANDINS = Path(__file__).parent / "standins"
RECIPE_LABEL = "org.scaffold.standin.recipe"
SOURCE_LABEL = "org.scaffold.standin.source"
RECIPE_VERSION = "1"
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
APT_SOURCES = Path("/etc/apt")
PULL_TIMEOUT = 20
LOCK_PATH = Path(tempfile.gettempdir()) / "scaffold-standins.lock"
PROXY_VARS = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
# Keep stand-ins slim, like the official images: no manuals, docs or translations.
DPKG_EXCLUDES = (
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/info/*",
)

Log = Callable[[str], None]


class StandinError(RuntimeError):
    """A base image can be neither found, pulled nor stood in for."""


@dataclass(frozen=True)
class Recipe:
    """How to stand in for one image reference with Debian packages."""

    ref: str
    kind: str  # a folder under standins/
    suite: str
    packages: tuple[str, ...]
    build_args: Mapping[str, str] = field(default_factory=dict)
    version_cmd: tuple[str, ...] = ()
    expect_in_version: str = ""

    def describe(self) -> str:
        """One line for the test output."""
        return f"Debian {self.suite} ({', '.join(self.packages)})"


@dataclass(frozen=True)
class ImageSource:
    """Where the image for one reference came from."""

    ref: str
    how: str  # "local", "pulled", "stand-in reused", "stand-in built"
    detail: str = ""

    @property
    def standin(self) -> bool:
        """True when the image is a Debian stand-in, not the real one."""
        return self.how.startswith("stand-in")


# ---------------------------------------------------------------- references


def split_ref(ref: str) -> tuple[str, str]:
    """`docker.io/library/python:3.13-slim` -> (`python`, `3.13-slim`)."""
    name, _, tag = ref.partition("@")[0].rpartition(":")
    if not name or "/" in tag:  # no tag, or the colon was a registry port
        name, tag = ref.partition("@")[0], "latest"
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name, tag


def _suite_for(image: str, version: str, table: Mapping[str, str], hint: str) -> str:
    try:
        return table[version]
    except KeyError:
        known = ", ".join(f"{image}:{v} ({s})" for v, s in table.items())
        raise StandinError(
            f"no registry answered and Debian ships no {image} {version} to stand in for "
            f"{image}:{version}{hint}; stand-ins exist for {known}"
        ) from None


def recipe_for(ref: str) -> Recipe:
    """Pick the Debian suite and packages that honestly stand in for `ref`."""
    name, tag = split_ref(ref)
    if name == "python":
        match = re.fullmatch(r"(\d+\.\d+)(?:\.\d+)?-slim(?:-(bookworm|trixie))?", tag)
        if match is None:
            raise StandinError(f"only python:<X.Y>-slim images have stand-ins, not {ref}")
        version = match.group(1)
        suite = _suite_for(
            "python",
            version,
            {"3.11": "bookworm", "3.13": "trixie"},
            " (bookworm has 3.11, trixie 3.13)",
        )
        if match.group(2) not in (None, suite):
            raise StandinError(f"Debian {match.group(2)} has no Python {version} for {ref}")
        return Recipe(
            ref,
            "python",
            suite,
            ("python3", "python3-venv"),
            {"PYTHON_VERSION": version},
            ("python", "--version"),
            f"Python {version}.",
        )
    major = tag.split(".")[0].split("-")[0]
    if name == "postgres":
        suite = _suite_for("postgres", major, {"15": "bookworm", "17": "trixie"}, "")
        return Recipe(
            ref,
            "postgres",
            suite,
            (f"postgresql-{major}",),
            {"PG_MAJOR": major},
            ("postgres", "--version"),
            f" {major}.",
        )
    if name == "redis":
        suite = _suite_for("redis", major, {"7": "bookworm", "8": "trixie"}, "")
        return Recipe(
            ref,
            "redis",
            suite,
            ("redis-server", "redis-tools"),
            {},
            ("redis-server", "--version"),
            f"v={major}.",
        )
    if name == "nginx":
        # Debian's nginx (1.26 in trixie) stands in for any nginx:1.x; the generated config
        # uses nothing newer. The version actually built is printed.
        if major != "1" and tag not in ("latest", "stable", "mainline", "alpine"):
            raise StandinError(f"no stand-in for {ref}: only nginx 1.x")
        return Recipe(
            ref, "nginx", "trixie", ("nginx", "curl", "gettext-base"), {}, ("nginx", "-v"), "nginx"
        )
    raise StandinError(f"no registry answered and there is no stand-in recipe for {ref}")


def _resolve_args(text: str, args: Mapping[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        default = match.group(2)
        return args.get(name, default if default is not None else "")

    return re.sub(r"\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)", sub, text)


def refs_from_dockerfile(text: str) -> list[str]:
    """Base images named by FROM lines, skipping build stages and `scratch`."""
    text = re.sub(r"\\\n", " ", text)
    args: dict[str, str] = {}
    stages: set[str] = set()
    refs: list[str] = []
    seen_from = False
    for raw in text.splitlines():
        words = raw.strip().split()
        if not words or words[0].startswith("#"):
            continue
        instruction = words[0].upper()
        if instruction == "ARG" and not seen_from:
            for spec in words[1:]:
                key, _, value = spec.partition("=")
                args[key] = value.strip("\"'")
        elif instruction == "FROM":
            seen_from = True
            rest = [w for w in words[1:] if not w.startswith("--")]
            image = _resolve_args(rest[0], args)
            if len(rest) >= 3 and rest[1].upper() == "AS":
                stages.add(rest[2].lower())
            if image.lower() not in stages and image != "scratch" and image not in refs:
                refs.append(image)
    return refs


def refs_from_compose(data: Mapping[str, Any], env: Mapping[str, str] | None = None) -> list[str]:
    """Images of compose services that are pulled, not built."""
    env = dict(os.environ if env is None else env)
    refs: list[str] = []
    for service in (data.get("services") or {}).values():
        if not isinstance(service, Mapping) or "build" in service or "image" not in service:
            continue
        image = _resolve_args(str(service["image"]), env)
        if image not in refs:
            refs.append(image)
    return refs


def base_image_refs(project: Path) -> list[str]:
    """Every base image reference in a project's Dockerfiles and compose files."""
    refs: list[str] = []
    skip = {".git", ".venv", "venv", "node_modules"}
    for path in sorted(project.rglob("*")):
        if skip.intersection(path.relative_to(project).parts) or not path.is_file():
            continue
        name = path.name
        if name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile"):
            found = refs_from_dockerfile(path.read_text())
        elif re.fullmatch(r"(docker-)?compose(\.[\w-]+)?\.ya?ml", name):
            found = refs_from_compose(yaml.safe_load(path.read_text()) or {})
        else:
            continue
        refs.extend(r for r in found if r not in refs)
    return refs


# ---------------------------------------------------------------- Debian mirrors


def _host_codename() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("VERSION_CODENAME="):
            return line.partition("=")[2].strip().strip('"')
    return "bookworm"


def _host_source_entries(apt_dir: Path = APT_SOURCES) -> list[tuple[str, list[str], list[str]]]:
    """(URI, suites, components) of the machine's enabled `deb` sources."""
    entries: list[tuple[str, list[str], list[str]]] = []
    for path in sorted((apt_dir / "sources.list.d").glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", path.read_text()):
            fields: dict[str, str] = {}
            for line in stanza.splitlines():
                if line.startswith("#") or ":" not in line or line[:1].isspace():
                    continue
                key, _, value = line.partition(":")
                fields[key.strip().lower()] = value.strip()
            if "deb" not in fields.get("types", "").split():
                continue
            if fields.get("enabled", "yes").lower() == "no":
                continue
            suites = fields.get("suites", "").split()
            components = fields.get("components", "main").split()
            entries += [(uri, suites, components) for uri in fields.get("uris", "").split()]
    lists = [apt_dir / "sources.list", *sorted((apt_dir / "sources.list.d").glob("*.list"))]
    for path in lists:
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            words = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
            if len(words) >= 3 and words[0] == "deb":
                entries.append((words[1], [words[2]], words[3:] or ["main"]))
    return entries


def mirror_lines(suite: str, apt_dir: Path = APT_SOURCES) -> list[str]:
    """sources.list lines for `suite` on the same mirrors as the machine's own sources."""
    codename = _host_codename()
    lines: list[str] = []
    for uri, suites, components in _host_source_entries(apt_dir):
        for host_suite in suites:
            if host_suite == codename or host_suite.startswith(codename + "-"):
                if host_suite.endswith("-backports"):
                    continue
                line = f"deb {uri} {suite}{host_suite[len(codename) :]} {' '.join(components)}"
                if line not in lines:
                    lines.append(line)
    return lines or [f"deb http://deb.debian.org/debian {suite} main"]


# ---------------------------------------------------------------- stand-ins


def recipe_hash(recipe: Recipe) -> str:
    """Hash of everything that goes into a stand-in; equal hash, equal image."""
    digest = hashlib.sha256()
    parts = [RECIPE_VERSION, recipe.kind, recipe.suite, *recipe.packages, *DPKG_EXCLUDES]
    parts += [f"{k}={v}" for k, v in sorted(recipe.build_args.items())]
    for part in parts:
        digest.update(part.encode() + b"\0")
    for path in sorted((STANDINS / recipe.kind).rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if HOST_CA_BUNDLE.is_file():
        digest.update(HOST_CA_BUNDLE.read_bytes())
    return digest.hexdigest()[:16]


def _image_labels(ref: str) -> dict[str, str] | None:
    done = docker("image", "inspect", "--format", "{{json .Config.Labels}}", ref, check=False)
    if done.returncode != 0:
        return None
    return json.loads(done.stdout.strip() or "null") or {}


def _proxy_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in PROXY_VARS and v}


class _Puller:
    """`docker pull` with a short timeout; after the first unreachable registry, stop trying."""

    unreachable: str | None = None

    def pull(self, ref: str) -> str | None:
        if self.unreachable is not None:
            return self.unreachable
        try:
            done = docker("pull", "--quiet", ref, timeout=PULL_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            self.unreachable = f"pull timed out after {PULL_TIMEOUT}s"
            return self.unreachable
        if done.returncode == 0:
            return None
        reason = (done.stderr.strip().splitlines() or ["docker pull failed"])[-1]
        if re.search(r"dial tcp|no such host|timeout|connection refused|network", reason, re.I):
            self.unreachable = reason
        return reason


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    with LOCK_PATH.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(cmd: list[str], timeout: float, env: Mapping[str, str] | None = None) -> None:
    done = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise StandinError(f"`{' '.join(cmd[:3])} ...` failed ({done.returncode}):\n{tail}")


def _first_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else ""


def build_standin(recipe: Recipe, digest: str, log: Log) -> str:
    """mmdebstrap a root filesystem, import it, put the contract on top; return its version."""
    if shutil.which("mmdebstrap") is None:
        raise StandinError(
            f"no registry answered for {recipe.ref} and mmdebstrap is not installed "
            "(run .ci/install-containers.sh as root)"
        )
    started = time.monotonic()
    rootfs_tag = f"scaffold-standin-rootfs:{recipe.kind}-{digest}"
    with tempfile.TemporaryDirectory(prefix="scaffold-standin-") as tmp:
        work = Path(tmp)
        tarball = work / "rootfs.tar"
        cmd = [
            "mmdebstrap",
            "--variant=minbase",
            "--mode=root",
            f"--include={','.join(recipe.packages)}",
            '--aptopt=Acquire::Retries "3"',
            *(f"--dpkgopt={opt}" for opt in DPKG_EXCLUDES),
            recipe.suite,
            str(tarball),
            *mirror_lines(recipe.suite),
        ]
        _run(cmd, timeout=900, env={**os.environ, **_proxy_env()})
        _run(["docker", "import", str(tarball), rootfs_tag], timeout=300)
        context = work / "context"
        shutil.copytree(STANDINS / recipe.kind, context)
        bundle = HOST_CA_BUNDLE.read_bytes() if HOST_CA_BUNDLE.is_file() else b""
        (context / "host-ca-bundle.crt").write_bytes(bundle)
        args = {"ROOTFS": rootfs_tag, **recipe.build_args}
        build = ["docker", "build", "--quiet", "--tag", recipe.ref]
        build += [f"--build-arg={k}={v}" for k, v in args.items()]
        build += [f"--label={RECIPE_LABEL}={digest}", f"--label={SOURCE_LABEL}={recipe.describe()}"]
        try:
            _run([*build, str(context)], timeout=600)
        finally:
            docker("rmi", rootfs_tag, check=False)  # only untags: the stand-in keeps the layer
    version = ""
    if recipe.version_cmd:
        entry, *rest = recipe.version_cmd
        done = docker("run", "--rm", "--entrypoint", entry, recipe.ref, *rest, check=False)
        version = _first_line(done)
        if recipe.expect_in_version not in version:
            raise StandinError(
                f"stand-in {recipe.ref} reports {version!r}, not {recipe.expect_in_version!r}"
            )
    log(
        f"stand-in image {recipe.ref} built from Debian {recipe.suite} "
        f"in {time.monotonic() - started:.0f}s ({version})"
    )
    return version


def _ensure_one(ref: str, puller: _Puller, log: Log) -> ImageSource:
    recipe: Recipe | None = None
    digest = ""
    with contextlib.suppress(StandinError):
        recipe = recipe_for(ref)
        digest = recipe_hash(recipe)
    labels = _image_labels(ref)
    if labels is not None and RECIPE_LABEL not in labels:
        return ImageSource(ref, "local")
    if labels is not None and labels.get(RECIPE_LABEL) == digest:
        source = labels.get(SOURCE_LABEL, "Debian")
        log(f"stand-in image {ref} built from {source} (cached, recipe {digest})")
        return ImageSource(ref, "stand-in reused", source)
    if labels is None:  # an outdated stand-in is rebuilt, not replaced by a pull
        already = puller.unreachable is not None
        failure = puller.pull(ref)
        if failure is None:
            log(f"image {ref} pulled from its registry")
            return ImageSource(ref, "pulled")
        log(f"no registry for {ref}" + ("" if already else f" ({failure})") + ": stand-in needed")
    if recipe is None:
        recipe = recipe_for(ref)  # raises the reason there is no stand-in
    old = docker("image", "inspect", "--format", "{{.Id}}", ref, check=False).stdout.strip()
    version = build_standin(recipe, digest, log)
    if old:
        docker("rmi", old, check=False)  # our own outdated stand-in, now untagged
    return ImageSource(ref, "stand-in built", f"{recipe.describe()}: {version}")


def ensure_images(refs: list[str], log: Log = print) -> dict[str, ImageSource]:
    """Make every reference available: local image, pulled image, or Debian stand-in."""
    puller = _Puller()
    with _build_lock():
        return {ref: _ensure_one(ref, puller, log) for ref in dict.fromkeys(refs)}


def image_size(ref: str) -> int:
    """Size in bytes of a local image."""
    return int(docker("image", "inspect", "--format", "{{.Size}}", ref).stdout.strip())
