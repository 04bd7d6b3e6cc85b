"""Container build and start-up times of generated projects, per framework (issue 8).

    python benchmarks/containers.py [--runs 3] [--database sqlite|postgres]

Per framework, medians over the runs: cold build (`docker build --no-cache .`), code-only
rebuild (one application file changed), `docker compose up -d --build --wait` until every
service is healthy, and the final image's size minus its base image's size. Needs a Docker
Engine with Compose v2 (started here as root when none runs, as in the tests). Without a
registry the base images are Debian stand-ins, named in the output: their sizes and start-up
times differ from the official images'.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cookiecutter.main import cookiecutter  # noqa: E402

from tests.containers import engine  # noqa: E402
from tests.containers.images import base_image_refs, ensure_images, image_size  # noqa: E402
from tests.containers.resources import Resources, free_port  # noqa: E402

SLUG = "my_project"


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds `cmd` took; fails loudly with its output."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return elapsed


def one_run(
    framework: str, database: str, resources: Resources, work: Path, sources: dict[str, str]
) -> dict[str, float]:
    """Render a fresh project and measure it once; note stand-in base images in `sources`."""
    project = Path(
        cookiecutter(
            str(REPO / "templates" / framework),
            no_input=True,
            extra_context={"database": database},
            output_dir=str(work),
        )
    )
    refs = base_image_refs(project)
    for ref, found in ensure_images(refs, log=lambda line: print(f"  {line}")).items():
        if found.standin:
            sources[ref] = found.detail or found.how
    base = next(ref for ref in refs if ref.startswith("python:"))
    tag = resources.image(f"{framework}-{secrets.token_hex(3)}")
    cold = timed(["docker", "build", "--no-cache", "-t", tag, "."], project)
    source = project / SLUG / "__init__.py"
    source.write_text(source.read_text() + f"\n# change {secrets.token_hex(8)}\n")
    rebuilt = resources.image(f"{framework}-{secrets.token_hex(3)}-rebuild")
    rebuild = timed(["docker", "build", "-t", rebuilt, "."], project)
    size = image_size(tag) - image_size(base)
    compose = resources.compose(
        f"{framework}-{secrets.token_hex(3)}", project, {"HTTP_PORT": str(free_port())}
    )
    start = time.perf_counter()
    compose.run("up", "--detach", "--build", "--wait", timeout=600)
    up = time.perf_counter() - start
    resources.down(compose)
    return {"cold build s": cold, "code-only rebuild s": rebuild, "up->healthy s": up,
            "size over base MB": size / 1e6}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    try:
        eng = engine.acquire()
    except engine.EngineUnavailable as err:
        raise SystemExit(f"no Docker Engine: {err}") from err
    resources = Resources(prefix=f"scaffoldbench-{secrets.token_hex(4)}")
    results: dict[str, dict[str, list[float]]] = {}
    standins: dict[str, str] = {}
    work = Path(tempfile.mkdtemp(prefix="scaffold-bench-containers-"))
    try:
        print(f"Docker Engine {eng.server_version}, Compose {eng.compose_version}")
        for framework in ("flask", "django"):
            for run in range(args.runs):
                print(f"{framework} run {run + 1}/{args.runs} ...", flush=True)
                out = work / f"{framework}{run}"
                measured = one_run(framework, args.database, resources, out, standins)
                for key, value in measured.items():
                    results.setdefault(framework, {}).setdefault(key, []).append(value)
    finally:
        problems = resources.cleanup()
        shutil.rmtree(work, ignore_errors=True)
        print(engine.release(eng))
        if problems:
            print("cleanup left:", "; ".join(problems))
    keys = list(next(iter(results.values())))
    print(f"\nmedians over {args.runs} runs, database={args.database}")
    print(f"{'framework':<10}" + "".join(f"{k:>22}" for k in keys))
    for framework, samples in results.items():
        row = "".join(f"{statistics.median(samples[k]):>22.1f}" for k in keys)
        print(f"{framework:<10}{row}")
    named = [f"{ref} ({detail})" for ref, detail in sorted(standins.items())]
    if named:
        print("\nbase images are Debian stand-ins (no registry reachable): " + "; ".join(named))
        print("sizes over base and start-up times differ from the official images'.")


if __name__ == "__main__":
    main()
