"""A project whose every free-text string, in every YAML file kind, is an attack.

`hostile_project(dest)` copies the project data (cases, districts, vocabularies, documents,
statistics, worksheets, check-sheets), adds a district of many nearby resources (so maps
cluster them), and replaces every string value with a payload: a newline plus Markdown
(`![x](y){onerror=…}`, a "## " heading with attributes), HTML (script, img, svg handlers),
template syntax (`{{ … }}`, `${…}`) and a tab. It then asks the validator which replacements
the schema or the rules refuse (ids, vocabulary terms, dates, codes, a municipality's name)
and, field by field, falls back to a shorter or single-line payload, and finally to the
original value. The result validates, so it builds; `fields` lists every string that
carries a payload. A payload calls `window.__x(n)` if any part of it ever runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import make_project

from generator import cli
from generator.check.validate import forget_files, load_atlas

MARK = "__x"
# longest first; each is tried until the schema and rules accept one
_FULL = ("a\n\n![x](y){onerror=__x(1)}\n## h {#i onclick=__x(2)}\n<script>__x(3)</script><img src=x onerror=__x(4)>"
         "\"'><svg onload=__x(5)>${__x(6)}`{{ 'Q7'~'Z9' }}\t[l](javascript:__x(7))")
# names, titles, labels and the like are one line (validation refuses a tab or newline there):
# each multi-line payload is followed by its one-line form
PAYLOADS = (
    _FULL,
    _FULL.replace("\n", " ").replace("\t", " "),
    "a\n![x](y){onerror=__x(1)}<img src=x onerror=__x(4)>{{ 'Q7'~'Z9' }}",
    "![x](y){onerror=__x(1)} <script>__x(3)</script><img src=x onerror=__x(4)>{{ 'Q7'~'Z9' }}",
    "![x](y){onerror=__x(1)}<img src=x onerror=__x(4)>{{ 'Q7'~'Z9' }}",
    "\n![x](y){onerror=__x(1)}",
    "![x](y){onerror=__x(1)}",
    "<i onclick=__x(8)>'\"",
    "<b>__x",
)
# keys whose values are identifiers, references or typed values, never free text
NOT_TEXT = {"id", "source", "document", "code", "vocabulary", "category", "layer", "precision", "freq", "byday",
            "opens", "closes", "date", "as_of", "last_reviewed", "last_verified", "seed", "url", "email", "phone",
            "checkpoint", "color", "themes", "checkpoints", "target_states", "activity_types", "states",
            "operator_type", "service_type", "attribution", "importer", "options",
            "case", "fact", "quote", "checksheet", "item"}  # content/gap_links.yaml's references
DATA_FOLDERS = ("cases", "content/districts", "content/vocabularies", "content/worksheets", "content/checksheets")
DATA_FILES = ("content/documents.yaml", "content/statistics.yaml", "content/gap_links.yaml",
              "content/import/sources.yaml")


def _quote_facts(data: dict) -> None:
    """A tie of content/gap_links.yaml quotes words of its case's fact (validation checks it):
    once the facts are payloads, each quote is the longest one-line piece of its fact's text."""
    links = data.get("content/gap_links.yaml") or {}
    cases = {d["id"]: d for rel, d in data.items() if rel.startswith("cases/")}
    for tie in links.get("cases", []):
        section, index = re.fullmatch(r"(\w+)\[(\d+)\]", tie["fact"]).groups()
        text = cases[tie["case"]][section][int(index)]["text"]
        tie["quote"] = max(re.split(r"[\n\t]", text), key=len)[:200]


