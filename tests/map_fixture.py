"""A project whose map text is hostile: resource names, category and target-state labels,
a district name and a case title carry HTML, script, template and Markdown payloads (on one
line: validation refuses a newline in a name, label or title). Each payload calls
window.__x(n) if it is ever run as code. Used by test_maps.py (data and files) and
test_map_browser.py (every marker in Chromium)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import make_project

IMG = "<img src=x onerror=__x(1)>"
SCRIPT = "<script>__x(2)</script>"
ATTR = "\"'><svg onload=__x(3)>"
TEMPLATE = "{{ 7*7 }}"
MARKDOWN = "**太字** [リンク](javascript:__x(4)) ![x](y){onerror=__x(5)}"
PAYLOADS = (IMG, SCRIPT, ATTR, TEMPLATE, MARKDOWN)
# fragments that only contributor text holds: none may ever reach an HTML-string sink
CONTRIBUTOR_MARKERS = ("__x(", "7*7", "太字")

DISTRICT_ID = "map-hostile"
DISTRICT_NAME = f"{ATTR}{TEMPLATE} **地区**"
CASE_ID = "map-hostile-case"
CASE_TITLE = f"{IMG}{SCRIPT}{TEMPLATE} {MARKDOWN}"
A = (35.68502, 139.77011)       # two resources at the same point: a cluster that only spiderfies
B = (35.68711, 139.77233)
APPROX = (35.68123, 139.76456)  # published as (35.68, 139.76)
HIDDEN = (35.68333, 139.77444)

RESOURCES = {  # id: (name, point, precision)
    "r-img": (f"{IMG} 2行目", A, "exact"),
    "r-script": (f"{SCRIPT}{TEMPLATE}", A, "exact"),
    "r-attr": (f"{ATTR} {MARKDOWN}", APPROX, "approximate"),
    "r-md": (f"{MARKDOWN}{TEMPLATE}", B, "exact"),
    "r-hidden": (f"非公開の場所{IMG}", HIDDEN, "hidden"),
}


def _label(original: str, i: int) -> str:
    return f"{original}{PAYLOADS[i % len(PAYLOADS)]}" + (" 改行" if i % 2 else "")


def write_hostile_project(dest: Path) -> Path:
    project = make_project(dest)
    dump = {"allow_unicode": True, "sort_keys": False}
    for name in ("categories", "target_states"):
        path = project / f"content/vocabularies/{name}.yaml"
        vocab = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, term in enumerate(vocab["terms"]):
            term["label"] = _label(term["label"], i)
        path.write_text(yaml.safe_dump(vocab, **dump), encoding="utf-8")
    district = {
        "id": DISTRICT_ID, "name": DISTRICT_NAME, "layer": "neighbourhood", "demo": True,
        "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
        "last_reviewed": "2026-11-01",
        "resources": [
            {"id": rid, "name": name, "category": category, "target_states": states,
             "schedule": {"text": f"毎週水曜 {SCRIPT} {MARKDOWN}"},
             **({} if precision == "hidden" else {"address": "（架空）サンプル町1丁目"}),
             "location": {"lat": point[0], "lon": point[1], "precision": precision},
             "last_verified": "2026-10-01"}
            for (rid, (name, point, precision)), category, states in zip(
                RESOURCES.items(), ("salon", "kayoinoba", "hobby-individual", "other", "salon"),
                (["genki"], ["kyojaku", "genki"], ["near-care"], ["genki"], ["kyojaku"]), strict=True)
        ],
    }
    (project / f"content/districts/{DISTRICT_ID}.yaml").write_text(yaml.safe_dump(district, **dump),
                                                                    encoding="utf-8")
    case = yaml.safe_load((project / "cases/omuta.yaml").read_text(encoding="utf-8"))
    case["id"], case["title"] = CASE_ID, CASE_TITLE
    (project / f"cases/{CASE_ID}.yaml").write_text(yaml.safe_dump(case, **dump), encoding="utf-8")
    return project


def mapped_names() -> set[str]:
    return {name for name, _, precision in RESOURCES.values() if precision != "hidden"}
