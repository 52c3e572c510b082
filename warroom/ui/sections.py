"""The main window's sections, each built (and its module imported) the first time it is
wanted: shown, or asked for by name. The window opens with the one section it shows, not
ten, as napari builds a dock widget when it is first opened; a section built after the book
opened catches up as any hidden section does (views.lazy), when it is first shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QStackedWidget, QWidget


class Sections(Mapping[str, QWidget]):
    def __init__(
        self,
        stack: QStackedWidget,
        names: tuple[str, ...],
        make: Callable[[str], QWidget],
        book_open: Callable[[], bool],
    ) -> None:
        self._stack = stack
        self._names = names
        self._make = make
        self._book_open = book_open
        self._built: dict[str, QWidget] = {}
        # An empty page holds each section's place in the stack until it is built.
        self._places = {name: QWidget() for name in names}
        for name in names:
            stack.addWidget(self._places[name])

    def __getitem__(self, name: str) -> QWidget:
        view = self._built.get(name)
        if view is not None:
            return view
        if name not in self._places:
            raise KeyError(name)
        view = self._make(name)
        place = self._places.pop(name)
        shown = self._stack.currentWidget() is place
        self._stack.insertWidget(self._stack.indexOf(place), view)
        if shown:
            self._stack.setCurrentWidget(view)
        self._stack.removeWidget(place)
        place.deleteLater()
        self._built[name] = view
        if self._book_open():
            # The book's opening went by before it was built: load when shown.
            refresh = getattr(view, "refresh", None)
            if callable(refresh):
                refresh()
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def built(self) -> list[QWidget]:
        """The sections built so far: only they hear of changes (the others load whole
        when built)."""
        return list(self._built.values())
