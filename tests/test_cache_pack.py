"""Cache entries kept in pack files (generator/publish/cache_pack.py): a record is given back
only whole, under its own name, sealed by this machine; packs are only appended to by the
process that made them, and dropped or compacted as a whole."""

from __future__ import annotations

import os
import pickle
import threading

import pytest

from generator.publish import cache_pack, cache_seal
from generator.publish.cache_dir import CacheDir
from generator.publish.cache_pack import Packs


def _packs(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".pack"))


def _fresh(folder) -> Packs:
    return Packs(CacheDir(folder))


def test_records_come_back_from_a_new_reader_and_the_last_written_wins(tmp_path, machine_key):
    packs = Packs(CacheDir(tmp_path / "c"))
    assert packs.write("a.pickle", b"one", b"-two") and packs.write("b.sw", b"") and packs.write("a.pickle", b"new")
    assert bytes(packs.read("a.pickle")) == b"new" and bytes(packs.read("b.sw")) == b""
    assert packs.read("c.pickle") is None
    packs.close()
    again = _fresh(tmp_path / "c")
    assert again.names() == {"a.pickle", "b.sw"}
    assert bytes(again.read("a.pickle")) == b"new"
    assert len(_packs(tmp_path / "c")) == 1  # one process, one pack: one file for all its entries


def _cut(path, offset, total):  # the pack ends within the record
    os.truncate(path, offset + total - 3)


def _flip(at):
    def change(path, offset, total):
        with open(path, "r+b") as f:
            f.seek(offset + at(total))
            byte = f.read(1)
            f.seek(offset + at(total))
            f.write(bytes([byte[0] ^ 0x20]))
    return change


def _renamed(path, offset, total):  # the header says another name of the same length
    _flip(lambda total: cache_pack._HEAD.size)(path, offset, total)


def _other_machine(path, offset, total):  # a record sealed with another key, as a pull request brings
    data = path.read_bytes()
    head = data[offset:offset + cache_pack._HEAD.size + 8]
    body = data[offset + len(head) + cache_seal.SEAL_BYTES:offset + total]
    seal = cache_seal._mac(b"k" * 32, [head, body])
    path.write_bytes(data[:offset] + head + seal + body + data[offset + total:])


