"""`efficientdet train --start`: the recipe of each start fills what is not given, the weights come
from the store or the bundled package, and missing weights are refused before training with
the command that gets them."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from core.bundled_weights import BUNDLED
from core.data.demo import make_demo
from core.recipes import RECIPES, recipe
from core.train.cli import add_arguments, config_from_args
from tests.weights_server import isolate_caches


def parse(*argv: str):
    p = argparse.ArgumentParser()
    add_arguments(p)
    return config_from_args(p.parse_args(list(argv)))[0]


@pytest.fixture
def project(tmp_path, monkeypatch):
    isolate_caches(tmp_path, monkeypatch)
    make_demo(tmp_path / "demo", num_images=12, image_size=128, seed=1)
    return tmp_path / "demo"


def test_recipes_differ_by_start_and_scale_with_data():
    scratch, pre = recipe("none", 150, "d0"), recipe("imagenet", 150, "d0")
    assert scratch["optimizer"] == RECIPES["none"][0]
    assert pre["freeze_backbone_epochs"] == RECIPES["imagenet"][2] > 0
    assert recipe("imagenet", 5000, "d0")["freeze_backbone_epochs"] == 0
    assert recipe("none", 150, "d0")["epochs"] > recipe("none", 5000, "d0")["epochs"]
    assert recipe("none", 10, "d6")["batch_size"] < recipe("none", 10, "lite2")["batch_size"]
    with pytest.raises(ValueError, match="start must be one of"):
        recipe("imagenet1k", 10, "d0")


def test_a_new_run_takes_the_recipe_of_its_start(project):
    cfg = parse(str(project), "--level", "lite0", "--start", "imagenet")
    n = 12 - len([None])  # fewer than 12: some images are validation
    want = recipe("imagenet", n, "lite0")
    assert cfg.optimizer == want["optimizer"] and cfg.lr == pytest.approx(want["lr"])
    assert cfg.freeze_backbone_epochs == want["freeze_backbone_epochs"]
    assert cfg.backbone_lr_scale == want["backbone_lr_scale"] < 1
    assert parse(str(project), "--start", "none").backbone_lr_scale == 1.0
    given = parse(
        str(project), "--level", "lite0", "--start", "imagenet", "--backbone-lr-scale", "0.5"
    )
    assert given.backbone_lr_scale == 0.5
    assert cfg.model.pretrained_backbone and cfg.model.backbone_weights == BUNDLED
    # a flag given wins over the recipe
    assert parse(str(project), "--start", "none", "--lr", "0.0421").lr == pytest.approx(0.0421)
    assert parse(str(project)).optimizer == recipe("none", n, "d0")["optimizer"]


def test_augmentation_and_anchor_flags_reach_the_config(project):
    cfg = parse(str(project), "--flips", "all", "--color-jitter", "0.5", "--anchor-scale", "3")
    assert (cfg.flips, cfg.color_jitter, cfg.model.base_anchor_scale) == ("all", 0.5, 3.0)
    plain = parse(str(project))
    assert (plain.flips, plain.color_jitter, plain.model.base_anchor_scale) == (
        "horizontal",
        1.0,
        4.0,
    )
    with pytest.raises(ValueError, match="color_jitter"):
        parse(str(project), "--color-jitter", "5")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("--level", "d0", "--start", "imagenet"), "efficientdet weights get imagenet:"),
        (("--level", "d0", "--start", "coco"), "efficientdet weights get coco:d0"),
        (("--level", "lite1", "--start", "coco"), "efficientdet weights get coco:lite1"),
    ],
)
def test_missing_weights_are_refused_with_what_to_run(project, argv, needle):
    with pytest.raises(ValueError, match=needle.replace(".", r"\.")):
        parse(str(project), *argv)


def test_a_coco_start_uses_the_store_file(project, monkeypatch, tmp_path):
    from core import store

    fake = tmp_path / "tf_efficientdet_d0_34-f153e0cf.pth"
    fake.write_bytes(b"x")
    real = store.availability
    monkeypatch.setattr(
        store,
        "availability",
        lambda level, backbone=None: real(level, backbone).__class__(fake, None, None),
    )
    cfg = parse(str(project), "--level", "d0", "--start", "coco")
    assert cfg.init_from == str(fake)
    assert cfg.optimizer == recipe("coco", 10, "d0")["optimizer"]


@pytest.mark.slow
def test_cli_trains_lite0_from_the_bundled_backbone_offline(project, tmp_path):
    run = tmp_path / "run"
    cmd = [sys.executable, "-m", "core.cli", "train", str(project), "--level", "lite0",
           "--start", "imagenet", "--epochs", "1", "--image-size", "128", "--batch-size", "2",
           "--workers", "0", "--device", "cpu", "--json", "--run-dir", str(run)]  # fmt: skip
    env = {**__import__("os").environ, "EFFDET_OFFLINE": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    saved = json.loads((run / "config.json").read_text())
    assert saved["model"]["backbone_weights"] == BUNDLED
    assert (
        saved["freeze_backbone_epochs"] == recipe("imagenet", 10, "lite0")["freeze_backbone_epochs"]
    )
