"""The jsonschema_rs shortcut in schema_check: it may only skip jsonschema for documents that
jsonschema would accept too, so every message stays the one jsonschema's errors give."""

import copy
from pathlib import Path

import pytest
import yaml

from benchmarks import synthetic
from generator.check import schema_check
from generator.check.load import Document, load_file

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
FOLDERS = {  # where the YAML of each kind lives (as in generator.check.validate.Sources)
    "cases": "case", "content/districts": "district", "content/vocabularies": "vocabulary",
    "content/worksheets": "worksheet", "content/checksheets": "checksheet",
}
FILES = {"content/documents.yaml": "documents", "content/statistics.yaml": "statistics",
         "content/settings.yaml": "settings", "content/gap_links.yaml": "gap_links",
         "content/import/types.yaml": "import-mapping", "tests/data/import/example-mapping.yaml": "import-mapping",
         "content/import/sources.yaml": "sources", "tests/data/import/example-sources.yaml": "sources",
         "content/import/takamatsu.yaml": "import-mapping", "content/import/kudamatsu.yaml": "import-mapping"}


def _kind_of_fixture(path: Path) -> str:
    return "case" if path.name.startswith("case-") else "district"


def _repository_yaml() -> list[tuple[Path, str]]:
    found = [(p, kind) for folder, kind in FOLDERS.items()
             for p in sorted((ROOT / folder).glob("*.y*ml"))]
    found += [(ROOT / f, kind) for f, kind in FILES.items()]
    found += [(p, _kind_of_fixture(p)) for p in sorted((DATA / "valid").glob("*.yaml"))]
    return found


REPOSITORY_YAML = _repository_yaml()
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def _load(path: Path) -> Document:
    doc, problems = load_file(path, path.parent)
    assert doc is not None, problems
    return doc


def _outcome(doc: Document, kind: str):
    try:
        return schema_check.check(doc, kind)
    except Exception as exc:  # compared, not hidden: see _slow_outcome
        return f"raises {type(exc).__name__}: {exc}"


def _slow_outcome(doc: Document, kind: str, monkeypatch):
    """check() as it was before the shortcut (jsonschema only), problems or the exception it raised."""
    with monkeypatch.context() as m:
        m.setattr(schema_check, "fast_is_valid", lambda data, kind: False)
        return _outcome(doc, kind)


def test_there_is_repository_data_of_every_kind():
    assert {kind for _, kind in REPOSITORY_YAML} == {*schema_check.KINDS, "import-mapping"}
    assert len([p for p, kind in REPOSITORY_YAML if kind == "district"]) >= 2


@pytest.mark.parametrize("kind", [*schema_check.KINDS, "import-mapping"])
def test_every_schema_has_a_fast_validator(kind):
    assert schema_check.fast_validator(kind) is not None


@pytest.mark.content  # reads the repository's own content (conftest checks the marker)
@pytest.mark.parametrize(("path", "kind"), REPOSITORY_YAML,
                         ids=[p.relative_to(ROOT).as_posix() for p, _ in REPOSITORY_YAML])
def test_repository_yaml_is_valid_for_both_validators(path, kind):
    data = _load(path).data
    assert list(schema_check.validator(kind).iter_errors(data)) == []
    assert schema_check.fast_is_valid(data, kind)  # the shortcut is taken for real data


def test_synthetic_districts_are_valid_for_both_validators(tmp_path):
    """The benchmark's districts (every category, target state and schedule form), through YAML."""
    for i, district in enumerate(synthetic.district_dicts("small")):
        path = tmp_path / f"d{i}.yaml"
        path.write_text(yaml.safe_dump(district, allow_unicode=True), encoding="utf-8")
        data = _load(path).data
        assert list(schema_check.validator("district").iter_errors(data)) == [], path
        assert schema_check.fast_is_valid(data, "district"), path


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixtures_get_the_same_answer_and_messages(path, monkeypatch):
    doc, problems = load_file(path, path.parent)
    if doc is None:  # a YAML syntax fixture: the schemas never see it
        assert [p.code for p in problems] == ["yaml-syntax"]
        return
    kind = _kind_of_fixture(path)
    schema_errors = list(schema_check.validator(kind).iter_errors(doc.data))
    # a fixture that breaks the schema is refused by the fast validator too; one that breaks
    # only a cross-record rule (unknown term, duplicate id …) passes both (jsonschema_rs cannot
    # take a NaN at all: it answers "not valid", and the character and number check reports it)
    fast = schema_check.fast_is_valid(doc.data, kind)
    assert fast == (schema_errors == []) or (not fast and path.stem == "district-nan-latitude")
    assert schema_check.check(doc, kind) == _slow_outcome(doc, kind, monkeypatch)


