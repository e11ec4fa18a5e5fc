"""One table of string and date cases (tests/data/string_rules.json) for the two validators:
`generator validate` and the browser editor's check (editor-core.js). Each gives the table's
problem codes; on the YAML the editor writes, validate prints the editor's very lines (place,
code, message, hint); and every record the editor accepts is written as YAML that validate
accepts and reads back as the same record, so a file the editor lets one download never fails
CI. The character rules are also compared on every code point."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_project

from generator.check import characters, problems, schema_check
from generator.check.load import dotted, load_file
from generator.check.validate import load_atlas
from generator.importers.district_yaml import quoted

TABLE = json.loads((Path(__file__).parent / "data" / "string_rules.json").read_text(encoding="utf-8"))
TODAY = dt.date.fromisoformat(TABLE["today"])
FOLDERS = {"district": "content/districts", "case": "cases"}  # as editor.FOLDERS


@dataclass
class Case:
    label: str
    kind: str
    record: dict
    expect: list[str]

    @property
    def path(self) -> str:
        return f"{FOLDERS[self.kind]}/{self.record['id']}.yaml"


def _value(value):
    """A value of the table: {repeat, times, before, after} is a long string or a long list."""
    if isinstance(value, dict) and "repeat" in value:
        if isinstance(value["repeat"], list):
            return [_value(item) for _ in range(value["times"]) for item in value["repeat"]]
        return value.get("before", "") + value["repeat"] * value["times"] + value.get("after", "")
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _case(n: int, label: str, kind: str, field: list, value, expect: list[str]) -> Case:
    record = json.loads(json.dumps(TABLE["base"][kind]))
    record["id"] = f"sr-{kind[0]}-{n:03d}"  # one file per case; a case may set its own id
    target = record
    for part in field[:-1]:
        target = target[part]
    if value == {"absent": True}:
        del target[field[-1]]
    else:
        target[field[-1]] = _value(value)
    return Case(f"{label} ({kind} {dotted(tuple(field))})", kind, record, sorted(expect))


def _cases() -> list[Case]:
    rows = [(row["why"], kind, field, row["value"], row[lines])
            for row in TABLE["characters"] for lines in ("one-line", "multi-line")
            for kind, field in TABLE["fields"][lines]]
    rows += [(row["why"], row["kind"], row["field"], row["value"], row["expect"]) for row in TABLE["cases"]]
    return [_case(n, *row) for n, row in enumerate(rows)]


CASES = _cases()


def flow_yaml(value) -> str:
    """`value` as one line of YAML flow style, strings in double quotes with the importers'
    escapes (a lone surrogate as \\uD800): a writer of its own, not the editor's."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quoted(k)}: {flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return quoted(value)


EPOCH = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=dt.UTC).timestamp()))  # noon UTC


def validate(project: Path) -> dict[str, list[str]]:
    """`python -m generator validate` on the project, dated TODAY: its lines by file."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, ATLAS_CACHE="0", PYTHONIOENCODING="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "validate"], cwd=project,
                         capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert run.stderr == "" and run.stdout.rstrip().splitlines()[-1].startswith("エラー "), run.stderr
    out: dict[str, list[str]] = {}
    for line in run.stdout.splitlines()[:-1]:
        out.setdefault(line.split(":", 1)[0], []).append(line)
    return out


def codes(lines: list[str]) -> list[str]:
    return sorted(re.search(r" (?:エラー|警告) \[([a-z0-9-]+)\] ", line).group(1) for line in lines)


def test_the_table_has_every_shape():
    """Both kinds, both kinds of field, refused and accepted values, every rule the table is about."""
    expected = {code for case in CASES for code in case.expect}
    assert {"bad-character", "one-line", "too-long", "empty", "bad-id", "bad-url", "bad-date", "future-date",
            "stale", "unfinished", "personal-contact", "unknown-term", "unknown-field", "file-too-large"} <= expected
    assert {case.kind for case in CASES} == {"district", "case"}
    assert sum(not case.expect for case in CASES) > 50 and sum(bool(case.expect) for case in CASES) > 200
    assert len({case.path for case in CASES}) == len(CASES)


def test_validate_gives_the_tables_problems(tmp_path):
    project = make_project(tmp_path / "project")
    for case in CASES:
        (project / case.path).write_text(flow_yaml(case.record) + "\n", encoding="utf-8")
    found = validate(project)
    wrong = [(case.label, case.expect, codes(found.get(case.path, []))) for case in CASES
             if codes(found.get(case.path, [])) != case.expect]
    assert wrong == []


def test_future_dates_in_any_kind_of_file_are_warnings(project, monkeypatch):
    """Documents (a date after 2100), worksheets and checksheets (last_reviewed after the
    reference date) too, found through their schemas; warnings do not stop the build."""
    documents = project / "content" / "documents.yaml"
    text = documents.read_text(encoding="utf-8")
    assert 'date: "2019-12-12"' in text
    documents.write_text(text.replace('date: "2019-12-12"', 'date: "2101-12-12"'), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the fixture's files were reviewed in 2026-11
    monkeypatch.setenv("ATLAS_CACHE", "0")
    atlas, found = load_atlas(project)
    assert atlas is not None
    future = [p for p in found if p.code == "future-date"]
    assert {p.severity for p in future} == {"warning"}
    places = {(p.path, p.field) for p in future}
    assert {path for path, field in places if field.endswith(".date")} == {"content/documents.yaml"}
    assert {("content/worksheets/example.yaml", "last_reviewed"),
            ("content/checksheets/strategy.yaml", "last_reviewed")} <= places
    # the same files on a later day (the last load is kept by its files: and by the date)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17
    assert {p.path for p in load_atlas(project)[1] if p.code == "future-date"} == {"content/documents.yaml"}


def test_the_shortcut_of_text_problems_never_hides_a_refused_character():
    """schema_check._clean says "nothing to look at" for most documents: never for one with a
    character the rules refuse."""
    every = "".join(chr(i) for i in range(0x110000))
    refused = [m.group() for m in characters.FORBIDDEN_IN_LINE.finditer(every)]  # the larger of the two
    assert len(refused) > 2000  # controls, separators, bidi, surrogates, U+FFFE/U+FFFF
    assert [hex(ord(c)) for c in refused if schema_check._clean({"name": f"a{c}b"})] == []


# ------------------------------------------------------------------ the browser editor

@pytest.fixture(scope="module")
def editor(browser, built_site):
    """The built editor page, loaded once for the whole table."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(built_site.as_uri() + "/editor/index.html")
    page.wait_for_function("window.AtlasEditorCore !== undefined")
    yield page
    page.close()
    assert errors == []


