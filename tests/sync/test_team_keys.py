"""The team key in the OS keyring: kept by key id, and one clear message when it fails."""

from __future__ import annotations

import pytest

from warroom.domain.errors import BadInput
from warroom.services import segments
from warroom.services.team_keys import SERVICE, MemoryKeyring, TeamKeys


class NoKeyring:
    """What `keyring` gives on a Linux box without a Secret Service."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("No recommended backend was available")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("No recommended backend was available")


def test_keys_are_kept_by_id_and_rotation_adds_without_dropping() -> None:
    """Pass: two keys added for a team are both there after; another team has none."""
    keys = TeamKeys(MemoryKeyring())
    first, second = segments.new_key(), segments.new_key()
    keys.add("t1", segments.key_id(first), first)
    keys.add("t1", segments.key_id(second), second)
    assert keys.keys("t1") == {segments.key_id(first): first, segments.key_id(second): second}
    assert keys.keys("t2") == {}


def test_no_keyring_and_a_damaged_entry_are_clear_messages() -> None:
    """Pass: a missing OS keyring and a damaged entry each raise one BadInput saying so."""
    with pytest.raises(BadInput, match=r"cannot be read.*Secret Service"):
        TeamKeys(NoKeyring()).add("t1", "k", b"x" * 32)
    locked = MemoryKeyring()
    locked.set_password = NoKeyring().set_password  # type: ignore[method-assign]
    with pytest.raises(BadInput, match="OS keyring refused"):
        TeamKeys(locked).add("t1", "k", b"x" * 32)
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "team-t1", "not json")
    with pytest.raises(BadInput, match="damaged"):
        TeamKeys(backend).keys("t1")


def test_recovery_code_round_trips_and_names_its_faults() -> None:
    """Pass: a code gives back its key, spaces and case aside; a cut code and a typo are told
    apart."""
    key = segments.new_key()
    code = segments.recovery_code(key)
    assert segments.key_from_code(code.lower().replace("-", " ")) == key
    with pytest.raises(BadInput, match="not complete"):
        segments.key_from_code(code[:-5])
    typo = code[:1] + ("A" if code[1] != "A" else "B") + code[2:]
    with pytest.raises(BadInput, match="typo"):
        segments.key_from_code(typo)
