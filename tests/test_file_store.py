"""What a load keeps for the next one besides the Atlas (validate.FileStore: each file's
document and problems, pickled where it was parsed, forked workers included), and how a
build writes both stores in a forked child while it renders (validate._in_background)."""

from __future__ import annotations

import os
import shutil
import signal

import pytest
from conftest import load_as_new_process as _load
from conftest import load_without_cache as _fresh

from generator.check import validate
from generator.check.load import Document
from generator.check.validate import FileStore
from generator.publish import cache_seal, parallel
from generator.publish.cache_dir import CacheDir

_PARSE = validate._parse_and_check
_DISTRICT = "content/districts/sample-district.yaml"


@pytest.fixture
def parsed(monkeypatch):
    """The files parsed in this process, by path as shown (forked workers' are not counted)."""
    calls = []

    def counting(job):
        calls.append(job[0].name)
        return _PARSE(job)

    monkeypatch.setattr(validate, "_parse_and_check", counting)
    return calls


def _without_atlas_store(project):
    for entry in (project / ".atlas-cache").glob("atlas-*.pickle"):
        entry.unlink()


def _more_districts(project, n=6):
    folder = project / "content" / "districts"
    text = (folder / "sample-district.yaml").read_text(encoding="utf-8")
    for i in range(2, n + 1):
        (folder / f"sample-district-{i}.yaml").write_text(
            text.replace("id: sample-district", f"id: sample-district-{i}", 1), encoding="utf-8")


# (what changes between two loads: file, text, its replacement — or nothing; the files parsed again)
EDITS = {
    "nothing": (None, None, None, set()),
    "a district's resource": (_DISTRICT, "サンプル囲碁教室", "サンプル将棋教室", {"sample-district.yaml"}),
    "a vocabulary file": ("content/vocabularies/categories.yaml", "\n", "\n# 注記\n", {"categories.yaml"}),
    "a district now with an error": (_DISTRICT, "layer: ", "layre: ", {"sample-district.yaml"}),
}


@pytest.mark.parametrize("forked", [False, True], ids=["one process", "forked workers"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_unchanged_files_are_taken_from_the_store_and_give_what_a_full_load_gives(
        edit, forked, project, parsed, monkeypatch):
    """Without the Atlas kept (it is the FileStore's turn), only the changed files are parsed
    again, whether the entries were pickled here or by forked workers, and the result is what a
    load without any store gives; the store written then serves the load after it."""
    _more_districts(project)
    if forked:
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
        monkeypatch.setenv("ATLAS_WORKERS", "2")
    pickled = []  # entries pickled in this process (a worker's are kept as it pickled them)
    real_dumps = validate.dumps
    monkeypatch.setattr(validate, "dumps", lambda value: (isinstance(value[0], Document) and pickled.append(value))
                        or real_dumps(value))
    first = _load(project)
    assert (pickled == []) == forked
    monkeypatch.setattr(validate, "dumps", real_dumps)
    assert len(list((project / ".atlas-cache").glob("files-*.pickle"))) == 1
    rel, old, new, again = EDITS[edit]
    if rel is not None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _without_atlas_store(project)
    parsed.clear()
    monkeypatch.setenv("ATLAS_WORKERS", "1")  # what is parsed is counted here
    changed = _load(project)
    assert set(parsed) == again
    assert changed == _fresh(project, monkeypatch)
    assert changed == first or rel is not None
    _without_atlas_store(project)
    parsed.clear()
    assert _load(project) == changed and parsed == []


@pytest.mark.parametrize("damage", ["garbage", "not an index", "an entry of another kind", "other key"])
def test_a_store_that_cannot_be_read_is_parsed_again(damage, project, parsed, monkeypatch):
    first = _load(project)
    (entry,) = (project / ".atlas-cache").glob("files-*.pickle")
    folder = CacheDir(entry.parent)
    if damage == "garbage":
        entry.write_bytes(b"not a pickle at all")
    elif damage == "not an index":
        assert cache_seal.write_pickle(folder, entry.name, (42, b"abc"))
    elif damage == "an entry of another kind":
        index, _ = cache_seal.read_pickle(folder, entry.name)
        blob = cache_seal.dumps(("a document", "problems"))
        index = [(key, digest, len(blob)) for key, digest, _ in index]
        assert cache_seal.write_pickle(folder, entry.name, (index, blob * len(index)))
    else:
        data = entry.read_bytes()
        entry.write_bytes(bytes(cache_seal.SEAL_BYTES) + data[cache_seal.SEAL_BYTES:])
    _without_atlas_store(project)
    parsed.clear()
    assert _load(project) == first
    assert "sample-district.yaml" in parsed
    assert FileStore(project)._entries()  # and kept again


def test_a_build_writes_the_stores_in_a_child_and_the_next_load_takes_them(project, monkeypatch):
    """`generator build` (hand_over) writes both stores in a forked child; this process goes on
    at once, and waits for the child before it reads a store again."""
    forked = []
    real = validate._in_background

    def counting(work):
        forked.append(1)
        return real(work)

    monkeypatch.setattr(validate, "_in_background", counting)
    first = _load(project, hand_over=True)
    assert forked == [1]
    names = {p.name.split("-")[0] for p in (project / ".atlas-cache").iterdir()}
    assert names == {"atlas", "files"}  # whole: no unfinished write left
    calls = []
    monkeypatch.setattr(validate, "_check_and_build", lambda *args: calls.append(1))
    assert _load(project) == first and calls == []  # taken from the store the child wrote


@pytest.mark.parametrize("how", ["an exception", "killed"])
def test_a_child_that_fails_leaves_the_old_store_and_the_build_goes_on(how, project, monkeypatch):
    first = _load(project)
    before = {p.name: p.read_bytes() for p in (project / ".atlas-cache").iterdir()}
    path = project / _DISTRICT
    path.write_text(path.read_text(encoding="utf-8").replace("サンプル囲碁教室", "サンプル将棋教室"), encoding="utf-8")

    def failing(self, *args):
        if how == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError("disk full")

    monkeypatch.setattr(validate.AtlasStore, "put", failing)
    monkeypatch.setattr(validate.FileStore, "save", failing)
    changed = _load(project, hand_over=True)
    assert changed[0] is not None and changed != first
    assert {p.name: p.read_bytes() for p in (project / ".atlas-cache").iterdir()} == before
    monkeypatch.undo()
    shutil.rmtree(project / ".atlas-cache")
    assert changed == _load(project)
