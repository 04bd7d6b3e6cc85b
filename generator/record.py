"""`.scaffold.yml`: what a generated project remembers about how it was made.

It holds the answers, the recommendation, the template and generator version, and for
every deployment file the hash of what scaffold last generated. The rendered text of
those files is kept under `.scaffold/base/`, the common ancestor for `scaffold deploy`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.answers import Answers, coerce
from generator.criteria import Framework
from generator.engine import Recommendation
from generator.errors import ProjectStateError, UsageError
from generator.fsutil import atomic_write
from generator.questions import FRAMEWORKS

RECORD_FILE = ".scaffold.yml"
BASE_DIR = Path(".scaffold") / "base"
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


def write_record(project_dir: Path, record: ProjectRecord) -> None:
    import yaml

    text = _HEADER + yaml.safe_dump(record.to_data(), sort_keys=False, allow_unicode=True)
    atomic_write(project_dir / RECORD_FILE, text.encode("utf-8"))


def read_record(project_dir: Path) -> ProjectRecord:
    """Load and validate `.scaffold.yml`; raise ProjectStateError saying what to do."""
    import yaml

    path = project_dir / RECORD_FILE
    fix = "run scaffold deploy inside a project made by `scaffold new`, or pass -C DIR"
    if not path.is_file():
        raise ProjectStateError(f"{path} not found; {fix}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ProjectStateError(
            f"{path} is unreadable or not valid YAML; restore it from version control"
        ) from err
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError, UsageError) as err:
        detail = str(err).strip("'\"") or type(err).__name__
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
    answers = Answers({str(k): coerce(str(k), v) for k, v in raw_answers.items()})
    recommendation = data.get("recommendation") or {}
    recommended = recommendation.get("framework", template)
    if recommended not in FRAMEWORKS:
        raise ValueError(f"recommendation.framework must be one of {', '.join(FRAMEWORKS)}")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise TypeError("files is not a mapping")
    return ProjectRecord(
        template=template,
        answers=answers,
        recommended=recommended,
        scores=dict(recommendation.get("scores", {})),
        overridden=bool(recommendation.get("overridden", False)),
        generator_version=str(data.get("generator_version", "unknown")),
        files={str(k): str(v) for k, v in files.items()},
    )
