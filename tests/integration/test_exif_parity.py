"""read_image (worker side) and Qt's QImageReader with auto-transform (GUI side) agree on
the pixels of EXIF-oriented JPEGs, so a box drawn in the GUI lands on the same pixels in
training."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtGui

from core.data.imageio import image_size, read_image


def _qt_read(path) -> np.ndarray:
    reader = QtGui.QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    assert not image.isNull(), reader.errorString()
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()


def _stored_image() -> np.ndarray:
    """A stored (not yet oriented) 48x80 image: grey with a red patch and a blue corner mark."""
    img = np.full((48, 80, 3), 110, np.uint8)
    img[8:24, 16:40] = (230, 20, 20)  # red patch
    img[36:46, 64:78] = (20, 20, 230)  # blue mark, makes every orientation distinguishable
    return img


def _red_box(img: np.ndarray) -> tuple[int, int, int, int]:
    """xyxy pixel extent of the red patch."""
    ys, xs = np.nonzero((img[:, :, 0] > 150) & (img[:, :, 1] < 90) & (img[:, :, 2] < 90))
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.mark.parametrize("orientation", range(1, 9))
def test_read_image_matches_qt_auto_transform(tmp_path, orientation):
    path = tmp_path / f"orientation {orientation}.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(_stored_image()).save(path, quality=95, exif=exif)

    ours, qt = read_image(path), _qt_read(path)
    assert ours.shape == qt.shape
    assert np.abs(ours.astype(int) - qt.astype(int)).mean() < 2.0  # JPEG decoder noise only
    assert image_size(path) == (qt.shape[1], qt.shape[0])

    # A box the user draws around the patch in the GUI covers the same pixels in training.
    box = _red_box(qt)
    assert box == _red_box(ours)
    x0, y0, x1, y1 = box
    patch = ours[y0:y1, x0:x1].astype(int)
    assert (patch[:, :, 0] > 150).mean() > 0.95
    if orientation != 1:  # the orientation really moved the patch away from where it is stored
        assert box != _red_box(_stored_image())
