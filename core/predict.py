"""Inference: a training checkpoint and images in, detections in original-image pixels out.

Three front ends share one ``Predictor``: the Python API, ``efficientdet predict`` (COCO results
JSON and drawn images) and ``serve``, the long-lived worker the GUI sends predict requests to.
Boxes leave as [x, y, w, h] in pixels of the EXIF-oriented image, the frame of the annotations.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import cv2
import numpy as np
import torch
from torch import Tensor, nn

from core import events as ev
from core.boxes.anchors import make_anchors
from core.boxes.nms import postprocess
from core.config import ModelConfig
from core.data import transforms
from core.data.imageio import ImageReadError, read_image
from core.model import EfficientDet
from core.train.checkpoint import load_checkpoint

DEFAULT_SCORE = 0.05
PRECISIONS = {"fp32": None, "fp16": torch.float16, "bf16": torch.bfloat16}
ImageInput = np.ndarray | str | os.PathLike


class CheckpointError(ValueError):
    """A checkpoint file that exists but does not describe a model we can build."""


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
    divide by 2**max_level (128 for D0-D7).
    """
    try:
        ckpt = load_checkpoint(path)  # FileNotFoundError / ValueError name the file
    except (pickle.UnpicklingError, RuntimeError, EOFError) as exc:
        raise CheckpointError(f"{path}: not a readable checkpoint: {exc}") from None
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
    if use_ema and ema:
        state = ema["module"] if isinstance(ema.get("module"), dict) else ema
    if state and all(k.startswith("module.") for k in state):  # saved from a DDP wrapper
        state = {k[len("module.") :]: v for k, v in state.items()}
    model = EfficientDet(cfg)
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise CheckpointError(f"{path}: weights do not fit {cfg.level.upper()}: {exc}") from None
    return model.eval(), cfg, classes


def to_original_xywh(
    boxes: Tensor, scale: float | tuple[float, float], width: int, height: int
) -> list[list[float]]:
    """Letterboxed-input xyxy boxes (D, 4) -> [x, y, w, h] pixels of the original image.

    The letterbox scaled the image by ``scale`` (input px per original px, or (sx, sy)) and padded
    only bottom/right, so undoing it is a division; boxes are clipped to the width x height image.
    """
    sx, sy = (scale, scale) if isinstance(scale, (int, float)) else scale
    b = boxes.detach().float().cpu() / torch.tensor([sx, sy, sx, sy])
    b[:, 0::2] = b[:, 0::2].clamp(0, width)
    b[:, 1::2] = b[:, 1::2].clamp(0, height)
    xywh = torch.cat([b[:, :2], b[:, 2:] - b[:, :2]], dim=1)
    return [[round(v, 2) for v in row] for row in xywh.tolist()]


