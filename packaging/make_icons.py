"""Render resources/icons/warroom.svg into the icons each platform's bundle wants.

    .venv/bin/python packaging/make_icons.py

Writes warroom.ico (Windows: PNG entries 16-256 px), warroom.icns (macOS: PNG entries
16-1024 px) and warroom-256.png (Linux, window icon) beside the SVG. Both container formats
allow PNG entries, so Qt's SVG renderer is all it takes; the files are committed, and this is
run again only when the SVG changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# (type, pixels): the PNG-carrying ICNS entries, 1x and 2x.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(renderer: QSvgRenderer) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data
        for kind, data in ((kind, png(renderer, size)) for kind, size in ICNS_TYPES)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "warroom.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'warroom.svg'}", file=sys.stderr)
        return 1
    (ICONS / "warroom.ico").write_bytes(ico({size: png(renderer, size) for size in ICO_SIZES}))
    (ICONS / "warroom.icns").write_bytes(icns(renderer))
    (ICONS / "warroom-256.png").write_bytes(png(renderer, 256))
    print(f"wrote warroom.ico, warroom.icns and warroom-256.png in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
