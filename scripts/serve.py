"""Serve the built site under a sub-path, the way GitHub Pages serves a project site.

    python scripts/serve.py [--port 8000] [--prefix /cp14/] [--dir site] [--profile loopback]

Compression as on GitHub Pages: HTML, CSS, JavaScript, JSON, wasm, SVG, text and XML
are gzipped when the browser accepts it; files that are compressed already (.zip,
.whl, .gz) go out as they are. A file asked for again with the date the browser has
(If-Modified-Since) gets 304 Not Modified, as from the host.

Every server sends through a `Link` (`server.link`), which can imitate a slower
network: one rate in bytes per second shared by every connection of the server (a
token bucket, like a home connection that all downloads share) and a fixed latency
added before every response. Throttling here, in the server, reaches every request
of a page, including its dedicated workers' (the browser's own network emulation
does not). `--profile` picks one of PROFILES; the default sends at full speed.

Tests also drive the link: make responses stall, then resume or fail them, and
answer chosen paths with 404:

    server = start_server(site_dir, profile="4mbit")
    server.link.stall(r"python_stdlib\\.zip$", after=64_000)  # headers, 64 kB, then nothing
    ...                                                      # the page should notice
    server.link.wait_stalled()      # True once a response is held
    server.link.release()           # held responses go on; new ones are not held
    server.link.not_found(r"/pyodide-lock\\.json$")
    server.link.reset()             # no stall, no 404 (held responses go on)

Only the standard library: tests and the benchmark import it.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import functools
import gzip
import http.server
import mimetypes
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
}
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".html", ".css", ".svg", ".txt", ".xml"}
# The link sends at most this many bytes at a time, so that connections share it
# fairly and a stall can stop a response at any point.
CHUNK = 16 * 1024


@dataclass(frozen=True)
class Profile:
    """A network to imitate: `rate` bytes per second shared by every connection (None:
    no limit) and `latency` seconds added before every response."""

    name: str
    label: str
    rate: int | None
    latency: float

    def describe(self) -> str:
        if self.rate is None and not self.latency:
            return f"{self.label}: no limit"
        rate = f"{self.rate:,} bytes/s shared" if self.rate else "no rate limit"
        return f"{self.label}: {rate}, +{self.latency * 1000:.0f} ms per request"


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("loopback", "loopback", None, 0.0),
        Profile("20mbit", "20 Mbit/s", 2_500_000, 0.020),
        Profile("4mbit", "4 Mbit/s", 500_000, 0.050),
        Profile("1.6mbit", "1.6 Mbit/s", 200_000, 0.150),
    )
}


@dataclass
class Response:
    """One request the server answered: its path, status and the bytes sent for it
    (status line, headers and body, after compression)."""

    path: str
    status: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.monotonic)


class _Stall:
    def __init__(self, pattern: re.Pattern[str], after: int) -> None:
        self.pattern = pattern
        self.after = after
        self.outcome = ""  # "resume" or "fail" once decided
        self.decided = threading.Event()


class _Abort(Exception):
    """A held response was told to fail: the connection is reset."""


class Link:
    """The network between the server and its clients (see the module's docstring).

    `clock` and `sleep` are the time it keeps (time.monotonic and time.sleep): the
    tests give it a clock of their own, so that what they check of the rate and the
    latency does not depend on how busy the machine is."""

    def __init__(
        self,
        profile: Profile | str = "loopback",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self._cond = threading.Condition()
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self._free_at = 0.0  # the time the link has sent everything it was given
        self._stalls: list[_Stall] = []
        self._missing: list[re.Pattern[str]] = []
        self._held = 0
        self._active = 0
        self._last_done = time.monotonic()
        self._log: deque[Response] = deque(maxlen=100_000)

    # -- settings --------------------------------------------------------------

    def use(self, profile: Profile | str) -> None:
        """Switch to another profile (a name from PROFILES, or a Profile)."""
        with self._cond:
            self.profile = PROFILES[profile] if isinstance(profile, str) else profile
            self._free_at = 0.0

    def stall(self, pattern: str, after: int = 0) -> None:
        """Hold every response whose path matches `pattern` (re.search on the URL's
        path, e.g. r"python_stdlib\\.zip$") once its headers and `after` bytes of its
        body are sent, until `release()` or `fail()`."""
        with self._cond:
            self._stalls.append(_Stall(re.compile(pattern), after))

    def release(self) -> None:
        """Held responses go on; responses from now on are no longer held."""
        self._decide("resume")

    def fail(self) -> None:
        """Held responses end at once with a reset connection (a network error in the
        browser); responses from now on are no longer held."""
        self._decide("fail")

    def not_found(self, pattern: str) -> None:
        """Answer 404 to every request whose path matches `pattern` (re.search)."""
        with self._cond:
            self._missing.append(re.compile(pattern))

    def reset(self) -> None:
        """No stall and no 404 any more; held responses go on. The profile stays."""
        self.release()
        with self._cond:
            self._missing.clear()

    def wait_stalled(self, count: int = 1, timeout: float = 30.0) -> bool:
        """Wait until at least `count` responses are being held; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._held >= count, timeout)

    def wait_idle(self, quiet: float = 0.5, timeout: float = 60.0) -> bool:
        """Wait until no response has been under way for `quiet` seconds; False on
        timeout."""
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                now = time.monotonic()
                if not self._active and now - self._last_done >= quiet:
                    return True
                if now >= end:
                    return False
                self._cond.wait(min(0.05, end - now))

    def take_log(self) -> list[Response]:
        """The responses since the last call (or since the start), oldest first."""
        with self._cond:
            out = list(self._log)
            self._log.clear()
        return out

    @property
    def held(self) -> int:
        """How many responses are being held now."""
        with self._cond:
            return self._held

    # -- used by the handler ---------------------------------------------------

    def _decide(self, outcome: str) -> None:
        with self._cond:
            stalls, self._stalls = self._stalls, []
        for s in stalls:
            s.outcome = outcome
            s.decided.set()

    def _begin(self, path: str) -> tuple[Response, _Stall | None, bool]:
        with self._cond:
            record = Response(path)
            self._log.append(record)
            self._active += 1
            stall = next((s for s in self._stalls if s.pattern.search(path)), None)
            missing = any(p.search(path) for p in self._missing)
        return record, stall, missing

    def _end(self) -> None:
        with self._cond:
            self._active -= 1
            self._last_done = time.monotonic()
            self._cond.notify_all()

    def _hold(self, stall: _Stall) -> None:
        with self._cond:
            self._held += 1
            self._cond.notify_all()
        try:
            stall.decided.wait()
        finally:
            with self._cond:
                self._held -= 1
                self._cond.notify_all()
        if stall.outcome == "fail":
            raise _Abort

    def _take(self, n: int) -> None:
        """Wait until the shared link has sent `n` more bytes (token bucket: an idle
        link lets one CHUNK through at once, then sends at `rate`)."""
        rate = self.profile.rate
        if not rate:
            return
        with self._cond:
            now = self.clock()
            start = max(now - CHUNK / rate, self._free_at)
            self._free_at = start + n / rate
            wait = self._free_at - now
        if wait > 0:
            self.sleep(wait)


