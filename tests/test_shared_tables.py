"""The Python side of the case tables shared with the browser scripts (tests/data/*.json):
logic that exists twice, in generator/ and in site_templates/ (assets/, js/), is run on one table by
pytest here and by node in tests/js/ (tests/test_js.py), so the two cannot drift apart.

- schedule_rules.json: schedule.filter_matches, open_on ~ atlas-filter.js scheduleMatches, ruleOpenOn
- search_text.json: search_shards.normalise, grams, gram_hash ~ search.js normalise, terms, gramsOf, hash
- privacy_rounding.json: privacy.public_location (0.01°) ~ js/editor/privacy.js roundApproximate
- csv_cells.json: csvcells.neutralise + exports.py's csv writer ~ atlas-rows.js csv
- addresses.json (its Python side is test_privacy.py): privacy.approximate_address ~ js/editor/privacy.js approximateAddress
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

import pytest

from generator.check import characters
from generator.model import schedule
from generator.model.csvcells import TRIGGERS, neutralise
from generator.model.model import Location
from generator.model.privacy import APPROXIMATE_DECIMALS, public_location
from generator.render.search_shards import gram_hash, grams, normalise, utf16

DATA = Path(__file__).parent / "data"


def _table(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------ schedules

SCHEDULES = _table("schedule_rules.json")


@pytest.mark.parametrize("case", SCHEDULES["cases"], ids=[c["why"] for c in SCHEDULES["cases"]])
def test_schedule_filters_give_the_tables_answer(case):
    rules = [SCHEDULES["rules"][name] for name in case["rules"]]
    date = dt.date.fromisoformat(case["date"]) if case["date"] else None
    assert schedule.filter_matches(rules, case["day"], case["time"], date) is case["match"]
    if date and not (case["day"] or case["time"]):
        assert schedule.open_on(rules, date) is case["match"]


def test_the_schedule_table_has_every_shape():
    """Every kind of rule, each answer for each condition, and dates at the month's edges."""
    cases, rules = SCHEDULES["cases"], SCHEDULES["rules"].values()
    assert {(bool(c["day"]), bool(c["time"]), bool(c["date"]), c["match"]) for c in cases} >= {
        (False, False, True, True), (False, False, True, False), (True, False, False, True), (True, False, False, False),
        (False, True, False, True), (False, True, False, False), (False, False, False, True)}
    assert {c["time"] for c in cases} == {"", "am", "pm"}
    assert {p for r in rules for p in r.get("bysetpos", [])} == {1, 2, 3, 4, 5, -1}
    assert {"opens" in r for r in rules} == {True, False} and {"closes" in r for r in rules} == {True, False}
    dates = {dt.date.fromisoformat(c["date"]) for c in cases if c["date"]}
    assert {d.month for d in dates} >= {2, 12, 1} and any(d.month == 2 and d.year % 4 == 0 for d in dates)
    assert {schedule.nth_of_month(d) for d in dates} >= {(1, False), (4, True), (4, False), (5, True)}
    assert {n for c in cases for n in c["rules"]} == set(SCHEDULES["rules"]) and len(cases) >= 50  # each rule used


# ------------------------------------------------------------------ search text

SEARCH = _table("search_text.json")


@pytest.mark.parametrize("case", SEARCH["texts"], ids=[c["why"] for c in SEARCH["texts"]])
def test_search_text_is_normalised_and_cut_into_words_as_the_table_says(case):
    assert normalise(case["text"]) == case["normalised"]
    assert normalise(case["text"]).split() == case["words"]  # the index's words (grams)
    assert {g for g in grams(case["text"]) if len(g) == 1} == {u for w in case["words"] for u in utf16(w)}


@pytest.mark.parametrize("case", SEARCH["pieces"], ids=[c["why"] for c in SEARCH["pieces"]])
def test_a_word_is_indexed_by_the_pieces_search_looks_it_up_by(case):
    """The index holds every piece the browser looks a word up by (the table's, as UTF-16
    units: json reads an escaped pair as one character)."""
    word = utf16(case["word"])
    indexed = grams(case["word"])
    pieces = {utf16(p) for p in case["pieces"]}
    assert pieces <= indexed
    assert pieces == ({word} if len(word) == 1 else {g for g in indexed if len(g) == 2})


def test_gram_hashes_choose_the_shard_the_browser_loads():
    assert [gram_hash(utf16(h["gram"])) for h in SEARCH["hashes"]] == [h["hash"] for h in SEARCH["hashes"]]


def test_white_space_splits_words_as_the_table_says_and_the_differences_never_reach_a_document():
    ws = SEARCH["whitespace"]
    assert {cp for cp in range(0x110000) if chr(cp).isspace()} == set(ws["both"]) | set(ws["python only"])
    assert [hex(cp) for cp in ws["python only"] + ws["javascript only"]
            if not characters.FORBIDDEN.search(chr(cp))] == []


# ------------------------------------------------------------------ privacy rounding

ROUNDING = _table("privacy_rounding.json")


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1, a) == math.copysign(1, b)  # -0.0 is not 0.0 here


@pytest.mark.parametrize("case", ROUNDING["cases"], ids=[c["why"] for c in ROUNDING["cases"]])
def test_an_approximate_point_is_rounded_as_the_table_says(case):
    shown = public_location(Location(case["x"], -case["x"], "approximate"))
    assert _same(shown.lat, case["rounded"]) and _same(shown.lon, -case["rounded"])
    assert shown.precision == "approximate"


def test_the_rounding_table_has_its_shapes():
    assert ROUNDING["decimals"] == APPROXIMATE_DECIMALS
    cases = ROUNDING["cases"]
    ties = [c for c in cases if (c["x"] * 8).is_integer() and not (c["x"] * 100).is_integer()]
    assert len(ties) >= 6 and {math.floor(c["x"] * 100) % 2 for c in ties} == {0, 1}  # ties that go down and up
    assert any(c["x"] < 0 for c in ties) and any(abs(c["x"]) > 2**53 / 1000 for c in ties)
    assert any(math.copysign(1, c["rounded"]) < 0 and c["rounded"] == 0 for c in cases)


# ------------------------------------------------------------------ CSV cells

CELLS = _table("csv_cells.json")


@pytest.mark.parametrize("case", CELLS["cases"], ids=[c["why"] for c in CELLS["cases"]])
def test_a_csv_cell_is_written_as_the_table_says(case):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["a", "b"], lineterminator="\r\n")  # as exports.csv_chunks
    writer.writerow({"a": neutralise(case["value"]), "b": "x"})
    assert buffer.getvalue() == case["cell"] + ",x\r\n"


def test_the_csv_table_starts_a_cell_with_each_trigger():
    starts = {c["value"][:1] for c in CELLS["cases"]} | {c["value"].lstrip("'")[:1] for c in CELLS["cases"]}
    assert starts >= TRIGGERS
