"""The whales list model: cached summary rows, sorted and filtered in Python, never queried."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from warroom.domain.names import folded
from warroom.domain.records import WhaleSummary
from warroom.domain.words import chance_words, standing_words

_Index = QModelIndex | QPersistentModelIndex


def _day(value: datetime | None, zone: tzinfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d") if value else "never"


def _haystack(whale: WhaleSummary) -> str:
    # Folded once per row, so a keystroke's filter is one substring test per whale; "muller"
    # finds Müller GmbH, as the command line's names do.
    return folded(f"{whale.name}\n{whale.owner}\n{whale.solution}\n{whale.stakeholders}")


def _standing_key(whale: WhaleSummary) -> float:
    """Sorts by days to the sink; the sunk below zero by how long ago, the never warmed last."""
    if whale.days_to_sink > 0:
        return whale.days_to_sink
    return -(whale.sank_days_ago if whale.sank_days_ago is not None else 1e9)


_WIN_CHANCE_TIP = (
    "How often the team's past deals with this heat were won (the whale page says how many); "
    "Reviews shows how right it has been"
)
_TOP_TEN_TIP = "★ One of the top ten: listed first, whatever the sort"
_NO_WIN_CHANCE_TIP = "No open deal, or fewer than 30 closed deals to learn a win chance from"


class WhalesModel(QAbstractTableModel):
    """One row per whale; `set_rows` replaces the cache, `set_filter` narrows what is shown."""

    COLUMNS: tuple[tuple[str, Callable[[WhaleSummary], Any]], ...] = (
        ("Whale", lambda w: w.name.lower()),
        ("Owner", lambda w: w.owner.lower()),
        ("Deal size", lambda w: w.deal_size),
        ("Stage", lambda w: w.stage),
        ("Heat", lambda w: w.heat),
        ("Win chance", lambda w: -1.0 if w.win_chance is None else w.win_chance),
        ("Where it stands", lambda w: _standing_key(w)),
        (
            "Last meaningful",
            lambda w: w.last_meaningful_at.timestamp() if w.last_meaningful_at else 0.0,
        ),
        ("Next step", lambda w: w.next_step_due or date.max),
        ("Touches", lambda w: w.touch_count),
        ("Top ten", lambda w: w.top_ten),
        ("Coverage", lambda w: w.name.lower()),  # sorted by the gaps, which the model holds
    )
    STANDING, COVERAGE = 6, 11

    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._all: list[WhaleSummary] = []
        self._standing: dict[str, str] = {}  # "sinks in 4 days", as the rows were computed
        # Coverage gaps by whale: read after the rows are drawn, so they never delay them.
        self._gaps: dict[str, tuple[str, ...]] = {}
        self._haystacks: list[str] = []
        self._shown: list[WhaleSummary] = []
        self._filter = ""
        self._view: Callable[[WhaleSummary], bool] = lambda _: True
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._star_mark: QPixmap | None = None  # drawn on first use: needs the running app

    # --- Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        whale = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(whale, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 4, 5, 6, 9):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            lines = [whale.name, whale.solution, _TOP_TEN_TIP if whale.top_ten else ""]
            return "\n".join(line for line in lines if line)
        # The top ten are listed first in any sort: marked, so the order is not a puzzle.
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and whale.top_ten:
            return self._star()
        if role == Qt.ItemDataRole.FontRole and column == 0 and whale.top_ten:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return _WIN_CHANCE_TIP if whale.win_chance is not None else _NO_WIN_CHANCE_TIP
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COVERAGE:
            return self._display(whale, column)  # whole, where the cell cuts it short
        if role == Qt.ItemDataRole.UserRole:
            return whale.id
        # Red for a whale that sank (a never-warmed one has nothing to lose yet).
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.STANDING
            and whale.sinking
            and whale.heat
        ):
            return QColor(200, 50, 50)
        return None

    def _star(self) -> QPixmap:
        if self._star_mark is None:
            self._star_mark = QPixmap(16, 16)
            self._star_mark.fill(Qt.GlobalColor.transparent)
            painter = QPainter(self._star_mark)
            painter.setPen(QColor(200, 150, 20))
            painter.drawText(self._star_mark.rect(), Qt.AlignmentFlag.AlignCenter, "★")
            painter.end()
        return self._star_mark

    def _display(self, whale: WhaleSummary, column: int) -> str:
        match column:
            case 0:
                return whale.name
            case 1:
                return whale.owner
            case 2:
                return f"{whale.deal_size:,} {whale.currency}".strip() if whale.deal_size else ""
            case 3:
                return whale.stage
            case 4:
                return f"{whale.heat:.2f}"
            case 5:
                return chance_words(whale.win_chance)
            case 6:
                return self._standing.get(whale.id, "")
            case 7:
                return _day(whale.last_meaningful_at, self._zone)
            case 8:
                return whale.next_step_due.isoformat() if whale.next_step_due else ""
            case 9:
                return str(whale.touch_count)
            case 10:
                return "★ top ten" if whale.top_ten else ""
            case _:
                gaps = self._gaps.get(whale.id)
                return "" if gaps is None else "; ".join(gaps) or "covered"

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        # The selection and the current row follow their whales to their new rows: left
        # where they were, the highlight moved to another whale while its page stayed open,
        # and a touch logged then went to the highlighted one.
        before = self.persistentIndexList()
        whales = [self._shown[i.row()].id if i.isValid() else None for i in before]
        self._apply()
        rows = {whale.id: row for row, whale in enumerate(self._shown)}
        self.changePersistentIndexList(
            before,
            [
                self.index(rows[whale_id], old.column()) if whale_id in rows else QModelIndex()
                for old, whale_id in zip(before, whales, strict=True)
            ],
        )
        self.layoutChanged.emit()

    # --- ours -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[WhaleSummary], at: datetime) -> None:
        """The whales with their figures as of `at`."""
        self.beginResetModel()
        self._all = list(rows)
        self._standing = {w.id: standing_words(w, at, self._zone) for w in rows}
        self._haystacks = [_haystack(w) for w in self._all]
        self._apply()
        self.endResetModel()

    def update_rows(self, rows: Sequence[WhaleSummary], whale_ids: Set[str], at: datetime) -> None:
        """These whales' rows as of `at`, the rest kept: `rows` are the live ones among
        `whale_ids` (one added comes in, one deleted goes)."""
        self.beginResetModel()
        kept = [
            (w, hay)
            for w, hay in zip(self._all, self._haystacks, strict=True)
            if w.id not in whale_ids
        ]
        fresh = [(w, _haystack(w)) for w in rows]
        # In the order the book reads them (by name), as a full read would have them.
        merged = sorted([*kept, *fresh], key=lambda pair: pair[0].name.lower())
        self._all = [w for w, _ in merged]
        self._haystacks = [hay for _, hay in merged]
        for whale_id in whale_ids:
            self._standing.pop(whale_id, None)
        self._standing.update((w.id, standing_words(w, at, self._zone)) for w in rows)
        self._apply()
        self.endResetModel()

    def set_gaps(self, gaps: dict[str, tuple[str, ...]]) -> None:
        """These whales' coverage gaps (the rest kept): the Coverage column fills in."""
        self._gaps.update(gaps)
        if self._sort[0] == self.COVERAGE:
            self.sort(*self._sort)
        elif self._shown:
            self.dataChanged.emit(
                self.index(0, self.COVERAGE), self.index(len(self._shown) - 1, self.COVERAGE)
            )

    def set_view(self, keep: Callable[[WhaleSummary], bool]) -> None:
        """Show only whales a saved view keeps (my whales, sinking this week, ...)."""
        self.beginResetModel()
        self._view = keep
        self._apply()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = folded(text)
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        needle, keep = self._filter, self._view
        shown = [
            w
            for w, hay in zip(self._all, self._haystacks, strict=True)
            if (not needle or needle in hay) and keep(w)
        ]
        column, order = self._sort
        key = self.COLUMNS[column][1]
        if column == self.COVERAGE:
            gaps = self._gaps
            key = lambda w: (-len(gaps.get(w.id, ())), w.name.lower())  # noqa: E731
        shown.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        # The Monday top ten always come first, in the chosen order among themselves.
        shown.sort(key=lambda w: not w.top_ten)
        self._shown = shown

    def row_of(self, whale_id: str) -> int | None:
        return next((i for i, w in enumerate(self._shown) if w.id == whale_id), None)

    def whale_id(self, row: int) -> str:
        return self._shown[row].id

    @property
    def all_whales(self) -> list[WhaleSummary]:
        return list(self._all)

    @property
    def total(self) -> int:
        return len(self._all)
