"""Stage 2: schema + cross-record rules. Every invalid fixture has exactly one expected
problem (code, field, line) and every expectation has a fixture."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_yaml

from generator.check.load import dotted
from generator.check.problems import errors, report
from generator.check.validate import load_atlas

DATA = Path(__file__).parent / "data"

# file stem → (code, field, line) of the one error a contributor should see
EXPECTED = {
    "case-bad-date": ("bad-date", "last_reviewed", 23),
    "case-duplicate-key": ("duplicate-key", "title", 5),
    "case-five-digit-code": ("wrong-type", "municipalities[0].code", 7),
    "case-missing-source": ("missing-field", "context[0].source", 12),
    "case-misspelled-field": ("unknown-field", "summery", 4),
    "case-municipality-name-mismatch": ("municipality-name-mismatch", "municipalities[0].name", 9),
    "case-number-with-comma": ("wrong-type", "figures[0].value", 16),
    "case-unknown-document": ("unknown-document", "sources[0].document", 21),
    "case-unknown-municipality": ("unknown-municipality", "municipalities[0].code", 7),
    "case-unknown-source": ("unknown-source", "context[0].source", 13),
    "case-unknown-theme": ("unknown-term", "themes[0]", 10),
    "case-unquoted-no": ("wrong-type", "title", 3),
    "case-wrong-type": ("wrong-type", "themes", 10),
    "district-duplicate-resource-id": ("duplicate-id", "resources[1].id", 29),
    "district-exact-without-coordinates": ("missing-field", "resources[0].location.lat", 16),
    "district-far-from-municipality": ("far-from-municipality", "resources[0].location.lat", 17),
    "district-impossible-latitude": ("too-large", "resources[0].location.lat", 17),
    "district-javascript-url": ("bad-url", "resources[0].url", 27),
    "district-personal-contact-field": ("unknown-field", "resources[0].contact.person", 29),
    "district-personal-email": ("personal-contact", "resources[0].contact.email", 29),
    "district-mobile-phone": ("personal-contact", "resources[0].contact.phone", 29),
    "district-swapped-coordinates": ("swapped-coordinates", "resources[0].location.lat", 17),
    "district-unknown-category": ("unknown-term", "resources[0].category", 14),
    "district-unquoted-time": ("wrong-type", "resources[0].schedule.rules[0].opens", 25),
    # issue 12: dates are real dates, numbers finite, text free of controls; one-line fields are one line
    "case-impossible-date": ("bad-date", "last_reviewed", 23),
    "case-date-trailing-newline": ("one-line", "last_reviewed", 23),
    "case-bidi-control": ("bad-character", "title", 3),
    "case-newline-in-title": ("one-line", "title", 3),
    "district-nan-latitude": ("not-finite", "resources[0].location.lat", 17),
    # a typo is answered with the unknown key, not with what it made "missing" (lat)
    "district-precision-typo": ("unknown-field", "resources[0].location.precison", 17),
    # issue 14: Japanese labels lead to ids; syntax errors in Japanese on the right line
    "case-theme-label": ("unknown-term", "themes[0]", 10),
    "district-weekday-label": ("not-allowed", "resources[0].schedule.rules[0].byday[0]", 24),
    "case-fullwidth-colon": ("yaml-syntax", "", 5),
    "district-tab-indent": ("yaml-syntax", "", 21),
}
HINT_WORDS = {  # the hint must point at the fix, not only at the symptom
    "case-unquoted-no": "引用符",
    "case-misspelled-field": "summary",
    "case-unknown-theme": "dementia",
    "case-unknown-municipality": "402028",
    "case-five-digit-code": "6桁",
    "district-swapped-coordinates": "lat: 35.695",
    "district-unquoted-time": "\"10:00\"",
    "district-unknown-category": "salon",
    "district-exact-without-coordinates": "hidden",
    "case-impossible-date": "YYYY-MM-DD",
    "district-precision-typo": "「precision」",
    "case-theme-label": "id「dementia」",
    "district-weekday-label": "id「TU」",
    "case-fullwidth-colon": "半角",
    "district-tab-indent": "半角スペース",
}
MESSAGE_WORDS = {  # what the message itself must say
    "case-impossible-date": "2026 年 2 月は 28 日まで",
    "case-bidi-control": "U+202E",
    "case-fullwidth-colon": "全角のコロン「：」",
    "district-tab-indent": "タブ",
    "district-nan-latitude": ".nan",
}


def _place(project: Path, fixture: Path) -> str:
    folder = project / ("cases" if fixture.name.startswith("case-") else "content/districts")
    shutil.copy(fixture, folder / fixture.name)
    return (folder / fixture.name).relative_to(project).as_posix()


def test_every_fixture_has_an_expectation_and_back():
    stems = {p.stem for p in (DATA / "invalid").glob("*.yaml")}
    assert stems == set(EXPECTED)
    assert set(HINT_WORDS) <= stems and set(MESSAGE_WORDS) <= stems


@pytest.mark.parametrize("stem", sorted(p.stem for p in (DATA / "valid").glob("*.yaml")))
def test_valid_minimal_examples_pass(project, stem):
    placed = _place(project, DATA / "valid" / f"{stem}.yaml")
    _, problems = load_atlas(project)
    mine = [p for p in problems if p.path == placed]
    assert errors(problems) == [] and mine == [], "\n".join(p.format() for p in problems)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_invalid_fixture_gives_one_clear_message(project, stem):
    shown = _place(project, DATA / "invalid" / f"{stem}.yaml")
    atlas, problems = load_atlas(project)
    assert atlas is None
    found = [(p.code, p.field, p.line) for p in errors(problems) if p.path == shown]
    code, field, line = EXPECTED[stem]
    assert (code, field, line) in found, found
    assert len(found) == 1 or stem == "district-duplicate-resource-id", found
    problem = next(p for p in problems if p.code == code and p.path == shown)
    text = problem.format()
    assert text.startswith(f"{shown}:{line}:" + (f" {field}:" if field else "") + " エラー ")
    if stem in HINT_WORDS:
        assert HINT_WORDS[stem] in problem.hint, text
    if stem in MESSAGE_WORDS:
        assert MESSAGE_WORDS[stem] in problem.message, text


def test_cli_reports_all_problems_of_a_broken_case_with_file_and_line(project):
    """Acceptance: duplicate key + wrong type + unknown municipality code, all in one run."""
    case = project / "cases" / "omuta.yaml"
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for text in lines:
        if text.startswith("themes:"):
            text = "themes: dementia\n"  # wrong type: a string where a list is expected
        out.append(text.replace('code: "402028"', 'code: "402099"'))  # unknown code
        if text.startswith("title:"):
            out.append("title: 二つ目の題名\n")  # duplicate key
    case.write_text("".join(out), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    text = result.stdout
    for code in ("duplicate-key", "wrong-type", "unknown-municipality"):
        assert f"[{code}]" in text, text
    assert all(line.startswith("cases/omuta.yaml:") for line in text.splitlines()[:-1] if "エラー [" in line), text
    assert "エラー 3 件" in text


def test_github_annotations_when_running_in_actions(project):
    shutil.copy(DATA / "invalid" / "case-bad-date.yaml", project / "cases")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "validate"],
                            capture_output=True, text=True, env={"GITHUB_ACTIONS": "true", "PATH": ""})
    assert "::error file=cases/case-bad-date.yaml,line=23,title=last_reviewed::" in result.stdout


# -- issue 12.3: only regular files inside the project are read; nothing of a refused file is shown

OUTSIDE_MARKER = "外のファイルの秘密7731"


def _outside_yaml(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    text = (DATA / "valid" / "case-minimal.yaml").read_text(encoding="utf-8")
    (folder / "case-minimal.yaml").write_text(text.replace("最小の事例", OUTSIDE_MARKER), encoding="utf-8")
    return folder


FILE_KINDS = {  # name → (make it in the project, the path reported, the code)
    "symlink-to-etc-passwd": (lambda p, out: os.symlink("/etc/passwd", p / "cases/x.yaml"), "cases/x.yaml", "symlink"),
    "symlink-outside": (lambda p, out: os.symlink(out / "case-minimal.yaml", p / "cases/case-minimal.yaml"),
                        "cases/case-minimal.yaml", "symlink"),
    "symlink-inside": (lambda p, out: os.symlink("omuta.yaml", p / "cases/omuta-copy.yaml"),
                       "cases/omuta-copy.yaml", "symlink"),
    "dangling-symlink": (lambda p, out: os.symlink("/nonexistent/x.yaml", p / "cases/x.yaml"), "cases/x.yaml",
                         "symlink"),
    "directory": (lambda p, out: (p / "cases/x.yaml").mkdir(), "cases/x.yaml", "not-a-file"),
    "fifo": (lambda p, out: os.mkfifo(p / "content/districts/x.yaml"), "content/districts/x.yaml", "not-a-file"),
    "documents-is-a-directory": (lambda p, out: ((p / "content/documents.yaml").unlink(),
                                                 (p / "content/documents.yaml").mkdir()),
                                 "content/documents.yaml", "not-a-file"),
    "settings-dangling": (lambda p, out: ((p / "content/settings.yaml").unlink(),
                                          os.symlink("nowhere.yaml", p / "content/settings.yaml")),
                          "content/settings.yaml", "symlink"),
    "folder-symlinked-outside": (lambda p, out: (shutil.rmtree(p / "content/worksheets"),
                                                 os.symlink(out, p / "content/worksheets")),
                                 "content/worksheets/case-minimal.yaml", "symlink"),
}


@pytest.mark.parametrize("name", sorted(FILE_KINDS))
def test_only_regular_files_inside_the_project_are_read(project, tmp_path, name):
    make, shown, code = FILE_KINDS[name]
    make(project, _outside_yaml(tmp_path))
    atlas, problems = load_atlas(project)
    assert atlas is None
    assert [(p.path, p.line, p.code) for p in errors(problems)] == [(shown, 1, code)]
    text = report(problems)
    assert "root:" not in text and OUTSIDE_MARKER not in text


def test_hidden_names_are_not_data(project):
    """Editors' lock files (.#x.yaml, often dangling links) and a bare ".yaml" are skipped."""
    (project / "cases/.yaml").mkdir()
    os.symlink("user@host.1234", project / "cases/.#omuta.yaml")
    atlas, problems = load_atlas(project)
    assert errors(problems) == [] and atlas is not None


