"""Whale War Room: keep big enterprise deals from decaying into do-nothing."""

__version__ = "0.1.0"
