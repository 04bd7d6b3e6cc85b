"""Median wall-clock time of scaffold's commands beside plain cookiecutter, in one run.

    python benchmarks/cli_speed.py [--runs 15]

Targets (issue 2): `scaffold --help` under 150 ms, `scaffold new --no-input` under 400 ms.
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


def median_seconds(cmd: list[str], runs: int, fresh_dir: bool = False) -> float:
    """Median of `runs` timed executions (after one warm-up), each in a new empty dir."""
    times = []
    for i in range(runs + 1):
        work = Path(tempfile.mkdtemp(prefix="scaffold-bench-"))
        try:
            start = time.perf_counter()
            subprocess.run(
                cmd,
                cwd=work if fresh_dir else REPO,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - start
        finally:
            shutil.rmtree(work)
        if i:  # the first run warms the file cache
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    scaffold = [sys.executable, "-m", "generator"]
    cookiecutter = [sys.executable, "-m", "cookiecutter"]
    rows = [
        ("scaffold --help", median_seconds([*scaffold, "--help"], runs), 0.150),
        ("cookiecutter --help", median_seconds([*cookiecutter, "--help"], runs), None),
    ]
    for framework in ("flask", "django"):
        ours = median_seconds(
            [*scaffold, "new", "--no-input", "--framework", framework, "-o", "."], runs, True
        )
        theirs = median_seconds(
            [*cookiecutter, str(REPO / "templates" / framework), "--no-input", "-o", "."],
            runs,
            True,
        )
        rows.append((f"scaffold new --no-input ({framework})", ours, 0.400))
        rows.append((f"cookiecutter {framework} --no-input", theirs, None))
        rows.append((f"  ratio scaffold/cookiecutter ({framework})", ours / theirs, None))
    print(f"median of {runs} runs, Python {sys.version.split()[0]}")
    for name, value, target in rows:
        if name.strip().startswith("ratio"):
            print(f"{name:44s} {value:8.2f}x")
            continue
        verdict = "" if target is None else ("  ok" if value < target else "  OVER TARGET")
        limit = "" if target is None else f"  (target < {target * 1000:.0f} ms)"
        print(f"{name:44s} {value * 1000:8.1f} ms{limit}{verdict}")


if __name__ == "__main__":
    main()
