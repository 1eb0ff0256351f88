"""Every child process the GUI starts is the bundle's own executable when frozen; the device
the run uses is shown; a GPU asked of a machine without one is refused before any worker starts;
Help > About shows the doctor's report."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from app import __main__ as entry
from app.services import images, worker_client
from app.services.worker_client import Device
from app.widgets.about import AboutDialog
from app.widgets.training_panel import TrainingPanel
from core import devices
from core import events as ev

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = "/opt/efficientdet-studio/efficientdet-studio"
# the only modules that turn "run X" into an argv; everything else asks them
COMMAND_BUILDERS = {"app/services/worker_client.py", "app/services/images.py"}


def test_frozen_commands_run_the_bundle_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", BUNDLE)
    commands = [
        worker_client.worker_command("train", "--config", "c.json"),
        worker_client.worker_command("serve", "x.pt"),
        worker_client.cli_command("demo-data", "/tmp/demo"),
        worker_client.cli_command("doctor", "--json"),
        images.helper_command("/tmp/cache"),
    ]
    for argv in commands:
        assert argv[0] == BUNDLE and "-m" not in argv, argv
    assert [c[1] for c in commands] == ["--worker", "--worker", "--cli", "--cli", "--image-helper"]


def test_no_other_app_module_starts_python_itself():
    offences = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_exe = isinstance(node, ast.Attribute) and node.attr == "executable"
            is_sys = is_exe and isinstance(node.value, ast.Name) and node.value.id == "sys"
            if is_sys and rel not in COMMAND_BUILDERS:
                offences.append(f"{rel}:{node.lineno}")
    assert not offences, f"use worker_client.cli_command / worker_command: {offences}"


def test_the_entry_point_dispatches_cli_and_version(tmp_path, capsys):
    target = tmp_path / "demo"
    assert entry.main(["--cli", "demo-data", str(target), "--images", "2", "--size", "96"]) == 0
    assert (target / "annotations.json").is_file()
    with pytest.raises(SystemExit) as exit_:
        entry.main(["--version"])
    assert exit_.value.code == 0 and "efficientdet-studio" in capsys.readouterr().out


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(worker_client, "_DEVICE", Device("cpu", "CPU", 0.0))


def test_a_gpu_asked_of_a_machine_without_one_is_refused_before_the_worker(qtbot, tmp_path, no_gpu):
    launched = []
    panel = TrainingPanel(command=lambda args: launched.append(args) or ["false"])
    qtbot.addWidget(panel)
    panel.project_dir = str(tmp_path)
    config = {"data": str(tmp_path), "device": "cuda", "epochs": 1}
    assert panel.start(config) is False
    assert launched == [] and not panel.process.is_running()
    assert devices.NO_GPU in panel.error_label.text()
    assert devices.CPU_HINT in panel.error_label.text()
    run = tmp_path / "runs" / "r1"  # a resume of a GPU run is refused the same way
    run.mkdir(parents=True)
    (run / "config.json").write_text(json.dumps(config))
    (run / "last.pt").write_bytes(b"")
    assert panel.resume(str(run)) is False and launched == []


def _started(device: str, requested: str) -> ev.Started:
    return ev.Started("/tmp/run", {"device": requested}, device, 8, 2)


def test_the_panel_shows_the_device_the_run_really_uses(qtbot, monkeypatch):
    monkeypatch.setattr(worker_client, "_DEVICE", Device("cuda", "NVIDIA T4 (15 GB)", 15.0))
    panel = TrainingPanel(command=lambda args: ["false"])
    qtbot.addWidget(panel)
    panel._on_event(_started("cuda", "auto"))
    assert panel.device_label.text() == "Device: cuda (asked: auto)"
    panel.state.add(ev.Warning(kind="device", message="training on cpu, not NVIDIA T4: why"))
    panel._on_event(_started("cpu", "auto"))
    text = panel.device_label.text()
    assert text.startswith("Device: cpu (asked: auto) - fell back from NVIDIA T4 (15 GB)")
    assert "training on cpu, not NVIDIA T4: why" in text
    panel.state = panel.state.__class__()
    panel._on_event(_started("cpu", "cpu"))  # chosen, not fallen back to
    assert panel.device_label.text() == "Device: cpu (asked: cpu)"


@pytest.mark.skipif(bool(devices.nvidia_gpus()), reason="checks a machine without a GPU")
def test_about_shows_the_doctors_report_without_torch_in_the_gui(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "Checking" in dialog.report.toPlainText()  # opened at once, filled in later
    qtbot.waitUntil(lambda: "Checking" not in dialog.report.toPlainText(), timeout=120000)
    assert dialog.result is not None, dialog.report.toPlainText()
    assert devices.NO_GPU in dialog.report.toPlainText()  # the GUI's import of torch: see
    # tests/test_boundaries.py, which imports every app module, this one included
