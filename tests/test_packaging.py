"""The Linux desktop entry and AppStream metainfo agree with the app they launch."""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from warroom import __version__

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
ID = "io.github.warroom.WarRoom"


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # desktop entry keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_launches_the_installed_command() -> None:
    entry = desktop_entry(LINUX / f"{ID}.desktop")
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] in scripts
    assert entry["Icon"] == ID
    assert (ROOT / "resources" / "icons" / "warroom.svg").is_file()


def test_the_app_names_its_desktop_entry() -> None:
    from warroom.ui.launch import DESKTOP_ID

    assert DESKTOP_ID == ID


def test_the_metainfo_names_this_release() -> None:
    component = ET.parse(LINUX / f"{ID}.metainfo.xml").getroot()
    assert component.findtext("id") == ID
    assert component.findtext("launchable") == f"{ID}.desktop"
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == __version__


def test_install_desktop_points_the_menu_at_the_given_warroom(tmp_path: Path) -> None:
    exe = tmp_path / "bin" / "warroom"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    data = tmp_path / "data"
    subprocess.run(
        ["bash", str(LINUX / "install-desktop.sh"), str(exe)],
        check=True,
        capture_output=True,
        env={**os.environ, "XDG_DATA_HOME": str(data)},
    )
    entry = desktop_entry(data / "applications" / f"{ID}.desktop")
    assert entry["Exec"] == f'"{exe}"'
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{ID}.svg").is_file()
    assert (data / "metainfo" / f"{ID}.metainfo.xml").is_file()


def test_install_desktop_refuses_a_missing_warroom(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", str(LINUX / "install-desktop.sh"), str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path)},
    )
    assert done.returncode == 1
    assert "no warroom at" in done.stderr
    assert not (tmp_path / "applications").exists()


PNG = b"\x89PNG\r\n\x1a\n"


def _png_side(data: bytes) -> int:
    assert data.startswith(PNG)
    return int.from_bytes(data[16:20], "big")  # IHDR width


def test_the_windows_icon_holds_every_size_as_png() -> None:
    """Pass: warroom.ico's directory lists 16-256 px entries, each a PNG of that size."""
    data = (ROOT / "resources" / "icons" / "warroom.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sides = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        side = _png_side(data[offset : offset + size])
        assert side == (width or 256)
        sides.append(side)
    assert sides == [16, 24, 32, 48, 64, 128, 256]


def test_the_mac_icon_holds_png_entries_up_to_1024() -> None:
    """Pass: warroom.icns has a consistent length and PNG entries up to 1024 px."""
    data = (ROOT / "resources" / "icons" / "warroom.icns").read_bytes()
    assert data[:4] == b"icns" and int.from_bytes(data[4:8], "big") == len(data)
    offset, sides = 8, {}
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            int.from_bytes(data[offset + 4 : offset + 8], "big"),
        )
        sides[kind] = _png_side(data[offset + 8 : offset + length])
        offset += length
    assert offset == len(data)
    assert sides[b"ic10"] == 1024 and sides[b"icp4"] == 16


def test_the_bundle_recipe_names_files_that_exist() -> None:
    """Pass: the spec's entry point, icons and data folders are all there, and CI builds and
    runs the bundle."""
    spec = (ROOT / "packaging" / "warroom.spec").read_text()
    for part in ("warroom_main.py", "warroom.ico", "warroom.icns", "migrations"):
        assert part in spec
    assert (ROOT / "packaging" / "warroom_main.py").exists()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "packaging/build.sh" in ci and "packaging/smoke.sh" in ci