def test_a_file_that_is_not_a_mapping_is_not_quoted(project):
    """A copy of a system file (or a hard link to one) is a regular file: refused without its content."""
    (project / "cases/x.yaml").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    _, problems = load_atlas(project)
    assert [(p.path, p.line, p.code) for p in errors(problems)] == [("cases/x.yaml", 1, "not-a-mapping")]
    assert "root:" not in report(problems)


# -- issue 12.7: values that crashed later stages are schema problems with file:line: field --------
# The tests own what they change: the minimal case and district of tests/data/valid, and for the
# single files and vocabularies a value set in the parsed data (so the repository's formatting
# does not matter), written with the exact YAML spelling under test.

OWN = {"case": ("case-minimal.yaml", "cases"), "district": ("district-minimal.yaml", "content/districts")}


def _file(project: Path, what: str) -> str:
    """The project-relative path of `what`: one of OWN (copied into the project) or a path."""
    if what in OWN:
        name, folder = OWN[what]
        shutil.copy(DATA / "valid" / name, project / folder / name)
        return f"{folder}/{name}"
    return what




def _replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


POINT_VALUE = ("datasets", 0, "series", 0, "points", 0, "value")
VALUES = [  # file, where, YAML source of the value, code
    ("content/settings.yaml", ("max_distance_km",), "abc", "wrong-type"),
    ("content/settings.yaml", ("max_distance_km",), ".nan", "not-finite"),
    ("content/settings.yaml", ("stale_after_months",), "-1", "too-small"),
    ("content/statistics.yaml", POINT_VALUE, ".inf", "not-finite"),
    ("content/statistics.yaml", POINT_VALUE, "1.0e+400", "not-finite"),
    ("content/statistics.yaml", POINT_VALUE, "100000000000000000000", "too-large-number"),
    ("district", ("resources", 0, "location", "lat"), ".nan", "not-finite"),
    ("district", ("last_reviewed",), '"0000-01-01"', "bad-date"),
    ("district", ("last_reviewed",), "2026-02-30", "bad-date"),
    ("case", ("figures", 0, "as_of"), '"2026-02-29"', "bad-date"),
    ("case", ("figures", 0, "value"), "-.inf", "not-finite"),
    ("content/documents.yaml", ("documents", 1, "date"), '"2019-02-29"', "bad-date"),
    ("content/documents.yaml", ("documents", 1, "date"), '"2019-12-12\\n"', "one-line"),
    ("content/vocabularies/checkpoints.yaml", ("terms", 0, "id"), '"1-1\\n"', "one-line"),
    ("content/vocabularies/themes.yaml", ("terms", 0, "order"), ".nan", "not-finite"),
    ("content/worksheets/example.yaml", ("last_reviewed",), '"2026-11-31"', "bad-date"),
    ("content/checksheets/step-points.yaml", ("order",), ".nan", "not-finite"),
]


