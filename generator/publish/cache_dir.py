"""The cache folder's files, reached without following a link and read with a size cap.

The cache folder is in the project by default (`.atlas-cache/`), so a pull request or a
copied checkout can bring it, or a symlink in its place: the build must not read, write or
delete anything outside it through a link, nor read a FIFO (it would wait for ever), a device
(`/dev/zero`: memory runs out) or a file of any size. So:
- a folder is opened from its anchor down, one name at a time, never following a link
  (`O_NOFOLLOW` with `dir_fd`): the anchor is the project (the cache is `.atlas-cache` in it),
  or ATLAS_CACHE_DIR itself, which may be anywhere (the user's choice) and may be a link;
- an entry is read only when it is a regular file (checked before opening, so no device is
  ever opened, and again on the opened descriptor, which is what is read) of at most
  `MAX_ENTRY_BYTES`;
- an entry is written to a temporary name created afresh in the opened folder, then renamed
  over the entry (a rename replaces a link itself, never its target);
- deleting removes only a regular file or a link in the opened folder (the link itself).
The layout is fixed: the stores of validate.py at the top, `units/` (render/unit_cache.py,
its pack files: cache_pack.py) and `links/` (linkcache.py) beside them, files only in those. `checked` looks at all of it
once before a build uses the cache: anything else (a link, a FIFO, a folder where a file
belongs, an entry over the cap) and the build uses no cache at all — reads, writes and
deletes nothing there — after one line saying why. A build without the cache makes the same
site, only slower. The checks on each entry still hold if the folder changes meanwhile."""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

