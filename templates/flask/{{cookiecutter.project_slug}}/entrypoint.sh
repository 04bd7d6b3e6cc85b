#!/bin/sh
# Container entrypoint: wait for the database, apply migrations (unless
# MIGRATE_ON_START=false), then run the command (Gunicorn by default). Runs from the
# project directory; POSIX sh only.
set -eu

cd "$(dirname "$0")"
# Settings come from the environment only (Compose reads .env for us): the flask command
# must not load .env/.flaskenv here, or it would see settings Gunicorn does not.
export FLASK_SKIP_DOTENV=1

# Bounded wait: DB_WAIT_ATTEMPTS tries, one second apart (python, no pg_isready needed).
flask wait-db --attempts "${DB_WAIT_ATTEMPTS:-30}" --delay 1

# Replicas starting at once must not all migrate: set MIGRATE_ON_START=false on all but
# one (Compose's worker has it), or migrate once per release (k8s/migrate-job.yaml).
if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    flask db upgrade
fi

if [ "$#" -eq 0 ]; then
    set -- gunicorn -c gunicorn.conf.py
fi
exec "$@"
