"""Where a CPU training step goes, and our loss + anchor matching against the port's.

Part 1, a profile of one training step of ours (core.train.step, as the training loop runs it
on the CPU with core.train.perf's tuning): forward of the network, the detection loss split
into anchor matching (core.boxes.matcher.match_batch) and the rest, backward, gradient
clipping + optimizer step. Process CPU seconds, median over the steps.

Part 2, the loss alone, side by side in this process on the same head outputs: ours
(core.loss.detection_loss: matching, focal and Huber losses, backward into the head outputs)
against the port's (effdet's AnchorLabeler.batch_label_anchors + DetectionLoss, backward),
called in turn, median of the per-call ratio.

    python bench/loss_bench.py --threads 1 --sizes 512 256 --boxes 10 100
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

import core.loss  # noqa: E402
from bench.train_bench import effdet_target, make_batches  # noqa: E402
from core.boxes import make_anchors  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.model import EfficientDet  # noqa: E402
from core.train import perf  # noqa: E402

CLIP = 10.0


def profile_step(level: str, size: int, batch: int, classes: int, steps: int) -> dict:
    """CPU seconds per phase of our training step (median over ``steps`` after 2 warm-up)."""
    cfg = ModelConfig(level=level, image_size=size, num_classes=classes)
    torch.manual_seed(0)
    net = EfficientDet(cfg).train()
    tuning = perf.Tuning(channels_last=True)
    net.to(memory_format=torch.channels_last)
    anchors = make_anchors(cfg)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    phases: dict[str, list[float]] = {
        k: [] for k in ("forward", "matching", "loss (rest)", "backward", "clip + step")
    }
    real_match = core.loss.match_batch
    spent = [0.0]

    def timed_match(*a, **kw):
        c0 = time.process_time()
        out = real_match(*a, **kw)
        spent[0] += time.process_time() - c0
        return out

    core.loss.match_batch = timed_match
    try:
        for i, (images, boxes, labels) in enumerate(make_batches(steps + 2, batch, size, classes)):
            targets = [{"boxes": b, "labels": lab} for b, lab in zip(boxes, labels, strict=True)]
            images = perf.prepare_images(images, tuning)
            c0 = time.process_time()
            class_out, box_out = net(images)
            c1 = time.process_time()
            spent[0] = 0.0
            losses = core.loss.detection_loss(class_out, box_out, anchors, targets, classes)
            c2 = time.process_time()
            losses["loss"].backward()
            c3 = time.process_time()
            torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP)
            opt.step()
            opt.zero_grad(set_to_none=True)
            c4 = time.process_time()
            if i >= 2:
                for key, value in (
                    ("forward", c1 - c0),
                    ("matching", spent[0]),
                    ("loss (rest)", c2 - c1 - spent[0]),
                    ("backward", c3 - c2),
                    ("clip + step", c4 - c3),
                ):
                    phases[key].append(value)
    finally:
        core.loss.match_batch = real_match
    return {k: statistics.median(v) for k, v in phases.items()}


def loss_side_by_side(level: str, size: int, batch: int, classes: int, boxes: int, calls: int):
    """Median per-call CPU seconds of ours and the port's loss with backward; their ratio."""
    import effdet
    from effdet import DetBenchTrain

    theirs = effdet.create_model(
        f"tf_efficientdet_{level}",
        pretrained=False,
        pretrained_backbone=False,
        num_classes=classes,
        image_size=(size, size),
    )
    bench = DetBenchTrain(theirs, create_labeler=True)
    cfg = ModelConfig(level=level, image_size=size, num_classes=classes)
    anchors = make_anchors(cfg)
    torch.manual_seed(0)
    with torch.no_grad():
        class_out, box_out = EfficientDet(cfg).eval()(torch.randn(batch, 3, size, size))
    gen = torch.Generator().manual_seed(1)
    bx, lab = [], []
    for _ in range(batch):  # boxes of 8-40 % of the side, anywhere
        wh = (torch.rand(boxes, 2, generator=gen) * 0.32 + 0.08) * size
        xy = torch.rand(boxes, 2, generator=gen) * (size - wh)
        bx.append(torch.cat([xy, xy + wh], 1))
        lab.append(torch.randint(0, classes, (boxes,), generator=gen))
    ours_t, theirs_t, ratio = [], [], []
    for _ in range(calls + 1):
        per = {}
        for side in ("ours", "theirs"):
            c = [t.clone().requires_grad_(True) for t in class_out]
            b = [t.clone().requires_grad_(True) for t in box_out]
            c0 = time.process_time()
            if side == "ours":
                targets = [{"boxes": x, "labels": y} for x, y in zip(bx, lab, strict=True)]
                loss = core.loss.detection_loss(c, b, anchors, targets, classes)["loss"]
            else:
                t = effdet_target(bx, lab, torch.device("cpu"))
                ct, bt, npos = bench.anchor_labeler.batch_label_anchors(t["bbox"], t["cls"])
                loss = bench.loss_fn(c, b, ct, bt, npos)[0]
            loss.backward()
            per[side] = time.process_time() - c0
        ours_t.append(per["ours"])
        theirs_t.append(per["theirs"])
        ratio.append(per["ours"] / per["theirs"])
    ours_t, theirs_t, ratio = ours_t[1:], theirs_t[1:], ratio[1:]  # first call: warm-up
    return statistics.median(ours_t), statistics.median(theirs_t), statistics.median(ratio)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--level", default="d0")
    p.add_argument("--sizes", type=int, nargs="+", default=[512, 256])
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--num-classes", type=int, default=20)
    p.add_argument("--boxes", type=int, nargs="+", default=[10, 100], help="boxes per image")
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--calls", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(
        f"torch {torch.__version__}, {args.level.upper()}, batch {args.batch}, "
        f"{torch.get_num_threads()} threads, process CPU seconds"
    )
    for size in args.sizes:
        ph = profile_step(args.level, size, args.batch, args.num_classes, args.steps)
        total = sum(ph.values())
        parts = ", ".join(f"{k} {v:.3f} s ({100 * v / total:.0f}%)" for k, v in ph.items())
        print(f"{size} px step {total:.3f} s: {parts}", flush=True)
    print(f"{'size':>5} {'boxes':>6} {'ours ms':>8} {'port ms':>8} {'ours/port':>10}")
    for size in args.sizes:
        for n in args.boxes:
            o, t, r = loss_side_by_side(
                args.level, size, args.batch, args.num_classes, n, args.calls
            )
            print(f"{size:>5} {n:>6} {1e3 * o:>8.1f} {1e3 * t:>8.1f} {r:>10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
