"""What the link check read from each page, kept between builds (linkcheck.py): a page whose
bytes are the same as in an earlier build is not parsed again. Only the reading is reused;
the check itself (does the target exist, does it have the #anchor) runs every time against
the tree being checked.

Entries are keyed by a digest of what the reading depends on (the page's bytes, and for a
page read by its template the template and the page's value lengths), so a stale entry is
never found; the file name holds a digest of the checker's code, so a store written by
other code is never read. The store is one pickle of our own in `<cache>/links/` after a digest of
it, written once per check (temporary file, then rename) with only the entries this check used; a store that
cannot be read or does not match its digest is ignored (the pages are parsed again), never
an error, and so is an entry that is not a reading linkcheck.py stored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

_CODE = ("linkcheck.py", "linkcache.py")  # the reading and its stored form
_SUM = 16  # the file: a digest of the rest, then the pickled entries


def code_version() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


class ParseStore:
    """key (bytes) → a stored reading (a tuple of str and bytes, opaque here); see linkcheck.py."""

    def __init__(self, folder: Path):
        self.path = folder / "links" / f"parse-{code_version()}.pickle"
        self.entries: dict[bytes, tuple] = {}
        self.loaded = False

    def load(self) -> None:
        """Read the stored entries (in the parent, before the workers are forked)."""
        if self.loaded:
            return
        self.loaded = True
        try:
            raw = self.path.read_bytes()
            if hashlib.blake2b(raw[_SUM:], digest_size=_SUM).digest() != raw[:_SUM]:
                return  # damaged (or not written by us)
            stored = pickle.loads(raw[_SUM:])
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
                TypeError, IndexError, KeyError, MemoryError, RecursionError):
            return
        if isinstance(stored, dict):
            self.entries = stored

    def get(self, key: bytes) -> tuple | None:
        entry = self.entries.get(key)
        return entry if isinstance(entry, tuple) else None

    def save(self, used: set[bytes], new: dict[bytes, tuple]) -> None:
        """Keep exactly the entries of `used` (found or new); write only when that changes the store
        (`new`: entries read this time, also those replacing a stored one that could not be used)."""
        kept = {k: self.entries[k] for k in used if k in self.entries and isinstance(self.entries[k], tuple)}
        fresh = {k: v for k, v in new.items() if k in used}
        if not fresh and kept.keys() == self.entries.keys():
            return
        kept.update(fresh)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob("parse-*.pickle"):
                if old != self.path:
                    old.unlink(missing_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.part")
            try:
                data = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
                with open(partial, "wb") as f:
                    f.write(hashlib.blake2b(data, digest_size=_SUM).digest())
                    f.write(data)
                os.replace(partial, self.path)
            finally:
                partial.unlink(missing_ok=True)
        except OSError:
            pass  # a store is only a shortcut
        self.entries = kept
