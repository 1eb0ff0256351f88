"""The training loop, readable top to bottom: data, model, optimizer, then epochs of steps.

``train(cfg)`` writes a run folder ``<project>/runs/<YYYYmmdd-HHMMSS>-<level>/`` holding
config.json, events.jsonl (every event, also handed to ``emit``), last.pt, best.pt (best AP on
the validation split) and the evaluation outputs. Every failure is reported once as an Error
event and raised as TrainingError. The pieces live next door: run set-up (data, model, resume)
in core.train.setup, one optimisation step in core.train.step, evaluation in
core.train.evaluation.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import torch

from core import events as ev
from core.cpu_threads import thread_settings
from core.fileio import write_atomic
from core.train import distributed as ddp
from core.train import perf, setup
from core.train.callbacks import (
    EventSink,
    Hook,
    LoopState,
    ProgressHook,
    TrainingError,
    finite_floats,
    print_event,
)
from core.train.checkpoint import rng_state, save_checkpoint, set_rng_state
from core.train.config import TrainConfig
from core.train.ema import ModelEma
from core.train.evaluation import evaluate_and_report
from core.train.optim import build_optimizer, get_lr, set_lr
from core.train.step import forward_loss, optimizer_step
from core.versions import versions

MAX_NONFINITE_IN_A_ROW = 5


def train(
    cfg: TrainConfig,
    run_dir: str | Path | None = None,
    emit: Callable[[ev.Event], None] = print_event,
    should_stop: Callable[[], bool] = lambda: False,
    eval_requested: Callable[[], bool] = lambda: False,
    resume: bool = False,
    hooks: Iterable[Hook] = (),
) -> Path:
    """Train; with ``resume=True`` continue the run in ``run_dir`` from its last.pt.

    ``should_stop`` / ``eval_requested`` are polled at every step boundary: a stop saves last.pt
    and returns; an eval request evaluates the EMA weights at once.
    """
    if resume and run_dir is None:
        raise ValueError("resume=True needs the run folder to continue")
    run_dir = Path(run_dir) if run_dir is not None else cfg.default_run_dir()
    is_main = int(os.environ.get("RANK", "0")) == 0  # only rank 0 writes
    if is_main:
        run_dir.mkdir(parents=True, exist_ok=True)
    sink = EventSink(run_dir / "events.jsonl", emit, enabled=is_main)
    info = ddp.DistInfo()
    try:
        device = ddp.pick_device(cfg.device)
        note = ddp.fallback_note(cfg.device, device)
        if note:
            sink(ev.Warning(kind="device", message=note))
        info = ddp.init_distributed(device.type)
        if info.enabled and device.type == "cuda":
            device = torch.device("cuda", info.local_rank)
        return _train(
            cfg, run_dir, device, info, sink, should_stop, eval_requested, resume, list(hooks)
        )
    except TrainingError as exc:
        sink(ev.Error(kind=exc.kind, message=exc.message, hint=exc.hint))
        raise
    except torch.OutOfMemoryError as exc:
        hint = "use a smaller --batch-size, a smaller --image-size or a lower --level"
        sink(ev.Error(kind="out_of_memory", message=f"out of GPU memory: {exc}", hint=hint))
        raise TrainingError("out_of_memory", str(exc), hint) from exc
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"
        sink(ev.Error(kind="internal", message=message))
        raise TrainingError("internal", message) from exc
    finally:
        ddp.cleanup(info)


def _train(cfg, run_dir, device, info, sink, should_stop, eval_requested, resume, hooks) -> Path:
    from core.boxes import make_anchors
    from core.data.dataset import collate

    ddp.seed_everything(cfg.seed, 0)

    start_epoch, best = 0, None

    def stopped_early() -> bool:
        """A stop before the first step of this run: nothing new to save, so end at once."""
        if not ddp.any_rank(should_stop(), info, device):
            return False
        if not (run_dir / "last.pt").is_file():
            message = "stopped before the first checkpoint: nothing to resume"
            sink(ev.Warning(kind="no_checkpoint", message=message))
        sink(
            ev.Finished(
                run_dir=str(run_dir), epochs_done=start_epoch, stopped=True, best_metric=best
            )
        )
        return True

    # -- data ------------------------------------------------------------------------------
    train_ds, val_ds, classes, val_coco = setup.load_data(cfg, sink)
    if stopped_early():
        return run_dir

    # -- model, EMA, optimizer ------------------------------------------------------------
    model_cfg = cfg.model.with_(num_classes=len(classes))
    cfg = cfg.with_(model=model_cfg)  # config.json and events record the real class count
    cfg = cfg.with_(tiling=setup.tiling_used(cfg, train_ds))  # and the tiling it trains with
    model = setup.build_model(cfg, model_cfg, device, sink, resume)
    tuning = perf.tune_for_training(model, device, info.enabled)  # CPU: malloc, channels_last
    ema = ModelEma(model, cfg.ema_decay) if cfg.ema_decay > 0 else None
    optimizer = build_optimizer(model, cfg)
    amp_dtype = ddp.amp_dtype(cfg.amp, device)
    scaler = torch.amp.GradScaler("cuda", enabled=amp_dtype == torch.float16)

    step, skip, bad_total = 0, 0, 0
    ckpt = None
    if resume:
        ckpt = setup.load_last(run_dir, device)
        start_epoch, step, skip, best = setup.restore(
            ckpt, model, ema, optimizer, scaler, str(run_dir / "last.pt")
        )
    if stopped_early():
        return run_dir
    if info.is_main:  # rewritten on resume too: --epochs may have extended the run
        record = {**cfg.to_dict(), "versions": versions(), "threads": thread_settings()}
        write_atomic(run_dir / "config.json", json.dumps(record, indent=2).encode("utf-8"))

    def loader_for(epoch: int, skip_batches: int = 0):
        return ddp.epoch_loader(
            train_ds, cfg.batch_size, cfg.workers, cfg.seed, epoch, info, collate, skip_batches
        )

    sync_bn = cfg.sync_bn and device.type == "cuda"
    if cfg.sync_bn and not sync_bn and info.enabled:
        sink(ev.Warning(kind="sync_bn", message="SyncBatchNorm needs CUDA; using plain BN"))
    net = ddp.wrap_model(model, info, sync_bn, device)  # what the batches go through
    model = ddp.unwrap(net)
    anchors = make_anchors(model_cfg, device)
    autocast = (
        torch.autocast(device_type=device.type, dtype=amp_dtype)
        if amp_dtype is not None
        else contextlib.nullcontext()
    )
    steps_per_epoch = len(loader_for(0))
    state = LoopState(
        cfg=cfg,
        model=model,
        ema=ema,
        optimizer=optimizer,
        run_dir=run_dir,
        steps_per_epoch=steps_per_epoch,
        rank=info.rank,
        world_size=info.world_size,
        epoch=start_epoch,
        step=step,
    )
    hooks = ([ProgressHook(sink)] if info.is_main else []) + hooks

    def checkpoint(epoch_done: int, epoch_step: int, metrics: dict, is_best: bool) -> None:
        if not info.is_main:
            return
        payload = {
            "model": model.state_dict(),
            "ema": ema.state_dict() if ema is not None else None,
            "optimizer": optimizer.state_dict(),
            "scheduler": {"step": state.step},
            "scaler": scaler.state_dict(),
            "epoch": epoch_done, "epoch_step": epoch_step, "step": state.step,
            "classes": list(classes),
            "model_config": model_cfg.to_dict(),
            "train_config": cfg.to_dict(),
            "metrics": metrics, "best_metric": best,
            "rng": rng_state(),
        }  # fmt: skip
        path = save_checkpoint(run_dir / "last.pt", payload)
        sink(ev.Checkpoint(epoch=state.epoch, path=str(path), best=False))
        if is_best:
            path = save_checkpoint(run_dir / "best.pt", payload)
            sink(ev.Checkpoint(epoch=state.epoch, path=str(path), best=True))

    def run_eval(tag: str) -> dict:
        """EMA weights on the val split, on rank 0; the others wait."""
        metrics: dict = {}
        if info.is_main:
            metrics = evaluate_and_report(
                ema.module if ema is not None else model, val_ds, val_coco, classes, anchors,
                autocast, cfg.batch_size, cfg.workers, sink, state.epoch, run_dir, tag,
                tiling=cfg.tiling,  # a tiled run: the full images, predicted tile by tile
            )  # fmt: skip
        ddp.barrier(info)
        return metrics

    sink(
        ev.Started(
            run_dir=str(run_dir),
            config=cfg.to_dict(),
            device=str(device),
            train_images=len(train_ds),
            val_images=len(val_ds),
            resumed_from_epoch=start_epoch if resume else 0,
        )
    )
    if stopped_early():  # e.g. while the first loading processes started
        return run_dir
    for h in hooks:
        h.before_train(state)

    # -- epochs ---------------------------------------------------------------------------
    stopped, nonfinite_in_a_row, epochs_done, eval_pending = False, 0, start_epoch, False
    for epoch in range(start_epoch, cfg.epochs):
        state.epoch = epoch
        ddp.seed_everything(cfg.seed, epoch)
        train_ds.reseed()  # augmentations keyed by (epoch seed, sample): resume replays them
        setup.freeze_backbone(model, epoch < cfg.freeze_backbone_epochs and not info.enabled)
        drop_backbone_grads = epoch < cfg.freeze_backbone_epochs and info.enabled
        loader = loader_for(epoch, skip)
        if skip and ckpt is not None:
            set_rng_state(ckpt["rng"])  # mid-epoch resume: continue the saved generators
        sums: dict[str, float] = {}
        counted, epoch_step = 0, skip
        t_epoch = time.perf_counter()
        net.train()
        for epoch_step, (images, targets) in enumerate(loader, start=skip + 1):
            lr = get_lr(state.step, cfg, steps_per_epoch)
            set_lr(optimizer, lr)
            images = perf.prepare_images(images.to(device, non_blocking=True), tuning)
            targets = [{k: _to(v, device) for k, v in t.items()} for t in targets]

            losses = forward_loss(net, images, targets, anchors, model_cfg.num_classes, autocast)
            finite = optimizer_step(
                losses["loss"], model, optimizer, scaler, cfg.clip_grad_norm, ema, info, device,
                drop_backbone_grads,
            )  # fmt: skip
            if finite:
                nonfinite_in_a_row = 0
            else:
                nonfinite_in_a_row += 1
                bad_total += 1
                why = f"the loss or its gradient is not finite ({nonfinite_in_a_row} in a row)"
                message = f"skipped step {epoch_step} of epoch {epoch + 1}: {why}"
                sink(ev.Warning(kind="nonfinite_loss", message=message, count=bad_total))
                if nonfinite_in_a_row >= MAX_NONFINITE_IN_A_ROW:
                    raise TrainingError(
                        "nonfinite_loss",
                        f"the loss was not finite for {nonfinite_in_a_row} steps in a row "
                        f"(epoch {epoch + 1}, lr {lr:.3g}); training stopped",
                        "lower the learning rate (--lr), keep gradient clipping on "
                        "(--clip-grad-norm 10), or use a smaller batch size",
                    )

            state.step += 1
            state.epoch_step, state.lr, state.batch_images = epoch_step, lr, len(images)
            state.losses = {k: float(v.detach()) for k, v in losses.items()} if finite else {}
            if finite:
                counted += 1
                for k, v in state.losses.items():
                    sums[k] = sums.get(k, 0.0) + v
                for h in hooks:
                    h.after_step(state)

            stop = ddp.any_rank(should_stop(), info, device)
            if ddp.any_rank(eval_requested(), info, device):
                if epoch_step < steps_per_epoch:
                    m = run_eval(f"epoch{epoch + 1:03d}-step{epoch_step}")
                    ap = m.get("AP")
                    if ap is not None and math.isfinite(ap) and (best is None or ap > best):
                        best = float(ap)  # a better model mid-epoch is kept too
                        checkpoint(epoch, epoch_step, finite_floats(m), True)
                else:  # the epoch end is next: evaluate there
                    eval_pending = True
            if stop:
                stopped = True
                break
        skip = 0

        epoch_done = epoch_step >= steps_per_epoch
        if not epoch_done:  # stopped mid-epoch: save the position and leave
            checkpoint(epoch, epoch_step, {}, False)
            break
        sink(
            ev.EpochEnd(
                epoch=epoch,
                losses={k: v / max(counted, 1) for k, v in sums.items()},
                seconds=round(time.perf_counter() - t_epoch, 3),
            )
        )
        metrics: dict = {}
        last = epoch + 1 == cfg.epochs
        if last or eval_pending or (cfg.eval_every and (epoch + 1) % cfg.eval_every == 0):
            eval_pending = False
            metrics = run_eval(f"epoch{epoch + 1:03d}")
        ap = metrics.get("AP")
        is_best = ap is not None and math.isfinite(ap) and (best is None or ap > best)
        if is_best:
            best = float(ap)
        epochs_done = epoch + 1
        checkpoint(epochs_done, 0, finite_floats(metrics), is_best)
        for h in hooks:
            h.after_epoch(state)
        if stopped:
            break

    for h in hooks:
        h.after_train(state)
    sink(
        ev.Finished(
            run_dir=str(run_dir), epochs_done=epochs_done, stopped=stopped, best_metric=best
        )
    )
    return run_dir


def _to(v, device):
    return v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v