# the biggest entry of a national site (all of Japan, README) is the parsed files' store,
# 109 MB (the Atlas 46 MB, the link store 21 MB, one unit a few MB): about 5 times that
MAX_ENTRY_BYTES = 512 * 2**20
SUBFOLDERS = ("units", "links")  # render/unit_cache.py, linkcache.py
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class CacheDir:
    """A folder of the cache: `anchor` (followed, it is trusted) and the names below it
    (each a real folder, never a link)."""

    def __init__(self, anchor: Path, *parts: str):
        self.anchor = Path(anchor)
        self.parts = parts

    def __truediv__(self, name: str) -> CacheDir:
        if not _plain(name):
            raise ValueError(f"not a folder's name: {name!r}")
        return CacheDir(self.anchor, *self.parts, name)

    def __eq__(self, other) -> bool:
        return isinstance(other, CacheDir) and (self.anchor, self.parts) == (other.anchor, other.parts)

    def __hash__(self) -> int:
        return hash((self.anchor, self.parts))

    def __repr__(self) -> str:
        return f"CacheDir({str(self.anchor)!r}, {', '.join(map(repr, self.parts))})"

    @property
    def path(self) -> Path:
        return self.anchor.joinpath(*self.parts)

    @contextlib.contextmanager
    def _opened(self, create: bool = False) -> Iterator[int]:
        """A descriptor of this folder (made first with `create`); OSError when a name on the
        way is a link or not a folder."""
        if create:  # the anchor is trusted: made as asked, links followed
            self.anchor.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for name in self.parts:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(name, dir_fd=fd)
                inner = os.open(name, _DIR, dir_fd=fd)
                os.close(fd)
                fd = inner
            yield fd
        finally:
            os.close(fd)

    def read(self, name: str) -> bytes | None:
        """The bytes of entry `name`; None unless it is a regular file of at most
        MAX_ENTRY_BYTES in this folder (not a link, FIFO, device, folder), read whole."""
        if not _plain(name):
            return None
        try:
            with self._opened() as folder:
                if not _regular(os.stat(name, dir_fd=folder, follow_symlinks=False)):
                    return None  # a FIFO or device is not even opened
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
                with open(fd, "rb") as f:
                    size = os.fstat(fd)
                    if not _regular(size):  # swapped since
                        return None
                    data = f.read(size.st_size + 1)
                return data if len(data) == size.st_size else None  # changed while read
        except (OSError, MemoryError, ValueError):
            return None

    def write(self, name: str, *parts: bytes) -> bool:
        """Write `parts` one after the other as entry `name` through a temporary file and a
        rename, so a reader finds the old entry or the new one, never half of one; False
        when it could not."""
        if not _plain(name):
            return False
        tmp = f".{name}.{os.getpid()}.tmp"
        try:
            with self._opened(create=True) as folder:
                try:
                    with contextlib.suppress(FileNotFoundError):
                        _unlink(tmp, folder)
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                                 0o666, dir_fd=folder)
                    with open(fd, "wb") as out:
                        for part in parts:
                            out.write(part)
                    os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
                    return True
                except OSError:
                    with contextlib.suppress(OSError):
                        _unlink(tmp, folder)
                    return False
        except OSError:
            return False

    def open_file(self, name: str, new: bool = False) -> int | None:
        """A descriptor of entry `name` (cache_pack.py reads parts of it: no size cap here) when
        it is a regular file in this folder, checked as `read` does; with `new`, of a new empty
        file made there (read and append; the folder made first). None when it cannot be."""
        try:
            with self._opened(create=new) as folder:
                if new and _plain(name):
                    return os.open(name, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                                   | os.O_CLOEXEC, 0o666, dir_fd=folder)
                if not _plain(name) or new or not stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
                    return None
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
                if stat.S_ISREG(os.fstat(fd).st_mode):  # not swapped since
                    return fd
                os.close(fd)
        except OSError:
            pass
        return None

    def names(self) -> list[str]:
        """The names in this folder; none when it cannot be opened as one."""
        try:
            with self._opened() as folder:
                return os.listdir(folder)
        except OSError:
            return []

    def drop(self, *patterns: str, keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Delete the entries whose names match one of `patterns` (fnmatch) but are not in
        `keep`: regular files and links (the link itself) in this folder, nothing else."""
        with contextlib.suppress(OSError), self._opened() as folder:
            for name in os.listdir(folder):
                if name not in keep and any(fnmatch.fnmatchcase(name, p) for p in patterns):
                    with contextlib.suppress(OSError):
                        _unlink(name, folder)

    def problem(self, shown: str) -> str | None:
        """Why this folder (the cache's top) is not to be used, or None: see the module
        docstring. `shown`: how to name this folder in the answer."""
        try:
            if not self.parts and self.anchor.exists() and not self.anchor.is_dir():
                return f"{shown} がフォルダーではありません"
            path = self.anchor
            for name in self.parts:  # not followed
                path = path / name
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    return f"{shown} がシンボリックリンクです"
                if not stat.S_ISDIR(mode):
                    return f"{shown} がフォルダーではありません"
            with self._opened() as top:
                return _listed_problem(top, shown, SUBFOLDERS)
        except FileNotFoundError:  # not made yet (a build makes it), or gone meanwhile
            return None
        except OSError as exc:
            return f"{shown} を読めません（{exc.strerror or exc}）"


def _plain(name: str) -> bool:
    """A name in a folder, not a path (a "/" would let open() follow links on the way)."""
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


def _regular(st: os.stat_result) -> bool:
    return stat.S_ISREG(st.st_mode) and st.st_size <= MAX_ENTRY_BYTES


def _unlink(name: str, folder: int) -> None:
    st = os.stat(name, dir_fd=folder, follow_symlinks=False)
    if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
        os.unlink(name, dir_fd=folder)
    else:
        raise OSError(errno.EPERM, "not a file", name)


def _entry_problem(st: os.stat_result, shown: str) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return f"{shown} がシンボリックリンクです"
    if stat.S_ISDIR(st.st_mode):
        return f"{shown} はファイルのはずの場所にあるフォルダーです"
    if not stat.S_ISREG(st.st_mode):
        return f"{shown} が通常のファイルではありません（FIFO・デバイスなど）"
    if st.st_size > MAX_ENTRY_BYTES:
        return f"{shown} が大きすぎます（{st.st_size:,} バイト。1 項目の上限は {MAX_ENTRY_BYTES:,} バイト）"
    return None


def _listed_problem(folder: int, shown: str, subfolders: tuple[str, ...]) -> str | None:
    """The first problem among the entries of the open `folder` (and of its `subfolders`)."""
    for name in sorted(os.listdir(folder)):
        st = os.stat(name, dir_fd=folder, follow_symlinks=False)
        here = f"{shown}/{name}"
        if name in subfolders and stat.S_ISDIR(st.st_mode):
            inner = os.open(name, _DIR, dir_fd=folder)
            try:
                found = _listed_problem(inner, here, ())
            finally:
                os.close(inner)
        else:
            found = _entry_problem(st, here)
        if found:
            return found
    return None


def at(folder: Path | CacheDir | None) -> CacheDir | None:
    """`folder` as a CacheDir: a Path is a folder the caller chose (as ATLAS_CACHE_DIR),
    followed itself; what is below it gets every check."""
    return folder if folder is None or isinstance(folder, CacheDir) else CacheDir(folder)


_checked: dict[CacheDir, str | None] = {}


def checked(folder: CacheDir, shown: str) -> CacheDir | None:
    """`folder` (the cache's top) when a build may use it, else None, after one line on
    stderr saying why. Looked at once per process (`forget` to look again)."""
    if folder not in _checked:
        _checked[folder] = found = folder.problem(shown)
        if found:
            print(f"キャッシュを使わずにビルドします：{found}（ヒント: {shown} を消すと、次のビルドで"
                  "作り直します。キャッシュはその中の通常のファイルとフォルダーだけを使います）", file=sys.stderr)
    return folder if _checked[folder] is None else None


def forget() -> None:
    """Look at the cache folder again at its next use (a new build in the same process)."""
    _checked.clear()

