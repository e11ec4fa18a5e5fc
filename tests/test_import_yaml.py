"""The district YAML writer (importers/district_yaml.py): the style `generator new-district`
writes, keys in the schema's order, and any string read back exactly as it was given."""

import json
import random
import re

import pytest
import yaml

from generator.check.load import load_file
from generator.importers import district_yaml as w
from generator.importers.scaffold import new_district


def _without_comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if line.startswith("#") and not line.startswith("# yaml-language-server:"):
            continue
        out.append(re.sub(r"\s+#\s.*$", "", line))
    return out


def test_writer_writes_byte_for_byte_what_new_district_writes(tmp_path):
    path = new_district(tmp_path, "大牟田市", "omuta-test", "2026-10-01")
    doc, problems = load_file(path, tmp_path)
    assert problems == []
    mine = w.district_yaml(doc.data, ["取り込みのコメント"])
    assert mine.splitlines()[0] == path.read_text(encoding="utf-8").splitlines()[0] == w.SCHEMA_LINE
    assert mine.splitlines()[1] == "# 取り込みのコメント"
    # same bytes once the scaffold's explanatory comments are taken out
    assert _without_comments(mine) == _without_comments(path.read_text(encoding="utf-8"))


def test_key_order_is_the_order_of_the_schema(root):
    district = json.loads((root / "generator/schemas/district.schema.json").read_text(encoding="utf-8"))
    common = json.loads((root / "generator/schemas/common.schema.json").read_text(encoding="utf-8"))
    resource = district["$defs"]["resource"]["properties"]
    schedule = district["$defs"]["schedule"]["properties"]
    assert tuple(district["properties"]) == w.DISTRICT_KEYS
    assert tuple(resource) == w.RESOURCE_KEYS
    assert tuple(schedule) == w.SCHEDULE_KEYS
    assert tuple(schedule["rules"]["items"]["properties"]) == w.RULE_KEYS
    assert tuple(district["$defs"]["contact"]["properties"]) == w.CONTACT_KEYS
    assert tuple(common["$defs"]["location"]["properties"]) == w.LOCATION_KEYS
    assert tuple(common["$defs"]["municipality"]["properties"]) == w.MUNICIPALITY_KEYS
    assert tuple(district["$defs"]["maintainer_contact"]["properties"]) == w.MAINTAINER_CONTACT_KEYS


HOSTILE = ["", " ", "yes", "no", "on", "~", "null", "true", "1", "0x1F", "1e3", "10:00", "2026-10-01", "131016", "-",
           "- item", "? q", ": x", "a: b", "a #b", "#c", "&a", "*a", "!tag", "|", ">", "'q", '"q', "%x", "@x", "`x",
           "[a]", "{a: 1}", "a,b", "<<", "=", "=cmd|' /C calc'!A0", "'=1+2", "+81 90", "<script>alert(1)</script>",
           "![x](y){onerror=alert(1)}", "{{ 7*7 }}", "{% raw %}", "a\nb", "a\r\nb", "\tx", "x\t", "a\x00b", "\x1b[31m",
           "\u202eevil", "a\u2028b", "a\u2029b", "\x85", "\ufeffbom", "（架空）①", "全角　空白", "　", "𠮷野家", "a\\b",
           "trailing ", " leading", "a\u3000"]


def test_every_string_reads_back_exactly_as_written(tmp_path):
    rng = random.Random(7)
    alphabet = "ab :#-'\"\\\n\t\r\x00\x07\x1b\x7f\x85\u2028\u2029\u202e\ufeff\ufffe{}[],&*!|>%@`=+あ（）　①𠮷0123456789.e"
    values = HOSTILE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    resources = [{"id": f"r{i}", "name": v, "category": "other", "target_states": ["genki", v], "description": v,
                  "schedule": {"text": v, "rules": [{"freq": "weekly", "byday": ["MO"], "opens": "09:30"}]},
                  "location": {"lat": 35.1 + i / 1e6, "lon": 139.25, "precision": "exact"},
                  "last_verified": "2026-10-01"} for i, v in enumerate(values)]
    district = {"id": "x", "name": "x", "layer": "municipality-wide",
                "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
                "demo": True, "last_reviewed": "2026-10-01", "resources": resources}
    path = tmp_path / "x.yaml"
    path.write_text(w.district_yaml(district, ["a comment with a\nnewline"]), encoding="utf-8")
    doc, problems = load_file(path, tmp_path)
    assert problems == []
    assert doc.data == district
    assert len(path.read_text(encoding="utf-8").splitlines()) == path.read_text(encoding="utf-8").count("\n")


def test_scalars_are_plain_when_they_can_be_and_quoted_when_not():
    assert w.scalar("サンプル公民館") == "サンプル公民館"
    assert w.scalar("yes") == '"yes"' and w.scalar("131016") == '"131016"' and w.scalar("") == '""'
    assert w.scalar("a: b") == '"a: b"' and w.scalar("a\nb") == '"a\\nb"' and w.scalar("\u202e") == '"\\u202E"'
    assert w.scalar(True) == "true" and w.scalar(35.5) == "35.5"


@pytest.mark.parametrize("value", [1e-05, -1e-07, 1e16, 35.0, 35.69, 139.0, 0.1 + 0.2, 3])
def test_numbers_read_back_as_the_same_numbers(value):
    text = w.scalar(value)
    assert "e" not in text.lower() and yaml.safe_load(text) == value and type(yaml.safe_load(text)) is type(value)
