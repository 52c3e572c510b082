"""Benchmarks, run by hand (`make bench` or `python -m benchmarks`); each prints a ratio."""

from pathlib import Path


def as_installed() -> None:
    """Compile the app's bytecode first, as pip does when it installs a wheel: a checkout run
    with PYTHONDONTWRITEBYTECODE (as on these machines) would otherwise compile every module
    again in every process timed, which no user waits for."""
    import compileall

    import warroom

    compileall.compile_dir(Path(warroom.__file__).parent, quiet=1)
