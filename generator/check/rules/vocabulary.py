"""Vocabulary terms: a field that names a term holds an id of its vocabulary
(content/vocabularies/*.yaml); a Japanese label or a near spelling is answered with the id
it names (suggest.py)."""

from __future__ import annotations

from .. import suggest
from ..load import Document
from .context import Context

# field in a case → vocabulary; field in a resource → vocabulary
CASE_TERMS = {"themes": "themes", "checkpoints": "checkpoints"}
RESOURCE_TERMS = {
    "category": "categories", "target_states": "target_states", "activity_types": "activity_types",
    "operator_type": "operator_types", "service_type": "service_types",
}
LIST_FIELDS = {"themes", "checkpoints", "target_states", "activity_types", "states"}


def term(ctx: Context, doc: Document, where: tuple, vocab: str, value: str) -> None:
    """`value` must be an id of the vocabulary; a Japanese label or a near spelling gets
    the id it names as the hint (「認知症」は id「dementia」のことではありませんか)."""
    known = ctx.vocab_ids.get(vocab, {})  # id → label (or only the ids: then no label hints)
    if value not in known:
        labels = dict(sorted(known.items())) if isinstance(known, dict) else dict.fromkeys(sorted(known), "")
        ctx.add(doc, where, "unknown-term",
                f"「{value}」は content/vocabularies/{vocab}.yaml にない用語です。"
                f"使える値: {', '.join(labels)}",
                suggest.hint(value, labels)
                or "新しい用語が必要なら、先に用語集のファイルに追加してください")


def terms(ctx: Context, doc: Document, base: tuple, item: dict, table: dict[str, str]) -> None:
    """Each field of `item` named in `table` (field → vocabulary): a list of terms
    (LIST_FIELDS) or one."""
    # (a known id is passed over here: this runs for every resource, 140,000 at national size)
    for field, vocab in table.items():
        value = item.get(field)
        if value is None:
            continue
        known = ctx.vocab_ids.get(vocab, {})
        if isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, str) and v not in known:
                    term(ctx, doc, base + (field, i), vocab, v)
        elif isinstance(value, str) and field not in LIST_FIELDS and value not in known:
            term(ctx, doc, base + (field,), vocab, value)
