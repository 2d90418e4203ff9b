"""Python's cyclic garbage collector paused for a bulk job.

A bulk load creates millions of short-lived lists and tuples (decoded rows, parameter tuples)
and keeps big dictionaries alive (id maps); every few hundred allocations the collector runs
and its older generations walk all of them again. Measured on a township package of 550,000
rows: 20-25% of the whole import. Nothing in such a job builds reference cycles that need the
collector (reference counting frees the rows), so it is switched off while the job runs and
switched back on afterwards. Process-wide: other threads run without it meanwhile, which only
delays the collection of their cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
