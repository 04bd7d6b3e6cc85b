"""Session fixtures for the container tests; import them into tests/conftest.py.

    from tests.containers.fixtures import base_images, docker_engine, docker_resources

`docker_engine`    a Docker Engine with Compose v2: the running one, or dockerd started
                   for the session and stopped (by PID) at its end.
`base_images`      `BaseImages`: `.for_project(path)` / `.ensure(refs)` make each base image
                   available (local, pulled, or a Debian stand-in) and name stand-ins.
`docker_resources` `Resources`: per-run prefixed names for containers, images and compose
                   projects, all removed at session end even when tests fail.

Without an engine the tests skip with a one-line reason; with SCAFFOLD_REQUIRE_DOCKER=1
(CI) they fail with it instead. tests/test_containers.py binds these names itself, so it runs
with or without the conftest import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.containers import engine as engine_mod
from tests.containers.images import ImageSource, StandinError, base_image_refs, ensure_images
from tests.containers.resources import Resources

REQUIRE_ENV = "SCAFFOLD_REQUIRE_DOCKER"


def required() -> bool:
    """True when a missing engine must fail the run (CI), not skip it."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """Fail (CI) or skip (elsewhere) with a one-line reason."""
    if required():
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def say(config: pytest.Config, line: str) -> None:
    """Print a line in the test output even while output is captured."""
    capture = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")
    if capture is None or reporter is None:
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"[containers] {line}")


class BaseImages:
    """Base images made available once per session, stand-ins named as such."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.sources: dict[str, ImageSource] = {}

    def ensure(self, refs: list[str]) -> dict[str, ImageSource]:
        """Make each reference available; fail or skip with the reason when one cannot be."""
        missing = [ref for ref in refs if ref not in self.sources]
        if missing:
            try:
                self.sources.update(ensure_images(missing, log=lambda m: say(self.config, m)))
            except StandinError as err:
                unavailable(f"base image unavailable: {err}")
        return {ref: self.sources[ref] for ref in refs}

    def for_project(self, project: Path) -> dict[str, ImageSource]:
        """Every base image a generated project's Dockerfiles and compose files use."""
        return self.ensure(base_image_refs(project))


@pytest.fixture(scope="session")
def docker_engine(request: pytest.FixtureRequest) -> Iterator[engine_mod.Engine]:
    """A Docker Engine with Compose v2 for the session; stops only a daemon it started."""
    try:
        engine = engine_mod.acquire()
    except engine_mod.EngineUnavailable as err:
        unavailable(str(err))
    how = "already running"
    if engine.started_pid:
        how = f"started dockerd PID {engine.started_pid}, log {engine.log_path}"
    say(
        request.config,
        f"Docker Engine {engine.server_version} ({how}), Compose {engine.compose_version}",
    )
    yield engine
    say(request.config, engine_mod.release(engine))


@pytest.fixture(scope="session")
def base_images(request: pytest.FixtureRequest, docker_engine: engine_mod.Engine) -> BaseImages:
    """Session cache of base images: local, pulled, or Debian stand-ins."""
    return BaseImages(request.config)


@pytest.fixture(scope="session")
def docker_resources(
    request: pytest.FixtureRequest, docker_engine: engine_mod.Engine
) -> Iterator[Resources]:
    """Prefixed names for everything the tests create; all of it removed at session end."""
    resources = Resources()
    say(request.config, f"container resources use the prefix {resources.prefix}")
    yield resources
    problems = resources.cleanup()
    if problems:
        say(request.config, "cleanup left: " + "; ".join(problems))
