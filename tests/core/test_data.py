"""core.data: COCO files, image decoding, split, transforms and the torch Dataset."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from core.data import transforms as T
from core.data.coco import CocoError, category_index, load_coco, resolve_image, save_coco
from core.data.imageio import ImageReadError, image_size, read_image
from core.data.split import assign_splits


def _coco(n_images: int = 2) -> dict:
    return {
        "images": [
            {"id": i + 1, "file_name": f"img{i}.png", "width": 64, "height": 48}
            for i in range(n_images)
        ],
        "categories": [{"id": 7, "name": "b"}, {"id": 3, "name": "a"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [10, 10, 20, 15]}],
    }


def _write(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


# --- coco -------------------------------------------------------------------------------


def test_load_fills_optional_fields_and_indexes_categories_by_id(tmp_path):
    _write(tmp_path / "annotations.json", _coco())
    data = load_coco(tmp_path / "annotations.json")
    ann = data["annotations"][0]
    assert ann["area"] == 300 and ann["iscrowd"] == 0
    classes, index = category_index(data)
    assert classes == ["a", "b"] and index == {3: 0, 7: 1}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["annotations"][0].update(bbox=[1, 2, 3]), "annotation #0 (id 1): bbox"),
        (lambda d: d["annotations"][0].update(bbox=[1, 2, "x", 4]), "annotation #0 (id 1): bbox"),
        (lambda d: d["annotations"][0].update(bbox=[1, 2, -3, 4]), "must not be negative"),
        (lambda d: d["annotations"][0].update(image_id=99), "annotation #0 (id 1): image_id 99"),
        (lambda d: d["annotations"][0].update(category_id=5), "category_id 5"),
        (lambda d: d["images"][1].update(id=1), "image #1 (id 1): duplicate image id"),
        (lambda d: d["images"][0].update(file_name="../x.png"), "image #0 (id 1)"),
        (lambda d: d["images"][0].update(split="test"), "image #0 (id 1): split"),
        (lambda d: d["categories"][1].update(name="b"), "category #1 (id 3): duplicate"),
        (lambda d: d.update(images={}), "'images' must be a list"),
    ],
)
def test_load_errors_name_file_entry_and_field(tmp_path, mutate, expected):
    data = _coco()
    mutate(data)
    _write(tmp_path / "annotations.json", data)
    with pytest.raises(CocoError, match="annotations.json") as info:
        load_coco(tmp_path / "annotations.json")
    assert expected in str(info.value)


def test_load_reports_json_syntax_position(tmp_path):
    (tmp_path / "bad.json").write_text('{"images": [}', encoding="utf-8")
    with pytest.raises(CocoError, match=r"bad.json: not valid JSON \(line 1"):
        load_coco(tmp_path / "bad.json")


def test_sahi_file_with_wrong_area_is_accepted_and_area_repaired(shared_formats):
    data = load_coco(shared_formats / "coco-sahi" / "terrain2_coco.json")
    assert len(data["annotations"]) == 5
    for ann in data["annotations"]:
        assert ann["area"] == pytest.approx(ann["bbox"][2] * ann["bbox"][3])


def test_atomic_save_keeps_previous_version_as_bak(tmp_path):
    path = tmp_path / "annotations.json"
    first = _coco()
    save_coco(path, first)
    second = _coco(3)
    save_coco(path, second)
    assert len(load_coco(path)["images"]) == 3
    assert len(load_coco(tmp_path / "annotations.json.bak")["images"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "annotations.json",
        "annotations.json.bak",
    ]


def test_save_refuses_invalid_data_and_leaves_file_untouched(tmp_path):
    path = tmp_path / "annotations.json"
    save_coco(path, _coco())
    before = path.read_bytes()
    bad = _coco()
    bad["annotations"][0]["bbox"] = [1, 2]
    with pytest.raises(CocoError, match="bbox"):
        save_coco(path, bad)
    assert path.read_bytes() == before
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


@pytest.mark.parametrize(
    "name", ["../x.png", "a/../../x.png", "/etc/passwd", "C:\\x.png", "..\\x.png", ""]
)
def test_resolve_image_refuses_escapes(tmp_path, name):
    with pytest.raises(CocoError):
        resolve_image(tmp_path, name)


def test_resolve_image_joins_relative_names(tmp_path):
    assert resolve_image(tmp_path, "sub\\a b.jpg") == tmp_path / "sub" / "a b.jpg"


# --- imageio ----------------------------------------------------------------------------


def _pattern(h: int = 40, w: int = 64) -> np.ndarray:
    img = np.full((h, w, 3), 30, np.uint8)
    img[4:14, 8:30] = (250, 20, 20)
    img[24:36, 40:60] = (20, 20, 250)
    return img


def test_read_png_variants(tmp_path):
    base = _pattern()
    Image.fromarray(base).save(tmp_path / "rgb.png")
    Image.fromarray(base).convert("P", palette=Image.ADAPTIVE).save(tmp_path / "pal.png")
    Image.fromarray(base[:, :, 0]).save(tmp_path / "gray.png")
    rgba = np.dstack([base, np.full(base.shape[:2], 255, np.uint8)])
    rgba[0, 0, 3] = 0  # one transparent pixel, composited over white
    Image.fromarray(rgba, "RGBA").save(tmp_path / "rgba.png")
    g16 = base[:, :, 0].astype(np.uint16) * 257  # 8-bit value v stored as v * 257
    cv2.imwrite(str(tmp_path / "g16.png"), g16)
    np.testing.assert_array_equal(read_image(tmp_path / "rgb.png"), base)
    np.testing.assert_array_equal(read_image(tmp_path / "pal.png"), base)
    gray = read_image(tmp_path / "gray.png")
    assert gray.shape == (40, 64, 3) and (gray == base[:, :, :1]).all()
    got = read_image(tmp_path / "rgba.png")
    assert tuple(got[0, 0]) == (255, 255, 255) and (got[1:] == base[1:]).all()
    got16 = read_image(tmp_path / "g16.png")
    assert got16.dtype == np.uint8 and (got16 == base[:, :, :1]).all()


def test_read_gray_jpeg_and_unicode_path_with_spaces(tmp_path):
    folder = tmp_path / "한국어 폴더 中文"
    folder.mkdir()
    Image.fromarray(_pattern()[:, :, 0]).save(folder / "사진 1.jpg", quality=95)
    img = read_image(folder / "사진 1.jpg")
    assert img.shape == (40, 64, 3) and img.dtype == np.uint8
    assert abs(int(img[8, 15, 0]) - 250) < 12
    assert image_size(folder / "사진 1.jpg") == (64, 40)


@pytest.mark.parametrize("kind", ["empty", "truncated_jpeg", "truncated_png", "text", "missing"])
def test_bad_files_raise_with_file_name_and_reason(tmp_path, kind):
    path = tmp_path / f"{kind}.img"
    if kind == "empty":
        path.write_bytes(b"")
        reason = "empty"
    elif kind.startswith("truncated"):
        fmt = "JPEG" if kind.endswith("jpeg") else "PNG"
        Image.fromarray(_pattern(120, 160)).save(path, format=fmt)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        reason = "truncated"
    elif kind == "text":
        path.write_text("not an image")
        reason = "not an image"
    else:
        reason = "not found"
    with pytest.raises(ImageReadError, match=reason) as info:
        read_image(path)
    assert path.name in str(info.value)


def _exif_jpeg(path, image: np.ndarray, orientation: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(image).save(path, quality=95, exif=exif)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_matches_pillow_transpose(tmp_path, orientation):
    path = tmp_path / f"o{orientation}.jpg"
    _exif_jpeg(path, _pattern(), orientation)
    expected = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))
    got = read_image(path)
    assert got.shape == expected.shape
    assert np.abs(got.astype(int) - expected.astype(int)).max() <= 2
    h, w = got.shape[:2]
    assert image_size(path) == (w, h)
    assert (h, w) == ((64, 40) if orientation >= 5 else (40, 64))


# --- split ------------------------------------------------------------------------------


def test_split_is_deterministic_keeps_explicit_and_never_empty():
    images = [{"id": i, "file_name": f"f{i}.jpg"} for i in range(200)]
    images[0]["split"] = "val"
    images[1]["split"] = "train"
    a = assign_splits(images, 0.15)
    assert a == assign_splits(list(reversed(images)), 0.15)
    assert a[0] == "val" and a[1] == "train"
    assert 15 <= sum(v == "val" for v in a.values()) <= 45
    # growing the dataset never moves an existing image
    more = images + [{"id": 1000 + i, "file_name": f"new{i}.jpg"} for i in range(50)]
    b = assign_splits(more, 0.15)
    assert all(b[k] == v for k, v in a.items())
    for n in (2, 3, 5):
        few = assign_splits(images[2 : 2 + n], 0.15)
        assert set(few.values()) == {"train", "val"}
    assert set(assign_splits(images[2:4], 1.0).values()) == {"train", "val"}


# --- transforms -------------------------------------------------------------------------


def _object_box(image: np.ndarray) -> np.ndarray:
    """xyxy pixel extent of the pure-red pixels of an image."""
    ys, xs = np.nonzero((image[:, :, 0] > 170) & (image[:, :, 1] < 80) & (image[:, :, 2] < 80))
    return np.array([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1], np.float32)


def test_flip_and_scale_jitter_keep_boxes_on_the_object():
    img = np.full((120, 200, 3), 90, np.uint8)
    img[30:70, 20:80] = (255, 0, 0)
    boxes = np.array([[20, 30, 80, 70]], np.float32)
    labels = np.array([2])
    flipped, fb = T.hflip(img, boxes)
    np.testing.assert_allclose(fb, [[120, 30, 180, 70]])
    rng = np.random.default_rng(0)
    seen = 0
    for _ in range(30):
        s = T.train_transform(img, boxes, labels, 96, rng, scale_range=(0.5, 2.0))
        assert s.image.shape == (96, 96, 3) and s.image.dtype == np.uint8
        if len(s.boxes) and (s.boxes[0, 2] - s.boxes[0, 0]) * (s.boxes[0, 3] - s.boxes[0, 1]) > 50:
            seen += 1
            np.testing.assert_allclose(s.boxes[0], _object_box(s.image), atol=1.5)
            assert s.labels.tolist() == [2]
    assert seen >= 10


def test_every_flip_and_colour_jitter_keep_boxes_on_the_object():
    img = np.full((120, 200, 3), 90, np.uint8)
    img[30:70, 20:80] = (255, 0, 0)  # 60 wide, 40 high
    boxes, labels = np.array([[20, 30, 80, 70]], np.float32), np.array([1])
    np.testing.assert_allclose(T.vflip(img, boxes)[1], [[20, 50, 80, 90]])
    turned, tb = T.transpose(img, boxes)
    assert turned.shape == (200, 120, 3)
    np.testing.assert_allclose(tb, [[30, 20, 70, 80]])
    rng = np.random.default_rng(3)
    upright = sideways = recoloured = 0
    for _ in range(40):
        s = T.train_transform(img, boxes, labels, 96, rng, (0.8, 1.2), flips="all", color=0.5)
        red = s.image[:, :, 0].astype(int) - s.image[:, :, 1] > 100
        if not len(s.boxes) or red.sum() < 50:
            continue
        ys, xs = np.nonzero(red)
        np.testing.assert_allclose(s.boxes[0], [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1],
                                   atol=1.5)  # fmt: skip
        w, h = s.boxes[0, 2] - s.boxes[0, 0], s.boxes[0, 3] - s.boxes[0, 1]
        upright, sideways = upright + (w > h), sideways + (h > w)
        recoloured += abs(int(s.image[0, 0, 0]) - 90) > 3 or abs(int(s.image[0, 0, 1]) - 90) > 3
    assert upright >= 5 and sideways >= 5 and recoloured >= 10


def test_default_augmentation_draws_as_without_the_new_options():
    img = (np.random.default_rng(0).random((80, 90, 3)) * 255).astype(np.uint8)
    boxes, labels = np.array([[5, 5, 40, 50]], np.float32), np.array([0])
    for seed in range(6):  # the earlier recipe: a left-right flip, then the scale crop
        rng = np.random.default_rng(seed)
        im, bx = T.hflip(img, boxes) if rng.random() < 0.5 else (img, boxes)
        want = T.random_scale_crop(im, bx, labels, 64, rng)
        got = T.train_transform(img, boxes, labels, 64, np.random.default_rng(seed))
        np.testing.assert_array_equal(got.image, want.image)
        np.testing.assert_array_equal(got.boxes, want.boxes)
    with pytest.raises(ValueError, match="flips"):
        T.train_transform(img, boxes, labels, 64, np.random.default_rng(7), flips="diagonal")


def test_letterbox_scales_longest_side_and_pads_bottom_right():
    img = np.full((50, 100, 3), 200, np.uint8)
    s = T.letterbox(img, np.array([[10, 10, 100, 50]], np.float32), np.array([0]), 64)
    assert s.scale == pytest.approx(0.64)
    np.testing.assert_allclose(s.boxes, [[6.4, 6.4, 64, 32]], atol=1e-4)
    assert (s.image[40:, :] == T.PAD_VALUE).all() and (s.image[:31, :] == 200).all()
    x = T.normalize(s.image)
    assert x.shape == (3, 64, 64) and abs(float(x[:, 40:, :].mean())) < 0.02


def test_clip_drops_and_counts_degenerate_boxes():
    boxes = np.array([[-5, -5, 10, 10], [30, 5, 40, 6], [60, 60, 70, 70]], np.float32)
    kept, labels, dropped = T.clip_boxes(boxes, np.array([0, 1, 2]), 50, 50)
    np.testing.assert_allclose(kept, [[0, 0, 10, 10], [30, 5, 40, 6]])
    assert labels.tolist() == [0, 1] and dropped == 1


# --- dataset ----------------------------------------------------------------------------


def _project(tmp_path) -> dict:
    (tmp_path / "images").mkdir()
    Image.fromarray(_pattern(48, 64)).save(tmp_path / "images" / "good.png")
    Image.fromarray(_pattern(48, 64)).save(tmp_path / "images" / "empty.png")
    (tmp_path / "images" / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    coco = _coco(0)
    for i, name in enumerate(["good.png", "corrupt.jpg", "missing.png", "empty.png"]):
        coco["images"].append(
            {
                "id": i + 1,
                "file_name": name,
                "width": 64,
                "height": 48,
                "split": "val" if name == "empty.png" else "train",
            }
        )
    coco["annotations"] = [
        {"id": 1, "image_id": 1, "category_id": 3, "bbox": [8, 4, 22, 10]},
        {"id": 2, "image_id": 1, "category_id": 7, "bbox": [40, 24, 40, 30]},  # past the edge
        {"id": 3, "image_id": 1, "category_id": 7, "bbox": [70, 10, 5, 5]},  # fully outside
        {"id": 4, "image_id": 2, "category_id": 3, "bbox": [1, 1, 5, 5]},
    ]
    save_coco(tmp_path / "annotations.json", coco)
    (tmp_path / "project.json").write_text(
        json.dumps(
            {
                "version": 1,
                "annotations": "annotations.json",
                "image_root": "images",
                "class_colors": {},
                "val_fraction": 0.15,
            }
        ),
        encoding="utf-8",
    )
    return coco


def test_dataset_skips_corrupt_and_missing_images_with_one_warning_each(tmp_path):
    from core.data.dataset import DetectionDataset, build_datasets, collate

    _project(tmp_path)
    warnings: list[tuple[str, str]] = []
    train, val, classes, val_coco = build_datasets(
        tmp_path, 64, on_warning=lambda k, m: warnings.append((k, m))
    )
    # the readability rule leaves the corrupt and the missing file out before training
    assert classes == ["a", "b"] and train.image_ids == [1] and len(val) == 1
    assert [i["file_name"] for i in val_coco["images"]] == ["empty.png"]
    assert val_coco["annotations"] == []
    dropped = [m for k, m in warnings if k == "dropped_boxes"]
    assert len(dropped) == 1 and dropped[0].startswith("1 box")
    unreadable = [m for k, m in warnings if k == "unreadable_image"]
    assert len(unreadable) == 2
    assert any("corrupt.jpg" in m for m in unreadable)
    assert any("missing.png" in m for m in unreadable)
    # a file that breaks after the check is skipped at load time, once, and replaced
    warnings.clear()
    train = DetectionDataset(
        load_coco(tmp_path / "annotations.json"), tmp_path / "images", [1, 2, 3], 64, True,
        on_warning=lambda k, m: warnings.append((k, m)),
    )  # fmt: skip
    samples = [train[i] for i in range(len(train))] + [train[1], train[2]]
    assert len([m for k, m in warnings if k == "unreadable_image"]) == 2
    assert all(t["image_id"] == 1 for _, t in samples)  # the readable image stands in
    images, targets = collate(samples)
    assert images.shape == (5, 3, 64, 64) and len(targets) == 5
    t = targets[0]
    assert t["labels"].tolist() == [0, 1] and t["boxes"].shape == (2, 4)
    assert t["orig_size"] == (48, 64)

    val_image, val_target = val[0]  # an image without boxes is a valid negative
    assert val_target["boxes"].shape == (0, 4) and val_target["labels"].shape == (0,)
    assert val_image.shape == (3, 64, 64)
    ev = DetectionDataset(
        load_coco(tmp_path / "annotations.json"), tmp_path / "images", [1], 64, train=False
    )
    _, et = ev[0]
    assert et["scale"] == pytest.approx(1.0)
    np.testing.assert_allclose(et["boxes"].numpy(), [[8, 4, 30, 14], [40, 24, 64, 48]])


def test_build_datasets_from_a_bare_coco_file_with_an_image_root_override(tmp_path):
    from core.data.dataset import build_datasets

    _project(tmp_path)
    (tmp_path / "project.json").unlink()
    moved = tmp_path / "elsewhere"
    (tmp_path / "images").rename(moved)
    train, val, _, _ = build_datasets(tmp_path / "annotations.json", 32, image_root=moved)
    assert train.image_root == moved
    # found under the given root: the two readable images (the readability rule looked there)
    assert sorted(train.image_ids + val.image_ids) == [1, 4]
    assert train[0][1]["image_id"] == 1


def test_reseeded_augmentation_depends_on_the_sample_not_on_order_or_workers(tmp_path):
    import torch
    from torch.utils.data import DataLoader

    from core.data.dataset import build_datasets, collate
    from core.data.demo import make_demo

    data = make_demo(tmp_path / "d", num_images=6, image_size=96, seed=0).parent
    train, _, _, _ = build_datasets(data, 64, val_fraction=0.2)
    torch.manual_seed(5)
    train.reseed()
    forward = torch.stack([train[i][0] for i in range(len(train))])
    backward = torch.stack([train[i][0] for i in reversed(range(len(train)))]).flip(0)
    loader = DataLoader(train, batch_size=2, num_workers=2, collate_fn=collate)
    batched = torch.cat([images for images, _ in loader])
    assert torch.equal(forward, backward) and torch.equal(forward, batched)
    torch.manual_seed(6)  # the next epoch's seed: new augmentations
    train.reseed()
    assert not torch.equal(forward, torch.stack([train[i][0] for i in range(len(train))]))
