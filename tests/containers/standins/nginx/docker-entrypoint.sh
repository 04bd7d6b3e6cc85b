#!/bin/sh
# Stand-in for the official nginx image's entrypoint: when the command is nginx, render
# /etc/nginx/templates/*.template into /etc/nginx/conf.d/ (only variables defined in the
# environment are substituted) and run /docker-entrypoint.d/ scripts, then exec the command.
set -eu

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
    suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
    output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
    if [ -d "$template_dir" ]; then
        defined_envs=$(printf '${%s} ' $(awk 'END { for (name in ENVIRON) { print ( name ~ /^[A-Za-z0-9_]+$/ ) ? name : "" } }' < /dev/null))
        find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
            relative="${template#"$template_dir/"}"
            output="$output_dir/${relative%"$suffix"}"
            mkdir -p "$(dirname "$output")"
            echo "$0: rendering $template to $output"
            envsubst "$defined_envs" < "$template" > "$output"
        done
    fi
    if [ -d /docker-entrypoint.d ]; then
        find /docker-entrypoint.d/ -follow -type f -print | sort -V | while read -r f; do
            case "$f" in
                *.sh) if [ -x "$f" ]; then echo "$0: running $f"; "$f"; fi ;;
                *) ;;
            esac
        done
    fi
fi
exec "$@"
