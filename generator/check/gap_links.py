"""content/gap_links.yaml: what a district's empty worksheet cell links to.

Two kinds of data, both checked against the records they name (each problem on the line of
the tie, `file:line: field: message`):
- ties of a case to a worksheet row (and states, where the case says so). A tie names one
  of the case's own facts (`actions[2]`) and words of it (`quote`): the fact must exist
  and hold those words, so a tie cannot point at nothing, nor silently at another fact
  after the case's facts are reordered. Every fact of a valid case has a source (the case
  schema and Rules.case), so a tie always rests on a cited document.
- check-sheet items to discuss about the gaps (資源開発, 協議体), by sheet and item id.
Nothing here is inferred: a row no tie names shows 「…事例はまだ登録されていません」.
"""

from __future__ import annotations

import re

from ..model.model import Case, CaseTie, Checksheet, GapLinks, GapPoint, GapTopic, Vocabulary
from .load import Document

FACT = re.compile(r"^(context|challenge|actions|outcomes)\[(\d+)\]$")


def _dicts(value) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def gap_rules(rules, doc: Document, case_docs: list[Document], checksheet_docs: list[Document]) -> None:
    """The ties name an existing case, fact, row, state and check-sheet item."""
    data = doc.data
    if not isinstance(data, dict):
        return
    cases = {d.data["id"]: d.data for d in case_docs if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)}
    for i, tie in _dicts(data.get("cases")):
        base = ("cases", i)
        rules.terms(doc, base, tie, {"category": "categories", "states": "target_states"})
        case_id = tie.get("case")
        if not isinstance(case_id, str):
            continue
        case = cases.get(case_id)
        if case is None:
            rules.add(doc, base + ("case",), "unknown-case", f"事例「{case_id}」は cases/ にありません",
                      f"cases/ のファイル名（拡張子なし）を書いてください（例: {', '.join(sorted(cases)[:5])}）")
            continue
        ref = tie.get("fact")
        match = FACT.match(ref) if isinstance(ref, str) else None
        if match is None:
            continue  # the schema has said what is wrong with it
        section, index = match.group(1), int(match.group(2))
        facts = case.get(section) if isinstance(case.get(section), list) else []
        if index >= len(facts) or not isinstance(facts[index], dict):
            rules.add(doc, base + ("fact",), "unknown-fact",
                      f"事例「{case_id}」の {section} には {index + 1} つ目の記述がありません（{len(facts)} 件）",
                      f"cases/{case_id}.yaml の {section} を見て、0 から数えた番号を書いてください")
            continue
        text, quote = facts[index].get("text"), tie.get("quote")
        if isinstance(text, str) and isinstance(quote, str) and quote not in text:
            rules.add(doc, base + ("quote",), "quote-not-in-fact",
                      f"「{quote}」は事例「{case_id}」の {ref} の記述にありません",
                      f"{ref} の文言をそのまま写してください（記述の順番が変わったときは fact の番号も直します）")
    sheets: dict[str, set] = {}
    for d in checksheet_docs:
        if isinstance(d.data, dict) and isinstance(d.data.get("id"), str):
            sheets[d.data["id"]] = {item.get("id") for _, s in _dicts(d.data.get("sections"))
                                    for _, item in _dicts(s.get("items"))}
    for i, topic in _dicts(data.get("topics")):
        for j, point in _dicts(topic.get("points")):
            base = ("topics", i, "points", j)
            sheet, item = point.get("checksheet"), point.get("item")
            if isinstance(sheet, str) and sheet not in sheets:
                rules.add(doc, base + ("checksheet",), "unknown-checksheet",
                          f"チェックシート「{sheet}」は content/checksheets/ にありません",
                          f"使えるシート: {', '.join(sorted(sheets))}")
            elif isinstance(sheet, str) and isinstance(item, str) and item not in sheets[sheet]:
                rules.add(doc, base + ("item",), "unknown-item",
                          f"チェックシート「{sheet}」に項目「{item}」はありません",
                          f"content/checksheets/{sheet}.yaml の items の id を書いてください")


def build_gap_links(doc: Document, cases: list[Case], checksheets: list[Checksheet],
                    vocab: dict[str, Vocabulary]) -> GapLinks:
    """The model of a file that passed gap_rules."""
    by_id = {c.id: c for c in cases}
    ties = []
    for t in doc.data["cases"]:
        case = by_id[t["case"]]
        section, index = FACT.match(t["fact"]).groups()
        ties.append(CaseTie(case, vocab["categories"].by_id[t["category"]],
                            tuple(vocab["target_states"].by_id[s] for s in t.get("states", [])),
                            t["fact"], getattr(case, section)[int(index)], t["quote"]))
    items = {(sheet.id, item.id): GapPoint(sheet, section, item)
             for sheet in checksheets for section in sheet.sections for item in section.items}
    topics = [GapTopic(t["id"], t["label"], tuple(items[(p["checksheet"], p["item"])] for p in t["points"]))
              for t in doc.data["topics"]]
    return GapLinks(ties, topics)
