"""Pausing the cyclic garbage collector while a big result is built.

A review of 100k items allocates millions of small objects (cells, findings, one dict per
item for the JSON result) and makes no reference cycles worth collecting on the way; with the
collector running, each allocation burst triggers full collections that walk every live
object. Measured on 100k items: about 1 s of 16 while checking, 0.15 s of 3 while reading,
0.5 s of 0.6 while building the JSON result's item mappings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nests; usable as a decorator)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
