"""The command line as a test runs it: `cli.run(...)` gives the exit code and what was
printed, `cli.json(...)` the parsed output of a command run with --json (which must pass);
a `Laptop` is one data folder of a team, with a keyring of its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warroom.cli import main
from warroom.services.team_keys import MemoryKeyring


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = self._capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self.run(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


class Laptop:
    def __init__(
        self, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.root, self.monkeypatch, self.capsys = root, monkeypatch, capsys
        self.keyring = MemoryKeyring()

    def run(self, *argv: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("WARROOM_HOME", str(self.root))
        code = main(list(argv), keyring=lambda: self.keyring)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def whales(self) -> list[str]:
        return sorted(w["name"] for w in json.loads(self.run("whales", "--json")[1]))

    def every_byte(self) -> bytes:
        """Everything the laptop keeps in its data folder: the book, logs, settings."""
        return b"".join(p.read_bytes() for p in self.root.rglob("*") if p.is_file())
