"""Errors a user can cause and act on; anything else is a bug."""

from __future__ import annotations


class WarroomError(Exception):
    """A problem the user can fix; the message says what and what to do."""


class BadInput(WarroomError):
    """A value typed or passed in is not acceptable."""


class NotFound(WarroomError):
    """A named whale, rep or file does not exist."""


class Ambiguous(WarroomError):
    """A name matches more than one record."""


class NotABook(WarroomError):
    """A file is not a War Room book, is corrupt, or is from a newer version."""


class Refused(WarroomError):
    """The operation would lose or overwrite data the user did not ask to lose."""


class BookBusy(WarroomError):
    """Another program held the book's write lock too long; nothing was written."""


class ReadOnly(WarroomError):
    """The book or its folder cannot be written (permissions, a read-only disk)."""


class SameCompany(BadInput):
    """A new whale's name is an existing whale's by the matching rule ('Globex Inc' is
    'GLOBEX'): said once, so a company is not written down twice by hand."""
