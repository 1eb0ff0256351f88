"""The Predictor's forward on other backends: eager (what it runs), torch.compile, ONNX Runtime.

The model is the one core.predict.Predictor runs on the CPU: D0 with its BatchNorms folded into
the convs, channels_last. The same weights go through
- eager: ``Predictor.model`` as it is;
- torch.compile: ``torch.compile(model)`` (inductor, default mode), compiled once before timing;
- ONNX Runtime: the model exported as ``efficientdet export`` does (core.export.RawOutputs,
  opset 17, the TorchScript-based exporter), CPUExecutionProvider with
  ``intra_op_num_threads`` = the torch thread count, all graph optimizations.
Calls are interleaved one image at a time; each backend's outputs are compared with eager's
(max abs difference over all class and box maps). Medians of the per-call times, and the median
of the per-round ratio against eager.

    python bench/backend_bench.py --threads 1 2 --iters 20
    python bench/backend_bench.py --threads 1 --checkpoint runs/x/best.pt   (a trained model)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from core.config import ModelConfig  # noqa: E402
from core.export import RawOutputs  # noqa: E402
from core.model import EfficientDet  # noqa: E402
from core.predict import Predictor  # noqa: E402


def backends(args, threads: int, folder: Path) -> tuple[dict, torch.Tensor]:
    """name -> callable(x) -> list of output arrays, and the input they are timed on."""
    import onnxruntime as ort

    if args.checkpoint:
        pred = Predictor.from_checkpoint(args.checkpoint, device="cpu", engine="torch")
        size = pred.cfg.size
    else:
        size = args.size
        cfg = ModelConfig(level=args.level, image_size=size, num_classes=90)
        torch.manual_seed(0)
        net = EfficientDet(cfg).eval()
        pred = Predictor(net, cfg, [str(i) for i in range(90)], device="cpu", engine="torch")
    model = RawOutputs(pred.model).eval()
    x = torch.randn(1, 3, size, size).contiguous(memory_format=torch.channels_last)
    out: dict = {}

    @torch.no_grad()
    def eager(t):
        return [o.numpy() for o in model(t)]

    out["eager"] = eager
    compiled = torch.compile(model)

    @torch.no_grad()
    def comp(t):
        return [o.numpy() for o in compiled(t)]

    comp(x)  # compile outside the timing
    out["torch.compile"] = comp
    path = folder / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(model, (x.contiguous(),), str(path), dynamo=False, opset_version=17,
                          input_names=["image"])  # fmt: skip
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def onnx(t):
        return sess.run(None, {"image": t.contiguous().numpy()})

    out["onnxruntime"] = onnx
    return out, x


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--level", default="d0")
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--iters", type=int, default=20)
    p.add_argument("--checkpoint", help="a trained checkpoint of ours instead of a random D0")
    args = p.parse_args(argv)
    what = args.checkpoint or f"{args.level.upper()} at {args.size}, random weights"
    print(f"torch {torch.__version__}, {what}, batch 1, CPU")
    for threads in args.threads:
        torch.set_num_threads(threads)
        with tempfile.TemporaryDirectory() as tmp:
            fns, x = backends(args, threads, Path(tmp))
            ref = fns["eager"](x)
            diff = {
                name: max(float(abs(a - b).max()) for a, b in zip(fn(x), ref, strict=True))
                for name, fn in fns.items()
            }
            spread = max(float(r.std()) for r in ref)  # how far the outputs vary at all
            times: dict[str, list[float]] = {n: [] for n in fns}
            for i in range(args.iters + 2):
                for name, fn in fns.items():
                    t0 = time.perf_counter()
                    fn(x)
                    if i >= 2:
                        times[name].append(time.perf_counter() - t0)
        base = times["eager"]
        print(f"{threads} thread(s), outputs' largest std {spread:.2e}:")
        for name, ts in times.items():
            ratio = statistics.median(t / b for t, b in zip(ts, base, strict=True))
            print(f"  {name:>14}: {1e3 * statistics.median(ts):7.1f} ms, {ratio:.2f}x eager, "
                  f"max |diff| {diff[name]:.1e}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
