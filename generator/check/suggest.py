"""What a contributor probably meant: the id whose Japanese label they wrote (認知症 → dementia,
火 → TU), or the id closest in spelling (summery → summary)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from .problems import shown


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def ids_for(value: str, labels: dict[str, str]) -> list[str]:
    """Ids (at most 3) that `value` names through their label (`labels`: id → label) or that
    it spells with other widths or case: the same text; else a label that begins the value
    (火曜日 → 火), the longest one; else labels that contain the value (サロン → 高齢者サロン系)."""
    v = _norm(value)
    if not v:
        return []
    same = [i for i, label in labels.items() if _norm(label) == v or _norm(i) == v]
    if same:
        return same[:3]
    starts = [(len(_norm(label)), i) for i, label in labels.items() if _norm(label) and v.startswith(_norm(label))]
    if starts:
        return [max(starts)[1]]
    return [i for i, label in labels.items() if v in _norm(label)][:3]


def key_for(key: str, described: dict[str, str]) -> str | None:
    """The field a misspelt or translated key means (`described`: field → its description):
    the closest spelling (summery → summary); a field the key begins with or that begins with
    the key (latitude → lat, desc → description); a field whose Japanese description begins
    with the key (緯度 → lat: "緯度（度。…）"). None unless exactly one field fits."""
    fields = sorted(described)
    near = closest(key, fields)
    if near:
        return near
    k = _norm(key)
    if len(k) < 2:
        return None
    word = re.fullmatch(r"[a-z0-9_-]+", k) is not None  # a longer or shorter spelling, not markup
    for fits in ([f for f in fields if word and len(f) >= 3 and (k.startswith(f) or f.startswith(k))],
                 [f for f, d in described.items() if _norm(d).startswith(k)]):
        if len(fits) == 1:
            return fits[0]
    return None


def closest(value: str, ids: list[str]) -> str | None:
    near = difflib.get_close_matches(value, ids, n=1)
    return near[0] if near else None


def hint(value: str, labels: dict[str, str]) -> str:
    """「「認知症」は id「dementia」のことではありませんか」, or the closest spelling, or ""."""
    found = ids_for(value, labels)
    if len(found) == 1:
        return f"{shown(value)}は id「{found[0]}」のことではありませんか"
    if found:
        return f"{shown(value)}は id" + "".join(f"「{i}」" for i in found) + "のどれかのことではありませんか"
    near = closest(value, sorted(labels))
    return f"「{near}」ではありませんか" if near else ""
