"""Images/s of the studio's "Run on all": the real ``serve`` worker over pipes, one predict
request of N demo images, timed from sending it to its last ``predict_progress`` event.

    python bench/serve_bench.py /tmp/demo200 --images 200 --batch-sizes 1 4 --threads 2

The checkpoint is a random-init D0 (the default 512 px input) with the demo set's classes; the
worker loads it before the clock starts. Each batch size gets a fresh worker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import events as ev  # noqa: E402


def make_checkpoint(path: Path, classes: list[str]) -> Path:
    import torch

    from core.config import ModelConfig
    from core.model import EfficientDet

    torch.manual_seed(0)
    cfg = ModelConfig(level="d0", num_classes=len(classes), pretrained_backbone=False)
    state = {
        "model": EfficientDet(cfg).state_dict(), "ema": None, "classes": classes,
        "model_config": cfg.to_dict(), "train_config": {}, "epoch": 0, "metrics": {},
    }  # fmt: skip
    torch.save(state, path)
    return path


def run(checkpoint: Path, paths: list[str], batch: int, threads: int) -> float:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    argv = [sys.executable, "-m", "core.worker", "serve", str(checkpoint), "--device", "cpu",
            "--batch-size", str(batch)]  # fmt: skip
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )  # fmt: skip
    try:
        assert isinstance(ev.decode(proc.stdout.readline()), ev.Ready)
        start = time.perf_counter()
        proc.stdin.write(ev.encode_command("predict", id="all", paths=paths, score=0.05) + "\n")
        proc.stdin.flush()
        answered = 0
        for line in proc.stdout:
            e = ev.decode(line)
            answered += isinstance(e, ev.Predictions) and not e.error
            if isinstance(e, ev.PredictProgress) and e.done + e.cancelled == e.total:
                break
        seconds = time.perf_counter() - start
        assert answered == len(paths), answered
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
        return len(paths) / seconds
    finally:
        proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("demo", help="a folder made by `efficientdet demo-data`")
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    demo = Path(args.demo)
    coco = json.loads((demo / "annotations.json").read_text(encoding="utf-8"))
    classes = [c["name"] for c in coco["categories"]]
    root = demo / "images" if (demo / "images").is_dir() else demo
    paths = [str(root / im["file_name"]) for im in coco["images"]][: args.images]
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = make_checkpoint(Path(tmp) / "d0.pt", classes)
        for batch in args.batch_sizes:
            rate = run(ckpt, paths, batch, args.threads)
            print(f"batch {batch}: {rate:.2f} images/s ({len(paths)} images, "
                  f"{args.threads} threads)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
