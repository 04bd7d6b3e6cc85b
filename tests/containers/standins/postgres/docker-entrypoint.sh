#!/usr/bin/env bash
# Stand-in for the official postgres image's entrypoint (the parts generated projects use):
# first start initialises $PGDATA from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB,
# creates the named database, runs /docker-entrypoint-initdb.d/*.sql|*.sh, then the server
# runs as user postgres, listening on all addresses.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 00700 "$PGDATA"
    chmod 03775 /var/run/postgresql
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
        cat >&2 <<'EOM'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
EOM
        exit 1
    fi
    user="${POSTGRES_USER:-postgres}"
    db="${POSTGRES_DB:-$user}"
    initdb=(initdb --username="$user" --encoding=UTF8 --locale=C.UTF-8
        --auth-local=trust --auth-host=scram-sha-256)
    # shellcheck disable=SC2206 # POSTGRES_INITDB_ARGS is a list of arguments
    initdb+=(${POSTGRES_INITDB_ARGS:-} -D "$PGDATA")
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then
        "${initdb[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
    else
        "${initdb[@]}"
    fi
    printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    psql=(psql -v ON_ERROR_STOP=1 --username "$user" --no-password --no-psqlrc)
    if [ "$db" != postgres ]; then
        "${psql[@]}" --dbname postgres --set db="$db" <<<'CREATE DATABASE :"db";'
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh) echo "$0: running $f"; . "$f" ;;
            *.sql) echo "$0: running $f"; "${psql[@]}" --dbname "$db" -f "$f" ;;
            *) ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
