"""Inference: a training checkpoint and images in, detections in original-image pixels out.

Three front ends share one ``Predictor``: the Python API, ``efficientdet predict``
(core.predict_cli: COCO results JSON and drawn images) and ``serve`` (core.serving), the
long-lived worker the GUI sends predict requests to.
Boxes leave as [x, y, w, h] in pixels of the EXIF-oriented image, the frame of the annotations.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import warnings
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from core.boxes.anchors import make_anchors
from core.boxes.geometry import image_detections
from core.boxes.nms import postprocess
from core.config import ModelConfig
from core.data import transforms
from core.data.imageio import read_image
from core.model import EfficientDet
from core.model.torch_file import CheckpointError
from core.model.weights import fit_problem
from core.ort_engine import OrtModel
from core.ort_engine import available as ort_available
from core.sliced import MERGES, needs_slicing, sliced_predict
from core.tiling import TileSpec, parse_tiling
from core.train.checkpoint import load_checkpoint

DEFAULT_SCORE = 0.05
PRECISIONS = {"fp32": None, "fp16": torch.float16, "bf16": torch.bfloat16}
# "auto": ONNX Runtime for an fp32 EfficientDet on the CPU (measured faster there; core.ort_engine)
# unless $EFFDET_ENGINE=torch, else PyTorch eager
ENGINES = ("auto", "torch", "onnxruntime")
ImageInput = np.ndarray | str | os.PathLike


def default_batch_size(device: torch.device) -> int:
    """Images per forward pass when none is asked for: 8 on a GPU, 4 on the CPU."""
    return 8 if device.type == "cuda" else 4


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """'auto' -> CUDA when available, else CPU; anything else as torch understands it."""
    if str(device) == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def load_model(
    path: str | os.PathLike,
    use_ema: bool = True,
    image_size: int | None = None,
) -> tuple[nn.Module, ModelConfig, list[str]]:
    """Build the checkpoint's EfficientDet on the CPU in eval mode: (model, config, class names).

    ``image_size`` overrides the trained input size (the weights do not depend on it); it must
    divide by 32 (core.config.SIZE_MULTIPLE).
    """
    model, cfg, classes, _ = load_model_and_tiling(path, use_ema, image_size)
    return model, cfg, classes


def load_model_and_tiling(
    path: str | os.PathLike,
    use_ema: bool = True,
    image_size: int | None = None,
) -> tuple[nn.Module, ModelConfig, list[str], TileSpec | None]:
    """``load_model``'s (model, config, class names) and the tiling the run trained with (its
    train_config "tiling", core.tiling.tile_spec), None when it did not tile."""
    ckpt = load_checkpoint(path)  # FileNotFoundError / CheckpointError name the file
    for key in ("model_config", "classes"):
        if key not in ckpt:
            raise CheckpointError(f"{path}: checkpoint has no {key!r} entry")
    try:
        cfg = ModelConfig.from_dict(ckpt["model_config"])
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"{path}: bad model_config: {exc}") from None
    # The weights come from the checkpoint: never fetch or read backbone weights again.
    cfg = cfg.with_(pretrained_backbone=False, backbone_weights=None)
    if image_size is not None:
        cfg = cfg.with_(image_size=image_size)
    classes = [str(c) for c in ckpt["classes"]]
    if len(classes) != cfg.num_classes:
        raise CheckpointError(
            f"{path}: {len(classes)} class names but the model has {cfg.num_classes} classes"
        )
    state = ckpt["model"]
    ema = ckpt.get("ema")
    if use_ema and isinstance(ema, dict) and ema:
        state = ema["module"] if isinstance(ema.get("module"), dict) else ema
    ddp = isinstance(state, dict) and state and all(str(k).startswith("module.") for k in state)
    if ddp:  # saved from a DDP wrapper
        state = {k[len("module.") :]: v for k, v in state.items()}
    model = EfficientDet(cfg)
    problem = fit_problem(model, state)
    if problem:
        raise CheckpointError(f"{path}: {problem}")
    model.load_state_dict(state, strict=True)
    train_config = ckpt.get("train_config") or {}
    try:
        tiling = parse_tiling(train_config.get("tiling"), "train_config")
    except (AttributeError, ValueError) as exc:
        raise CheckpointError(f"{path}: bad tiling in the checkpoint's {exc}") from None
    return model.eval(), cfg, classes, tiling


class Predictor:
    """A loaded model that turns images into detections.

    ``predictor(images, score_threshold)`` takes (H, W, 3) uint8 RGB arrays or image paths and
    returns, per image, a list of ``{"box": [x, y, w, h], "score", "label", "category"}`` with
    ``label`` the 0-based class index and ``category`` its name. They run ``batch_size`` at a
    time (default: ``default_batch_size``); ``predict_batch`` runs arrays in one forward pass.

    With ``fast`` (the default) an EfficientDet is copied and its BatchNorms folded into the
    convs, and on the CPU it runs in channels_last memory format; detections agree with the
    plain model's to float rounding. The score threshold is applied before the top-k and only
    the surviving anchors are decoded (core.boxes.nms.postprocess). On the CPU the folded model
    then runs in ONNX Runtime (``engine="auto"``; core.ort_engine), exported once per set of
    weights and cached; ``engine="torch"`` (or ``$EFFDET_ENGINE=torch``) keeps PyTorch eager.

    With ``tiling`` (a core.tiling.TileSpec; ``from_checkpoint`` takes the run's), ``__call__``
    predicts each image larger than one tile from its tiles and a downscaled whole-image pass,
    merged by ``merge`` ("nms" or "wbf"; core.sliced); smaller images take the plain path.
    """

    def __init__(
        self,
        model: nn.Module,
        cfg: ModelConfig,
        classes: Sequence[str],
        device: str | torch.device = "auto",
        precision: str = "fp32",
        batch_size: int | None = None,
        fast: bool = True,
        tiling: TileSpec | None = None,
        merge: str = "nms",
        engine: str = "auto",
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {list(PRECISIONS)}, not {precision!r}")
        if merge not in MERGES:
            raise ValueError(f"merge must be one of {MERGES}, not {merge!r}")
        self.tiling = tiling
        self.merge = merge
        self.whole_image = True  # sliced path: also run the whole image, downscaled, once
        self.device = resolve_device(device)
        if precision != "fp32" and self.device.type != "cuda":
            raise ValueError(f"precision {precision} needs a CUDA device, not {self.device}")
        if batch_size is None:
            batch_size = default_batch_size(self.device)
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.channels_last = fast and self.device.type == "cpu"
        if fast and isinstance(model, EfficientDet):
            model = copy.deepcopy(model).fuse_for_inference(channels_last=self.channels_last)
        else:
            self.channels_last = False
        self.model = model.eval().to(self.device)
        self.engine = "torch"
        if engine != "torch" and self._use_ort(engine, fast, model):
            try:
                key = json.dumps(cfg.to_dict(), sort_keys=True)  # the graph beyond the weights
                self.model = OrtModel(self.model, cfg.size, config=key)
                self.engine, self.channels_last = "onnxruntime", False
            except Exception as exc:  # an exporter or runtime that cannot: stay eager
                if engine == "onnxruntime":
                    raise
                warnings.warn(f"ONNX Runtime not used, running PyTorch eager: {exc}", stacklevel=2)
        self.cfg = cfg
        self.classes = list(classes)
        self.precision = precision
        self.batch_size = batch_size
        self.anchors = make_anchors(cfg, self.device)  # (A, 4) xyxy input pixels
        self._mean = torch.tensor(cfg.input_mean, device=self.device).view(1, 3, 1, 1)
        self._std = torch.tensor(cfg.input_std, device=self.device).view(1, 3, 1, 1)

    def _use_ort(self, engine: str, fast: bool, model: nn.Module) -> bool:
        """ONNX Runtime where it was measured to pay: fp32 EfficientDet on the CPU."""
        if engine == "onnxruntime":
            if self.device.type != "cpu" or not ort_available():
                raise ValueError("engine onnxruntime needs the CPU and the onnxruntime package")
            return True
        return (
            fast and self.device.type == "cpu" and isinstance(model, EfficientDet)
            and ort_available() and os.environ.get("EFFDET_ENGINE", "auto") != "torch"
        )  # fmt: skip

    @classmethod
    def from_checkpoint(
        cls,
        path: str | os.PathLike,
        device: str | torch.device = "auto",
        use_ema: bool = True,
        image_size: int | None = None,
        precision: str = "fp32",
        batch_size: int | None = None,
        engine: str = "auto",
    ) -> Predictor:
        """The checkpoint's model, tiling as its run trained (train_config "tiling")."""
        model, cfg, classes, tiling = load_model_and_tiling(path, use_ema, image_size)
        return cls(model, cfg, classes, device, precision, batch_size, tiling=tiling, engine=engine)

    def __call__(
        self, images: Sequence[ImageInput], score_threshold: float = DEFAULT_SCORE
    ) -> list[list[dict]]:
        arrays = [read_image(im) if not isinstance(im, np.ndarray) else im for im in images]
        out: list[list[dict]] = [[] for _ in arrays]
        plain = [i for i, a in enumerate(arrays) if not needs_slicing(a, self.tiling)]
        for start in range(0, len(plain), self.batch_size):
            chunk = plain[start : start + self.batch_size]
            found = self.predict_batch([arrays[i] for i in chunk], score_threshold)
            for i, dets in zip(chunk, found, strict=True):
                out[i] = dets
        for i in sorted(set(range(len(arrays))) - set(plain)):  # larger than a tile
            out[i] = sliced_predict(
                self, arrays[i], self.tiling, score_threshold,
                merge=self.merge, whole_image=self.whole_image,
            )  # fmt: skip
        return out

    def predict_batch(
        self, images: Sequence[np.ndarray], score: float = DEFAULT_SCORE
    ) -> list[list[dict]]:
        """The detections of RGB arrays letterboxed into one batch: a single forward pass."""
        size = self.cfg.size
        batch, scales = [], []
        no_boxes, no_labels = np.zeros((0, 4), np.float32), np.zeros(0, np.int64)
        for i, img in enumerate(images):
            if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
                raise ValueError(
                    f"image {i}: expected an (H, W, 3) uint8 RGB array, got {img.shape} {img.dtype}"
                )
            sample = transforms.letterbox(img, no_boxes, no_labels, size)
            batch.append(sample.image)  # (S, S, 3) uint8
            scales.append(sample.scale)
        x = self._normalize(torch.from_numpy(np.stack(batch)).to(self.device))  # (B, 3, S, S)
        dtype = PRECISIONS[self.precision]
        autocast = (
            torch.autocast("cuda", dtype=dtype) if dtype is not None else contextlib.nullcontext()
        )
        with torch.inference_mode(), autocast:
            class_out, box_out = self.model(x)
        class_out = [c.float() for c in class_out]
        box_out = [b.float() for b in box_out]
        with torch.inference_mode():
            dets = postprocess(
                class_out, box_out, self.anchors, self.cfg.num_classes, score_threshold=score
            )
        results = []
        for img, scale, det in zip(images, scales, dets, strict=True):
            found = image_detections(
                det["boxes"].float().cpu().numpy(),
                det["scores"].float().cpu().numpy(),
                det["labels"].cpu().numpy(),
                scale,
                img.shape[1],
                img.shape[0],
            )
            results.append(
                [
                    {"box": box, "score": s, "label": k, "category": self.classes[k]}
                    for box, s, k in found
                ]
            )
        return results

    def _normalize(self, pixels: torch.Tensor) -> torch.Tensor:
        """(B, S, S, 3) uint8 -> (B, 3, S, S) float32 as transforms.normalize computes it."""
        x = pixels.permute(0, 3, 1, 2).float() / 255.0
        x = (x - self._mean) / self._std
        memory = torch.channels_last if self.channels_last else torch.contiguous_format
        return x.contiguous(memory_format=memory)
