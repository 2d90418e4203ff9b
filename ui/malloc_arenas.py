"""Fewer malloc arenas: the memory of many short-lived threads is reused, not kept.

Every count, search and job runs on a thread of its own. On Linux, glibc gives each new thread
its own malloc arena (up to eight per core) and keeps what the thread freed inside it, broken
into pieces that the next thread, in another arena, cannot reuse. The GUI soak's RSS grew by
about 40 MB in 900 steps with every widget accounted for; with two arenas it grew 18 MB in 750
and then stayed flat. Called first thing at start, before any thread exists.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8        # glibc's mallopt parameter (malloc.h)
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """True when glibc took the limit; False elsewhere (Windows, macOS, musl): nothing to do."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1
