"""Rate limits on logins and writes (rates: THROTTLE_AUTH_RATE, THROTTLE_WRITE_RATE).

The counters live in Django's default cache: Redis when REDIS_URL is set, so the limits
hold across Gunicorn workers and replicas; else each process counts on its own.
"""

import ipaddress
from functools import cache

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


@cache
def _trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] | None:
    """FORWARDED_ALLOW_IPS as networks; None for "*" (every peer is a trusted proxy)."""
    if "*" in settings.FORWARDED_ALLOW_IPS:
        return None
    entries = settings.FORWARDED_ALLOW_IPS
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def client_address(request) -> str:
    """The client's address: the peer's, or the last X-Forwarded-For hop when the peer
    is a trusted proxy (Nginx appends the address it saw). Earlier hops are the
    client's own words, so they never count."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    if not forwarded:
        return peer
    trusted = _trusted_proxies()
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if trusted is None or any(address in network for network in trusted):
        return forwarded
    return peer


class LoginRateThrottle(SimpleRateThrottle):
    """Token requests per client address: wrong passwords cannot be tried at speed."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class WriteRateThrottle(SimpleRateThrottle):
    """Writes per user (per address before authentication); reads are not limited."""

    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return None
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
