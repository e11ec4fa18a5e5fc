"""What the link check read from each page, kept between builds (linkcheck.py): a page whose
bytes are the same as in an earlier build is not parsed again; and what each page's check
found, reused only while nothing it depends on changed (`CheckStore` below).

Entries are keyed by a digest of what the reading depends on (the page's bytes, and for a
page read by its template the template and the page's value lengths), so a stale entry is
never found; the file name holds a digest of the checker's code, so a store written by
other code is never read. The store is one file in `<cache>/links/`, written once per check
(temporary file, then rename) with only the entries this check used. It is not a pickle:
reading it runs no code whatever it holds (a cache folder can come from elsewhere), only
the plain layout below. A store that cannot be read, or does not match the digest at its
start, is ignored (the pages are parsed again), never an error.

A reading is `()` (a page its template cannot read) or `(ids, hrefs, offsets)`: two texts and
bytes, whose meaning is linkcheck.py's. File: digest of the rest (16 bytes), then per entry
the key (16 bytes), and for a reading of three parts their byte lengths (3 × 4 bytes, little
endian; a key followed by four 0xff bytes is `()`) and the parts (UTF-8, UTF-8, bytes).

`CheckStore` keeps what the last check found on each page (`checked-<code>.json` beside the
readings): a later check takes a page's findings as they are when the tree holds the same
files and folders, the page is the same (its identity: the key of its reading) and so is every
page whose #anchors it looked up. JSON, so reading it runs no code either; one whose layout is
not exactly the one below is ignored.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

from .cache_dir import CacheDir, at

_CODE = ("linkcheck.py", "linkcache.py")  # the reading and its stored form
_SUM = 16  # bytes of the digest at the start of the file
_KEY = 16  # bytes of a key
_SIZES = struct.Struct("<III")
_NONE = b"\xff\xff\xff\xff"  # in place of the sizes: the reading `()`


def code_version() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


def _encode(entries: dict[bytes, tuple]) -> bytes:
    out = []
    for key, value in entries.items():
        if len(key) != _KEY:
            continue
        if value == ():
            out += [key, _NONE]
            continue
        ids, hrefs, offsets = (x.encode("utf-8", "surrogatepass") if isinstance(x, str) else x for x in value)
        out += [key, _SIZES.pack(len(ids), len(hrefs), len(offsets)), ids, hrefs, offsets]
    body = b"".join(out)
    return hashlib.blake2b(body, digest_size=_SUM).digest() + body


def _decode(raw: bytes) -> dict[bytes, tuple]:
    """The entries of a store file; ValueError (or struct.error) when it is not one."""
    body = memoryview(raw)[_SUM:]
    if len(raw) < _SUM or hashlib.blake2b(body, digest_size=_SUM).digest() != raw[:_SUM]:
        raise ValueError("damaged")
    entries, pos, end = {}, 0, len(body)
    while pos < end:
        key = bytes(body[pos:pos + _KEY])
        pos += _KEY
        if body[pos:pos + 4] == _NONE:
            entries[key] = ()
            pos += 4
            continue
        a, b, c = _SIZES.unpack_from(body, pos)
        pos += _SIZES.size
        if pos + a + b + c > end:
            raise ValueError("truncated")
        ids = str(body[pos:pos + a], "utf-8", "surrogatepass")
        hrefs = str(body[pos + a:pos + a + b], "utf-8", "surrogatepass")
        entries[key] = (ids, hrefs, bytes(body[pos + a + b:pos + a + b + c]))
        pos += a + b + c
    return entries


class ParseStore:
    """key (bytes) → a stored reading (see above); linkcheck.py packs and unpacks them.
    `folder`: the cache folder (a Path: one the caller chose, cache_dir.at)."""

    def __init__(self, folder: CacheDir | Path):
        self.folder = at(folder) / "links"
        self.name = f"parse-{code_version()}.bin"
        self.entries: dict[bytes, tuple] = {}
        self.loaded = False

    def load(self) -> None:
        """Read the stored entries (in the parent, before the workers are forked)."""
        if self.loaded:
            return
        self.loaded = True
        raw = self.folder.read(self.name)  # None: no store, or not a regular file of a sane size
        try:
            self.entries = _decode(raw) if raw is not None else {}
        except (ValueError, struct.error, MemoryError):
            return

    def get(self, key: bytes) -> tuple | None:
        return self.entries.get(key)

    def save(self, used: set[bytes], new: dict[bytes, tuple]) -> None:
        """Keep exactly the entries of `used` (found or new); write only when that changes the store
        (`new`: entries read this time, also those replacing a stored one that could not be used)."""
        kept = {k: self.entries[k] for k in used if k in self.entries}
        fresh = {k: v for k, v in new.items() if k in used}
        if not fresh and kept.keys() == self.entries.keys():
            return
        kept.update(fresh)
        self.folder.drop("parse-*", ".parse-*.tmp", keep={self.name})
        self.folder.write(self.name, _encode(kept))  # a store is only a shortcut
        self.entries = kept


class CheckStore:
    """What each page's check found, and what that depended on (linkcheck.py), for the next check.
    File: {"tree": digest of the file and folder names, "pages": [[page, identity, [finding…],
    [index of a page whose #anchors it looked up…]]…]}; identities are hex digests."""

    def __init__(self, folder: CacheDir | Path):
        self.folder = at(folder) / "links"
        self.name = f"checked-{code_version()}.json"
        self.raw: bytes | None = None

    def load(self, tree: str) -> dict[str, tuple[str, list[str], list[tuple[str, str]]]]:
        """page → (identity, findings, [(page looked up, its identity)]) of the last check, when it
        checked the same tree; {} otherwise (or when the store cannot be read)."""
        self.raw = self.folder.read(self.name)
        try:
            stored = json.loads(self.raw) if self.raw is not None else {}
            if not isinstance(stored, dict) or stored.get("tree") != tree:
                return {}
            rows, pages = stored["pages"], {}
            for page, ident, found, deps in rows:
                if not (isinstance(page, str) and isinstance(ident, str) and isinstance(found, list)
                        and isinstance(deps, list) and all(isinstance(x, str) for x in found)):
                    return {}
                pages[page] = (ident, found, [(rows[i][0], rows[i][1]) for i in deps])
            if any(not (isinstance(d, str) and isinstance(i, str)) for _, _, deps in pages.values() for d, i in deps):
                return {}
            return pages
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError):
            return {}

    def save(self, tree: str, pages: dict[str, tuple[str, list[str], list[str]]]) -> None:
        """Keep `pages` (page → (identity, findings, pages looked up)); written only when it changed."""
        names = sorted(pages)
        at_index = {name: i for i, name in enumerate(names)}
        rows = [[name, pages[name][0], pages[name][1], sorted(at_index[d] for d in pages[name][2] if d in at_index)]
                for name in names]
        raw = json.dumps({"tree": tree, "pages": rows}, separators=(",", ":")).encode("ascii")
        if raw == self.raw:
            return
        self.folder.drop("checked-*", ".checked-*.tmp", keep={self.name})
        self.folder.write(self.name, raw)  # a store is only a shortcut
        self.raw = raw