def _only_problem(project, what, where, text, code):
    """Write `text` at `where` in the file `what`: the atlas is refused with exactly one error, at that line and field."""
    rel = _file(project, what)
    line = set_yaml(project, rel, where, text)
    atlas, problems = load_atlas(project)
    assert atlas is None
    assert [(p.path, p.line, p.field, p.code) for p in errors(problems)] == [(rel, line, dotted(where), code)]
    return errors(problems)[0]


@pytest.mark.parametrize(("what", "where", "text", "code"), VALUES, ids=[f"{v[0]}:{v[2]}" for v in VALUES])
def test_impossible_values_are_schema_problems(project, what, where, text, code):
    _only_problem(project, what, where, text, code)


def test_a_misspelt_setting_is_an_unknown_key(project):
    (project / "content/settings.yaml").write_text("max_distance_km: 60\nstale_aftr_months: 12\n", encoding="utf-8")
    _, problems = load_atlas(project)
    [problem] = errors(problems)
    assert (problem.line, problem.field, problem.code) == (2, "stale_aftr_months", "unknown-field")
    assert "stale_after_months" in problem.hint


# -- issue 12.8: no control or invisible character in any string of any file -----------------------

CHARACTERS = [  # file, where, YAML source of the value (escapes), code
    ("case", ("place_label",), '"大牟田\\0市"', "bad-character"),
    ("case", ("place_label",), '"大牟田\\u202e市"', "bad-character"),
    ("case", ("context", 0, "text"), '"出典に\\u2029基づく記述"', "bad-character"),
    ("district", ("resources", 0, "name"), '"テスト\\u2028サロン"', "bad-character"),
    ("district", ("resources", 0, "name"), '"テスト\\x9bサロン"', "bad-character"),
    ("district", ("resources", 0, "name"), '"テスト\\u200bサロン"', "bad-character"),
    ("district", ("resources", 0, "schedule", "text"), '"毎週水曜\\n10:00〜12:00"', "one-line"),
    ("district", ("name",), '"検証用\\t地区"', "one-line"),
    ("content/vocabularies/themes.yaml", ("terms", 0, "label"), '"買い物\\u2066支援"', "bad-character"),
    ("content/documents.yaml", ("documents", 0, "title"), '"これからの\\u200f地域づくり戦略"', "bad-character"),
    ("content/statistics.yaml", ("datasets", 0, "title"), '"通いの場の数の推移\\t"', "one-line"),
    ("content/statistics.yaml", ("datasets", 0, "note"), '"注記\\r"', "bad-character"),
    ("content/worksheets/example.yaml", ("entries", 0, "label"), '"囲碁\\u061c教室"', "bad-character"),
    ("content/checksheets/step-points.yaml", ("audience",), '"生活支援\\eコーディネーター"', "bad-character"),
]


