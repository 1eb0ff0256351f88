"""AP50 against CPU minutes: what a pretrained start is worth, on real photos and on the demo data.

One run per invocation (start several side by side, each pinned to one thread): ours
(core.train.loop.train, the trainer the GUI's worker runs) on a budget of process CPU seconds
(``time.process_time()``; loading in-process, ``torch.set_num_threads(--threads)``), evaluated
with pycocotools every --eval-every CPU seconds. The CPU time of the evaluations themselves is not
counted against the budget. The cosine schedule is sized to the budget from a short probe of the
level's speed, so every run ends its schedule at the budget.

Data: ``forest`` (DeepForest's real aerial photos cut into 256 px tiles, bench/deepforest_data.py;
validation: other scenes), ``forest-blocks`` (the same photos, validation: the bottom quarter of
each) or ``demo`` (efficientdet demo-data, 200 images, seed 0).

    python bench/pretrained_bench.py --data forest --level lite0 --start imagenet --out /tmp/pb/a
    python bench/pretrained_bench.py --data forest --level d0 --start none --out /tmp/pb/b
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core import events as ev  # noqa: E402
from core.bundled_weights import BUNDLED  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.options import FLIPS, OPTIMIZERS  # noqa: E402
from core.project import load_project, plan_dataset  # noqa: E402
from core.recipes import recipe  # noqa: E402
from core.train.config import TrainConfig  # noqa: E402

PROBE_CPU_S = 45.0


def dataset(kind: str, root: Path) -> Path:
    if kind in ("forest", "forest-blocks"):
        from bench.deepforest_data import prepare_tiles

        split = "scenes" if kind == "forest" else "blocks"
        folder = root / ("forest-tiles" if kind == "forest" else "forest-blocks")
        if not (folder / "annotations.json").is_file():
            prepare_tiles(folder, 256, split=split)
        return folder
    from core.data.demo import make_demo

    folder = root / "demo"
    if not (folder / "annotations.json").is_file():
        make_demo(folder, num_images=200, seed=0)
    return folder


def config(args, data: Path, epochs: int) -> TrainConfig:
    model = ModelConfig(
        level=args.level,
        image_size=args.size,
        pretrained_backbone=args.start == "imagenet",
        backbone_weights=BUNDLED if args.start == "imagenet" else None,
        anchor_scale=args.anchor_scale,
    )
    return TrainConfig(
        data=str(data),
        model=model,
        epochs=epochs,
        batch_size=args.batch,
        workers=0,
        device="cpu",
        eval_every=0,
        seed=args.seed,
        lr=args.lr,
        optimizer=args.optimizer,
        weight_decay=args.weight_decay,
        freeze_backbone_epochs=args.freeze,
        backbone_lr_scale=args.backbone_lr
        or recipe(args.start, 0, args.level)["backbone_lr_scale"],
        scale_range=tuple(args.scale_range),
        flips=args.flips,
        **({} if args.color is None else {"color_jitter": args.color}),
    )


def frozen_backbone_bn(args) -> None:
    """Experimental (--backbone-bn frozen): the backbone's BatchNorm statistics stay ImageNet's
    (eval mode) while it trains. Patches the trainer's optimizer construction to get the model."""
    import core.train.loop as loop
    from core.train.optim import build_optimizer

    if args.backbone_bn == "train":
        return

    def build(model, cfg):
        backbone = model.backbone

        def train_mode(mode: bool = True):
            torch.nn.Module.train(backbone, mode)
            for m in backbone.modules():
                if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                    m.eval()
            return backbone

        backbone.train = train_mode
        return build_optimizer(model, cfg)

    loop.build_optimizer = build


