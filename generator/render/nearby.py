"""The front door's index: where each municipality's places are, and the place names a
resident may type, so the browser finds the places near a point without a server.

Near-me (assets/nearby.js) computes distances on the phone: the position is never sent.
It needs to know which municipalities' points files (maps/points-m-<code>.js, mapdata.py:
public points only, hidden places never, approximate ones at their rounded point) lie near
the point, and loads only those. This module writes that small table, and the names the
place box suggests when there is no position, in files loaded on first use (at nation size
the names are megabytes; a keystroke needs only the names that hold what was typed):

    search/near-index.js: window.ATLAS_NEAR = {"p": [[prefecture code, south, west, north, east]]}
        (the box of each prefecture's public points: 47 rows, read with the page)
    search/near/m-<prefecture code>.js: AtlasNearBoxes(prefecture code, [[code, south, west, north, east]])
        (the box of each of its municipalities' public points, for those that have one; read
        for the prefectures near the point: a national table would be 80 KB)
    search/near-names.js: window.ATLAS_NEAR_NAMES = {"s": number of files, "x": [split pieces]}
    search/near/<k>.js: AtlasNearNames(k, {
      "w": ["都道府県 市区町村", …],
      "g": {piece: [[name, kind, lat, lon, where, id(, reading)]]}})
        a piece is a run of characters of a name's normalised text (search_shards.normalise,
        as the browser's) or of its reading; the browser looks a query up by one piece, its
        first characters (piece_of), and reads the one file gram_hash(piece) % s. A piece's
        list holds every name holding it, unless that list would be long (a common character
        such as 町, 丁目): then the piece is split (listed in "x"), its list keeps only the best
        names for a query of exactly that piece, and longer queries go on to the longer piece
        (name_pieces). So a query finds names that hold it anywhere (神保町 → 神田神保町), those
        that are it or begin with it first;
        kind: 0 都道府県, 1 市区町村, 2 町名, 3 地区 (KINDS); where: index into "w" (-1: none), the
        prefecture of a 市区町村, the 都道府県 市区町村 of a 地区 or 町名;
        id: a 市区町村's code or a 地区's id (their pages), else "";
        reading: of a 都道府県 or 市区町村, from the municipality dataset (ｻｯﾎﾟﾛｼ → さっぽろし, so
        さっぽろ・サッポロ・ｻｯﾎﾟﾛ find 札幌市); 町名 and 地区 have no reading data, and none is made up.
Coordinates are integers of 1e-5 degrees (SCALE). A name's point: a municipality's
representative point from the dataset (municipalities.py; else the mean of its public points),
a prefecture's the mean of its municipalities', a 地区's and a 町名's the mean of the public
points of its places. 町名 come from the published address (privacy.public_address, cut to
its town part by privacy.town_part): a town is named only where a place publishes both its
address and a point, so the index says nothing the points files and pages do not."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict

from ..model.model import Atlas, District
from ..model.privacy import public_address, town_part
from .env import script_json
from .mapdata import SCALE, mapped_resources
from .search_shards import gram_hash, json_size, normalise, utf16

KINDS = ("都道府県", "市区町村", "町名", "地区")
NEAR_INDEX = "search/near-index.js"
NEAR_NAMES = "search/near-names.js"
KIND_ORDER = (3, 2, 1, 0)       # suggestions: 地区 and 町名 before 市区町村 and 都道府県 (nearby.js)
NAME_LIST_BYTES = 16 * 1024     # a piece whose names take more is split (name_pieces)
NAME_FILE_BYTES = 16 * 1024     # name files are sized for about this many bytes on average,
NAME_FILE_LIMIT = 60 * 1024     # and none is larger (issue 23: every file the box loads ≤ 60 KB at nation size)
TOP_NAMES = 10                  # names a split piece keeps (the box shows 8, the search page 10)
_CHOME = re.compile(r"[0-9０-９一二三四五六七八九十]+丁目?$")


def _mean(points: list[tuple[float, float]]) -> tuple[int, int]:
    return (round(sum(p[0] for p in points) / len(points) * SCALE),
            round(sum(p[1] for p in points) / len(points) * SCALE))


def _reading(kana: str) -> list[str]:
    """A reading from the municipality dataset (half-width katakana) as the box compares it
    (ｻｯﾎﾟﾛｼ → さっぽろし): the row's 7th item, when there is one."""
    text = "".join(normalise(kana).split())
    return [text] if text else []


