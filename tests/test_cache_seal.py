"""The cache folder is read back only where this machine wrote it (generator/publish/cache_seal.py):
a pickle someone else put there (a pull request can bring `.atlas-cache/`) is never loaded."""

from __future__ import annotations

import pickle

from generator.publish import cache_pack, cache_seal
from generator.publish.cache_dir import CacheDir
from generator.publish.cache_pack import Packs


class _Plant:
    """A pickle that creates a file when it is loaded (what a hostile cache entry could do)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_stored_value_comes_back_and_the_key_is_private(machine_key, tmp_path):
    folder, path = CacheDir(tmp_path / "c"), tmp_path / "c" / "entry.pickle"
    assert cache_seal.write_pickle(folder, "entry.pickle", {"a": [1, "二"]})
    assert cache_seal.read_pickle(folder, "entry.pickle") == {"a": [1, "二"]}
    assert machine_key.stat().st_mode & 0o077 == 0
    assert [p.name for p in path.parent.iterdir()] == ["entry.pickle"]  # no temporary file left


def test_a_pickle_without_this_machines_seal_is_never_loaded(machine_key, tmp_path):
    marker = tmp_path / "ran"
    hostile = pickle.dumps(_Plant(marker))
    pickle.loads(hostile).close()  # the plant works when loaded as a plain pickle
    assert marker.exists()
    marker.unlink()
    path = tmp_path / "entry.pickle"
    for blob in (hostile, b"\0" * cache_seal.SEAL_BYTES + hostile, b"", b"short"):
        path.write_bytes(blob)
        assert cache_seal.read_pickle(CacheDir(tmp_path), "entry.pickle") is cache_seal.MISSING
    assert not marker.exists()


def test_another_machines_sealed_entry_and_a_changed_byte_are_missing(machine_key, tmp_path, monkeypatch):
    folder, path = CacheDir(tmp_path), tmp_path / "entry.pickle"
    assert cache_seal.write_pickle(folder, "entry.pickle", list(range(100)))
    blob = path.read_bytes()
    path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    assert cache_seal.read_pickle(folder, "entry.pickle") is cache_seal.MISSING
    path.write_bytes(blob)
    monkeypatch.setattr(cache_seal, "_key", b"k" * 32)  # another machine
    assert cache_seal.read_pickle(folder, "entry.pickle") is cache_seal.MISSING


def test_without_a_place_for_the_key_nothing_is_stored_or_read(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ATLAS_CACHE_KEY_FILE", str(blocker / "sub" / "cache-key"))  # under a file
    monkeypatch.setattr(cache_seal, "_key", None)
    folder, path = CacheDir(tmp_path), tmp_path / "entry.pickle"
    assert cache_seal.write_pickle(folder, "entry.pickle", 1) is False and not path.exists()
    assert cache_seal.read_pickle(folder, "entry.pickle") is cache_seal.MISSING
    monkeypatch.setattr(cache_seal, "_key", None)


def test_a_build_loads_no_cache_entry_it_did_not_write(project, tmp_path, machine_key, monkeypatch):
    """Every pickle of `.atlas-cache/` (the parse and Atlas stores, units, the site's files)
    swapped for one that creates a file when loaded, as a pull request could bring them: the
    next build loads none, makes the same site and writes its own entries again. Without PDFs:
    printing reads no cache entry (it prints the pages compared here; test_site compares two
    builds' PDFs), and it was half of this test's time."""
    from generator.check.validate import forget_files
    from generator.cli import cmd_build

    monkeypatch.setenv("ATLAS_PDF", "0")

    assert cmd_build(project, tmp_path / "first") == 0
    entries = [p for p in (project / ".atlas-cache").rglob("*") if p.is_file() and p.suffix == ".pickle"]
    packs = list((project / ".atlas-cache" / "units").glob("*.pack"))
    assert len(entries) >= 2 and packs
    names = {name for pack in packs for name in _pack_names(pack)}
    assert {n.rsplit(".", 1)[1] for n in names} >= {"pickle", "site", "parts", "sw", "ctx"}
    marker = tmp_path / "ran"
    for entry in entries:
        entry.write_bytes(pickle.dumps(_Plant(marker)))
    for pack in packs:  # every record of the units' packs: the same names, a planted pickle, a seal of no key
        pack.write_bytes(b"".join(_forged(name, pickle.dumps(_Plant(marker))) for name in _pack_names(pack)))
    forget_files()
    assert cmd_build(project, tmp_path / "second") == 0
    assert not marker.exists()
    first = {p.relative_to(tmp_path / "first"): p.read_bytes() for p in (tmp_path / "first").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "second"): p.read_bytes() for p in (tmp_path / "second").rglob("*") if p.is_file()}
    assert first == second
    rewritten = [p for p in (project / ".atlas-cache").rglob("*.pickle") if not p.name.startswith("atlas-")]
    assert rewritten and all(cache_seal.read_pickle(CacheDir(p.parent), p.name) is not cache_seal.MISSING
                             for p in rewritten)
    units = Packs(CacheDir(project / ".atlas-cache" / "units"))
    assert units.names() >= names and all(cache_seal.loads(units.read(name)) is not cache_seal.MISSING
                                          for name in names)
    units.close()


def _pack_names(pack) -> list[str]:
    packs = Packs(CacheDir(pack.parent))
    packs._walk(pack.name)
    found = sorted(name for name, (where, *_) in packs.index.items() if where == pack.name)
    packs.close()
    return found


def _forged(name: str, body: bytes) -> bytes:
    raw = name.encode()
    return cache_pack._HEAD.pack(cache_pack.MAGIC, len(raw), len(body), 2**62) + raw + \
        bytes(cache_seal.SEAL_BYTES) + body
