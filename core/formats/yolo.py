"""YOLO (darknet / ultralytics) text labels: one ``<stem>.txt`` per image, plus a class list.

Each line is ``class cx cy w h`` with the box centre and size divided by the image width and
height (0..1) and ``class`` a 0-based index into the class list (``classes.txt`` / ``obj.names``,
one name a line). The image sizes are not in the files, so importing reads them from the images.
An image without a label file is a background image (no boxes). Values are written with six
decimals: a round trip moves an edge by at most 1e-6 of the image size (0.01 px at 10,000 px).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from core.formats.common import (
    IMAGE_EXTENSIONS,
    CocoBuilder,
    FormatError,
    ImportResult,
    check_unique_outputs,
    export_view,
    image_size,
    number,
    output_path,
    relative_name,
)
from core.formats.writer import ExportFile, write_files

CLASSES_FILE = "classes.txt"
LABELS_DIR = "labels"


def read_classes(classes_file: str | os.PathLike) -> list[str]:
    """Class names, one a line; trailing blank lines are ignored, blank lines between are not."""
    path = Path(classes_file)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(path, "", f"cannot read the class list: {exc}") from None
    while lines and not lines[-1].strip():
        lines.pop()
    names: list[str] = []
    for n, line in enumerate(lines, start=1):
        name = line.strip()
        if not name:
            raise FormatError(
                path, f"line {n}", "empty class name (it would shift every class index after it)"
            )
        if name in names:
            raise FormatError(
                path,
                f"line {n}",
                f"class {name!r} is listed twice (first on line {names.index(name) + 1})",
            )
        names.append(name)
    if not names:
        raise FormatError(path, "", "the class list is empty")
    return names


def import_yolo(
    labels_dir: str | os.PathLike, image_root: str | os.PathLike, classes_file: str | os.PathLike
) -> ImportResult:
    """Read ``labels_dir/**/<stem>.txt`` for the images ``image_root/**/<stem>.<ext>``."""
    labels_root, root = Path(labels_dir), Path(image_root)
    for folder in (labels_root, root):
        if not folder.is_dir():
            raise FormatError(folder, "", "no such folder")
    classes = read_classes(classes_file)
    images = _images_by_stem(root)
    builder = CocoBuilder(classes)
    label_files = sorted(
        p
        for p in labels_root.rglob("*.txt")
        if p.is_file() and p.resolve() != Path(classes_file).resolve()
    )
    labels = {p.relative_to(labels_root).with_suffix("").as_posix(): p for p in label_files}
    orphans = sorted(set(labels) - set(images))
    if orphans:
        builder.warnings.append(
            f"{len(orphans)} label file(s) have no image in {root}; "
            "skipped, e.g. " + ", ".join(f"{o}.txt" for o in orphans[:3])
        )
    unreadable: list[str] = []
    for stem, image in sorted(images.items()):
        add_image_with_labels(builder, image, root, labels.get(stem), classes, unreadable)
    builder.warnings.extend(f"{m}; image and its labels skipped" for m in unreadable)
    return builder.result(root, where="YOLO import")


def add_image_with_labels(
    builder: CocoBuilder,
    image: Path,
    root: Path,
    label_file: Path | None,
    classes: list[str],
    unreadable: list[str],
) -> int | None:
    """Add one image and, when ``label_file`` exists, its boxes; the new image id, or None for
    an image whose size cannot be read (noted in ``unreadable``: one broken image does not
    stop the import)."""
    try:
        width, height = image_size(image)
    except FormatError as exc:
        unreadable.append(str(exc))
        return None
    image_id = builder.add_image(relative_name(image, root) or image.name, width, height)
    if label_file is not None and label_file.is_file():
        read_labels(label_file, classes, builder, image_id, width, height)
    return image_id


def _images_by_stem(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for p in sorted(root.rglob("*")):
        if p.suffix.lower() in IMAGE_EXTENSIONS and p.is_file():
            stem = p.relative_to(root).with_suffix("").as_posix()
            if stem in found:
                raise FormatError(
                    p,
                    "",
                    f"shares its label file {stem}.txt with {found[stem].name}; rename one of them",
                )
            found[stem] = p
    return found


def read_labels(
    path: Path, classes: list[str], builder: CocoBuilder, image_id: int, width: int, height: int
) -> None:
    """Add the boxes of one label file to image ``image_id`` (``width`` x ``height`` pixels)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(path, "", f"cannot read: {exc}") from None
    scores = polygons = 0
    for n, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        place = f"line {n}"
        if len(fields) < 5 or (len(fields) > 6 and len(fields) % 2 == 0):
            raise FormatError(path, place, f"expected 'class cx cy w h', got {line.strip()!r}")
        cls = number(fields[0], path, f"{place}, class")
        if not cls.is_integer() or not 0 <= cls < len(classes):
            raise FormatError(
                path,
                f"{place}, class",
                f"{fields[0]} is not an index into the {len(classes)} classes",
            )
        values = [number(v, path, f"{place}, field {i + 2}") for i, v in enumerate(fields[1:])]
        if any(v < -1 or v > 2 for v in values[:4]):
            raise FormatError(
                path, place, "coordinates must be normalised to 0..1 (these look like pixels)"
            )
        if len(fields) <= 6:  # class cx cy w h [score]
            scores += len(fields) == 6
            cx, cy, w, h = values[:4]
            if w < 0 or h < 0:
                raise FormatError(path, place, f"negative box size {w:g} x {h:g}")
            xyxy = (
                (cx - w / 2) * width,
                (cy - h / 2) * height,
                (cx + w / 2) * width,
                (cy + h / 2) * height,
            )
        else:  # class x1 y1 x2 y2 ... (ultralytics segmentation): its bounding box
            polygons += 1
            xs, ys = values[0::2], values[1::2]
            xyxy = (min(xs) * width, min(ys) * height, max(xs) * width, max(ys) * height)
        name = classes[int(cls)]
        builder.add_box(image_id, name, xyxy, f"{path}: {place} ({name})")
    if scores:
        builder.warnings.append(f"{path}: {scores} line(s) carry a sixth value (a score?); ignored")
    if polygons:
        builder.warnings.append(f"{path}: {polygons} polygon(s) imported as their bounding boxes")


