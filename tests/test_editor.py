"""The editor's build side (generator/render/editor*.py): the schemas compiled for the browser,
the data script, the record a district or case page hands to the editor, and scripts that old
phones can run. The browser side is in test_editor_browser.py."""

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURE

from generator import paths
from generator.check.load import load_file
from generator.check.schema_check import SCHEMA_DIR, es5_pattern
from generator.check.validate import load_atlas
from generator.model.privacy import approximate_address, public_location
from generator.render import editor_schema
from generator.render.editor import PAGES, editor_data, editor_files
from generator.render.editor_record import case_record, district_record
from generator.render.editor_schema import UnsupportedSchema, compile_schema, js_pattern

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "site_templates" / "assets"
SITE_SCRIPTS = sorted(ASSETS.glob("*.js"))  # every script of the site is ES5 (old phones), not only the editor's
# and the ES modules the bundled ones are made from (ES5 plus import/export: esbuild would lower
# some newer syntax itself, but the sources are kept to what the bundles may hold)
MODULE_SOURCES = sorted((ROOT / "site_templates" / "js").rglob("*.js"))
# not the service worker (site_templates/worker/sw.js): only browsers with ES2015 run one, and it
# needs Promise and fetch; an old phone never loads it (main.html registers it only where supported)


@pytest.fixture(scope="module")
def atlas():
    atlas, problems = load_atlas(FIXTURE)
    assert atlas is not None, problems
    return atlas


def _resolved(node: dict, file: str) -> tuple[dict, str]:
    """`node` with its $ref followed, and the file the definition lives in."""
    if "$ref" in node:
        ref_file, _, pointer = node["$ref"].partition("#")
        ref_file = ref_file or file
        target = json.loads((SCHEMA_DIR / ref_file).read_text(encoding="utf-8"))
        for part in filter(None, pointer.split("/")):
            target = target[part]
        inner, inner_file = _resolved(target, ref_file)
        return {**inner, **{k: v for k, v in node.items() if k != "$ref"}}, inner_file
    return node, file


def _walk(source: dict, compiled: dict, file: str, where: str = "") -> int:
    """Every property, `required` list, bound and enum of the schema is in the compiled form."""
    source, file = _resolved(source, file)
    checked = 0
    for key in ("type", "enum", "const", "required", "minLength", "maxLength", "minItems", "maxItems",
                "uniqueItems", "minimum", "maximum", "additionalProperties"):
        if key in source:
            assert compiled.get(key) == source[key], f"{where}: {key}"
            checked += 1
    if "pattern" in source:
        assert compiled["pattern"] == es5_pattern(source["pattern"]) and compiled["pat"][1], where
    for name, sub in source.get("properties", {}).items():
        checked += _walk(sub, compiled["properties"][name], file, f"{where}.{name}")
    assert list(compiled.get("properties", {})) == list(source.get("properties", {})), where
    if "items" in source:
        checked += _walk(source["items"], compiled["items"], file, f"{where}[]")
    return checked


@pytest.mark.parametrize("kind", ["district", "case"])
def test_compiled_schema_keeps_every_property_and_constraint(kind):
    name = f"{kind}.schema.json"
    source = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert _walk(source, compile_schema(kind), name) > 60


def test_a_keyword_the_browser_validator_lacks_fails_the_build(monkeypatch):
    schemas = dict(editor_schema._schemas())
    schemas["x.schema.json"] = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    monkeypatch.setattr(editor_schema, "_schemas", lambda: schemas)
    with pytest.raises(UnsupportedSchema, match="format"):
        editor_schema._compile(schemas["x.schema.json"], "x.schema.json")
    with pytest.raises(UnsupportedSchema):
        js_pattern(r"^\w+$")


def test_python_pattern_semantics_are_kept():
    assert js_pattern(r"^\d{6}$").endswith("{6}(?=\\n?$)")  # Python's $ also matches before a final \n
    assert "\\u0085" in js_pattern(r"^[^\s@]+$")             # Python's \s is wider than JavaScript's
    assert "\\uFF10-\\uFF19" in js_pattern(r"^\d$")           # and \d is any Unicode digit


