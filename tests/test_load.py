"""Stage 1: YAML loading — safety rules and line numbers."""

import time

import pytest

from generator.load import MAX_BYTES, load_file


def load(tmp_path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return load_file(path, tmp_path)


def test_lines_are_remembered_for_nested_values(tmp_path):
    doc, problems = load(tmp_path, "id: a\nresources:\n  - id: r1\n    name: サロン\n  - id: r2\n")
    assert problems == []
    assert doc.line_of(("resources", 0, "name")) == 4
    assert doc.line_of(("resources", 1)) == 5
    # a path below a scalar falls back to the nearest known parent
    assert doc.line_of(("resources", 1, "missing")) == 5


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    doc, problems = load(tmp_path, "id: a\ntitle: one\nsummary: s\ntitle: two\n")
    assert [(p.code, p.line, p.field) for p in problems] == [("duplicate-key", 4, "title")]
    assert "2 行目" in problems[0].message
    assert doc.data["title"] == "one"  # the first value is kept, never silently overwritten


def test_dates_stay_strings(tmp_path):
    doc, _ = load(tmp_path, "last_reviewed: 2024-01-01\nname: 2024-01-01\n")
    assert doc.data == {"last_reviewed": "2024-01-01", "name": "2024-01-01"}


def test_yaml11_booleans_are_still_booleans_for_the_schema_to_catch(tmp_path):
    doc, _ = load(tmp_path, "name: no\n")
    assert doc.data["name"] is False


def test_python_tags_are_refused(tmp_path):
    doc, problems = load(tmp_path, "x: !!python/object/apply:os.system ['echo hi']\n")
    assert doc is None
    assert problems[0].code == "yaml-syntax"
    assert problems[0].line == 1


def test_syntax_error_names_the_line(tmp_path):
    doc, problems = load(tmp_path, "id: a\ntitle: [unclosed\nsummary: b\n")
    assert doc is None
    assert problems[0].code == "yaml-syntax" and problems[0].line >= 2


def test_billion_laughs_is_rejected_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    started = time.perf_counter()
    doc, problems = load(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert doc is None and problems[0].code == "too-many-values"
    assert elapsed < 10  # generous: the point is that it stops, not how fast


def test_oversized_file_is_refused_before_parsing(tmp_path):
    doc, problems = load(tmp_path, "x: " + "a" * (MAX_BYTES + 10) + "\n")
    assert doc is None and problems[0].code == "file-too-large"


def test_folded_japanese_lines_join_without_spaces(tmp_path):
    doc, _ = load(tmp_path, "summary: >-\n  地域の\n  資源を書き出す。\n  English words\n  stay spaced.\n")
    assert doc.data["summary"] == "地域の資源を書き出す。 English words stay spaced."


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00bad", b"id: \x82\xa0"])
def test_non_utf8_is_a_problem_not_a_crash(tmp_path, raw):
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    doc, problems = load_file(path, tmp_path)
    assert doc is None and problems[0].code == "not-utf8"


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!timestamp 2026-01-01", "!!set {a: null}"])
def test_scalar_tags_other_than_text_numbers_and_booleans_are_refused(tmp_path, value):
    doc, problems = load(tmp_path, f"id: a\nname: {value}\n")
    assert doc is None
    assert problems[0].code == "yaml-syntax" and problems[0].line == 2 and "タグ" in problems[0].message
