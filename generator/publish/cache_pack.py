"""Entries of a cache folder kept in a few pack files instead of one file each.

A cold national build keeps ~15,600 rendered units (render/unit_cache.py). As one file each,
made through a temporary name and a rename, they cost more system time than writing their
bytes: on this machine's ext4 (no journal) each new inode is slow, the more so soon after
mass deletions (a new file of 35 KB: ~0.2 ms of system time, appending the same bytes to an
open file: 0.02 ms). So each process appends the entries it writes to a pack of its own
(`<pid>-<random>.pack`, made afresh with O_EXCL: no two processes ever write one file), one
record after another:

    b"AtP1" | name's length (2 bytes) | body's length (8) | when written (8, ns) | name | seal (32) | body

The seal (cache_seal.py: a keyed blake2b with this machine's key) covers the header, the name
and the body, so a record is given back only whole, only under the name it was written for,
and only when this machine wrote it: a record cut short (a build stopped while writing, a full
disk), a pack brought by a pull request or changed since is treated as a missing entry, as a
loose entry is (cache_seal.read_sealed). A pack only grows, by its own process; it is deleted
whole (`keep_only`), after the records still used have been copied into a new pack when most
of it is no longer used (so the folder holds at most about twice one build's worth), or when
a record read from it had no good seal (then only its records with one are copied). Two builds
at once with one cache may drop each other's packs: entries are lost (made again), never wrong.

Records are found through an index in memory (name → pack, offset, length) made by walking the
packs' headers (one small read each; of two records of one name, the one written last: an entry
that could not be used is written again, and the new one must win); a process that misses a name walks again what grew since
(its forked workers may have written it), a forked worker does not (no other worker writes what
it will ask for). Packs are opened as cache_dir.py opens an entry: no link followed, regular
files only, no record over MAX_ENTRY_BYTES, and a pack is given no more than PACK_BYTES unless a
record alone is bigger."""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import struct
import time

from .cache_dir import MAX_ENTRY_BYTES, CacheDir
from .cache_seal import SEAL_BYTES, _mac, key

MAGIC = b"AtP1"
_HEAD = struct.Struct("<4sHQQ")
_NAME_BYTES = 255
SUFFIX = ".pack"
PACK_BYTES = 128 * 2**20  # a new pack is begun beyond this (well below cache_dir's cap on a file)
SMALL_BYTES = 4 * 2**20
SMALL_PACKS = 8  # more small packs than this (one build adds a few): merged into one


class _Writer:
    def __init__(self, name: str, fd: int):
        self.name, self.fd, self.size, self.pid = name, fd, 0, os.getpid()


