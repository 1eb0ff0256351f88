"""The model store: the pretrained weights every level can start from; torch-free.

Two kinds of file, each kept where the library that reads it looks, so nothing is held twice
and effdet, timm and torch.hub find what this store fetched (and the other way round):

- ``coco:<level>``: the effdet port's COCO checkpoints, in torch.hub's folder
  (``TORCH_HOME/hub/checkpoints``, else ``XDG_CACHE_HOME/torch/...``) under the port's file
  name, whose 8 hex digits start the file's SHA-256.
- ``imagenet:<timm name>``: the backbone weights timm loads, in the Hugging Face hub cache
  (``HF_HUB_CACHE``, ``HF_HOME/hub``, ``XDG_CACHE_HOME/huggingface/hub``) in the hub's layout
  (``models--timm--<name>.<tag>/snapshots/<rev>/model.safetensors`` + ``refs/main``), so
  ``pretrained_backbone`` finds them with no network and no config change.

The full SHA-256 of every file this store filed is kept in ``XDG_CACHE_HOME/efficientdet-studio/
weights.json`` and checked on every later download or import of the same file. A mirror
(``--mirror``, ``EFFDET_WEIGHTS_MIRROR`` or the GUI setting) is one folder that serves each file
under ``Entry.mirror_name``. Nothing here touches the network except ``get``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.bundled_weights import bundled_backbone
from core.config import LEVELS
from core.download import Cancelled, DownloadError, OfflineError, Progress, fetch, part_path
from core.fileio import write_atomic
from core.weights_cache import cached_backbone, hub_cache_dir, torch_hub_dir

__all__ = ["Cancelled", "DownloadError", "Entry", "OfflineError", "StoreError"]

RELEASE_URL = "https://github.com/rwightman/efficientdet-pytorch/releases/download/v0.1/"
MIRROR_ENV = "EFFDET_WEIGHTS_MIRROR"
OFFLINE_ENV = "EFFDET_OFFLINE"
COCO_FILES = {
    "d0": "tf_efficientdet_d0_34-f153e0cf.pth", "d1": "tf_efficientdet_d1_40-a30f94af.pth",
    "d2": "tf_efficientdet_d2_43-8107aa99.pth", "d3": "tf_efficientdet_d3_47-0b525f35.pth",
    "d4": "tf_efficientdet_d4_49-f56376d9.pth", "d5": "tf_efficientdet_d5_51-c79f9be6.pth",
    "d6": "tf_efficientdet_d6_52-4eda3773.pth", "d7": "tf_efficientdet_d7_53-6d1d7a95.pth",
    "d7x": "tf_efficientdet_d7x-f390b87c.pth", "lite0": "tf_efficientdet_lite0-dfacfc78.pth",
    "lite1": "tf_efficientdet_lite1-6dc7ab30.pth", "lite2": "tf_efficientdet_lite2-86c5d55b.pth",
    "lite3": "tf_efficientdet_lite3-506852cb.pth", "lite3x": "tf_efficientdet_lite3x-8404c57b.pth",
    "lite4": "tf_efficientdet_lite4-391ddabc.pth",
}  # fmt: skip
COCO_MB = {"d0": 16, "d1": 27, "d2": 32, "d3": 48, "d4": 83, "d5": 135, "d6": 208, "d7": 208,
           "d7x": 308}  # fmt: skip
# timm's default pretrained tag per backbone, and its older GitHub file (hash-named, .pth)
BACKBONE_TAGS = {f"tf_efficientnet_b{i}": "ns_jft_in1k" for i in range(8)} | {
    f"tf_efficientnet_lite{i}": "in1k" for i in range(5)
}
LEGACY_FILES = {
    "tf_efficientnet_b0": "tf_efficientnet_b0_ns-c0e6a31c.pth",
    "tf_efficientnet_b1": "tf_efficientnet_b1_ns-99dd0c41.pth",
    "tf_efficientnet_b2": "tf_efficientnet_b2_ns-00306e48.pth",
    "tf_efficientnet_b3": "tf_efficientnet_b3_ns-9d44bf68.pth",
    "tf_efficientnet_b4": "tf_efficientnet_b4_ns-d6313a46.pth",
    "tf_efficientnet_b5": "tf_efficientnet_b5_ns-6f26d0cf.pth",
    "tf_efficientnet_b6": "tf_efficientnet_b6_ns-51548356.pth",
    "tf_efficientnet_b7": "tf_efficientnet_b7_ns-1dbc32de.pth",
    "tf_efficientnet_lite0": "tf_efficientnet_lite0-0aa007d2.pth",
    "tf_efficientnet_lite1": "tf_efficientnet_lite1-bde8b488.pth",
    "tf_efficientnet_lite2": "tf_efficientnet_lite2-dcccb7df.pth",
    "tf_efficientnet_lite3": "tf_efficientnet_lite3-b733e338.pth",
    "tf_efficientnet_lite4": "tf_efficientnet_lite4-741542c3.pth",
}


class StoreError(DownloadError):
    """A name the store does not know, or a file that fails verification."""


@dataclass(frozen=True)
class Entry:
    key: str  # "coco:d0" | "imagenet:tf_efficientnet_b0"
    kind: str  # "coco" | "imagenet"
    name: str  # the level, or the timm backbone name
    file: str  # as published: the port's file name, or <name>.<tag>/model.safetensors
    sha256_prefix: str  # the 8 hex digits in the port's file name ("" when none)
    size_mb: float  # estimate (0: unknown)

    @property
    def mirror_name(self) -> str:
        return self.file if self.kind == "coco" else f"{self.file}.safetensors"


def _prefix(file: str) -> str:
    return file.rsplit("-", 1)[-1].split(".")[0]


def catalog() -> list[Entry]:
    """Every level's COCO checkpoint (when the port has one), then every backbone."""
    out = [
        Entry(f"coco:{lvl}", "coco", lvl, f, _prefix(f), COCO_MB.get(lvl, 0))
        for lvl, f in COCO_FILES.items()
    ]
    names = dict.fromkeys([s.backbone for s in LEVELS.values()] + list(BACKBONE_TAGS))
    for name in names:
        tag = BACKBONE_TAGS.get(name, "")
        out.append(Entry(f"imagenet:{name}", "imagenet", name, f"{name}.{tag}", "", 0))
    return out