class Predictor:
    """A loaded model that turns images into detections.

    ``predictor(images, score_threshold)`` takes (H, W, 3) uint8 RGB arrays or image paths and
    returns, per image, a list of ``{"box": [x, y, w, h], "score", "label", "category"}`` with
    ``label`` the 0-based class index and ``category`` its name.
    """

    def __init__(
        self,
        model: nn.Module,
        cfg: ModelConfig,
        classes: Sequence[str],
        device: str | torch.device = "auto",
        precision: str = "fp32",
        batch_size: int = 8,
    ) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {list(PRECISIONS)}, not {precision!r}")
        self.device = resolve_device(device)
        if precision != "fp32" and self.device.type != "cuda":
            raise ValueError(f"precision {precision} needs a CUDA device, not {self.device}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.model = model.eval().to(self.device)
        self.cfg = cfg
        self.classes = list(classes)
        self.precision = precision
        self.batch_size = batch_size
        self.anchors = make_anchors(cfg, self.device)  # (A, 4) xyxy input pixels

    @classmethod
    def from_checkpoint(
        cls,
        path: str | os.PathLike,
        device: str | torch.device = "auto",
        use_ema: bool = True,
        image_size: int | None = None,
        precision: str = "fp32",
        batch_size: int = 8,
    ) -> Predictor:
        model, cfg, classes = load_model(path, use_ema=use_ema, image_size=image_size)
        return cls(model, cfg, classes, device, precision, batch_size)

    def __call__(
        self, images: Sequence[ImageInput], score_threshold: float = DEFAULT_SCORE
    ) -> list[list[dict]]:
        arrays = [read_image(im) if not isinstance(im, np.ndarray) else im for im in images]
        out: list[list[dict]] = []
        for start in range(0, len(arrays), self.batch_size):
            chunk = arrays[start : start + self.batch_size]
            out.extend(self._predict_batch(chunk, score_threshold))
        return out

    def _predict_batch(self, images: list[np.ndarray], score: float) -> list[list[dict]]:
        size = self.cfg.size
        batch, scales = [], []
        no_boxes, no_labels = np.zeros((0, 4), np.float32), np.zeros(0, np.int64)
        for i, img in enumerate(images):
            if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
                raise ValueError(
                    f"image {i}: expected an (H, W, 3) uint8 RGB array, got {img.shape} {img.dtype}"
                )
            sample = transforms.letterbox(img, no_boxes, no_labels, size)
            batch.append(transforms.normalize(sample.image))  # (3, S, S) float32
            h, w = img.shape[:2]
            # exact per-axis factors: the letterbox rounds the scaled width and height
            sw, sh = max(1, round(w * sample.scale)), max(1, round(h * sample.scale))
            scales.append((sw / w, sh / h))
        x = torch.from_numpy(np.stack(batch)).to(self.device)  # (B, 3, S, S)
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
            boxes = to_original_xywh(det["boxes"], scale, img.shape[1], img.shape[0])
            scores, labels = det["scores"].tolist(), det["labels"].tolist()
            results.append(
                [
                    {"box": box, "score": round(s, 5), "label": k, "category": self.classes[k]}
                    for box, s, k in zip(boxes, scores, labels, strict=True)
                    if box[2] > 0 and box[3] > 0  # wholly in the padding: nothing left
                ]
            )
        return results


# ---- serve: the GUI's long-lived inference worker ---------------------------------------------


def serve(
    checkpoint: str | os.PathLike,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    device: str = "auto",
    precision: str = "fp32",
) -> int:
    """Answer predict commands on ``stdin`` with Predictions event lines on ``stdout``.

    Prints Ready once the checkpoint is loaded; then for each ``{"cmd": "predict", "id",
    "paths", "score"}`` one Predictions event per path (an unreadable image gets ``error`` text).
    A bad line gets an Error event; "quit" (or "stop") or end of input returns 0. A checkpoint
    that does not load prints an Error event and returns 1. Anything else printed (library
    warnings) goes to stderr so that stdout carries only event lines.
    """
    stdin = _utf8(stdin or sys.stdin)
    stdout = _utf8(stdout or sys.stdout)

    def emit(event: ev.Event) -> None:
        stdout.write(ev.encode(event) + "\n")
        stdout.flush()

    with contextlib.redirect_stdout(sys.stderr):
        try:
            predictor = Predictor.from_checkpoint(checkpoint, device=device, precision=precision)
        except (OSError, ValueError, RuntimeError) as exc:
            emit(ev.Error("checkpoint", str(exc), "Choose a checkpoint written by training."))
            return 1
        emit(ev.Ready(str(checkpoint), predictor.classes, str(predictor.device)))
        for line in iter(stdin.readline, ""):
            if not line.strip():
                continue
            try:
                cmd, body = ev.decode_command(line)
            except ev.EventError as exc:
                emit(ev.Error("bad_command", str(exc), 'Send {"v": 1, "cmd": "predict", ...}.'))
                continue
            if cmd in ("quit", "stop"):
                return 0
            if cmd != "predict":
                emit(ev.Error("bad_command", f"the inference worker does not understand {cmd!r}"))
                continue
            try:
                request, paths, score = _predict_args(body)
            except ValueError as exc:
                emit(ev.Error("bad_command", f"predict: {exc}"))
                continue
            for event in _answer(predictor, request, paths, score):
                emit(event)
    return 0


def _utf8(stream: IO[str]) -> IO[str]:
    """Paths in requests are UTF-8 whatever the locale (Windows pipes default to a code page)."""
    if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
        with contextlib.suppress(ValueError, OSError):  # already read from: keep as it is
            stream.reconfigure(encoding="utf-8")
    return stream


def _predict_args(body: dict) -> tuple[str, list[str], float]:
    request, paths, score = body.get("id", ""), body.get("paths"), body.get("score", DEFAULT_SCORE)
    if not isinstance(request, str):
        raise ValueError(f"'id' must be a string, got {request!r}")
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ValueError(f"'paths' must be a list of strings, got {paths!r}")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise ValueError(f"'score' must be a number in [0, 1], got {score!r}")
    return request, paths, float(score)


def _answer(
    predictor: Predictor, request: str, paths: list[str], score: float
) -> Iterator[ev.Predictions]:
    """Predictions per path, in order, one batch at a time so that answers stream out."""
    for start in range(0, len(paths), predictor.batch_size):
        chunk = paths[start : start + predictor.batch_size]
        images: dict[int, np.ndarray] = {}
        errors: dict[int, str] = {}
        for i, path in enumerate(chunk):
            try:
                images[i] = read_image(path)
            except ImageReadError as exc:
                errors[i] = str(exc)
        try:
            answers = predictor(list(images.values()), score) if images else []
        except (RuntimeError, ValueError) as exc:  # e.g. out of memory: answer, keep serving
            answers = []
            errors.update({i: f"inference failed: {exc}" for i in images})
            images.clear()
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        found = dict(zip(images, answers, strict=True))
        for i, path in enumerate(chunk):
            dets = [ev.Detection(d["box"], d["score"], d["category"]) for d in found.get(i, [])]
            yield ev.Predictions(request, path, dets, errors.get(i, ""))


# ---- the `efficientdet predict` command -------------------------------------------------------


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("checkpoint", help="training checkpoint (.pt) or a run folder (last.pt)")
    parser.add_argument("images", nargs="+", help="image files, or folders of images")
    parser.add_argument("--out", help="write COCO results JSON here")
    parser.add_argument("--draw", metavar="OUT_DIR", help="write images with boxes drawn here")
    parser.add_argument(
        "--score",
        type=float,
        default=DEFAULT_SCORE,
        help=f"minimum score to keep a detection (default {DEFAULT_SCORE})",
    )
    parser.add_argument(
        "--coco", metavar="FILE", help="COCO file giving image ids (by file name) and category ids"
    )
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:1 ...")
    parser.add_argument(
        "--precision",
        choices=list(PRECISIONS),
        default="fp32",
        help="fp16 / bf16 autocast (CUDA only)",
    )
    parser.add_argument("--image-size", type=int, help="input size instead of the trained one")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--no-ema", action="store_true", help="use the raw, not the EMA, weights")


def run(args: argparse.Namespace) -> int:
    """0: all images done; 1: some images skipped (reported); 2: nothing could be done."""
    try:
        paths = _expand_images(args.images)
        ids = _CocoIds(args.coco) if args.coco else None
        predictor = Predictor.from_checkpoint(
            args.checkpoint, device=args.device, use_ema=not args.no_ema,
            image_size=args.image_size, precision=args.precision, batch_size=args.batch_size,
        )  # fmt: skip
        category_ids = ids.category_ids(predictor.classes) if ids else None
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results, images, skipped = [], [], 0
    drawn_names: set[str] = set()
    for start in range(0, len(paths), predictor.batch_size):
        batch = []  # (path, image id, image) of the readable ones; one model call per batch
        for path in paths[start : start + predictor.batch_size]:
            try:
                image_id = ids.image_id(path) if ids else len(images) + len(batch) + 1
                batch.append((path, image_id, read_image(path)))
            except (ImageReadError, LookupError) as exc:
                print(f"skipped: {exc}", file=sys.stderr)
                skipped += 1
        found = predictor([img for _, _, img in batch], args.score) if batch else []
        for (path, image_id, img), dets in zip(batch, found, strict=True):
            images.append({"id": image_id, "file_name": str(path),
                           "width": img.shape[1], "height": img.shape[0]})  # fmt: skip
            for d in dets:
                cat = category_ids[d["label"]] if category_ids else d["label"] + 1
                results.append({"image_id": image_id, "category_id": cat, "bbox": d["box"],
                                "score": d["score"]})  # fmt: skip
            best = ", ".join(f"{d['category']} {d['score']:.2f}" for d in dets[:3])
            more = ", ..." if len(dets) > 3 else ""
            print(f"{path}: {len(dets)} detections" + (f" ({best}{more})" if dets else ""))
            if args.draw:
                _write_drawn(img, dets, path, Path(args.draw), drawn_names)
    if not images:
        print("error: no image could be read", file=sys.stderr)
        return 2
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results), encoding="utf-8")
        if not ids:  # sequential ids: say which image and category each id means
            cats = [{"id": k + 1, "name": n} for k, n in enumerate(predictor.classes)]
            mapping = out.with_name(out.stem + ".images.json")
            mapping.write_text(json.dumps({"images": images, "categories": cats}, indent=1,
                                          ensure_ascii=False), encoding="utf-8")  # fmt: skip
            print(f"wrote {len(results)} detections to {out}; image ids in {mapping}")
        else:
            print(f"wrote {len(results)} detections to {out}")
    if skipped:
        print(f"{skipped} of {len(paths)} images skipped (see above)", file=sys.stderr)
    return 1 if skipped else 0


