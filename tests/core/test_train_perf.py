"""CPU training tuning (core.train.perf): applied by the training loop, harmless to the maths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

import core.train.loop
import core.train.perf as perf
from core.boxes import make_anchors
from core.config import ModelConfig
from core.model import EfficientDet
from core.train.step import forward_loss
from tests.core.test_train import make_project, tiny_config


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    torch.set_num_threads(1)  # 2 shared cores: more threads only spin
    return make_project(tmp_path_factory.mktemp("demo"), num_images=4)


def _batch(size: int = 128):
    g = torch.Generator().manual_seed(0)
    images = torch.randn(2, 3, size, size, generator=g)
    targets = [
        {"boxes": torch.tensor([[10.0, 12.0, 60.0, 70.0]]), "labels": torch.tensor([1])},
        {
            "boxes": torch.tensor([[5.0, 5.0, 40.0, 30.0], [50.0, 60.0, 120.0, 110.0]]),
            "labels": torch.tensor([0, 2]),
        },
    ]
    return images, targets


def test_channels_last_gives_the_loss_and_gradients_of_the_contiguous_model():
    torch.set_num_threads(1)
    cfg = ModelConfig(level="d0", image_size=128, num_classes=3)
    torch.manual_seed(0)
    plain = EfficientDet(cfg).train()
    tuned = EfficientDet(cfg).train()
    tuned.load_state_dict(plain.state_dict())
    tuning = perf.tune_for_training(tuned, torch.device("cpu"), distributed=False)
    assert tuning.channels_last
    four_d = [p for p in tuned.parameters() if p.ndim == 4]
    assert four_d and all(p.is_contiguous(memory_format=torch.channels_last) for p in four_d)
    assert any(not p.is_contiguous() for p in four_d)  # really another layout, not a no-op

    anchors = make_anchors(cfg, torch.device("cpu"))
    images, targets = _batch()
    results = []
    for model, x in ((plain, images), (tuned, perf.prepare_images(images, tuning))):
        losses = forward_loss(model, x, targets, anchors, cfg.num_classes)
        losses["loss"].backward()
        results.append((losses, {n: p.grad for n, p in model.named_parameters()}))
    (la, ga), (lb, gb) = results
    for k in la:
        torch.testing.assert_close(lb[k], la[k], rtol=1e-4, atol=1e-5)
    assert ga.keys() == gb.keys()
    for n in ga:
        torch.testing.assert_close(gb[n], ga[n], rtol=1e-3, atol=1e-5, msg=n)


def test_nothing_is_tuned_on_cuda_and_no_channels_last_under_ddp():
    model = torch.nn.Conv2d(3, 4, 3)
    assert perf.tune_for_training(model, torch.device("cuda"), False) == perf.Tuning()
    assert model.weight.is_contiguous()
    assert not perf.tune_for_training(model, torch.device("cpu"), True).channels_last
    assert model.weight.is_contiguous()


_STEPS = """
import resource, sys
import torch
from torch import nn
import core.train.perf as perf

torch.set_num_threads(1)
if sys.argv[1] == "tuned":
    assert perf.keep_freed_memory()
torch.manual_seed(0)
net = nn.Sequential(  # activations of 32 MiB: above glibc's largest dynamic mmap threshold
    nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.SiLU(),
    nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.BatchNorm2d(32), nn.SiLU(),
)
x = torch.randn(4, 3, 256, 256)
def step():
    net(x).square().mean().backward()
step(), step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(3):
    step()
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 3)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc tuning")
def test_malloc_tuning_keeps_the_memory_a_step_freed_for_the_next():
    """Page faults per training step, each way in a fresh process (the setting is process-wide):
    untuned, every large activation is a fresh mmap that faults all its pages in again."""
    root = Path(__file__).resolve().parents[2]

    def faults(mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", _STEPS, mode],
            capture_output=True, text=True, check=True, cwd=root, timeout=600,
        )  # fmt: skip
        return int(out.stdout.split()[-1])

    untuned, tuned = faults("untuned"), faults("tuned")
    assert untuned > 50_000  # each 32 MiB activation or gradient is 8,192 pages
    assert tuned * 4 < untuned, (tuned, untuned)


def test_the_training_loop_trains_tuned(project, tmp_path, monkeypatch):
    """The worker's path (core.worker -> core.train.loop.train): malloc tuned, and the step sees
    channels_last weights and input."""
    calls: list[str] = []
    real_keep = perf.keep_freed_memory
    monkeypatch.setattr(perf, "keep_freed_memory", lambda: calls.append("mallopt") or real_keep())
    seen: list[tuple[bool, bool]] = []
    real_forward = core.train.loop.forward_loss

    def spy(net, images, *args, **kwargs):
        weights = [p for p in net.parameters() if p.ndim == 4]
        seen.append(
            (
                images.is_contiguous(memory_format=torch.channels_last),
                all(p.is_contiguous(memory_format=torch.channels_last) for p in weights),
            )
        )
        return real_forward(net, images, *args, **kwargs)

    monkeypatch.setattr(core.train.loop, "forward_loss", spy)
    core.train.loop.train(tiny_config(project, epochs=1), tmp_path / "run", emit=lambda e: None)
    assert calls == ["mallopt"]
    assert seen and all(img and w for img, w in seen), seen
