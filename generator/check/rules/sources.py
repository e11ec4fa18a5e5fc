"""Sources and documents: a case's sources have unique ids, every fact cites one of them
and every source is cited (unused ones are a warning); a source, a sheet or a dataset that
names a document names one of content/documents.yaml."""

from __future__ import annotations

from collections import Counter

from ..load import Document
from .context import Context

# the lists of a case whose items are facts that cite a source
FACT_LISTS = ("context", "challenge", "actions", "outcomes", "figures", "stakeholders",
              "timeline", "quotes", "places")


def source_ref(ctx: Context, doc: Document, where: tuple, source) -> None:
    if isinstance(source, dict) and isinstance(source.get("document"), str) \
            and source["document"] not in ctx.document_ids:
        ctx.add(doc, where + ("document",), "unknown-document",
                f"資料「{source['document']}」は content/documents.yaml にありません",
                f"使える資料: {', '.join(sorted(ctx.document_ids))}")


def declared(ctx: Context, doc: Document, sources: list[tuple[int, dict]]) -> Counter:
    """A case's sources ((index, source)): each id once, each document known; the ids, counted."""
    source_ids = Counter(s.get("id") for _, s in sources)
    for i, s in sources:
        if source_ids[s.get("id")] > 1:
            ctx.add(doc, ("sources", i, "id"), "duplicate-source-id",
                    f"出典 id「{s.get('id')}」が2回以上あります", "出典ごとに別の id にしてください")
        source_ref(ctx, doc, ("sources", i), s)
    return source_ids


def cited(ctx: Context, doc: Document, where: tuple, item: dict, source_ids: Counter):
    """The source a fact cites (at `where`), which must be one of the case's; returned."""
    ref = item.get("source")
    if isinstance(ref, str) and ref not in source_ids:
        ctx.add(doc, where + ("source",), "unknown-source",
                f"出典「{ref}」が sources にありません",
                f"sources の id（{', '.join(map(str, source_ids)) or 'なし'}）から選んでください")
    return ref


def unused(ctx: Context, doc: Document, sources: list[tuple[int, dict]], used: set) -> None:
    for i, s in sources:
        if s.get("id") not in used:
            ctx.add(doc, ("sources", i, "id"), "unused-source",
                    f"出典「{s.get('id')}」はどの記述からも参照されていません",
                    "使わない出典は消すか、記述の source に指定してください", "warning")
