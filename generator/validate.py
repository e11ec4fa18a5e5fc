"""Stages 1–3 together: find the YAML files, load, validate, and build the Atlas.

`load_atlas(root)` is the one entry point: it returns (Atlas, problems) when there
are no errors, and (None, problems) otherwise. It never raises for bad input.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import parallel, schema_check
from .build_model import build_atlas
from .load import Document, load_file
from .model import Atlas
from .problems import Problem, errors
from .rules import Rules

DEFAULT_SETTINGS = {"max_distance_km": 60, "stale_after_months": 12, "district_pdfs_up_to": 50,
                    "offline_zip_up_to": 20000}


class Sources:
    """Where the YAML lives, relative to the project root."""

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


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


# (path, kind) → (content digest, document, its own problems). Loading and schema checks
# depend on the file's bytes alone, so within one process (`generator build` validates and
# then builds; `generator serve` rebuilds after an edit) an unchanged file is parsed once.
_FILE_CACHE: dict[tuple[str, str], tuple[bytes, Document | None, list[Problem]]] = {}


def forget_files() -> None:
    """Drop the kept files (a one-off build needs them no more once the Atlas is built)."""
    _FILE_CACHE.clear()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # load_file reports it


def _parse_and_check(job: tuple[Path, Path, str, bytes | None]) -> tuple[Document | None, list[Problem]]:
    path, root, kind, raw = job
    doc, found = load_file(path, root, raw)
    if doc is not None:
        found = found + schema_check.check(doc, kind)
    return doc, found


def _load_all(paths: list[Path], root: Path, kind: str,
              problems: list[Problem]) -> list[Document]:
    """Every file that could be parsed (cross-record rules run on all of them, so a
    contributor sees every problem in one run; the model is built only when none is left).
    Files not seen before are parsed in forked workers when there are many (districts)."""
    raws = [_read(path) for path in paths]  # each file is read once, here
    digests = [b"" if raw is None else hashlib.blake2b(raw, digest_size=16).digest() for raw in raws]
    keys = [(str(path), kind) for path in paths]
    todo = [i for i, (key, digest) in enumerate(zip(keys, digests, strict=True))
            if not (digest and key in _FILE_CACHE and _FILE_CACHE[key][0] == digest)]
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

    vocab_docs = _load_all(_yaml_files(src.vocabularies), root, "vocabulary", problems)
    doc_docs = _load_all([src.documents], root, "documents", problems) if src.documents.exists() else []
    case_docs = _load_all(_yaml_files(src.cases), root, "case", problems)
    district_docs = _load_all(_yaml_files(src.districts), root, "district", problems)
    stats_docs = _load_all([src.statistics], root, "statistics", problems) if src.statistics.exists() else []
    worksheet_docs = _load_all(_yaml_files(src.worksheets), root, "worksheet", problems)
    checksheet_docs = _load_all(_yaml_files(src.checksheets), root, "checksheet", problems)
    settings = dict(DEFAULT_SETTINGS)
    if src.settings.exists():
        settings_doc, found = load_file(src.settings, root)
        problems.extend(found)
        if settings_doc and isinstance(settings_doc.data, dict):
            settings.update(settings_doc.data)

    # vocabularies and the documents list are checked first: a broken one stops here
    if errors(problems) and any(p.path.startswith("content/vocabularies/") or p.path == "content/documents.yaml"
                                for p in errors(problems)):
        return None, sorted(problems)
    vocab_ids = {d.data["vocabulary"]: {t["id"] for t in d.data["terms"]} for d in vocab_docs}
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
