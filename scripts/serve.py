"""Serve the built site under a sub-path, the way GitHub Pages serves a project site.

    python scripts/serve.py [--port 8000] [--prefix /cp14/] [--dir site]

Only the standard library: tests and the benchmark import `start_server`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import mimetypes
import threading
from pathlib import Path

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
}
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".html", ".css", ".svg", ".txt", ".xml"}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files under `prefix`, with the MIME types browsers insist on and gzip
    for text and wasm (GitHub Pages compresses these too)."""

    prefix = "/cp14/"
    extensions_map = {**mimetypes.types_map, **TYPES}  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + bare[len(self.prefix) :])

    def do_GET(self) -> None:
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
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # Like a static host: let browsers reuse files for a while (warm loads).
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def start_server(
    site_dir: Path, prefix: str = "/cp14/", host: str = "127.0.0.1", port: int = 0
) -> http.server.ThreadingHTTPServer:
    """Start serving in a daemon thread; returns the server (`.server_address`)."""
    handler = functools.partial(
        type("PrefixedHandler", (Handler,), {"prefix": prefix}), directory=str(site_dir)
    )
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--prefix", default="/cp14/")
    parser.add_argument("--dir", default="site", type=Path)
    args = parser.parse_args()
    server = start_server(args.dir, args.prefix, args.host, args.port)
    print(f"Serving {args.dir}/ at http://{args.host}:{server.server_address[1]}{args.prefix}")
    print("Press Ctrl+C to stop.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