def _towns(mapped: list[tuple]) -> dict[str, list[tuple[float, float]]]:
    """町名 (and 町丁目) of a district's places that publish a point (`mapped`: its
    (resource, public point) pairs, mapdata.mapped_resources) → their points. A place without an
    address has no town (town_part("") is ""), so its address is not read at all (a
    national file of points alone: 130,000 readings of nothing)."""
    out: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r, point in mapped:
        town = town_part(public_address(r.address, r.location)) if r.address else ""
        if not town:
            continue
        out[town].append(point)
        bare = _CHOME.sub("", town)
        if bare and bare != town:
            out[bare].append(point)
    return out


def near_part(muni, districts: list[District], mapped: list[list[tuple]] | None = None) -> tuple:
    """One municipality's share of `near_index`, made from its districts alone (so a build
    keeps it with the municipality's unit, render/site.py): (its prefecture code, its box or
    None, its centre or None, its prefecture and the prefecture's reading, its own name row
    and the rows of its 地区 and 町名, each with where = -1 until `near_index` numbers them).
    `mapped`: each district's mapped_resources, when the caller has them (site.site_part)."""
    mapped = mapped if mapped is not None else [mapped_resources(d) for d in districts]
    own = {d.id: [p for _, p in pairs] for d, pairs in zip(districts, mapped, strict=True)}
    points = [p for d in districts for p in own[d.id]]
    box = None
    if points:
        lats = [round(p[0] * SCALE) for p in points]
        lons = [round(p[1] * SCALE) for p in points]
        box = [muni.code, min(lats), min(lons), max(lats), max(lons)]
    if muni.lat is not None and muni.lon is not None:
        centre = (round(muni.lat * SCALE), round(muni.lon * SCALE))
    elif points:
        centre = _mean(points)
    else:
        return muni.prefecture_code, box, None, muni.prefecture, muni.prefecture_reading, None, []
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    rows = []
    for d, pairs in zip(districts, mapped, strict=True):
        if own[d.id]:
            rows.append([d.name, 3, *_mean(own[d.id]), -1, d.id])
        for town, found in _towns(pairs).items():
            towns[town] += found
    rows += [[town, 2, *_mean(found), -1, ""] for town, found in sorted(towns.items())]
    head = [muni.name, 1, *centre, -1, muni.code, *_reading(muni.reading)]
    return muni.prefecture_code, box, centre, muni.prefecture, muni.prefecture_reading, head, rows


def near_parts(atlas: Atlas) -> list[tuple]:
    from .pages import by_municipality

    return [near_part(muni, districts) for muni, districts in by_municipality(atlas)]


