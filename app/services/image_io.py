"""Reading image files without Qt: header probes and decoding with EXIF orientation.

This is the helper processes' side of app.services.images (``python -m app.services.image_io
--serve DIR``): it imports no Qt, so a helper starts fast. Sizes are of the EXIF-oriented image
(what the user sees and what boxes are measured in). A zero-byte, truncated or non-image file, a
FIFO or device, or one over the size or pixel limits (core.data.limits) is reported as broken
with a reason (core.data.readable's rule, the worker's too); nothing raises.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

import numpy as np

from core.data.readable import unreadable_reason

# core.data.imageio (OpenCV) is imported inside the functions: the GUI process imports this
# module too and never needs OpenCV unless no helper can start.


@dataclass(frozen=True)
class ImageInfo:
    width: int = 0
    height: int = 0
    error: str = ""  # empty when the file looks readable

    @property
    def broken(self) -> bool:
        return bool(self.error)


def probe(path: str | os.PathLike) -> ImageInfo:
    """Oriented size from the header, or the reason the file is unusable (thread-safe, no Qt)."""
    from core.data.imageio import ImageReadError, image_size

    path = os.fspath(path)
    reason = unreadable_reason(path)
    if reason:
        return ImageInfo(error=reason)
    try:
        w, h = image_size(path)
    except ImageReadError as e:
        return ImageInfo(error=str(e).removeprefix(f"{path}: "))
    except OSError as e:
        return ImageInfo(error=f"cannot read: {e.strerror or e}")
    except Exception as e:  # noqa: BLE001 (a malformed header must never take the app down)
        return ImageInfo(error=f"unreadable header: {e}")
    return ImageInfo(int(w), int(h)) if w > 0 and h > 0 else ImageInfo(error="no image size")


def decode_array(path: str | os.PathLike) -> tuple[np.ndarray | None, str]:
    """(H, W, 3) uint8 RGB with EXIF orientation applied, or (None, reason). No Qt: any thread."""
    from core.data.imageio import ImageReadError, read_image

    info = probe(path)
    if info.broken:
        return None, info.error
    try:
        return read_image(path), ""
    except ImageReadError as e:
        return None, str(e).removeprefix(f"{os.fspath(path)}: ")
    except Exception as e:  # noqa: BLE001
        return None, f"cannot decode: {e}"


def header_size(path: str | os.PathLike) -> tuple[int, int] | None:
    """Oriented (width, height) from the header, or None for a broken file (no Qt)."""
    info = probe(path)
    return None if info.width <= 0 else (info.width, info.height)


_counter = 0


def handle(request: dict, out_dir: str) -> dict:
    """Answer one request (in the helper process, or in the GUI when no helper could start)."""
    global _counter
    path = request["path"]
    if request["kind"] == "ping":
        return {}
    if request["kind"] == "probe":
        info = probe(path)
        return {"w": info.width, "h": info.height, "error": info.error}
    rgb, error = decode_array(path)
    if rgb is None:
        return {"error": error}
    _counter += 1
    out = os.path.join(out_dir, f"{os.getpid()}-{_counter}.rgb")
    with open(out, "wb") as f:
        f.write(np.ascontiguousarray(rgb).data)
    return {"w": int(rgb.shape[1]), "h": int(rgb.shape[0]), "file": out}


def serve(out_dir: str) -> int:
    """The helper process: one JSON request per stdin line, one JSON reply per stdout line.
    Lines are read as bytes: a byte that is not UTF-8 spoils its own request only."""
    for line in getattr(sys.stdin, "buffer", sys.stdin):
        try:
            reply = handle(json.loads(line), out_dir)
        except Exception as e:  # noqa: BLE001 (any failure is that file's, not the helper's)
            reply = {"error": f"cannot read: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    sys.exit(serve(sys.argv[2]))
