"""The device doctor, the versions a run records, and the plain words for a missing CUDA."""

from __future__ import annotations

import json

import pytest
import torch

from core import devices, doctor
from core.cli import main as cli_main
from core.train import distributed as ddp
from core.train.callbacks import TrainingError
from core.train.config import TrainConfig
from core.versions import versions

no_cuda = pytest.mark.skipif(torch.cuda.is_available(), reason="checks a machine without CUDA")


@pytest.fixture
def no_driver(monkeypatch):
    monkeypatch.setattr(devices.shutil, "which", lambda name: None)  # no nvidia-smi


@no_cuda
def test_doctor_names_the_missing_cuda_plainly(no_driver, capsys):
    assert cli_main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert devices.NO_GPU in text
    assert "torch built with CUDA: " in text and f"torch {torch.__version__}" in text
    assert "cuDNN convolution: not checked (no CUDA)" in text
    assert "Training with device auto uses: cpu" in text
    assert cli_main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cuda"]["available"] is False
    assert report["cuda"]["problem"].startswith(devices.NO_GPU)
    assert report["cuda"]["built_with"] == torch.version.cuda
    assert report["auto_device"] in ("cpu", "mps")


def test_cuda_problem_tells_a_cpu_only_torch_from_a_missing_gpu():
    assert devices.cuda_problem("12.4", gpu_seen=False) == devices.NO_GPU
    assert "CPU-only" in devices.cuda_problem(None, gpu_seen=False)
    assert "built without CUDA" in devices.cuda_problem(None, gpu_seen=True)
    assert "driver may be older" in devices.cuda_problem("12.4", gpu_seen=True)
    assert devices.refusal("cuda", 0) == devices.NO_GPU
    assert devices.refusal("cuda", 2) is None and devices.refusal("cpu", 0) is None


def test_a_probe_reports_failure_instead_of_raising():
    def broken() -> str:
        raise RuntimeError("CUDA error: no kernel image is available\nmore")

    probe = doctor._probe(broken)
    assert probe["ok"] is False and "no kernel image" in probe["detail"]
    assert probe["seconds"] < doctor.PROBE_BUDGET_S
    assert doctor._probe(doctor._matmul("cpu", "bfloat16"))["ok"]  # the probe itself works


def test_format_report_lists_gpus_and_probes():
    gpu = {"index": 0, "name": "NVIDIA H200", "memory_gb": 139.8, "capability": "9.0"}
    ok = {"ok": True, "detail": "matmul error 0.01", "seconds": 0.02}
    report = {
        "versions": {**versions(), "cuda": "12.8", "cudnn": "91002"},
        "cuda": {"built_with": "12.8", "available": True, "problem": None, "gpus": [gpu]},
        "probes": {"cudnn": ok, "bf16": ok, "fp16": {**ok, "ok": False}},
        "mps": {"built": False, "available": False, "probe": None},
        "cpu_threads": 16,
        "auto_device": "cuda",
    }
    text = doctor.format_report(report)
    assert "GPU 0: NVIDIA H200, 139.8 GB, compute 9.0" in text
    assert "bf16 autocast: works" in text and "fp16 autocast: FAILS" in text


def test_version_flag_prints_app_torch_timm_and_cuda(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli_main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("efficientdet-studio ")
    for name in ("torch", "timm", "cuda"):
        assert f"  {name}" in out


@no_cuda
def test_asking_for_cuda_without_it_is_refused_in_the_same_words(no_driver):
    with pytest.raises(TrainingError) as err:
        ddp.pick_device("cuda")
    assert err.value.message.startswith(devices.NO_GPU) and err.value.hint == devices.CPU_HINT


@no_cuda
def test_auto_falling_back_from_a_gpu_the_driver_lists_says_why(monkeypatch):
    monkeypatch.setattr(devices, "nvidia_gpus", lambda: [devices.GpuInfo("NVIDIA T4", 15.0)])
    note = ddp.fallback_note("auto", torch.device("cpu"))
    assert note.startswith("training on cpu, not NVIDIA T4") and "CUDA is not available" in note
    assert ddp.fallback_note("cpu", torch.device("cpu")) is None
    monkeypatch.setattr(devices, "nvidia_gpus", lambda: [])
    assert ddp.fallback_note("auto", torch.device("cpu")) is None


def test_every_run_records_its_versions_and_still_resumes(tmp_path):
    from core.train.loop import train
    from tests.core.test_train import make_project, tiny_config

    torch.set_num_threads(1)
    project = make_project(tmp_path / "demo", num_images=4)
    run_dir = train(tiny_config(project, epochs=1), tmp_path / "run")
    saved = json.loads((run_dir / "config.json").read_text())
    assert set(saved["versions"]) >= {"app", "torch", "timm", "cuda"}
    assert saved["versions"]["torch"] == torch.__version__
    assert TrainConfig.load(run_dir).epochs == 1  # the record is not a setting