def near_index(atlas: Atlas, parts: list[tuple] | None = None) -> tuple[dict, dict]:
    """({"p": prefecture boxes, "m": {prefecture code: municipality boxes}}, the names before
    they are sharded) of the module docstring, in a fixed order (municipality code, then
    district, then town name). `parts`: the municipalities' `near_part`, in code order,
    when kept (the same data either way)."""
    parts = parts if parts is not None else near_parts(atlas)
    boxes: dict[str, list] = defaultdict(list)
    names = []
    wheres: dict[str, int] = {}

    def where_of(text: str) -> int:
        return wheres.setdefault(text, len(wheres))

    by_prefecture: dict[str, list[tuple[int, int]]] = defaultdict(list)
    readings: dict[str, str] = {}
    for prefecture_code, box, centre, prefecture, prefecture_reading, head, rows in parts:
        if box is not None:
            boxes[prefecture_code].append(box)
        if centre is None:
            continue
        by_prefecture[prefecture].append(centre)
        readings[prefecture] = prefecture_reading
        names.append([*head[:4], where_of(prefecture), *head[5:]])
        where = where_of(f"{prefecture} {head[0]}")
        names += [[*row[:4], where, *row[5:]] for row in rows]
    for prefecture, centres in sorted(by_prefecture.items()):
        names.append([prefecture, 0, round(sum(c[0] for c in centres) / len(centres)),
                      round(sum(c[1] for c in centres) / len(centres)), -1, "", *_reading(readings[prefecture])])
    prefectures = [[code, min(b[1] for b in rows), min(b[2] for b in rows), max(b[3] for b in rows),
                    max(b[4] for b in rows)] for code, rows in sorted(boxes.items())]
    return {"p": prefectures, "m": dict(sorted(boxes.items()))}, {"w": list(wheres), "n": names}


def name_texts(row: list) -> list[str]:
    """What a name row is found by: its normalised name without white space (as nearby.js's
    `s`), and its normalised reading when it has one (`r`)."""
    texts = ["".join(normalise(row[0]).split())]
    if len(row) > 6 and row[6]:
        texts.append(row[6])
    return texts


def piece_of(text: str, split: set[str] | frozenset[str]) -> str:
    """The piece of a normalised query whose list answers it: its first character, grown by
    the next one while the piece is split (its list too long) and the text goes on. Every
    name containing `text` contains this piece, so its list holds them all (or, when the
    whole query is a split piece, its TOP_NAMES best). nearby.js pieceOf walks the same way
    in UTF-16 units, never cutting a surrogate pair."""
    k = 1
    while k < len(text) and text[:k] in split:
        k += 1
    return text[:k]


def match_class(query: str, texts: list[str]) -> int:
    """0: a text is the query, 1: a text begins with it, 2: a text holds it, -1: none (nearby.js matchClass)."""
    if query in texts:
        return 0
    if any(t.startswith(query) for t in texts):
        return 1
    return 2 if any(query in t for t in texts) else -1


def row_sizes(rows: list[list]) -> list[int]:
    """Bytes each name row takes in a file (its JSON and a comma)."""
    return [json_size(r, "strict") + 1 for r in rows]


def name_pieces(names: dict, list_bytes: int = NAME_LIST_BYTES,
                size: list[int] | None = None) -> tuple[list[str], dict[str, list[int]]]:
    """(the split pieces, {piece: the rows listed under it, in the order suggestions show them}).

    Every piece of a name's texts that starts at one of its characters is a candidate, from
    one character up: a piece whose rows (each name once) would take more than `list_bytes`
    is split, and its occurrences grow by the character that follows them; the others are
    listed. A split piece keeps the TOP_NAMES rows a query of exactly that piece shows (the
    occurrences that cannot grow: the piece ends the text). Rows are ordered as suggestions
    are: by match_class for the piece's own query (split pieces), then 地区・町名・市区町村・
    都道府県, shorter names first, by name (UTF-16 order, as JavaScript compares), by row.
    `size`: row_sizes of the rows, when the caller has them already."""
    rows = names["n"]
    texts = [name_texts(r) for r in rows]
    size = size if size is not None else row_sizes(rows)
    order = sorted(range(len(rows)), key=lambda i: (KIND_ORDER[rows[i][1]], len(utf16(rows[i][0])),
                                                       utf16(rows[i][0]), i))
    rank = [0] * len(rows)
    for n, i in enumerate(order):
        rank[i] = n
    split: list[str] = []
    listed: dict[str, list[int]] = {}
    # the texts of all rows in one list; an occurrence of a piece is (text << 16) | where it ends
    flat = [(i, text) for i, ts in enumerate(texts) for text in ts if len(text) < 1 << 16]
    owner = [i for i, _ in flat]
    frontier: dict[str, list[int]] = defaultdict(list)
    for e, (_, text) in enumerate(flat):
        for end, ch in enumerate(text, 1):
            frontier[ch].append(e << 16 | end)
    while frontier:
        grown: dict[str, list[int]] = defaultdict(list)
        for piece, found in sorted(frontier.items()):
            ids = {owner[o >> 16] for o in found}
            if sum(map(size.__getitem__, ids)) <= list_bytes:
                listed[piece] = sorted(ids, key=rank.__getitem__)
                continue
            split.append(piece)
            # match_class(piece, …) from the occurrences: one starting the text is 1, or 0 if it is the text
            first: dict[int, int] = {}
            for o in found:
                text, end = flat[o >> 16][1], o & 0xFFFF
                if end == len(piece):
                    first[owner[o >> 16]] = min(first.get(owner[o >> 16], 1), 0 if end == len(text) else 1)
                if end < len(text):
                    grown[piece + text[end]].append(o + 1)
            top = sorted(first, key=lambda i: (first[i], rank[i]))[:TOP_NAMES]
            if len(top) < TOP_NAMES:
                top += heapq.nsmallest(TOP_NAMES - len(top), ids.difference(first), key=rank.__getitem__)
            listed[piece] = top
        frontier = grown
    return split, listed


