"""Which generated files are deployment configuration, by group (`scaffold deploy --only`).

Application code is never in a group: `scaffold deploy` touches only these files.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

DEPLOY_GROUPS: dict[str, tuple[str, ...]] = {
    "docker": ("Dockerfile", ".dockerignore", "docker-compose.yml", "entrypoint.sh"),
    "nginx": ("nginx/default.conf",),
    "gunicorn": ("gunicorn.conf.py",),
    "kubernetes": ("k8s/*.yaml",),
}

DEPLOY_GROUP_NAMES: tuple[str, ...] = tuple(DEPLOY_GROUPS)


def group_of(relpath: str) -> str | None:
    for group, patterns in DEPLOY_GROUPS.items():
        if any(fnmatch(relpath, pattern) for pattern in patterns):
            return group
    return None


def deployment_files(project_dir: Path, groups: tuple[str, ...] = ()) -> list[str]:
    """Relative paths of the deployment files present under `project_dir`, sorted."""
    wanted = groups or tuple(DEPLOY_GROUPS)
    found = []
    for path in project_dir.rglob("*"):
        if path.is_file():
            rel = path.relative_to(project_dir).as_posix()
            if group_of(rel) in wanted:
                found.append(rel)
    return sorted(found)
