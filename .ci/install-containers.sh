#!/usr/bin/env bash
# Install what the container tests need on a Debian 12 machine, as root.
#
#   docker.io    Debian's Docker Engine (dockerd, containerd, runc)
#   mmdebstrap   builds stand-in base images from Debian packages (no registry here)
#   Compose v2   the CLI plugins from Debian 13's docker-compose and docker-buildx packages
#   and buildx   (BuildKit builds, as users get them), fetched through a temporary trixie apt
#                source with its own lists and cache; the machine's own apt sources are read,
#                never modified.
#
# Idempotent: whatever is already installed is left alone. Starting dockerd is the test
# fixture's job (tests/containers/engine.py), not this script's.
set -euo pipefail

PLUGIN_DIR=/usr/libexec/docker/cli-plugins
HOST_SOURCES=/etc/apt/sources.list.d/debian.sources

log() { echo "install-containers: $*"; }

if [ "$(id -u)" != 0 ]; then
    log "must run as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    # With their recommends (cgroupfs-mount, apparmor, xz-utils, ...), as on the machines
    # where the engine was seen working.
    apt-get install -y -qq "${missing[@]}" ca-certificates
else
    log "docker.io and mmdebstrap already installed"
fi

# plugin name -> Debian package that ships it
declare -A PACKAGE=([docker-compose]=docker-compose [docker-buildx]=docker-buildx)
wanted=()
for plugin in docker-compose docker-buildx; do
    if [ -x "$PLUGIN_DIR/$plugin" ] && "$PLUGIN_DIR/$plugin" version >/dev/null 2>&1; then
        log "$plugin already installed: $("$PLUGIN_DIR/$plugin" version | head -n1)"
    else
        wanted+=("${PACKAGE[$plugin]}")
    fi
done
if [ "${#wanted[@]}" -eq 0 ]; then
    exit 0
fi

if [ ! -r "$HOST_SOURCES" ]; then
    log "cannot read $HOST_SOURCES to derive the trixie mirror" >&2
    exit 1
fi

work="$(mktemp -d /tmp/install-containers.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/archives/partial" "$work/cache"
# Same hosts as the machine's own sources; only the suite names change.
sed -E 's/\bbookworm\b/trixie/g' "$HOST_SOURCES" > "$work/sources.list.d/trixie.sources"

apt_tmp=(
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$work/sources.list.d"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "Dir::Cache::archives=$work/archives"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Get::List-Cleanup=false"
    -o "APT::Sandbox::User=root"
)
log "fetching ${wanted[*]} from trixie through a temporary apt source"
apt-get "${apt_tmp[@]}" update -qq
(cd "$work" && apt-get "${apt_tmp[@]}" download "${wanted[@]}")
for package in "${wanted[@]}"; do
    dpkg-deb -x "$work/${package}"_*.deb "$work/root"
    install -D -m 0755 "$work/root$PLUGIN_DIR/$package" "$PLUGIN_DIR/$package"
    log "installed $("$PLUGIN_DIR/$package" version | head -n1)"
done
