"""Training throughput (images/s), ours against the effdet port's DetBenchTrain, same batches.

Each step is forward + loss + backward + gradient clipping + SGD step; ours is the training
loop's own step (core.train.step). Both models start from the same weights
(effdet's random init, loaded into ours) and are stepped in turn, step by step, so load from
other processes hits both alike; on the CPU the process CPU seconds per image are printed too,
a measure that others' load sways less than wall time. effdet wants its targets as yxyx boxes
with 1-based classes, padded with -1; ours takes xyxy boxes and 0-based labels: the same boxes,
converted.

Ours runs as the training loop runs it: on the CPU with core.train.perf's tuning (channels_last
weights and input; in the side-by-side mode also glibc malloc keeping freed memory, which is
process-wide, so there each side runs in its own process, both at once, effdet with defaults).

    python bench/train_bench.py --threads 1                  (CPU, D0 at 512 and 256, batch 4)
    python bench/train_bench.py --threads 1 --processes      (each side its own process, at once)
    python bench/train_bench.py --threads 2 --in-turn 3      (own processes, one at a time)
    python bench/train_bench.py --device cuda --amp --sizes 512 --batch 16
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core.boxes import make_anchors  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.model import EfficientDet, load_weights  # noqa: E402
from core.train import perf  # noqa: E402
from core.train.step import forward_loss, optimizer_step  # noqa: E402

CLIP_GRAD_NORM = 10.0  # the training default (--clip-grad-norm)


def make_batches(n: int, batch: int, size: int, num_classes: int, seed: int = 0) -> list:
    """n batches of (images (B,3,S,S), boxes list of (M,4) xyxy px, labels list of (M,) 0-based)."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n):
        images = torch.randn(batch, 3, size, size, generator=g)
        boxes, labels = [], []
        for _ in range(batch):
            m = int(torch.randint(1, 6, (1,), generator=g))
            xy = torch.rand(m, 2, generator=g) * size * 0.7
            wh = (torch.rand(m, 2, generator=g) * 0.3 + 0.05) * size
            boxes.append(torch.cat([xy, (xy + wh).clamp(max=size)], 1))
            labels.append(torch.randint(0, num_classes, (m,), generator=g))
        out.append((images, boxes, labels))
    return out


def effdet_target(boxes: list, labels: list, device) -> dict:
    """xyxy / 0-based lists -> effdet's padded {"bbox": (B,M,4) yxyx, "cls": (B,M) 1-based}."""
    m = max(len(b) for b in boxes)
    bbox = torch.full((len(boxes), m, 4), -1.0)
    cls = torch.full((len(boxes), m), -1.0)
    for i, (b, lab) in enumerate(zip(boxes, labels, strict=True)):
        bbox[i, : len(b)] = b[:, [1, 0, 3, 2]]
        cls[i, : len(b)] = lab.float() + 1
    return {"bbox": bbox.to(device), "cls": cls.to(device)}


