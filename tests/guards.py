"""A guard for tests that feed hostile input: it must finish, not be fast.

Speed is measured by the scripts in bench/, never asserted in tests. A few inputs, though,
are built to make a parser hang (catastrophic backtracking in a regular expression, a zip
bomb): those tests size their input so that the bug would take minutes, and fail only past a
bound far above any machine's normal time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["HANG_SECONDS", "no_hang"]

#: How long hostile input may take before a test calls it a hang (it takes milliseconds).
HANG_SECONDS = 10.0


@contextmanager
def no_hang(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail when the block runs longer than ``seconds`` (see the module docstring)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"hostile input took {elapsed:.1f} s: a hang, not a slow run"
