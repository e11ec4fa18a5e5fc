"""Docs that cannot drift: schemas describe every field, every YAML file names its schema,
the contributor guide covers every case and resource field, vocabularies have labels."""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "generator" / "schemas"
KIND_OF_FOLDER = {
    "cases": "case", "content/districts": "district", "content/vocabularies": "vocabulary",
    "content/checksheets": "checksheet", "content/worksheets": "worksheet",
}
SINGLE_FILES = {"content/documents.yaml": "documents", "content/statistics.yaml": "statistics",
                "content/gap_links.yaml": "gap_links"}


def _properties(node, path=""):
    """(dotted path, schema) of every declared property, following nested objects and arrays."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}".lstrip("."), sub
            yield from _properties(sub, f"{path}.{name}")
        if "items" in node:
            yield from _properties(node["items"], path + "[]")
        for key in ("$defs",):
            for name, sub in node.get(key, {}).items():
                yield from _properties(sub, f"{path}#{name}")


@pytest.mark.parametrize("schema", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_field_has_a_description(schema):
    data = json.loads(schema.read_text(encoding="utf-8"))
    missing = [p for p, sub in _properties(data) if "description" not in sub and "$ref" not in sub]
    assert missing == []


def _yaml_files():
    for folder, kind in KIND_OF_FOLDER.items():
        for path in sorted((ROOT / folder).glob("*.yaml")):
            yield path, kind
    for name, kind in SINGLE_FILES.items():
        yield ROOT / name, kind


@pytest.mark.content
@pytest.mark.parametrize("path,kind", list(_yaml_files()), ids=lambda x: getattr(x, "name", x))
def test_every_yaml_file_points_editors_at_its_schema(path, kind):
    """A content check: every YAML file of the repository names its schema on its first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: first line must name the schema"
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMAS / f"{kind}.schema.json").resolve()


def test_contributing_guide_names_every_case_and_resource_field():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    case = json.loads((SCHEMAS / "case.schema.json").read_text(encoding="utf-8"))
    district = json.loads((SCHEMAS / "district.schema.json").read_text(encoding="utf-8"))
    fields = set(case["properties"]) | set(district["properties"]) | \
        set(district["$defs"]["resource"]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in guide)
    assert missing == []


@pytest.mark.content  # reads the repository's own content (conftest checks the marker)
def test_every_vocabulary_term_has_a_japanese_label():
    for path in sorted((ROOT / "content/vocabularies").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for term in data["terms"]:
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", term["label"]), (path.name, term)


def test_built_site_publishes_the_schemas(built_site):
    for schema in SCHEMAS.glob("*.schema.json"):
        assert (built_site / "schemas" / schema.name).read_bytes() == schema.read_bytes()