def probe(args, data: Path, out: Path) -> float:
    """Training images per CPU second of this level and size (a short run, thrown away)."""
    from core.train.loop import train

    seen = [0]

    def emit(e: ev.Event) -> None:
        if isinstance(e, ev.Progress):
            seen[0] = (e.epoch * e.steps + e.step) * args.batch

    t0 = time.process_time()
    # Unfrozen: the frozen warm-up epochs run faster and would size a schedule too long
    cfg = replace(config(args, data, 1000), freeze_backbone_epochs=0)
    train(cfg, out / "probe", emit=emit, should_stop=lambda: time.process_time() - t0 > PROBE_CPU_S)
    return seen[0] / (time.process_time() - t0)


def run(args, data: Path, out: Path, epochs: int) -> list[dict]:
    from core.train.loop import train

    curve: list[dict] = []
    spent_eval = [0.0]  # CPU seconds of evaluations, not counted against the budget
    asked = [None]  # process time of the pending evaluation request
    next_eval = [args.eval_every]
    t0 = time.process_time()

    def cpu() -> float:
        return time.process_time() - t0 - spent_eval[0]

    def eval_requested() -> bool:
        if cpu() >= next_eval[0] or cpu() >= args.budget:
            next_eval[0] += args.eval_every
            asked[0] = time.process_time()
            return True
        return False

    def emit(e: ev.Event) -> None:
        if isinstance(e, ev.Eval):
            at = cpu() if asked[0] is None else asked[0] - t0 - spent_eval[0]
            if asked[0] is not None:
                spent_eval[0] += time.process_time() - asked[0]
                asked[0] = None
            curve.append(
                {
                    "cpu_min": round(at / 60, 2),
                    "epoch": e.epoch,
                    "AP": e.metrics.get("AP"),
                    "AP50": e.metrics.get("AP50"),
                }
            )
            print(json.dumps({"run": args.name, **curve[-1]}), flush=True)

    cfg = config(args, data, epochs)
    train(
        cfg,
        out / "run",
        emit=emit,
        eval_requested=eval_requested,
        should_stop=lambda: cpu() > args.budget,
    )
    return curve


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", choices=["forest", "forest-blocks", "demo"], default="forest")
    p.add_argument("--level", default="lite0")
    p.add_argument("--start", choices=["imagenet", "none"], default="imagenet")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--scale-range", type=float, nargs=2, default=(0.5, 1.5), help="scale jitter")
    p.add_argument("--flips", choices=FLIPS, default="horizontal")
    p.add_argument("--color", type=float, help="colour jitter strength (default: the trainer's)")
    p.add_argument("--anchor-scale", type=float, help="base anchor size in strides (default: 4)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--freeze", type=int, default=0, help="frozen-backbone warm-up epochs")
    p.add_argument("--backbone-bn", choices=["train", "frozen"], default="train")
    p.add_argument("--backbone-lr", type=float, help="backbone lr scale (default: the recipe's)")
    p.add_argument("--budget", type=float, default=900, help="training CPU seconds")
    p.add_argument("--eval-every", type=float, default=300, help="CPU seconds")
    p.add_argument("--epochs", type=int, help="schedule length (default: sized by a probe)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--name", help="label of this run in the output")
    p.add_argument("--out", required=True)
    p.add_argument("--data-root", default="bench/out/pretrained")
    args = p.parse_args(argv)
    args.name = args.name or f"{args.level}-{args.start}-{args.optimizer}{args.lr:g}"
    torch.set_num_threads(args.threads)
    frozen_backbone_bn(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = dataset(args.data, Path(args.data_root))
    n_train = len(plan_dataset(load_project(data).coco).train_ids)
    epochs = args.epochs
    rate = None
    if epochs is None:
        rate = probe(args, data, out)
        epochs = max(2, round(args.budget * rate / n_train))
    print(json.dumps({"run": args.name, "images_per_cpu_s": rate, "epochs": epochs}), flush=True)
    curve = run(args, data, out, epochs)
    result = {"args": vars(args), "images_per_cpu_s": rate, "epochs": epochs, "curve": curve}
    (out / "result.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
