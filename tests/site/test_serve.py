"""scripts/serve.py: compression as on GitHub Pages, and the link that imitates a slower
network (shared rate, latency, stalls, 404s) for the benchmark and the browser tests.

The rate and the latency are checked on a clock of the test's own (LinkClock), which
the link reads and "sleeps" on: what is checked is the time the link gives each
byte, not how long the machine took, so a busy machine cannot fail these tests.
"""

from __future__ import annotations

import gzip
import http.client
import os
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve import CHUNK, PROFILES, Profile, Server, start_server

pytestmark = pytest.mark.site

PREFIX = "/cp14/"
BIG = 400_000  # bytes in each of the two already-compressed test files
TEXT = b"<p>cp14 serves this text gzipped.</p>\n" * 200


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name in ("a.zip", "b.zip"):
        (root / name).write_bytes(os.urandom(BIG))
    for ext in ("html", "css", "js", "mjs", "json", "wasm", "svg"):
        (root / f"file.{ext}").write_bytes(TEXT)
    for ext in ("zip", "whl", "gz"):
        (root / f"packed.{ext}").write_bytes(gzip.compress(TEXT))
    (root / "tiny.txt").write_bytes(b"x")
    return root


@pytest.fixture(scope="module")
def shared_server(files: Path) -> Iterator[Server]:
    s = start_server(files, PREFIX)
    yield s
    s.shutdown()
    s.server_close()


class LinkClock:
    """A clock for the link that moves only when the link sleeps: each sleep ends at
    the time the sleeping thread last read plus the wait, so the clock ends at the
    time the link has given its last byte. Every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()
        self._read = threading.local()

    def clock(self) -> float:
        with self._lock:
            self._read.at = self.now
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now = max(self.now, getattr(self._read, "at", self.now) + seconds)


@pytest.fixture
def server(shared_server: Server) -> Iterator[Server]:
    """The module's server, back to full speed with no stall or 404 after each test."""
    link = shared_server.link
    clock, sleep = link.clock, link.sleep
    yield shared_server
    link.reset()
    link.use("loopback")
    link.clock, link.sleep = clock, sleep


@pytest.fixture
def link_clock(server: Server) -> LinkClock:
    """The server's link on a clock of the test's own, which records the link's `_take`s."""
    clock = LinkClock()
    server.link.clock, server.link.sleep = clock.clock, clock.sleep
    clock.taken = []  # type: ignore[attr-defined]
    take = server.link._take

    def recorded(n: int) -> None:
        clock.taken.append(n)  # type: ignore[attr-defined]
        take(n)

    server.link._take = recorded  # type: ignore[method-assign]
    yield clock
    del server.link._take


def get(
    server: Server, name: str, gzip_ok: bool = True, timeout: float = 30.0
) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=timeout)
    conn.request("GET", PREFIX + name, headers={"Accept-Encoding": "gzip" if gzip_ok else ""})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def open_response(server: Server, name: str) -> tuple[socket.socket, object]:
    """Start a GET and return once the headers are in (the body is still to read)."""
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.connect()
    sock = conn.sock
    conn.request("GET", PREFIX + name)
    return sock, conn.getresponse()


def test_profiles_are_the_documented_links() -> None:
    assert PROFILES["loopback"].rate is None and PROFILES["loopback"].latency == 0
    assert (PROFILES["20mbit"].rate, PROFILES["20mbit"].latency) == (2_500_000, 0.020)
    assert (PROFILES["4mbit"].rate, PROFILES["4mbit"].latency) == (500_000, 0.050)
    assert (PROFILES["1.6mbit"].rate, PROFILES["1.6mbit"].latency) == (200_000, 0.150)


@pytest.mark.parametrize(
    ("ext", "mime"),
    [
        ("html", "text/html"),
        ("css", "text/css"),
        ("js", "text/javascript"),
        ("mjs", "text/javascript"),
        ("json", "application/json"),
        ("wasm", "application/wasm"),
        ("svg", "image/svg+xml"),
    ],
)
def test_text_and_wasm_are_gzipped(server: Server, ext: str, mime: str) -> None:
    response, body = get(server, f"file.{ext}")
    assert response.status == 200
    assert response.getheader("Content-Type") == mime
    assert response.getheader("Content-Encoding") == "gzip"
    assert int(response.getheader("Content-Length")) == len(body) < len(TEXT)
    assert gzip.decompress(body) == TEXT
    plain, body = get(server, f"file.{ext}", gzip_ok=False)
    assert plain.getheader("Content-Encoding") is None
    assert plain.getheader("Content-Type") == mime
    assert body == TEXT


