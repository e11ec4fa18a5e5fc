"""The front door's index: where each municipality's places are, and the place names a
resident may type, so the browser finds the places near a point without a server.

Near-me (assets/nearby.js) computes distances on the phone: the position is never sent.
It needs to know which municipalities' points files (maps/points-m-<code>.js, mapdata.py:
public points only, hidden places never, approximate ones at their rounded point) lie near
the point, and loads only those. This module writes that small table, and the names the
place box suggests when there is no position, in shards loaded on first use (at nation size
the names are megabytes; a keystroke needs only the names that begin as it does):

    search/near-index.js: window.ATLAS_NEAR = {"p": [[prefecture code, south, west, north, east]]}
        (the box of each prefecture's public points: 47 rows, read with the page)
    search/near/m-<prefecture code>.js: AtlasNearBoxes(prefecture code, [[code, south, west, north, east]])
        (the box of each of its municipalities' public points, for those that have one; read
        for the prefectures near the point: a national table would be 80 KB)
    search/near-names.js: window.ATLAS_NEAR_NAMES = {"s": number of shards}
    search/near/<k>.js: AtlasNearNames(k, {
      "w": ["都道府県 市区町村", …],
      "n": [[name, kind, lat, lon, where, id]]})
        the names whose normalised text (search_shards.normalise, as the browser's) begins with
        a character of gram_hash % s = k: the box suggests names that begin as typed;
        kind: 0 都道府県, 1 市区町村, 2 町名, 3 地区 (KINDS); where: index into "w" (-1: none), the
        prefecture of a 市区町村, the 都道府県 市区町村 of a 地区 or 町名;
        id: a 市区町村's code or a 地区's id (their pages), else "".
Coordinates are integers of 1e-5 degrees (mapdata.SCALE). A name's point: a municipality's
representative point from the dataset (municipalities.py; else the mean of its public points),
a prefecture's the mean of its municipalities', a 地区's and a 町名's the mean of the public
points of its places. 町名 come from the published address (privacy.public_address, cut to
its town part by privacy.town_part): a town is named only where a place publishes both its
address and a point, so the index says nothing the points files and pages do not."""

from __future__ import annotations

import re
from collections import defaultdict

from ..model.model import Atlas, District
from ..model.privacy import public_address, public_point, town_part
from .env import script_json
from .mapdata import SCALE
from .search_shards import gram_hash, normalise, utf16

KINDS = ("都道府県", "市区町村", "町名", "地区")
NEAR_INDEX = "search/near-index.js"
NEAR_NAMES = "search/near-names.js"
NAME_SHARD_BYTES = 16 * 1024  # names are sharded for about this many bytes a shard on average
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


def near_index(atlas: Atlas) -> tuple[dict, dict]:
    """({"p": prefecture boxes, "m": {prefecture code: municipality boxes}}, the names before
    they are sharded) of the module docstring, in a fixed order (municipality code, then
    district, then town name)."""
    from .pages import by_municipality

    boxes: dict[str, list] = defaultdict(list)
    names = []
    wheres: dict[str, int] = {}

    def where_of(text: str) -> int:
        return wheres.setdefault(text, len(wheres))

    by_prefecture: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for muni, districts in by_municipality(atlas):
        own = {d.id: [p for r in d.resources if (p := public_point(r.location))] for d in districts}
        points = [p for d in districts for p in own[d.id]]
        if points:
            lats = [round(p[0] * SCALE) for p in points]
            lons = [round(p[1] * SCALE) for p in points]
            boxes[muni.prefecture_code].append([muni.code, min(lats), min(lons), max(lats), max(lons)])
        if muni.lat is not None and muni.lon is not None:
            centre = (round(muni.lat * SCALE), round(muni.lon * SCALE))
        elif points:
            centre = _mean(points)
        else:
            continue
        by_prefecture[muni.prefecture].append(centre)
        names.append([muni.name, 1, *centre, where_of(muni.prefecture), muni.code])
        where = where_of(f"{muni.prefecture} {muni.name}")
        towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for d in districts:
            if own[d.id]:
                names.append([d.name, 3, *_mean(own[d.id]), where, d.id])
            for town, found in _towns(d).items():
                towns[town] += found
        names += [[town, 2, *_mean(found), where, ""] for town, found in sorted(towns.items())]
    for prefecture, centres in sorted(by_prefecture.items()):
        names.append([prefecture, 0, round(sum(c[0] for c in centres) / len(centres)),
                      round(sum(c[1] for c in centres) / len(centres)), -1, ""])
    prefectures = [[code, min(b[1] for b in rows), min(b[2] for b in rows), max(b[3] for b in rows),
                    max(b[4] for b in rows)] for code, rows in sorted(boxes.items())]
    return {"p": prefectures, "m": dict(sorted(boxes.items()))}, {"w": list(wheres), "n": names}


def name_key(name: str) -> str:
    """What a name's shard is chosen by: the first UTF-16 unit of its normalised text."""
    return utf16("".join(normalise(name).split()))[:1]


def name_shards(names: dict, shard_bytes: int = NAME_SHARD_BYTES) -> list[dict]:
    """The names file cut by `name_key` into a power of two of shards, each with its own "w"."""
    size = len(script_json(names).encode("utf-8"))
    shards: list[dict] = [{"w": [], "n": []} for _ in range(1 << max(0, (size // shard_bytes).bit_length()))]
    local: list[dict[int, int]] = [{} for _ in shards]
    for row in names["n"]:
        k = gram_hash(name_key(row[0])) % len(shards)
        where = row[4]
        if where >= 0:
            if where not in local[k]:
                local[k][where] = len(shards[k]["w"])
                shards[k]["w"].append(names["w"][where])
            where = local[k][where]
        shards[k]["n"].append([*row[:4], where, row[5]])
    return shards


def nearby_files(atlas: Atlas) -> dict[str, str]:
    boxes, names = near_index(atlas)
    shards = name_shards(names)
    files = {NEAR_INDEX: f"window.ATLAS_NEAR={script_json({'p': boxes['p']})};\n",
             NEAR_NAMES: f"window.ATLAS_NEAR_NAMES={script_json({'s': len(shards)})};\n"}
    for code, rows in boxes["m"].items():
        files[f"search/near/m-{code}.js"] = f"AtlasNearBoxes({script_json(code)},{script_json(rows)});\n"
    for k, shard in enumerate(shards):
        files[f"search/near/{k}.js"] = f"AtlasNearNames({k},{script_json(shard)});\n"
    return files
