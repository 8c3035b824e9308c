"""The C allocator's settings for a batch: page-sized strings go back to the system when freed.

A batch allocates and frees thousands of strings of 100 kB-1 MB (page sources, their text,
the pickles that carry them to and from worker processes). glibc serves such sizes from its
heaps once a first one has been freed (its mmap threshold adapts upwards) and from one heap
per thread that allocates, and keeps what is freed there: the batch process grew by about
4 MB per account. `tune_allocator` fixes the threshold (allocations of 64 kB and more are
their own mappings, returned on free) and uses two heaps; `release_memory` hands back what the
heaps hold free. Both do nothing with another C library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 64 * 1024
"""Allocations from this size up are separate mappings (glibc's default adapts up to 32 MB)."""


@functools.cache
def _libc() -> Any:
    """Return glibc, or None when the C library is another (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018 - glibc's own
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def tune_allocator() -> None:
    """Set this process's allocator for page-sized strings (inherited by forked workers)."""
    if (libc := _libc()) is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, 2 * MMAP_THRESHOLD)
        libc.mallopt(_M_ARENA_MAX, 2)


def release_memory() -> None:
    """Give the memory the allocator holds free back to the system (a few ms at most)."""
    if (libc := _libc()) is not None:
        libc.malloc_trim(0)
