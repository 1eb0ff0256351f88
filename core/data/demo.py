"""The demo dataset: coloured shapes on cluttered backgrounds, deterministic from a seed.

Five classes, each a shape *and* a colour (a red disk, a striped blue square, a green triangle,
a yellow star, a purple ring), at small, medium and large sizes, with some occlusion. The
distractors need both cues to reject: the same shapes in dull greys and browns, and other
shapes (crosses, hexagons, ellipses, long bars) in the class colours. They are unlabelled.
Objects of under ~24 input pixels cannot match a D0 anchor (smallest 32 px) at IoU 0.5, so
"small" here means 24-36 px in the original image.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np

from core.data.coco import save_coco
from core.fileio import write_atomic
from core.options import VAL_FRACTION

# name, base colour (RGB), texture
CLASSES: list[tuple[str, tuple[int, int, int], str]] = [
    ("circle", (215, 45, 40), "solid"),
    ("square", (45, 90, 215), "stripes"),
    ("triangle", (40, 180, 70), "solid"),
    ("star", (235, 200, 40), "solid"),
    ("ring", (160, 60, 195), "solid"),
]
DISTRACTOR_SHAPES = ("cross", "hexagon", "ellipse", "bar")
MIN_SIDE, MAX_SIDE = 320, 480  # image width/height range, pixels
DEMO_DESCRIPTION = "EfficientDet Studio demo dataset"


def make_demo(
    out_dir: str | Path, num_images: int = 400, image_size: int = MAX_SIDE, seed: int = 0
) -> Path:
    """Write ``images/*.jpg``, ``annotations.json`` (with a split per image) and
    ``project.json`` under ``out_dir``; returns the path of annotations.json.

    ``image_size`` is the largest width/height; the smallest is two thirds of it. The same
    arguments give the same bytes on every run.
    """
    if num_images < 2:
        raise ValueError(f"num_images must be at least 2, got {num_images}")
    if image_size < 96:
        raise ValueError(f"image_size must be at least 96 pixels, got {image_size}")
    out = Path(out_dir)
    images_dir = out / "images"
    _refuse_a_project(out)
    if images_dir.exists():  # rewrite an earlier demo, but never touch anyone else's images
        foreign = [p.name for p in images_dir.iterdir() if not p.name.startswith("demo_")]
        if foreign:
            raise FileExistsError(
                f"{images_dir} holds files that are not demo images "
                f"(e.g. {foreign[0]!r}); choose an empty folder"
            )
        for p in images_dir.glob("demo_*.jpg"):
            p.unlink()
    images_dir.mkdir(parents=True, exist_ok=True)
    n_val = max(1, round(num_images * VAL_FRACTION))
    coco: dict = {
        "info": {"description": f"{DEMO_DESCRIPTION} (seed {seed})"},
        "images": [],
        "annotations": [],
        "categories": [
            {"id": k + 1, "name": c[0], "supercategory": "shape"} for k, c in enumerate(CLASSES)
        ],
    }
    for i in range(num_images):
        rng = np.random.default_rng([seed, i])
        image, objects = _make_image(rng, image_size)
        name = f"demo_{i:04d}.jpg"
        ok, buf = cv2.imencode(".jpg", image[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 92])
        if not ok:
            raise RuntimeError(f"JPEG encoding failed for {name}")
        write_atomic(images_dir / name, buf.tobytes(), inside=out)
        h, w = image.shape[:2]
        coco["images"].append(
            {
                "id": i + 1,
                "file_name": name,
                "width": w,
                "height": h,
                "split": "val" if i >= num_images - n_val else "train",
            }
        )
        for cls, (x0, y0, x1, y1) in objects:
            bw, bh = round(x1 - x0, 2), round(y1 - y0, 2)
            coco["annotations"].append(
                {
                    "id": len(coco["annotations"]) + 1,
                    "image_id": i + 1,
                    "category_id": cls + 1,
                    "bbox": [round(x0, 2), round(y0, 2), bw, bh],
                    "area": round(bw * bh, 2),
                    "iscrowd": 0,
                }
            )
    ann_path = out / "annotations.json"
    save_coco(ann_path, coco, inside=out)
    project = {
        "version": 1,
        "annotations": "annotations.json",
        "image_root": "images",
        "class_colors": {name: "#{:02x}{:02x}{:02x}".format(*rgb) for name, rgb, _ in CLASSES},
        "val_fraction": VAL_FRACTION,
    }
    text = json.dumps(project, indent=1) + "\n"
    write_atomic(out / "project.json", text.encode("utf-8"), backup=True, inside=out)
    return ann_path


def _refuse_a_project(out: Path) -> None:
    """Raise FileExistsError when ``out`` holds labels that an earlier demo did not write."""
    ann, settings = out / "annotations.json", out / "project.json"
    for path in (ann, settings):
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise FileExistsError(f"{path} is not a plain file; choose an empty folder")
    if not ann.exists() and not settings.exists():
        return
    try:
        info = json.loads(ann.read_text(encoding="utf-8")).get("info", {})
        ours = str(info.get("description", "")).startswith(DEMO_DESCRIPTION)
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise FileExistsError(
            f"{out} holds a project ({ann.name if ann.exists() else settings.name}) that is "
            "not an earlier demo; writing the demo would replace its labels: choose an empty "
            "folder"
        )


def _make_image(rng: np.random.Generator, max_side: int) -> tuple[np.ndarray, list]:
    """One (H, W, 3) uint8 RGB image and its [(class index, (x0, y0, x1, y1))] boxes."""
    lo = max(64, max_side * 2 // 3)
    w, h = int(rng.integers(lo, max_side + 1)), int(rng.integers(lo, max_side + 1))
    img = _background(rng, w, h)
    n_obj = 0 if rng.random() < 0.05 else int(rng.integers(1, 7))
    kinds = [("obj", int(rng.integers(len(CLASSES)))) for _ in range(n_obj)]
    kinds += [("distractor", 0) for _ in range(int(rng.integers(1, 5)))]
    order = rng.permutation(len(kinds))  # drawing order: later objects occlude earlier ones
    placed: list[tuple[float, float, float, float]] = []
    objects = []
    for k in order:
        kind, cls = kinds[k]
        side = min(_object_side(rng, min(w, h)) * max_side / MAX_SIDE, 0.6 * min(w, h))
        for _ in range(20):  # a few tries to find a spot with limited overlap
            cx, cy = (
                rng.uniform(side / 2 + 1, w - side / 2 - 1),
                rng.uniform(side / 2 + 1, h - side / 2 - 1),
            )
            if kind == "obj":
                polys, holes = _class_shape(rng, cls, cx, cy, side)
                colour, texture = _jitter(rng, CLASSES[cls][1]), CLASSES[cls][2]
            else:
                polys, holes, colour, texture = _distractor(rng, cx, cy, side)
            pts = np.concatenate(polys)
            box = (
                float(pts[:, 0].min()),
                float(pts[:, 1].min()),
                float(pts[:, 0].max()),
                float(pts[:, 1].max()),
            )
            if (
                box[0] >= 0
                and box[1] >= 0
                and box[2] <= w
                and box[3] <= h
                and all(_overlap_ok(box, other) for other in placed)
            ):
                break
        else:
            continue
        _paint(img, polys, holes, colour, texture, rng)
        placed.append(box)
        if kind == "obj":
            objects.append((cls, box))
    img *= np.float32(rng.uniform(0.85, 1.1))  # overall light
    img += rng.random(img.shape, dtype=np.float32) * np.float32(14.0) - np.float32(7.0)  # noise
    return np.clip(img, 0, 255).astype(np.uint8), objects


def _background(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Low-frequency colour field + texture noise + clutter lines and patches (float32)."""
    grid = rng.uniform(60, 200, (int(rng.integers(3, 7)), int(rng.integers(3, 7)), 3))
    grey = grid.mean(axis=2, keepdims=True)
    grid = grey + (grid - grey) * 0.35  # muted colours, so objects are not all that pops out
    img = cv2.resize(grid.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    fine = cv2.resize(
        rng.normal(0, 18, (h // 4 + 1, w // 4 + 1)).astype(np.float32),
        (w, h),
        interpolation=cv2.INTER_LINEAR,
    )  # (h, w) texture noise
    img += fine[:, :, None]
    for _ in range(int(rng.integers(8, 25))):  # clutter: lines of random colour
        p0 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        colour = tuple(float(c) for c in rng.uniform(30, 230, 3))
        cv2.line(img, p0, p1, colour, int(rng.integers(1, 4)), cv2.LINE_AA)
    for _ in range(int(rng.integers(3, 10))):  # clutter: dull rectangles and blobs
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        size = (int(rng.integers(8, 60)), int(rng.integers(8, 60)))
        colour = tuple(float(c) for c in rng.uniform(70, 170) + rng.uniform(-20, 20, 3))
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + size[0], y + size[1]), colour, -1)
        else:
            cv2.ellipse(
                img, (x, y), size, float(rng.uniform(0, 180)), 0, 360, colour, -1, cv2.LINE_AA
            )
    return img


def _object_side(rng: np.random.Generator, min_dim: int) -> float:
    """Object extent in pixels of a MAX_SIDE image: small 24-36, medium 40-110, large 120 up to
    45% of the image (scaled by the caller for other image sizes)."""
    u = rng.random()
    if u < 0.2:
        return float(rng.uniform(24, 36))
    if u < 0.72:
        return float(rng.uniform(40, 110))
    return float(rng.uniform(120, max(121, 0.45 * min_dim)))


def _circle(cx: float, cy: float, rx: float, ry: float, n: int = 48, rot: float = 0.0):
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    c, s = math.cos(rot), math.sin(rot)
    return np.stack([cx + c * x - s * y, cy + s * x + c * y], axis=1)


def _rect(cx: float, cy: float, half_w: float, half_h: float) -> np.ndarray:
    return np.array(
        [
            [cx - half_w, cy - half_h],
            [cx + half_w, cy - half_h],
            [cx + half_w, cy + half_h],
            [cx - half_w, cy + half_h],
        ]
    )


def _regular(cx: float, cy: float, r: float, n: int, start: float, inner: float = 0.0):
    """Regular n-gon, or an n-pointed star when ``inner`` (radius ratio) is given."""
    k = 2 * n if inner else n
    t = start + np.arange(k) * 2 * np.pi / k
    rad = np.where(np.arange(k) % 2 == 1, r * inner, r) if inner else np.full(k, r)
    return np.stack([cx + rad * np.cos(t), cy + rad * np.sin(t)], axis=1)


def _class_shape(rng: np.random.Generator, cls: int, cx: float, cy: float, side: float):
    r = side / 2
    name = CLASSES[cls][0]
    if name == "circle":
        return [_circle(cx, cy, r, r)], []
    if name == "square":
        a = r * rng.uniform(0.92, 1.0)
        return [_rect(cx, cy, a, a)], []
    if name == "triangle":
        return [_regular(cx, cy + 0.2 * r, 1.15 * r, 3, -np.pi / 2 + rng.uniform(-0.15, 0.15))], []
    if name == "star":
        return [_regular(cx, cy, r, 5, -np.pi / 2 + rng.uniform(-0.3, 0.3), inner=0.45)], []
    return [_circle(cx, cy, r, r)], [_circle(cx, cy, 0.55 * r, 0.55 * r)]  # ring


def _distractor(rng: np.random.Generator, cx: float, cy: float, side: float):
    """Either a class shape in a dull colour, or another shape in a class colour."""
    if rng.random() < 0.5:
        polys, holes = _class_shape(rng, int(rng.integers(len(CLASSES))), cx, cy, side)
        grey = rng.uniform(60, 200)
        colour = tuple(float(grey + d) for d in rng.uniform(-15, 15, 3) + (12, 0, -12))
        return polys, holes, colour, "solid" if rng.random() < 0.7 else "stripes"
    colour = _jitter(rng, CLASSES[int(rng.integers(len(CLASSES)))][1])
    r, shape = side / 2, DISTRACTOR_SHAPES[int(rng.integers(len(DISTRACTOR_SHAPES)))]
    if shape == "cross":
        t = 0.3 * r
        polys = [_rect(cx, cy, r, t), _rect(cx, cy, t, r)]
    elif shape == "hexagon":
        polys = [_regular(cx, cy, r, 6, rng.uniform(0, np.pi))]
    elif shape == "ellipse":
        polys = [_circle(cx, cy, r, r * rng.uniform(0.3, 0.55), rot=rng.uniform(0, np.pi))]
    else:  # a long bar, horizontal or vertical
        t = r * rng.uniform(0.15, 0.35)
        a, b = (r, t) if rng.random() < 0.5 else (t, r)
        polys = [_rect(cx, cy, a, b)]
    return polys, [], colour, "solid" if rng.random() < 0.7 else "stripes"


def _jitter(rng: np.random.Generator, rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    c = np.array(rgb, np.float64) * rng.uniform(0.85, 1.1) + rng.uniform(-18, 18, 3)
    return tuple(float(v) for v in np.clip(c, 0, 255))


def _overlap_ok(a: tuple, b: tuple) -> bool:
    """Allow some occlusion: intersection under 30% of the smaller box."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return True
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return iw * ih < 0.3 * smaller


def _paint(
    img: np.ndarray, polys: list, holes: list, colour: tuple, texture: str, rng: np.random.Generator
) -> None:
    """Composite an anti-aliased shape (polygons minus holes) with a texture into ``img``."""
    h, w = img.shape[:2]
    pts = np.concatenate(polys)
    x0, y0 = max(0, int(pts[:, 0].min()) - 2), max(0, int(pts[:, 1].min()) - 2)
    x1, y1 = min(w, int(pts[:, 0].max()) + 3), min(h, int(pts[:, 1].max()) + 3)
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    shift = 4  # sub-pixel vertex precision: coordinates are in 1/16 pixel
    for value, group in ((255, polys), (0, holes)):
        for p in group:
            q = np.round((p - (x0, y0)) * (1 << shift)).astype(np.int32)
            cv2.fillPoly(mask, [q], value, cv2.LINE_AA, shift)
    ph, pw = mask.shape
    yy = np.arange(ph, dtype=np.float32)[:, None]
    xx = np.arange(pw, dtype=np.float32)[None, :]
    shade = 1.0 + 0.15 * (
        (xx / max(pw, 1) - 0.5) * rng.uniform(-1, 1) + (yy / max(ph, 1) - 0.5) * rng.uniform(-1, 1)
    )
    tex = np.array(colour, np.float32)[None, None, :] * shade[:, :, None]
    if texture == "stripes":
        period = int(rng.integers(4, 8))
        dark = (yy.astype(np.int32) % period) >= period // 2  # (ph, 1) horizontal stripes
        tex = tex * np.where(dark, np.float32(0.6), np.float32(1.0))[:, :, None]
    a = mask.astype(np.float32)[:, :, None] / np.float32(255.0)
    patch = img[y0:y1, x0:x1]
    img[y0:y1, x0:x1] = patch * (1 - a) + tex * a


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="folder to write the demo project into")
    parser.add_argument("--images", type=int, default=400, help="number of images (default 400)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--size",
        type=int,
        default=MAX_SIDE,
        help=f"largest image width/height in pixels (default {MAX_SIDE})",
    )


def run(args: argparse.Namespace) -> int:
    try:
        path = make_demo(args.out, num_images=args.images, image_size=args.size, seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"demo dataset written: {path}")
    return 0