def bench_size(args, size: int, device: torch.device, sides=("ours", "effdet")) -> dict:
    """Step ``sides`` in turn on the same batches; with one side (its own process) ours gets
    the training loop's whole tuning (core.train.perf), malloc included."""
    import effdet
    from effdet import DetBenchTrain

    torch.manual_seed(0)
    theirs = effdet.create_model(
        f"tf_efficientdet_{args.level}",
        pretrained=False,
        pretrained_backbone=False,
        num_classes=args.num_classes,
        image_size=(size, size),
    )
    cfg = ModelConfig(level=args.level, image_size=size, num_classes=args.num_classes)
    ours = EfficientDet(cfg)
    load_weights(ours, theirs.state_dict())
    bench = DetBenchTrain(theirs, create_labeler=True).to(device).train()
    ours.to(device).train()
    if sides == ("ours",):  # what the training loop does, process-wide parts included
        tuning = perf.tune_for_training(ours, device, distributed=False)
    elif device.type == "cpu":  # in turn in one process: the per-model part only
        tuning = perf.Tuning(channels_last=True)
        ours.to(memory_format=torch.channels_last)
    else:
        tuning = perf.Tuning()
    anchors = make_anchors(cfg, device)
    opts = {
        n: torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
        for n, m in (("ours", ours), ("effdet", bench))
    }
    amp = (
        torch.autocast(device.type, dtype=torch.bfloat16) if args.amp else contextlib.nullcontext()
    )
    batches = make_batches(args.warmup + args.steps, args.batch, size, args.num_classes)

    scaler = torch.amp.GradScaler(device.type, enabled=False)  # bf16 / fp32 need no scaling

    def step_ours(images, boxes, labels):
        """The training loop's own step (core.train.step): forward, loss, backward, clip, SGD."""
        targets = [
            {"boxes": b.to(device), "labels": lab.to(device)}
            for b, lab in zip(boxes, labels, strict=True)
        ]
        images = perf.prepare_images(images, tuning)
        losses = forward_loss(ours, images, targets, anchors, args.num_classes, amp)
        optimizer_step(losses["loss"], ours, opts["ours"], scaler, CLIP_GRAD_NORM)

    def step_theirs(images, boxes, labels):
        with amp:
            loss = bench(images, effdet_target(boxes, labels, device))["loss"]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(bench.parameters(), CLIP_GRAD_NORM)
        opts["effdet"].step()
        opts["effdet"].zero_grad(set_to_none=True)

    times: dict[str, list[float]] = {n: [] for n in sides}  # wall seconds per step
    cpu: dict[str, list[float]] = {n: [] for n in sides}  # process CPU seconds per step
    peak: dict[str, float] = {}
    for i, (images, boxes, labels) in enumerate(batches):
        images = images.to(device)
        for name, fn in (("ours", step_ours), ("effdet", step_theirs)):
            if name not in sides:
                continue
            if device.type == "cuda":
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
            t0, c0 = time.perf_counter(), time.process_time()
            fn(images, boxes, labels)
            if device.type == "cuda":
                torch.cuda.synchronize()
                peak[name] = max(peak.get(name, 0.0), torch.cuda.max_memory_allocated() / 2**20)
            if i >= args.warmup:
                times[name].append(time.perf_counter() - t0)
                cpu[name].append(time.process_time() - c0)
    ips = {n: args.batch / statistics.median(t) for n, t in times.items()}
    cpu_s = {n: statistics.median(t) / args.batch for n, t in cpu.items()}
    return {"size": size, "images_per_s": ips, "cpu_s_per_image": cpu_s, "peak_mib": peak}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--level", default="d0")
    p.add_argument("--sizes", type=int, nargs="+", default=[512, 256])
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--num-classes", type=int, default=20)
    p.add_argument("--steps", type=int, default=10, help="timed steps per model and size")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (CPU)")
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--amp", action="store_true", help="bf16 autocast (CUDA)")
    p.add_argument("--side", choices=["ours", "effdet"], help="step one side only (a child)")
    p.add_argument(
        "--processes", action="store_true", help="each side in its own process, both at once"
    )
    p.add_argument(
        "--in-turn",
        type=int,
        metavar="ROUNDS",
        help="each side in its own process, one at a time, ROUNDS rounds in alternating order "
        "(every side gets all the cores it asks for; the median per side is printed)",
    )
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if args.side:  # one side, one size: a JSON line for the launcher
        r = bench_size(args, args.sizes[0], device, (args.side,))
        print("RESULT " + json.dumps(r), flush=True)
        return 0
    print(
        f"torch {torch.__version__}, {args.level.upper()}, batch {args.batch}, device {device}"
        f"{' amp bf16' if args.amp else ''}, {torch.get_num_threads()} threads, median of "
        f"{args.steps} steps after {args.warmup} warm-up"
    )
    cuda = device.type == "cuda"
    print(
        f"{'size':>6} {'ours img/s':>11} {'effdet img/s':>13} {'ours/theirs':>12}"
        + (f" {'ours MiB':>9} {'effdet MiB':>11}" if cuda else "")
        + ("" if cuda else f" {'ours CPU s/img':>15} {'effdet CPU s/img':>17} {'theirs/ours':>12}")
    )
    for size in args.sizes:
        load = os.getloadavg()[0]
        if args.in_turn:
            r = in_turn(argv, size, args.in_turn)
        elif args.processes:
            r = side_by_side(argv, size)
        else:
            r = bench_size(args, size, device)
        o, t = r["images_per_s"]["ours"], r["images_per_s"]["effdet"]
        line = f"{size:>6} {o:>11.2f} {t:>13.2f} {o / t:>12.2f}"
        if r["peak_mib"]:
            line += f" {r['peak_mib']['ours']:>9.0f} {r['peak_mib']['effdet']:>11.0f}"
        if not cuda:  # CPU seconds: less swayed than wall time by other processes' load
            co, ct = r["cpu_s_per_image"]["ours"], r["cpu_s_per_image"]["effdet"]
            line += f" {co:>15.3f} {ct:>17.3f} {ct / co:>12.2f}"
        print(line + f"  (load average {load:.1f} at the start)", flush=True)
    return 0


