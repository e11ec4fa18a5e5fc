"""Wall time of a build's stages, for the benchmark (bench.py): with ATLAS_TIMINGS set to a
file, `generator build` appends one JSON line {stage: seconds} to it when it ends."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

_TIMES: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        _TIMES[name] = _TIMES.get(name, 0.0) + time.perf_counter() - start


def write() -> None:
    """Append the stages timed since the last call to ATLAS_TIMINGS (if set); forget them."""
    path = os.environ.get("ATLAS_TIMINGS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({k: round(v, 3) for k, v in _TIMES.items()}) + "\n")
    _TIMES.clear()