def _expand_images(items: Sequence[str]) -> list[Path]:
    """Files as given (existence is checked when read); folders -> their image files, sorted."""
    paths: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES)
            if not found:
                print(f"skipped: {p}: folder holds no images", file=sys.stderr)
            paths.extend(found)
        else:
            paths.append(p)
    if not paths:
        raise ValueError("no images given")
    return paths


class _CocoIds:
    """Image ids by file name and category ids by class name, from a COCO annotation file."""

    def __init__(self, path: str) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            self.by_name = {im["file_name"].replace("\\", "/"): im["id"] for im in data["images"]}
            self.categories = {c["name"]: c["id"] for c in data["categories"]}
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a COCO file with images and categories: {exc}") from None
        self.path = path

    def image_id(self, image: Path) -> int:
        """Longest COCO file_name that the path ends with (a/b.jpg beats b.jpg)."""
        parts = image.as_posix().split("/")
        for k in range(len(parts)):
            key = "/".join(parts[k:])
            if key in self.by_name:
                return self.by_name[key]
        raise LookupError(f"{image}: no image with this file name in {self.path}")

    def category_ids(self, classes: list[str]) -> list[int]:
        missing = [c for c in classes if c not in self.categories]
        if missing:
            raise ValueError(f"{self.path}: no categories named {missing} (the model's classes)")
        return [self.categories[c] for c in classes]


