"""What a build keeps in the cache folder is read back only if this machine wrote it.

The cache folder is in the project by default (`.atlas-cache/`, validate.cache_folder), so a
pull request could bring one, and some stores hold pickles (validate.py, render/unit_cache.py):
unpickling a file someone else made can run their code. Every such blob is sealed with a keyed
blake2b whose key lives outside the project (ATLAS_CACHE_KEY_FILE, else
`$XDG_CACHE_HOME/chiiki-atlas/cache-key`, else `~/.cache/chiiki-atlas/cache-key`; made on first
use, readable by its owner only). A blob without this machine's seal is treated as missing.
Where no key can be kept, nothing is read back (`key()` is None). How an entry is reached,
read and written (no link followed, regular files of a capped size only) is cache_dir.py's."""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

from .cache_dir import CacheDir

SEAL_BYTES = 32
_KEY_BYTES = 32
_key: bytes | None = None


def key_file() -> Path:
    if os.environ.get("ATLAS_CACHE_KEY_FILE"):
        return Path(os.environ["ATLAS_CACHE_KEY_FILE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chiiki-atlas" / "cache-key"


def key() -> bytes | None:
    """This machine's key, made on first use; None when it can be neither read nor made."""
    global _key
    if _key is not None:
        return _key
    path = key_file()
    try:
        found = path.read_bytes()
    except OSError:
        found = b""
    if len(found) != _KEY_BYTES:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(_KEY_BYTES))
            os.replace(tmp, path)
            found = path.read_bytes()  # another build may have made one at the same moment
        except OSError:
            return None
        if len(found) != _KEY_BYTES:
            return None
    _key = found
    return _key


def _mac(secret: bytes, parts) -> bytes:
    digest = hashlib.blake2b(key=secret, digest_size=SEAL_BYTES)
    for part in parts:
        digest.update(part)
    return digest.digest()


MISSING = object()  # what `read_pickle` returns for anything it does not give back


def read_sealed(folder: CacheDir, name: str) -> memoryview | None:
    """The bytes this machine stored as entry `name` of `folder` (`write_sealed`); None for
    no entry, an unreadable one (cache_dir.py: a link, not a regular file, too big), or one
    without this machine's seal."""
    secret = key()
    if secret is None:
        return None
    blob = folder.read(name)
    if blob is None:
        return None
    body = memoryview(blob)[SEAL_BYTES:]
    if len(blob) < SEAL_BYTES or not hmac.compare_digest(_mac(secret, [body]), blob[:SEAL_BYTES]):
        return None
    return body


def write_sealed(folder: CacheDir, name: str, *parts: bytes) -> bool:
    """Store `parts` (one after the other) as entry `name` of `folder`, sealed and written
    atomically (CacheDir.write); False when nothing was stored (no key, a full disk)."""
    secret = key()
    return secret is not None and folder.write(name, _mac(secret, parts), *parts)


def loads(data) -> Any:
    """A pickle this machine sealed, or MISSING when it no longer loads (made by other code)."""
    try:
        return pickle.loads(data)
    except Exception:  # sealed here, so our own: a class it names has changed or gone
        return MISSING


def read_pickle(folder: CacheDir, name: str) -> Any:
    """The value this machine stored as entry `name` of `folder` (`write_pickle`), or MISSING."""
    body = read_sealed(folder, name)
    return MISSING if body is None else loads(body)


def dumps(value: Any) -> bytes | None:
    """`value` pickled for a cache, or None when it cannot be (then nothing is kept: a cache
    is only a shortcut)."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None


def write_pickle(folder: CacheDir, name: str, value: Any) -> bool:
    data = dumps(value)
    return data is not None and write_sealed(folder, name, data)


def library_versions(names) -> bytes:
    """`name=version` of each library (`name=none` when not installed), for the keys of what a
    build keeps: what those libraries made is not used after an upgrade."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return "\0".join(found).encode()
