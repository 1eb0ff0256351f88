"""ONNX Runtime as the Predictor's engine on the CPU, where it pays (docs/benchmarks.md,
"Inference backends"): D0 at 512 px ran its forward in 0.53x eager PyTorch's time with one
thread and 0.43x with two.

The model (BatchNorm already folded) is exported once per set of weights and input size to
``XDG_CACHE_HOME/efficientdet-studio/onnx/<digest>.onnx`` (the digest covers every tensor of the
state dict, the model's config, the input size and the exporter's versions) and reused on the
next load. Outputs are the model's own: per level (N, A*K, H, W) class logits and (N, A*4, H, W)
box codes.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import torch
from torch import Tensor, nn

from core.store import state_dir

OPSET = 17


def cache_dir() -> Path:
    return state_dir() / "onnx"


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def digest(model: nn.Module, size: int, config: str = "") -> str:
    """A hash of the weights, the config (fusion method, level: what shapes the graph beyond the
    weights), the input size and the versions that shape the exported file."""
    import onnxruntime

    versions = f"{size}|{OPSET}|{torch.__version__}|{onnxruntime.__version__}|{config}"
    h = hashlib.sha256(versions.encode())
    for name, t in model.state_dict().items():
        h.update(name.encode())
        h.update(t.detach().contiguous().cpu().numpy().tobytes())
    return h.hexdigest()[:32]


def export(model: nn.Module, size: int, path: Path) -> None:
    """Write ``model`` (fed (N, 3, size, size) float32) as ONNX with a dynamic batch, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    example = torch.zeros(1, 3, size, size)
    from core.export import RawOutputs  # core.export imports core.predict, which imports this

    flat = RawOutputs(model).eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on TF-'same' padding constants
        n = len(flat(example))
        names = [f"out{i}" for i in range(n)]
        axes = {name: {0: "batch"} for name in ["image", *names]}
        torch.onnx.export(
            flat, (example,), str(tmp), dynamo=False, opset_version=OPSET,
            input_names=["image"], output_names=names, dynamic_axes=axes,
        )  # fmt: skip
    os.replace(tmp, path)


class OrtModel:
    """Called like the model: (N, 3, S, S) float32 -> (class outputs, box outputs), CPU tensors."""

    def __init__(
        self, model: nn.Module, size: int, threads: int | None = None, config: str = ""
    ) -> None:
        import onnxruntime as ort

        path = cache_dir() / f"{digest(model, size, config)}.onnx"
        if not path.is_file():
            export(model, size, path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or torch.get_num_threads()
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.path = path
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.levels = len(self.session.get_outputs()) // 2

    training = False  # inference only; train() and eval() are there for callers of nn.Module's

    def eval(self) -> OrtModel:
        return self

    def train(self, mode: bool = True) -> OrtModel:
        return self

    def to(self, device: torch.device | str) -> OrtModel:
        if torch.device(device).type != "cpu":
            raise ValueError("the ONNX Runtime engine runs on the CPU only")
        return self

    def __call__(self, x: Tensor) -> tuple[list[Tensor], list[Tensor]]:
        outs = self.session.run(None, {"image": x.detach().float().contiguous().numpy()})
        tensors = [torch.from_numpy(o) for o in outs]
        return tensors[: self.levels], tensors[self.levels :]
