"""Benchmark (not a test): the front door at nation size (render/nearby.py, assets/nearby.js).

`python -m benchmarks.bench_nearby [--size nation] [--towns 5] [--throttle 4] [--points 50]`

Figures:
- bytes of search/near-index.js (read with the page) and of the place names (search/near/<k>.js,
  by piece: a keystroke reads at most one of them; search/near-names.js, their count and the
  split pieces, is read when the box is first used), and the time nearby.name_files takes to
  make them. Every synthetic name begins with 「合成データ」,
  which no real list does and which would put every name into one shard, and the synthetic
  districts have no addresses; so here each district is renamed 「<municipality><東西…>地区」
  and its resources get `--towns` made-up 町丁目 (「<municipality without 市町村><東西…>町<k>丁目」):
  names that begin as real ones do, and a town list as long as a real one's could be;
- bytes near-me reads for `--points` random points (seeded) at the synthetic places: the
  prefecture boxes, the municipality boxes of the prefectures near the point and the points
  files of the municipalities chosen as nearby.js chooses them (the nearest box, and others
  within 3 km, at most 4), and the size of one points file
  of about 1,500 places (the first municipalities' districts together: the issue's municipality
  of 1,500 places);
- the place box in headless Chromium with `--throttle`× CPU throttling: the time from a
  keystroke to its suggestions (AtlasNear.names) for names typed one character at a time:
  random names, random 町名 from their third character (found inside), and readings in
  hiragana and half-width katakana; the keystrokes that load a file (the piece grew) are
  reported on their own, and how many typed names the last keystroke found."""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from pathlib import Path

from .bench_map import chromium, serve

ROOT = Path(__file__).resolve().parents[1]
AROUND, MUNICIPALITIES = 3000, 4  # as nearby.js


def _metres(a, b) -> float:
    rad = math.pi / 180
    h = math.sin((b[0] - a[0]) * rad / 2) ** 2 + \
        math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2
    return 12742000 * math.asin(min(1, math.sqrt(h)))


def _by_distance(boxes: list, point: tuple[float, float]) -> list[tuple[float, str]]:
    rows = []
    for code, s, w, n, e in boxes:
        near = (min(max(point[0], s / 1e5), n / 1e5), min(max(point[1], w / 1e5), e / 1e5))
        rows.append((_metres(point, near), code))
    return sorted(rows)


