"""The cache is used only as plain files inside its folder (generator/publish/cache_dir.py): a link
(to a folder or file outside, to /dev/zero, to a FIFO), a FIFO, a folder where a file
belongs or an entry over the size cap is never read, written through or deleted through;
a build with such a cache says so in one line and makes the site it makes without one."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, make_project

from generator.check import validate
from generator.publish import cache_dir, cache_seal
from generator.publish.cache_dir import MAX_ENTRY_BYTES, CacheDir

MESSAGE = "キャッシュを使わずにビルドします："


def _snapshot(folder: Path) -> dict:
    """Everything under `folder` (itself included), nothing followed, nothing but regular
    files read: name → kind and bytes or link target."""
    found = {}
    todo = [folder]
    while todo:
        path = todo.pop()
        st = os.lstat(path)
        key = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(st.st_mode):
            found[key] = ("link", os.readlink(path))
        elif stat.S_ISDIR(st.st_mode):
            found[key] = ("folder",)
            todo.extend(path.iterdir())
        elif stat.S_ISREG(st.st_mode):
            found[key] = ("file", st.st_size, path.read_bytes() if st.st_size < 10**7 else b"")
        else:
            found[key] = ("other", stat.S_IFMT(st.st_mode))
    return found


def _within(seconds: float, work):
    """`work()`'s result; fails (rather than hangs) when it takes longer."""
    done = {}
    thread = threading.Thread(target=lambda: done.setdefault("value", work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked (a FIFO opened?)"
    return done["value"]


def _unblock(fifo: Path) -> None:
    """Let a reader blocked on opening `fifo` go on (a failed test must not hang the run)."""
    with contextlib.suppress(OSError):
        if stat.S_ISFIFO(os.stat(fifo).st_mode):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


# an entry of `units/` that is not a regular file of a sane size: how to make it (in the
# folder, given a folder outside), and whether writing the entry again replaces it (a rename
# replaces a link or FIFO itself; not a folder)
def _link_to_sealed(entry: Path, outside: Path) -> None:
    assert cache_seal.write_sealed(CacheDir(outside), "sealed", b"read me")  # readable where it is
    assert cache_seal.read_sealed(CacheDir(outside), "sealed") == b"read me"
    entry.symlink_to(outside / "sealed")


def _fifo_outside(entry: Path, outside: Path) -> None:
    os.mkfifo(outside / "fifo")
    entry.symlink_to(outside / "fifo")


def _folder(entry: Path, outside: Path) -> None:
    entry.mkdir()
    (entry / "inside").write_bytes(b"x")


def _sparse(entry: Path, outside: Path) -> None:
    with open(entry, "wb") as f:
        f.truncate(MAX_ENTRY_BYTES + 1)  # no disk used, but a read would take 512 MB


ENTRIES = {
    "link-to-a-sealed-file-outside": (_link_to_sealed, True),
    "link-to-dev-zero": (lambda entry, outside: entry.symlink_to("/dev/zero"), True),
    "fifo": (lambda entry, outside: os.mkfifo(entry), True),
    "link-to-a-fifo": (_fifo_outside, True),
    "dangling-link": (lambda entry, outside: entry.symlink_to(outside / "nothing"), True),
    "folder": (_folder, False),
    "sparse-file-over-the-cap": (_sparse, True),
}


@pytest.mark.parametrize("shape", ENTRIES)
def test_an_entry_that_is_not_a_plain_file_is_not_read_nor_followed(shape, tmp_path, machine_key):
    make, replaced = ENTRIES[shape]
    outside = tmp_path / "outside"
    outside.mkdir()
    top = CacheDir(tmp_path / "project", ".atlas-cache")
    units = top / "units"
    assert units.write("kept.pickle", b"a plain entry")
    entry = units.path / "e.pickle"
    make(entry, outside)
    before = _snapshot(outside)
    try:
        assert _within(10, lambda: units.read("e.pickle")) is None
        assert _within(10, lambda: cache_seal.read_sealed(units, "e.pickle")) is None
        assert units.read("kept.pickle") == b"a plain entry"
        found = _within(10, lambda: top.problem(".atlas-cache"))
        assert found is not None and found.startswith(".atlas-cache/units/e.pickle ")
        assert _within(10, lambda: units.write("e.pickle", b"new")) is replaced
        if replaced:  # the entry itself, not what it pointed at
            assert entry.is_file() and not entry.is_symlink() and entry.read_bytes() == b"new"
        units.drop("*", keep={"kept.pickle"})
        assert sorted(units.names()) == (["kept.pickle"] if replaced else ["e.pickle", "kept.pickle"])
    finally:
        for fifo in (entry, outside / "fifo"):
            _unblock(fifo)
    assert _snapshot(outside) == before


@pytest.mark.parametrize("where", [".atlas-cache", "units", "links"])
def test_a_linked_folder_is_not_read_written_or_emptied(where, tmp_path, machine_key):
    """The cache folder, or a folder in it, is a link to a folder outside holding what a
    build would read, write over and delete: nothing of it is touched."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    assert cache_seal.write_sealed(CacheDir(outside), "e.pickle", b"sealed here")
    (outside / "parse-old.bin").write_bytes(b"old")
    (outside / ".e.pickle.1.tmp").write_bytes(b"unfinished")
    top = CacheDir(project, ".atlas-cache")
    if where == ".atlas-cache":
        (project / ".atlas-cache").symlink_to(outside)
        folder = top
    else:
        (project / ".atlas-cache").mkdir()
        (project / ".atlas-cache" / where).symlink_to(outside)
        folder = top / where
    before = _snapshot(outside)
    assert folder.read("e.pickle") is None and cache_seal.read_sealed(folder, "e.pickle") is None
    assert folder.names() == []
    assert folder.write("new.pickle", b"x") is False
    assert folder.write("e.pickle", b"x") is False
    assert cache_seal.write_pickle(folder, "e.pickle", 1) is False
    folder.drop("*")
    folder.drop("parse-*", ".*.tmp", keep={"e.pickle"})
    assert _snapshot(outside) == before
    found = top.problem(".atlas-cache")
    assert found == (".atlas-cache" if where == ".atlas-cache" else f".atlas-cache/{where}") + " がシンボリックリンクです"


@pytest.mark.parametrize("name", ["../e", "sub/e", ".", "..", ""])
def test_an_entry_is_named_not_reached_by_a_path(name, tmp_path):
    """A name with a "/" would have open() follow links on the way: refused, like "." and ".."."""
    (tmp_path / "e").write_bytes(b"above")
    (tmp_path / "units" / "sub").mkdir(parents=True)
    (tmp_path / "units" / "sub" / "e").write_bytes(b"below")
    units = CacheDir(tmp_path) / "units"
    before = _snapshot(tmp_path)
    assert units.read(name) is None and units.write(name, b"x") is False
    assert _snapshot(tmp_path) == before
    with pytest.raises(ValueError):
        units / name


@pytest.mark.parametrize(("size", "read"), [(0, True), (99, True), (100, True), (101, False)])
def test_entries_are_read_up_to_the_cap(size, read, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_dir, "MAX_ENTRY_BYTES", 100)
    folder = CacheDir(tmp_path)
    (tmp_path / "e").write_bytes(b"x" * size)
    assert folder.read("e") == (b"x" * size if read else None)
    found = folder.problem("cache")
    assert (found is None) == read
    if not read:
        assert found.startswith("cache/e が大きすぎます（101 バイト")


@pytest.mark.parametrize("top", ["folder", "fifo", "file", "link-to-a-folder"])
def test_the_cache_folder_itself(top, tmp_path):
    """`.atlas-cache` in the project is a real folder or nothing; what it holds is checked
    too (a folder where a file belongs, a folder of another name)."""
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "elsewhere").mkdir()
    path = project / ".atlas-cache"
    {"folder": path.mkdir, "fifo": lambda: os.mkfifo(path), "file": lambda: path.write_bytes(b""),
     "link-to-a-folder": lambda: path.symlink_to(tmp_path / "elsewhere")}[top]()
    folder = CacheDir(project, ".atlas-cache")
    expected = {"folder": None, "fifo": ".atlas-cache がフォルダーではありません",
                "file": ".atlas-cache がフォルダーではありません",
                "link-to-a-folder": ".atlas-cache がシンボリックリンクです"}[top]
    assert _within(10, lambda: folder.problem(".atlas-cache")) == expected
    assert CacheDir(tmp_path / "none", ".atlas-cache").problem(".atlas-cache") is None  # made when written
    if top == "folder":
        (path / "units").mkdir()
        (path / "units" / "deeper").mkdir()
        assert folder.problem(".atlas-cache") == ".atlas-cache/units/deeper はファイルのはずの場所にあるフォルダーです"
        (path / "units" / "deeper").rmdir()
        (path / "other").mkdir()
        assert folder.problem(".atlas-cache") == ".atlas-cache/other はファイルのはずの場所にあるフォルダーです"


def test_atlas_cache_dir_may_be_a_link_but_not_what_it_holds(tmp_path, monkeypatch, capsys, machine_key):
    """ATLAS_CACHE_DIR is the user's choice (here a link to a folder): used; a link in it is
    not, and the build is told once."""
    real, outside = tmp_path / "real", tmp_path / "outside"
    real.mkdir()
    outside.mkdir()
    (tmp_path / "chosen").symlink_to(real)
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "chosen"))
    cache_dir.forget()
    try:
        folder = validate.cache_folder(tmp_path / "project")
        assert folder is not None and (folder / "units").write("e.pickle", b"x")
        assert (real / "units" / "e.pickle").read_bytes() == b"x"
        assert capsys.readouterr().err == ""

        shutil.rmtree(real / "units")
        (real / "units").symlink_to(outside)
        cache_dir.forget()  # as a new build
        assert validate.cache_folder(tmp_path / "project") is None
        assert validate.cache_folder(tmp_path / "project") is None
        err = capsys.readouterr().err.splitlines()
        assert err == [line for line in err if line.startswith(MESSAGE)] and len(err) == 1
        assert f"{tmp_path / 'chosen'}/units がシンボリックリンクです" in err[0]
        assert validate.AtlasStore(tmp_path / "project").path is None and list(outside.iterdir()) == []
    finally:
        cache_dir.forget()


# --- whole builds: one per shape, against one project whose cache a first build made ---

def _run_build(project: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    """`python -m generator build` in its own process group, killed after three minutes (a
    build that opened a FIFO would wait for ever)."""
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--site-dir", str(out)]
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail("the build did not end (blocked on a FIFO?)")
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A project, the site it makes without a cache, and the cache a first build left."""
    base = tmp_path_factory.mktemp("cache-shapes")
    project = make_project(base / "project")
    env = {**os.environ, "ATLAS_PDF": "0", "ATLAS_CACHE_KEY_FILE": str(base / "key" / "cache-key")}
    env.pop("ATLAS_CACHE_DIR", None)
    plain = _run_build(project, base / "uncached", {**env, "ATLAS_CACHE": "0"})
    assert plain.returncode == 0, plain.stderr
    first = _run_build(project, base / "first", env)
    assert first.returncode == 0 and MESSAGE not in first.stderr, first.stderr
    good = base / "good-cache"
    shutil.copytree(project / ".atlas-cache", good, symlinks=True)
    entries = [p for p in good.rglob("*") if p.is_file()]
    assert {p.parent.name for p in entries} == {"good-cache", "units", "links"}
    return {"project": project, "env": env, "site": _tree(base / "uncached"), "good": good}


def _every_entry(change):
    """A shape that changes every file of the cache (the stores, units/, links/)."""
    def shape(cache: Path, outside: Path) -> None:
        for i, entry in enumerate(sorted(p for p in cache.rglob("*") if p.is_file())):
            copy = outside / f"{i}-{entry.name}"
            shutil.copy(entry, copy)
            entry.unlink()
            change(entry, copy)
    return shape


def _linked_folder(name: str):
    """A shape that puts a folder of the cache outside: what a build would delete there
    (other code's stores, unfinished writes) and nothing it would take."""
    def shape(cache: Path, outside: Path) -> None:
        for decoy in ("files-000000000000000000000000.pickle", "atlas-0.pickle", "old.pickle",
                      "parse-old.bin", ".e.pickle.1.tmp", "notes.txt"):
            (outside / decoy).write_bytes(b"decoy")
        target = cache if name == ".atlas-cache" else cache / name
        shutil.rmtree(target)
        target.symlink_to(outside, target_is_directory=True)
    return shape


def _sparse_over_cap(entry: Path, copy: Path) -> None:
    with open(entry, "wb") as f:
        f.truncate(MAX_ENTRY_BYTES + 1)


BUILDS = {
    ".atlas-cache-linked-outside": (_linked_folder(".atlas-cache"), ".atlas-cache がシンボリックリンク"),
    "units-linked-outside": (_linked_folder("units"), ".atlas-cache/units がシンボリックリンク"),
    "links-linked-outside": (_linked_folder("links"), ".atlas-cache/links がシンボリックリンク"),
    "entries-linked-to-files-outside": (_every_entry(lambda entry, copy: entry.symlink_to(copy)),
                                        "がシンボリックリンク"),
    "entries-linked-to-dev-zero": (_every_entry(lambda entry, copy: entry.symlink_to("/dev/zero")),
                                   "がシンボリックリンク"),
    "entries-are-fifos": (_every_entry(lambda entry, copy: os.mkfifo(entry)), "が通常のファイルではありません"),
    "entries-are-folders": (_every_entry(lambda entry, copy: entry.mkdir()), "ファイルのはずの場所にあるフォルダー"),
    "entries-over-the-cap": (_every_entry(_sparse_over_cap), "が大きすぎます"),
}


@pytest.mark.parametrize("shape", BUILDS)
def test_a_build_with_a_cache_that_is_not_plain_files(shape, world, tmp_path):
    """The build ends well, says once why it used no cache, changes nothing outside (nor
    in the cache), and makes the site a build without a cache makes."""
    make, reason = BUILDS[shape]
    cache, outside = world["project"] / ".atlas-cache", tmp_path / "outside"
    if cache.is_symlink():
        cache.unlink()
    elif cache.exists():
        shutil.rmtree(cache)
    shutil.copytree(world["good"], cache, symlinks=True)
    outside.mkdir()
    make(cache, outside)
    before = (_snapshot(outside), _snapshot(cache))
    result = _run_build(world["project"], tmp_path / "site", world["env"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    told = [line for line in result.stderr.splitlines() if MESSAGE in line]
    assert len(told) == 1 and reason in told[0], result.stderr
    assert (_snapshot(outside), _snapshot(cache)) == before
    assert _tree(tmp_path / "site") == world["site"]
