"""Does the demo data catch a broken detector? Train D0 with one planted bug, compare AP50.

Each run trains D0 from scratch at 256 px on the 200-image demo set for a fixed number of epochs
with our recipe (AdamW 3e-3, weight decay 0.01), once per --fault:

    none               the code as it is
    anchors-transposed each level's anchor grid in column-major order while the head's outputs
                       are row-major: the anchor at cell (i, j) describes cell (j, i)
    coder-xy-swapped   the loss encodes targets as (tx, ty, tw, th); decoding reads (ty, tx, th, tw)
    flip-image-only    the training flip mirrors the image but leaves the boxes where they were

    python bench/sensitivity.py --fault none --out bench/out/sensitivity/none
    python bench/sensitivity.py --fault flip-image-only --out bench/out/sensitivity/flip

Prints and writes (sensitivity.json) AP / AP50 at every evaluation.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core import events as ev  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.train.config import TrainConfig  # noqa: E402

FAULTS = ("none", "anchors-transposed", "coder-xy-swapped", "flip-image-only")


def plant(fault: str) -> None:
    """Monkeypatch one bug into the modules the training loop uses."""
    import core.boxes
    import core.data.transforms as T
    import core.loss

    if fault == "anchors-transposed":
        from core.boxes.anchors import anchors_per_location, feature_sizes

        real = core.boxes.make_anchors

        def transposed(cfg, device=None):
            anchors = real(cfg, device)
            a = anchors_per_location(cfg)
            spec = cfg.spec
            out, start = [], 0
            for feat in feature_sizes(cfg.size, spec.max_level)[spec.min_level :]:
                n = feat * feat * a
                grid = anchors[start : start + n].reshape(feat, feat, a, 4)  # rows = y
                out.append(grid.transpose(0, 1).reshape(-1, 4))
                start += n
            return torch.cat(out)

        core.boxes.make_anchors = transposed
    elif fault == "coder-xy-swapped":
        real_encode = core.loss.encode

        def swapped(boxes, anchors):
            return real_encode(boxes, anchors)[..., [1, 0, 3, 2]]

        core.loss.encode = swapped
    elif fault == "flip-image-only":
        real_hflip = T.hflip

        def image_only(image, boxes):
            flipped, _ = real_hflip(image, boxes)
            return flipped, boxes

        T.hflip = image_only


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fault", choices=FAULTS, default="none")
    p.add_argument("--epochs", type=int, default=24)
    p.add_argument("--eval-every", type=int, default=6)
    p.add_argument("--images", type=int, default=200)
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0, help="demo data and training")
    p.add_argument("--train-seed", type=int, help="training only (default: --seed)")
    p.add_argument("--out", default="bench/out/sensitivity")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from core.data.demo import make_demo
    from core.train.loop import train

    data = make_demo(out / "demo", num_images=args.images, seed=args.seed).parent
    plant(args.fault)
    cfg = TrainConfig(
        data=str(data),
        model=ModelConfig(level="d0", image_size=args.size),
        epochs=args.epochs,
        batch_size=8,
        workers=0,
        device="cpu",
        eval_every=args.eval_every,
        seed=args.seed if args.train_seed is None else args.train_seed,
        lr=0.003,
        optimizer="adamw",
        weight_decay=0.01,
    )
    curve: list[dict] = []

    def emit(e: ev.Event) -> None:
        if isinstance(e, ev.Eval):
            curve.append(
                {"epoch": e.epoch + 1, "AP": e.metrics.get("AP"), "AP50": e.metrics.get("AP50")}
            )
            print(f"{args.fault}: {curve[-1]}", flush=True)

    train(cfg, out / "run", emit=emit)
    (out / "sensitivity.json").write_text(
        json.dumps({"args": vars(args), "curve": curve}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
