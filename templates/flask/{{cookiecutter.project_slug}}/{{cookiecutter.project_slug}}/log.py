"""Logging: one format on stderr, level LOG_LEVEL, set before the app is created."""

from __future__ import annotations

from logging.config import dictConfig


def configure_logging(level: str) -> None:
    """Send the app's records (and the root logger's) to stderr at ``level``."""
    dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "default": {"format": "[%(asctime)s] %(levelname)s in %(name)s: %(message)s"}
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stderr",
                    "formatter": "default",
                }
            },
            "root": {"level": level, "handlers": ["stderr"]},
            # Alembic announces its plugins at INFO on every start.
            "loggers": {"alembic.runtime.plugins": {"level": "WARNING"}},
        }
    )
