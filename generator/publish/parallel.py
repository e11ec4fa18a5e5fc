"""Work spread over forked processes (Linux): the children share the parent's memory at
the moment of the fork, so only their results travel back, never the Atlas.

Used where the work per district is independent (rendering a district's pages, map and
downloads). On one core, or for a little work, everything runs in this process."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
MIN_ITEMS = 200  # below this, forking costs more than it saves
CHUNKS = 16  # per worker


def workers() -> int:
    """Processes to use: ATLAS_WORKERS, else the CPUs this process may run on."""
    wanted = os.environ.get("ATLAS_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run(bounds: tuple[int, int]) -> list[Any]:
    fn, items = _JOB
    return [fn(item) for item in items[bounds[0]:bounds[1]]]


class Pending:
    """Results of `start`; `get()` waits for them, in the order of the items; `each()` gives
    them in that order as soon as each worker's chunk is back (the caller works on the first
    ones while the workers do the rest)."""

    def __init__(self, pool, result, local):
        self._pool, self._result, self._local = pool, result, local

    def get(self) -> list[Any]:
        return list(self.each())

    def each(self) -> Iterator[Any]:
        if self._pool is None:
            yield from self._local()
            return
        try:
            for chunk in self._result:
                yield from chunk
        finally:
            self._pool.close()
            self._pool.join()


def start(fn: Callable[[Any], Any], items: Sequence[Any], n: int | None = None) -> Pending:
    """Begin fn(item) for every item in `n` forked processes and return at once, so this
    process can do other work meanwhile. Exceptions in a child are raised by `get()`."""
    global _JOB
    n = workers() if n is None else n
    if n <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return Pending(None, None, lambda: [fn(item) for item in items])
    _JOB = (fn, items)
    try:
        # each child first moves what it shares with this process out of its own collector's
        # reach (gc.freeze: O(1), no object touched), so its collections never write to those
        # objects' headers, which would copy every page holding one (copy-on-write)
        pool = multiprocessing.get_context("fork").Pool(n, initializer=gc.freeze)
    finally:
        _JOB = None  # the children have their copy
    # chunks of 1/16 of a worker's share: the last to end leaves the other cores idle for at
    # most one chunk's time (with 4, at nation size the render's tail ran on one core ~5 s)
    size = -(-len(items) // (n * CHUNKS))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    return Pending(pool, pool.imap(_run, bounds, chunksize=1), None)
