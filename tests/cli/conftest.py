"""The command line as a test runs it: `cli.run(...)` gives the exit code and what was
printed, `cli.json(...)` the parsed output of a command run with --json (which must pass)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from warroom.cli import main


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
