{%- import "deploy.jinja" as d with context -%}
#!/bin/sh
# Container entry point: wait for the database, apply migrations (unless
# MIGRATE_ON_START=false), copy the static files for Nginx, then replace this shell with
# the command (Gunicorn unless one is given), so that it receives `docker stop`'s SIGTERM.
set -eu
cd "$(dirname "$0")"

# A server never falls back to development.
: "${APP_ENV:=production}"
export APP_ENV
{%- if d.flask %}
# Settings come from the environment only, as for Gunicorn: no .env/.flaskenv here.
export FLASK_SKIP_DOTENV=1
{%- endif %}

# Wait at most DB_WAIT_SECONDS (default 60) for a PostgreSQL DATABASE_URL to accept a
# connection; SQLite needs no wait. One line on stderr, never the URL (it holds a password).
python - <<'PY'
import os
import re
import sys
import time

url = os.environ.get("DATABASE_URL", "")
if re.match(r"postgres(ql)?(\+\w+)?://", url):
    import psycopg

    dsn = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)
    limit = float(os.environ.get("DB_WAIT_SECONDS", "60"))
    deadline = time.monotonic() + limit
    waiting = False
    while True:
        try:
            psycopg.connect(dsn, connect_timeout=3).close()
            break
        except psycopg.Error as exc:
            if time.monotonic() >= deadline:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                sys.exit(f"The database did not answer within {limit:g} s: {reason}")
            if not waiting:
                print(f"Waiting up to {limit:g} s for the database...", file=sys.stderr, flush=True)
                waiting = True
            time.sleep(1)
PY

# Replicas starting at once must not all migrate: set MIGRATE_ON_START=false on all but
# one (Compose's worker has it), or migrate once per release (k8s/migrate-job.yaml).
if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    {{ d.migrate }}
fi

# The image holds its static files; copy them into the volume that Nginx serves on every
# start, so an upgraded image never leaves stale files there.
if [ -n "${STATIC_VOLUME:-}" ]; then
    cp -R "{{ d.static_dir }}/." "$STATIC_VOLUME/"
fi

if [ "$#" -eq 0 ]; then
    set -- gunicorn -c gunicorn.conf.py
fi
exec "$@"