DAMAGE = {  # how the record of "b.pickle" (between two others) is damaged
    "cut short": _cut,
    "a byte of the body": _flip(lambda total: total - 1),
    "a byte of the seal": _flip(lambda total: cache_pack._HEAD.size + 9),
    "the body's length": _flip(lambda total: 6),
    "another name": _renamed,
    "sealed by another machine": _other_machine,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_foreign_record_is_missing_and_the_others_are_read(damage, tmp_path, machine_key):
    folder = tmp_path / "c"
    packs = Packs(CacheDir(folder))
    for name in ("a.pickle", "b.pickle", "c.pickle"):
        assert packs.write(name, pickle.dumps(name))
    pack, offset, total, _ = packs.index["b.pickle"]
    packs.close()
    DAMAGE[damage](folder / pack, offset, total)
    again = _fresh(folder)
    assert again.read("b.pickle") is None
    assert again.read("a.pickle") is not None and pickle.loads(again.read("a.pickle")) == "a.pickle"
    if damage not in ("cut short", "the body's length"):  # else the walk stops there: the rest is missing
        assert pickle.loads(again.read("c.pickle")) == "c.pickle"
    # written again, the entry is read again (the new record wins)
    assert again.write("b.pickle", b"again") and bytes(_fresh(folder).read("b.pickle")) == b"again"


def test_a_pack_of_pickles_made_elsewhere_is_never_loaded(tmp_path, machine_key):
    """A pack brought by a pull request: well formed, its seals made without this machine's key."""
    folder = tmp_path / "c"
    folder.mkdir()

    class Plant:
        def __reduce__(self):
            return (open, (str(tmp_path / "ran"), "w"))

    body = pickle.dumps(Plant())
    head = cache_pack._HEAD.pack(cache_pack.MAGIC, 8, len(body), 2**62) + b"x.pickle"
    (folder / "1-forged.pack").write_bytes(head + b"\0" * cache_seal.SEAL_BYTES + body)
    packs = _fresh(folder)
    assert packs.names() == {"x.pickle"} and packs.read("x.pickle") is None
    assert not (tmp_path / "ran").exists()


def test_without_a_key_nothing_is_written_nor_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_CACHE_KEY_FILE", "/proc/no-such-key-file")
    monkeypatch.setattr(cache_seal, "_key", None)
    packs = Packs(CacheDir(tmp_path / "c"))
    assert packs.write("a.pickle", b"x") is False and packs.read("a.pickle") is None
    assert not (tmp_path / "c").exists() or _packs(tmp_path / "c") == []
    monkeypatch.setattr(cache_seal, "_key", None)


def _within(seconds, call):
    found = []
    thread = threading.Thread(target=lambda: found.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert found, "blocked"
    return found[0]


SHAPES = {  # a name ending in .pack that is not a pack file: never opened through, never followed
    "link to a pack outside": lambda entry, outside: entry.symlink_to(outside / "real.pack"),
    "link to /dev/zero": lambda entry, outside: entry.symlink_to("/dev/zero"),
    "fifo": lambda entry, outside: os.mkfifo(entry),
    "folder": lambda entry, outside: entry.mkdir(),
    "dangling link": lambda entry, outside: entry.symlink_to(outside / "nothing"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_pack_that_is_not_a_plain_file_is_not_read_and_only_a_link_itself_is_dropped(
        shape, tmp_path, machine_key):
    outside, folder = tmp_path / "outside", tmp_path / "c"
    real = Packs(CacheDir(outside))
    assert real.write("x.pickle", b"outside")
    real.close()
    (outside / _packs(outside)[0]).rename(outside / "real.pack")
    packs = Packs(CacheDir(folder))
    assert packs.write("kept.pickle", b"kept")
    packs.close()
    SHAPES[shape](folder / "e.pack", outside)
    again = _fresh(folder)
    assert _within(10, lambda: again.read("x.pickle")) is None
    assert bytes(again.read("kept.pickle")) == b"kept"
    _within(10, lambda: again.keep_only({"kept.pickle", "x.pickle"}))
    assert (folder / "e.pack").is_dir() == (shape == "folder")  # a link or FIFO is removed itself
    assert bytes(_fresh(folder).read("kept.pickle")) == b"kept"
    assert bytes(_fresh(outside).read("x.pickle")) == b"outside"  # never written through


def test_keep_only_drops_unused_records_other_files_and_empty_packs(tmp_path, machine_key):
    folder = tmp_path / "c"
    first = Packs(CacheDir(folder))
    for i in range(6):
        assert first.write(f"{i}.pickle", bytes(100))
    first.close()
    (folder / "old.pickle").write_bytes(b"an entry of the older layout")
    (folder / ".x.pickle.1.tmp").write_bytes(b"half")
    second = _fresh(folder)
    assert second.write("6.pickle", b"new")
    second.keep_only({"1.pickle", "6.pickle"})
    second.close()
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".pack")) == []
    assert _fresh(folder).names() == {"1.pickle", "6.pickle"}  # the small first pack was copied
    assert len(_packs(folder)) == 1


def test_a_big_pack_mostly_used_is_kept_as_it_is_and_one_mostly_unused_is_compacted(
        tmp_path, machine_key, monkeypatch):
    monkeypatch.setattr(cache_pack, "SMALL_BYTES", 10)
    folder = tmp_path / "c"
    first = Packs(CacheDir(folder))
    for i in range(10):
        assert first.write(f"{i}.pickle", bytes(1000))
    first.close()
    (big,) = _packs(folder)
    keep = {f"{i}.pickle" for i in range(7)}
    packs = _fresh(folder)
    packs.keep_only(keep)  # 7 of 10 used: kept whole (the 3 others stay, unreachable by any key in use)
    packs.close()
    assert _packs(folder) == [big] and _fresh(folder).names() >= keep
    packs = _fresh(folder)
    packs.keep_only({"0.pickle", "1.pickle"})  # 2 of 10: the two copied into a new pack
    packs.close()
    assert big not in _packs(folder) and len(_packs(folder)) == 1
    assert _fresh(folder).names() == {"0.pickle", "1.pickle"}
    assert bytes(_fresh(folder).read("1.pickle")) == bytes(1000)


def test_many_small_packs_are_merged_and_a_big_one_begins_a_new_pack(tmp_path, machine_key, monkeypatch):
    folder = tmp_path / "c"
    for i in range(cache_pack.SMALL_PACKS + 2):  # one build after another, each writing a little
        packs = Packs(CacheDir(folder))
        assert packs.write(f"{i}.pickle", b"x")
        packs.close()
    packs = _fresh(folder)
    packs.keep_only({f"{i}.pickle" for i in range(cache_pack.SMALL_PACKS + 2)})
    packs.close()
    assert len(_packs(folder)) == 1 and len(_fresh(folder).names()) == cache_pack.SMALL_PACKS + 2
    monkeypatch.setattr(cache_pack, "PACK_BYTES", 3000)
    packs = _fresh(folder)
    for i in range(4):
        assert packs.write(f"big{i}.pickle", bytes(1000))
    packs.close()
    assert len(_packs(folder)) == 3  # the merged one, and two of at most PACK_BYTES (or one record)
    assert all((folder / p).stat().st_size <= 3000 for p in _packs(folder))


def test_a_forked_process_writes_a_pack_of_its_own_which_the_parent_then_reads(tmp_path, machine_key):
    folder = tmp_path / "c"
    packs = Packs(CacheDir(folder))
    assert packs.write("parent.pickle", b"p")
    pid = os.fork()
    if pid == 0:  # the child: its own pack; the parent's record read from the index it inherited
        ok = packs.write("child.pickle", b"c") and bytes(packs.read("parent.pickle")) == b"p"
        os._exit(0 if ok else 1)
    assert os.waitpid(pid, 0)[1] == 0
    assert bytes(packs.read("child.pickle")) == b"c"  # found by walking the packs again on a miss
    assert packs.write("parent2.pickle", b"q")
    packs.close()
    assert len(_packs(folder)) == 2
    assert _fresh(folder).names() == {"parent.pickle", "parent2.pickle", "child.pickle"}


def test_a_record_made_elsewhere_claiming_to_be_newer_does_not_hide_ours(tmp_path, machine_key):
    """A pack brought by a pull request with a record of a name we use, its time set far ahead:
    our record is read, and the next keep_only drops the foreign pack."""
    folder = tmp_path / "c"
    packs = Packs(CacheDir(folder))
    assert packs.write("u.pickle", b"ours")
    packs.close()
    head = cache_pack._HEAD.pack(cache_pack.MAGIC, 8, 6, 2**63) + b"u.pickle"
    (folder / "1-forged.pack").write_bytes(head + bytes(cache_seal.SEAL_BYTES) + b"theirs")
    again = _fresh(folder)
    assert bytes(again.read("u.pickle")) == b"ours"
    again.keep_only({"u.pickle"})
    again.close()
    assert "1-forged.pack" not in _packs(folder) and bytes(_fresh(folder).read("u.pickle")) == b"ours"
    # alone (no record of ours yet), it is missing; once ours is written, ours is read and it goes
    (folder / "2-forged.pack").write_bytes(head.replace(b"u.pickle", b"v.pickle") + bytes(32) + b"theirs")
    again = _fresh(folder)
    assert again.read("v.pickle") is None and again.write("v.pickle", b"ours too")
    again.keep_only({"u.pickle", "v.pickle"})
    again.close()
    assert "2-forged.pack" not in _packs(folder) and bytes(_fresh(folder).read("v.pickle")) == b"ours too"


def test_two_builds_at_once_read_only_whole_records_of_their_own_names(tmp_path, machine_key):
    """Two processes writing, reading and dropping in one folder at once (two builds): what a
    reader gets is always exactly what was written under that name, or nothing; nothing fails."""
    folder = tmp_path / "c"

    def value(name: str) -> bytes:
        return name.encode() * 300

    def build(names: list[str]) -> bool:
        packs = Packs(CacheDir(folder))
        for name in names:
            packs.write(name, value(name))
            got = packs.read(names[len(names) // 2])
            if got is not None and bytes(got) != value(names[len(names) // 2]):
                return False
        packs.keep_only(set(names))
        packs.close()
        return True

    pid = os.fork()
    if pid == 0:
        os._exit(0 if build([f"{i}.pickle" for i in range(0, 300, 2)]) else 1)
    assert build([f"{i}.pickle" for i in range(300)])
    assert os.waitpid(pid, 0)[1] == 0
    reader = _fresh(folder)
    found = {name: reader.read(name) for name in reader.names()}
    # each may have dropped the other's packs (lost entries are made again by the next build)
    assert all(bytes(body) == value(name) for name, body in found.items() if body is not None)