def _district() -> Document:
    return _load(DATA / "valid" / "district-minimal.yaml")


def _with(doc: Document, where: tuple, value) -> Document:
    data = copy.deepcopy(doc.data)
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    return Document(doc.path, data, doc.lines)


# Values where the two libraries could part: regex dialects (Python's \s takes \x1c-\x1f and \x85,
# ECMA's takes \ufeff; Python's \d takes any digit; Python's $ allows a final newline), formats
# (impossible dates, year 0), numbers jsonschema_rs cannot hold (nan, huge integers), strings it
# cannot take (lone surrogates) and values from explicit YAML tags (bytes, dates).
EDGE_VALUES = [
    (("resources", 0, "url"), "https://example.com/\x1cx"),
    (("resources", 0, "url"), "https://example.com/\x1f"),
    (("resources", 0, "url"), "https://example.com/\x85"),
    (("resources", 0, "url"), "https://example.com/\ufeff"),
    (("resources", 0, "url"), "https://example.com/\u3000"),
    (("resources", 0, "url"), "https://example.com/\n"),
    (("resources", 0, "url"), "javascript:alert(1)"),
    (("resources", 0, "id"), "salon-1\n"),
    (("resources", 0, "id"), "ｓａｌｏｎ"),
    (("municipality", "code"), "１３１０１６"),
    (("municipality", "code"), "١٣١٠١٦"),
    (("municipality", "code"), "131016\n"),
    (("last_reviewed", ), "２０２６-11-01"),
    (("last_reviewed", ), "2026-02-30"),
    (("last_reviewed", ), "2026-02-29"),
    (("last_reviewed", ), "2024-02-29"),
    (("last_reviewed", ), "0000-01-01"),
    (("last_reviewed", ), "2026-01-01\n"),
    (("last_reviewed", ), "2026-1-01"),
    (("last_reviewed", ), "2026-04-31"),
    (("last_reviewed", ), "20260101"),
    (("last_reviewed", ), "2026-W01-1"),
    (("resources", 0, "last_verified"), "2026-13-01"),
    (("resources", 0, "schedule", "rules", 0, "opens"), "１０:00"),
    (("resources", 0, "schedule", "rules", 0, "opens"), "10:00\n"),
    (("resources", 0, "contact"), {"organisation": "x", "phone": "03-1234-5678\n"}),
    (("resources", 0, "contact"), {"organisation": "x", "email": "info@example.jp\n"}),
    (("resources", 0, "location", "lat"), float("nan")),
    (("resources", 0, "location", "lat"), float("inf")),
    (("resources", 0, "location", "lat"), 10**400),
    (("resources", 0, "location", "lat"), 1),
    (("resources", 0, "location", "lat"), True),
    (("name", ), "\ud800"),
    (("name", ), b"bytes"),
    (("last_reviewed", ), __import__("datetime").date(2026, 11, 1)),
    (("resources", 0, "target_states"), ["genki", "genki"]),
    (("resources", 0, "name"), "😀" * 120),
    (("resources", 0, "name"), "😀" * 121),
]


@pytest.mark.parametrize(("where", "value"), EDGE_VALUES, ids=[repr(v)[:30] for _, v in EDGE_VALUES])
def test_edge_values_never_pass_the_shortcut_alone(where, value, monkeypatch):
    doc = _with(_district(), where, value)
    if schema_check.fast_is_valid(doc.data, "district"):
        assert list(schema_check.validator("district").iter_errors(doc.data)) == []
    # the same problems as before (for bytes and dates from !!binary / !!timestamp, the same
    # TypeError as before: the message builder cannot show them)
    assert _outcome(doc, "district") == _slow_outcome(doc, "district", monkeypatch)


