"""A team server's password: taken out of the URL the book keeps, and kept in the OS keyring
(or the passphrase-wrapped key file, as the team key is) by user, server and database."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode

from warroom.domain.errors import BadInput, WarroomError
from warroom.services.team_keys import SERVICE, KeyringBackend


def split_password(url: str) -> tuple[str, str | None]:
    """The URL without its password (what the book may keep), and the password if given,
    in the user part (USER:PASSWORD@) or as libpq's `password=` option."""
    scheme, _, rest = url.partition("://")
    rest, _, query = rest.partition("?")
    options = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in options if name != "password"]
    password = next((value for name, value in options if name == "password"), None)
    netloc, slash, path = rest.partition("/")
    userinfo, at, hosts = netloc.rpartition("@")
    if at and ":" in userinfo:
        user, _, given = userinfo.partition(":")
        netloc, password = f"{user}@{hosts}", unquote(given)
    if password is None:
        return url, None
    if len(kept) == len(options):
        tail = f"?{query}" if query else ""  # the options as the user wrote them
    else:
        tail = f"?{urlencode(kept)}" if kept else ""
    return f"{scheme}://{netloc}{slash}{path}{tail}", password


def _account(url: str) -> str:
    """The keyring entry of a server's password: user, hosts and database, options aside."""
    bare = url.partition("://")[2].partition("?")[0]
    return f"server-{bare}"


class ServerPasswords:
    """Team-server passwords in the OS keyring (or the key file), by user, server and database."""

    def __init__(self, backend: KeyringBackend) -> None:
        self.backend = backend

    def get(self, url: str) -> str | None:
        try:
            return self.backend.get_password(SERVICE, _account(url))
        except WarroomError:
            raise
        except Exception as exc:  # keyring backends raise their own kinds
            raise BadInput(f"the OS keyring cannot be read ({exc})") from exc

    def set(self, url: str, password: str) -> None:
        try:
            self.backend.set_password(SERVICE, _account(url), password)
        except WarroomError:
            raise
        except Exception as exc:
            raise BadInput(f"the OS keyring refused the server's password ({exc})") from exc
