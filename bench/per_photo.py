"""AP50 of one checkpoint on each validation photo of a DeepForest tile set, and on all of them.

The tile sets of bench/deepforest_data.py name each tile after its photo; this evaluates the
checkpoint (its EMA weights, pycocotools, the evaluation the app runs) on the validation tiles of
one photo at a time, so a split's single figure can be read scene by scene.

    python bench/per_photo.py /tmp/pb/run/run/best.pt bench/out/pretrained/forest-tiles
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.deepforest_data import PHOTOS  # noqa: E402


def subset(coco: dict, photo: str) -> dict:
    """The training images and the validation images cut from ``photo`` ("" keeps them all)."""
    images = [
        im
        for im in coco["images"]
        if im.get("split") != "val" or Path(im["file_name"]).name.startswith(photo)
    ]
    ids = {im["id"] for im in images}
    return {
        **coco,
        "images": images,
        "annotations": [a for a in coco["annotations"] if a["image_id"] in ids],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkpoint")
    p.add_argument("tiles", help="a tile set folder (images/ and annotations.json)")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)

    import torch

    from core.evaluate_cli import evaluate_checkpoint

    torch.set_num_threads(args.threads)
    tiles = Path(args.tiles).resolve()
    coco = json.loads((tiles / "annotations.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for photo in [*PHOTOS, ""]:  # a photo without validation tiles is skipped
            part = subset(coco, photo)
            n_val = sum(1 for im in part["images"] if im.get("split") == "val")
            if n_val == 0:
                continue
            folder = Path(tmp) / (photo or "all")
            folder.mkdir()
            (folder / "images").symlink_to(tiles / "images")
            (folder / "annotations.json").write_text(json.dumps(part), encoding="utf-8")
            m = evaluate_checkpoint(args.checkpoint, folder, device="cpu", workers=0)["metrics"]
            row = {"photo": photo or "all", "val_tiles": n_val, "AP50": m["AP50"], "AP": m["AP"]}
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
