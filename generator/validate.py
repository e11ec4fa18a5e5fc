"""Stages 1–3 together: find the YAML files, load, validate, and build the Atlas.

`load_atlas(root)` is the one entry point: it returns (Atlas, problems) when there
are no errors, and (None, problems) otherwise. It never raises for bad input.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import parallel, schema_check
from .build_model import build_atlas
from .load import Document, load_file, read_file
from .model import Atlas
from .problems import Problem, errors
from .rules import Rules

DEFAULT_SETTINGS = {"max_distance_km": 60, "stale_after_months": 12, "district_pdfs_up_to": 50,
                    "offline_zip_up_to": 20000}


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

    def watched(self) -> list[Path]:
        """Folders and files whose change must rebuild the site."""
        return [self.cases, self.vocabularies, self.districts, self.documents, self.settings, self.statistics,
                self.worksheets, self.checksheets]


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
    return sorted(folder / name for name in names
                  if not name.startswith(".") and name.lower().endswith((".yaml", ".yml")))


def _read(path: Path, root: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of a data file, or the one problem that says why it is not read."""
    shown = _shown(path, root)
    real_root = os.path.realpath(root)
    if os.path.realpath(path.parent) != os.path.join(real_root, *path.parent.relative_to(root).parts):
        return None, Problem(shown, 1, "", "symlink",
                             "シンボリックリンクのフォルダーを通った場所にあるので読みません"
                             "（リポジトリの中の通常のファイルだけを読みます）",
                             "リンクを消して、ファイルをリポジトリのフォルダーに直接置いてください")
    return read_file(path, shown, follow_symlinks=False)


# (path, kind) → (content digest, document, its own problems). Loading and schema checks
# depend on the file's bytes alone, so within one process (`generator build` validates and
# then builds; `generator serve` rebuilds after an edit) an unchanged file is parsed once.
_FILE_CACHE: dict[tuple[str, str], tuple[bytes, Document | None, list[Problem]]] = {}


def forget_files() -> None:
    """Drop the kept files (a one-off build needs them no more once the Atlas is built)."""
    _FILE_CACHE.clear()


def _parse_and_check(job: tuple[Path, Path, str, bytes]) -> tuple[Document | None, list[Problem]]:
    path, root, kind, raw = job
    try:
        doc, found = load_file(path, root, raw)
        if doc is not None:
            found = found + schema_check.check(doc, kind)
    except Exception as exc:  # a bug of ours must still name the file, not end the run
        return None, [Problem(_shown(path, root), 1, "", "internal-error",
                              f"このファイルの検査中に内部エラーが起きました（{type(exc).__name__}）",
                              "ジェネレーターの不具合です。このファイルを添えて issue で知らせてください")]
    return doc, found


def _load_all(paths: list[Path], root: Path, kind: str,
              problems: list[Problem]) -> list[Document]:
    """Every file that could be parsed (cross-record rules run on all of them, so a
    contributor sees every problem in one run; the model is built only when none is left).
    Files not seen before are parsed in forked workers when there are many (districts)."""
    reads = [_read(path, root) for path in paths]  # each file is read once, here
    for _, problem in reads:
        if problem is not None:
            problems.append(problem)
    paths = [path for path, (raw, _) in zip(paths, reads, strict=True) if raw is not None]
    raws = [raw for raw, _ in reads if raw is not None]
    digests = [hashlib.blake2b(raw, digest_size=16).digest() for raw in raws]
    keys = [(str(path), kind) for path in paths]
    todo = [i for i, (key, digest) in enumerate(zip(keys, digests, strict=True))
            if not (key in _FILE_CACHE and _FILE_CACHE[key][0] == digest)]
    results = parallel.start(_parse_and_check, [(paths[i], root, kind, raws[i]) for i in todo]).get()
    for i, (doc, found) in zip(todo, results, strict=True):
        _FILE_CACHE[keys[i]] = (digests[i], doc, found)
    docs = []
    for key in keys:
        _, doc, found = _FILE_CACHE[key]
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs


def _drop_noise_on_placeholders(problems: list[Problem]) -> list[Problem]:
    """A field still holding the template's 「要記入」 gets that one message, not three."""
    unfinished = {(p.path, p.field) for p in problems if p.code == "unfinished"}
    return [p for p in problems if p.code == "unfinished" or (p.path, p.field) not in unfinished]


def load_atlas(root: Path) -> tuple[Atlas | None, list[Problem]]:
    src = Sources(root)
    problems: list[Problem] = []

    def files(folder: Path) -> list[Path]:
        return _yaml_files(folder, root, problems)

    def file(path: Path) -> list[Path]:
        return [path] if os.path.lexists(path) else []  # a dangling link or a folder is reported

    vocab_docs = _load_all(files(src.vocabularies), root, "vocabulary", problems)
    doc_docs = _load_all(file(src.documents), root, "documents", problems)
    case_docs = _load_all(files(src.cases), root, "case", problems)
    district_docs = _load_all(files(src.districts), root, "district", problems)
    stats_docs = _load_all(file(src.statistics), root, "statistics", problems)
    worksheet_docs = _load_all(files(src.worksheets), root, "worksheet", problems)
    checksheet_docs = _load_all(files(src.checksheets), root, "checksheet", problems)
    settings = dict(DEFAULT_SETTINGS)
    settings_docs = _load_all(file(src.settings), root, "settings", problems)
    if settings_docs and not any(p.path == settings_docs[0].path for p in errors(problems)):
        settings.update(settings_docs[0].data)  # only once it passed its schema

    # vocabularies and the documents list are checked first: a broken one stops here
    if errors(problems) and any(p.path.startswith("content/vocabularies/") or p.path == "content/documents.yaml"
                                for p in errors(problems)):
        return None, sorted(problems)
    vocab_ids = {d.data["vocabulary"]: {t["id"]: t["label"] for t in d.data["terms"]} for d in vocab_docs}
    document_ids = {d["id"] for doc in doc_docs for d in doc.data["documents"]}
    rules = Rules(vocab_ids, document_ids, settings)
    for doc in vocab_docs:
        rules.file_name_matches_vocabulary(doc)
    rules.unique_ids(case_docs, "事例")
    rules.unique_ids(district_docs, "地区")
    rules.generated_paths({"case": case_docs, "district": district_docs, "worksheet": worksheet_docs,
                           "checksheet": checksheet_docs})
    for doc in case_docs:
        rules.case(doc)
    for doc in district_docs:
        rules.district(doc)
    for doc in stats_docs:
        rules.statistics(doc)
    for doc in worksheet_docs:
        rules.worksheet(doc)
    for doc in checksheet_docs:
        rules.checksheet(doc)
    problems.extend(rules.problems)

    problems = _drop_noise_on_placeholders(problems)
    if errors(problems):
        return None, sorted(problems)
    atlas = build_atlas(vocab_docs, doc_docs, case_docs, district_docs, settings,
                        stats_docs[0] if stats_docs else None, worksheet_docs, checksheet_docs)
    return atlas, sorted(problems)
