"""Evaluation during training: COCO metrics of a model on the validation split, and the events
and files a training run records for each evaluation."""

from __future__ import annotations

import contextlib
from pathlib import Path

from core import events as ev
from core.train.callbacks import EventSink, finite_floats


def evaluate_model(
    model,
    val_ds,
    val_coco: dict,
    classes: list[str],
    anchors,
    autocast=None,
    batch_size: int = 8,
    workers: int = 0,
) -> dict:
    """COCO metrics of ``model`` on the validation set (core.evaluate.coco_evaluate's result)."""
    from core.evaluate import coco_evaluate

    results = coco_results(model, val_ds, val_coco, classes, anchors, autocast, batch_size, workers)
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

    name_to_id = {c["name"]: c["id"] for c in val_coco.get("categories", [])}
    unknown = [c for c in classes if c not in name_to_id]
    if unknown:
        raise ValueError(f"the model's classes {unknown} are not categories of the data")
    category_ids = [name_to_id[c] for c in classes]
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
) -> dict:
    """evaluate_model, then the Eval and Fusion events and the files of core.evaluate.save_eval
    (named by ``tag``) in ``run_dir``; returns the metrics."""
    from core.evaluate import save_eval

    result = evaluate_model(
        model, val_ds, val_coco, classes, anchors, autocast, batch_size, workers
    )
    metrics = result["metrics"]
    per_class = finite_floats(result.get("per_class_ap", {}))
    sink(ev.Eval(epoch=epoch, metrics=finite_floats(metrics), per_class_ap=per_class))
    sink(fusion_event(model, epoch, model.config.fusion_method))
    save_eval(run_dir, result, tag)
    return metrics
