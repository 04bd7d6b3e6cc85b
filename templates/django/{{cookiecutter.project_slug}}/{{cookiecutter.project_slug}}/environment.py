"""Read settings from environment variables, and from `.env` in development.

Values are plain strings; these helpers turn them into lists and booleans and
fail with one clear line (an ImproperlyConfigured) when a value is unusable.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def read_dotenv(path: Path) -> None:
    """Load KEY=VALUE lines from `path` into os.environ, never overriding a real variable.

    Blank lines and `#` comments are skipped; one pair of surrounding quotes is removed.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key, value = key.removeprefix("export ").strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key, value)


def get(name: str, default: str = "") -> str:
    """The variable's value without surrounding blanks, or `default` when unset or blank."""
    return os.environ.get(name, "").strip() or default


def get_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in get(name, default).split(",") if item.strip()]


def get_bool(name: str, default: bool) -> bool:
    """A true/false variable (1/0, yes/no, on/off accepted too)."""
    value = get(name).lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def get_int(name: str, default: int) -> int:
    """A whole-number variable."""
    value = get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def require(*names: str, purpose: str) -> None:
    """Fail in one line naming every variable in `names` that is unset or blank."""
    missing = [name for name in names if not get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"{purpose} needs {', '.join(missing)} in the environment (see .env.example)."
        )
