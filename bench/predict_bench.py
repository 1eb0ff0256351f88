"""The Predictor users run against the port's DetBenchPredict: image file in, detections out.

Both sides hold the same weights (effdet's random init, loaded into ours) and start from the
same JPEG on disk. Ours: core.predict.Predictor (read_image, letterbox, normalize, forward,
post-processing, boxes in original pixels). The port: its own eval pipeline (PIL decode,
ResizePad, ImageToNumpy, the prefetcher's normalization) and DetBenchPredict with img_info so
that its boxes are in original pixels too. Calls are interleaved, one image at a time, so load
from other processes hits both alike. Prints medians, the spread of the per-round ratio and
ours/theirs (goal: <= 0.5).

    python bench/predict_bench.py --threads 1 2 --iters 20 --folder 200

``--class-bias`` adds to both models' class-output bias, so that a random model, whose scores
all sit near the 0.01 prior, has some candidates above the score threshold as a trained one does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core.config import ModelConfig  # noqa: E402
from core.model import EfficientDet, load_weights  # noqa: E402
from core.predict import DEFAULT_SCORE, Predictor  # noqa: E402


def port_pipeline(bench: torch.nn.Module, size: int) -> Callable[[Path], torch.Tensor]:
    """The port's eval path for one image file: (D, 6) [x1, y1, x2, y2, score, class]."""
    from effdet.data.transforms import (
        IMAGENET_DEFAULT_MEAN,
        IMAGENET_DEFAULT_STD,
        transforms_coco_eval,
    )
    from PIL import Image

    tf = transforms_coco_eval(size, use_prefetcher=True)
    mean = torch.tensor([255 * m for m in IMAGENET_DEFAULT_MEAN]).view(1, 3, 1, 1)
    std = torch.tensor([255 * s for s in IMAGENET_DEFAULT_STD]).view(1, 3, 1, 1)

    def run(path: Path) -> torch.Tensor:
        with Image.open(path) as im:
            img = im.convert("RGB")
        arr, info = tf(img, {})
        x = torch.from_numpy(arr).unsqueeze(0).float().sub_(mean).div_(std)
        img_info = {
            "img_scale": torch.tensor([info["img_scale"]]),
            "img_size": torch.tensor([[img.width, img.height]]),
        }
        return bench(x, img_info=img_info)[0]

    return run


def interleaved(fns: dict[str, Callable[[], object]], iters: int, warmup: int) -> dict:
    """Per-round seconds of each function, calling them in turn."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(warmup + iters):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            if i >= warmup:
                times[name].append(time.perf_counter() - t0)
    return times


def report(times: dict[str, list[float]], ref: str, unit: float, label: str) -> None:
    print(f"{label}:")
    for name, t in times.items():
        ratios = sorted(a / b for a, b in zip(t, times[ref], strict=True))
        lo, hi = ratios[len(ratios) // 10], ratios[-1 - len(ratios) // 10]
        print(
            f"  {name:24s} {statistics.median(t) * unit:8.1f}   ours/theirs "
            f"{statistics.median(t) / statistics.median(times[ref]):.2f}  "
            f"(per-round ratio 10-90%: {lo:.2f}-{hi:.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--level", default="d0")
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch.set_num_threads")
    p.add_argument("--iters", type=int, default=20, help="timed rounds on the single image")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--folder", type=int, default=200, help="demo images end to end (0: skip)")
    p.add_argument("--folder-rounds", type=int, default=3, help="passes over the folder")
    p.add_argument("--class-bias", type=float, default=0.0)
    p.add_argument("--score", type=float, default=DEFAULT_SCORE, help="our score threshold")
    args = p.parse_args(argv)

    import effdet
    from effdet import DetBenchPredict
    from effdet.version import __version__ as effdet_version

    from core.data.demo import make_demo

    torch.manual_seed(0)
    theirs = effdet.create_model(
        f"tf_efficientdet_{args.level}", pretrained=False, pretrained_backbone=False,
        image_size=(args.size, args.size),
    ).eval()  # fmt: skip
    with torch.no_grad():
        theirs.class_net.predict.conv_pw.bias.add_(args.class_bias)
    cfg = ModelConfig(level=args.level, image_size=args.size)
    ours = EfficientDet(cfg).eval()
    load_weights(ours, theirs.state_dict())
    classes = [str(k) for k in range(cfg.num_classes)]
    fast = Predictor(ours, cfg, classes, device="cpu", batch_size=1)
    plain = Predictor(ours, cfg, classes, device="cpu", batch_size=1, fast=False)
    port = port_pipeline(DetBenchPredict(theirs).eval(), args.size)

    tmp = tempfile.TemporaryDirectory()
    make_demo(Path(tmp.name) / "demo", num_images=max(args.folder, 2), seed=0)
    images = sorted((Path(tmp.name) / "demo" / "images").glob("*.jpg"))
    image = images[0]
    with torch.inference_mode():
        found = fast([image], args.score)[0]
        ref = plain([image], args.score)[0]
        theirs_found = port(image)
    print(
        f"torch {torch.__version__}, effdet {effdet_version}, {args.level.upper()} at "
        f"{args.size}, batch 1, CPU, class bias {args.class_bias:+g}, our score threshold "
        f"{args.score}; image {image.name}: ours {len(found)} detections (plain {len(ref)}), "
        f"port {int((theirs_found[:, 4] > args.score).sum())} above {args.score} of "
        f"{len(theirs_found)}"
    )
    for threads in args.threads:
        torch.set_num_threads(threads)
        # made after the thread count is set, as the serve worker does: ONNX Runtime, the
        # Predictor's CPU engine, takes torch's thread count when its session is made
        fast = Predictor(ours, cfg, classes, device="cpu", batch_size=1)
        print(f"\ntorch.set_num_threads({threads}) -> {torch.get_num_threads()} threads, "
              f"Predictor engine {fast.engine}")  # fmt: skip
        with torch.inference_mode():
            fns = {
                "ours (Predictor)": lambda fast=fast: fast([image], args.score),
                "ours (fast=False)": lambda: plain([image], args.score),
                "effdet DetBenchPredict": lambda: port(image),
            }
            t = interleaved(fns, args.iters, args.warmup)
            report(t, "effdet DetBenchPredict", 1e3, f"one image, file to detections (ms, "
                   f"median of {args.iters})")  # fmt: skip
            if args.folder:
                folder = images[: args.folder]
                fns = {
                    "ours (Predictor)": lambda f=folder, p=fast: [p([im], args.score) for im in f],
                    "effdet DetBenchPredict": lambda f=folder: [port(im) for im in f],
                }
                t = interleaved(fns, args.folder_rounds, 0)
                report(t, "effdet DetBenchPredict", 1.0, f"folder of {len(folder)} images, "
                       f"one at a time (s, median of {args.folder_rounds} passes)")  # fmt: skip
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
