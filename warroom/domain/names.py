"""Finding a whale by what a seller types: its full name, or enough of it (any case, with or
without accents), and the closest names when nothing matches."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping


def folded(text: str) -> str:
    """Case- and accent-free: "Zürich Ré" and "zurich re" fold alike."""
    if text.isascii():  # nothing to decompose: a sales floor folds 300,000 names at once
        return text.strip().casefold()
    # Case folded after decomposing too: 'ᴬ' decomposes to 'A', which must fold as well.
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold()).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def matches(text: str, names: Mapping[str, str]) -> list[str]:
    """Ids whose name is `text` exactly (folded), else starts with it, else contains it."""
    wanted = folded(text)
    if not wanted:
        return []
    by_id = {key: folded(name) for key, name in names.items()}
    for test in (
        lambda name: name == wanted,
        lambda name: name.startswith(wanted),
        lambda name: wanted in name,
    ):
        found = [key for key, name in by_id.items() if test(name)]
        if found:
            return sorted(found, key=lambda key: names[key].lower())
    return []


def closest(text: str, names: Mapping[str, str], count: int = 3) -> list[str]:
    """The names most like `text`, for a "did you mean" when nothing matched."""
    folded_names = {folded(name): name for name in names.values()}
    near = difflib.get_close_matches(folded(text), list(folded_names), n=count, cutoff=0.5)
    return [folded_names[name] for name in near]
