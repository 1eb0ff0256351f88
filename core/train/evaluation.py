"""Evaluation during training: COCO metrics of a model on the validation split, and the events
and files a training run records for each evaluation.

A tiled run (its TrainConfig ``tiling``) is measured as a user will predict: the validation
images at full resolution, predicted tile by tile (core.sliced) with the model under training,
scored against the full-image ground truth.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

from core import events as ev
from core.train.callbacks import EventSink, finite_floats

EVAL_SCORE = 0.001  # detections scored: the threshold core.boxes.nms.postprocess defaults to


def evaluate_model(
    model,
    val_ds,
    val_coco: dict,
    classes: list[str],
    anchors,
    autocast=None,
    batch_size: int = 8,
    workers: int = 0,
    tiling=None,
) -> dict:
    """COCO metrics of ``model`` on the validation set (core.evaluate.coco_evaluate's result).

    ``tiling`` (a core.tiling.TileSpec, or the ``"tiling"`` dict of a config) evaluates with
    ``sliced_coco_results``; None, the letterboxed whole images of ``val_ds``.
    """
    from core.evaluate import coco_evaluate

    spec = _tile_spec(tiling)
    if spec is None:
        results = coco_results(
            model, val_ds, val_coco, classes, anchors, autocast, batch_size, workers
        )
    else:
        results = sliced_coco_results(
            model, val_ds, val_coco, classes, spec, autocast, batch_size, workers
        )
    return coco_evaluate(val_coco, results)


def coco_results(
    model,
    val_ds,
    val_coco: dict,
    classes: list[str],
    anchors,
    autocast=None,
    batch_size: int = 8,
    workers: int = 0,
) -> list[dict]:
    """COCO results (image_id, category_id, bbox, score) of ``model`` on ``val_ds``.

    Detections come out in input pixels of the letterboxed image and go back to pixels of the
    original (EXIF-oriented) image through core.boxes.geometry.image_detections, the mapping
    the Predictor uses: the boxes measured are the boxes a user sees.
    """
    import torch

    from core.boxes.geometry import image_detections
    from core.boxes.nms import postprocess
    from core.data.dataset import collate

    category_ids = _category_ids(val_coco, classes)
    loader = torch.utils.data.DataLoader(
        val_ds, batch_size=batch_size, num_workers=workers, collate_fn=collate
    )
    autocast = autocast or contextlib.nullcontext()
    device = anchors.device
    was_training = model.training
    model.eval()
    results = []
    try:
        with torch.no_grad():
            for images, targets in loader:
                with autocast:
                    class_out, box_out = model(images.to(device))
                dets = postprocess(
                    [c.float() for c in class_out],
                    [b.float() for b in box_out],
                    anchors,
                    len(classes),
                )
                for det, t in zip(dets, targets, strict=True):
                    h, w = t["orig_size"]
                    found = image_detections(
                        det["boxes"].float().cpu().numpy(),
                        det["scores"].float().cpu().numpy(),
                        det["labels"].cpu().numpy(),
                        t["scale"],
                        w,
                        h,
                    )
                    results.extend(
                        {
                            "image_id": t["image_id"],
                            "category_id": category_ids[label],
                            "bbox": box,
                            "score": score,
                        }
                        for box, score, label in found
                    )
    finally:
        model.train(was_training)
    return results


def sliced_coco_results(
    model,
    val_ds,
    val_coco: dict,
    classes: list[str],
    tiling,
    autocast=None,
    batch_size: int = 8,
    workers: int = 0,
    fast: bool = True,
) -> list[dict]:
    """COCO results of ``model`` on the full-resolution images of ``val_ds`` (its
    ``image_root`` and ``image_ids``, file names from ``val_coco``), each predicted from its
    tiles and a downscaled whole-image pass as a tiled project's Predictor predicts: boxes in
    full-image pixels. ``fast`` folds the BatchNorms into a copy of the model first: on the
    CPU a 1,600 x 1,200 image on 512 px tiles took 2.5 s so against 4.1 s unfolded, for 0.07 s
    of copying (D0, one thread). The model's own weights are used either way.
    An unreadable image is reported through ``val_ds.on_warning`` and left out.
    """
    from core.data.coco import resolve_image
    from core.data.prefetch import load_ahead
    from core.predict import PRECISIONS, Predictor

    category_ids = _category_ids(val_coco, classes)
    entries = {im["id"]: im for im in val_coco["images"]}
    ids = list(val_ds.image_ids)
    paths = [resolve_image(val_ds.image_root, entries[i]["file_name"]) for i in ids]
    device = next(model.parameters()).device
    dtype = getattr(autocast, "fast_dtype", None) if device.type == "cuda" else None
    precision = next((k for k, v in PRECISIONS.items() if v is not None and v == dtype), "fp32")
    was_training = model.training
    warn = getattr(val_ds, "on_warning", None)
    results: list[dict] = []
    try:
        predictor = Predictor(
            model, model.config, classes, device, precision, batch_size, fast=fast,
            tiling=_tile_spec(tiling),
        )  # fmt: skip
        loaded = load_ahead(paths, workers or None, ahead=2)
        try:
            for item in loaded:
                image_id = ids[item.index]
                if item.image is None:
                    if warn is not None:
                        warn("unreadable_image", f"skipped image id {image_id}: {item.error}")
                    continue
                (dets,) = predictor([item.image], EVAL_SCORE)
                results.extend(
                    {
                        "image_id": image_id,
                        "category_id": category_ids[d["label"]],
                        "bbox": d["box"],
                        "score": d["score"],
                    }
                    for d in dets
                )
        finally:
            loaded.close()
    finally:
        model.train(was_training)
    return results


def _tile_spec(tiling):
    """A TileSpec from a TileSpec, a config's "tiling" dict ({}: none), or None."""
    from core.tiling import TileSpec, parse_tiling

    if tiling is None or isinstance(tiling, TileSpec):
        return tiling
    if isinstance(tiling, Mapping):
        return parse_tiling(tiling, "training config")
    raise TypeError(f"tiling must be a TileSpec, a dict or None, not {type(tiling).__name__}")


def _category_ids(val_coco: dict, classes: list[str]) -> list[int]:
    """The COCO category id of each model class (by name)."""
    name_to_id = {c["name"]: c["id"] for c in val_coco.get("categories", [])}
    unknown = [c for c in classes if c not in name_to_id]
    if unknown:
        raise ValueError(f"the model's classes {unknown} are not categories of the data")
    return [name_to_id[c] for c in classes]


def fusion_event(model, epoch: int, method: str) -> ev.Fusion:
    return ev.Fusion(epoch=epoch, method=method, nodes=model.fusion_weights())


def evaluate_and_report(
    model,
    val_ds,
    val_coco: dict,
    classes: list[str],
    anchors,
    autocast,
    batch_size: int,
    workers: int,
    sink: EventSink,
    epoch: int,
    run_dir: Path,
    tag: str,
    tiling=None,
) -> dict:
    """evaluate_model (``tiling``: the run's, see there), then the Eval and Fusion events and
    the files of core.evaluate.save_eval (named by ``tag``) in ``run_dir``; returns the
    metrics."""
    from core.evaluate import save_eval

    result = evaluate_model(
        model, val_ds, val_coco, classes, anchors, autocast, batch_size, workers, tiling
    )
    metrics = result["metrics"]
    per_class = finite_floats(result.get("per_class_ap", {}))
    sink(ev.Eval(epoch=epoch, metrics=finite_floats(metrics), per_class_ap=per_class))
    sink(fusion_event(model, epoch, model.config.fusion_method))
    save_eval(run_dir, result, tag)
    return metrics
