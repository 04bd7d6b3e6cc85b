"""Which generated files are deployment configuration, by group (`scaffold deploy --only`).

Application code is never in a group: `scaffold deploy` touches only these files. A
pattern matches segment by segment, so `*` never crosses a `/`: `k8s/*.yaml` names
`k8s/web.yaml`, never `k8s/../../elsewhere.yaml` nor `k8s/sub/web.yaml`.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

DEPLOY_GROUPS: dict[str, tuple[str, ...]] = {
    "docker": ("Dockerfile", ".dockerignore", "docker-compose.yml", "entrypoint.sh"),
    "nginx": ("nginx/default.conf",),
    "gunicorn": ("gunicorn.conf.py",),
    "kubernetes": ("k8s/*.yaml",),
    # AWS Lambda (app_type=serverless): the SAM template and the handler it names.
    "serverless": ("template.yaml", "lambda_handler.py"),
    # The static site (app_type=static): built by the app, served by Nginx alone.
    "static": ("Dockerfile.static", "nginx/static.conf"),
}

DEPLOY_GROUP_NAMES: tuple[str, ...] = tuple(DEPLOY_GROUPS)


def is_plain_relpath(relpath: str) -> bool:
    """A relative POSIX path with no `.`, `..`, empty or absolute parts and no backslash."""
    if not relpath or relpath.startswith("/") or "\\" in relpath or "\0" in relpath:
        return False
    return all(part not in {"", ".", ".."} for part in relpath.split("/"))


def _matches(relpath: str, pattern: str) -> bool:
    parts, wanted = relpath.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(map(fnmatchcase, parts, wanted))


def group_of(relpath: str) -> str | None:
    """The group a deployment file belongs to; None for anything else (or a bad path)."""
    if not is_plain_relpath(relpath):
        return None
    for group, patterns in DEPLOY_GROUPS.items():
        if any(_matches(relpath, pattern) for pattern in patterns):
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
