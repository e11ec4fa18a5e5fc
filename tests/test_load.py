"""Stage 1: YAML loading — safety rules and line numbers."""

import os
import re
import socket
import stat
import subprocess
import sys
import time

import pytest

from generator.check import load as load_module
from generator.check.load import MAX_BYTES, MAX_DEPTH, load_file


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


# Each value's line is kept in the file's order and made into the path → line table when a
# message asks (load.py's docstring): that table must be the one the builder makes as it goes.
_SHAPES = {
    "nested": "id: a\nresources:\n  - id: r1\n    name: サロン\n    tags: [a, b]\n  - id: r2\n",
    "flow on one line": "a: {b: [1, {c: 2}], d: []}\ne: {}\n",
    "lists of lists": "- - 1\n  - - 2\n    - 3\n- []\n- {}\n- x\n",
    "root scalar": "just text\n",
    "root list of maps": "- a: 1\n  b:\n    - 2\n-\n  c: 3\n",
    "empty values": "a:\nb: ~\nc: ''\nd:\n  - \n",
    "blocks": "a: |\n  line 1\n  line 2\nb: >\n  日本語\n  の文\nc: 3\n",
    "numbers and booleans": "a: 1\nb: 1.5\nc: true\nd: 2024-01-01\ne: 0x1f\n",
    "quoted keys": "'a b': 1\n\"c\": {\"d\": 2}\n? e\n: 3\n",
    "full-width indent": "a:\n\u3000b: 1\nc: 2\n",
    "comments and blank lines": "# head\n\na: 1  # one\n\n\nb:\n  # inside\n  - 2\n",
    "anchor without alias": "a: &x [1, 2]\nb: &y text\n",
    "alias": "a: &x [1, {b: 2}]\nc: *x\nd: [*x, 3]\n",
    "alias as key": "a: &k name\n*k : 2\n",
    "duplicate key": "a: 1\nb: {x: 1}\nb: {y: 2, x: 3}\nc: 4\n",
    "duplicate nested key": "a:\n  - b: 1\n    b: 2\n    c: [1, 2]\n",
}


def _lines_as_built(text: str) -> dict:
    """The table the builder makes as it reads (not lean)."""
    doc = load_module.Document("x.yaml", None)
    loader = load_module._Loader(text)
    try:
        load_module._Builder(loader, doc, [], time.monotonic() + 20).build()
    finally:
        loader.dispose()
    return doc.lines


@pytest.mark.parametrize("text", _SHAPES.values(), ids=_SHAPES.keys())
def test_lines_made_when_asked_are_the_builders(tmp_path, text):
    doc, _ = load(tmp_path, text)
    expected = _lines_as_built(text)
    assert expected and doc.lines == expected
    assert list(doc.lines) == list(expected)  # the same order too (the editor sends them so)


@pytest.mark.parametrize("text", [
    _SHAPES["nested"], _SHAPES["numbers and booleans"], "a: .nan\nb: -.inf\nc: 1e308\nd: -0.0\n",
    "a: " + "9" * 1200 + "\nb: -12\n", 'a: "\\ud800 \\U0001F600 \\x00"\n', "- [[[[]]]]\n- {a: {b: {}}}\n",
], ids=["nested", "scalars", "floats", "big integer", "escapes", "empty nesting"])
def test_a_document_comes_back_from_a_pickle_as_it_was(tmp_path, text):
    import pickle

    doc, _ = load(tmp_path, text)
    doc.digest, doc.text = b"digest", "text"
    again = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    def exact(data):  # nan, -0.0, 1 vs 1.0 told apart
        return [(k, type(v), repr(v)) for k, v in _flatten(data).items()]

    assert exact(doc.data) and exact(again.data) == exact(doc.data)
    assert (again.path, again.digest, again.text, again.lines) == (doc.path, b"digest", "text", doc.lines)
    odd = load_module.Document("x.yaml", {"a": {1, 2}})  # not what the loader makes: kept as it is
    assert pickle.loads(pickle.dumps(odd)).data == {"a": {1, 2}}


def _flatten(value, where=()) -> dict:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _flatten(item, where + (key,)).items()} \
            or {where: "{}"}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in _flatten(item, where + (i,)).items()} \
            or {where: "[]"}
    return {where: value}


def test_a_document_sent_before_its_lines_were_asked_for_has_them(tmp_path):
    import pickle

    text = _SHAPES["nested"]
    doc, _ = load(tmp_path, text)
    assert doc.order is not None  # not made yet: what crosses from the workers is the compact form
    again = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.lines == _lines_as_built(text) and again.line_of(("resources", 0, "tags", 1)) == 5


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


# -- resource limits: each ends in one problem with its line, never an exception ---------------

