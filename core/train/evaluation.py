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
    """COCO metrics of ``model`` on the validation set (core.evaluate.coco_evaluate's result).

    Detections come out in input pixels of the letterboxed image; dividing by the sample's
    ``scale`` (input px per original px, no offset at evaluation) gives pixels of the original
    (EXIF-oriented) image, which become COCO ``[x, y, w, h]`` results.
    """
    import torch

    from core.boxes.nms import postprocess
    from core.data.dataset import collate
    from core.evaluate import coco_evaluate

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
                    boxes = det["boxes"].float().cpu() / t["scale"]  # (D, 4) xyxy original px
                    boxes[:, 0::2] = boxes[:, 0::2].clamp(0, w)
                    boxes[:, 1::2] = boxes[:, 1::2].clamp(0, h)
                    for b, s, lab in zip(
                        boxes.tolist(), det["scores"].tolist(), det["labels"].tolist(), strict=True
                    ):
                        results.append(
                            {
                                "image_id": t["image_id"],
                                "category_id": category_ids[lab],
                                "bbox": [b[0], b[1], b[2] - b[0], b[3] - b[1]],
                                "score": float(s),
                            }
                        )
    finally:
        model.train(was_training)
    return coco_evaluate(val_coco, results)


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
