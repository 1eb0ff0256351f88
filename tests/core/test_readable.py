"""core.data.readable: the one readability rule, and the GUI probe and the worker's decoder both
following it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.services.image_io import probe
from core.data import readable
from core.data.imageio import ImageReadError, read_image
from core.data.readable import data_unreadable_reason, unreadable_reason

ROOT = Path(__file__).resolve().parents[2]


def _encoded(fmt: str, width: int = 160, height: int = 120) -> bytes:
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format=fmt)
    return buf.getvalue()


def _files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, expected reason fragment; "" for a readable file)."""
    jpeg, png = _encoded("JPEG"), _encoded("PNG")
    files = {
        "good.jpg": (jpeg, ""),
        "good.png": (png, ""),
        "사진 폴더/고양이 1.jpg": (jpeg, ""),
        "truncated.jpg": (jpeg[: len(jpeg) * 2 // 3], "truncated JPEG"),
        "truncated.png": (png[: len(png) * 2 // 3], "truncated PNG"),
        "zero.jpg": (b"", "empty file"),
        "trailing.jpg": (jpeg + b"\x00" * 10_000, ""),  # bytes after the end-of-image marker
        "trailing.png": (png + b"\x00" * 100, ""),
        "text.jpg": (b"this is not a picture\n" * 10, "not an image"),
        "잘린 사진.png": (png[: len(png) - 20], "truncated PNG"),
    }
    out = {}
    for name, (data, reason) in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[name] = (path, reason)
    return out


@pytest.fixture
def files(tmp_path) -> dict[str, tuple[Path, str]]:
    return _files(tmp_path)


def test_the_rule_on_good_truncated_empty_and_non_image_files(files):
    for name, (path, reason) in files.items():
        got = unreadable_reason(path)
        assert (reason in got) if reason else got == "", (name, got)
        assert data_unreadable_reason(path.read_bytes()) == got, name


def test_missing_files_and_folders_have_a_reason_and_never_raise(tmp_path):
    assert unreadable_reason(tmp_path / "nowhere.jpg") == "file not found"
    assert "folder" in unreadable_reason(tmp_path)


def test_the_gui_probe_and_the_workers_decoder_give_the_rules_verdict(files):
    for name, (path, reason) in files.items():
        info = probe(path)
        if reason:
            assert info.broken and reason in info.error, (name, info)
            with pytest.raises(ImageReadError, match=reason) as raised:
                read_image(path)
            assert path.name in str(raised.value)
        else:
            assert (info.width, info.height) == (160, 120), name
            assert read_image(path).shape == (120, 160, 3), name


def test_a_truncated_jpeg_is_found_however_long_its_scan(monkeypatch, tmp_path):
    """The search from the end crosses block boundaries, also inside a two-byte marker."""
    jpeg = _encoded("JPEG", 640, 480)
    monkeypatch.setattr(readable, "_BLOCK", 7)
    for cut in (len(jpeg) // 3, len(jpeg) - 1, len(jpeg) - 2):
        assert "truncated" in data_unreadable_reason(jpeg[:cut]), cut
    for pad in range(10):  # trailing bytes put the EOI at every offset to the block edges
        assert data_unreadable_reason(jpeg + b"\x00" * pad) == "", pad
    path = tmp_path / "big.jpg"
    path.write_bytes(jpeg[: len(jpeg) // 2])
    assert "truncated" in unreadable_reason(path)


def test_other_known_formats_pass_the_cheap_rule(tmp_path):
    for fmt in ("BMP", "TIFF", "WEBP", "GIF", "PPM"):
        assert data_unreadable_reason(_encoded(fmt)) == "", fmt


def test_the_rule_imports_neither_torch_nor_opencv():
    code = "import sys, core.data.readable; print('torch' in sys.modules, 'cv2' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False False"


def test_a_jpeg_with_a_video_after_it_is_readable_and_a_cut_one_is_not(tmp_path):
    """A motion photo: a complete JPEG, then bytes that look like a scan with no end."""
    import cv2
    import numpy as np

    ok, data = cv2.imencode(".jpg", np.full((32, 48, 3), 90, np.uint8))
    assert ok
    jpeg = data.tobytes()
    motion = tmp_path / "motion.jpg"
    motion.write_bytes(jpeg + b"ftypmp42" + b"\x00" * 5000 + b"\xff\xda" + b"\x01" * 3000)
    assert unreadable_reason(motion) == ""
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(jpeg[: len(jpeg) - 40])
    assert unreadable_reason(cut) != ""
