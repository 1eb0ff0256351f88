"""Predictor, the `predict` CLI and the `serve` inference worker, on a tiny random D0 (128 px)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from pycocotools.coco import COCO
from torch import nn

from core import events as ev
from core import predict as pr
from core import serving
from core.cli import main as cli_main
from core.config import ModelConfig
from core.model import EfficientDet

ROOT = Path(__file__).resolve().parents[2]
CLASSES = ["cat", "dog"]
SIZE = 128


def make_checkpoint(path: Path, classes: list[str] = CLASSES, size: int = SIZE) -> Path:
    """A training-style checkpoint of a random D0 whose outputs depend on the input.

    A freshly initialised model gives almost constant outputs (vanishing activations, heads at
    std 0.01), which would make every comparison vacuous; so the heads get default conv init,
    every BatchNorm's running statistics are set from one random batch, and the output convs
    are scaled down to give logits and box codes of order 1.
    """
    torch.manual_seed(0)
    cfg = ModelConfig(level="d0", num_classes=len(classes), image_size=size)
    model = EfficientDet(cfg)
    for m in [*model.class_head.modules(), *model.box_head.modules()]:
        if isinstance(m, nn.Conv2d):
            m.reset_parameters()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average: one batch sets the statistics exactly
    model.train()
    with torch.no_grad():
        model(torch.randn(2, 3, size, size))
        for head in (model.class_head, model.box_head):  # logits and codes of order 1
            for p in head.out.parameters():
                p.mul_(0.1)
    state = {
        "model": model.state_dict(), "ema": None, "classes": list(classes),
        "model_config": cfg.to_dict(), "train_config": {}, "epoch": 1, "metrics": {},
    }  # fmt: skip
    torch.save(state, path)
    return path


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    return make_checkpoint(tmp_path_factory.mktemp("ckpt") / "best.pt")


@pytest.fixture(scope="module")
def predictor(checkpoint) -> pr.Predictor:
    return pr.Predictor.from_checkpoint(checkpoint, device="cpu")


def write_image(path: Path, width: int, height: int, seed: int = 0) -> Path:
    img = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    ok, data = cv2.imencode(path.suffix, img)
    assert ok
    path.write_bytes(data.tobytes())
    return path


def test_evaluation_measures_the_boxes_the_predictor_returns(predictor, tmp_path):
    """A non-square image whose letterbox rounds its height (300x200 -> 128x85, so the
    per-axis factors are 128/300 and 85/200): validation and the Predictor agree exactly."""
    from core.data.dataset import DetectionDataset
    from core.train.evaluation import coco_results

    path = write_image(tmp_path / "wide.png", 300, 200, seed=3)
    coco = {
        "images": [{"id": 4, "file_name": "wide.png", "width": 300, "height": 200}],
        "categories": [{"id": 10, "name": "cat"}, {"id": 20, "name": "dog"}],
        "annotations": [{"id": 1, "image_id": 4, "category_id": 10, "bbox": [20, 30, 100, 150]}],
    }
    val_ds = DetectionDataset(coco, tmp_path, [4], SIZE, train=False)
    results = coco_results(predictor.model, val_ds, coco, CLASSES, predictor.anchors, batch_size=1)
    seen = predictor([path], score_threshold=0.001)[0]
    assert len(seen) > 10 and any(d["box"][1] + d["box"][3] > 100 for d in seen)
    assert [(r["bbox"], r["score"], r["category_id"]) for r in results] == [
        (d["box"], d["score"], {"cat": 10, "dog": 20}[d["category"]]) for d in seen
    ]


class ShapeOnly(nn.Module):
    """Stands in for EfficientDet where post-processing is replaced: records its input."""

    def forward(self, x):
        self.seen = tuple(x.shape)
        return [x[:, :1]], [x[:, :1]]


def test_predictor_maps_input_boxes_back_to_each_original_image(monkeypatch):
    def fake_postprocess(class_outputs, box_outputs, anchors, num_classes, **kw):
        assert kw["score_threshold"] == 0.2
        # wide 200x100 -> scale 0.64 (128x64 top-left); tall 50x100 -> 1.28 (64x128)
        boxes = [[[64.0, 32.0, 128.0, 64.0]], [[32.0, 64.0, 64.0, 128.0]]]
        return [
            {"boxes": torch.tensor(b), "scores": torch.tensor([0.9]), "labels": torch.tensor([1])}
            for b in boxes
        ]

    monkeypatch.setattr(pr, "postprocess", fake_postprocess)
    cfg = ModelConfig(level="d0", num_classes=2, image_size=SIZE)
    model = ShapeOnly()
    predictor = pr.Predictor(model, cfg, CLASSES, device="cpu")
    wide = np.zeros((100, 200, 3), np.uint8)
    tall = np.zeros((100, 50, 3), np.uint8)
    out = predictor([wide, tall], score_threshold=0.2)
    assert model.seen == (2, 3, SIZE, SIZE)  # one letterboxed batch
    assert out[0] == [{"box": pytest.approx([100, 50, 100, 50]), "score": pytest.approx(0.9),
                       "label": 1, "category": "dog"}]  # fmt: skip
    assert out[1][0]["box"] == pytest.approx([25, 50, 25, 50])


def test_predictor_on_a_real_model_gives_sorted_boxes_inside_the_image(predictor, tmp_path):
    path = write_image(tmp_path / "a.png", 150, 90)
    from_path, from_array = predictor([path, cv2.imread(str(path))[:, :, ::-1].copy()], 0.0)
    assert same_detections(from_path, from_array)
    assert 0 < len(from_path) <= 100
    scores = [d["score"] for d in from_path]
    assert scores == sorted(scores, reverse=True)
    for d in from_path:
        x, y, w, h = d["box"]
        assert 0 <= x <= x + w <= 150 and 0 <= y <= y + h <= 90
        assert d["category"] == CLASSES[d["label"]]
    # NMS suppresses only by higher scores: a higher threshold keeps exactly the top part
    distinct = sorted(set(scores), reverse=True)
    threshold = (distinct[len(distinct) // 2] + distinct[len(distinct) // 2 + 1]) / 2
    high = predictor([path], score_threshold=threshold)[0]
    assert 0 < len(high) < len(from_path)
    assert same_detections(high, [d for d in from_path if d["score"] > threshold])


def same_detections(a: list[dict], b: list[dict]) -> bool:
    """Equal up to float noise (batch size changes the conv kernels' summation order)."""
    return len(a) == len(b) and all(
        (x["label"], x["category"]) == (y["label"], y["category"])
        and x["score"] == pytest.approx(y["score"], abs=1e-4)
        and x["box"] == pytest.approx(y["box"], abs=0.05)
        for x, y in zip(a, b, strict=True)
    )


def test_one_batched_forward_gives_what_one_image_at_a_time_gives(predictor):
    """The head outputs of a batch of letterboxed images equal those of each image alone to
    1e-4 of the head's largest output (oneDNN sums in another order for another batch size, and
    a random model's outputs reach the hundreds); so do the
    detections: the same classes, scores to 1e-4, boxes to 1e-3 of the image's side."""
    from core.data import transforms

    rng = np.random.default_rng(7)
    shapes = [(90, 140), (128, 128), (200, 60), (33, 47), (128, 300)]
    images = [rng.integers(0, 256, (*s, 3), dtype=np.uint8) for s in shapes]
    empty = np.zeros((0, 4), np.float32), np.zeros(0, np.int64)
    boxed = [transforms.letterbox(im, *empty, predictor.cfg.size).image for im in images]
    x = predictor._normalize(torch.from_numpy(np.stack(boxed)))
    with torch.inference_mode():
        together = predictor.model(x)
        alone = [predictor.model(x[k : k + 1]) for k in range(len(images))]
    for head in (0, 1):
        scale = max(1.0, *(out.abs().max().item() for out in together[head]))
        for level, out in enumerate(together[head]):
            one = torch.cat([a[head][level] for a in alone])
            assert (one - out).abs().max() <= 1e-4 * scale
    one_by_one = [predictor.predict_batch([im], 0.05)[0] for im in images]
    batched = predictor.predict_batch(images, 0.05)
    assert len(batched) == len(images) and sum(map(len, one_by_one)) > 10
    for im, one, many in zip(images, one_by_one, batched, strict=True):
        assert [d["label"] for d in one] == [d["label"] for d in many]
        for a, b in zip(one, many, strict=True):
            assert a["score"] == pytest.approx(b["score"], abs=1e-4)
            assert a["box"] == pytest.approx(b["box"], abs=1e-3 * max(im.shape))
    assert pr.default_batch_size(torch.device("cpu")) == 4 == predictor.batch_size
    assert pr.default_batch_size(torch.device("cuda")) == 8


def test_predictor_rejects_bad_inputs_clearly(predictor, checkpoint, tmp_path):
    with pytest.raises(ValueError, match=r"image 0: expected an \(H, W, 3\) uint8"):
        predictor([np.zeros((10, 10), np.uint8)])
    with pytest.raises(FileNotFoundError, match="nowhere.pt"):
        pr.Predictor.from_checkpoint(tmp_path / "nowhere.pt")
    state = torch.load(checkpoint, weights_only=True)
    state["classes"] = ["only one"]
    torch.save(state, tmp_path / "odd.pt")
    with pytest.raises(pr.CheckpointError, match="1 class names but the model has 2"):
        pr.Predictor.from_checkpoint(tmp_path / "odd.pt")


def test_load_model_prefers_the_ema_weights_and_takes_other_sizes(checkpoint, tmp_path):
    state = torch.load(checkpoint, weights_only=True)
    ema = {k: v.clone() for k, v in state["model"].items()}
    key = next(k for k, v in ema.items() if v.is_floating_point())
    ema[key].fill_(0.125)
    state["ema"] = {"module": ema, "updates": 10, "decay": 0.9998}  # as ModelEma saves it
    torch.save(state, tmp_path / "ema.pt")
    with_ema, _, _ = pr.load_model(tmp_path / "ema.pt")
    raw, cfg, _ = pr.load_model(tmp_path / "ema.pt", use_ema=False, image_size=256)
    assert torch.all(with_ema.state_dict()[key] == 0.125)
    assert torch.equal(raw.state_dict()[key], state["model"][key])
    assert cfg.size == 256 and not with_ema.training
    with pytest.raises(ValueError, match="multiple of 32"):
        pr.load_model(checkpoint, image_size=100)


def test_predict_cli_writes_coco_results_drawings_and_reports_skips(
    checkpoint, predictor, tmp_path, capsys
):
    a = write_image(tmp_path / "a.png", 120, 80, seed=1)
    b = write_image(tmp_path / "b ü.jpg", 60, 130, seed=2)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not an image")
    out, draw = tmp_path / "res" / "results.json", tmp_path / "drawn ü"
    argv = ["predict", str(checkpoint), str(a), str(bad), str(b), "--out", str(out),
            "--draw", str(draw), "--score", "0.3", "--device", "cpu"]  # fmt: skip
    assert cli_main(argv) == 1  # one image skipped
    assert "broken.jpg" in capsys.readouterr().err
    results = json.loads(out.read_text(encoding="utf-8"))
    mapping = json.loads((out.parent / "results.images.json").read_text(encoding="utf-8"))
    assert [im["file_name"] for im in mapping["images"]] == [str(a), str(b)]
    assert [c["name"] for c in mapping["categories"]] == CLASSES
    expected = predictor([a, b], 0.3)  # the same batch the CLI ran
    ids = {im["file_name"]: im["id"] for im in mapping["images"]}
    for path, dets in zip((a, b), expected, strict=True):
        mine = [r for r in results if r["image_id"] == ids[str(path)]]
        assert [(r["bbox"], r["score"], r["category_id"]) for r in mine] == [
            (d["box"], d["score"], d["label"] + 1) for d in dets
        ]
    assert results and all(r["score"] >= 0.3 for r in results)
    gt = COCO()
    gt.dataset = {**mapping, "annotations": []}
    gt.createIndex()
    dt = gt.loadRes(results)  # validates image ids and the bbox fields
    assert len(dt.getAnnIds()) == len(results)
    for name, shape in (("a.png", (80, 120, 3)), ("b ü.jpg", (130, 60, 3))):
        drawn = cv2.imdecode(np.frombuffer((draw / name).read_bytes(), np.uint8), cv2.IMREAD_COLOR)
        assert drawn.shape == shape
    original = cv2.imread(str(a))
    assert np.abs(cv2.imread(str(draw / "a.png")).astype(int) - original).max() > 0  # boxes drawn


def test_predict_cli_takes_ids_from_a_coco_file(checkpoint, predictor, tmp_path, capsys):
    (tmp_path / "imgs").mkdir()
    a = write_image(tmp_path / "imgs" / "a.png", 100, 100)
    stranger = write_image(tmp_path / "imgs" / "b.png", 10, 10)
    coco = tmp_path / "gt.json"
    coco.write_text(json.dumps({
        "images": [{"id": 42, "file_name": "imgs/a.png", "width": 100, "height": 100}],
        "categories": [{"id": 7, "name": "dog"}, {"id": 3, "name": "cat"}], "annotations": [],
    }), encoding="utf-8")  # fmt: skip
    out = tmp_path / "r.json"
    argv = ["predict", str(checkpoint), str(a), str(stranger), "--coco", str(coco),
            "--out", str(out), "--score", "0.2", "--device", "cpu"]  # fmt: skip
    assert cli_main(argv) == 1
    assert "b.png: no image with this file name" in capsys.readouterr().err
    results = json.loads(out.read_text(encoding="utf-8"))
    expected = predictor([a], 0.2)[0]
    assert results and {r["image_id"] for r in results} == {42}
    assert [r["category_id"] for r in results] == [{"cat": 3, "dog": 7}[d["category"]]
                                                   for d in expected]  # fmt: skip
    assert not (tmp_path / "r.images.json").exists()


def test_predict_cli_batches_shows_progress_and_stops_cleanly_on_ctrl_c(
    checkpoint, tmp_path, capsys, monkeypatch
):
    import signal

    paths = [write_image(tmp_path / f"{k}.png", 40 + k, 30, seed=k) for k in range(7)]
    forward = pr.Predictor.predict_batch
    sizes = []

    def interrupted(self, images, score=pr.DEFAULT_SCORE):
        sizes.append(len(images))
        if len(sizes) == 2:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C during the second batch
        return forward(self, images, score)

    monkeypatch.setattr(pr.Predictor, "predict_batch", interrupted)
    before = signal.getsignal(signal.SIGINT)  # default_int_handler, or SIG_IGN under `cmd &`
    out = tmp_path / "r.json"
    argv = ["predict", str(checkpoint), str(tmp_path), "--out", str(out), "--score", "0.2",
            "--device", "cpu", "--batch-size", "2", "--workers", "3"]  # fmt: skip
    assert cli_main(argv) == 130
    err = capsys.readouterr().err
    assert sizes == [2, 2] and "interrupted: 4 of 7 images done" in err
    assert "4/7 · " in err and " img/s · ETA " in err
    mapping = json.loads((tmp_path / "r.images.json").read_text(encoding="utf-8"))
    assert [im["file_name"] for im in mapping["images"]] == [str(p) for p in paths[:4]]
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)
    assert signal.getsignal(signal.SIGINT) is before  # the CLI put back what it found
    monkeypatch.setattr(pr.Predictor, "predict_batch", forward)
    assert cli_main(argv) == 0
    assert "7/7 · " in capsys.readouterr().err


