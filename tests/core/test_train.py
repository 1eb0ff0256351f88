"""The training engine on tiny data: D0 at 128 px, 8 demo images, a handful of steps."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from core import events as ev
from core.config import ModelConfig
from core.train.callbacks import Hook, TrainingError
from core.train.config import TrainConfig
from core.train.loop import train
from core.train.optim import build_optimizer, get_lr, set_lr

SIZE = 128


def make_project(root: Path, num_images: int = 8) -> Path:
    """A demo project folder (7 train + 1 val images at 8) for the tests of this package;
    images up to 192 px, letterboxed to the 128 px model input."""
    from core.data.demo import make_demo

    return make_demo(root, num_images=num_images, image_size=192, seed=0).parent


def tiny_config(data: Path, **changes) -> TrainConfig:
    cfg = TrainConfig(
        data=str(data),
        model=ModelConfig(level="d0", image_size=SIZE),
        epochs=2,
        batch_size=2,
        workers=0,
        device="cpu",
        eval_every=0,
        amp=False,
    )
    return cfg.with_(**changes)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    torch.set_num_threads(1)  # 2 shared cores: more threads only spin
    return make_project(tmp_path_factory.mktemp("demo"))


def test_config_round_trips_and_rejects_unknown_keys():
    cfg = TrainConfig(
        data="x",
        model=ModelConfig(level="d1", num_classes=3),
        optimizer="adamw",
        scale_range=(0.8, 1.2),
    )
    assert TrainConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError, match="unknown training config keys"):
        TrainConfig.from_dict({**cfg.to_dict(), "learning_rate": 0.1})
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(data="x", optimizer="lion")


def test_lr_warms_up_linearly_then_decays_by_cosine_to_the_floor():
    cfg = TrainConfig(data="x", lr=0.1, epochs=10, warmup_epochs=1, min_lr_ratio=0.01)
    lrs = [get_lr(s, cfg, steps_per_epoch=10) for s in range(100)]
    assert lrs[:10] == pytest.approx([0.01 * (i + 1) for i in range(10)])
    assert all(a >= b for a, b in zip(lrs[10:], lrs[11:], strict=False))
    assert lrs[10] == pytest.approx(0.1)
    assert get_lr(100, cfg, 10) == pytest.approx(0.001)  # the floor, once all steps are done
    assert 0.001 < lrs[-1] < 0.0011
    mid = get_lr(55, cfg, 10)  # half way through the cosine part
    assert mid == pytest.approx(0.001 + 0.5 * 0.099, rel=1e-6)


def test_the_backbone_trains_at_its_fraction_of_the_learning_rate():
    from core.model import EfficientDet

    model = EfficientDet(ModelConfig(level="d0", image_size=SIZE, num_classes=2))
    in_backbone = {id(p) for p in model.backbone.parameters()}
    plain = build_optimizer(model, TrainConfig(data="x"))
    assert len(plain.param_groups) == 2  # the layout of runs saved before the scale existed
    opt = build_optimizer(model, TrainConfig(data="x", backbone_lr_scale=0.1, weight_decay=0.01))
    set_lr(opt, 0.003)
    seen = 0
    for group in opt.param_groups:
        inside = {id(p) in in_backbone for p in group["params"]}
        assert len(inside) == 1, "a group mixes backbone and other parameters"
        want = 0.003 * (0.1 if inside.pop() else 1.0)
        assert group["lr"] == pytest.approx(want)
        decays = {p.ndim > 1 for p in group["params"]}
        assert decays == {group["weight_decay"] > 0}
        seen += len(group["params"])
    assert seen == len(list(model.parameters()))
    with pytest.raises(ValueError, match="backbone_lr_scale"):
        TrainConfig(data="x", backbone_lr_scale=0.0)


def test_loss_falls_when_overfitting_a_fixed_batch(project):
    from core.boxes import make_anchors
    from core.data.coco import load_coco
    from core.data.dataset import DetectionDataset, collate
    from core.loss import detection_loss
    from core.model import EfficientDet

    torch.manual_seed(0)
    coco = load_coco(project / "annotations.json")
    ids = [img["id"] for img in coco["images"]][:2]
    ds = DetectionDataset(coco, project / "images", ids, SIZE, train=False)
    images, targets = collate([ds[0], ds[1]])
    mcfg = ModelConfig(level="d0", image_size=SIZE, num_classes=len(ds.classes))
    model = EfficientDet(mcfg).train()
    anchors = make_anchors(mcfg)
    cfg = TrainConfig(data="x", optimizer="adamw", lr=3e-3, weight_decay=0.0)
    opt = build_optimizer(model, cfg)
    losses = []
    for _ in range(20):
        cls_out, box_out = model(images)
        loss = detection_loss(cls_out, box_out, anchors, targets, mcfg.num_classes)["loss"]
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip_grad_norm)
        opt.step()
        losses.append(loss.item())
    assert all(math.isfinite(v) for v in losses)
    assert sum(losses[-3:]) / 3 < 0.75 * sum(losses[:3]) / 3, losses


def _events(run_dir: Path) -> list[ev.Event]:
    return ev.read_events(str(run_dir / "events.jsonl"))


def test_resume_continues_with_the_same_losses_and_lr(project, tmp_path):
    cfg = tiny_config(project)
    straight = train(cfg, tmp_path / "straight", emit=lambda e: None)

    stop = _StopAfter(3)  # = steps per epoch: 7 train images, batch 2, the remainder dropped
    split = tmp_path / "split"
    train(cfg, split, emit=lambda e: None, should_stop=stop, hooks=[stop])
    first = _events(split)
    assert isinstance(first[-1], ev.Finished) and first[-1].stopped and first[-1].epochs_done == 1
    ckpt = torch.load(split / "last.pt", weights_only=True)
    assert (ckpt["epoch"], ckpt["step"], ckpt["epoch_step"]) == (1, 3, 0)
    for key in (
        "model",
        "ema",
        "optimizer",
        "scheduler",
        "scaler",
        "classes",
        "model_config",
        "train_config",
        "metrics",
        "best_metric",
        "rng",
    ):
        assert key in ckpt, key

    train(cfg, split, emit=lambda e: None, resume=True)
    events = _events(split)
    started = [e for e in events if isinstance(e, ev.Started)]
    assert [s.resumed_from_epoch for s in started] == [0, 1]  # appended, not rewritten

    def epoch2(evts):
        return [e for e in evts if isinstance(e, ev.EpochEnd) and e.epoch == 1]

    a, b = epoch2(_events(straight)), epoch2(events)
    assert len(a) == len(b) == 1
    for k in ("loss", "class_loss", "box_loss"):
        assert b[0].losses[k] == pytest.approx(a[0].losses[k], rel=1e-4, abs=1e-6)
    last_lr = [e.lr for e in _events(straight) if isinstance(e, ev.Progress)][-1]
    assert [e.lr for e in events if isinstance(e, ev.Progress)][-1] == pytest.approx(last_lr)
    assert (split / "best.pt").is_file() and isinstance(events[-1], ev.Finished)
    assert any(isinstance(e, ev.Eval) for e in events)
    assert any(isinstance(e, ev.Fusion) and e.nodes for e in events)


def test_resume_mid_epoch_ends_with_the_same_weights_as_a_run_that_never_stopped(project, tmp_path):
    cfg = tiny_config(project)  # 2 epochs of 3 steps
    straight = train(cfg, tmp_path / "straight", emit=lambda e: None)
    stop = _StopAfter(4)  # one step into the second epoch
    split = tmp_path / "split"
    train(cfg, split, emit=lambda e: None, should_stop=stop, hooks=[stop])
    ckpt = torch.load(split / "last.pt", weights_only=True)
    assert (ckpt["epoch"], ckpt["epoch_step"], ckpt["step"]) == (1, 1, 4)
    train(cfg, split, emit=lambda e: None, resume=True)

    a = torch.load(straight / "last.pt", weights_only=True)
    b = torch.load(split / "last.pt", weights_only=True)
    assert b["step"] == a["step"] == 6
    for sa, sb in ((a["model"], b["model"]), (a["ema"]["module"], b["ema"]["module"])):
        assert sa.keys() == sb.keys()
        different = [k for k in sa if not torch.equal(sa[k], sb[k])]
        assert not different, different[:5]


def test_out_of_memory_is_its_own_error_kind_with_a_hint(project, tmp_path, monkeypatch):
    import core.train.loop

    def oom(*args, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(core.train.loop, "forward_loss", oom)
    got: list[ev.Event] = []
    with pytest.raises(TrainingError) as info:
        train(tiny_config(project), tmp_path / "run", emit=got.append)
    assert info.value.kind == "out_of_memory"
    assert isinstance(got[-1], ev.Error) and got[-1].kind == "out_of_memory"
    assert "2.00 GiB" in got[-1].message and "--batch-size" in got[-1].hint
    assert ev.decode(ev.encode(got[-1])) == got[-1]  # what the worker would print parses back


class _StopAfter(Hook):
    """A hook that asks the loop to stop once ``steps`` optimizer steps are done."""

    def __init__(self, steps: int) -> None:
        self.steps, self.done = steps, 0

    def after_step(self, state) -> None:
        self.done = state.step

    def __call__(self) -> bool:
        return self.done >= self.steps


def test_nonfinite_losses_are_skipped_then_stop_with_an_error(project, tmp_path, monkeypatch):
    import core.loss

    real = core.loss.detection_loss

    def nan_loss(*args, **kwargs):
        out = real(*args, **kwargs)
        return {k: v * float("nan") for k, v in out.items()}

    monkeypatch.setattr(core.loss, "detection_loss", nan_loss)
    got: list[ev.Event] = []
    with pytest.raises(TrainingError) as info:
        train(tiny_config(project, epochs=3), tmp_path / "run", emit=got.append)
    assert info.value.kind == "nonfinite_loss"
    warnings = [e for e in got if isinstance(e, ev.Warning) and e.kind == "nonfinite_loss"]
    assert [w.count for w in warnings] == [1, 2, 3, 4, 5]
    assert isinstance(got[-1], ev.Error) and got[-1].kind == "nonfinite_loss"
    assert "lr" in got[-1].hint and "batch" in got[-1].hint
    assert not any(isinstance(e, (ev.Progress, ev.Finished)) for e in got)


def test_empty_validation_split_is_a_dataset_error(project, tmp_path):
    coco = json.loads((project / "annotations.json").read_text())
    for img in coco["images"]:
        img["split"] = "train"
    data = tmp_path / "all_train.json"
    data.write_text(json.dumps(coco))
    got: list[ev.Event] = []
    cfg = tiny_config(project).with_(data=str(data))
    with pytest.raises(TrainingError):
        train(cfg, tmp_path / "run", emit=got.append)
    assert isinstance(got[-1], ev.Error) and got[-1].kind == "dataset"
    assert "validation" in got[-1].message