def export_yolo(
    data: dict,
    out_dir: str | os.PathLike,
    *,
    protect: Iterable[str | os.PathLike] = (),
    backup: bool = False,
) -> list[Path]:
    """Write ``out_dir/labels/<file_name stem>.txt`` for every image and ``classes.txt``.

    Class indices follow the categories sorted by id; over an existing ``classes.txt`` its
    numbering is kept and new classes are appended. All files or none are written
    (core.formats.writer). Returns the class list and the label files.
    """
    out = Path(out_dir)
    files = yolo_files(data, out)
    write_files(out, files, protect, backup=backup)
    return [out / CLASSES_FILE] + [f.path for f in files if f.path != out / CLASSES_FILE]


def yolo_files(data: dict, out_dir: str | os.PathLike) -> list[ExportFile]:
    """The files a YOLO export into ``out_dir`` writes (``classes.txt`` only when it changes)."""
    out = Path(out_dir)
    names, images = export_view(data)
    classes = out / CLASSES_FILE
    known = read_classes(classes) if classes.is_file() else []  # FormatError: not renumbered
    order = known + [n for n in names if n not in known]
    index = {name: i for i, name in enumerate(order)}
    jobs = [(img, output_path(out / LABELS_DIR, img.file_name, ".txt")) for img in images]
    check_unique_outputs([(img.file_name, target) for img, target in jobs])
    files = (
        []
        if order == known
        else [ExportFile(classes, "".join(f"{n}\n" for n in order).encode("utf-8"))]
    )
    for img, target in jobs:
        lines = []
        for name, (x, y, w, h) in img.boxes:
            cx, cy = (x + w / 2) / img.width, (y + h / 2) / img.height
            lines.append(
                f"{index[name]} {cx:.6f} {cy:.6f} {w / img.width:.6f} {h / img.height:.6f}\n"
            )
        files.append(ExportFile(target, "".join(lines).encode("utf-8")))
    return files


def guess_yolo_layout(dataset: str | os.PathLike) -> tuple[Path, Path, Path]:
    """(labels_dir, image_root, classes_file) for a YOLO dataset folder, for ``import_yolo``.

    Knows the ultralytics layout (``images/``, ``labels/``) and the darknet one (images and
    ``.txt`` side by side, ``obj.names`` or ``classes.txt``); FormatError when no class list.
    """
    root = Path(dataset)
    labels = root / LABELS_DIR if (root / LABELS_DIR).is_dir() else root
    images = root / "images" if (root / "images").is_dir() else root
    for folder in (root, labels):
        for name in (CLASSES_FILE, "obj.names", "classes.names"):
            if (folder / name).is_file():
                return labels, images, folder / name
    raise FormatError(
        root, "", f"no class list ({CLASSES_FILE}, obj.names or a data.yaml) in this folder"
    )