def test_predict_cli_says_when_the_checkpoint_is_missing(tmp_path, capsys):
    img = write_image(tmp_path / "a.png", 10, 10)
    assert cli_main(["predict", str(tmp_path / "missing.pt"), str(img)]) == 2
    assert "checkpoint not found" in capsys.readouterr().err


def test_serve_in_process_survives_bad_lines_and_failed_inference(checkpoint, monkeypatch):
    def out_of_memory(self, images, score_threshold=0.05):
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(pr.Predictor, "__call__", out_of_memory)
    img = str(ROOT / "missing-on-purpose.png")
    lines = [
        "",
        '{"v": 1, "cmd": "predict", "id": "x", "paths": "a.png"}',
        ev.encode_command("predict", id="y", paths=[img, img]),
    ]  # then end of input, without "quit"
    stdout = io.StringIO()
    assert serving.serve(checkpoint, io.StringIO("\n".join(lines) + "\n"), stdout, "cpu") == 0
    events = [ev.decode(s) for s in stdout.getvalue().splitlines()]
    progress = [e for e in events if isinstance(e, ev.PredictProgress)]
    events = [e for e in events if not isinstance(e, ev.PredictProgress)]
    assert [type(e) for e in events] == [ev.Ready, ev.Error, ev.Predictions, ev.Predictions]
    assert (progress[-1].request, progress[-1].done, progress[-1].total) == ("y", 2, 2)
    assert "'paths' must be a list of strings" in events[1].message
    assert all("not found" in e.error for e in events[2:])  # unreadable: never reaches the model
    monkeypatch.setattr(serving, "read_image", lambda path: np.zeros((8, 8, 3), np.uint8))
    stdout = io.StringIO()
    assert serving.serve(checkpoint, io.StringIO(lines[2] + "\nquit\n"), stdout, "cpu") == 0
    answers = [ev.decode(s) for s in stdout.getvalue().splitlines()][1:]
    answers = [a for a in answers if isinstance(a, ev.Predictions)]
    assert [a.error for a in answers] == ["inference failed: CUDA out of memory"] * 2


