"""Which worksheet row (category) and columns (target states) a facility's service type
goes to: the shipped, editable table content/import/types.yaml, plus an optional
`--mapping` file in the same format (generator/schemas/import-mapping.schema.json) whose
entries are tried first.

A row's 種別 value is matched against `types` in order: the first entry with a word the
value contains wins. Without a 種別 value, or when none matched, the row's name is tried
(「○○地域包括支援センター」; the word that comes first in the name decides), and that is a
guess: the importer warns, once per word. When
nothing matched, the layout's default from `layouts` is used, also with a warning, once
per value. An entry with `skip` keeps the rows out (reported, with that reason).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..check import schema_check
from ..check.load import load_file
from ..check.problems import Problem
from .reading import ReadError

TABLE = Path("content/import/types.yaml")
TERM_FIELDS = {"category": "categories", "target_states": "target_states", "activity_types": "activity_types",
               "operator_type": "operator_types", "service_type": "service_types"}


def match_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace(" ", "").replace("\u3000", "")


@dataclass
class Match:
    terms: dict | None       # None: skip the row
    how: str                 # "kind" (table), "name" (guessed from the name), "default" (guessed)
    word: str = ""           # the word that matched
    skip: str = ""           # the reason, when terms is None


class MappingError(ReadError):
    pass


def _load(path: Path, root: Path, vocab_ids: dict[str, set[str]]) -> dict:
    if not path.is_file():
        raise MappingError(f"対応表 {path} がありません")
    doc, problems = load_file(path, root)
    if doc is not None:
        problems += schema_check.check(doc, "import-mapping")
    if doc is not None and not problems:
        problems += _unknown_terms(doc, vocab_ids)
    if problems:
        raise MappingError("対応表に誤りがあります:\n" + "\n".join(p.format() for p in problems))
    return doc.data


def _unknown_terms(doc, vocab_ids: dict[str, set[str]]) -> list[Problem]:
    out = []

    def check(where: tuple, terms: dict) -> None:
        for key, vocab in TERM_FIELDS.items():
            values = terms.get(key)
            for i, value in enumerate(values if isinstance(values, list) else [values] if values else []):
                if value not in vocab_ids.get(vocab, set()):
                    at = where + ((key, i) if isinstance(values, list) else (key,))
                    out.append(Problem(doc.path, doc.line_of(at), ".".join(map(str, at)), "unknown-term",
                                       f"「{value}」は content/vocabularies/{vocab}.yaml にない用語です",
                                       f"使える値: {', '.join(sorted(vocab_ids.get(vocab, ())))}"))

    for i, entry in enumerate(doc.data.get("types", [])):
        check(("types", i), entry)
    for name, terms in doc.data.get("layouts", {}).items():
        check(("layouts", name), terms)
    if "defaults" in doc.data:
        check(("defaults",), doc.data["defaults"])
    return out


class Types:
    def __init__(self, root: Path, vocab_ids: dict[str, set[str]], user: Path | None = None):
        shipped = _load(root / TABLE, root, vocab_ids)
        self.user = _load(user, root, vocab_ids) if user else {}
        self.entries = [(tuple(match_key(w) for w in e["words"]), e)
                        for e in self.user.get("types", []) + shipped.get("types", [])]
        self.layouts = {**shipped.get("layouts", {}), **self.user.get("layouts", {})}
        self.defaults = self.user.get("defaults")

    def _terms(self, entry: dict) -> dict:
        return {k: entry[k] for k in TERM_FIELDS if k in entry}

    def _find(self, text: str, earliest: bool = False) -> tuple[dict, str] | None:
        """The first entry (in table order) with a word in `text`; with `earliest`, the
        entry whose word comes first in `text` (for names: 「A（B内）」 is an A)."""
        key = match_key(text)
        if not key:
            return None
        best = None
        for words, entry in self.entries:
            for word in words:
                at = key.find(word)
                if at >= 0 and not earliest:
                    return entry, word
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, entry, word)
        return (best[1], best[2]) if best else None

    def match(self, kind: str, name: str, layout_key: str, match_names: bool) -> Match:
        found = self._find(kind)
        how = "kind"
        if found is None and match_names:
            found, how = self._find(name, earliest=True), "name"
        if found is not None:
            entry, word = found
            if "skip" in entry:
                return Match(None, how, word, entry["skip"])
            return Match(self._terms(entry), how, word)
        default = self.defaults or self.layouts.get(layout_key) or self.layouts["default"]
        return Match(self._terms(default), "default")

    def default_is_known(self, layout_key: str) -> bool:
        """A layout whose rows are all one kind of place (AED) needs no guess."""
        return bool(self.layouts.get(layout_key, {}).get("known"))
