"""Logs, error reports and Gunicorn's metrics hooks: the parts with no web framework.

Logging for the app and for Gunicorn is one setup with the same fields everywhere.

Every record carries ``time level logger message request_id method path status
duration_ms``: JSON lines (python-json-logger) in production, where a log collector
parses them, and readable lines in development. This module imports no web framework,
so ``gunicorn.conf.py`` and the settings can use it before the app is loaded.
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import uuid
from typing import Any

# The id of the request being served, set by the app for the request's duration.
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")
JSON_FORMAT = "%(levelname)s %(name)s %(message)s " + " ".join(
    f"%({field})s" for field in REQUEST_FIELDS
)
RENAMED = {"levelname": "level", "name": "logger"}
# An incoming id is kept only if it is short and plain: it is copied into log lines and a
# response header, where anything else could forge a line or a header.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Gunicorn's access line: the common log format, the time taken and the request id the
# app answered with (so it is there whether Nginx or the app made it up).
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
    " request_id=%({x-request-id}o)s"
)


def request_id_from(header: str | None) -> str:
    """The client's or Nginx's ``X-Request-ID`` if it is safe to log, else a new one."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestFields(logging.Filter):
    """Give every record the request fields: the current request id, else None."""

    def filter(self, record: logging.LogRecord) -> bool:
        for field in REQUEST_FIELDS:
            if not hasattr(record, field):
                setattr(record, field, None)
        if record.request_id is None:  # type: ignore[attr-defined]
            record.request_id = request_id_var.get()
        return True


class GunicornAccessFields(logging.Filter):
    """Fill the request fields of Gunicorn's access records from its log atoms."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms:
            record.request_id = atoms.get("{x-request-id}o") or None
            record.method = atoms.get("m")
            record.path = atoms.get("U")
            status = str(atoms.get("s", ""))
            record.status = int(status) if status.isdigit() else None
            record.duration_ms = int(atoms.get("M", 0))
        return True


class OneLine(logging.Filter):
    """Log a record as one warning line without its traceback (a bad Host header is the
    client's mistake or a scan, not a fault of this app)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = "WARNING"
        return True


class TextFormatter(logging.Formatter):
    """Readable lines: time, level, logger, message, then the request fields that are set."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = " ".join(
            f"{field}={getattr(record, field)}"
            for field in REQUEST_FIELDS
            if getattr(record, field, None) is not None
        )
        if not extra:
            return line
        head, sep, rest = line.partition("\n")  # the traceback, if any, stays last
        return f"{head} [{extra}]{sep}{rest}"


def wants_json(app_env: str | None) -> bool:
    """JSON unless in development or testing (production is the default mode)."""
    return (app_env or "production") not in {"development", "testing"}


def logging_config(
    level: str, *, json: bool, loggers: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``dictConfig`` settings: everything to stderr at ``level`` with the fields."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FORMAT,
            "rename_fields": RENAMED,
            "timestamp": "time",
        }
        if json
        else {"()": TextFormatter}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_fields": {"()": RequestFields},
            "gunicorn_access": {"()": GunicornAccessFields},
            "one_line": {"()": OneLine},
        },
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_fields"],
            },
            "access": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "default",
                "filters": ["gunicorn_access", "request_fields"],
            },
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
            **(loggers or {}),
        },
    }


{% if cookiecutter._scaffold_template == "django" -%}
def build_logging(level: str, app_env: str | None) -> dict[str, Any]:
    """Django's ``LOGGING`` (settings.py): JSON lines in production, readable ones otherwise."""
    return logging_config(
        level,
        json=wants_json(app_env),
        loggers={
            "django": {"level": level.upper(), "handlers": ["stderr"], "propagate": False},
            # A request for a host not in ALLOWED_HOSTS (a scan, a stale DNS name): one
            # warning line, not an error with a traceback.
            "django.security.DisallowedHost": {
                "level": "WARNING",
                "handlers": ["stderr"],
                "filters": ["one_line"],
                "propagate": False,
            },
            # This middleware logs every request once; Django's own line would repeat it.
            "django.request": {"level": "ERROR", "handlers": ["stderr"], "propagate": False},
            "django.server": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
        },
    )


{% endif -%}
def gunicorn_logconfig() -> dict[str, Any]:
    """Gunicorn's ``logconfig_dict``: its error and access logs in the app's format."""
    return logging_config(
        os.environ.get("LOG_LEVEL") or "info", json=wants_json(os.environ.get("APP_ENV"))
    )


def init_sentry(app_env: str | None) -> bool:
    """Start the Sentry SDK if ``SENTRY_DSN`` is set; return whether it was started.

    Without a DSN the SDK is not even imported: no cost, nothing sent. Its Flask or
    Django integration switches itself on, so unhandled errors in views are reported.
    """
    dsn = os.environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT") or app_env or "production",
        release=os.environ.get("SENTRY_RELEASE") or None,
        # Errors only: tracing costs quota and is a separate decision.
        traces_sample_rate=0.0,
        send_default_pii=False,
    )
    return True


def child_exit(server: Any, worker: Any) -> None:
    """Gunicorn hook (``child_exit``): a dead worker's live gauges go (its counts stay)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