def _color(label: int) -> tuple[int, int, int]:
    """A distinct, stable BGR colour per class (hues spread by the golden angle)."""
    hsv = np.uint8([[[int(label * 137.508) % 180, 200, 255]]])
    return tuple(int(v) for v in cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0])


def _write_drawn(
    img: np.ndarray, dets: list[dict], path: Path, out_dir: Path, used: set[str]
) -> None:
    """Boxes and 'name score' labels on a copy; written via imencode so any path works."""
    canvas = np.ascontiguousarray(img[:, :, ::-1])  # RGB -> BGR for OpenCV
    thick = max(1, round(max(img.shape[:2]) / 400))
    for d in dets:
        x, y, w, h = d["box"]
        color = _color(d["label"])
        p1, p2 = (round(x), round(y)), (round(x + w), round(y + h))
        cv2.rectangle(canvas, p1, p2, color, thick)
        text = f"{d['category']} {d['score']:.2f}"
        (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thick, thick)
        top = max(p1[1] - th - base, 0)
        cv2.rectangle(canvas, (p1[0], top), (p1[0] + tw, top + th + base), color, -1)
        cv2.putText(canvas, text, (p1[0], top + th), cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thick,
                    (0, 0, 0), thick, cv2.LINE_AA)  # fmt: skip
    suffix = path.suffix.lower() if path.suffix.lower() in IMAGE_SUFFIXES else ".png"
    name, n = path.stem + suffix, 1
    while name in used:  # two inputs with the same name from different folders
        name, n = f"{path.stem}_{n}{suffix}", n + 1
    used.add(name)
    ok, data = cv2.imencode(suffix, canvas)
    if not ok:
        ok, data = cv2.imencode(".png", canvas)
        name = Path(name).with_suffix(".png").name
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / name).write_bytes(data.tobytes())
