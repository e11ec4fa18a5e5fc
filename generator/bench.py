"""Benchmarks (not tests): `python -m generator.bench [--points 1000,10000,130000]`.

Prints, for synthetic point counts, the size of the compact map data per point and
the time to build it — against the naive design of one Folium marker per point."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .model import District
from .render.mapdata import points_data, points_script
from .synthetic import synthetic_atlas
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


def map_data_table(counts: list[int]) -> list[str]:
    base, _ = load_atlas(ROOT)
    nation = synthetic_atlas(base, "nation")
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
    args = parser.parse_args(argv)
    print("\n".join(map_data_table([int(x) for x in args.points.split(",")])))


if __name__ == "__main__":
    main()