@pytest.mark.parametrize(("what", "where", "text", "code"), CHARACTERS, ids=[f"{c[0]}:{c[2]}" for c in CHARACTERS])
def test_control_and_invisible_characters_are_refused_in_every_file_kind(project, what, where, text, code):
    shown = _only_problem(project, what, where, text, code).format()
    assert shown.count("\n") == 0 and not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown)


def test_a_key_with_a_control_character_is_refused(project):
    (project / "content/settings.yaml").write_text('max_distance_km: 60\n"\\u202ename": 1\n', encoding="utf-8")
    _, problems = load_atlas(project)
    found = [(p.line, p.field, p.code) for p in errors(problems)]
    assert (2, "\u202ename", "bad-character") in found, found


def test_multi_line_prose_may_hold_newlines_and_tabs(project):
    rel = _file(project, "district")
    _replace(project, rel, "    url: https://example.com/salon",
             "    description: |\n      一行目の説明です。\n      \t二行目の説明です。\n    url: https://example.com/salon")
    atlas, problems = load_atlas(project)
    assert errors(problems) == [], report(problems)
    resource = next(d for d in atlas.districts if d.id == "district-minimal").resources[0]
    assert resource.description == "一行目の説明です。\n\t二行目の説明です。\n"


# -- issue 12.5: an unknown key first, and no "missing" message that its typo explains -------------

LOCATION = "    location:\n      lat: 35.6950\n      lon: 139.7540\n      precision: exact\n"
TYPOS = [  # old, new, the one error expected (field, code)
    (LOCATION, "    location: {precison: hidden}\n", ("resources[0].location.precison", "unknown-field")),
    (LOCATION, "    location:\n      precison: hidden\n", ("resources[0].location.precison", "unknown-field")),
    (LOCATION, LOCATION.replace("precision", "precison"), ("resources[0].location.precison", "unknown-field")),
    ("    target_states: [genki, kyojaku]", "    target_state: [genki, kyojaku]",
     ("resources[0].target_state", "unknown-field")),
    ('    last_verified: "2026-10-01"', '    last_verifed: "2026-10-01"', ("resources[0].last_verifed", "unknown-field")),
]


