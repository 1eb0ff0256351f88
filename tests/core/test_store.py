"""The model store against an HTTP server on 127.0.0.1: progress, resume, hashes, Cancel,
offline, proxies, import, and the CLI's JSON-lines mode."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import events as ev
from core import store
from core.weights_cache import cached_backbone
from tests.weights_server import WeightsServer, fake_safetensors, isolate_caches

ROOT = Path(__file__).resolve().parents[2]
B0 = "imagenet:tf_efficientnet_b0"
B0_MIRROR = "tf_efficientnet_b0.ns_jft_in1k.safetensors"


@pytest.fixture
def caches(tmp_path, monkeypatch) -> Path:
    isolate_caches(tmp_path, monkeypatch)
    return tmp_path


def coco_d0(monkeypatch, server: WeightsServer, size: int = 300_000) -> tuple[store.Entry, bytes]:
    """A D0 file whose name carries its own hash prefix, served by ``server``."""
    body = os.urandom(size)
    name = f"tf_efficientdet_d0_34-{hashlib.sha256(body).hexdigest()[:8]}.pth"
    monkeypatch.setitem(store.COCO_FILES, "d0", name)
    server.files[name] = body
    return store.resolve("d0"), body


def test_progress_events_then_the_file_is_cached_and_its_full_hash_kept(
    caches, server, monkeypatch
):
    entry, body = coco_d0(monkeypatch, server)
    seen: list[tuple[int, int]] = []
    path = store.get(entry, lambda d, t, s: seen.append((d, t)), mirror_url=server.url)
    assert path == caches / "torch" / "hub" / "checkpoints" / entry.file
    assert path.read_bytes() == body
    assert seen and seen[-1] == (len(body), len(body))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert store.known_hashes()[entry.key] == hashlib.sha256(body).hexdigest()
    assert store.status(entry) == "cached"
    n = len(server.requests)
    assert store.get(entry, mirror_url=server.url) == path  # cached: no request
    assert len(server.requests) == n


def test_a_dropped_connection_resumes_with_a_range_request(caches, server, monkeypatch):
    entry, body = coco_d0(monkeypatch, server)
    server.drop_first.add(entry.file)
    path = store.get(entry, mirror_url=server.url)
    assert path.read_bytes() == body
    ranges = [r for _, r in server.requests]
    assert ranges[0] == "" and ranges[1] == f"bytes={len(body) // 2}-"


def test_cancel_keeps_the_partial_file_and_the_next_get_resumes_it(caches, server, monkeypatch):
    entry, body = coco_d0(monkeypatch, server, size=2_000_000)
    server.delay_s = 0.005
    with pytest.raises(store.Cancelled):
        store.get(entry, cancel=lambda: True, mirror_url=server.url)
    part = store.download_target(entry).with_name(entry.file + ".part")
    assert 0 < part.stat().st_size < len(body)
    assert store.status(entry) == "partial"
    server.delay_s = 0.0
    have = part.stat().st_size
    assert store.get(entry, mirror_url=server.url).read_bytes() == body
    assert server.requests[-1][1] == f"bytes={have}-"


def test_a_wrong_hash_is_refused_and_the_partial_file_removed(caches, server, monkeypatch):
    entry, _ = coco_d0(monkeypatch, server)
    server.files[entry.file] = b"not the weights" * 1000
    with pytest.raises(store.StoreError, match="SHA-256 starts"):
        store.get(entry, mirror_url=server.url)
    assert not list((caches / "torch").rglob("*.pth*"))
    assert store.status(entry) == "not downloaded"


def test_imagenet_weights_land_where_timm_looks_and_later_files_must_match(caches, server):
    entry = store.resolve(B0)
    server.files[B0_MIRROR] = body = fake_safetensors(1)
    server.send_sha256 = True
    path = store.get(entry, mirror_url=server.url)
    repo = caches / "hf" / "hub" / "models--timm--tf_efficientnet_b0.ns_jft_in1k"
    rev = (repo / "refs" / "main").read_text()
    assert path == repo / "snapshots" / rev / "model.safetensors"
    assert cached_backbone("tf_efficientnet_b0") == path and path.read_bytes() == body
    path.unlink()  # lost; the mirror now serves another file under the same name
    server.files[B0_MIRROR] = fake_safetensors(2)
    server.send_sha256 = False
    with pytest.raises(store.StoreError, match="the first download"):
        store.get(entry, mirror_url=server.url)
    server.files[B0_MIRROR] = b"<html>not found</html>" * 10
    store._remember(entry, "")
    with pytest.raises(store.StoreError, match="not a safetensors"):
        store.get(entry, mirror_url=server.url)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("base", ["refused", "http://weights.invalid/", "hangs", "env"])
def test_offline_fails_within_2_s_and_says_what_to_do(caches, monkeypatch, base):
    if base == "refused":
        base = f"http://127.0.0.1:{_closed_port()}/"
    elif base == "hangs":  # a name lookup or connect that never answers
        monkeypatch.setattr(socket, "create_connection", lambda *a, **k: time.sleep(30))
        base = "http://weights.example/"
    elif base == "env":
        monkeypatch.setenv("EFFDET_OFFLINE", "1")
        base = "http://10.255.255.1/"  # would hang: must not be tried
    entry = store.resolve("d0")
    t0 = time.monotonic()
    with pytest.raises(store.OfflineError) as info:
        store.get(entry, mirror_url=base)
    assert time.monotonic() - t0 < 2.0
    assert "efficientdet weights import" in info.value.hint
    assert "mirror" in info.value.hint and entry.file in info.value.hint


def test_the_proxy_from_the_environment_is_used(caches, server, monkeypatch):
    entry, body = coco_d0(monkeypatch, server)
    monkeypatch.setenv("http_proxy", server.url)
    path = store.get(entry, mirror_url="http://weights.invalid/mirror")
    assert path.read_bytes() == body
    assert server.requests[0][0] == f"http://weights.invalid/mirror/{entry.file}"


def test_the_mirror_comes_from_the_environment(caches, server, monkeypatch):
    entry, _ = coco_d0(monkeypatch, server)
    monkeypatch.setenv(store.MIRROR_ENV, server.url + "/")
    assert store.url_of(entry) == f"{server.url}/{entry.file}"
    store.get(entry)
    assert server.requests[0][0] == f"/{entry.file}"


def test_import_identifies_a_file_by_its_hash_and_refuses_a_wrong_one(
    caches, monkeypatch, tmp_path
):
    body = os.urandom(5000)
    name = f"tf_efficientdet_d0_34-{hashlib.sha256(body).hexdigest()[:8]}.pth"
    monkeypatch.setitem(store.COCO_FILES, "d0", name)
    src = tmp_path / "downloaded-elsewhere.bin"
    src.write_bytes(body)
    entry, path = store.import_file(src)
    assert entry.key == "coco:d0" and path.read_bytes() == body and src.exists()
    assert store.availability("d0").coco == path
    other = tmp_path / "other.pth"
    other.write_bytes(b"x" * 100)
    with pytest.raises(store.StoreError, match="cannot tell"):
        store.import_file(other)
    with pytest.raises(store.StoreError, match="SHA-256"):
        store.import_file(other, "d1")
    st = tmp_path / "tf_efficientnet_b3.ns_jft_in1k.safetensors"
    st.write_bytes(fake_safetensors(3))
    entry, path = store.import_file(st)
    assert entry.key == "imagenet:tf_efficientnet_b3"
    assert cached_backbone("tf_efficientnet_b3") == path


def test_names_resolve_and_every_level_has_both_kinds_of_weights():
    assert store.resolve("D0").key == "coco:d0"
    assert store.resolve("imagenet:d3").key == "imagenet:tf_efficientnet_b3"
    keys = {e.key for e in store.catalog()}
    from core.config import LEVELS

    for level, spec in LEVELS.items():
        assert f"coco:{level}" in keys and f"imagenet:{spec.backbone}" in keys
    with pytest.raises(store.StoreError, match="no weights called") as info:
        store.resolve("d9")
    assert "weights list" in info.value.hint


def test_the_cli_prints_json_lines_and_stops_on_a_stop_command(caches, server):
    server.files[B0_MIRROR] = fake_safetensors(4, size=3_000_000)
    server.delay_s = 0.01
    argv = [sys.executable, "-m", "core.cli", "weights", "get", B0, "--json"]
    proc = subprocess.Popen(
        [*argv, "--mirror", server.url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    first = ev.decode(proc.stdout.readline())
    assert isinstance(first, ev.Download) and first.state == "running" and first.total > 0
    proc.stdin.write(ev.encode_command("stop") + "\n")
    proc.stdin.flush()
    lines = [ev.decode(line) for line in proc.stdout]
    assert proc.wait(10) == 130
    assert lines[-1].state == "cancelled"
    server.delay_s = 0.0
    out = subprocess.run([*argv, "--mirror", server.url], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    done = ev.decode(out.stdout.splitlines()[-1])
    assert out.returncode == 0 and done.state == "done"
    assert Path(done.path) == cached_backbone("tf_efficientnet_b0")
    assert server.requests[-1][1].startswith("bytes=")  # resumed
    listed = subprocess.run([sys.executable, "-m", "core.cli", "weights", "list"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert any(line.startswith(B0) and "cached" in line for line in listed.stdout.splitlines())


def test_the_cli_offline_error_says_what_to_do(caches):
    out = subprocess.run(
        [sys.executable, "-m", "core.cli", "weights", "get", "d2", "--json",
         "--mirror", f"http://127.0.0.1:{_closed_port()}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    err = ev.decode(out.stdout.splitlines()[-1])
    assert out.returncode == 1 and isinstance(err, ev.Error) and err.kind == "offline"
    assert "import" in err.hint
    json.dumps(ev.encode(err))
