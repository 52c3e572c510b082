"""The Linux desktop entry and AppStream metainfo agree with the app they launch."""

from __future__ import annotations

import configparser
import os
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
