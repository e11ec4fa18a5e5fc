"""What content/gap_links.yaml may link to, read from the YAML files alone (not through the
generator's code, which the tests check): a tie is supported when its case exists and the fact
it names exists, holds the tie's quote and cites one of the case's sources, whose document is in
content/documents.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def ties(root: Path) -> list[dict]:
    return (_load(root / "content/gap_links.yaml") or {}).get("cases") or []


def why_unsupported(root: Path, tie: dict) -> str:
    """"" when the tie rests on its case's own sourced fact, else what is missing."""
    path = root / "cases" / f"{tie['case']}.yaml"
    if not path.is_file():
        return f"no case {tie['case']}"
    case = _load(path)
    section, index = re.fullmatch(r"(\w+)\[(\d+)\]", tie["fact"]).groups()
    facts = case.get(section) or []
    if int(index) >= len(facts):
        return f"{tie['case']}: no {tie['fact']}"
    fact = facts[int(index)]
    if tie["quote"] not in fact["text"]:
        return f"{tie['case']} {tie['fact']}: quote not in the fact"
    sources = {s["id"]: s for s in case["sources"]}
    documents = {d["id"] for d in _load(root / "content/documents.yaml")["documents"]}
    source = sources.get(fact.get("source"))
    if source is None or source["document"] not in documents or not source.get("locator"):
        return f"{tie['case']} {tie['fact']}: no listed source"
    return ""


def supported_cases(root: Path, category: str, state: str) -> set[str]:
    """The cases a gap of (category, state) may link to."""
    return {t["case"] for t in ties(root) if t["category"] == category
            and (not t.get("states") or state in t["states"]) and not why_unsupported(root, t)}