@pytest.mark.parametrize(("old", "new", "expected"), TYPOS, ids=[t[1].strip()[:28] for t in TYPOS])
def test_a_typo_is_reported_as_the_unknown_key_alone(project, old, new, expected):
    _replace(project, _file(project, "district"), old, new)
    _, problems = load_atlas(project)
    found = [(p.field, p.code) for p in errors(problems)]
    assert found == [expected], found
    assert "書き間違い" in errors(problems)[0].hint


@pytest.mark.parametrize(("written", "meant"), [("latitude", "lat"), ("緯度", "lat")])
def test_a_longer_or_japanese_key_is_matched_to_the_field(project, written, meant):
    _replace(project, _file(project, "district"), LOCATION,
             f"    location: {{{written}: 35.6950, lon: 139.7540, precision: exact}}\n")
    _, problems = load_atlas(project)
    found = [(p.field, p.code) for p in errors(problems)]
    assert found == [(f"resources[0].location.{written}", "unknown-field")], found
    assert f"「{meant}」" in errors(problems)[0].hint


def test_a_missing_key_the_typo_does_not_explain_is_still_reported(project):
    _replace(project, _file(project, "district"), LOCATION, "    location: {lat: 35.6950, precison: exact}\n")
    _, problems = load_atlas(project)
    found = [(p.field, p.code) for p in errors(problems)]
    assert found == [("resources[0].location.lon", "missing-field"),
                     ("resources[0].location.precison", "unknown-field")], found


# -- issue 14.3: a Japanese label leads to its id, in every vocabulary and enum --------------------

def _vocabularies(root: Path) -> dict[str, dict[str, str]]:
    import yaml
    out = {}
    for path in sorted((root / "content/vocabularies").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["vocabulary"]] = {str(t["id"]): t["label"] for t in data["terms"]}
    return out


@pytest.mark.content  # reads the repository's own content (conftest checks the marker)
def test_every_vocabulary_label_leads_to_its_id(root):
    from generator.check.load import Document
    from generator.check.rules import Rules

    vocabularies = _vocabularies(root)
    rules = Rules(vocabularies, set(), {})
    doc = Document("cases/x.yaml", {}, {})
    for vocab, terms in vocabularies.items():
        for ident, label in terms.items():
            rules.problems.clear()
            rules.term(doc, ("themes", 0), vocab, label)
            [problem] = rules.problems
            assert f"id「{ident}」" in problem.hint, (vocab, label, problem.hint)


LABELS = {"dementia": ("case", "themes: [dementia]", "themes: [{}]"),
          "near-care": ("district", "target_states: [genki, kyojaku]", "target_states: [{}]"),
          "salon": ("district", "category: salon", "category: {}")}


@pytest.mark.parametrize(("written", "meant"), [("認知症", "dementia"), ("要介護に近い", "near-care"),
                                                ("サロン", "salon"), ("ＤＥＭＥＮＴＩＡ", "dementia"),
                                                ("demensia", "dementia")])
def test_a_label_or_a_near_spelling_of_a_term_suggests_the_id(project, written, meant):
    what, old, new = LABELS[meant]
    _replace(project, _file(project, what), old, new.format(written))
    _, problems = load_atlas(project)
    [problem] = [p for p in errors(problems) if p.code == "unknown-term"]
    assert f"「{meant}」" in problem.hint, problem.format()


@pytest.mark.parametrize(("written", "meant"), [("月", "MO"), ("火", "TU"), ("水曜", "WE"), ("木曜日", "TH"),
                                                ("金", "FR"), ("土曜日", "SA"), ("日", "SU"), ("日曜日", "SU")])
def test_weekday_labels_lead_to_their_codes(project, written, meant):
    _replace(project, _file(project, "district"), "byday: [WE]", f"byday: [{written}]")
    _, problems = load_atlas(project)
    [problem] = errors(problems)
    assert (problem.code, problem.field) == ("not-allowed", "resources[0].schedule.rules[0].byday[0]")
    assert problem.hint == f"「{written}」は id「{meant}」のことではありませんか", problem.format()


def test_enum_labels_come_from_the_schema_description(project):
    _replace(project, _file(project, "district"), "freq: weekly", "freq: 毎月")
    _, problems = load_atlas(project)
    [problem] = errors(problems)
    assert problem.hint == "「毎月」は id「monthly」のことではありませんか"