def _case() -> Document:
    return _load(DATA / "valid" / "case-minimal.yaml")


@pytest.mark.parametrize("value", ["2026", "2026-02", "2026-02-29", "2024-02-29", "0000", "2026-00", "2026-13",
                                   "2026-02-30", "2026\n", "26", "2026-2", "令和8年"])
def test_partial_dates_get_the_same_answer_from_both(value, monkeypatch):
    doc = _case()
    data = copy.deepcopy(doc.data)
    data.setdefault("figures", [{"label": "人口", "value": 1, "unit": "人", "source": "s1"}])[0]["as_of"] = value
    doc = Document(doc.path, data, doc.lines)
    real = schema_check.date_reason(value, partial=True) is None
    assert schema_check.fast_is_valid(data, "case") == real == (list(schema_check.validator("case").iter_errors(data)) == [])
    assert _outcome(doc, "case") == _slow_outcome(doc, "case", monkeypatch)


def test_dates_are_real_dates_in_both_validators():
    """Every year/month/day shape: both validators agree with the calendar."""
    import datetime

    for y in ("0000", "0001", "2024", "2025", "9999"):
        for m in ("00", "01", "02", "04", "12", "13"):
            for d in ("00", "01", "28", "29", "30", "31", "32"):
                value = f"{y}-{m}-{d}"
                try:
                    real = bool(datetime.date(int(y), int(m), int(d)))
                except ValueError:
                    real = False
                doc = _with(_district(), ("last_reviewed",), value)
                assert schema_check.fast_is_valid(doc.data, "district") == real, value
                assert (list(schema_check.validator("district").iter_errors(doc.data)) == []) == real, value


# What ECMA-262 (JSON Schema's regex dialect) answers, written out by hand.
ECMA_ANSWERS = [
    (("resources", 0, "id"), "salon-1\n", False),  # $ is the end of the text
    (("resources", 0, "id"), "salon-1", True),
    (("municipality", "code"), "１３１０１６", False),  # \d is 0-9
    (("municipality", "code"), "131016\n", False),
    (("resources", 0, "url"), "https://example.com/\ufeff", False),  # \s takes U+FEFF
    (("resources", 0, "url"), "https://example.com/\u3000", False),
    (("resources", 0, "url"), "https://example.com/\x1c", True),  # \s does not take \x1c or \x85 …
    (("resources", 0, "url"), "https://example.com/\x85", True),
]


@pytest.mark.parametrize(("where", "value", "valid"), ECMA_ANSWERS, ids=[repr(v)[:30] for _, v, _ in ECMA_ANSWERS])
def test_patterns_follow_ecma_in_both_validators(where, value, valid):
    doc = _with(_district(), where, value)
    assert schema_check.fast_is_valid(doc.data, "district") == valid
    assert (list(schema_check.validator("district").iter_errors(doc.data)) == []) == valid


def test_controls_the_ecma_dialect_lets_through_are_refused_before_the_schema():
    """… so a URL holding \x1c or \x85 is still refused, by the character check."""
    for bad in ("\x1c", "\x85"):
        doc = _with(_district(), ("resources", 0, "url"), f"https://example.com/{bad}")
        assert [p.code for p in schema_check.check(doc, "district")] == ["bad-character"]


def test_every_schema_pattern_translates_to_ecma_semantics():
    import json

    patterns = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(schema_check.SCHEMA_DIR.glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert len(patterns) >= 5
    for pattern in patterns:
        regex = schema_check.ecma_regex(pattern)
        assert "$" not in regex.pattern.replace("\\$", "")  # every end anchor is \Z


def test_values_jsonschema_rs_cannot_take_fall_back_to_jsonschema(monkeypatch):
    doc = _district()
    data = copy.deepcopy(doc.data)
    data[1] = "x"  # the loader makes every key a string; check() itself must not rely on it
    doc = Document(doc.path, data, doc.lines)
    assert not schema_check.fast_is_valid(data, "district")
    assert _outcome(doc, "district") == _slow_outcome(doc, "district", monkeypatch)

