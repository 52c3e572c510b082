"""Team ▸ Sync status, for a lead who has just made the team: the time of the last sync on
the rep's clock, and what the empty list of other laptops means."""

from __future__ import annotations

import time

import pytest

from warroom.services.sync import SyncStatus
from warroom.ui.dialogs.sync_status import SyncDialog


def test_a_team_of_one_laptop_says_how_others_join_and_times_read_on_the_reps_clock(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        dialog = SyncDialog()
        qtbot.addWidget(dialog)
        status = SyncStatus(
            True,
            "Enterprise North",
            "d1",
            "Elena's laptop",
            "/tmp/share",
            "2026-12-06T23:02:00+00:00",
            [],
            0,
            [],
        )
        dialog.show_status(status, None)
        assert "Last sync: 2026-12-07 08:02" in dialog.summary.text()  # Tokyo, not UTC
        assert dialog.alone.isVisibleTo(dialog) and "recovery code" in dialog.alone.text()
    finally:
        monkeypatch.undo()  # the zone as it was, for the tests after
        time.tzset()
