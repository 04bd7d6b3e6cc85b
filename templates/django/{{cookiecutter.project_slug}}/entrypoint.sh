#!/bin/sh
# Container entry point: wait for the database, apply migrations, publish the static
# files, then replace this shell with the command (Gunicorn unless one is given), so
# that it runs as PID 1 and receives `docker stop`'s SIGTERM itself.
set -eu
cd "$(dirname "$0")"

: "${DJANGO_SETTINGS_MODULE:={{ cookiecutter.project_slug }}.settings}"
export DJANGO_SETTINGS_MODULE

# Wait at most DB_WAIT_SECONDS (default 60) for the database to accept connections.
python - <<'PY'
import os
import sys
import time

import django
from django.core.exceptions import ImproperlyConfigured

try:
    django.setup()
except ImproperlyConfigured as exc:
    sys.exit(f"ImproperlyConfigured: {exc}")

from django.db import connection
from django.db.utils import OperationalError

limit = float(os.environ.get("DB_WAIT_SECONDS", "60"))
deadline = time.monotonic() + limit
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as exc:
        if time.monotonic() >= deadline:
            sys.exit(f"The database did not answer within {limit:g} s: {exc}")
        print("Waiting for the database...", file=sys.stderr, flush=True)
        time.sleep(1)
PY

# Several replicas starting at once should not all migrate: set MIGRATE_ON_START=false
# on all but one, or run `python manage.py migrate` as a release step.
if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    python manage.py migrate --noinput
fi

# The image holds the static files collected at build time; copy them into the volume
# that Nginx serves on every start, so an upgraded image never leaves stale files there.
if [ -n "${STATIC_VOLUME:-}" ]; then
    cp -R "${STATIC_ROOT:-staticfiles}/." "$STATIC_VOLUME/"
fi

if [ "$#" -eq 0 ]; then
    set -- gunicorn --config gunicorn.conf.py
fi
exec "$@"
