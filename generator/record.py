"""`.scaffold.yml`: what a generated project remembers about how it was made.

It holds the answers, the recommendation, the template and generator version, and for
every deployment file the hash of what scaffold last generated. The rendered text of
those files is kept under `.scaffold/base/`, the common ancestor for `scaffold deploy`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.answers import Answers, coerce
from generator.criteria import Framework
from generator.deploy_files import group_of
from generator.engine import Recommendation
from generator.errors import ProjectStateError, UsageError
from generator.fsutil import atomic_write
from generator.questions import FRAMEWORKS

RECORD_FILE = ".scaffold.yml"
BASE_DIR = Path(".scaffold") / "base"
_MAX_RECORD = 1_000_000  # a real record is a few kilobytes
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_HEADER = (
    "# Written by scaffold (https://pypi.org/project/scaffold/). `scaffold deploy` regenerates\n"
    "# the deployment files from these answers; commit this file and .scaffold/ with the rest.\n"
)


@dataclass(frozen=True)
class ProjectRecord:
    """The parsed contents of `.scaffold.yml`."""

    template: Framework
    answers: Answers
    recommended: Framework
    scores: Mapping[str, int]
    overridden: bool
    generator_version: str = __version__
    files: Mapping[str, str] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return {
            "generator_version": self.generator_version,
            "template": self.template,
            "recommendation": {
                "framework": self.recommended,
                "scores": dict(self.scores),
                "overridden": self.overridden,
            },
            "answers": dict(self.answers),
            "files": dict(sorted(self.files.items())),
        }


def new_record(framework: Framework, answers: Answers, rec: Recommendation) -> ProjectRecord:
    return ProjectRecord(
        template=framework,
        answers=answers,
        recommended=rec.framework,
        scores={str(side): points for side, points in rec.scores.items()},
        overridden=framework != rec.framework,
    )


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def record_bytes(record: ProjectRecord) -> bytes:
    import yaml

    text = _HEADER + yaml.safe_dump(record.to_data(), sort_keys=False, allow_unicode=True)
    return text.encode("utf-8")


def write_record(project_dir: Path, record: ProjectRecord) -> None:
    atomic_write(project_dir / RECORD_FILE, record_bytes(record))


def read_record(project_dir: Path) -> ProjectRecord:
    """Load and validate `.scaffold.yml`; raise ProjectStateError saying what to do."""
    import yaml

    path = project_dir / RECORD_FILE
    fix = "run scaffold deploy inside a project made by `scaffold new`, or pass -C DIR"
    if path.is_symlink():
        raise ProjectStateError(f"{path} is a symlink; replace it with the file itself")
    if not path.is_file():
        raise ProjectStateError(f"{path} not found; {fix}")
    try:
        with path.open("rb") as stream:
            raw = stream.read(_MAX_RECORD + 1)
        if len(raw) > _MAX_RECORD:
            raise ValueError("too large")
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError, yaml.YAMLError) as err:
        raise ProjectStateError(
            f"{path} is unreadable or not valid YAML; restore it from version control"
        ) from err
    try:
        return _parse(data)
    except KeyError as err:
        raise ProjectStateError(
            f"{path} is invalid (missing {err.args[0]!r}); restore it from version control"
        ) from err
    except (TypeError, ValueError, RecursionError, UsageError) as err:
        detail = str(err) or type(err).__name__
        raise ProjectStateError(
            f"{path} is invalid ({detail}); restore it from version control"
        ) from err


def _parse(data: object) -> ProjectRecord:
    if not isinstance(data, dict):
        raise TypeError("not a mapping")
    template = data["template"]
    if template not in FRAMEWORKS:
        raise ValueError(f"template must be one of {', '.join(FRAMEWORKS)}")
    raw_answers = data["answers"]
    if not isinstance(raw_answers, dict):
        raise TypeError("answers is not a mapping")
    values = {}
    for key, raw in raw_answers.items():
        try:
            values[str(key)] = coerce(str(key), raw)
        except ValueError as err:  # a value coerce itself did not foresee
            raise ValueError(f"answers: {key}: {raw!r} is not a valid value") from err
    answers = Answers(values)
    recommendation = data.get("recommendation") or {}
    if not isinstance(recommendation, dict):
        raise TypeError("recommendation is not a mapping")
    scores = recommendation.get("scores") or {}
    if not isinstance(scores, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in scores.values()
    ):
        raise TypeError("recommendation.scores is not a mapping of numbers")
    recommended = recommendation.get("framework", template)
    if recommended not in FRAMEWORKS:
        raise ValueError(f"recommendation.framework must be one of {', '.join(FRAMEWORKS)}")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise TypeError("files is not a mapping")
    for rel, digest in files.items():
        if not isinstance(rel, str) or group_of(rel) is None:
            raise ValueError(f"files: {rel!r} is not one of the template's deployment files")
        if not isinstance(digest, str) or not _HASH.fullmatch(digest):
            raise ValueError(f"files: {rel}: not a sha256 hash")
    return ProjectRecord(
        template=template,
        answers=answers,
        recommended=recommended,
        scores={str(k): v for k, v in scores.items()},
        overridden=bool(recommendation.get("overridden", False)),
        generator_version=str(data.get("generator_version", "unknown")),
        files={str(k): str(v) for k, v in files.items()},
    )
