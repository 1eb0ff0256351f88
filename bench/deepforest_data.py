"""Real aerial photos of tree crowns for benchmarks: the sample data of the `deepforest` wheel.

DeepForest (MIT licence, weecology) ships NEON airborne RGB photos (10 cm/px) with Pascal VOC
boxes of tree crowns, one class "Tree", inside its PyPI wheel (deepforest 2.1.0, data/):

    2019_YELL_2_528000_4978000_image_crop2   2299 x 2472 px, 574 crowns   -> train
    2019_YELL_2_541000_4977000_image_crop    1249 x 1035 px, 279 crowns   -> val
    OSBS_029                                  400 x  400 px,  61 crowns   -> val
    SOAP_061                                  400 x  400 px,  37 crowns   -> val

The training photo and the validation photos are different scenes, so no crown is on both sides
(``--split scenes``); ``--split blocks`` instead holds out the bottom quarter of every photo.
``prepare_tiles`` cuts them into tiles of a fixed size (a small-image project, as a user with
crops would have); ``prepare_full`` keeps the full photos (a large-image project). Both write a
COCO project folder (images/ and annotations.json) whose image entries carry their "split".

    python bench/deepforest_data.py tiles /tmp/forest-tiles
    python bench/deepforest_data.py full /tmp/forest-full
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.tiling import tile_grid  # noqa: E402

VERSION = "2.1.0"
PHOTOS = {
    "2019_YELL_2_528000_4978000_image_crop2": "train",
    "2019_YELL_2_541000_4977000_image_crop": "val",
    "OSBS_029": "val",
    "SOAP_061": "val",
}
CACHE = Path(__file__).resolve().parent / "out" / "deepforest"


def wheel(cache: Path = CACHE) -> Path:
    """The deepforest wheel, fetched once with pip (its local cache works offline)."""
    found = sorted(cache.glob(f"deepforest-{VERSION}-*.whl"))
    if found:
        return found[0]
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(cache)]
        + [f"deepforest=={VERSION}"],
        check=True,
    )
    return sorted(cache.glob(f"deepforest-{VERSION}-*.whl"))[0]


def photos(cache: Path = CACHE) -> list[tuple[str, np.ndarray, np.ndarray, str]]:
    """(name, RGB array, boxes (N, 4) xyxy pixels, split) of each photo."""
    Image.MAX_IMAGE_PIXELS = None
    out = []
    with zipfile.ZipFile(wheel(cache)) as zf:
        for name, split in PHOTOS.items():
            with zf.open(f"deepforest/data/{name}.png") as f:
                rgb = np.asarray(Image.open(f).convert("RGB"))
            root = ET.fromstring(zf.read(f"deepforest/data/{name}.xml"))
            boxes = [
                [float(o.findtext(f"bndbox/{k}")) for k in ("xmin", "ymin", "xmax", "ymax")]
                for o in root.iter("object")
            ]
            out.append((name, rgb, np.asarray(boxes, np.float32).reshape(-1, 4), split))
    return out


def prepare_full(out: str | Path, cache: Path = CACHE) -> Path:
    """A project folder of the four full photos."""
    return _write(Path(out), [(n, rgb, b, s) for n, rgb, b, s in photos(cache)])


def _cut(boxes: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """The crowns at least half inside the window, clipped to it, in window pixels."""
    inter = np.clip(boxes, [x0, y0, x0, y0], [x1, y1, x1, y1])
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    seen = (inter[:, 2] - inter[:, 0]) * (inter[:, 3] - inter[:, 1])
    return inter[seen >= 0.5 * np.maximum(area, 1e-6)] - [x0, y0, x0, y0]


def prepare_tiles(
    out: str | Path, size: int = 256, cache: Path = CACHE, split: str = "scenes"
) -> Path:
    """A project folder of size x size tiles (edge tiles flush with the border; a crown is kept
    in a tile when at least half of it is inside).

    ``split="scenes"``: the training photo's tiles train, the other photos' validate (new scenes).
    ``split="blocks"``: every photo is cut at 3/4 of its height; tiles of the top part train,
    tiles of the bottom part validate (the same scenes, places never trained on; no pixel is
    on both sides)."""
    items = []
    for name, rgb, boxes, scene_split in photos(cache):
        h, w = rgb.shape[:2]
        cut = h if split == "scenes" else round(0.75 * h)
        regions = [(0, cut, scene_split if split == "scenes" else "train")]
        if split == "blocks":
            regions.append((cut, h, "val"))
        for top, bottom, part in regions:
            for x0, y0, x1, y1 in tile_grid(w, bottom - top, size, 0.0):
                y0, y1 = y0 + top, y1 + top
                tile = rgb[y0:y1, x0:x1]
                items.append((f"{name}_{x0}_{y0}", tile, _cut(boxes, x0, y0, x1, y1), part))
    return _write(Path(out), items)


def _write(out: Path, items: list) -> Path:
    (out / "images").mkdir(parents=True, exist_ok=True)
    images, annotations = [], []
    for i, (name, rgb, boxes, split) in enumerate(items, start=1):
        file = f"{name}.png"
        Image.fromarray(rgb).save(out / "images" / file)
        h, w = rgb.shape[:2]
        images.append({"id": i, "file_name": file, "width": w, "height": h, "split": split})
        for x0, y0, x1, y1 in boxes.tolist():
            if x1 - x0 >= 1 and y1 - y0 >= 1:
                box = [x0, y0, x1 - x0, y1 - y0]
                annotations.append(
                    {
                        "id": len(annotations) + 1,
                        "image_id": i,
                        "category_id": 1,
                        "bbox": [round(v, 2) for v in box],
                        "area": round(box[2] * box[3], 2),
                        "iscrowd": 0,
                    }
                )
    coco = {
        "images": images,
        "annotations": annotations,
        "categories": [{"id": 1, "name": "Tree"}],
    }
    (out / "annotations.json").write_text(json.dumps(coco))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("layout", choices=["tiles", "full"])
    p.add_argument("out")
    p.add_argument("--size", type=int, default=256, help="tile side (tiles layout)")
    p.add_argument("--split", choices=["scenes", "blocks"], default="scenes", help="(tiles)")
    a = p.parse_args(argv)
    if a.layout == "tiles":
        folder = prepare_tiles(a.out, a.size, split=a.split)
    else:
        folder = prepare_full(a.out)
    coco = json.loads((folder / "annotations.json").read_text())
    for split in ("train", "val"):
        ids = {im["id"] for im in coco["images"] if im["split"] == split}
        n = sum(a["image_id"] in ids for a in coco["annotations"])
        print(f"{split}: {len(ids)} images, {n} boxes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
