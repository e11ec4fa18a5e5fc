"""At scale, in headless Chromium: the national map of the prefecture-size synthetic site
(360 districts, 4,680 resources) renders its clusters, and every public point is on it.
The time to first render is reported, never asserted (speed targets are not tests)."""

import json
import os
import subprocess
import sys

import pytest

from generator.bench_map import first_render, serve
from generator.synthetic import write_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prefecture_site(tmp_path_factory, fixture_root):
    """The prefecture-size synthetic project, built once without PDFs (about 30–60 s)."""
    tmp = tmp_path_factory.mktemp("scale")
    assert write_project(fixture_root, tmp / "prefecture", "prefecture") == 360
    site = tmp / "site"
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp / "prefecture"), "build",
                           "--site-dir", str(site)], cwd=tmp, env={**os.environ, "ATLAS_PDF": "0"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def _points_in_file(site) -> int:
    text = (site / "maps/points-national.js").read_text(encoding="utf-8")
    return len(json.loads(text.split("]=", 1)[1].rstrip().rstrip(";"))["p"])


def test_national_map_of_a_prefecture_renders_clusters_of_every_public_point(
        browser, prefecture_site, record_property, capsys):
    expected = _points_in_file(prefecture_site)  # hidden resources are not in the file
    assert 0 < expected <= 4680
    with serve(prefecture_site) as base:
        result = first_render(f"{base}/maps/national.html", browser)
    record_property("first_render_s", result["first_render_s"])
    record_property("clusters", result["clusters"])
    record_property("singles", result["singles"])
    with capsys.disabled():
        print(f"\nnational map, prefecture size ({expected:,} points): first cluster in the DOM "
              f"{result['dom_s']:.3f} s, painted {result['first_render_s']:.3f} s after navigation start; "
              f"{result['clusters']} clusters + {result['singles']} single markers "
              f"(visible at first render: {result['at_first_render']['visible_clusters']} clusters, "
              f"{result['at_first_render']['visible_singles']} singles)")
    assert result["errors"] == []
    assert result["at_first_render"]["visible_clusters"] >= 1
    assert result["clusters"] >= 1
    assert result["points_in_data"] == expected
    assert result["represented"] == expected  # cluster labels + single markers, read until settled