def test_serve_reports_a_checkpoint_it_cannot_load(tmp_path):
    stdout = io.StringIO()
    assert serving.serve(tmp_path / "none.pt", io.StringIO("quit\n"), stdout) == 1
    (event,) = [ev.decode(s) for s in stdout.getvalue().splitlines()]
    assert isinstance(event, ev.Error) and "none.pt" in event.message


def serve_command(checkpoint: Path) -> list[str]:
    if (ROOT / "core" / "worker.py").exists():
        return [sys.executable, "-m", "core.worker", "serve", str(checkpoint)]
    code = "import sys; from core.serving import serve; sys.exit(serve(sys.argv[1]))"
    return [sys.executable, "-c", code, str(checkpoint)]


def test_serve_answers_requests_over_pipes(checkpoint, tmp_path):
    a = write_image(tmp_path / "a.png", 100, 60, seed=3)
    b = write_image(tmp_path / "b ü.jpg", 50, 70, seed=4)
    bad = tmp_path / "gone.png"
    proc = subprocess.Popen(
        serve_command(checkpoint), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )  # fmt: skip
    ready = ev.decode(proc.stdout.readline())
    assert isinstance(ready, ev.Ready) and ready.classes == CLASSES
    commands = [
        ev.encode_command("predict", id="1", paths=[str(a), str(bad)], score=0.0),
        "this is not a command",
        ev.encode_command("predict", id="2", paths=[str(b)], score=0.5),
        "quit",
    ]
    out, err = proc.communicate("\n".join(commands) + "\n", timeout=120)
    assert proc.returncode == 0, err
    events = [ev.decode(line) for line in out.splitlines()]
    done = [(e.request, e.done, e.total) for e in events if isinstance(e, ev.PredictProgress)]
    assert done == [("1", 2, 2), ("2", 1, 1)]
    events = [e for e in events if not isinstance(e, ev.PredictProgress)]
    assert [type(e).__name__ for e in events] == ["Predictions", "Predictions", "Error",
                                                  "Predictions"]  # fmt: skip
    first, missing, bad_line, second = events
    assert (first.request, first.image, first.error) == ("1", str(a), "")
    assert first.detections and all(d.category in CLASSES for d in first.detections)
    assert missing.image == str(bad) and "not found" in missing.error and not missing.detections
    assert bad_line.kind == "bad_command"
    assert second.request == "2" and all(d.score >= 0.5 for d in second.detections)


