"""`efficientdet train`: train a detector on a labelled project or a COCO JSON file."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from core.config import ModelConfig
from core.data import limits
from core.options import DEVICES, FLIPS, FUSION_METHODS, LEVEL_NAMES, OPTIMIZERS
from core.train.config import TrainConfig, read_config_file
from core.train.starts import CLI_STARTS, apply_start

EXAMPLES = """examples:
  efficientdet train my_project --level d0 --epochs 30
  efficientdet train data/annotations.json --level d2 --batch-size 4 --lr 0.01
  efficientdet train my_project --level lite0 --start imagenet   (bundled ImageNet backbone)
  efficientdet train my_project --start coco   (the store's COCO checkpoint of the level)
  efficientdet train my_project --init-from tf_efficientdet_d0.pth   (fine-tune COCO weights)
  efficientdet train --resume my_project/runs/20250101-120000-d0   (continue a stopped run)

The run folder (<project>/runs/<time>-<level>/) receives config.json, events.jsonl, last.pt,
best.pt and the evaluation results. Ctrl-C once saves a checkpoint and stops; `--resume` goes on.
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = EXAMPLES
    p.add_argument("data", nargs="?", help="project folder (with annotations.json) or COCO JSON")
    p.add_argument(
        "--level",
        choices=LEVEL_NAMES,
        type=str.lower,
        help="model size: d0 (smallest, fastest) ... d7x (largest), or the mobile "
        "lite0 ... lite4; default d0",
    )
    p.add_argument(
        "--image-size",
        type=int,
        metavar="PX",
        help="square input size in pixels (default: the level's, e.g. 512 for d0)",
    )
    p.add_argument(
        "--fusion",
        choices=FUSION_METHODS,
        help="BiFPN feature fusion (default: the level's official choice)",
    )
    p.add_argument(
        "--anchor-scale",
        type=float,
        metavar="S",
        help="base anchor side in strides of its level (default: the level's, 4; D7/D7x 5); "
        "smaller anchors match smaller objects",
    )
    p.add_argument(
        "--start",
        choices=CLI_STARTS,
        help="weights to start from: none (random, the default), imagenet (the level's "
        "backbone: cached, or bundled for lite0-lite2) or coco (the store's checkpoint); "
        "epochs, batch size, optimizer, lr, weight decay and frozen warm-up follow the "
        "start's recipe unless given (core/recipes.py)",
    )
    p.add_argument("--epochs", type=int, help="passes over the training images (recipe)")
    p.add_argument("--batch-size", type=int, help="images per step, per GPU (recipe)")
    p.add_argument("--lr", type=float, help="peak learning rate (recipe)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, help="sgd (momentum 0.9) or adamw (recipe)")
    p.add_argument("--weight-decay", type=float, help="(recipe)")
    p.add_argument("--warmup-epochs", type=float, help="linear lr warm-up length (default 1)")
    p.add_argument("--ema-decay", type=float, help="weight averaging; 0 turns it off (0.9998)")
    p.add_argument("--clip-grad-norm", type=float, help="gradient clipping; 0 turns it off (10)")
    p.add_argument(
        "--no-amp",
        dest="amp",
        action="store_false",
        default=None,
        help="full fp32 precision on CUDA (mixed precision is the default there)",
    )
    p.add_argument(
        "--freeze-backbone-epochs",
        type=int,
        metavar="N",
        help="train only the BiFPN and heads for the first N epochs",
    )
    p.add_argument(
        "--backbone-lr-scale",
        type=float,
        metavar="S",
        help="the backbone's learning rate as a fraction of --lr (recipe)",
    )
    p.add_argument(
        "--scale-range",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="scale jitter of the augmentation (default 0.5 1.5)",
    )
    p.add_argument(
        "--flips",
        choices=FLIPS,
        help="horizontal (default), or all: every flip and 90-degree turn, for pictures with "
        "no up (aerial photos, microscopy)",
    )
    p.add_argument(
        "--color-jitter",
        type=float,
        metavar="S",
        help="strength of the hue/saturation/brightness jitter, 0-2 (0: off; default 1)",
    )
    p.add_argument(
        "--eval-every",
        type=int,
        metavar="N",
        help="evaluate every N epochs (0: only at the end; default 1)",
    )
    p.add_argument(
        "--init-from",
        metavar="CKPT",
        help="start from these weights: an effdet COCO .pth, a .pt or a run folder",
    )
    p.add_argument(
        "--device",
        choices=DEVICES,
        help="default auto: CUDA, then Apple MPS, then CPU",
    )
    p.add_argument("--workers", type=int, help="image loading processes (default 2)")
    p.add_argument("--seed", type=int, help="random seed (default 0)")
    p.add_argument(
        "--sync-bn",
        action="store_true",
        default=None,
        help="synchronized BatchNorm across GPUs (torchrun only)",
    )
    add_limit_arguments(p)
    p.add_argument(
        "--config",
        metavar="JSON",
        help="read the settings from a config.json; flags given as well override it",
    )
    p.add_argument(
        "--resume",
        metavar="RUN_DIR",
        help="continue a stopped run where it left off (--epochs may extend it)",
    )
    p.add_argument("--run-dir", metavar="DIR", help="write the run here instead of <project>/runs")
    p.add_argument(
        "--json", action="store_true", help="print JSON-lines events instead of a progress bar"
    )


def add_limit_arguments(p: argparse.ArgumentParser) -> None:
    """The image size limits of core.data.limits (the environment variables otherwise)."""
    p.add_argument(
        "--max-image-pixels",
        type=int,
        metavar="N",
        help=f"refuse images of more pixels (default ${limits.PIXELS_ENV} or "
        f"{limits.DEFAULT_MAX_PIXELS:,})",
    )
    p.add_argument(
        "--max-image-bytes",
        type=int,
        metavar="N",
        help=f"refuse larger image files (default ${limits.BYTES_ENV} or 1 GiB)",
    )


_FLAGS = ("epochs", "batch_size", "lr", "optimizer", "weight_decay", "warmup_epochs",
          "ema_decay", "clip_grad_norm", "amp", "freeze_backbone_epochs", "backbone_lr_scale",
          "eval_every", "init_from", "device", "workers", "seed", "sync_bn", "max_image_pixels",
          "max_image_bytes", "flips", "color_jitter")  # fmt: skip


def config_from_args(args: argparse.Namespace) -> tuple[TrainConfig, Path | None, bool]:
    """(config, run folder or None, resume?) from parsed flags; given flags override the file."""
    base: dict = {}
    source = Path(args.resume) / "config.json" if args.resume else args.config
    if source:
        base = read_config_file(source)
    if args.data:
        base["data"] = args.data
    if "data" not in base:
        raise ValueError("give the data to train on: a project folder or a COCO JSON file")
    model = dict(base.get("model") or ModelConfig().to_dict())
    for key in ("level", "image_size", "fusion", "anchor_scale"):
        if getattr(args, key) is not None:
            model[key] = getattr(args, key)
    base["model"] = model
    for key in _FLAGS:
        if getattr(args, key, None) is not None:
            base[key] = getattr(args, key)
    if args.scale_range is not None:
        base["scale_range"] = args.scale_range
    if not source or args.start:  # a new run: the start's recipe fills what is not given
        apply_start(base, args.start or "none")
    try:
        cfg = TrainConfig.from_dict(base)
    except ValueError as exc:
        if not source:
            raise
        raise ValueError(f"{source}: {exc}") from None
    run_dir = Path(args.resume or args.run_dir) if (args.resume or args.run_dir) else None
    return cfg, run_dir, bool(args.resume)


def run(args: argparse.Namespace) -> int:
    from core.train.callbacks import TerminalPrinter, TrainingError, print_event
    from core.train.loop import train

    try:
        cfg, run_dir, resume = config_from_args(args)
    except (OSError, ValueError) as exc:
        print(f"efficientdet train: {exc}")
        return 2
    stop = threading.Event()

    def on_sigint(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nstopping after this step (Ctrl-C again to abort without saving)", flush=True)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        train(
            cfg,
            run_dir,
            emit=print_event if args.json else TerminalPrinter(),
            should_stop=stop.is_set,
            resume=resume,
        )
    except TrainingError:
        return 1  # already reported as an Error event
    finally:
        signal.signal(signal.SIGINT, previous)
    return 0
