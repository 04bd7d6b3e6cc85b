"""HTTPS only (HTTPS_ONLY): redirect plain HTTP, and tell browsers to stay on HTTPS (HSTS)."""

from __future__ import annotations

from flask import Flask, Response, redirect, request

# Probes come over plain HTTP from inside the cluster or container.
PROBES = frozenset({"/healthz", "/readyz"})


def init_security(app: Flask) -> None:
    """Install the HTTPS redirect and the HSTS header when HTTPS_ONLY is on."""
    if not app.config["HTTPS_ONLY"]:
        return

    @app.before_request
    def redirect_to_https() -> Response | None:
        if request.is_secure or request.path in PROBES:
            return None
        return redirect(request.url.replace("http://", "https://", 1), code=301)

    @app.after_request
    def strict_transport_security(response: Response) -> Response:
        # HSTS_SECONDS starts at 60: raise it step by step once HTTPS works everywhere.
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}"
            )
        return response
