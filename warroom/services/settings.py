"""The book's settings through their rules (warroom.domain.book_settings): a value is checked
before it is stored, a bad stored one reads as the default and is reported instead of stopping
the app, and any one can be put back to its default by a normal edit, which syncs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.domain.book_settings import RULES, StoredSetting, check_setting, read_setting
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.text import quote
from warroom.store import edits, queries
from warroom.store.db import Session, Store


def read(session: Session, key: str) -> Any:
    """`key`'s value as the app uses it: the default when it is unset or its stored value is
    bad (`Settings.problems` names those)."""
    return read_setting(key, queries.setting_text(session, key)).value


def write(session: Session, key: str, value: Any, at: datetime) -> None:
    """Store `value` (JSON-ready) under `key`; BadInput, and nothing written, when it breaks
    the key's rule."""
    check_setting(key, value)
    edits.set_setting(session, key, value, at)


class Settings:
    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> list[StoredSetting]:
        """Every key this version knows and every key the book holds, by key, each as read."""
        with self.store.transaction() as session:
            texts = queries.setting_texts(session)
        return [read_setting(key, texts.get(key)) for key in sorted(set(RULES) | set(texts))]

    def problems(self) -> list[StoredSetting]:
        """The stored values that break their key's rule, each read as its default."""
        return [setting for setting in self.all() if setting.problem]

    def reset(self, key: str, at: datetime) -> Done[bool]:
        """Put `key` back to its default with an ordinary edit (the value null), so it travels
        to the team like any other; False when it already was."""
        with self.store.transaction() as session:
            text = queries.setting_text(session, key)
            if text is None and key not in RULES:
                raise BadInput(f"no setting {quote(key)}; 'warroom settings' lists them")
            if not read_setting(key, text).stored:
                return Done(False, Changes())
            edits.set_setting(session, key, None, at)
        return Done(True, Changes(settings=frozenset({key})))