def _child_argv(argv: list[str] | None, size: int, side: str) -> list[str]:
    """This script's arguments for a child stepping ``side`` at ``size``."""
    rest = list(sys.argv[1:] if argv is None else argv)
    for flag, takes in (("--processes", 0), ("--in-turn", 1), ("--sizes", -1)):
        if flag in rest:
            i = rest.index(flag)
            j = i + 1 + max(takes, 0)
            while takes < 0 and j < len(rest) and not rest[j].startswith("--"):
                j += 1
            rest = rest[:i] + rest[j:]
    return [sys.executable, __file__, *rest, "--sizes", str(size), "--side", side]


def _result(side: str, child: subprocess.Popen) -> dict:
    out, _ = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the {side} process failed (exit {child.returncode})")
    return json.loads(out.split("RESULT ", 1)[1])


def side_by_side(argv: list[str] | None, size: int) -> dict:
    """Run ``--side ours`` and ``--side effdet`` for ``size`` as two processes at the same
    time and merge their results."""
    children = {
        side: subprocess.Popen(_child_argv(argv, size, side), stdout=subprocess.PIPE, text=True)
        for side in ("ours", "effdet")
    }
    merged: dict = {"size": size, "images_per_s": {}, "cpu_s_per_image": {}, "peak_mib": {}}
    for side, child in children.items():
        r = _result(side, child)
        for key in ("images_per_s", "cpu_s_per_image", "peak_mib"):
            merged[key].update(r[key])
    return merged


def in_turn(argv: list[str] | None, size: int, rounds: int) -> dict:
    """Each side in its own process, one process at a time, ``rounds`` rounds (ours first in
    even rounds, effdet first in odd ones); the median of each side's rounds."""
    runs: dict[str, list[dict]] = {"ours": [], "effdet": []}
    for k in range(rounds):
        for side in ("ours", "effdet") if k % 2 == 0 else ("effdet", "ours"):
            child = subprocess.Popen(
                _child_argv(argv, size, side), stdout=subprocess.PIPE, text=True
            )
            runs[side].append(_result(side, child))
    merged: dict = {"size": size, "images_per_s": {}, "cpu_s_per_image": {}, "peak_mib": {}}
    for side, rs in runs.items():
        for key in ("images_per_s", "cpu_s_per_image", "peak_mib"):
            values = [r[key][side] for r in rs if r[key]]
            if values:
                merged[key][side] = statistics.median(values)
    per_round = [
        o["images_per_s"]["ours"] / t["images_per_s"]["effdet"]
        for o, t in zip(runs["ours"], runs["effdet"], strict=True)
    ]
    print(
        f"  {size} px, ours/theirs images/s per round: " + " ".join(f"{x:.2f}" for x in per_round)
    )
    return merged


if __name__ == "__main__":
    sys.exit(main())
