"""A small HTTP file server on 127.0.0.1 for download tests: Range requests, a connection that
drops mid-file, a slow mode, SHA-256 headers, and a log of every request it saw."""

from __future__ import annotations

import hashlib
import json
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def fake_safetensors(seed: int = 0, size: int = 200_000) -> bytes:
    """Bytes that parse as a safetensors file of an EfficientNet (the header only matters)."""
    payload = bytes((seed + i) % 251 for i in range(size))
    header = {"conv_stem.weight": {"dtype": "U8", "shape": [size], "data_offsets": [0, size]}}
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + payload


class WeightsServer:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}  # file name (the last part of the path) -> content
        self.drop_first: set[str] = set()  # these files: the first answer stops at half
        self.delay_s = 0.0  # per 16 KiB sent
        self.send_sha256 = False
        self.requests: list[tuple[str, str]] = []  # (path as sent, Range header)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append((self.path, self.headers.get("Range", "")))
                name = self.path.rsplit("/", 1)[-1]  # a proxy request carries the whole URL
                body = server.files.get(name)
                if body is None:
                    self.send_error(404)
                    return
                start = 0
                rng = self.headers.get("Range", "")
                if rng.startswith("bytes="):
                    start = int(rng[6:].split("-")[0])
                    if start >= len(body):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(body) - start))
                if server.send_sha256:
                    self.send_header("X-Linked-Etag", f'"{hashlib.sha256(body).hexdigest()}"')
                self.end_headers()
                end = len(body)
                if name in server.drop_first:
                    server.drop_first.discard(name)
                    end = start + (len(body) - start) // 2
                for i in range(start, end, 16384):
                    self.wfile.write(body[i : min(i + 16384, end)])
                    self.wfile.flush()
                    if server.delay_s:
                        time.sleep(server.delay_s)
                if end < len(body):
                    self.close_connection = True
                    self.connection.shutdown(2)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def isolate_caches(tmp_path, monkeypatch) -> None:
    """Every weights cache and setting under ``tmp_path``; no offline switch, mirror or proxy."""
    from core import store

    for var in (
        "HF_HUB_CACHE",
        "HF_HOME",
        "HF_HUB_OFFLINE",
        "EFFDET_OFFLINE",
        store.MIRROR_ENV,
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "no_proxy",
        "NO_PROXY",
    ):
        monkeypatch.delenv(var, raising=False)  # fmt: skip
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