def resolve(name: str) -> Entry:
    """``coco:d0`` / ``d0`` (COCO) / ``imagenet:d0`` (its backbone) / ``tf_efficientnet_b0``."""
    entries = {e.key: e for e in catalog()}
    key = name.strip().lower()
    kind, _, rest = key.partition(":") if ":" in key else ("", "", key)
    if kind == "imagenet" and rest in LEVELS:
        rest = LEVELS[rest].backbone
    for candidate in (f"{kind}:{rest}",) if kind else (f"coco:{rest}", f"imagenet:{rest}"):
        if candidate in entries:
            return entries[candidate]
    raise StoreError(
        f"no weights called {name!r}",
        "run `efficientdet weights list` for the names (e.g. d0, imagenet:d0)",
    )


def state_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "efficientdet-studio"


def known_hashes() -> dict[str, str]:
    try:
        data = json.loads((state_dir() / "weights.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _remember(entry: Entry, digest: str) -> None:
    hashes = known_hashes() | {entry.key: digest}
    path = state_dir() / "weights.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(hashes, indent=1, sort_keys=True).encode("utf-8"))


def _hub_repo(entry: Entry) -> Path:
    return hub_cache_dir() / f"models--timm--{entry.file}"


def cached(entry: Entry) -> Path | None:
    """The file on this machine, or None (no network)."""
    if entry.kind == "coco":
        path = torch_hub_dir() / entry.file
        return path if path.is_file() else None
    return cached_backbone(entry.name)


def bundled(entry: Entry) -> Path | None:
    """ImageNet weights shipped in an installed package (``core.bundled_weights``), or None."""
    return bundled_backbone(entry.name) if entry.kind == "imagenet" else None


def mirror(explicit: str | None = None) -> str:
    return (explicit or os.environ.get(MIRROR_ENV) or "").strip()


def url_of(entry: Entry, mirror_url: str | None = None) -> str:
    base = mirror(mirror_url)
    if base:
        return base.rstrip("/") + "/" + entry.mirror_name
    if entry.kind == "coco":
        return RELEASE_URL + entry.file
    hub = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    return f"{hub}/timm/{entry.file}/resolve/main/model.safetensors"


def _truthy(var: str) -> bool:
    return os.environ.get(var, "").strip().upper() in ("1", "ON", "YES", "TRUE")


def offline_reason(entry: Entry) -> str:
    """Why a download must not be tried ("" when it may): an offline switch in the environment."""
    if _truthy(OFFLINE_ENV):
        return f"{OFFLINE_ENV} is set"
    if entry.kind == "imagenet" and _truthy("HF_HUB_OFFLINE"):
        return "HF_HUB_OFFLINE is set"
    return ""


def what_to_do(entry: Entry, mirror_url: str | None = None) -> str:
    return (
        f"connect to the internet and try again; or set a mirror ({MIRROR_ENV} or the "
        f"mirror setting); or download {url_of(entry, mirror_url)} on another machine and "
        f"import it (`efficientdet weights import FILE`, or Import weights file... in the app)"
    )


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _check_safetensors(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(8)
        n = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
        try:
            header = json.loads(f.read(n)) if 0 < n < 1 << 27 else None
        except ValueError:
            header = None
    if not isinstance(header, dict) or not any(k.startswith("conv_stem.") for k in header):
        raise StoreError(f"{path} is not a safetensors file of an EfficientNet")


def verify(entry: Entry, path: Path, server_sha256: str = "", digest: str = "") -> str:
    """The file's SHA-256 once it matches every hash we know of; StoreError otherwise."""
    digest = digest or sha256_file(path)
    wanted = [("the port's file name", entry.sha256_prefix)]
    if entry.kind == "imagenet" and path.suffix in (".pth", ".bin"):
        wanted.append(("timm's file name", _prefix(LEGACY_FILES.get(entry.name, ""))))
    wanted += [("the first download", known_hashes().get(entry.key, "")),
               ("the server", server_sha256)]  # fmt: skip
    for source, expected in wanted:
        if expected and not digest.startswith(expected):
            raise StoreError(
                f"{path.name} is not {entry.key}: its SHA-256 starts {digest[:8]}, "
                f"{source} says {expected[:8]}",
                "the file is damaged or another file; download it again",
            )
    if entry.kind == "imagenet" and path.suffix not in (".pth", ".bin"):
        _check_safetensors(path)
    return digest


def _file(entry: Entry, src: Path, digest: str, move: bool) -> Path:
    if entry.kind == "coco":
        dest = torch_hub_dir() / entry.file
    else:
        repo = _hub_repo(entry)
        rev = digest[:40]
        name = "pytorch_model.bin" if src.suffix in (".pth", ".bin") else "model.safetensors"
        dest = repo / "snapshots" / rev / name
        (repo / "refs").mkdir(parents=True, exist_ok=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".importing")
    if move:
        os.replace(src, tmp)
    else:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dest)
    if entry.kind == "imagenet":
        write_atomic(repo / "refs" / "main", rev.encode("utf-8"))
    _remember(entry, digest)
    return dest


def download_target(entry: Entry) -> Path:
    """Where the file grows while it downloads (``<this>.part``)."""
    if entry.kind == "coco":
        return torch_hub_dir() / entry.file
    return _hub_repo(entry) / "blobs" / "efficientdet-studio.safetensors"


def get(
    entry: Entry,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    mirror_url: str | None = None,
    verifying: Callable[[], None] | None = None,
) -> Path:
    """The local file of ``entry``: cached, or downloaded, verified and filed."""
    have = cached(entry)
    if have is not None:
        return have
    why = offline_reason(entry)
    if why:
        hint = what_to_do(entry, mirror_url)
        raise OfflineError(f"{entry.key} is not on this machine and {why}", hint)
    target = download_target(entry)
    try:
        got = fetch(url_of(entry, mirror_url), target, progress, cancel)
    except Cancelled:
        raise
    except OfflineError as exc:
        hint = what_to_do(entry, mirror_url)
        raise OfflineError(f"cannot download {entry.key}: {exc}", hint) from None
    if verifying is not None:
        verifying()
    try:
        digest = verify(entry, got.path, got.server_sha256)
    except StoreError:
        part_path(target).unlink(missing_ok=True)
        raise
    return _file(entry, got.path, digest, move=True)


def identify(path: Path, digest: str) -> Entry | None:
    """Which entry a file holds, from its hash, else from its name."""
    for entry in catalog():
        legacy = _prefix(LEGACY_FILES.get(entry.name, "")) if entry.kind == "imagenet" else ""
        for expected in (entry.sha256_prefix, legacy, known_hashes().get(entry.key, "")):
            if expected and digest.startswith(expected):
                return entry
    stem = path.name.lower()
    matches = [e for e in catalog() if stem == e.file or stem.startswith(e.name + ".")]
    return matches[0] if len(matches) == 1 else None


def import_file(path: str | Path, name: str | None = None) -> tuple[Entry, Path]:
    """Verify a weights file downloaded elsewhere and file it in the store (a copy)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no such file: {path}")
    digest = sha256_file(path)
    entry = resolve(name) if name else identify(path, digest)
    if entry is None:
        raise StoreError(
            f"cannot tell which weights {path.name} holds",
            "name them: `efficientdet weights import FILE --as d0` (or imagenet:d0)",
        )
    verify(entry, path, digest=digest)
    return entry, _file(entry, path, digest, move=False)


@dataclass(frozen=True)
class Availability:
    """What a level can start from on this machine right now (no network)."""

    coco: Path | None
    imagenet: Path | None  # in timm's cache
    bundled: Path | None  # shipped in a package

    @property
    def backbone(self) -> Path | None:
        return self.imagenet or self.bundled


def availability(level: str, backbone: str | None = None) -> Availability:
    level = level.lower()
    coco = cached(resolve(f"coco:{level}")) if level in COCO_FILES else None
    backbone = backbone or (LEVELS[level].backbone if level in LEVELS else "")
    imagenet = cached_backbone(backbone) if backbone else None
    entry = Entry(f"imagenet:{backbone}", "imagenet", backbone, "", "", 0)
    return Availability(coco, imagenet, bundled(entry) if backbone else None)


def status(entry: Entry) -> str:
    """``cached``, ``bundled``, ``partial`` (a download to resume) or ``not downloaded``."""
    if cached(entry) is not None:
        return "cached"
    if bundled(entry) is not None:
        return "bundled"
    return "partial" if part_path(download_target(entry)).exists() else "not downloaded"
