"""Train/validation split that stays put as a dataset grows.

An image's own ``"split"`` wins. Every other image goes to validation when a stable hash of its
``file_name`` (SHA-1, not Python's salted ``hash()``) falls below ``val_fraction``, so adding
images never moves an existing one from train to val or back.
"""

from __future__ import annotations

import hashlib

from core.options import VAL_FRACTION


def hash_fraction(file_name: str) -> float:
    """A number in [0, 1) fixed by the file name alone, the same on every machine and run."""
    digest = hashlib.sha1(file_name.replace("\\", "/").encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def assign_splits(images: list[dict], val_fraction: float = VAL_FRACTION) -> dict[int, str]:
    """image id -> "train" | "val".

    With two or more images, validation is never empty and neither is training, as long as
    some images carry no split of their own (an explicit split is never overridden).
    """
    if not 0.0 <= val_fraction <= 1.0:
        raise ValueError(f"val_fraction must be between 0 and 1, got {val_fraction}")
    out: dict[int, str] = {}
    auto: list[tuple[float, int]] = []  # (hash fraction, image id) of images without a split
    for img in images:
        split = img.get("split")
        if split in ("train", "val"):
            out[img["id"]] = split
        else:
            frac = hash_fraction(img["file_name"])
            out[img["id"]] = "val" if frac < val_fraction else "train"
            auto.append((frac, img["id"]))
    if len(out) >= 2 and auto:
        values = set(out.values())
        if "val" not in values:
            out[min(auto)[1]] = "val"  # the image closest to the threshold from above
        elif "train" not in values:
            out[max(auto)[1]] = "train"
    return out
