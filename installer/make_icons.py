"""Render resources/icons/efficientdet-studio.svg into the icons the installers need.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py

Writes efficientdet-studio.png (256 px, the Linux desktop entry's icon), .ico (Windows,
16-256 px) and .icns (macOS, 16-1024 px) beside the SVG. Run it after editing the SVG and commit
the results: the build does not need Qt's SVG renderer or Pillow at build time.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "efficientdet-studio"


def render(svg: Path, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / f"{NAME}.svg"
    big = render(svg, 1024)
    render(svg, 256).save(ICONS / f"{NAME}.png")
    big.save(ICONS / f"{NAME}.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / f"{NAME}.icns")
    for suffix in ("png", "ico", "icns"):
        print(ICONS / f"{NAME}.{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
