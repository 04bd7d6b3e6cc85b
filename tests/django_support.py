"""Helpers for the Django template's end-to-end tests that tests/stack.py does not cover.

A cookie-keeping HTTP client (Django's CSRF and session cookies), the admin login
flow, a headless Chromium screenshot, and a small PNG reader to look at its pixels.
"""

from __future__ import annotations

import contextlib
import http.client as httplib
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.stack import process

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The last value of a header, case-insensitively; None when absent."""
        values = self.all(name)
        return values[-1] if values else None

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Session:
    """Requests to one server, keeping its cookies like a browser (ignoring Secure/expiry)."""

    base: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    raw_cookies: list[str] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        *,
        form: Mapping[str, str] | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 15,
    ) -> Reply:
        parts = urlsplit(self.base)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn = httplib.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=sent)
            resp = conn.getresponse()
            reply = Reply(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()
        for raw in reply.all("Set-Cookie"):
            self.raw_cookies.append(raw)
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return reply

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Reply:
        return self.request("POST", path, **kwargs)


def admin_login(session: Session, username: str, password: str) -> Reply:
    """Log in through /admin/login/ with the CSRF token flow; return the admin index page."""
    page = session.get("/admin/login/")
    assert page.status == 200, (page.status, page.headers)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:2000]
    assert "csrftoken" in session.cookies, page.headers
    done = session.post(
        "/admin/login/?next=/admin/",
        form={
            "csrfmiddlewaretoken": match[1],
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    assert done.status == 302, (done.status, done.text[:2000])
    assert done.header("Location") == "/admin/", done.headers
    assert "sessionid" in session.cookies
    return session.get("/admin/")


# --- Chromium ----------------------------------------------------------------------------


def screenshot(url: str, out: Path, size: tuple[int, int] = (1024, 768)) -> Path:
    """Load `url` in headless Chromium and save a PNG of the viewport; Chromium is stopped
    by its process group when done or after a minute."""
    profile = Path(tempfile.mkdtemp(prefix="scaffold-chromium-"))
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-proxy-server",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={size[0]},{size[1]}",
        f"--screenshot={out}",
        url,
    ]
    log = profile.parent / f"{profile.name}.log"
    try:
        with process(cmd, cwd=profile, log=log) as proc:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
        if not out.exists():
            raise AssertionError(f"Chromium wrote no screenshot:\n{log.read_text()[-4000:]}")
        return out
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        log.unlink(missing_ok=True)


# --- PNG -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    pixels: list[tuple[int, int, int]]  # row by row, RGB

    def count(self, rgb: tuple[int, int, int], tolerance: int = 2) -> int:
        """How many pixels are within `tolerance` of this colour in every channel."""
        return sum(
            1
            for p in self.pixels
            if all(abs(a - b) <= tolerance for a, b in zip(p, rgb, strict=True))
        )


def read_png(path: Path) -> Image:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = depth = colour = interlace = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    channels = {2: 3, 6: 4}.get(colour)
    assert depth == 8 and channels and not interlace, (depth, colour, interlace)
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, previous, channels)
        pixels.extend((line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels))
        previous = line
    return Image(width, height, pixels)


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            up_left = prev[i - bpp] if i >= bpp else 0
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
            line[i] = (line[i] + predictor) & 0xFF


# --- small things ------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server(port: int, workdir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A throwaway redis-server on 127.0.0.1:port (no persistence), stopped by PID."""
    redis = shutil.which("redis-server") or "/usr/bin/redis-server"
    cmd = [redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    cmd += ["--dir", str(workdir)]
    with process(cmd, cwd=workdir, log=workdir / "redis.log") as proc:
        yield proc
