"""Model forward and end-to-end speed, ours against the effdet port, on the same input.

Both models hold the same weights (effdet's random init, loaded into ours) and run in eval
mode under torch.inference_mode, interleaved call by call so that load from other processes
hits both alike. Prints medians and the ratio ours/theirs (goal: <= 1.0).

    python bench/model_bench.py --threads 1 --iters 20
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core.config import ModelConfig  # noqa: E402
from core.model import EfficientDet, load_weights  # noqa: E402

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def time_interleaved(fns: dict, device: torch.device, iters: int, warmup: int) -> dict:
    """Median seconds per call of each function, calling them in turn."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(warmup + iters):
        for name, fn in fns.items():
            _sync(device)
            t0 = time.perf_counter()
            fn()
            _sync(device)
            if i >= warmup:
                times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--level", default="d0")
    p.add_argument("--size", type=int, default=512, help="square input, pixels")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--dtype", default="fp32", choices=list(DTYPES))
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (CPU)")
    p.add_argument("--iters", type=int, default=20, help="timed calls per variant (>= 10)")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--channels-last", action="store_true", help="also time fused+channels_last")
    args = p.parse_args(argv)

    import effdet
    from effdet import DetBenchPredict
    from effdet.version import __version__ as effdet_version

    torch.set_num_threads(args.threads)
    device, dtype = torch.device(args.device), DTYPES[args.dtype]
    print(
        f"torch {torch.__version__}, effdet {effdet_version}, device {device}, "
        f"dtype {args.dtype}, torch.set_num_threads({args.threads}) -> "
        f"{torch.get_num_threads()} threads, {args.level.upper()} at {args.size}, "
        f"batch {args.batch}, median of {args.iters} after {args.warmup} warm-up calls"
    )
    torch.manual_seed(0)
    theirs = effdet.create_model(
        f"tf_efficientdet_{args.level}", pretrained=False, pretrained_backbone=False,
        image_size=(args.size, args.size),
    ).eval()  # fmt: skip
    cfg = ModelConfig(level=args.level, image_size=args.size)
    ours = EfficientDet(cfg).eval()
    load_weights(ours, theirs.state_dict())
    fused = copy.deepcopy(ours).fuse_for_inference()
    models = {"ours": ours, "ours fused": fused, "effdet": theirs}
    if args.channels_last:
        models["ours fused+cl"] = copy.deepcopy(ours).fuse_for_inference(channels_last=True)
    for m in models.values():
        m.to(device=device, dtype=dtype)
    theirs_bench = DetBenchPredict(theirs).eval().to(device)
    x = torch.randn(args.batch, 3, args.size, args.size, device=device, dtype=dtype)
    x_cl = x.contiguous(memory_format=torch.channels_last)

    with torch.inference_mode():
        ref = theirs(x)
        for name, m in models.items():
            if m is theirs:
                continue
            out = m(x_cl if name.endswith("+cl") else x)
            diff = max(
                (a.float() - b.float()).abs().max().item()
                for a, b in zip(out[0] + out[1], ref[0] + ref[1], strict=True)
            )
            print(f"  max |{name} - effdet| over all outputs: {diff:.2e}")

        fns = {n: (lambda m=m, n=n: m(x_cl if n.endswith("+cl") else x)) for n, m in models.items()}
        fwd = time_interleaved(fns, device, args.iters, args.warmup)
        print("\nmodel forward (ms, median):")
        for name, t in fwd.items():
            print(f"  {name:14s} {t * 1e3:8.1f}   ours/theirs {t / fwd['effdet']:.2f}")

        try:
            from core.boxes.anchors import make_anchors
            from core.boxes.nms import postprocess
        except ImportError as exc:
            print(f"\nend-to-end skipped: core.boxes is not available ({exc})")
            return 0
        anchors = make_anchors(cfg, device=device)

        def ours_e2e(m: torch.nn.Module, inp: torch.Tensor) -> list:
            cls, box = m(inp)
            return postprocess(cls, box, anchors, cfg.num_classes)

        e2e_fns = {
            n: (lambda m=m, n=n: ours_e2e(m, x_cl if n.endswith("+cl") else x))
            for n, m in models.items()
            if m is not theirs
        }
        e2e_fns["effdet"] = lambda: theirs_bench(x)
        e2e = time_interleaved(e2e_fns, device, args.iters, args.warmup)
        print("\nforward + post-processing (ms, median; effdet: DetBenchPredict):")
        for name, t in e2e.items():
            print(f"  {name:14s} {t * 1e3:8.1f}   ours/theirs {t / e2e['effdet']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
