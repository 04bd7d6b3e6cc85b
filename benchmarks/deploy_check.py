"""Median time of `scaffold deploy --check` beside `cruft check` on a comparable project.

    pip install cruft && python benchmarks/deploy_check.py [--runs 9]

Both check a Flask project generated from templates/flask: scaffold against its stored
answers and base renders, cruft against a git copy of the same template. Target (issue 5):
`scaffold deploy --check` under 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="scaffold-bench-deploy-"))
    try:
        subprocess.run(
            [sys.executable, "-m", "generator", "new", "--no-input", "--framework", "flask",
             "--set", "project_name=bench", "-o", str(work)],
            check=True, capture_output=True,
        )  # fmt: skip
        ours = median_seconds(
            [sys.executable, "-m", "generator", "deploy", "--check"], work / "bench", runs
        )
        print(f"median of {runs} runs")
        print(
            f"scaffold deploy --check   {ours * 1000:8.1f} ms  (target < 500 ms)"
            f"  {'ok' if ours < 0.5 else 'OVER TARGET'}"
        )
        cruft = shutil.which("cruft")
        if cruft is None:
            print("cruft check               not measured: pip install cruft")
            return
        template = work / "template"
        shutil.copytree(REPO / "templates" / "flask", template)
        git("init", "-q", cwd=template)
        git("add", "-A", cwd=template)
        git("commit", "-qm", "template", cwd=template)
        out = work / "cruft"
        out.mkdir()
        subprocess.run([cruft, "create", str(template), "--no-input", "--output-dir", str(out)],
                       check=True, capture_output=True)  # fmt: skip
        (project,) = [p for p in out.iterdir() if p.is_dir()]
        theirs = median_seconds([cruft, "check"], project, runs)
        print(f"cruft check               {theirs * 1000:8.1f} ms")
        print(f"ratio scaffold/cruft      {ours / theirs:8.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
