"""Benchmarks, run by hand (`make bench` or `python -m benchmarks`); each prints a ratio."""