def _old_detections(model, cfg, images, score):
    """The eager, unfolded model and the post-processing as it was (top-k of every anchor x
    class logit, decode all of them, then the score threshold and NMS): per image the raw
    (boxes xyxy input pixels, scores, labels) and the letterbox scale."""
    from torchvision.ops import batched_nms

    from core.boxes.anchors import flatten_outputs, make_anchors
    from core.boxes.coder import decode
    from core.data import transforms

    anchors, k = make_anchors(cfg), cfg.num_classes
    out = []
    for img in images:
        sample = transforms.letterbox(img, np.zeros((0, 4), np.float32), np.zeros(0, int), SIZE)
        x = torch.from_numpy(transforms.normalize(sample.image, cfg.input_mean, cfg.input_std))
        with torch.inference_mode():
            cls, box = flatten_outputs(*model(x[None]), k)
            logits, idx = cls.reshape(-1).topk(min(5000, cls.numel()))
            boxes = decode(box[0, idx // k], anchors[idx // k]).clamp(0, SIZE)
            scores, labels = logits.sigmoid(), idx % k
            ok = scores > score
            b, s, lab = boxes[ok], scores[ok], labels[ok]
            keep = batched_nms(b, s, lab, 0.5)[:100]
        out.append((b[keep], s[keep], lab[keep], sample.scale))
    return out


@pytest.mark.parametrize("engine", ["torch", "onnxruntime"])
def test_fast_predictor_agrees_with_the_plain_model_and_the_old_postprocessing(
    checkpoint, engine, tmp_path, monkeypatch
):
    """BN folded, channels_last (or ONNX Runtime), threshold before top-k, only survivors
    decoded: the same detections as the unfolded eager model with the old post-processing,
    within 1e-4."""
    from core.boxes.geometry import image_detections
    from core.data import transforms

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model, cfg, classes = pr.load_model(checkpoint)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    fast = pr.Predictor(model, cfg, classes, device="cpu", engine=engine)
    assert fast.engine == engine and fast.model is not model
    assert fast.channels_last == (engine == "torch")
    x = torch.randn(2, 3, SIZE, SIZE)
    with torch.inference_mode():  # the raw outputs: within 1e-4 of the eager model's
        memory = torch.channels_last if fast.channels_last else torch.contiguous_format
        got = [t for ts in fast.model(x.contiguous(memory_format=memory)) for t in ts]
        want = [t for ts in model.eval()(x) for t in ts]
    assert max(float((g - w).abs().max()) for g, w in zip(got, want, strict=True)) <= 1e-4
    assert all(torch.equal(v, state[k]) for k, v in model.state_dict().items())  # untouched
    rng = np.random.default_rng(3)
    sizes = [(200, 300), (128, 128), (160, 90)]
    images = [rng.integers(0, 256, (h, w, 3), dtype=np.uint8) for h, w in sizes]
    for score in (0.5, 0.7):
        want = _old_detections(model, cfg, images, score)
        assert sum(len(w[1]) for w in want) > 20  # the comparison is not vacuous
        for img, got, (boxes, scores, labels, scale) in zip(
            images, fast(images, score), want, strict=True
        ):
            sample = transforms.letterbox(img, np.zeros((0, 4)), np.zeros(0, int), SIZE)
            with torch.inference_mode():
                x = fast._normalize(torch.from_numpy(sample.image[None]))
                det = pr.postprocess(*fast.model(x), fast.anchors, 2, score_threshold=score)[0]
            new = torch.cat([det["boxes"], det["scores"][:, None], det["labels"][:, None]], 1)
            ref = torch.cat([boxes, scores[:, None], labels[:, None]], 1)
            # codes within 1e-4 move a box by under 1e-4 of its anchor's side: ~1e-3 px here
            assert _same_rows(new.numpy(), ref.numpy(), 1e-3)  # order may differ at near-ties
            old = image_detections(boxes, scores, labels, scale, img.shape[1], img.shape[0])
            # boxes leave rounded to 0.01 px: a 1e-4 difference may flip the last digit
            rows = [[*d["box"], d["score"], d["label"]] for d in got]
            assert _same_rows(np.array(rows), np.array([[*b, s, k] for b, s, k in old]), 0.0101)


def _same_rows(got: np.ndarray, want: np.ndarray, atol: float) -> bool:
    """As many rows, and each row of want matches a distinct row of got within atol.

    Rows are [box (4), score, label]. With max_detections rows, want's rows within atol of its
    lowest score are not checked: a near-tie at the cut may keep another box.
    """
    if got.shape != want.shape:
        return False
    if len(want) == 100:
        want = want[want[:, 4] > want[:, 4].min() + atol]
    free = np.ones(len(got), bool)
    for row in want:
        close = free & (np.abs(got - row).max(axis=1) <= atol)
        if not close.any():
            return False
        free[np.argmax(close)] = False
    return True


def test_the_onnx_runtime_engine_is_exported_once_and_falls_back_to_eager(
    checkpoint, tmp_path, monkeypatch
):
    from core import ort_engine

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model, cfg, classes = pr.load_model(checkpoint)
    first = pr.Predictor(model, cfg, classes, device="cpu")  # the default on the CPU
    files = list((tmp_path / "efficientdet-studio" / "onnx").glob("*.onnx"))
    assert first.engine == "onnxruntime" and len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    other = {"fast": "softmax", "softmax": "fast"}.get(cfg.fusion_method)
    if other:  # the same weights fused another way: another graph, another file
        twin = EfficientDet(cfg.with_(fusion=other))
        twin.load_state_dict(model.state_dict())
        assert pr.Predictor(twin, twin.config, classes, device="cpu").model.path != files[0]
    monkeypatch.setattr(ort_engine, "export", lambda *a: pytest.fail("exported twice"))
    again = pr.Predictor(model, cfg, classes, device="cpu")
    assert again.model.path == files[0] and files[0].stat().st_mtime_ns == stamp

    def cannot(*_a):
        raise RuntimeError("exporter broken")

    monkeypatch.setattr(ort_engine, "export", cannot)
    with torch.no_grad():
        next(model.parameters()).add_(0.01)  # other weights: not in the cache
    with pytest.warns(UserWarning, match="exporter broken"):
        assert pr.Predictor(model, cfg, classes, device="cpu").engine == "torch"
    with pytest.raises(RuntimeError, match="exporter broken"):
        pr.Predictor(model, cfg, classes, device="cpu", engine="onnxruntime")
    monkeypatch.setenv("EFFDET_ENGINE", "torch")
    assert pr.Predictor(model, cfg, classes, device="cpu").engine == "torch"
    with pytest.raises(ValueError, match="engine must be one of"):
        pr.Predictor(model, cfg, classes, device="cpu", engine="tensorrt")
