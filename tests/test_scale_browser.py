"""At scale, in headless Chromium: the national map of the prefecture-size synthetic site
(360 districts, 4,680 resources; more points than the map loads one by one at once).

It first shows counts (one per municipality, clustered), which add up to every public
point; the filters change those counts exactly as the schedule rules say (schedule.py),
before and after a municipality's own points are loaded; zooming into a municipality loads
its points file in place of its count. The time to first render and the bytes before it
are printed, never asserted (speed targets are not tests: benchmarks/bench_map.py)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_dir

from benchmarks.bench_map import first_render, serve
from benchmarks.synthetic import write_project
from generator.check.validate import load_atlas
from generator.model import schedule
from generator.model.privacy import public_point
from generator.render.maps import DETAIL_BUDGET

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prefecture(tmp_path_factory, fixture_root):
    """(the prefecture-size synthetic project's Atlas, its site built once a run without PDFs: 30–60 s;
    shared by the workers, which may each be given some of this module's tests)."""
    def build(tmp: Path) -> None:
        assert write_project(fixture_root, tmp / "prefecture", "prefecture") == 360
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp / "prefecture"), "build",
                               "--site-dir", str(tmp / "site")], cwd=tmp, env={**os.environ, "ATLAS_PDF": "0"},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr

    tmp = shared_dir(tmp_path_factory, "scale", build)
    site = tmp / "site"
    atlas, problems = load_atlas(tmp / "prefecture")
    assert atlas is not None, problems
    return atlas, site


def _mapped(atlas) -> list:
    return [r for d in atlas.districts for r in d.resources if public_point(r.location) is not None]


def _counts_file(site) -> dict:
    text = (site / "maps/national-counts.js").read_text(encoding="utf-8")
    return json.loads(text.split("]=", 1)[1].rstrip().rstrip(";"))


def test_national_map_of_a_prefecture_first_shows_counts_adding_up_to_every_public_point(
        browser, prefecture, record_property, capsys):
    atlas, site = prefecture
    expected = len(_mapped(atlas))  # hidden resources are not counted
    assert DETAIL_BUDGET < expected <= 4680  # so the first view is counts, not points
    counts = _counts_file(site)
    assert counts["n"] == expected == sum(m[4] for m in counts["m"])
    with serve(site) as base:
        result = first_render(f"{base}/maps/national.html", browser)
    record_property("first_render_s", result["first_render_s"])
    record_property("bytes_before_first_render", result["bytes_before_first_render"])
    with capsys.disabled():
        print(f"\nnational map, prefecture size ({expected:,} points in {len(counts['m'])} municipalities): "
              f"first count in the DOM {result['dom_s']:.3f} s, painted {result['first_render_s']:.3f} s after "
              f"navigation start, {result['bytes_before_first_render']:,} bytes by then; "
              f"{result['clusters']} clusters and counts + {result['singles']} single markers")
    assert result["errors"] == []
    assert result["at_first_render"]["visible_clusters"] >= 1
    assert result["at_first_render"]["represented"] == expected  # every point, counted at first sight
    assert result["points_in_data"] == expected
    assert result["represented"] == expected  # cluster labels + single markers, read until settled
    assert result["singles"] == 0  # no municipality's points are loaded at this view


# ---- in the page ------------------------------------------------------------------------

# every point the layer stands for: a point weighs 1, a municipality's count its number
LAYER_SUM = """() => {
  var all = AtlasMap.map.atlasLayer.getLayers(), n = 0;
  for (var i = 0; i < all.length; i++) { n += all[i].atlasWeight === undefined ? 1 : all[i].atlasWeight; }
  return n;
}"""
LOADED = "() => Object.keys(window.ATLAS_POINTS || {}).filter(function (k) { return /^m-/.test(k); }).sort()"
# the count markers on screen now: [code, count]
COUNTS_SHOWN = """() => {
  var layer = AtlasMap.map.atlasLayer, all = layer._featureGroup.getLayers(), out = [];
  for (var i = 0; i < all.length; i++) {
    if (all[i].atlasMuni && all[i]._icon) { out.push([all[i].atlasMuni.row[0], all[i].atlasWeight]); }
  }
  return out;
}"""
OPEN_COUNT = """code => {
  var all = AtlasMap.map.atlasLayer._featureGroup.getLayers();
  for (var i = 0; i < all.length; i++) {
    if (all[i].atlasMuni && all[i].atlasMuni.row[0] === code) { all[i].openPopup(); return true; }
  }
  return false;
}"""
IDLE = "() => window.AtlasMap && AtlasMap.map && AtlasMap.map.atlasLayer && !AtlasMap.busy()"


