"""Tiled against untiled training of small objects in large photos, at one CPU budget.

Data: bench/deepforest_data.prepare_full, real aerial photos (2,299 x 2,472 px to train,
1,249 x 1,035 and two 400 x 400 px to validate) with ~20-40 px tree crowns, one class "Tree".
Both runs train Lite0 from the bundled ImageNet backbone (AdamW 3e-3; --level, --start change it)
at the same input size with core.train.loop.train, the schedule sized to the budget:
- untiled: the full photos letterboxed (with scale jitter) to the input size;
- tiled: the same project with ``"tiling"`` in the TrainConfig (tiles of --tile px, default
  core.tiling.suggest_tile_size's pick), evaluated the way the loop evaluates a tiled run:
  the full validation photos predicted tile by tile.
Both are evaluated on the full validation photos (AP50, AP) every --eval-every-s CPU seconds
and stop after --budget-s CPU seconds of training. CPU seconds are ``time.process_time()``
with one torch thread and no loading processes, less the time spent evaluating and writing
checkpoints, so the runs get the same compute for their optimisation steps and data loading.
Writes tiling_bench.json.

    python bench/tiling_bench.py --budget-s 60 --eval-every-s 30        (a smoke)
    python bench/tiling_bench.py --budget-s 3600 --eval-every-s 600     (the comparison)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core import events as ev  # noqa: E402
from core.bundled_weights import BUNDLED  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.train.config import TrainConfig  # noqa: E402


class CpuClock:
    """Process CPU seconds spent training: evaluations and checkpoint writes left out."""

    def __init__(self) -> None:
        self.t0 = time.process_time()
        self.excluded = 0.0

    def __call__(self) -> float:
        return time.process_time() - self.t0 - self.excluded

    def exclude(self, fn):
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.excluded += time.process_time() - start

        return timed


def run(name: str, cfg: TrainConfig, out: Path, args) -> list[dict]:
    import core.train.loop as loop

    clock = CpuClock()
    real_eval, real_save = loop.evaluate_and_report, loop.save_checkpoint
    loop.evaluate_and_report = clock.exclude(real_eval)
    loop.save_checkpoint = clock.exclude(real_save)
    curve: list[dict] = []
    last_eval, final, steps = [0.0], [], [0]

    def eval_requested() -> bool:
        steps[0] += 1  # polled once per step
        now = clock()
        if now - last_eval[0] >= args.eval_every_s or (now > args.budget_s and not final):
            if now > args.budget_s:
                final.append(True)
            last_eval[0] = now
            return True
        return False

    def emit(e: ev.Event) -> None:
        if isinstance(e, ev.Eval):
            m = e.metrics
            point = {"run": name, "cpu_s": round(clock(), 1), "steps": steps[0],
                     "epoch": e.epoch, "AP50": m.get("AP50"), "AP": m.get("AP")}  # fmt: skip
            curve.append(point)
            print(json.dumps(point), flush=True)
        elif isinstance(e, ev.Started):
            print(f"{name}: {e.train_images} training samples per epoch", flush=True)
        elif isinstance(e, ev.Error):
            print(f"{name}: error {e.kind}: {e.message}", flush=True)

    try:
        loop.train(
            cfg,
            out / f"{name}-run",
            emit=emit,
            eval_requested=eval_requested,
            should_stop=lambda: clock() > args.budget_s,
        )
    finally:
        loop.evaluate_and_report, loop.save_checkpoint = real_eval, real_save
    return curve


def pick_tile(data: Path, size: int) -> int:
    """core.tiling's suggestion for the training photos' crowns at this input size."""
    from core.tiling import suggest_tile_size

    coco = json.loads((data / "annotations.json").read_text())
    train = {im["id"]: im for im in coco["images"] if im.get("split") == "train"}
    sides = [math.sqrt(a["bbox"][2] * a["bbox"][3]) for a in coco["annotations"]
             if a["image_id"] in train]  # fmt: skip
    sizes = [(im["width"], im["height"]) for im in train.values()]
    return suggest_tile_size(sides, sizes, size, 16) or size


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--budget-s", type=float, default=1800, help="training CPU seconds per run")
    p.add_argument("--eval-every-s", type=float, default=300, help="CPU seconds between evals")
    p.add_argument("--size", type=int, default=256, help="model input size of both runs")
    p.add_argument("--tile", type=int, help="tile side in photo px (default: the suggestion)")
    p.add_argument("--overlap", type=float, default=0.2)
    p.add_argument("--empty-rate", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--level", default="lite0")
    p.add_argument("--start", choices=["imagenet", "none"], default="imagenet")
    p.add_argument("--optimizer", default="adamw")
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument(
        "--images-per-cpu-s",
        type=float,
        default=4.4,
        help="training speed that sizes the schedule to the budget (Lite0 at 256 px)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--only", choices=["tiled", "untiled"])
    p.add_argument("--data", help="a prepare_full project folder (default: made under --out)")
    p.add_argument("--out", default="bench/out/tiling")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = Path(args.data) if args.data else out / "forest-full"
    if not (data / "annotations.json").is_file():
        from bench.deepforest_data import prepare_full

        data = prepare_full(data)
    tile = args.tile or pick_tile(data, args.size)
    tiling = {"size": tile, "overlap": args.overlap, "empty_rate": args.empty_rate}
    base = TrainConfig(
        data=str(data),
        model=ModelConfig(
            level=args.level,
            image_size=args.size,
            pretrained_backbone=args.start == "imagenet",
            backbone_weights=BUNDLED if args.start == "imagenet" else None,
        ),
        batch_size=args.batch,
        lr=args.lr,
        optimizer=args.optimizer,
        weight_decay=args.weight_decay,
        workers=0,
        device="cpu",
        amp=False,
        eval_every=0,
        seed=args.seed,
    )
    curves: list[dict] = []
    for name, cfg in (("untiled", base.with_(tiling={})), ("tiled", base.with_(tiling=tiling))):
        if args.only and name != args.only:
            continue
        from core.data.dataset import build_datasets

        train_ds = build_datasets(cfg.data, args.size, tiling=cfg.tiling)[0]
        # the cosine schedule ends at the budget: as many images as the budget trains
        epochs = max(2, round(args.budget_s * args.images_per_cpu_s / len(train_ds)))
        curves += run(name, cfg.with_(epochs=epochs), out, args)
    result = {"size": args.size, "tile": tile, "budget_cpu_s": args.budget_s,
              "batch": args.batch, "curve": curves}  # fmt: skip
    (out / "tiling_bench.json").write_text(json.dumps(result, indent=2))
    for name in ("untiled", "tiled"):
        ends = [c for c in curves if c["run"] == name]
        if ends:
            print(f"{name:8s} AP50 {ends[-1]['AP50']} AP {ends[-1]['AP']} "
                  f"after {ends[-1]['steps']} steps, {ends[-1]['cpu_s']} CPU s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
