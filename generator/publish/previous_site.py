"""Files of the new site that the site it replaces has already, byte for byte: hard-linked
from there instead of written again.

A build writes the whole site into a fresh folder and renames it over site/ (cli._build);
the old site is then deleted. At nation size that is ~18,000 files and ~490 MB written
again when one district changed or nothing did, and as many inodes made and freed: on a
file system that checks recently freed inodes before reusing them (ext4 without a journal
does, for each new inode), making files soon after a site was deleted cost more system time
than rendering them. So while `replacing(old, new)` is on, `write(new, path, data)` links
`old/path` to `new/path` when that file is a regular file of exactly `data`'s bytes (read
and compared: the old site may have been changed in place after it was built, e.g. by a
deploy step; a byte digest kept by the build would not see that), with the owner and mode
a file written now would get, and writes `data` otherwise. A linked file keeps the old
file's modification time.

Safe because:
- the old site is only read and linked, never written: a file of the new site is written
  (`write`) only through a new inode — a file there already is unlinked first — so a linked
  file is never changed through its new name; a failed build deletes its folder, which only
  drops the links, and leaves the old site as it was;
- the old site is walked one name at a time without following a link (`O_NOFOLLOW`, as
  cache_dir.py), and the file linked is the one compared (its inode is checked after the
  link); anything else — a link, a folder where a file was, another size — is written;
- the cache's own files are never linked (a deploy step changing site/ in place would change
  the cache), only the old site's, which is deleted after the swap anyway;
- the old site on another file system (a link fails with EXDEV), or no old site: written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class _Replacing:
    def __init__(self, old: Path, new: Path, root: int):
        self.old, self.new, self.root = old, new, root
        self.outs = {new}  # the names `write` is given for `new`
        self.folders: dict[str, int] = {}  # first-level folders of the old site, opened once
        self.linking = True  # False after a link failed for good (EXDEV, EPERM…): write only
        umask = os.umask(0)
        os.umask(umask)
        self.owner = (os.geteuid(), 0o666 & ~umask)  # what a file written now would have

    def builds(self, out_dir: Path) -> bool:
        if out_dir not in self.outs and out_dir.resolve() == self.new.resolve():
            self.outs.add(out_dir)
        return out_dir in self.outs

    def folder(self, parts: list[str]) -> tuple[int, bool] | None:
        """A descriptor of old/parts[0]/…/parts[-1] and whether the caller closes it; None when
        one of them is missing or not a real folder (a link is not followed)."""
        fd, owned = self.root, False
        try:
            for depth, name in enumerate(parts):
                if depth == 0 and name in self.folders:
                    fd = self.folders[name]
                    continue
                inner = os.open(name, _DIR, dir_fd=fd)
                if owned:
                    os.close(fd)
                fd, owned = inner, True
                if depth == 0 and len(self.folders) < 64:
                    self.folders[name], owned = inner, False
        except OSError:
            if owned:
                os.close(fd)
            return None
        return fd, owned

    def close(self) -> None:
        for fd in (*self.folders.values(), self.root):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.folders.clear()


_now: _Replacing | None = None
counts = {"linked": 0, "written": 0}  # this process's, for the figures (ATLAS_TIMINGS) and tests


@contextlib.contextmanager
def replacing(old: Path, new: Path) -> Iterator[None]:
    """While on, `write` under `new` links what `old` (the site being replaced) has the same."""
    global _now
    try:
        root = os.open(old, _DIR)
    except OSError:  # no earlier site (or not a real folder): everything is written
        yield
        return
    _now = _Replacing(Path(old), Path(new), root)
    try:
        yield
    finally:
        _now.close()
        _now = None


def _same(fd: int, data: bytes, owner: tuple[int, int]) -> os.stat_result | None:
    """fd's stat when it is a regular file holding exactly `data`, of the owner and mode a file
    written now would have (a deploy step may have changed them in place)."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size != len(data) or (st.st_uid, stat.S_IMODE(st.st_mode)) != owner:
        return None
    chunks, size = [], 0
    while size <= len(data):
        chunk = os.read(fd, len(data) + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return st if b"".join(chunks) == data else None


def _linked(now: _Replacing, path: str, data: bytes, target: Path) -> bool:
    *names, name = path.split("/")
    if not now.linking or any(part in ("", ".", "..") for part in (*names, name)):
        return False
    found = now.folder(names)
    if found is None:
        return False
    folder, owned = found
    fd = None
    try:
        fd = os.open(name, _FILE, dir_fd=folder)
        st = _same(fd, data, now.owner)
        if st is None:
            return False
        try:
            try:
                os.link(name, target, src_dir_fd=folder, follow_symlinks=False)
            except FileExistsError:  # written before in this build: replaced, never written through
                os.unlink(target)
                os.link(name, target, src_dir_fd=folder, follow_symlinks=False)
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                now.linking = False  # another file system, or one without links: write from now on
            return False
        made = os.lstat(target)
        if (made.st_dev, made.st_ino) != (st.st_dev, st.st_ino):  # replaced since it was compared
            os.unlink(target)
            return False
        return True
    except OSError:
        return False
    finally:
        if fd is not None:
            os.close(fd)
        if owned:
            os.close(folder)


def _create(target: Path, data: bytes) -> None:
    """`data` as a new file (never written through a name already there: it may be a link to
    the old site)."""
    try:
        fd = os.open(target, _NEW, 0o666)
    except FileExistsError:
        os.unlink(target)
        fd = os.open(target, _NEW, 0o666)
    with open(fd, "wb") as out:
        out.write(data)


def write(out_dir: Path, path: str, data: bytes) -> bool:
    """`data` as out_dir/path (a docs-relative path, "/"-separated): linked from the site being
    replaced when that has the same bytes there (see the module docstring), else written.
    True when it was linked."""
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    now = _now
    if now is None or not now.builds(out_dir):
        target.write_bytes(data)
    elif _linked(now, path, data, target):
        counts["linked"] += 1
        return True
    else:
        _create(target, data)
    counts["written"] += 1
    return False