@pytest.fixture(scope="module")
def checked(editor) -> list[dict]:
    """AtlasEditorCore.check on every record of the table: path, YAML and problems (code,
    formatted line). Records go in and out as ASCII JSON text, so lone surrogates pass as escapes."""
    text = editor.evaluate("""([records, today]) => JSON.stringify(JSON.parse(records).map(function (c) {
        var r = AtlasEditorCore.check(c[0], c[1], {today: today});
        return {path: r.path, yaml: r.yaml,
                problems: r.problems.map(function (p) { return [p.code, p.severity, AtlasEditorCore.format(p)]; })};
      }))""", [json.dumps([[case.kind, case.record] for case in CASES]),
               {"y": TODAY.year, "m": TODAY.month, "d": TODAY.day}])
    return json.loads(text)


@pytest.mark.browser
def test_the_editor_gives_the_tables_problems(checked):
    wrong = [(case.label, case.expect, sorted(p[0] for p in result["problems"]))
             for case, result in zip(CASES, checked, strict=True)
             if sorted(p[0] for p in result["problems"]) != case.expect]
    assert wrong == []


@pytest.mark.browser
def test_validate_says_what_the_editor_says_on_the_yaml_it_writes(checked, tmp_path):
    """The editor's YAML of each record, validated: the same lines, to the character; and a
    record without errors reads back as itself."""
    project = make_project(tmp_path / "project")
    for case, result in zip(CASES, checked, strict=True):
        assert result["path"] == case.path
        (project / case.path).write_bytes(result["yaml"].encode("utf-8"))
    found = validate(project)
    differ = [(case.label, sorted(p[2] for p in result["problems"]), sorted(found.get(case.path, [])))
              for case, result in zip(CASES, checked, strict=True)
              if sorted(p[2] for p in result["problems"]) != sorted(found.get(case.path, []))]
    assert differ == []
    accepted = [case for case, result in zip(CASES, checked, strict=True)
                if all(p[1] == "warning" for p in result["problems"])]
    assert len(accepted) > 50
    for case in accepted:
        doc, loaded = load_file(project / case.path, project)
        assert loaded == [] and doc.data == case.record, case.label


@pytest.mark.browser
def test_every_code_point_is_judged_alike(editor):
    """characters.FORBIDDEN / FORBIDDEN_IN_LINE (schema_check.text_problems) and problems.visible
    against their ports, on each code point from U+0000 to U+10FFFF, surrogates alone included."""
    browser = editor.evaluate("""() => {
      var C = AtlasEditorCore, out = {multi: [], line: [], visible: []};
      for (var cp = 0; cp < 0x110000; cp++) {
        var c = cp < 0x10000 ? String.fromCharCode(cp)
          : String.fromCharCode(0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        var text = "a" + c + "b";
        if (C.forbiddenAt(text, true) === 1) { out.multi.push(cp); }
        if (C.forbiddenAt(text, false) === 1) { out.line.push(cp); }
        if (C.visible(text) !== text) { out.visible.push(cp); }
      }
      return out; }""")
    every = "".join(chr(i) for i in range(0x110000))
    assert browser["multi"] == [ord(m.group()) for m in characters.FORBIDDEN.finditer(every)]
    assert browser["line"] == [ord(m.group()) for m in characters.FORBIDDEN_IN_LINE.finditer(every)]
    assert browser["visible"] == [ord(m.group()) for m in problems._INVISIBLE.finditer(every)]
