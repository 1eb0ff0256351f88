"""Convergence on the CPU: AP50 against wall time, ours against the effdet port, same data.

D0 from scratch at 256 px on the demo dataset. Ours trains with core.train.loop.train (its own
recipe unless flags change it); effdet's DetBenchTrain trains in a plain loop (SGD lr 0.01,
momentum 0.9, weight decay 4e-5, one epoch of linear warm-up, clipping at norm 10) on the same
images and boxes, augmented by the port's own training transforms (random flip, then its
RandomResizePad: scale jitter in [0.1, 2.0], random crop, mean-colour padding) unless
--effdet-transforms ours gives it ours. Both are evaluated on the same val split every
--eval-every-s seconds of wall time (evaluations included, each stamped when it ends) and stop
after --budget-s. Writes convergence.json and convergence.csv.

    python bench/convergence.py --budget-s 120 --eval-every-s 40       (a quick look)
    python bench/convergence.py --budget-s 3600 --eval-every-s 300     (the long version)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core import events as ev  # noqa: E402
from core.config import ModelConfig  # noqa: E402
from core.options import OPTIMIZERS  # noqa: E402
from core.train.config import TrainConfig  # noqa: E402


def run_ours(args, data: Path, out: Path) -> list[dict]:
    from core.train.loop import train

    cfg = TrainConfig(
        data=str(data),
        model=ModelConfig(level="d0", image_size=args.size),
        epochs=args.ours_epochs or args.epochs,
        batch_size=args.batch,
        workers=args.workers,
        device="cpu",
        eval_every=0,
        seed=args.seed,
        lr=args.lr or 0.02,
        optimizer=args.optimizer,
        weight_decay=args.weight_decay,
    )
    curve: list[dict] = []
    t0 = time.perf_counter()
    last_eval = [t0]
    final: list[bool] = []

    def eval_requested() -> bool:
        # Also once at the budget: the loop evaluates before it honours the stop, as the
        # port's loop below does, so both curves end with a point at the budget.
        now = time.perf_counter()
        if now - last_eval[0] >= args.eval_every_s or (now - t0 > args.budget_s and not final):
            if now - t0 > args.budget_s:
                final.append(True)
            last_eval[0] = now
            return True
        return False

    def emit(e: ev.Event) -> None:
        if isinstance(e, ev.Eval):
            curve.append(
                {
                    "impl": "ours",
                    "wall_s": round(time.perf_counter() - t0, 1),
                    "epoch": e.epoch,
                    "AP": e.metrics.get("AP"),
                    "AP50": e.metrics.get("AP50"),
                }
            )
            print(f"ours   {curve[-1]}", flush=True)

    train(
        cfg,
        out / "ours-run",
        emit=emit,
        eval_requested=eval_requested,
        should_stop=lambda: time.perf_counter() - t0 > args.budget_s,
    )
    return curve


def port_train_set(train_ds, size: int, seed: int):
    """``train_ds`` with the port's own training transforms (effdet.data.transforms).

    The port's loader normalizes on the GPU (its prefetcher); here the same mean/std is applied
    on the CPU. Boxes come back xyxy in input pixels like ours, so the loop treats both alike.
    """
    import random

    import numpy as np
    from effdet.data.transforms import Compose, RandomFlip, RandomResizePad, resolve_fill_color
    from PIL import Image

    from core.data import transforms as T

    tf = Compose(
        [
            RandomFlip(horizontal=True, prob=0.5),
            RandomResizePad(
                target_size=size, interpolation="random", fill_color=resolve_fill_color("mean")
            ),
        ]
    )

    class PortTrainSet(type(train_ds)):
        def _make(self, img_id: int, image: np.ndarray, index: int):
            boxes, labels = self._targets[img_id]
            boxes, labels, _ = T.clip_boxes(boxes, labels, image.shape[1], image.shape[0])
            anno = {"bbox": boxes[:, [1, 0, 3, 2]].copy(), "cls": labels.copy()}  # yxyx
            img, anno = tf(Image.fromarray(image), anno)
            yxyx = anno["bbox"].reshape(-1, 4)
            target = {
                "boxes": torch.from_numpy(yxyx[:, [1, 0, 3, 2]]).float(),
                "labels": torch.from_numpy(anno["cls"]).long(),
                "image_id": int(img_id),
                "scale": 1.0 / anno["img_scale"],
                "orig_size": image.shape[:2],
            }
            return torch.from_numpy(T.normalize(np.asarray(img, np.uint8))), target

    train_ds.__class__ = PortTrainSet  # the same data, the port's augmentation
    random.seed(seed)  # the port's transforms draw from Python's generator
    return train_ds


def run_effdet(args, data: Path) -> list[dict]:
    import effdet
    from effdet import DetBenchPredict, DetBenchTrain

    from core.data.dataset import build_datasets, collate
    from core.evaluate import coco_evaluate
    from core.train.optim import get_lr, set_lr

    torch.manual_seed(args.seed)
    train_ds, val_ds, classes, val_coco = build_datasets(data, args.size)
    if args.effdet_transforms == "own":
        train_ds = port_train_set(train_ds, args.size, args.seed)
    model = effdet.create_model(
        "tf_efficientdet_d0",
        pretrained=False,
        pretrained_backbone=False,
        num_classes=len(classes),
        image_size=(args.size, args.size),
    )
    bench = DetBenchTrain(model, create_labeler=True).train()
    loader = torch.utils.data.DataLoader(
        train_ds,
        batch_size=args.batch,
        shuffle=True,
        drop_last=True,
        num_workers=args.workers,
        collate_fn=collate,
    )
    plain = TrainConfig(data="-", lr=0.01, epochs=args.epochs, warmup_epochs=1.0)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=4e-5)
    name_to_id = {c["name"]: c["id"] for c in val_coco["categories"]}
    cat_ids = [name_to_id[c] for c in classes]

    @torch.no_grad()
    def evaluate() -> dict:
        predict = DetBenchPredict(model).eval()
        results = []
        for images, targets in torch.utils.data.DataLoader(
            val_ds, batch_size=args.batch, collate_fn=collate
        ):
            dets = predict(images)  # (B, 100, 6): x1, y1, x2, y2 input px, score, class 1-based
            for d, t in zip(dets, targets, strict=True):
                for x1, y1, x2, y2, score, cls in d.tolist():
                    if score <= 0.001:
                        continue
                    s = t["scale"]
                    results.append(
                        {
                            "image_id": t["image_id"],
                            "category_id": cat_ids[int(cls) - 1],
                            "bbox": [x1 / s, y1 / s, (x2 - x1) / s, (y2 - y1) / s],
                            "score": score,
                        }
                    )
        model.train()
        return coco_evaluate(val_coco, results)["metrics"]

    curve: list[dict] = []
    t0 = last_eval = time.perf_counter()
    step = 0
    for epoch in range(args.epochs):
        for images, targets in loader:
            set_lr(opt, get_lr(step, plain, len(loader)))
            m = max(len(t["boxes"]) for t in targets) or 1
            bbox = torch.full((len(targets), m, 4), -1.0)
            cls = torch.full((len(targets), m), -1.0)
            for i, t in enumerate(targets):  # xyxy 0-based -> yxyx 1-based, padded with -1
                bbox[i, : len(t["boxes"])] = t["boxes"][:, [1, 0, 3, 2]]
                cls[i, : len(t["labels"])] = t["labels"].float() + 1
            loss = bench(images, {"bbox": bbox, "cls": cls})["loss"]
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            step += 1
            now = time.perf_counter()
            done = now - t0 > args.budget_s
            if now - last_eval >= args.eval_every_s or done:
                last_eval = now
                metrics = evaluate()
                now = time.perf_counter()  # like ours: the time the evaluation ended
                curve.append(
                    {
                        "impl": "effdet",
                        "wall_s": round(now - t0, 1),
                        "epoch": epoch,
                        "AP": metrics.get("AP"),
                        "AP50": metrics.get("AP50"),
                    }
                )
                print(f"effdet {curve[-1]}", flush=True)
            if done:
                return curve
    return curve


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--budget-s", type=float, default=600, help="training wall time per model")
    p.add_argument("--eval-every-s", type=float, default=120)
    p.add_argument("--images", type=int, default=200, help="demo images to generate")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--epochs", type=int, default=100, help="schedule length (budget stops first)")
    p.add_argument("--lr", type=float, help="our peak lr (default: TrainConfig's)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd", help="ours")
    p.add_argument("--weight-decay", type=float, default=4e-5, help="ours")
    p.add_argument("--ours-epochs", type=int, help="our schedule length (cosine ends there)")
    p.add_argument(
        "--effdet-transforms",
        choices=["own", "ours"],
        default="own",
        help="the port's training augmentation: its own (default) or ours",
    )
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="bench/out/convergence")
    p.add_argument("--only", choices=["ours", "effdet"])
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from core.data.demo import make_demo

    data = make_demo(out / "demo", num_images=args.images, seed=args.seed).parent
    curve: list[dict] = []
    if args.only != "effdet":
        curve += run_ours(args, data, out)
    if args.only != "ours":
        curve += run_effdet(args, data)
    (out / "convergence.json").write_text(
        json.dumps({"args": vars(args), "curve": curve}, indent=2)
    )
    with open(out / "convergence.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["impl", "wall_s", "epoch", "AP", "AP50"])
        w.writeheader()
        w.writerows(curve)
    print(f"wrote {out / 'convergence.json'} and {out / 'convergence.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
