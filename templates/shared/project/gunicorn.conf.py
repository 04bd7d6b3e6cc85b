{%- import "deploy.jinja" as d with context -%}
"""Gunicorn settings: `gunicorn -c gunicorn.conf.py` starts the app from this directory.

The environment overrides the defaults below (the README's environment table lists
them). Lasting local changes belong in gunicorn_local.py next to this file: it is read
last, and `scaffold deploy`, which regenerates this file, leaves it alone.
"""

import importlib.util
import math
import os
from pathlib import Path

# Chosen when the project was generated: a number, or auto for 2 x usable CPUs + 1.
GENERATED_WORKERS = {{ cookiecutter.workers|string|tojson }}
CGROUP = Path("/sys/fs/cgroup")


def cgroup_cpu_limit(root: Path = CGROUP) -> float | None:
    """CPUs the cgroup's quota allows (v2 cpu.max, else v1 cfs quota/period); None: no quota."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 and period_us > 0 else None


def usable_cpus(root: Path = CGROUP) -> int:
    """CPUs this process may use: its affinity mask bounded by the cgroup quota, not the
    host's core count (a container limited to 1 CPU on a 64-core host gets 1)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    limit = cgroup_cpu_limit(root)
    if limit is not None:
        cpus = min(cpus or 1, math.ceil(limit))
    return max(cpus or 1, 1)


def default_workers(configured: str = GENERATED_WORKERS) -> int:
    """WEB_CONCURRENCY if set, else the generated number, else 2 x usable CPUs + 1."""
    from_env = os.environ.get("WEB_CONCURRENCY", "").strip()
    if from_env:
        return int(from_env)
    if configured.isdigit():
        return int(configured)
    return 2 * usable_cpus() + 1


def clear_metrics(directory: str) -> None:
    """Empty PROMETHEUS_MULTIPROC_DIR: counts left there by an earlier run (a restarted
    container) would be added to this run's. Read before the app loads and workers start."""
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink(missing_ok=True)


chdir = str(Path(__file__).resolve().parent)
wsgi_app = {{ d.wsgi_app|tojson }}
# Load the app once in the master, before forking: missing settings stop Gunicorn at once
# with one line, and workers share the loaded code. Deploy new code by restarting.
preload_app = True
# All interfaces by default: in a container only the container network reaches this port
# (Compose publishes Nginx, not Gunicorn). Outside one, set GUNICORN_BIND=127.0.0.1:8000.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # nosec B104
workers = default_workers()
{%- if d.asgi %}
worker_class = "uvicorn_worker.UvicornWorker"
{%- else %}
# Threaded workers keep Nginx's upstream connections alive between requests.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
{%- endif %}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Longer than Nginx keeps idle upstream connections (keepalive_timeout 60s in
# nginx/default.conf), so Nginx closes them first and never reuses a closed one.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle each worker after about a thousand requests to bound slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
{%- if not d.asgi %}
# The common log format plus the time taken (ms) and the request id the app answered with.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
    " request_id=%({x-request-id}o)s"
)
{%- endif %}
# Proxies whose X-Forwarded-* headers are believed: Nginx (Compose and k8s/ set it to
# "*", since only Nginx reaches this port there).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Worker heartbeat files in memory, not on the container's copy-on-write file system.
_SHM = Path("/dev/shm")  # noqa: S108  # nosec B108
worker_tmp_dir = str(_SHM) if _SHM.is_dir() else None
# No control socket in $HOME (the container user has none); this app does not use it.
control_socket_disable = True
# Each start counts from zero in the directory where /metrics adds up the workers.
clear_metrics(os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""))

_local = Path(__file__).with_name("gunicorn_local.py")
if _local.is_file():
    _spec = importlib.util.spec_from_file_location("gunicorn_local", _local)
    if _spec is not None and _spec.loader is not None:
        _module = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_module)
        globals().update({k: v for k, v in vars(_module).items() if not k.startswith("_")})