def name_files(names: dict, list_bytes: int = NAME_LIST_BYTES, file_bytes: int = NAME_FILE_BYTES,
               file_limit: int = NAME_FILE_LIMIT) -> tuple[dict, list[str]]:
    """({"s": number of files, "x": split pieces}, the files' text): file k calls
    AtlasNearNames(k, {"w": [where, …], "g": {piece: [row, …]}}) with each piece whose
    gram_hash (of the piece in UTF-16 units, as the browser hashes it) % s is k; a row's where
    is an index into the file's own "w". The count is a power of two for about `file_bytes` a
    file, doubled until no file is larger than `file_limit` (a piece's list is at most
    `list_bytes`, so that ends)."""
    rows = names["n"]
    row_size = row_sizes(rows)
    split, listed = name_pieces(names, list_bytes, row_size)
    total = sum(len(piece.encode("utf-8")) + 5 + sum(map(row_size.__getitem__, ids)) for piece, ids in listed.items())
    count = 1 << max(0, (total // file_bytes).bit_length())
    hashes = {piece: gram_hash(utf16(piece)) for piece in listed}
    while True:
        files: list[dict] = [{"w": [], "g": {}} for _ in range(count)]
        local: list[dict[int, int]] = [{} for _ in files]
        for piece, ids in listed.items():
            k = hashes[piece] % count
            out = files[k]["g"][piece] = []
            for i in ids:
                row, where = rows[i], rows[i][4]
                if where >= 0:
                    if where not in local[k]:
                        local[k][where] = len(files[k]["w"])
                        files[k]["w"].append(names["w"][where])
                    row = [*row[:4], local[k][where], *row[5:]]
                out.append(row)
        texts = [f"AtlasNearNames({k},{script_json(f)});\n" for k, f in enumerate(files)]
        if max(len(t.encode("utf-8")) for t in texts) <= file_limit or count > 4 * len(listed):
            return {"s": count, "x": split}, texts
        count *= 2


def nearby_files(atlas: Atlas, parts: list[tuple] | None = None) -> dict[str, str]:
    """The files of the module docstring (`parts`: as near_index's)."""
    boxes, names = near_index(atlas, parts)
    toc, shards = name_files(names)
    files = {NEAR_INDEX: f"window.ATLAS_NEAR={script_json({'p': boxes['p']})};\n",
             NEAR_NAMES: f"window.ATLAS_NEAR_NAMES={script_json(toc)};\n"}
    for code, rows in boxes["m"].items():
        files[f"search/near/m-{code}.js"] = f"AtlasNearBoxes({script_json(code)},{script_json(rows)});\n"
    for k, text in enumerate(shards):
        files[f"search/near/{k}.js"] = text
    return files