def _chosen(boxes: dict, point: tuple[float, float]) -> tuple[list[str], list[str]]:
    """(prefectures whose municipality boxes are read, municipalities whose points are read), as
    nearby.js's municipalitiesNear chooses them."""
    prefectures = _by_distance(boxes["p"], point)
    first = _by_distance(boxes["m"][prefectures[0][1]], point)
    reach = max(AROUND, first[0][0])
    near = [code for d, code in prefectures if d <= reach]
    munis = _by_distance([b for code in near for b in boxes["m"][code]], point)
    return near, [code for i, (d, code) in enumerate(munis) if i == 0 or (d <= AROUND and i < MUNICIPALITIES)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_nearby", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="nation")
    parser.add_argument("--towns", type=int, default=5)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--points", type=int, default=50)
    args = parser.parse_args(argv)

    from generator.check.validate import load_atlas
    from generator.render.mapdata import points_data, points_script
    from generator.render.nearby import NEAR_INDEX, NEAR_NAMES, name_files, near_index, nearby_files
    from generator.render.pages import by_municipality

    from .synthetic import write_project

    with tempfile.TemporaryDirectory(prefix="atlas-near-bench-") as tmp:
        project = Path(tmp) / "project"
        write_project(ROOT, project, args.size)
        atlas, problems = load_atlas(project)
        if atlas is None:
            raise SystemExit("\n".join(p.format() for p in problems[:20]))
        for d in atlas.districts:
            m = d.municipality
            part = "東西南北中上下"[int(d.id.rsplit("-", 1)[1]) % 7]
            d.name = f"{m.name}{part}地区"
            for k, r in enumerate(d.resources):
                r.address = f"{m.prefecture}{m.name}{m.name[:-1]}{part}町{k % max(1, args.towns) + 1}丁目"
        files = nearby_files(atlas)
        names = near_index(atlas)[1]
        started = time.perf_counter()
        toc, _ = name_files(names)
        made = time.perf_counter() - started
        sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
        shard_sizes = sorted(size for path, size in sizes.items()
                             if path.startswith("search/near/") and path[12:-3].isdigit())
        boxes = near_index(atlas)[0]
        points_bytes, n_points = {}, 0
        for muni, districts in by_municipality(atlas):
            data = points_data(atlas, districts, "../districts/")
            points_bytes[muni.code] = len(points_script(f"m-{muni.code}", data).encode("utf-8"))
            n_points += len(data["p"])
        # one points file of about 1,500 places: the first municipalities' districts together
        group, count = [], 0
        for _, districts in by_municipality(atlas):
            group += districts
            count += sum(1 for d in districts for r in d.resources if r.location and r.location.mappable)
            if count >= 1500:
                break
        big = points_data(atlas, group, "../districts/")
        big_bytes = len(points_script("m-big", big).encode("utf-8"))
        rng = random.Random(15)
        spots = rng.sample([(r.location.lat, r.location.lon) for d in atlas.districts for r in d.resources
                            if r.location and r.location.lat is not None], args.points)
        reads = []
        for spot in spots:
            prefectures, munis = _chosen(boxes, spot)
            reads.append(sizes[NEAR_INDEX] + sum(sizes[f"search/near/m-{c}.js"] for c in prefectures)
                         + sum(points_bytes[c] for c in munis))
        print(f"{args.size}: {len(atlas.districts):,} districts, {n_points:,} public points, "
              f"{len(names['n']):,} place names")
        print(f"near-index.js {sizes[NEAR_INDEX]:,} bytes; place names {sum(shard_sizes):,} bytes in "
              f"{len(shard_sizes)} files (median {statistics.median(shard_sizes):,.0f}, max {shard_sizes[-1]:,} bytes), "
              f"near-names.js {sizes[NEAR_NAMES]:,} bytes ({len(toc['x']):,} split pieces); "
              f"name_files {made:.1f} s")
        print(f"near me reads (boxes + points files), {args.points} points: median {statistics.median(reads):,.0f}"
              f" bytes, max {max(reads):,} bytes; one points file of {len(big['p']):,} places: {big_bytes:,} bytes")

        site = Path(tmp) / "site"
        for path, text in files.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
        for script in ("atlas-url.js", "atlas-text.js", "nearby.js"):
            (site / script).write_text((ROOT / "site_templates/assets" / script).read_text(encoding="utf-8"),
                                       encoding="utf-8")
        (site / "index.html").write_text(
            '<!doctype html><meta charset="utf-8"><script src="search/near-names.js"></script>'
            '<script src="atlas-url.js"></script><script src="atlas-text.js"></script><script src="nearby.js"></script>',
            encoding="utf-8")
        towns = [n[0] for n in names["n"] if n[1] == 2 and len(n[0]) > 4]
        typed = ([n[0] for n in rng.sample(names["n"], 10)] + [t[2:] for t in rng.sample(towns, 5)] +
                 ["ごうせいでーた", "札幌市中央区", "さっぽろ", "ｻｯﾎﾟﾛｼ", "とうきょうと", "丁目"])
        with serve(site) as base, chromium() as browser:
            page = browser.new_page()
            page.goto(base + "/")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            measured = page.evaluate("""async words => {
                var loading = [], loaded = [], found = 0;
                for (var w of words) {
                  var hits = [];
                  for (var i = 1; i <= w.length; i++) {
                    var scripts = document.scripts.length, t = performance.now();
                    hits = await new Promise(done => AtlasNear.names(w.slice(0, i), 8, "", done));
                    (document.scripts.length > scripts ? loading : loaded).push(performance.now() - t);
                  }
                  if (hits.length) { found++; }
                }
                return [loading, loaded, found];
            }""", typed)
        loading, loaded = (sorted(m) for m in measured[:2])
        every = sorted(loading + loaded)
        print(f"place box, {args.throttle:g}× CPU throttling, {len(typed)} names typed one character at a time "
              f"({len(every)} keystrokes, found at the last one: {measured[2]} of {len(typed)}): per keystroke "
              f"median {statistics.median(every):.1f} ms, max {every[-1]:.1f} ms; those that load a file "
              f"({len(loading)}) median {statistics.median(loading):.0f} ms, max {loading[-1]:.0f} ms; "
              f"the others median {statistics.median(loaded):.1f} ms, max {loaded[-1]:.1f} ms")


if __name__ == "__main__":
    main()