def test_editor_files_are_declared_and_the_data_is_complete(atlas, monkeypatch):
    files = editor_files(atlas)
    assert set(files) == {PAGES["district"], PAGES["case"], "editor/data.js"}
    assert all(paths.is_shared(p) for p in files)
    data = editor_data(atlas)
    assert set(data["vocabularies"]) >= {"categories", "target_states", "layers", "themes"}
    assert sum(len(v) for v in data["municipalities"].values()) == 1741
    assert [d[0] for d in data["documents"]] == sorted(atlas.documents)
    assert data["repository"] == {"url": "", "branch": "main"}
    monkeypatch.setitem(atlas.settings, "repository_url", "https://github.com/example/atlas")
    assert editor_data(atlas)["repository"]["url"] == "https://github.com/example/atlas"


def test_district_record_holds_only_what_may_be_published(atlas):
    sample = next(d for d in atlas.districts if d.id == "sample-district")
    raw, _ = load_file(FIXTURE / "content/districts/sample-district.yaml", FIXTURE)
    record = district_record(sample)
    by_id = {r["id"]: r for r in raw.data["resources"]}
    seen = set()
    for r in record["resources"]:
        source = by_id[r["id"]]
        precision = source.get("location", {}).get("precision")
        seen.add(precision)
        if precision == "hidden":
            assert r["location"] == {"precision": "hidden"} and "address" not in r
        elif precision == "approximate":
            shown = public_location(sample.resources[[x.id for x in sample.resources].index(r["id"])].location)
            assert (r["location"]["lat"], r["location"]["lon"]) == (shown.lat, shown.lon)
            assert r.get("address", "") == approximate_address(source.get("address", ""))
    assert seen >= {"exact", "approximate", "hidden"}


def test_sample_district_file_is_what_the_editor_writes_back(atlas):
    """「この情報を直す」 on the sample district, saved unchanged, gives the file in the repository:
    the file is in the importers' writer style and holds only public data (the browser side of
    the round trip is test_editor_browser.py::test_fix_this_information_round_trips_the_sample)."""
    district_yaml = pytest.importorskip("generator.importers.district_yaml",
                                        reason="the importers' YAML writer is not on this branch yet")
    sample = next(d for d in atlas.districts if d.id == "sample-district")
    text = (FIXTURE / "content/districts/sample-district.yaml").read_text(encoding="utf-8")
    assert district_yaml.district_yaml(district_record(sample)) == text


def test_case_record_reads_back_as_the_case(atlas):
    for case in atlas.cases:
        raw, _ = load_file(FIXTURE / case.path, FIXTURE)
        assert case_record(case) == raw.data, case.id


# ES2015+ syntax and library calls an old phone's browser may lack (the editor is ES5).
_ES2015 = re.compile(r"=>|`|\b(?:let|const|class|async|await|yield)\b|\.\.\.|\bfor\s*\([^;)]*\bof\b"
                     r"|\b(?:Array\.from|Object\.assign|Object\.entries|Object\.values|Promise|fetch|Symbol)\b"
                     r"|\b(?:Map|Set|WeakMap)\s*\(|\.(?:includes|startsWith|endsWith|padStart|padEnd|repeat|find|findIndex|codePointAt)\(")
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)
_REGEX_LITERAL = re.compile(r"(?<=[(,=:!&|?;{}\n]) *\/(?![/*])(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[gimy]*")


@pytest.mark.parametrize("script", SITE_SCRIPTS + MODULE_SOURCES, ids=lambda p: str(p.relative_to(ROOT / "site_templates")))
def test_site_scripts_use_es5_only(script):
    code = _STRINGS.sub('""', script.read_text(encoding="utf-8"))
    code = _REGEX_LITERAL.sub("/x/", code)
    found = [m.group(0) for m in _ES2015.finditer(code)]
    # String.prototype.normalize is used only when present (feature test)
    assert found == [], f"{script.name}: {found}"


def test_es5_check_would_catch_modern_syntax():
    for modern in ("var f = x => x;", "let a = 1;", "const b = `x`;", "if (s.includes('a')) {}", "f(...args);"):
        assert _ES2015.search(_STRINGS.sub('""', modern)), modern


def test_the_classes_are_what_python_matches_over_every_code_point():
    """editor_schema.python_classes decodes every code point at once: what it lists is what
    `\\d` and `\\s` find in the text of every code point made one by one (the surrogates, which
    no str holds alone, left out), in code point order."""
    from generator.render.editor_schema import python_classes

    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    classes = python_classes()
    assert classes == {"d": re.findall(r"\d", every), "s": re.findall(r"\s", every)}
    assert "９" in classes["d"] and "𝟗" in classes["d"] and "\u3000" in classes["s"]
