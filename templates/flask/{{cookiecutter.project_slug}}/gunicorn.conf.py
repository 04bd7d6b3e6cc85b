"""Gunicorn settings: ``gunicorn -c gunicorn.conf.py`` from the project directory.

Every value can be changed from the environment. For changes the environment cannot
express, create ``gunicorn_local.py`` next to this file: its public names are loaded
last and override the settings below (see the README).
"""

import importlib.util
import os
from pathlib import Path

wsgi_app = "wsgi:app"
# Load the app once in the master, before forking: missing settings stop Gunicorn at once
# with one line (see wsgi.py), and workers share the loaded code. Deploy new code by
# restarting (a new container), not with SIGHUP.
preload_app = True

# Containers must listen on every interface so that Nginx can reach them; Compose never
# publishes this port, only Nginx's. Outside a container set GUNICORN_BIND=127.0.0.1:8000.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # nosec B104

# Worker processes: WEB_CONCURRENCY, else the number chosen at generation, else 2 x CPUs + 1.
CONFIGURED_WORKERS = {{ cookiecutter.workers|string|tojson }}


def default_workers(configured: str = CONFIGURED_WORKERS) -> int:
    """Return the number of workers to start."""
    from_env = os.environ.get("WEB_CONCURRENCY", "").strip()
    if from_env:
        return int(from_env)
    if configured.isdigit():
        return int(configured)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cpus or 1) + 1


workers = default_workers()
# Threads keep connections from Nginx alive between requests (the sync worker cannot).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Longer than Nginx's upstream keepalive_timeout, so Gunicorn never closes a connection
# that Nginx is about to reuse.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Restart workers now and then so a slow leak cannot grow forever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")

# Trust X-Forwarded-Proto from these addresses only (Nginx). Compose sets it for its network.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Worker heartbeat files; the Dockerfile puts them in memory (/dev/shm), not on the
# container's copy-on-write filesystem.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
# No control socket in $HOME (the container user has none).
control_socket_disable = True

_local = Path(__file__).with_name("gunicorn_local.py")
if _local.is_file():
    _spec = importlib.util.spec_from_file_location("gunicorn_local", _local)
    if _spec is not None and _spec.loader is not None:
        _module = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_module)
        globals().update({k: v for k, v in vars(_module).items() if not k.startswith("_")})
