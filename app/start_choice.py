"""What a training run can start from on this machine, and the pre-flight finding when the chosen
start's weights are missing; no widgets (the store is torch-free and never touches the network)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.i18n import tr
from app.preflight import Finding
from core import store

# finding actions -> button text ({mb}: the download size, {lite}: the level with a bundle)
ACTION_LABELS = {
    "download": QT_TRANSLATE_NOOP("", "Download{mb}"),
    "import": QT_TRANSLATE_NOOP("", "Import weights file…"),
    "bundled": QT_TRANSLATE_NOOP("", "Use the bundled {lite} backbone"),
    "scratch": QT_TRANSLATE_NOOP("", "Train from scratch"),
}


def display(level: str) -> str:
    """The level as people write it: d0 -> D0, lite3x -> Lite3x."""
    return level.upper() if level.lower().startswith("d") else level.capitalize()


def availability(level: str, backbone: str) -> store.Availability:
    return store.availability(level, backbone)


def best_start(avail: store.Availability) -> str:
    """The best pretrained start that needs no download: COCO, then ImageNet, else none."""
    return "coco" if avail.coco else "imagenet" if avail.backbone else "none"


def default_level(rows: list[dict]) -> str:
    """The level a project's form starts on: the first (D0) when it has pretrained weights on
    this machine, else the first level whose ImageNet backbone ships in a package (Lite0), so
    a first run offline starts pretrained; else the first. ``rows``: the level picker's."""
    first = rows[0]["name"]
    if best_start(availability(first, rows[0].get("backbone", ""))) != "none":
        return first
    bundled = (r["name"] for r in rows if availability(r["name"], r.get("backbone", "")).bundled)
    return next(bundled, first)


def labels(level: str, avail: store.Availability) -> dict[str, str]:
    """The "Start from" items, each saying whether its weights are here."""
    name = display(level)
    coco_mb = store.COCO_MB.get(level.lower())
    if avail.coco:
        coco = tr("on this machine")
    else:
        coco = tr("to download, {mb} MB").format(mb=coco_mb) if coco_mb else tr("to download")
    imagenet = tr("on this machine") if avail.imagenet else tr("bundled") if avail.bundled else \
        tr("to download")  # fmt: skip
    return {
        "none": tr("nothing (random weights)"),
        "imagenet": tr("ImageNet backbone ({where})").format(where=imagenet),
        "coco": tr("COCO-trained {level} ({where}) or a checkpoint file").format(
            level=name, where=coco
        )
        if level.lower() in store.COCO_FILES
        else tr("COCO checkpoint file"),
        "run": tr("earlier run"),
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
            tr("The checkpoint file {path} does not exist.").format(path=path_text),
            tr("Choose the file again, or pick another start."),
        )
    actions = ["download", "import"]
    if bundled_level and bundled_level != level.lower():
        actions.append("bundled")
    actions.append("scratch")
    if kind == "imagenet" and not avail.backbone:
        message = tr(
            "The ImageNet weights of the {level} backbone ({backbone}) are not on this "
            "machine; training never downloads them by itself."
        ).format(level=name, backbone=backbone)
    elif kind == "coco" and not avail.coco and level.lower() in store.COCO_FILES:
        message = tr(
            "The COCO-trained {level} weights are not on this machine; training never "
            "downloads them by itself."
        ).format(level=name)
    else:
        return None
    if "bundled" in actions:
        fix = tr(
            "Download them now, import a file downloaded elsewhere, use the bundled Lite "
            "backbone, or train from scratch."
        )
    else:
        fix = tr("Download them now, import a file downloaded elsewhere, or train from scratch.")
    return Finding(
        "error",
        "weights_missing",
        message,
        fix,
        actions=tuple(actions),
    )


def action_label(action: str, entry: store.Entry | None, lite: str | None) -> str:
    mb = f" ({entry.size_mb:.0f} MB)" if entry is not None and entry.size_mb else ""
    return tr(ACTION_LABELS[action]).format(mb=mb, lite=display(lite or ""))
