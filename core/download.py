"""HTTP(S) download of one file with progress, resume, cancel and a fast offline check.

Standard library only (urllib): proxies come from the environment (``http_proxy``,
``https_proxy``, ``no_proxy``) as urllib reads them. The file grows as ``<dest>.part`` beside
its destination; a later call resumes it with a ``Range`` request, and a connection that drops
mid-file is resumed the same way, up to ``retries`` times. Hash checks are the caller's.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

CHUNK = 256 * 1024
PROBE_TIMEOUT_S = 1.5
USER_AGENT = "efficientdet-studio"


class DownloadError(RuntimeError):
    """The download failed; ``hint`` says what the user can do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class OfflineError(DownloadError):
    """The server (or the proxy) cannot be reached from this machine."""


class Cancelled(DownloadError):
    """``cancel()`` returned True; the partial file stays for a later resume."""


@dataclass
class Fetched:
    path: Path  # the complete ``.part`` file
    total: int
    server_sha256: str  # the server's SHA-256 of the file ("" when it does not say)


Progress = Callable[[int, int, float], None]  # bytes done, total (0: unknown), bytes per s


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _proxy_for(url: str) -> str | None:
    parts = urlparse(url)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.request.getproxies().get(parts.scheme)


def probe(url: str, timeout_s: float = PROBE_TIMEOUT_S) -> None:
    """One TCP connect to the host (or its proxy) within ``timeout_s``; OfflineError if none.

    Runs in a daemon thread, so a name lookup that hangs cannot hold the caller past the limit.
    """
    target = urlparse(_proxy_for(url) or url)
    host = target.hostname or ""
    port = target.port or (443 if target.scheme == "https" else 80)
    failure: list[str] = [f"no answer within {timeout_s:.1f} s"]

    def connect() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                failure.clear()
        except Exception as exc:  # any failure of the connect is "not reachable"
            failure[0] = str(exc) or type(exc).__name__

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    worker.join(timeout_s + 0.2)
    if failure:
        via = " (the proxy from the environment)" if _proxy_for(url) else ""
        raise OfflineError(f"cannot reach {host}:{port}{via}: {failure[0]}")


def _open(url: str, start: int, timeout_s: float) -> http.client.HTTPResponse:
    headers = {"User-Agent": USER_AGENT}
    if start:
        headers["Range"] = f"bytes={start}-"
    opener = urllib.request.build_opener()  # reads the proxy variables now, not once
    return opener.open(urllib.request.Request(url, headers=headers), timeout=timeout_s)


def _sha256_header(resp: http.client.HTTPResponse) -> str:
    for name in ("X-Linked-Etag", "ETag", "X-Checksum-Sha256"):
        value = (resp.headers.get(name) or "").strip('W/"').lower()
        if re.fullmatch(r"[0-9a-f]{64}", value):
            return value
    return ""


def _total(resp: http.client.HTTPResponse, start: int) -> int:
    ranged = re.match(r"bytes (\d+)-\d+/(\d+)", resp.headers.get("Content-Range") or "")
    if ranged:
        return int(ranged.group(2))
    length = resp.headers.get("Content-Length")
    return start + int(length) if length and length.isdigit() else 0


def fetch(
    url: str,
    dest: Path,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    timeout_s: float = 30.0,
    retries: int = 5,
) -> Fetched:
    """Download ``url`` into ``<dest>.part`` (resuming what is there) and return it complete."""
    probe(url)
    part = part_path(dest)
    part.parent.mkdir(parents=True, exist_ok=True)
    server_sha, total, attempts = "", 0, 0
    t0, done0 = time.monotonic(), part.stat().st_size if part.exists() else 0
    while True:
        start = part.stat().st_size if part.exists() else 0
        if total and start == total:
            return Fetched(part, total, server_sha)
        try:
            resp = _open(url, start, timeout_s)
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and start:  # the partial file is not a prefix of this file
                part.unlink()
                continue
            raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            attempts += 1
            if attempts > retries:
                raise OfflineError(f"{url}: {getattr(exc, 'reason', exc)}") from None
            time.sleep(min(0.2 * attempts, 2.0))
            continue
        with resp:
            if start and resp.status != 206:  # the server ignored the Range: start over
                start = 0
            total = _total(resp, start) or total
            server_sha = _sha256_header(resp) or server_sha
            last = 0.0
            try:
                with open(part, "ab" if start else "wb") as out:
                    while chunk := resp.read(CHUNK):
                        out.write(chunk)
                        start += len(chunk)
                        now = time.monotonic()
                        if progress and (now - last > 0.1 or start == total):
                            last = now
                            progress(start, total, (start - done0) / max(now - t0, 1e-6))
                        if cancel is not None and cancel():
                            raise Cancelled(f"cancelled after {start} of {total or '?'} bytes")
            except (http.client.HTTPException, OSError) as exc:
                attempts += 1
                if attempts > retries:
                    raise DownloadError(
                        f"{url}: the connection dropped {attempts} times ({exc})",
                        "try again later: the download resumes where it stopped",
                    ) from None
                continue
        if total and start > total:
            part.unlink()
            raise DownloadError(f"{url}: got {start} bytes, the server announced {total}")
        if not total or start == total:
            return Fetched(part, start, server_sha)
        attempts += 1  # ended early without an error: resume
        if attempts > retries:
            raise DownloadError(f"{url}: the file ended at {start} of {total} bytes")


def remove_part(dest: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(part_path(dest))