class _Reader:
    """The records of the pack files in `folder`, found and read (see the module docstring)."""

    def __init__(self, folder: CacheDir):
        self.folder = folder
        self.pid = os.getpid()  # the process that may walk the packs again on a miss
        self.index: dict[str, tuple[str, int, int, int]] = {}  # name → (pack, offset, record's length, when)
        self.walked: dict[str, int] = {}  # pack → where its walk stopped (the next record's offset)
        self.fds: dict[str, int] = {}
        self.bad: set[str] = set()  # packs holding a record whose seal failed: dropped by keep_only
        self.scanned = False

    def _fd(self, pack: str) -> int | None:
        if pack not in self.fds:
            fd = self.folder.open_file(pack)
            if fd is None:
                return None
            self.fds[pack] = fd
        return self.fds[pack]

    def scan(self) -> None:
        """Walk every pack's records not walked yet (the index of names)."""
        self.scanned = True
        for pack in self.folder.names():
            if pack.endswith(SUFFIX):
                self._walk(pack)

    def _walk(self, pack: str) -> None:
        fd = self._fd(pack)
        if fd is None:
            return
        offset = self.walked.get(pack, 0)
        try:
            size = os.fstat(fd).st_size
            while offset + _HEAD.size <= size:
                head = os.pread(fd, _HEAD.size + _NAME_BYTES, offset)
                magic, name_len, body_len, when = _HEAD.unpack_from(head)
                total = _HEAD.size + name_len + SEAL_BYTES + body_len
                if magic != MAGIC or len(head) < _HEAD.size + name_len or total > MAX_ENTRY_BYTES:
                    offset = size  # not a pack of ours: nothing more is read from it
                    break
                if offset + total > size:
                    break  # being written, or cut short: walked again from here
                name = head[_HEAD.size:_HEAD.size + name_len].decode("utf-8", "replace")
                found = (pack, offset, total, when)
                if name not in self.index or self._preferred(self.index[name], found) is found:
                    self.index[name] = found
                offset += total
        except (OSError, struct.error):  # changed meanwhile (not by us: a pack only grows)
            return
        self.walked[pack] = offset

    def _preferred(self, one: tuple, other: tuple) -> tuple:
        """Of two records of one name (rare: written again after it could not be used), the
        newer unless only the older has this machine's seal (a record's time is what its
        writer said it is: one made elsewhere must not hide ours)."""
        newer, older = (other, one) if other[3] >= one[3] else (one, other)
        secret = key()
        if secret is None:
            return newer
        record = self._record(*newer[:3])
        if record is not None and _body(secret, record) is not None:
            return newer
        return older

    def read(self, name: str) -> memoryview | None:
        """The body stored as `name` with this machine's seal, or None."""
        secret = key()
        if secret is None:
            return None
        if not self.scanned:
            self.scan()
        found = self.index.get(name)
        if found is None and os.getpid() == self.pid:
            self.scan()
            found = self.index.get(name)
        if found is None:
            return None
        record = self._record(*found[:3])
        if record is None:
            return None
        head_len = _HEAD.size + _HEAD.unpack_from(record)[1]
        if bytes(record[_HEAD.size:head_len]).decode("utf-8", "replace") != name:
            return None
        body = _body(secret, record)
        if body is None:  # not ours (or damaged): its records, claiming to be the newest, must not hide ours
            self.bad.add(found[0])
        return body

    def _record(self, pack: str, offset: int, total: int) -> memoryview | None:
        fd = self._fd(pack)
        try:
            data = os.pread(fd, total, offset) if fd is not None else b""
        except (OSError, MemoryError):
            return None
        return memoryview(data) if len(data) == total else None

    def names(self) -> set[str]:
        """The names of the records found (sealed or not)."""
        if not self.scanned:
            self.scan()
        return set(self.index)

    def _close(self, pack: str) -> None:
        fd = self.fds.pop(pack, None)
        self.walked.pop(pack, None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        for pack in list(self.fds):
            self._close(pack)


def _body(secret: bytes, record: memoryview) -> memoryview | None:
    """The body of a whole record when its seal is this machine's."""
    magic, name_len, body_len, _ = _HEAD.unpack_from(record)
    head_len = _HEAD.size + name_len
    if magic != MAGIC or len(record) != head_len + SEAL_BYTES + body_len:
        return None
    body = record[head_len + SEAL_BYTES:]
    if not hmac.compare_digest(_mac(secret, [record[:head_len], body]), record[head_len:head_len + SEAL_BYTES]):
        return None
    return body


class Packs(_Reader):
    """The records of the pack files in `folder`: read, written, kept (see the module docstring)."""

    def __init__(self, folder: CacheDir):
        super().__init__(folder)
        self.writer: _Writer | None = None

    def _pack_for(self, total: int) -> _Writer | None:
        w = self.writer
        if w is not None and w.pid == os.getpid() and (w.size == 0 or w.size + total <= PACK_BYTES):
            return w
        if w is not None and w.pid == os.getpid():
            self.fds.setdefault(w.name, w.fd)  # kept open for reading
        name = f"{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"
        fd = self.folder.open_file(name, new=True)
        self.writer = None if fd is None else _Writer(name, fd)
        if self.writer is not None:
            self.fds[name] = fd
            self.walked[name] = 0
        return self.writer

    def write(self, name: str, *parts: bytes) -> bool:
        """Append `parts` (one after the other) as the record `name`, sealed; False when
        nothing was stored (no key, a full disk, a record too big)."""
        secret = key()
        raw = name.encode("utf-8")
        body_len = sum(len(p) for p in parts)
        total = _HEAD.size + len(raw) + SEAL_BYTES + body_len
        if secret is None or len(raw) > _NAME_BYTES or total > MAX_ENTRY_BYTES:
            return False
        head = _HEAD.pack(MAGIC, len(raw), body_len, time.time_ns()) + raw
        return self._append(name, [head, _mac(secret, [head, *parts]), *parts], total)

    def _append(self, name: str, chunks: list, total: int) -> bool:
        """Append one record (its bytes: `chunks`) to this process's pack."""
        w = self._pack_for(total)
        if w is None:
            return False
        try:
            _write_all(w.fd, chunks)
        except OSError:  # the pack may end in half a record now: none is added after it
            self.writer = None
            return False
        self.index[name] = (w.name, w.size, total, _HEAD.unpack_from(chunks[0])[3])
        w.size += total
        self.walked[w.name] = w.size
        return True

    def keep_only(self, names: set[str]) -> None:
        """Delete everything in the folder but the packs holding records of `names`: a pack
        mostly of other records (or one of many small ones) has those copied into a new pack
        first; files that are not packs (entries of an older layout, unfinished writes) go."""
        self.scan()
        secret = key()
        current = self.writer.name if self.writer is not None and self.writer.pid == os.getpid() else None
        live: dict[str, int] = {}
        for name, (pack, _, total, _) in self.index.items():
            if name in names:
                live[pack] = live.get(pack, 0) + total
        sizes = {pack: self.walked.get(pack, 0) for pack in self.fds}
        small = [p for p in sizes if p != current and sizes[p] < SMALL_BYTES]
        # mostly unused; or small and not all used (cheap to copy: a small project's folder then
        # holds exactly one build's worth)
        rewrite = {p for p in sizes if p != current and (2 * live.get(p, 0) < sizes[p] or
                                                         live.get(p, 0) < sizes[p] < SMALL_BYTES)}
        if len(small) > SMALL_PACKS:
            rewrite.update(small)
        rewrite.update(self.bad - {current})
        for name, (pack, offset, total, _) in list(self.index.items()):
            if pack in rewrite and name in names:
                record = self._record(pack, offset, total)
                if record is None or secret is None or _body(secret, record) is None \
                        or not self._append(name, [record], total):
                    del self.index[name]
        dropped = {pack for pack in rewrite if self.writer is None or pack != self.writer.name}
        for name in [n for n, (pack, *_) in self.index.items() if pack in dropped]:
            del self.index[name]
        kept = {p for p in self.fds if p not in dropped}
        for pack in dropped:
            self._close(pack)
        self.folder.drop("*", keep=kept)

    def close(self) -> None:
        super().close()
        self.writer = None


def _write_all(fd: int, chunks: list) -> None:
    views = [memoryview(c).cast("B") for c in chunks if len(c)]
    while views:
        done = os.writev(fd, views[:1024])
        while views and done >= len(views[0]):
            done -= len(views[0])
            views.pop(0)
        if views and done:
            views[0] = views[0][done:]
