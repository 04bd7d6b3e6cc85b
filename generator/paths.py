"""Where scaffold's templates live."""

from __future__ import annotations

from pathlib import Path


def templates_root() -> Path:
    """Where the templates live: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"
