"""Benchmarks (not tests): `python -m generator.bench [--points 1000,10000,130000]`.

Prints, for synthetic point counts, the size of the compact map data per point and
the time to build it — against the naive design of one Folium marker per point."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .model import District
from .render.mapdata import points_data, points_script
from .synthetic import write_project
from .validate import load_atlas

ROOT = Path(__file__).resolve().parents[1]


def _districts_with(atlas, n_points: int) -> list[District]:
    out, count = [], 0
    for d in atlas.districts:
        if count >= n_points:
            break
        take = d.resources[: n_points - count]
        out.append(District(**{**d.__dict__, "resources": take}))
        count += len(take)
    return out


def _synthetic_atlas(tmp: Path, size: str):
    write_project(ROOT, tmp / size, size)
    atlas, problems = load_atlas(tmp / size)
    if atlas is None:
        raise SystemExit("\n".join(p.format() for p in problems[:20]))
    return atlas


def map_data_table(counts: list[int], size: str = "nation") -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        nation = _synthetic_atlas(Path(tmp), size)
    lines = ["| points | map data bytes | bytes/point | build time (s) |", "|---:|---:|---:|---:|"]
    for n in counts:
        districts = _districts_with(nation, n)
        start = time.perf_counter()
        data = points_data(nation, districts, "../districts/")
        script = points_script("national", data)
        elapsed = time.perf_counter() - start
        size = len(script.encode("utf-8"))
        shown = len(data["p"])  # hidden resources are not on the map
        lines.append(f"| {n:,} ({shown:,} shown) | {size:,} | {size / shown:.1f} | {elapsed:.2f} |")
    naive_bytes, naive_ms = naive_folium(1000)
    lines.append(f"\nnaive design, one Folium CircleMarker + Popup per point (1,000 points): "
                 f"{naive_bytes:.0f} bytes and {naive_ms:.2f} ms per point "
                 f"→ 130,000 points ≈ {naive_bytes * 130_000 / 1e6:.0f} MB, {naive_ms * 130:.0f} s")
    return lines


def naive_folium(n: int) -> tuple[float, float]:
    import folium

    start = time.perf_counter()
    m = folium.Map(location=(35.0, 135.0), zoom_start=5, tiles=None)
    empty = len(m.get_root().render())
    m = folium.Map(location=(35.0, 135.0), zoom_start=5, tiles=None)
    for i in range(n):
        folium.CircleMarker((35 + i * 1e-4, 135 + i * 1e-4), radius=8,
                            popup=folium.Popup(f"資源 {i}")).add_to(m)
    html = m.get_root().render()
    elapsed = time.perf_counter() - start
    return (len(html.encode("utf-8")) - empty) / n, elapsed * 1000 / n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__)
    parser.add_argument("--points", default="1000,10000,130000", help="comma-separated point counts")
    parser.add_argument("--sites", default="small,prefecture",
                        help="synthetic sites to build: small, prefecture, nation (nation takes long)")
    parser.add_argument("--skip-points", action="store_true", help="only the site builds")
    parser.add_argument("--preview", default="prefecture",
                        help="sizes at which to time `generator serve` rebuilding after one edit ('' for none)")
    args = parser.parse_args(argv)
    if not args.skip_points:
        print("\n".join(map_data_table([int(x) for x in args.points.split(",")])))
        print()
    if args.sites:
        print("\n".join(site_table(args.sites.split(","))))
    for size in filter(None, args.preview.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            write_project(ROOT, Path(tmp) / size, size)
            r = preview_rebuild(Path(tmp) / size)
            print(f"\npreview ({size}): first build {r['first']:.1f} s; rebuild after editing one district file "
                  f"{r['rebuild']:.2f} s, {r['pages_rewritten']} pages rewritten")
            shutil.rmtree(r["site"])


# Runs the command and prints the largest RSS of it and its children (forked workers
# included): a fresh wrapper per run, so no earlier process's peak is counted.
_WRAP = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
         "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of the largest process of a command run afresh."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAP, *cmd], cwd=cwd, env={**os.environ, **(env or {})},
                         check=True, capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - start
    return elapsed, int(out.split()[-1]) // 1024


def _bare_mkdocs(tmp: Path, pages: int) -> float:
    """A bare MkDocs (Material) build of `pages` trivial pages, none listed in a nav."""
    project = tmp / "bare"
    docs = project / "docs"
    docs.mkdir(parents=True)
    for i in range(pages):
        (docs / f"p{i}.md").write_text(f"# ページ {i}\n\n本文。\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: bare\ntheme:\n  name: material\n  font: false\n"
                                        "nav:\n  - p0.md\nplugins: []\n", encoding="utf-8")
    elapsed, _ = _run([sys.executable, "-m", "mkdocs", "build", "-q"], project, {"NO_MKDOCS_2_WARNING": "1"})
    return elapsed


def site_table(sizes: list[str]) -> list[str]:
    lines = ["| size | districts | resources | build (s) | bare MkDocs (s) | ratio | peak RSS (MiB) | output (MB) "
             "| pages | avg page (KB) | district page (KB) | map data (B/point) | search index (KB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            n_districts = write_project(ROOT, tmp / size, size)
            site = tmp / "site"
            elapsed, peak = _run([sys.executable, "-m", "generator", "--root", str(tmp / size), "build",
                                  "--site-dir", str(site)], tmp, {"ATLAS_PDF": "0"})
            pages = list(site.rglob("index.html"))
            total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            page_bytes = sum(p.stat().st_size for p in pages)
            district_pages = [p for p in (site / "districts").glob("syn-*/index.html")]
            district_kb = max(p.stat().st_size for p in district_pages) / 1024
            points = (site / "maps/points-national.js").read_text(encoding="utf-8")
            n_points = len(json.loads(points.split("]=", 1)[1].rstrip().rstrip(";"))["p"])
            with (site / "downloads/all.csv").open(encoding="utf-8-sig", newline="") as f:
                resources = sum(1 for _ in csv.reader(f)) - 1
            bare = _bare_mkdocs(tmp, len(pages))
            lines.append(
                f"| {size} | {n_districts:,} | {resources:,} | {elapsed:.1f} | {bare:.1f} | {elapsed / bare:.2f} "
                f"| {peak:,} | {total / 1e6:.1f} | {len(pages):,} | {page_bytes / len(pages) / 1024:.1f} "
                f"| {district_kb:.1f} | {len(points.encode()) / max(n_points, 1):.1f} "
                f"| {(site / 'search/atlas-index.js').stat().st_size / 1024:.0f} |")
    return lines


def preview_rebuild(project: Path) -> dict:
    """What `generator serve` does: a first build, then a rebuild after one district file
    is edited. Returns both times (s) and how many pages the rebuild wrote."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site = Path(tempfile.mkdtemp(prefix="atlas-bench-serve-"))

    def once(startup: bool) -> float:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        if startup:
            config.plugins.on_startup(command="serve", dirty=True)
        start = time.perf_counter()
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return time.perf_counter() - start

    first = once(True)
    district = sorted((project / "content" / "districts").glob("*.yaml"))[0]
    text = district.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    district.write_text(text.replace(name, name + "（編集）", 1), encoding="utf-8")
    edited = time.time()
    second = once(False)
    rewritten = [p for p in site.rglob("index.html") if p.stat().st_mtime >= edited]
    return {"first": first, "rebuild": second, "pages_rewritten": len(rewritten), "site": site,
            "district": district.stem}


if __name__ == "__main__":
    main()
