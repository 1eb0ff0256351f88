"""Sliced prediction of large images (core.sliced) and the Predictor / `predict` that use it.

Most tests swap Predictor.predict_batch for a detector of coloured rectangles: it finds, in each
view it is given, the exact boxes of the red (class 0) and green (class 1) rectangles inside the
view (an object cut by the view's edge comes back cut), so the expected boxes are known to the
pixel. On the whole image it only reports rectangles of at least WHOLE_MIN_SIDE px, as a
downscaled pass would resolve only large objects.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from core import predict as pr
from core.cli import main as cli_main
from core.model.torch_file import CheckpointError
from core.options import MAX_DETECTIONS
from core.sliced import WHOLE, PassDetections, sliced_predict, weighted_box_fusion
from core.tiling import TileSpec
from tests.core.test_predict import make_checkpoint

WIDTH, HEIGHT = 1600, 1200
WHOLE_MIN_SIDE = 64
SCORE = 0.9
COLOURS = ((255, 0, 0), (0, 255, 0))  # RGB of class 0, class 1
SPEC = TileSpec(512, 0.2)  # tiles start at x 0, 363, 725, 1088 and y 0, 344, 688


def draw(objects: list[tuple[float, float, float, float, int]]) -> np.ndarray:
    """A black (H, W, 3) RGB image with a filled rectangle per (x, y, w, h, label)."""
    img = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    for x, y, w, h, label in objects:
        img[y : y + h, x : x + w] = COLOURS[label]
    return img


def rectangles(view: np.ndarray, min_side: int = 0) -> list[dict]:
    """The rectangles in one RGB view as Predictor detections (view pixels)."""
    out = []
    for label in (0, 1):
        mask = (view[:, :, label] > 128).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
        for x, y, w, h, _ in stats[1:n]:
            if min(w, h) >= min_side:
                box = [float(x), float(y), float(w), float(h)]
                out.append({"box": box, "score": SCORE, "label": label, "category": "ab"[label]})
    return out


class FakeDetector:
    """predict_batch of the rectangle detector; records the shape of every view it gets."""

    def __init__(self) -> None:
        self.calls: list[list[tuple[int, int]]] = []

    def __call__(self, predictor, images, score=pr.DEFAULT_SCORE) -> list[list[dict]]:
        self.calls.append([im.shape[:2] for im in images])
        full = [im.shape[:2] == (HEIGHT, WIDTH) for im in images]
        return [
            rectangles(im, WHOLE_MIN_SIDE if f else 0) for im, f in zip(images, full, strict=True)
        ]


@pytest.fixture
def fake(monkeypatch) -> FakeDetector:
    detector = FakeDetector()

    def predict_batch(self, images, score=pr.DEFAULT_SCORE):
        return detector(self, images, score)

    monkeypatch.setattr(pr.Predictor, "predict_batch", predict_batch)
    return detector


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    return make_checkpoint(tmp_path_factory.mktemp("ckpt") / "best.pt")


@pytest.fixture(scope="module")
def model_parts(checkpoint):
    torch.set_num_threads(1)
    return pr.load_model(checkpoint)


def predictor_of(model_parts, **kw) -> pr.Predictor:
    model, cfg, classes = model_parts
    return pr.Predictor(model, cfg, classes, device="cpu", **kw)


def boxes_of(dets: list[dict]) -> list[tuple]:
    return sorted((*d["box"], d["label"]) for d in dets)


def as_xywhl(objects) -> list[tuple]:
    return sorted(tuple(float(v) for v in o[:4]) + (o[4],) for o in objects)


def test_tile_detections_come_back_in_full_image_pixels(model_parts, fake):
    objects = [(1000, 100, 30, 20, 0), (1400, 900, 24, 36, 1), (100, 1150, 20, 20, 0)]
    predictor = predictor_of(model_parts, tiling=SPEC, batch_size=4)
    (dets,) = predictor([draw(objects)])
    assert boxes_of(dets) == as_xywhl(objects)
    assert all(d["score"] == SCORE and d["category"] == predictor.classes[d["label"]] for d in dets)
    views = [shape for call in fake.calls for shape in call]
    assert len(views) == 4 * 3 + 1  # the 12 tiles and the whole image, 4 at a time
    assert [len(c) for c in fake.calls] == [4, 4, 4, 1]
    assert sum(max(s) <= 512 for s in views) == 12 and (HEIGHT, WIDTH) in views


@pytest.mark.parametrize("merge", ["nms", "wbf"])
def test_an_object_two_tiles_see_gives_one_box(model_parts, fake, merge):
    objects = [
        (400, 100, 50, 30, 0),  # whole in the first two tiles of the top row
        (500, 100, 50, 30, 1),  # cut by the first tile's right edge, whole in the second
        (800, 500, 40, 40, 0),  # in four tiles: cut by the top row's bottom edge in two
    ]
    predictor = predictor_of(model_parts, tiling=SPEC, merge=merge)
    (dets,) = predictor([draw(objects)])
    assert boxes_of(dets) == as_xywhl(objects)
    assert [d["score"] for d in dets] == [SCORE] * 3  # WBF: every tile that could see it did


def test_without_the_fragment_rule_a_cut_object_would_be_two_boxes(model_parts, fake):
    """The check above can fail: the tile that sees the object cut does report a box."""
    img = draw([(500, 100, 50, 30, 1)])
    assert boxes_of(rectangles(img[0:512, 0:512])) == [(500.0, 100.0, 12.0, 30.0, 1)]
    dets = sliced_predict(predictor_of(model_parts), img, SPEC, 0.05, edge_px=-1)  # no fragments
    assert boxes_of(dets) == [(500.0, 100.0, 12.0, 30.0, 1), (500.0, 100.0, 50.0, 30.0, 1)]


def test_weighted_box_fusion_weights_coordinates_by_score():
    found = PassDetections(
        boxes=np.array([[100, 100, 140, 130], [108, 100, 148, 130], [300, 300, 320, 320]], float),
        scores=np.array([0.9, 0.3, 0.8]),
        labels=np.array([0, 0, 1]),
        passes=np.array([0, 1, 0]),
    )
    tiles = [(0, 0, 512, 512), (0, 0, 512, 512)]  # both tiles hold both objects whole
    boxes, scores, labels = weighted_box_fusion(found, tiles)
    np.testing.assert_allclose(boxes, [[102, 100, 142, 130], [300, 300, 320, 320]])
    # mean score x passes that found it / passes that could: 0.6 x 2/2 and 0.8 x 1/2
    np.testing.assert_allclose(scores, [0.6, 0.4])
    assert labels.tolist() == [0, 1]
    found.passes[1] = WHOLE  # the whole-image pass adds to found and could alike
    _, scores, _ = weighted_box_fusion(found, tiles)
    np.testing.assert_allclose(scores, [0.6 * 2 / 3, 0.4])


def test_the_whole_image_pass_adds_objects_larger_than_a_tile(model_parts, fake):
    big = (100, 300, 700, 600, 0)  # larger than a tile: every tile sees it cut
    small = (1400, 100, 30, 30, 1)
    predictor = predictor_of(model_parts, tiling=SPEC)
    (dets,) = predictor([draw([big, small])])
    assert boxes_of(dets) == as_xywhl([big, small])
    predictor.whole_image = False
    (dets,) = predictor([draw([big, small])])
    pieces = [d for d in dets if d["label"] == 0]
    assert len(pieces) > 1 and all(d["box"] != [100.0, 300.0, 700.0, 600.0] for d in pieces)


def test_images_no_larger_than_a_tile_take_the_plain_path(model_parts):
    plain = predictor_of(model_parts)
    tiled = predictor_of(model_parts, tiling=TileSpec(512, 0.2))
    rng = np.random.default_rng(1)
    images = [rng.integers(0, 256, shape, dtype=np.uint8) for shape in
              [(300, 400, 3), (512, 512, 3), (90, 500, 3)]]  # fmt: skip
    want = plain(images, 0.05)
    assert any(want) and tiled(images, 0.05) == want


def test_a_real_model_runs_the_sliced_path_end_to_end(model_parts):
    img = np.random.default_rng(2).integers(0, 256, (HEIGHT, WIDTH, 3), dtype=np.uint8)
    for merge in ("nms", "wbf"):
        predictor = predictor_of(model_parts, tiling=SPEC, merge=merge)
        (dets,) = predictor([img], 0.05)
        assert 0 < len(dets) <= MAX_DETECTIONS
        scores = [d["score"] for d in dets]
        assert scores == sorted(scores, reverse=True) and min(scores) > 0.05
        for d in dets:
            x, y, w, h = d["box"]
            assert x >= 0 and y >= 0 and w > 0 and h > 0
            assert x + w <= WIDTH + 0.01 and y + h <= HEIGHT + 0.01
            assert d["category"] == predictor.classes[d["label"]]
        assert max(d["box"][0] for d in dets) > 512  # from tiles past the first


def test_from_checkpoint_tiles_as_the_run_trained(checkpoint, tmp_path):
    ckpt = torch.load(checkpoint, weights_only=False)
    ckpt["train_config"] = {"tiling": {"size": 256, "overlap": 0.25}}
    torch.save(ckpt, tmp_path / "tiled.pt")
    assert pr.Predictor.from_checkpoint(tmp_path / "tiled.pt", "cpu").tiling == TileSpec(256, 0.25)
    assert pr.Predictor.from_checkpoint(checkpoint, "cpu").tiling is None
    ckpt["train_config"] = {"tiling": {"size": 8}}
    torch.save(ckpt, tmp_path / "bad.pt")
    with pytest.raises(CheckpointError, match="tile size"):
        pr.Predictor.from_checkpoint(tmp_path / "bad.pt", "cpu")


def write_rgb(path: Path, img: np.ndarray) -> Path:
    ok, data = cv2.imencode(".png", np.ascontiguousarray(img[:, :, ::-1]))
    assert ok
    path.write_bytes(data.tobytes())
    return path


def test_predict_cli_with_tiles_writes_full_image_coordinates(checkpoint, tmp_path, fake, capsys):
    folder = tmp_path / "photos"
    folder.mkdir()
    scenes = [[(1000, 700, 30, 20, 0), (1500, 1100, 40, 50, 1)], [(20, 900, 25, 25, 1)]]
    for k, objects in enumerate(scenes):
        write_rgb(folder / f"{k}.png", draw(objects))
    out = tmp_path / "r.json"
    argv = ["predict", str(checkpoint), str(folder), "--out", str(out), "--device", "cpu"]
    assert cli_main([*argv, "--tile", "256", "--overlap", "0.25"]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    mapping = json.loads(out.with_name("r.images.json").read_text(encoding="utf-8"))
    names = {im["id"]: Path(im["file_name"]).name for im in mapping["images"]}
    got = sorted((names[r["image_id"]], r["bbox"], r["category_id"] - 1) for r in results)
    want = [
        (f"{k}.png", [float(v) for v in o[:4]], o[4]) for k, objs in enumerate(scenes) for o in objs
    ]
    assert got == sorted(want)
    views = {shape for call in fake.calls for shape in call}
    assert max(max(s) for s in views - {(HEIGHT, WIDTH)}) <= 256

    fake.calls.clear()  # --no-tile: each image in one pass
    assert cli_main([*argv, "--no-tile"]) == 0
    assert [shape for call in fake.calls for shape in call] == [(HEIGHT, WIDTH)] * 2
    capsys.readouterr()
    assert cli_main([*argv, "--tile", "10"]) == 2
    assert "tile size must be" in capsys.readouterr().err


def test_serve_answers_a_tiled_checkpoint_in_full_image_pixels(checkpoint, tmp_path, fake):
    from core import events as ev
    from core import serving

    ckpt = torch.load(checkpoint, weights_only=False)
    ckpt["train_config"] = {"tiling": {"size": 256, "overlap": 0.2}}
    torch.save(ckpt, tmp_path / "tiled.pt")
    objects = [(1000, 700, 30, 20, 0), (1500, 1100, 40, 50, 1)]
    path = write_rgb(tmp_path / "big.png", draw(objects))
    predictor = pr.Predictor.from_checkpoint(tmp_path / "tiled.pt", "cpu")
    events = list(serving.answer(predictor, "r1", [str(path)], 0.05))
    (answer,) = [e for e in events if isinstance(e, ev.Predictions)]
    got = sorted((*d.box, d.category) for d in answer.detections)
    assert got == [(1000.0, 700.0, 30.0, 20.0, "cat"), (1500.0, 1100.0, 40.0, 50.0, "dog")]
    assert max(max(s) for c in fake.calls for s in c if s != (HEIGHT, WIDTH)) <= 256