class _LinkWriter:
    """The handler's output, sent through the link in CHUNK-sized parts."""

    def __init__(self, raw: object, link: Link) -> None:
        self.raw = raw
        self.link = link
        self.record: Response | None = None
        self.stall: _Stall | None = None
        self.in_body = False
        self.body = 0

    def start(self, record: Response | None, stall: _Stall | None) -> None:
        self.record, self.stall, self.in_body, self.body = record, stall, False, 0

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = min(CHUNK, len(view))
            if self.stall is not None and self.in_body:
                left = self.stall.after - self.body
                if left <= 0:
                    self.link._hold(self.stall)  # raises _Abort when told to fail
                    self.stall = None
                    continue
                n = min(n, left)
            self.link._take(n)
            self.raw.write(view[:n])  # type: ignore[attr-defined]
            if self.record is not None:
                self.record.bytes += n
            if self.in_body:
                self.body += n
            view = view[n:]
        return len(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self.raw, name)


_ATTACH = threading.Lock()


def link_of(server: object) -> Link:
    """The server's link; a server made without one (a plain ThreadingHTTPServer
    with this module's Handler) gets one at full speed."""
    link = getattr(server, "link", None)
    if link is None:
        with _ATTACH:
            link = getattr(server, "link", None)
            if link is None:
                link = Link()
                server.link = link  # type: ignore[attr-defined]
    return link


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files under `prefix`, with the MIME types browsers insist on and gzip
    for text and wasm (GitHub Pages compresses these too), sent through the server's
    link."""

    prefix = "/cp14/"
    extensions_map = {**mimetypes.types_map, **TYPES}  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.link = link_of(self.server)
        self.wfile = _LinkWriter(self.wfile, self.link)  # type: ignore[assignment]
        self._missing = False

    def handle(self) -> None:
        try:
            super().handle()
        except _Abort:
            # Reset the connection: the browser sees a network error mid-body.
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the browser went away (an aborted fetch)

    def handle_one_request(self) -> None:
        self._counted = False
        try:
            super().handle_one_request()
        finally:
            if self._counted:
                self.link._end()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        link = self.link
        record, stall, self._missing = link._begin(self.path.split("?", 1)[0])
        self._counted = True
        self.wfile.start(record, stall)  # type: ignore[attr-defined]
        if link.profile.latency:
            link.sleep(link.profile.latency)
        return True

    def send_response(self, code: int, message: str | None = None) -> None:
        record = self.wfile.record  # type: ignore[attr-defined]
        if record is not None:
            record.status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        # Like a static host: let browsers reuse files for a while (warm loads).
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()
        self.wfile.in_body = True  # type: ignore[attr-defined]

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + bare[len(self.prefix) :])

    def do_HEAD(self) -> None:
        if self._missing:
            self.send_error(404, "File not found")
            return
        super().do_HEAD()

    def do_GET(self) -> None:
        if self._missing:
            self.send_error(404, "File not found")
            return
        if self.path in ("/", "") or self.path == self.prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # redirect to the slash form
                return
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or path.suffix not in COMPRESSIBLE:
            super().do_GET()
            return
        if self._not_modified(path):
            # Asked again with the date it has (a page the browser revalidates), like
            # the host: only the headers.
            self.send_response(304)
            self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
            self.end_headers()
            return
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)

    def _not_modified(self, path: Path) -> bool:
        """Whether the request's If-Modified-Since covers the file's date (as the
        standard handler checks it for the files it sends itself)."""
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return int(path.stat().st_mtime) <= when.timestamp()


class Server(http.server.ThreadingHTTPServer):
    """A threading HTTP server with a `link` that all its connections share."""

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[Handler] | functools.partial[Handler],
        link: Link,
    ) -> None:
        self.link = link
        super().__init__(address, handler)

    def shutdown(self) -> None:
        self.link.reset()  # let held responses finish
        super().shutdown()


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def start_server(
    site_dir: Path,
    prefix: str = "/cp14/",
    host: str = "127.0.0.1",
    port: int = 0,
    profile: Profile | str = "loopback",
    link: Link | None = None,
) -> Server:
    """Start serving in a daemon thread; returns the server (`.server_address`,
    `.link`). `link` replaces the one made for `profile`."""
    handler = functools.partial(
        type("PrefixedHandler", (Handler,), {"prefix": prefix}), directory=str(site_dir)
    )
    server = Server((host, port), handler, link or Link(profile))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--prefix", default="/cp14/")
    parser.add_argument("--dir", default="site", type=Path)
    parser.add_argument(
        "--profile",
        default="loopback",
        choices=PROFILES,
        help="network to imitate: "
        + "; ".join(f"{name} = {p.describe()}" for name, p in PROFILES.items()),
    )
    args = parser.parse_args()
    server = start_server(args.dir, args.prefix, args.host, args.port, args.profile)
    print(f"Serving {args.dir}/ at http://{args.host}:{server.server_address[1]}{args.prefix}")
    print(f"Network: {server.link.profile.describe()}")
    print("Press Ctrl+C to stop.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
