"""The registry of the public data the importers read (content/import/sources.yaml): who
publishes each dataset, where it is, its licence and the credit the publisher asks for, and
how it is imported (`importer` and its `options`, which the commands take as defaults).

An imported district names its entry (`source: {id, as_of}`, written by `--source`); the
site then shows that entry's credit and licence on the district page, in the downloads
(a 出典 column, an attribution file in the ZIPs) and on the about page. Licences such as
公共データ利用規約 (PDL 1.0) and CC BY 4.0 allow publishing the data only with that credit.

Checks the schema cannot make: ids are unique within the registry, and every district's
`source.id` is registered. The registry is loaded with the other files (validate.py), and by
the import commands and `generator update` on their own (`registry`), which refuse an unknown
`--source` and also a `mapping` option naming no file."""

from __future__ import annotations

from pathlib import Path

from ..model.model import DataSource
from . import schema_check
from .load import Document, dotted, load_file
from .problems import Problem, shown

REGISTRY = Path("content/import/sources.yaml")
ATTRIBUTION = "ATTRIBUTION.txt"  # in all.zip and at the site's root (so in the offline ZIP)


def entries(doc: Document | None) -> list[tuple[int, dict]]:
    """(index, entry) of each entry that is a mapping with a string id."""
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("sources"), list):
        return []
    return [(i, e) for i, e in enumerate(doc.data["sources"]) if isinstance(e, dict) and isinstance(e.get("id"), str)]


def duplicate_ids(doc: Document | None) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, entry in entries(doc):
        ident = entry["id"]
        if ident in seen:
            out.append(Problem(doc.path, doc.line_of(("sources", i, "id")), dotted(("sources", i, "id")), "duplicate-id",
                               f"出典の id{shown(ident)}は {seen[ident]} 行目でも使われています", "別の id にしてください"))
        else:
            seen[ident] = doc.line_of(("sources", i, "id"))
    return out


def missing_files(doc: Document | None, root: Path) -> list[Problem]:
    """Every entry whose `options.mapping` names no file of the project (the schema checks its
    form; an import, and `generator update`, would stop on it later)."""
    out = []
    for i, entry in entries(doc):
        options = entry.get("options")
        mapping = options.get("mapping") if isinstance(options, dict) else None
        if isinstance(mapping, str) and ".." not in mapping and not (root / mapping).is_file():
            where = ("sources", i, "options", "mapping")
            out.append(Problem(doc.path, doc.line_of(where), dotted(where), "missing-file",
                               f"対応表 {shown(mapping)} がありません",
                               "プロジェクトのフォルダーからの相対パスで、あるファイルを指定してください"
                               "（例: content/import/takamatsu.yaml）"))
    return out


def unknown_references(doc: Document | None, district_docs: list[Document]) -> list[Problem]:
    """Every district whose source.id is not in the registry."""
    known = {e["id"] for _, e in entries(doc)}
    out = []
    for d in district_docs:
        source = d.data.get("source") if isinstance(d.data, dict) else None
        ident = source.get("id") if isinstance(source, dict) else None
        if isinstance(ident, str) and ident not in known:
            out.append(Problem(d.path, d.line_of(("source", "id")), "source.id", "unknown-source",
                               f"出典{shown(ident)}は {REGISTRY.as_posix()} に登録されていません",
                               f"登録されている出典: {', '.join(sorted(known)) or 'なし'}"))
    return out


def build(doc: Document | None) -> dict[str, DataSource]:
    return {e["id"]: DataSource(e["id"], e["publisher"], e["title"], e["url"], e["licence"]["name"],
                                e["licence"]["url"], e["credit"], e["importer"])
            for _, e in entries(doc)}


class RegistryError(Exception):
    """The registry cannot be used (`problems`: each with file:line), or has no such source."""

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str = ""):
        super().__init__(message)
        self.problems = problems or []
        self.hint = hint

    def as_problems(self) -> list[Problem]:
        return self.problems or [Problem(REGISTRY.as_posix(), 0, "", "bad-source", str(self), self.hint)]


def registry(root: Path) -> tuple[Document | None, dict[str, dict]]:
    """The registry's document and its entries by id, for the import commands; RegistryError
    with every problem when the file is missing or invalid."""
    path = root / REGISTRY
    if not path.is_file():
        raise RegistryError(f"出典の登録簿 {REGISTRY.as_posix()} がありません",
                            hint="登録簿を作って出典を登録するか、--source を付けずに取り込んでください")
    doc, problems = load_file(path, root)
    if doc is not None:
        problems += schema_check.check(doc, "sources")
        problems += duplicate_ids(doc)
        if not problems:
            problems += missing_files(doc, root)
    if problems:
        raise RegistryError("出典の登録簿に誤りがあります:\n" + "\n".join(p.format() for p in problems), problems)
    return doc, {e["id"]: e for _, e in entries(doc)}


def entry(root: Path, ident: str, importer: str) -> dict:
    """The registered source `ident`, which must be one for `importer` (RegistryError otherwise)."""
    _, found = registry(root)
    if ident not in found:
        known = ", ".join(sorted(found)) or "なし"
        raise RegistryError(f"--source{shown(ident)}は {REGISTRY.as_posix()} に登録されていません"
                            f"（登録されている出典: {known}）",
                            hint="出典を登録してから取り込むか、--source を付けずに取り込んでください")
    if found[ident]["importer"] != importer:
        raise RegistryError(f"出典{shown(ident)}は {found[ident]['importer']} で取り込む出典です",
                            hint=f"python -m generator {found[ident]['importer']} を使ってください")
    return found[ident]


# -- what the site and downloads show -----------------------------------------------------

def short(source: DataSource) -> str:
    """The 出典 cell of the downloads: 発行者「データセット」ライセンス."""
    return f"{source.publisher}「{source.title}」{source.licence_name}"


def attribution(sources: list[DataSource]) -> str:
    """The attribution file of the ZIPs: every registered dataset with its credit and licence."""
    lines = ["出典（ATTRIBUTION）", "",
             "このデータには、次の公開データを加工して取り込んだものが含まれます。",
             "利用するときは、各データのライセンスに従い、クレジットを表示してください。", ""]
    if not sources:
        lines = ["出典（ATTRIBUTION）", "", "このサイトのデータに、登録された公開データからの取り込みはありません。", ""]
    for s in sources:
        lines += [f"- {s.publisher}「{s.title}」", f"  URL: {s.url}", f"  クレジット: {s.credit}",
                  f"  ライセンス: {s.licence_name}（{s.licence_url}）", ""]
    return "\r\n".join(lines)
