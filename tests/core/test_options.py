"""The option lists live once, in core.options: the form, the CLI and the checks all read them."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import options

ROOT = Path(__file__).resolve().parents[2]


def _combo_texts(combo) -> tuple[str, ...]:
    return tuple(combo.itemText(i) for i in range(combo.count()))


def _combo_data(combo) -> tuple[str, ...]:
    return tuple(combo.itemData(i) for i in range(combo.count()))


def test_the_lists_say_what_the_level_table_and_the_configs_accept():
    from core.config import FUSION_METHODS, LEVELS, ModelConfig
    from core.train.config import TrainConfig

    assert tuple(LEVELS) == options.LEVEL_NAMES and options.LEVEL_NAMES[0] == "d0"
    assert options.FUSION_METHODS is FUSION_METHODS
    for level in options.LEVEL_NAMES:
        assert ModelConfig(level=level).level == level
    for method in options.FUSION_METHODS:
        assert ModelConfig(fusion=method).fusion_method == method
    for optimizer in options.OPTIMIZERS:
        assert TrainConfig(data="x", optimizer=optimizer).optimizer == optimizer
    for device in options.DEVICES:
        assert TrainConfig(data="x", device=device).device == device
    with pytest.raises(ValueError):
        TrainConfig(data="x", device="tpu")
    assert all(s.startswith(".") and s == s.lower() for s in options.IMAGE_SUFFIXES)
    assert 0 < options.VAL_FRACTION < 1 and options.MAX_DETECTIONS > 0


def test_every_copy_is_an_import_of_the_one_place():
    from app import preflight
    from core import predict_cli, project
    from core.boxes import nms
    from core.data import demo, split
    from core.train import config as train_config

    assert project.IMAGE_SUFFIXES is options.IMAGE_SUFFIXES
    assert predict_cli.IMAGE_SUFFIXES is options.IMAGE_SUFFIXES
    assert preflight.MAX_DETECTIONS is options.MAX_DETECTIONS
    for fn in (nms.postprocess, nms.gaussian_soft_nms):
        assert inspect.signature(fn).parameters["max_detections"].default == options.MAX_DETECTIONS
    assert inspect.signature(split.assign_splits).parameters["val_fraction"].default == (
        options.VAL_FRACTION
    )
    assert demo.VAL_FRACTION is options.VAL_FRACTION
    assert train_config.OPTIMIZERS is options.OPTIMIZERS
    assert train_config.DEVICES is options.DEVICES


def test_the_training_form_offers_exactly_the_lists(qtbot):
    from app.services.worker_client import Device
    from app.widgets.training_form import INIT_VALUES, TrainingForm

    form = TrainingForm(device=Device("cpu", "CPU", 0.0))
    qtbot.addWidget(form)
    assert _combo_texts(form.fusion) == options.FUSION_METHODS
    assert _combo_data(form.device) == options.DEVICES  # shown as "Auto", "cpu", ...
    assert _combo_data(form.flips) == options.FLIPS
    assert _combo_data(form.optimizer) == options.OPTIMIZERS
    assert _combo_data(form.init) == options.STARTS == INIT_VALUES
    assert tuple(row["name"] for row in form.picker.levels) == options.LEVEL_NAMES
    form.init.setCurrentIndex(options.STARTS.index("imagenet"))
    assert form.config(None)["model"]["pretrained_backbone"] is True


def _choices(help_text: str, flag: str) -> tuple[str, ...]:
    m = re.search(rf"^\s+{flag} \{{([^}}]*)\}}", help_text, re.MULTILINE)
    assert m, f"{flag} has no choices in:\n{help_text}"
    return tuple(m.group(1).split(","))


def test_efficientdet_train_help_offers_exactly_the_lists():
    out = subprocess.run(
        [sys.executable, "-m", "core.cli", "train", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert _choices(out.stdout, "--level") == options.LEVEL_NAMES
    assert _choices(out.stdout, "--fusion") == options.FUSION_METHODS
    assert _choices(out.stdout, "--optimizer") == options.OPTIMIZERS
    assert _choices(out.stdout, "--device") == options.DEVICES


def test_options_and_topology_import_without_torch_or_qt():
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import core.options, core.topology\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names) - {'core'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"core.options / core.topology loaded: {out.stdout}"
