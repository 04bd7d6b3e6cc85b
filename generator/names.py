"""Which package names a generated project can take.

The names a project must not take are one list, `templates/reserved_names.txt`, read
here and by the templates' own pre-generation hooks (which also run under plain
cookiecutter), so scaffold and the templates refuse exactly the same names.
"""

from __future__ import annotations

import keyword
import re
import sys
from functools import cache
from pathlib import Path

from generator.paths import templates_root

RESERVED_FILE = "reserved_names.txt"


def read_names(path: Path) -> frozenset[str]:
    """The names in a reserved-names file: one a line, `#` starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(name for line in lines if (name := line.partition("#")[0].strip()))


@cache
def reserved_names() -> frozenset[str]:
    """Every name the package must not take, the standard library's included."""
    return read_names(templates_root() / RESERVED_FILE) | frozenset(sys.stdlib_module_names)


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name the generated package (a phrase after the name), or None."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", slug, re.ASCII):
        return (
            "is not a valid Python identifier in lower case: use ASCII letters, digits and "
            "underscores, not starting with a digit"
        )
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        return "is a Python keyword"
    if slug in reserved_names():
        return (
            "would shadow a module the project imports, or collide with one of its own "
            "files or a path its ignore files exclude"
        )
    return None
