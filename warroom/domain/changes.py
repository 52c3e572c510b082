"""What an operation changed, so each view refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

_Ids = frozenset[str]
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Ids touched by one operation, by kind of data; `book` means the whole book was swapped."""

    reps: _Ids = field(default_factory=frozenset)
    whales: _Ids = field(default_factory=frozenset)
    deals: _Ids = field(default_factory=frozenset)
    stakeholders: _Ids = field(default_factory=frozenset)
    touches: _Ids = field(default_factory=frozenset)
    triggers: _Ids = field(default_factory=frozenset)
    cadences: _Ids = field(default_factory=frozenset)
    reviews: _Ids = field(default_factory=frozenset)
    tasks: _Ids = field(default_factory=frozenset)
    settings: _Ids = field(default_factory=frozenset)
    book: bool = False

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        return Changes(**merged)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches_any(self, *kinds: str) -> bool:
        """True when the whole book changed or any of the named kinds did."""
        return self.book or any(getattr(self, kind) for kind in kinds)


@dataclass(frozen=True)
class Done(Generic[T]):
    """The result of one edit: its value and what it changed."""

    value: T
    changes: Changes
