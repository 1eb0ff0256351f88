"""ONNX and TorchScript export of a tiny D0 (128 px), checked against eager PyTorch."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core import export as ex
from core.cli import main as cli_main
from core.predict import load_model
from tests.core.test_predict import CLASSES, SIZE, make_checkpoint


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    return make_checkpoint(tmp_path_factory.mktemp("ckpt") / "best.pt")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning")  # torch.jit is deprecated, still works
def test_export_cli_writes_both_formats_that_match_eager(checkpoint, tmp_path, capsys):
    out = tmp_path / "exported"
    assert cli_main(["export", str(checkpoint), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "onnx" in printed and "torchscript" in printed and "from eager" in printed
    meta = json.loads((out / f"efficientdet_d0_{SIZE}.json").read_text(encoding="utf-8"))
    assert meta["classes"] == CLASSES
    assert meta["outputs"] == ex.output_names(3, 7)
    for fmt in ex.FORMATS:
        assert 0 <= meta["formats"][fmt]["max_abs_diff"] <= ex.TOLERANCE

    # Check the files independently of export's own verification, on a new input and batch 1.
    import onnxruntime as ort

    model, _, _ = load_model(checkpoint)
    x = torch.randn(1, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        class_out, box_out = model(x)
        expected = [t.numpy() for t in (*class_out, *box_out)]
        traced = torch.jit.load(meta["formats"]["torchscript"]["path"])
        scripted = [t.numpy() for t in traced(x)]
    session = ort.InferenceSession(meta["formats"]["onnx"]["path"],
                                   providers=["CPUExecutionProvider"])  # fmt: skip
    onnx_out = session.run(meta["outputs"], {"image": x.numpy()})
    # Outputs must depend on the input, or the comparison would prove nothing.
    assert max(float(e.std()) for e in expected) > 0.1
    for got in (onnx_out, scripted):
        assert [g.shape for g in got] == [e.shape for e in expected]
        assert max(float(np.abs(g - e).max()) for g, e in zip(got, expected, strict=True)) <= 1e-3


def test_export_raises_when_a_format_differs_from_eager(checkpoint, tmp_path, monkeypatch):
    def off_by_a_little(job):
        with torch.no_grad():
            return job.out / "fake.pt", [t.numpy() + 0.01 for t in job.wrapper(job.batch)]

    monkeypatch.setattr(ex, "_export_torchscript", off_by_a_little)
    with pytest.raises(ex.ExportError, match=r"torchscript: outputs differ .* up to 0\.01"):
        ex.export(checkpoint, tmp_path, formats=("torchscript",))


def test_export_rejects_unknown_formats_and_missing_checkpoints(checkpoint, tmp_path, capsys):
    with pytest.raises(ValueError, match="formats must be"):
        ex.export(checkpoint, tmp_path, formats=("tflite",))
    assert cli_main(["export", str(tmp_path / "gone.pt"), "--out", str(tmp_path)]) == 2
    assert "checkpoint not found" in capsys.readouterr().err
