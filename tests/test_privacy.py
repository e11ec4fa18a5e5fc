"""Privacy by design: a `hidden` location never leaves the YAML, an `approximate` one only
rounded — checked by grepping every file of a built site (maps, exports, search, PDFs)."""


import json

import pytest
import yaml
from conftest import make_project

from generator.cli import cmd_build
from generator.privacy import APPROXIMATE_DECIMALS

HIDDEN = (35.69137, 139.74917)       # e.g. a salon in a member's home
APPROX = (35.68247, 139.76391)


@pytest.fixture(scope="module")
def private_site(tmp_path_factory, root):
    project = make_project(tmp_path_factory.mktemp("private") / "project")
    district = {
        "id": "private-test", "name": "プライバシー試験地区", "layer": "neighbourhood", "demo": True,
        "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
        "last_reviewed": "2026-11-01",
        "resources": [
            {"id": "home-salon", "name": "自宅サロン", "category": "salon", "target_states": ["kyojaku"],
             "location": {"lat": HIDDEN[0], "lon": HIDDEN[1], "precision": "hidden"},
             "last_verified": "2026-10-01"},
            {"id": "park-taiso", "name": "公園体操", "category": "kayoinoba", "target_states": ["genki"],
             "location": {"lat": APPROX[0], "lon": APPROX[1], "precision": "approximate"},
             "last_verified": "2026-10-01"},
        ],
    }
    (project / "content/districts/private-test.yaml").write_text(
        yaml.safe_dump(district, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project / "site"
    assert cmd_build(project, site) == 0
    return site


def _forms(value: float) -> list[str]:
    """The coordinate written to 5 or 4 decimals (about 1 m or 10 m: enough to find a home)."""
    text = f"{value:.5f}"
    return [text, text[:-1]]


def test_hidden_and_exact_approximate_coordinates_appear_in_no_output_file(private_site):
    needles = {f for v in HIDDEN + APPROX for f in _forms(v)}
    leaks = []
    for path in private_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [f"{path.relative_to(private_site)}: {n}" for n in needles if n.encode() in data]
    assert leaks == []


def test_approximate_resource_is_published_rounded(private_site):
    rounded = f"{round(APPROX[0], APPROXIMATE_DECIMALS)}"
    assert rounded in (private_site / "downloads/private-test.csv").read_text(encoding="utf-8-sig")
    assert rounded in (private_site / "maps/private-test.html").read_text(encoding="utf-8")


def test_hidden_resource_is_listed_but_not_mapped(private_site):
    page = (private_site / "districts/private-test/index.html").read_text(encoding="utf-8")
    assert "自宅サロン" in page and "位置は公開していません" in page
    assert "自宅サロン" not in (private_site / "maps/private-test.html").read_text(encoding="utf-8")
    geojson = json.loads((private_site / "downloads/private-test.geojson").read_text(encoding="utf-8"))
    home = [f for f in geojson["features"] if f["properties"]["名称"] == "自宅サロン"]
    assert len(home) == 1 and home[0]["geometry"] is None
