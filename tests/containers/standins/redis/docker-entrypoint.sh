#!/bin/sh
# Stand-in for the official redis image's entrypoint: arguments that start with '-' or name a
# .conf file go to redis-server; the server drops to user redis and, unless its config file
# sets protected-mode, runs with `--protected-mode no`.
set -eu

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

if [ "$1" = redis-server ]; then
    protected=1
    config=
    if [ -f "${2:-}" ]; then
        config="$2"
        if grep -q '^protected-mode' "$config"; then
            protected=
        fi
    fi
    if [ -n "$protected" ]; then
        shift
        if [ -n "$config" ]; then
            shift
            set -- "$config" --protected-mode no "$@"
        else
            set -- --protected-mode no "$@"
        fi
        set -- redis-server "$@"
    fi
fi

umask 0077
exec "$@"
