"""Records and their files: an id matches its file name and is used once (across the
files of a kind, or inside one file for resources and check-sheet items), no id's pages
would replace a shared page or another record's (paths.py), and no placeholder
「要記入」 is left from `python -m generator new-case|new-district`."""

from __future__ import annotations

import marshal
from collections import Counter

from ... import paths
from ..load import Document
from ..problems import shown
from .context import Context, dict_items


def file_name_matches_id(ctx: Context, doc: Document) -> None:
    stem = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str) and doc.data["id"] != stem:
        ctx.add(doc, ("id",), "id-file-mismatch",
                f"id「{doc.data.get('id')}」がファイル名「{stem}」と違います",
                f"id を「{stem}」にするか、ファイル名を id に合わせてください")


def unfinished(ctx: Context, doc: Document) -> None:
    """Placeholders left from `python -m generator new-case|new-district`."""
    def walk(value, where):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, where + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, where + (i,))
        elif isinstance(value, str) and "要記入" in value:
            ctx.add(doc, where, "unfinished", "「要記入」が残っています",
                    "ひな形のこの項目を、出典に基づく内容に書き換えてください")
    try:  # most files have none: one pass in C says so (walking 10,000 districts took seconds);
        # marshal writes each text as its UTF-8 bytes, whole, and is ~8x faster than json.dumps
        if _UNFINISHED not in marshal.dumps(doc.data):
            return
    except ValueError:  # not plain data (load.py makes nothing else)
        pass
    walk(doc.data, ())


_UNFINISHED = "要記入".encode()


def file_name_matches_vocabulary(ctx: Context, doc: Document) -> None:
    """A vocabulary file (it passed its schema) names itself and has each term id once."""
    stem = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if doc.data.get("vocabulary") != stem:
        ctx.add(doc, ("vocabulary",), "vocabulary-file-mismatch",
                f"vocabulary「{doc.data.get('vocabulary')}」がファイル名「{stem}」と違います",
                f"vocabulary: {stem} にしてください")
    counts = Counter(t["id"] for t in doc.data["terms"])
    for i, t in enumerate(doc.data["terms"]):
        if counts[t["id"]] > 1:
            ctx.add(doc, ("terms", i, "id"), "duplicate-id",
                    f"用語 id「{t['id']}」が2回以上あります", "別の id にしてください")


def unique_ids(ctx: Context, docs: list[Document], kind: str) -> None:
    seen: dict[str, Document] = {}
    for doc in docs:
        ident = doc.data.get("id") if isinstance(doc.data, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            ctx.add(doc, ("id",), "duplicate-id",
                    f"{kind}の id「{ident}」は {seen[ident].path} でも使われています",
                    "別の id にしてください")
        else:
            seen[ident] = doc


def generated_paths(ctx: Context, docs_by_kind: dict[str, list[Document]]) -> None:
    """An id whose pages or files would replace a shared page or another record's."""
    by_key = {}
    for kind, docs in docs_by_kind.items():
        for doc in docs:
            ident = doc.data.get("id") if isinstance(doc.data, dict) else None
            if isinstance(ident, str):
                by_key[(kind, ident)] = doc
    for kind, ident, path, other in paths.collisions(list(by_key)):
        former = paths.former_address(kind, ident, path)
        mine = f"の以前のアドレス {former}（404 ページが今のページへ送ります）" if former else f"で作るファイル {path} "
        ctx.add(by_key[(kind, ident)], ("id",), "reserved-id",
                f"id{shown(ident)}{mine}は、{other}と同じ場所になります",
                "別の id にしてください（ファイル名も合わせて変えます）" + (
                    "。以前のアドレスは、印刷物やブックマークの古いリンクのために残しています"
                    if former or "以前のアドレス" in other else ""))  # (collisions names the other's side so)


def resource_id(ctx: Context, doc: Document, base: tuple, resource: dict, first: dict[str, tuple]) -> None:
    """A resource's id is used once in its district (`first`: id → its place, so far; its line
    is looked up only for a duplicate: load.py makes a file's lines only when asked)."""
    rid = resource.get("id")
    if isinstance(rid, str) and rid in first:
        ctx.add(doc, base + ("id",), "duplicate-id",
                f"資源の id「{rid}」はこの地区の {doc.line_of(first[rid])} 行目でも使われています",
                "別の id にしてください")
    elif isinstance(rid, str):
        first[rid] = base + ("id",)


def sheet_ids(ctx: Context, doc: Document, base: tuple, section: dict, seen: dict[str, int]) -> None:
    """A check-sheet's section and item ids are used once in the sheet (they key the saved
    ticks); `seen`: id → line, so far."""
    for key, where in [(section.get("id"), base + ("id",))] + [
            (item.get("id"), base + ("items", j, "id")) for j, item in dict_items(section.get("items"))]:
        if not isinstance(key, str):
            continue
        if key in seen:
            ctx.add(doc, where, "duplicate-id",
                    f"id「{key}」はこのシートの {seen[key]} 行目でも使われています",
                    "シートの中で一意な id にしてください（チェックの保存に使います）")
        else:
            seen[key] = doc.line_of(where)
