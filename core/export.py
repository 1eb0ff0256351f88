"""Export a checkpoint's raw forward to ONNX and TorchScript, and prove that each matches eager.

What is exported is the network alone: a normalized (N, 3, S, S) image in (fixed S, any N), the
class and box maps of every level out, in the order class P3..P7, box P3..P7 (the layout
``core.model.EfficientDet`` documents). Anchors, decoding and NMS stay outside, as in
``core.boxes.nms.postprocess``. Each file is loaded back (onnxruntime, ``torch.jit.load``) and
run on the same random batch as eager PyTorch; the largest absolute difference is reported and
must stay within ``TOLERANCE``. A ``<name>.json`` beside the files records the classes, the
input size, the normalization and the output names, which any runtime needs to use the files.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from core.fileio import write_atomic
from core.predict import load_model

FORMATS = ("onnx", "torchscript")
TOLERANCE = 1e-3  # largest absolute difference from eager allowed, on logits and box codes
VERIFY_BATCH = 2  # > 1, so that a batch size baked into a graph is caught


class ExportError(RuntimeError):
    """An export that failed, or whose outputs differ from eager PyTorch by more than allowed."""


class RawOutputs(nn.Module):
    """EfficientDet with its two lists of level maps flattened into one tuple (exporters want
    plain tensors out): class P_min..P_max, then box P_min..P_max."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        class_outputs, box_outputs = self.model(x)
        return (*class_outputs, *box_outputs)


def output_names(min_level: int, max_level: int) -> list[str]:
    levels = range(min_level, max_level + 1)
    return [f"class_p{lv}" for lv in levels] + [f"box_p{lv}" for lv in levels]


def export(
    checkpoint: str | os.PathLike,
    out_dir: str | os.PathLike,
    formats: Sequence[str] = FORMATS,
    opset: int = 17,
    use_ema: bool = True,
    image_size: int | None = None,
    tolerance: float = TOLERANCE,
) -> dict:
    """Write the requested formats into ``out_dir`` and verify them against eager PyTorch.

    Returns ``{"image_size", "outputs", "metadata", <format>: {"path", "max_abs_diff"}}``.
    Raises ExportError naming the format when one fails or differs by more than ``tolerance``
    (the files stay on disk for inspection).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be a non-empty subset of {FORMATS}, got {list(formats)}")
    model, cfg, classes = load_model(checkpoint, use_ema=use_ema, image_size=image_size)
    wrapper = RawOutputs(model).eval()
    size, spec = cfg.size, cfg.spec
    names = output_names(spec.min_level, spec.max_level)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"efficientdet_{cfg.level}_{size}"

    gen = torch.Generator().manual_seed(0)
    example = torch.randn(1, 3, size, size, generator=gen)  # roughly a normalized image
    batch = torch.randn(VERIFY_BATCH, 3, size, size, generator=gen)
    with torch.no_grad():
        expected = [t.numpy() for t in wrapper(batch)]

    report: dict = {"image_size": size, "outputs": names}
    writers = {"onnx": _export_onnx, "torchscript": _export_torchscript}
    job = _Job(wrapper, example, batch, out, stem, names, opset)
    for fmt in formats:
        try:
            path, got = writers[fmt](job)
        except Exception as exc:  # exporters raise many types; name the format and the cause
            raise ExportError(f"{fmt} export failed: {type(exc).__name__}: {exc}") from exc
        if len(got) != len(expected):
            raise ExportError(f"{fmt}: {len(got)} outputs, expected {len(expected)} ({path})")
        diff = max(float(np.abs(g - e).max()) for g, e in zip(got, expected, strict=True))
        report[fmt] = {"path": str(path), "max_abs_diff": diff}
        if not diff <= tolerance:  # also catches NaN
            raise ExportError(
                f"{fmt}: outputs differ from eager PyTorch by up to {diff:.3g} "
                f"(allowed {tolerance:g}); the file is kept at {path}"
            )
    meta = {
        "classes": classes,
        "model_config": cfg.to_dict(),
        "input": {"name": "image", "shape": ["N", 3, size, size], "layout": "RGB, letterboxed "
                  "(longest side to size, pad bottom/right)", "mean": list(cfg.input_mean),
                  "std": list(cfg.input_std), "scale": "pixels / 255, then (x - mean) / std"},
        "outputs": names,
        "formats": {f: report[f] for f in formats},
    }  # fmt: skip
    meta_path = out / f"{stem}.json"
    write_atomic(meta_path, json.dumps(meta, indent=1, ensure_ascii=False).encode("utf-8"))
    report["metadata"] = str(meta_path)
    return report


@dataclass(frozen=True)
class _Job:
    """What every format writer gets: the model, a tracing input (1, 3, S, S), the verification
    batch (N, 3, S, S), where to write (out / stem.<suffix>), output names and the ONNX opset."""

    wrapper: nn.Module
    example: Tensor
    batch: Tensor
    out: Path
    stem: str
    names: list[str]
    opset: int


@contextlib.contextmanager
def _quiet_tracing() -> Iterator[None]:
    """No grad, and no tracer / deprecation chatter from the exporters."""
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore", (DeprecationWarning, FutureWarning, UserWarning))
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        yield


def _export_onnx(job: _Job) -> tuple[Path, list[np.ndarray]]:
    """The TorchScript-based exporter (dynamo=False): the dynamo one needs onnxscript, which is
    not a dependency. TF-'same' padding is traced as the constant pads of the fixed input size."""
    import onnxruntime as ort

    path = job.out / f"{job.stem}.onnx"
    axes = {n: {0: "batch"} for n in ["image", *job.names]}
    with _quiet_tracing():
        torch.onnx.export(
            job.wrapper, (job.example,), str(path), dynamo=False, opset_version=job.opset,
            input_names=["image"], output_names=job.names, dynamic_axes=axes,
        )  # fmt: skip
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return path, session.run(job.names, {"image": job.batch.numpy()})


def _export_torchscript(job: _Job) -> tuple[Path, list[np.ndarray]]:
    path = job.out / f"{job.stem}.torchscript.pt"
    with _quiet_tracing():
        traced = torch.jit.trace(job.wrapper, job.example, check_trace=False)  # verified below
        traced.save(str(path))
        loaded = torch.jit.load(str(path), map_location="cpu")
        got = [t.numpy() for t in loaded(job.batch)]
    return path, got


# ---- the `efficientdet export` command --------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("checkpoint", help="training checkpoint (.pt) or a run folder (last.pt)")
    parser.add_argument("--out", required=True, help="folder for the exported files")
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all")
    parser.add_argument("--opset", type=int, default=17, help="ONNX opset (default 17)")
    parser.add_argument("--image-size", type=int, help="input size instead of the trained one")
    parser.add_argument("--no-ema", action="store_true", help="the raw, not the EMA, weights")


def run(args: argparse.Namespace) -> int:
    """0: exported and verified; 1: an export failed or differs; 2: the checkpoint did not load."""
    formats = FORMATS if args.format == "all" else (args.format,)
    try:
        report = export(args.checkpoint, args.out, formats, args.opset,
                        use_ema=not args.no_ema, image_size=args.image_size)  # fmt: skip
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for fmt in formats:
        r = report[fmt]
        print(f"{fmt:12s} {r['path']}  largest |difference| from eager: {r['max_abs_diff']:.2e}")
    print(f"metadata     {report['metadata']}")
    return 0