def crowded_district(n: int = 30) -> dict:
    """Resources a few metres apart around one point of 千代田区: maps must cluster them."""
    resources = []
    for i in range(n):
        precision = ("exact", "approximate", "hidden")[i % 3]
        r = {"id": f"h{i}", "name": "x", "category": ("salon", "kayoinoba", "hobby-individual")[i % 3],
             "target_states": ["genki", "kyojaku"], "description": "x",
             "schedule": {"text": "x", "rules": [{"freq": "weekly", "byday": ["MO"], "opens": "10:00",
                                                  "closes": "12:00"}], "notes": "x"},
             "location": {"lat": round(35.6940 + i * 0.0003, 5), "lon": round(139.7530 + (i % 5) * 0.0004, 5),
                          "precision": precision},
             "contact": {"organisation": "x"}, "last_verified": "2026-10-01"}
        if precision == "exact":
            r["address"] = "x"
            r["source_fields"] = [{"label": "x", "value": "x"}]  # 「元の一覧の項目」 (only where the address shows)
        resources.append(r)
    return {"id": "hostile-district", "name": "x", "layer": "junior-high-school", "demo": True,
            "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
            "description": "x", "maintainer": "x", "last_reviewed": "2026-11-01", "resources": resources}


def _leaves(value, where=()):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in NOT_TEXT:
                yield from _leaves(v, where + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, where + (i,))
    elif isinstance(value, str):
        yield where


def _get(data, where):
    for part in where:
        data = data[part]
    return data


def _set(data, where, value):
    for part in where[:-1]:
        data = data[part]
    data[where[-1]] = value


def _parse_field(field: str) -> tuple:
    out: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        out.append(int(index) if index else name)
    return tuple(out)


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


# 公共施設一覧 (推奨データセット) with attacks in the text cells, imported with import-csv
FACILITY_HEADER = ("都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,名称_通称,POIコード,住所,方書,"
                   "緯度,経度,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,説明,"
                   "バリアフリー情報,URL,備考")


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def hostile_facilities_csv(path: Path, n: int = 6) -> None:
    rows = [FACILITY_HEADER]
    for i in range(n):
        attack = PAYLOADS[1 + i % 3]
        cells = ["131016", str(i + 1), "東京都", "千代田区", attack, "コウキョウ", attack, "", f"千代田区千代田{i + 1}-1",
                 attack, f"{35.6900 + i * 0.001:.4f}", "139.7550", "03-1234-5678", "", "", attack, "月火水木金",
                 "09:00", "17:00", attack, "=HYPERLINK(\"http://x\")" + attack, attack, "", attack]
        rows.append(",".join(_csv_cell(c) for c in cells))
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")


def hostile_project(dest: Path) -> tuple[Path, list[tuple[str, tuple]]]:
    project = make_project(dest)
    _dump(project / "content/districts/hostile-district.yaml", crowded_district())
    files = [p for folder in DATA_FOLDERS for p in sorted((project / folder).glob("*.yaml"))]
    files += [project / f for f in DATA_FILES]
    data = {p.relative_to(project).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8")) for p in files}
    original = {rel: yaml.safe_load((project / rel).read_text(encoding="utf-8")) for rel in data}
    tried: dict[tuple[str, tuple], int] = {}
    for rel, doc in data.items():
        for where in _leaves(doc):
            tried[(rel, where)] = 0
            _set(doc, where, PAYLOADS[0])
    for _ in range(len(PAYLOADS) + 2):
        _quote_facts(data)
        for rel, doc in data.items():
            _dump(project / rel, doc)
        forget_files()
        _, problems = load_atlas(project)
        bad = [p for p in problems if p.severity == "error"]
        if not bad:
            break
        for p in bad:
            where = _parse_field(p.field)
            key = next(((p.path, where[:n]) for n in range(len(where), 0, -1) if (p.path, where[:n]) in tried), None)
            if key is None:
                raise AssertionError(f"a problem outside the replaced fields: {p.format()}")
            step = tried[key] = tried[key] + 1
            value = PAYLOADS[step] if step < len(PAYLOADS) else _get(original[key[0]], key[1])
            _set(data[key[0]], key[1], value)
    else:
        raise AssertionError("the hostile project does not validate:\n" + "\n".join(p.format() for p in bad))
    fields = [key for key, step in tried.items() if step < len(PAYLOADS)]
    csv_path = dest.parent / "hostile-facilities.csv"
    hostile_facilities_csv(csv_path)
    assert cli.main(["--root", str(project), "import-csv", str(csv_path), "--id", "hostile-import",
                     "--as-of", "2026-10-01"]) == 0
    forget_files()
    return project, fields
