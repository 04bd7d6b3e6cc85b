"""Names and cleanup for everything the container tests create.

Every container, compose project, image tag, network and volume the tests make carries the
per-run prefix (`scaffoldtest-<random>`), and `Resources.cleanup()` removes exactly those:
compose projects by their project label, the rest by the names handed out here. Nothing
without the prefix is ever removed, except compose-built image names that did not exist
before the test built them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.containers.engine import docker

PROJECT_LABEL = "com.docker.compose.project"
# Variables of the caller's shell that would change what `docker compose` does.
COMPOSE_ENV_BLOCKLIST = re.compile(r"^(COMPOSE_.*|DOCKER_DEFAULT_PLATFORM|HTTP_PORT)$")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ComposeProject:
    """One generated project's compose stack, under a prefixed project name."""

    name: str
    directory: Path
    env: dict[str, str] = field(default_factory=dict)
    preexisting_images: dict[str, bool] = field(default_factory=dict)

    def run(
        self, *args: str, timeout: float = 300, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """`docker compose -p NAME ARGS` in the project directory."""
        env = {k: v for k, v in os.environ.items() if not COMPOSE_ENV_BLOCKLIST.match(k)}
        env.update(self.env)
        done = subprocess.run(
            ["docker", "compose", "-p", self.name, *args],
            cwd=self.directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"docker compose {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
            )
        return done

    def container_id(self, service: str) -> str:
        """ID of the service's (single) container."""
        cid = self.run("ps", "--all", "--quiet", service).stdout.strip()
        assert cid, f"no container for service {service}"
        return cid.splitlines()[0]

    def built_images(self) -> list[str]:
        """Image names of services that compose builds (default `<project>-<service>`)."""
        config = json.loads(self.run("config", "--format", "json").stdout)
        names = []
        for service, spec in config.get("services", {}).items():
            if "build" in spec:
                names.append(spec.get("image") or f"{self.name}-{service}")
        return names

    def logs(self) -> str:
        """Every service's log, for failure messages."""
        done = self.run("logs", "--no-color", "--tail", "80", check=False, timeout=60)
        return done.stdout + done.stderr


class Resources:
    """Hands out prefixed names and removes what they named."""

    def __init__(self, prefix: str | None = None) -> None:
        self.prefix = prefix or f"scaffoldtest-{secrets.token_hex(4)}"
        self.projects: list[ComposeProject] = []
        self.containers: list[str] = []
        self.images: list[str] = []

    def name(self, label: str) -> str:
        """`<prefix>-<label>`, in the characters Docker accepts for every kind of name."""
        clean = re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-")
        return f"{self.prefix}-{clean}"

    def image(self, label: str) -> str:
        """A prefixed image tag that cleanup removes."""
        tag = f"{self.name(label)}:test"
        self.images.append(tag)
        return tag

    def container(self, label: str) -> str:
        """A prefixed container name that cleanup removes (with its anonymous volumes)."""
        name = self.name(label)
        self.containers.append(name)
        return name

    def compose(
        self, label: str, directory: Path, env: Mapping[str, str] | None = None
    ) -> ComposeProject:
        """A compose project named with the prefix; cleanup takes it down with its volumes."""
        project = ComposeProject(self.name(label), directory, dict(env or {}))
        for image in project.built_images():
            exists = docker("image", "inspect", image, check=False).returncode == 0
            project.preexisting_images[image] = exists
        self.projects.append(project)
        return project

    def down(self, project: ComposeProject) -> list[str]:
        """Take one compose project down now (containers, networks, volumes, built images)."""
        if project in self.projects:
            self.projects.remove(project)
        return self._down(project)

    def cleanup(self) -> list[str]:
        """Remove every resource handed out; return what could not be removed."""
        problems: list[str] = []
        for project in reversed(self.projects):
            problems += self._down(project)
        self.projects.clear()
        for name in reversed(self.containers):
            done = docker("rm", "--force", "--volumes", name, check=False, timeout=120)
            if done.returncode != 0 and "No such container" not in done.stderr:
                problems.append(f"container {name}: {done.stderr.strip()}")
        self.containers.clear()
        for tag in reversed(self.images):
            done = docker("rmi", "--force", tag, check=False, timeout=120)
            if done.returncode != 0 and "No such image" not in done.stderr:
                problems.append(f"image {tag}: {done.stderr.strip()}")
        self.images.clear()
        return problems

    def _down(self, project: ComposeProject) -> list[str]:
        problems: list[str] = []
        if project.directory.is_dir():
            done = project.run(
                "down", "--volumes", "--rmi", "local", "--remove-orphans", "--timeout", "10",
                check=False, timeout=300,
            )  # fmt: skip
            if done.returncode != 0:
                problems.append(f"compose {project.name}: {done.stderr.strip()[-500:]}")
        # Whatever is still labelled with our project name (if the directory is gone, or
        # `down` failed half-way) goes too.
        label = f"label={PROJECT_LABEL}={project.name}"
        for kind, listing in (
            ("container", ["ps", "--all", "--quiet", "--filter", label]),
            ("volume", ["volume", "ls", "--quiet", "--filter", label]),
            ("network", ["network", "ls", "--quiet", "--filter", label]),
        ):
            ids = docker(*listing, check=False).stdout.split()
            if ids:
                remove: Sequence[str] = {
                    "container": ["rm", "--force", "--volumes"],
                    "volume": ["volume", "rm", "--force"],
                    "network": ["network", "rm"],
                }[kind]
                done = docker(*remove, *ids, check=False, timeout=120)
                if done.returncode != 0:
                    problems.append(f"{kind}s of {project.name}: {done.stderr.strip()}")
        for image, existed in project.preexisting_images.items():
            if not existed:
                docker("rmi", "--force", image, check=False, timeout=120)
        return problems
