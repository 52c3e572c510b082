"""The team key where there is no OS keyring: a passphrase-wrapped file in the data folder."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as NoKeyring

from warroom.services import segments
from warroom.services.key_file import (
    KEY_FILE,
    KeyFile,
    NeedPassphrase,
    WrongPassphrase,
    key_store,
)
from warroom.services.team_keys import MemoryKeyring, TeamKeys


def _asker(passphrase: str | None, asked: list[bool] | None = None):  # type: ignore[no-untyped-def]
    def ask(new: bool) -> str:
        if asked is not None:
            asked.append(new)
        if passphrase is None:
            raise NeedPassphrase(new)
        return passphrase

    return ask


def test_a_key_put_in_the_file_comes_back_with_the_passphrase_only(tmp_path: Path) -> None:
    """Pass: a team key saved through the file is read back with the same passphrase, in a
    new session; the wrong passphrase is refused by name; the file holds no key in clear."""
    key = segments.new_key()
    path = tmp_path / KEY_FILE
    asked: list[bool] = []
    TeamKeys(KeyFile(path, _asker("correct horse", asked))).add("team1", "k1", key)
    assert asked == [True]  # chosen once, when the file is made
    assert TeamKeys(KeyFile(path, _asker("correct horse"))).keys("team1") == {"k1": key}
    with pytest.raises(WrongPassphrase, match="that passphrase does not open"):
        TeamKeys(KeyFile(path, _asker("wrong horse"))).keys("team1")
    text = path.read_text()
    assert base64.b64encode(key).decode() not in text and key.hex() not in text
    assert json.loads(text)["kdf"]["name"] == "scrypt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_passphrase_is_asked_once_per_session(tmp_path: Path) -> None:
    """Pass: one KeyFile (one session) derives the key once; later reads and a second key
    ask nothing more."""
    path = tmp_path / KEY_FILE
    TeamKeys(KeyFile(path, _asker("correct horse"))).add("team1", "k1", segments.new_key())
    asked: list[bool] = []
    keys = TeamKeys(KeyFile(path, _asker("correct horse", asked)))
    keys.keys("team1")
    keys.add("team1", "k2", segments.new_key())
    keys.keys("team1")
    assert asked == [False]
    assert set(keys.keys("team1")) == {"k1", "k2"}


def test_an_open_app_sees_a_key_the_command_line_added_and_keeps_it(tmp_path: Path) -> None:
    """Pass: the app has the file open; the command line (another process) adds the new
    team key after a rotation; the app reads it without asking again, and a key the app adds
    next keeps the command line's."""
    path = tmp_path / KEY_FILE
    app = TeamKeys(KeyFile(path, _asker("correct horse")))
    app.add("team1", "k1", segments.new_key())
    assert set(app.keys("team1")) == {"k1"}
    TeamKeys(KeyFile(path, _asker("correct horse"))).add("team1", "k2", segments.new_key())
    asked: list[bool] = []
    app_file = KeyFile(path, _asker("correct horse", asked))
    app = TeamKeys(app_file)
    app.keys("team1")
    TeamKeys(KeyFile(path, _asker("correct horse"))).add("team1", "k3", segments.new_key())
    assert set(app.keys("team1")) == {"k1", "k2", "k3"} and asked == [False]
    app.add("team1", "k4", segments.new_key())
    assert set(TeamKeys(KeyFile(path, _asker("correct horse"))).keys("team1")) == {
        "k1",
        "k2",
        "k3",
        "k4",
    }


def test_no_passphrase_yet_is_its_own_error_and_nothing_is_written(tmp_path: Path) -> None:
    """Pass: with nobody to ask, the key file says it needs a passphrase, and no file is
    made; a passphrase too short to choose is refused."""
    path = tmp_path / KEY_FILE
    with pytest.raises(NeedPassphrase):
        TeamKeys(KeyFile(path, _asker(None))).add("team1", "k1", segments.new_key())
    assert not path.exists()
    with pytest.raises(Exception, match="at least 8 characters"):
        TeamKeys(KeyFile(path, _asker("short"))).add("team1", "k1", segments.new_key())
    assert not path.exists()


def test_the_key_file_is_used_where_there_is_no_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: no OS keyring means the key file; a working keyring is used as before; a key
    file once made is kept to; WARROOM_KEYRING=file asks for the file."""
    ask = _asker("correct horse")
    assert isinstance(key_store(tmp_path, NoKeyring, ask), KeyFile)
    memory = MemoryKeyring()
    assert key_store(tmp_path, lambda: memory, ask) is memory
    monkeypatch.setenv("WARROOM_KEYRING", "file")
    assert isinstance(key_store(tmp_path, lambda: memory, ask), KeyFile)
    monkeypatch.delenv("WARROOM_KEYRING")
    (tmp_path / KEY_FILE).write_text("{}")
    assert isinstance(key_store(tmp_path, lambda: memory, ask), KeyFile)


def test_a_damaged_key_file_is_one_clear_message(tmp_path: Path) -> None:
    """Pass: junk, another program's JSON or a cost that would hang are refused by name."""
    path = tmp_path / KEY_FILE
    keys = TeamKeys(KeyFile(path, _asker("correct horse")))
    keys.add("team1", "k1", segments.new_key())
    document = json.loads(path.read_text())
    for junk in ("not json", json.dumps({"format": "other"})):
        path.write_text(junk)
        with pytest.raises(Exception, match=str(path)):
            TeamKeys(KeyFile(path, _asker("correct horse"))).keys("team1")
    document["kdf"]["n"] = 2**30
    path.write_text(json.dumps(document))
    with pytest.raises(Exception, match="unknown key derivation"):
        TeamKeys(KeyFile(path, _asker("correct horse"))).keys("team1")