def _status(page) -> tuple[int, int]:
    words = page.locator(".atlas-filter-status").inner_text().split()
    assert words[0] == "表示中" and words[2] == "/" and words[4] == "件", words
    return int(words[1]), int(words[3])


def _settle(page) -> None:
    page.wait_for_function(IDLE, timeout=30_000)
    page.wait_for_timeout(300)  # markercluster's last animation frame
    page.wait_for_function(IDLE, timeout=30_000)


def _open_legend(page) -> None:
    if not page.locator(".atlas-legend details").evaluate("d => d.open"):
        page.locator(".atlas-legend summary").click()


@pytest.mark.parametrize("day,time", [("WE", ""), ("", "pm"), ("SA", "am")])
def test_filters_count_as_the_schedule_rules_say_before_and_after_a_municipality_loads(
        browser, prefecture, day, time):
    atlas, site = prefecture
    mapped = _mapped(atlas)
    rules = {id(r): r.schedule.rules if r.schedule else () for r in mapped}
    expected = sum(1 for r in mapped if schedule.filter_matches(rules[id(r)], day, time))
    assert 0 < expected < len(mapped)
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="ja-JP")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(site) as base:
        page.goto(f"{base}/maps/national.html")
        _settle(page)
        assert page.evaluate(LOADED) == [] and page.evaluate(LAYER_SUM) == len(mapped)
        _open_legend(page)
        if day:
            page.select_option(".atlas-legend select[name=day]", day)
        if time:
            page.select_option(".atlas-legend select[name=time]", time)
        _settle(page)
        # the counts come from the profiles file: no municipality's points were loaded
        assert page.evaluate(LOADED) == []
        assert _status(page) == (expected, len(mapped))
        assert page.evaluate(LAYER_SUM) == expected
        # a municipality's popup zooms in, and the points of the municipalities in view
        # (its own among them) replace their counts
        code, _ = page.evaluate(COUNTS_SHOWN)[0]
        assert page.evaluate(OPEN_COUNT, code)
        page.locator(".leaflet-popup-content button.atlas-zoom-in").click()
        _settle(page)
        loaded = {k.removeprefix("m-") for k in page.evaluate(LOADED)}
        assert code in loaded and len(loaded) < len({d.municipality.code for d in atlas.districts})
        assert _status(page) == (expected, len(mapped))  # the same count, partly from points now
        assert page.evaluate(LAYER_SUM) == expected
        points = page.evaluate("() => AtlasMap.map.atlasLayer.getLayers().filter(function (m) { "
                               "return m.atlasPoint; }).length")
        code_of = {id(r): d.municipality.code for d in atlas.districts for r in d.resources}
        assert points == sum(1 for r in mapped if code_of[id(r)] in loaded
                             and schedule.filter_matches(rules[id(r)], day, time)) > 0
        # and with the conditions taken off, every point again
        page.locator(".atlas-legend .atlas-filter-reset").click()
        _settle(page)
        assert _status(page) == (len(mapped), len(mapped))
        assert page.evaluate(LAYER_SUM) == len(mapped)
    assert errors == []
    context.close()


def test_benchmark_rows_of_the_national_map(prefecture):
    """benchmarks.bench_map:issue15_rows (what benchmarks/bench.py prints for issue 15), run as
    `python -m benchmarks.bench_map SITE --issue15` in its own process (it starts its own
    Chromium): both rows, with their units, and no note of page errors or missing points.
    The figures are printed, not asserted."""
    atlas, site = prefecture
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_map", str(site), "--issue15"],
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert set(rows) == {"map_bytes", "map_render"}, rows
    size = re.fullmatch(r"(\d+\.\d\d) MB \(([\d,]+) bytes\)", rows["map_bytes"])
    assert size and float(size[1]) == round(int(size[2].replace(",", "")) / 1e6, 2), rows
    points = f"{len(_mapped(atlas)):,} points"
    assert re.fullmatch(rf"\d+\.\d\d s \(median of 3 cold loads: [\d.]+, [\d.]+, [\d.]+ s; {points}\)",
                        rows["map_render"]), rows
    print(f"\nissue 15 rows at prefecture size: {rows}")
