"""The front door's index: where each municipality's places are, and the place names a
resident may type, so the browser finds the places near a point without a server.

Near-me (assets/nearby.js) computes distances on the phone: the position is never sent.
It needs to know which municipalities' points files (maps/points-m-<code>.js, mapdata.py:
public points only, hidden places never, approximate ones at their rounded point) lie near
the point, and loads only those. This module writes that small table once for the site,
with the names the place box suggests when there is no position:

    search/near-index.js: window.ATLAS_NEAR = {
      "m": [[code, "都道府県 市区町村", south, west, north, east]],   (the box of its public points)
      "n": [[name, kind, lat, lon, where, link]]}
        kind: 0 都道府県, 1 市区町村, 2 町名, 3 地区 (KINDS); where: "都道府県 市区町村" (or "");
        link: the page of a 市区町村 or 地区 (site-relative), else "".
Coordinates are integers of 1e-5 degrees (mapdata.SCALE). A name's point: a municipality's
representative point from the dataset (municipalities.py; else the mean of its public points),
a prefecture's the mean of its municipalities', a 地区's and a 町名's the mean of the public
points of its places. 町名 come from the published address (privacy.public_address, cut to
its town part by privacy.town_part): a town is named only where a place publishes both its
address and a point, so the index says nothing the points files and pages do not."""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Atlas, District
from ..privacy import public_address, public_point, town_part
from .env import script_json
from .mapdata import SCALE

KINDS = ("都道府県", "市区町村", "町名", "地区")
NEAR_INDEX = "search/near-index.js"
_CHOME = re.compile(r"[0-9０-９一二三四五六七八九十]+丁目?$")


def _mean(points: list[tuple[float, float]]) -> tuple[int, int]:
    return (round(sum(p[0] for p in points) / len(points) * SCALE),
            round(sum(p[1] for p in points) / len(points) * SCALE))


def _towns(d: District) -> dict[str, list[tuple[float, float]]]:
    """町名 (and 町丁目) of the district's places that publish a point → their points."""
    out: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in d.resources:
        point = public_point(r.location)
        town = town_part(public_address(r.address, r.location)) if point else ""
        if not town:
            continue
        out[town].append(point)
        bare = _CHOME.sub("", town)
        if bare and bare != town:
            out[bare].append(point)
    return out


def near_index(atlas: Atlas) -> dict:
    """The table in the module docstring, in a fixed order (municipality code, then name)."""
    from .pages import by_municipality

    boxes, names = [], []
    by_prefecture: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for muni, districts in by_municipality(atlas):
        where = f"{muni.prefecture} {muni.name}"
        points = [p for d in districts for r in d.resources if (p := public_point(r.location))]
        if points:
            lats = [round(p[0] * SCALE) for p in points]
            lons = [round(p[1] * SCALE) for p in points]
            boxes.append([muni.code, where, min(lats), min(lons), max(lats), max(lons)])
        if muni.lat is not None and muni.lon is not None:
            centre = (round(muni.lat * SCALE), round(muni.lon * SCALE))
        elif points:
            centre = _mean(points)
        else:
            continue
        by_prefecture[muni.prefecture].append(centre)
        names.append([muni.name, 1, *centre, muni.prefecture, f"districts/m-{muni.code}/"])
        towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for d in districts:
            own = [p for r in d.resources if (p := public_point(r.location))]
            if own:
                names.append([d.name, 3, *_mean(own), where, f"districts/{d.id}/"])
            for town, found in _towns(d).items():
                towns[town] += found
        names += [[town, 2, *_mean(found), where, ""] for town, found in sorted(towns.items())]
    for prefecture, centres in sorted(by_prefecture.items()):
        names.append([prefecture, 0, round(sum(c[0] for c in centres) / len(centres)),
                      round(sum(c[1] for c in centres) / len(centres)), "", ""])
    return {"m": boxes, "n": names}


def nearby_files(atlas: Atlas) -> dict[str, str]:
    return {NEAR_INDEX: f"window.ATLAS_NEAR={script_json(near_index(atlas))};\n"}
