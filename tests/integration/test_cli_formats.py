"""`efficientdet train` reads every layout the studio imports: a YOLO data.yaml folder, a Pascal
VOC folder and a COCO train + val pair train one epoch each, with their own splits."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core import events as ev
from tests.integration.test_project_parity import coco_pair, voc, yolo_yaml

# layout -> (its path under tmp, train images, val images): the broken image is left out
LAYOUTS = {
    "yolo": (lambda tmp: yolo_yaml(tmp).parent, 4, 1),  # the folder holding data.yaml
    "voc": (voc, 4, 1),
    "coco_pair": (coco_pair, 3, 2),
}


@pytest.mark.slow
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_train_from_the_command_line_on_a_dataset_folder(tmp_path, layout):
    make, n_train, n_val = LAYOUTS[layout]
    path = make(tmp_path / "data")
    run_dir = tmp_path / "run"
    cmd = [sys.executable, "-m", "core.cli", "train", str(path), "--epochs", "1",
           "--image-size", "128", "--batch-size", "2", "--workers", "0", "--device", "cpu",
           "--json", "--run-dir", str(run_dir)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    events = [ev.decode(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    started = next(e for e in events if isinstance(e, ev.Started))
    assert (started.train_images, started.val_images) == (n_train, n_val)
    assert any(isinstance(e, ev.Eval) for e in events)
    assert (run_dir / "last.pt").is_file()
