"""What a training run can start from on this machine, and the pre-flight finding when the chosen
start's weights are missing; Qt-free (the store is torch-free and never touches the network)."""

from __future__ import annotations

from pathlib import Path

from app.preflight import Finding
from core import store

# finding actions -> button text ({mb}: the download size, {lite}: the level with a bundle)
ACTION_LABELS = {
    "download": "Download{mb}",
    "import": "Import weights file…",
    "bundled": "Use the bundled {lite} backbone",
    "scratch": "Train from scratch",
}


def display(level: str) -> str:
    """The level as people write it: d0 -> D0, lite3x -> Lite3x."""
    return level.upper() if level.lower().startswith("d") else level.capitalize()


def availability(level: str, backbone: str) -> store.Availability:
    return store.availability(level, backbone)


def best_start(avail: store.Availability) -> str:
    """The best pretrained start that needs no download: COCO, then ImageNet, else none."""
    return "coco" if avail.coco else "imagenet" if avail.backbone else "none"


def labels(level: str, avail: store.Availability) -> dict[str, str]:
    """The "Start from" items, each saying whether its weights are here."""
    name = display(level)
    coco_mb = store.COCO_MB.get(level.lower())
    if avail.coco:
        coco = "on this machine"
    else:
        coco = f"to download, {coco_mb} MB" if coco_mb else "to download"
    imagenet = "on this machine" if avail.imagenet else "bundled" if avail.bundled else \
        "to download"  # fmt: skip
    return {
        "none": "nothing (random weights)",
        "imagenet": f"ImageNet backbone ({imagenet})",
        "coco": f"COCO-trained {name} ({coco}) or a checkpoint file"
        if level.lower() in store.COCO_FILES
        else "COCO checkpoint file",
        "run": "earlier run",
    }


def needed_entry(kind: str, level: str, backbone: str) -> store.Entry | None:
    if kind == "coco" and level.lower() in store.COCO_FILES:
        return store.resolve(f"coco:{level}")
    if kind == "imagenet" and backbone:
        return store.resolve(f"imagenet:{backbone}")
    return None


def finding(
    kind: str,
    level: str,
    backbone: str,
    avail: store.Availability,
    path_text: str = "",
    bundled_level: str | None = None,
) -> Finding | None:
    """A blocking finding when the chosen start's weights are not on this machine (Start must
    never fail later for it), with the actions that fix it; None when nothing is missing."""
    name = display(level)
    if kind == "coco" and path_text:
        if Path(path_text).is_file():
            return None
        return Finding(
            "error",
            "start_file_missing",
            f"The checkpoint file {path_text} does not exist.",
            "Choose the file again, or pick another start.",
        )
    actions = ["download", "import"]
    if bundled_level and bundled_level != level.lower():
        actions.append("bundled")
    actions.append("scratch")
    if kind == "imagenet" and not avail.backbone:
        what = f"The ImageNet weights of the {name} backbone ({backbone})"
    elif kind == "coco" and not avail.coco and level.lower() in store.COCO_FILES:
        what = f"The COCO-trained {name} weights"
    else:
        return None
    alternatives = "use the bundled Lite backbone, " if "bundled" in actions else ""
    return Finding(
        "error",
        "weights_missing",
        f"{what} are not on this machine; training never downloads them by itself.",
        f"Download them now, import a file downloaded elsewhere, {alternatives}"
        "or train from scratch.",
        actions=tuple(actions),
    )


def action_label(action: str, entry: store.Entry | None, lite: str | None) -> str:
    mb = f" ({entry.size_mb:.0f} MB)" if entry is not None and entry.size_mb else ""
    return ACTION_LABELS[action].format(mb=mb, lite=display(lite or ""))