def test_deep_nesting_is_refused_at_its_line(tmp_path):
    doc, problems = load(tmp_path, "id: a\nx: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("too-deep", 2)]


def test_deep_block_nesting_is_refused(tmp_path):
    doc, problems = load(tmp_path, "".join("  " * i + f"k{i}:\n" for i in range(200)))
    assert doc is None and problems[0].code == "too-deep"
    assert problems[0].line == MAX_DEPTH + 1  # the first mapping too deep


def test_nesting_that_crashes_libyaml_composer_is_refused(tmp_path):
    """100,000 nested "[" made libyaml's recursive composer crash the process (SIGSEGV)."""
    path = tmp_path / "x.yaml"
    path.write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from generator.check.load import load_file; "
            f"doc, p = load_file(Path({str(path)!r}), Path({str(tmp_path)!r})); print(p[0].code)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "too-deep"


def test_merge_keys_are_refused_before_they_expand(tmp_path):
    """Nested "<<" that took 37 s and then crashed: refused at the first merge key."""
    lines = ["a0: &a0 {k0: 1, k1: 2, k2: 3, k3: 4}"]
    lines += [f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 8)}], x{i}: 1}}" for i in range(1, 25)]
    doc, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("merge-key", 2)]
    assert "<<" in problems[0].message


def test_a_single_merge_key_is_refused_with_its_line(tmp_path):
    doc, problems = load(tmp_path, "base: &b {precision: hidden}\nid: a\nlocation:\n  <<: *b\n")
    assert doc is None and [(p.code, p.line) for p in problems] == [("merge-key", 4)]


def test_billion_laughs_as_a_key_is_refused_without_expanding(tmp_path):
    """The anchors are defined inside the key itself, so nothing before it counts them."""
    levels = ['&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    doc, problems = load(tmp_path, "id: a\n? [" + ", ".join(levels) + "]\n: 1\n")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", 2)]
    assert "キー" in problems[0].message


@pytest.mark.parametrize("text", ["? {a: 1}\n: 1\n", "? [a, b]\n: 1\n", "x: {[a]: 1}\n"])
def test_keys_are_plain_text(tmp_path, text):
    doc, problems = load(tmp_path, text)
    assert doc is None and problems[0].code == "yaml-syntax" and "キー" in problems[0].message


def test_billion_laughs_stops_at_the_line_that_expands_too_much(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    doc, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert doc is None and problems[0].code == "too-many-values"
    assert problems[0].line == 6  # a5 expands to 597,871 values


def test_parsing_time_is_limited_and_ends_in_a_message_with_the_line(tmp_path, monkeypatch):
    """The limits above bound the work; the clock is the last guard (checked every 1,024 events)."""
    monkeypatch.setattr(load_module, "MAX_SECONDS", 0.0)
    doc, problems = load(tmp_path, "".join(f"k{i}: {i}\n" for i in range(2000)))
    assert doc is None and [p.code for p in problems] == ["too-slow"]
    assert 2 <= problems[0].line <= 2000


def test_aliases_still_give_their_values_and_lines(tmp_path):
    doc, problems = load(tmp_path, "a: &x [1, 2]\nb: *x\nc: &y text\nd: *y\n")
    assert problems == []
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}
    assert doc.data["a"] is not doc.data["b"]  # a copy: later stages may change one alone
    assert doc.line_of(("b", 1)) == 2


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "-" + "9" * 4400])
def test_integers_python_cannot_print_are_refused(tmp_path, number):
    doc, problems = load(tmp_path, f"id: a\nvalue: {number}\n")
    assert doc is None and [(p.code, p.line) for p in problems] == [("too-large-number", 2)]


def test_two_documents_in_one_file_are_refused_at_the_second(tmp_path):
    doc, problems = load(tmp_path, "id: a\n---\nid: b\n")
    assert doc is None and [(p.code, p.line) for p in problems] == [("yaml-syntax", 2)]


def test_an_unknown_alias_is_explained(tmp_path):
    doc, problems = load(tmp_path, "id: a\ntitle: *注意\nsummary: *abc\n")
    assert doc is None and problems[0].line == 2 and "引用符" in problems[0].hint


