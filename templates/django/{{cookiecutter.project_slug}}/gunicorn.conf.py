"""Gunicorn settings: `gunicorn -c gunicorn.conf.py` starts the app from this directory.

The environment overrides the defaults below. Lasting local changes belong in
gunicorn_local.py next to this file: it is read last, and `scaffold deploy`, which
regenerates this file, leaves it alone.
"""

import importlib.util
import multiprocessing
import os
from pathlib import Path

# Chosen when the project was generated: a number, or auto for 2 x CPUs + 1.
_GENERATED_WORKERS = {{ cookiecutter.workers|tojson }}


def _workers() -> int:
    """WEB_CONCURRENCY if set, else the generated number, else 2 x CPUs + 1."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip() or str(_GENERATED_WORKERS)
    return int(configured) if configured.isdigit() else multiprocessing.cpu_count() * 2 + 1


chdir = str(Path(__file__).resolve().parent)
{%- if cookiecutter.asgi %}
wsgi_app = "{{ cookiecutter.project_slug }}.asgi:application"
worker_class = "uvicorn_worker.UvicornWorker"
{%- else %}
wsgi_app = "{{ cookiecutter.project_slug }}.wsgi:application"
# Sync workers behind Nginx (which buffers slow clients); GUNICORN_THREADS > 1 switches
# to threaded workers.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
{%- endif %}
# All interfaces by default: in a container the port is reachable only through the
# container network (Compose publishes Nginx, not this port). Use GUNICORN_BIND to narrow.
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = _workers()
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than Nginx keeps idle upstream connections (60 s), so Nginx closes them first.
keepalive = 75
# Recycle each worker after about a thousand requests to bound slow memory growth.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Proxies whose X-Forwarded-* headers are believed (Compose sets "*": only Nginx can
# reach this port there).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Gunicorn >= 25.1 would also open a control socket in $HOME; this app does not use it.
control_socket_disable = True

_local = Path(__file__).with_name("gunicorn_local.py")
if _local.is_file():
    _spec = importlib.util.spec_from_file_location("gunicorn_local", _local)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
    globals().update({k: v for k, v in vars(_module).items() if not k.startswith("_")})