@pytest.mark.parametrize(
    ("ext", "mime"),
    [("zip", "application/zip"), ("whl", "application/zip"), ("gz", "application/gzip")],
)
def test_compressed_files_are_sent_as_they_are(
    server: Server, files: Path, ext: str, mime: str
) -> None:
    response, body = get(server, f"packed.{ext}")
    assert response.status == 200
    assert response.getheader("Content-Type") == mime
    assert response.getheader("Content-Encoding") is None
    assert body == (files / f"packed.{ext}").read_bytes()


def test_the_log_counts_bytes_after_compression(server: Server) -> None:
    server.link.take_log()
    _, body = get(server, "file.css")
    get(server, "missing.css")
    assert server.link.wait_idle(quiet=0)  # each response counted to its last byte
    log = server.link.take_log()
    assert [(r.path, r.status) for r in log] == [
        (PREFIX + "file.css", 200),
        (PREFIX + "missing.css", 404),
    ]
    assert len(body) < log[0].bytes < len(body) + 1000  # the body plus headers
    assert server.link.take_log() == []


def test_all_connections_share_one_rate(server: Server, link_clock: LinkClock) -> None:
    rate = 1_000_000
    server.link.use(Profile("test", "test", rate, 0.0))
    server.link.take_log()
    sizes: dict[str, int] = {}

    def fetch(name: str) -> None:
        _, body = get(server, name)
        sizes[name] = len(body)

    threads = [threading.Thread(target=fetch, args=(n,)) for n in ("a.zip", "b.zip")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sizes == {"a.zip": BIG, "b.zip": BIG}
    # The server counts a chunk once it is written, which the client may read first.
    assert server.link.wait_idle(quiet=0)
    sent = sum(r.bytes for r in server.link.take_log())
    assert 2 * BIG < sent < 2 * BIG + 2000  # the bodies and their headers
    # The two downloads shared one link: together they took the time of all their
    # bytes at its rate (800 kB at 1 MB/s: 0.8 s), as one download of both would.
    assert link_clock.now == pytest.approx(sent / rate)
    # And they took turns: the link sends one chunk at a time, never a whole file.
    assert max(link_clock.taken) <= CHUNK  # type: ignore[attr-defined]
    assert len(link_clock.taken) >= 2 * BIG / CHUNK  # type: ignore[attr-defined]
    # One download alone takes half as long.
    start = link_clock.now
    get(server, "a.zip")
    assert server.link.wait_idle(quiet=0)
    alone = sum(r.bytes for r in server.link.take_log())
    assert link_clock.now - start == pytest.approx(alone / rate)
    assert alone == pytest.approx(sent / 2, abs=1000)


def test_latency_is_added_to_every_request(server: Server, link_clock: LinkClock) -> None:
    get(server, "tiny.txt")
    assert link_clock.sleeps == []  # at full speed, nothing waits
    server.link.use(Profile("test", "test", None, 0.25))
    for name in ("tiny.txt", "missing.txt"):
        link_clock.sleeps.clear()
        response, _ = get(server, name)
        assert link_clock.sleeps == [0.25], (name, response.status)


def test_a_stalled_response_resumes_on_release(server: Server, files: Path) -> None:
    server.link.stall(r"/a\.zip$", after=100_000)
    conn, response = open_response(server, "a.zip")
    assert response.status == 200  # headers sent
    assert server.link.wait_stalled(timeout=60)
    head = response.read(100_000)
    assert len(head) == 100_000
    # Held: the server is waiting, with nothing more sent (nothing to read at all).
    assert server.link.held == 1
    assert select.select([conn], [], [], 0)[0] == []
    _, other = get(server, "b.zip")  # other paths are not held
    assert len(other) == BIG
    server.link.release()
    rest = response.read()
    assert head + rest == (files / "a.zip").read_bytes()
    conn.close()
    _, again = get(server, "a.zip")  # no longer held
    assert len(again) == BIG
    assert server.link.held == 0


def test_a_stalled_response_can_fail(server: Server) -> None:
    server.link.stall(r"\.zip$")
    conn, response = open_response(server, "a.zip")
    assert server.link.wait_stalled(timeout=60)
    server.link.fail()
    with pytest.raises((http.client.IncompleteRead, ConnectionError, socket.timeout)):
        response.read()
    conn.close()
    _, body = get(server, "a.zip")
    assert len(body) == BIG


def test_not_found_until_reset(server: Server) -> None:
    server.link.not_found(r"/file\.json$")
    response, _ = get(server, "file.json")
    assert response.status == 404
    assert get(server, "file.css")[0].status == 200
    server.link.reset()
    assert get(server, "file.json")[0].status == 200


def test_shutdown_lets_held_responses_go(files: Path) -> None:
    s = start_server(files, PREFIX)
    s.link.stall(r"\.zip$")
    conn, response = open_response(s, "a.zip")
    assert s.link.wait_stalled(timeout=60)
    s.shutdown()
    assert len(response.read()) == BIG
    conn.close()
    s.server_close()