def test_crlf_and_bom_files_load(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffid: a\r\ntitle: 題名\r\n".encode())
    doc, problems = load_file(path, tmp_path)
    assert problems == [] and doc.data == {"id": "a", "title": "題名"} and doc.line_of(("title",)) == 2


# -- characters YAML cannot hold: the real line and column ------------------------------------

@pytest.mark.parametrize(("char", "words"), [("\x00", "NUL"), ("\x01", "制御文字"), ("\x9b", "制御文字"),
                                            ("\ufffe", "U+FFFE")])
def test_unreadable_character_names_its_line_and_column(tmp_path, char, words):
    """libyaml's ReaderError for a NUL byte has no line; the loader finds it first."""
    doc, problems = load(tmp_path, f"a: 1\nb: 2\nc: 3\nd: 4\ntitle: 題名{char}です\n")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("bad-character", 5)]
    assert "10 文字目" in problems[0].message and words in problems[0].message
    assert char not in problems[0].format()


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_characters_yaml_reads_as_line_breaks_are_refused_on_the_editors_line(tmp_path, char):
    """"a: x<U+2028>b: 1" shows as one line in an editor and on GitHub, but YAML reads two keys."""
    doc, problems = load(tmp_path, f"id: a\ntitle: x{char}summary: 1\nlast: 2\n")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("bad-character", 2)]
    assert "9 文字目" in problems[0].message and "改行として読まれる" in problems[0].message


# -- syntax errors: Japanese, the line to fix, the column, a named cause ------------------------

SYNTAX = [  # text, line, column, words of the message
    ("id: x\ntitle: t\n名前：値\nsummary: s\n", 3, 3, "全角のコロン"),
    ("id: x\nattribution：named\ntitle: t\n", 2, 12, "全角のコロン"),
    ("id: x\nmunicipalities:\n\t- code: \"402028\"\n", 3, 1, "タブ"),
    ("id: x\nmunicipalities:\n  - code: \"402028\"\n  \tprefecture: x\n", 4, 3, "タブ"),
    ("id: x\nmunicipalities:\n  - code: \"402028\"\n\u3000\u3000prefecture: 福岡県\n    name: 大牟田市\n",
     4, 1, "全角スペース"),
    ("id: x\n\u3000title: t\nsummary: s\n", 2, 1, "全角スペース"),
    ("id: x\nmunicipalities:\n  - code: \"402028\"\n     prefecture: 福岡県\n    name: 大牟田市\n", 4, 6,
     "字下げがずれています（この行は半角スペース 5 個、同じ階層は 4 個）"),
    ("id: x\nmunicipalities:\n  - code: \"402028\"\n   prefecture: 福岡県\n    name: 大牟田市\n", 4, 4, "字下げ"),
    ("id: x\n title: t\nsummary: s\n", 2, 2, "字下げ"),
    ("id: x\nmunicipalities:\n  - code: \"402028\n    prefecture: 福岡県\nthemes:\n  - \"a\"\n", 3, 11,
     "引用符「\"」が閉じられていません"),
    ("id: x\ntitle: 'abc\nsummary: s\n", 2, 8, "引用符「'」が閉じられていません"),
    ("id: x\nthemes: [a, b\nsummary: s\n", 2, 9, "「[」に対応する「]」がありません"),
    ("id: x\nloc: {a: 1, b: 2\nsummary: s\n", 2, 6, "「{」に対応する「}」がありません"),
    ("id: x\ntitle: 題名: 副題\n", 2, 10, "値の中に「: 」があります"),
    ("id: x\ntitle: \"C:\\Users\"\n", 2, 13, "エスケープ"),
    ("id: x\ntitle: @named\n", 2, 8, "「@」で始まる値"),
    ("id: x\ntitle: t\n- a\n", 3, 1, "一覧の行"),
    ("id: x\ntitle t\nsummary: s\n", 2, 1, "「:」がありません"),
    ("id: x\nsummary: \"a \"b\" c\"\n", 2, 14, "引用符で囲んだ値の後に文字が続いています"),
    ("id: x\n]\n", 2, 1, "「]」"),
    ("%foo\nid: x\n", 1, 1, "「%」"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), SYNTAX, ids=[s[3][:12] for s in SYNTAX])
def test_syntax_errors_are_japanese_on_the_right_line(tmp_path, text, line, column, words):
    _, problems = load(tmp_path, text)
    assert len(problems) == 1
    p = problems[0]
    assert (p.code, p.line) == ("yaml-syntax", line), p.format()
    assert words in p.message and f"（{column} 文字目）" in p.message, p.format()
    assert not re.search(r"\b(could|found|expected|while|scanning|parsing)\b", p.message), p.message
    assert p.hint


# -- reading files -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["directory", "fifo", "socket", "device"])
def test_only_regular_files_are_read(tmp_path, kind):
    path = tmp_path / "x.yaml"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer forever
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    else:
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero: endless
        except PermissionError:
            pytest.skip("creating a device needs root")
    doc, problems = load_file(path, tmp_path)
    assert doc is None and [(p.code, p.line) for p in problems] == [("not-a-file", 1)]


def test_a_large_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "x.yaml"
    with open(path, "wb") as f:
        f.truncate(50 * MAX_BYTES)  # sparse: 100 MB that were read whole before
    doc, problems = load_file(path, tmp_path)
    assert doc is None and problems[0].code == "file-too-large"

