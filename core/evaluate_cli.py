"""`efficientdet eval CHECKPOINT DATA`: COCO metrics of a checkpoint on a dataset's val split.

A checkpoint whose run tiled is evaluated on the full-resolution images, predicted tile by tile
(core.train.evaluation.sliced_coco_results): the AP a user of ``efficientdet predict`` gets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.data.limits import set_limits
from core.options import DEVICES
from core.train.cli import add_limit_arguments

METRIC_NAMES = {
    "AP": "AP @ IoU 0.50:0.95", "AP50": "AP @ IoU 0.50", "AP75": "AP @ IoU 0.75",
    "APs": "AP small (< 32^2 px)", "APm": "AP medium", "APl": "AP large (> 96^2 px)",
    "AR1": "AR, 1 detection / image", "AR10": "AR, 10 detections", "AR100": "AR, 100 detections",
}  # fmt: skip


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("checkpoint", help="a checkpoint of ours (best.pt, last.pt) or a run folder")
    p.add_argument("data", help="project folder or COCO JSON; its validation split is evaluated")
    p.add_argument(
        "--weights",
        choices=["ema", "raw"],
        default="ema",
        help="evaluate the averaged (EMA, default) or the raw trained weights",
    )
    p.add_argument("--device", choices=DEVICES, default="auto")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--workers", type=int, default=2, help="image loading processes")
    add_limit_arguments(p)
    p.add_argument(
        "--save",
        metavar="DIR",
        help="also write the full result (PR curves, confusion) to DIR/eval-cli.json",
    )


def evaluate_checkpoint(
    checkpoint: str | Path,
    data: str | Path,
    device: str = "auto",
    weights: str = "ema",
    batch_size: int = 8,
    workers: int = 2,
) -> dict:
    """core.evaluate.coco_evaluate's result for a checkpoint on the val split of ``data``."""
    import torch

    from core.boxes import make_anchors
    from core.data.dataset import build_datasets
    from core.predict import load_model_and_tiling
    from core.train.distributed import amp_dtype, pick_device
    from core.train.evaluation import evaluate_model

    dev = pick_device(device)
    # the checkpoint's own weights, whatever backbone file or download its config names
    model, mcfg, classes, tiling = load_model_and_tiling(checkpoint, use_ema=weights == "ema")
    model.to(dev).eval()
    _, val_ds, _, val_coco = build_datasets(  # only the val split (whole images) is used
        data, mcfg.size, mean=mcfg.input_mean, std=mcfg.input_std, tiling={}
    )
    if len(val_ds) == 0 or not val_coco.get("annotations"):
        raise ValueError(f"{data}: the validation split has no labelled images to evaluate on")
    dtype = amp_dtype(True, dev)
    autocast = torch.autocast(dev.type, dtype=dtype) if dtype is not None else None
    return evaluate_model(
        model,
        val_ds,
        val_coco,
        classes,
        make_anchors(mcfg, dev),
        autocast,
        batch_size,
        workers,
        tiling,
    )


def format_table(result: dict) -> str:
    metrics = result["metrics"]
    lines = [f"{'metric':<28}{'value':>8}"]
    for key, label in METRIC_NAMES.items():
        if key in metrics:
            v = metrics[key]
            lines.append(f"{label:<28}{'n/a' if v < 0 else f'{v:.4f}':>8}")
    per_class = result.get("per_class_ap") or {}
    if per_class:
        lines += ["", f"{'class':<28}{'AP':>8}"]
        for name, v in per_class.items():
            lines.append(f"{name[:27]:<28}{'n/a' if v < 0 else f'{v:.4f}':>8}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        set_limits(args.max_image_pixels, args.max_image_bytes)
        result = evaluate_checkpoint(
            args.checkpoint, args.data, args.device, args.weights, args.batch_size, args.workers
        )
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"efficientdet eval: {exc}")
        return 1
    print(format_table(result))
    if args.save:
        from core.evaluate import save_eval

        Path(args.save).mkdir(parents=True, exist_ok=True)
        print(f"saved {save_eval(args.save, result, 'cli')}")
    return 0
