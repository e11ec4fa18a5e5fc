"""Plain JSON data for every map: no HTML in it, only text, numbers and page links.

assets/atlas-map.js turns it into markers, popups, tooltips, legend and filters with DOM
nodes and textContent. Coordinates are integers of 1e-5 degrees; categories, target states,
districts and schedules are indexes into shared tables. Hidden places are never in it and
approximate ones only at their rounded point (privacy.public_point).

Resource points (district and municipality maps, and the national map's detail):
    {"c": [[category id, label, colour]], "s": [[state id, label]],
     "d": [[district name, district page URL, demo 0/1, district id, municipality code]],
     "h": [schedule rules, as in the district page's data-rules], (index 0: no rules)
     "p": [[lat, lon, category index, state bits, district index, name, resource id,
            approximate 0/1, schedule index, (schedule, address: district maps only)]],
     "g": [[[point index, service label], …]],
     "t": [[point index, phone], …]} (only when a point has a phone: the front door's tel: links)
about 60–80 bytes a point without the two detail fields. "p" has one point per resource (the
filters and counts count resources); "g" lists the points that are one place (places.py: a
facility listed once per service), which the map draws as one marker listing each service
(its label, schedule and links); a point in no list of "g" is a place of its own. A popup's
「くわしく見る」 links to <district page URL>#r-<resource id>, the row of the district page's resource list, and its
「マイリストに入れる」 keeps <district id>/<resource id> with the municipality code (assets/mylist.js).

The national map (one marker per municipality until the view is close enough to load the
municipality's own points file):
    national_counts: {"c", "s" as above, "t": [points by category], "n": all points,
        "a": whether any point is approximate,
        "m": [[code, "都道府県 市区町村", lat, lon, points, south, west, north, east, demo 0/1]],
        "u": where the rest is: {"filters": profiles script, "filtersKey": its key, "key": points key prefix,
             "points": [script prefix, suffix], "page": [municipality page prefix, suffix]}}
        (lat, lon: the mean of the municipality's public points; the box holds them all)
    national_profiles: what the filters need without the points (loaded on first use):
        {"h": [schedule rules], "k": [[category index, state bits, schedule index]],
         "w": characters a profile takes, "m": ["…"]}: per municipality of "m" above, in
        the same order, one fixed-width base-64 profile index (PROFILE_DIGITS) per point.

Case places (national and per-case case maps): one point per municipality with named cases
    {"c": [[case title, case page URL]], "p": [[lat, lon, "都道府県 市区町村", [case indexes]]],
     "t": legend title or "", "n": note}
"""

from __future__ import annotations

import json

from ..model.model import Atlas, Case, District, Resource, Term, Vocabulary
from ..model.municipalities import Municipality
from ..model.places import places, service_label
from ..model.privacy import public_point
from .env import script_json

SCALE = 100_000  # 1e-5 degree ≈ 1 m

REPRESENTATIVE_NOTE = ("印は市区町村の代表点（役所・役場付近）です。"
                       "活動が行われた場所ではありません。")


class _Schedules:
    """A table of distinct schedule rule lists; index 0 is "no rules"."""

    def __init__(self):
        self.table: list = [[]]
        self._index = {"[]": 0}
        self._seen: dict[str, int] = {"()": 0}  # repr of rules as written → index (most repeat)

    def index(self, resource: Resource) -> int:
        return self.index_of(resource.schedule.rules if resource.schedule else ())

    def index_of(self, written: tuple) -> int:
        """The index of a schedule's rules as written (Schedule.rules; () for none)."""
        seen = repr(written)  # equal reprs are equal rules: the slower key below is made once for them
        if seen in self._seen:
            return self._seen[seen]
        rules = [dict(r) for r in written]
        key = json.dumps(rules, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.table)
            self.table.append(rules)
        self._seen[seen] = self._index[key]
        return self._index[key]


def _ordered(vocab: Vocabulary) -> list[Term]:
    """vocab.ordered() (by order, then by the place of the first equal term in the list),
    without its list.index of each term (dataclass __eq__ in Python, over the list: vocab_tables
    is made for every page and map)."""
    first: dict[Term, int] = {}
    for i, t in enumerate(vocab.terms):
        first.setdefault(t, i)
    return sorted(vocab.terms, key=lambda t: (t.order, first[t]))


def vocab_tables(atlas: Atlas) -> tuple[dict, dict, dict]:
    """(the "c" and "s" tables, category index by id, state bit by id)."""
    categories = _ordered(atlas.vocab("categories"))
    states = _ordered(atlas.vocab("target_states"))
    tables = {"c": [[t.id, t.label, t.color] for t in categories], "s": [[t.id, t.label] for t in states]}
    return tables, {t.id: i for i, t in enumerate(categories)}, {t.id: 1 << i for i, t in enumerate(states)}


def _mapped(d: District):
    """(resource, public point) for every resource of `d` that has one."""
    for r in d.resources:
        point = public_point(r.location)
        if point is not None:
            yield r, point


def mapped_resources(d: District) -> list[tuple[Resource, tuple[float, float]]]:
    """`_mapped(d)` as a list: the site's own files take it once for the national counts and
    the near-me index (render/site.py site_part), not once each."""
    return list(_mapped(d))


def points_data(atlas: Atlas, districts: list[District], page_base: str, *, detail: bool = False) -> dict:
    """Every public point of `districts`. `detail` adds each resource's schedule and (public)
    address, which the district map's popups show."""
    tables, cat_index, state_bit = vocab_tables(atlas)
    schedules = _Schedules()
    points = []
    table = []
    groups = []
    phones = []
    for d_index, d in enumerate(districts):
        table.append([d.name, f"{page_base}{d.id}/", 1 if d.demo else 0, d.id, d.municipality.code])
        mapped = list(_mapped(d))
        number = {id(r): len(points) + i for i, (r, _) in enumerate(mapped)}
        groups += [[[number[id(r)], label] for r, label in group] for group in place_groups(d)]
        for r, point in mapped:
            bits = sum(state_bit[t.id] for t in r.target_states)
            approx = 1 if r.location.precision == "approximate" else 0
            row = [round(point[0] * SCALE), round(point[1] * SCALE), cat_index[r.category.id],
                   bits, d_index, r.name, r.id, approx, schedules.index(r)]
            if detail:
                row += [r.schedule.text if r.schedule else "", r.address]
            if r.contact and r.contact.phone:
                phones.append([len(points), r.contact.phone])
            points.append(row)
    data = {**tables, "d": table, "h": schedules.table, "p": points, "g": groups}
    if phones:
        data["t"] = phones
    return data


def place_groups(d: District) -> list[list[tuple[Resource, str]]]:
    """The places of `d` (places.py, over all its resources) with more than one point on
    the map: [(resource, service label)] each, in the resources' order."""
    out = []
    for group in places(d.resources):
        if len(group) < 2:
            continue
        members = [d.resources[i] for i in group if public_point(d.resources[i].location) is not None]
        if len(members) > 1:
            out.append([(r, service_label(r)) for r in members])
    return out


# base-64 digits of a profile index in national_profiles (safe in a JSON string as is)
PROFILE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _digits(index: int, width: int) -> str:
    out = []
    for _ in range(width):
        index, rest = divmod(index, 64)
        out.append(PROFILE_DIGITS[rest])
    return "".join(reversed(out))


# the national map's files, next to the map (maps/), and where it finds the rest
NATIONAL_COUNTS = "national-counts.js"
NATIONAL_FILTERS = "national-filter.js"


def counts_part(muni: Municipality, districts: list[District], cat_index: dict, state_bit: dict,
                mapped: list[list[tuple]] | None = None) -> tuple | None:
    """One municipality's share of `national_data`, made from its districts alone (so a
    build keeps it with the municipality's unit, render/site.py): None without a public
    point, else (its row of "m", each point's (category index, state bits, index into the next),
    its distinct schedule rules as written, whether a point is approximate). `mapped`: each
    district's mapped_resources, when the caller has them."""
    points = [pair for pairs in (mapped if mapped is not None else map(_mapped, districts)) for pair in pairs]
    if not points:
        return None
    rules: dict[str, int] = {}
    written: list[tuple] = []
    keys = []
    for r, _ in points:
        own = r.schedule.rules if r.schedule else ()
        seen = repr(own)  # equal reprs are equal rules
        if seen not in rules:
            rules[seen] = len(written)
            written.append(own)
        keys.append((cat_index[r.category.id], sum(state_bit[t.id] for t in r.target_states), rules[seen]))
    approximate = any(r.location.precision == "approximate" for r, _ in points)
    lats = [round(p[0] * SCALE) for _, p in points]
    lons = [round(p[1] * SCALE) for _, p in points]
    row = [muni.code, f"{muni.prefecture} {muni.name}", round(sum(lats) / len(lats)),
           round(sum(lons) / len(lons)), len(points), min(lats), min(lons), max(lats), max(lons),
           1 if any(d.demo for d in districts) else 0]
    return row, keys, written, approximate


def counts_parts(atlas: Atlas, municipalities: list[tuple[Municipality, list[District]]]) -> list[tuple | None]:
    _, cat_index, state_bit = vocab_tables(atlas)
    return [counts_part(muni, districts, cat_index, state_bit) for muni, districts in municipalities]


def national_data(atlas: Atlas, municipalities: list[tuple[Municipality, list[District]]],
                  page_base: str, parts: list[tuple | None] | None = None) -> tuple[dict, dict]:
    """(national_counts, national_profiles) of the public points of every municipality
    (module docstring); municipalities without a public point are left out. `page_base`:
    the URL of the districts folder (municipality pages are <page_base>m-<code>/). `parts`:
    the municipalities' `counts_part`, when kept (the same data either way)."""
    tables, _, _ = vocab_tables(atlas)
    parts = parts if parts is not None else counts_parts(atlas, municipalities)
    schedules = _Schedules()
    profiles: dict[tuple, int] = {}
    by_category = [0] * len(tables["c"])
    rows, per_muni, approximate = [], [], False
    for part in parts:
        if part is None:
            continue
        row, own, written, approx = part
        approximate |= approx
        index = [schedules.index_of(rules) for rules in written]
        keys = []
        for category, bits, schedule in own:
            key = (category, bits, index[schedule])
            keys.append(profiles.setdefault(key, len(profiles)))
            by_category[category] += 1
        rows.append(row)
        per_muni.append(keys)
    width = 1
    while len(profiles) > 64 ** width:
        width += 1
    digits = [_digits(k, width) for k in range(len(profiles))]  # once a profile, not once a point
    counts = {**tables, "t": by_category, "n": sum(r[4] for r in rows), "a": int(approximate), "m": rows,
              "u": {"filters": NATIONAL_FILTERS, "filtersKey": "national-filter", "key": "m-",
                    "points": ["points-m-", ".js"], "page": [f"{page_base}m-", "/"]}}
    filters = {"h": schedules.table, "k": [list(k) for k in profiles], "w": width,
               "m": ["".join(map(digits.__getitem__, keys)) for keys in per_muni]}
    return counts, filters


def points_script(key: str, data: dict) -> str:
    return f"(window.ATLAS_POINTS=window.ATLAS_POINTS||{{}})[{json.dumps(key)}]={script_json(data)};\n"


def cases_by_municipality(cases: list[Case]) -> list[tuple[Municipality, list[Case]]]:
    """[(municipality, [its cases])] in code order, for municipalities with a representative
    point: the markers of a case map, and the list beside it."""
    by_code: dict[str, tuple[Municipality, list[Case]]] = {}
    for case in cases:
        for muni in case.municipalities:
            if muni.lat is not None and muni.lon is not None:
                by_code.setdefault(muni.code, (muni, []))[1].append(case)
    return [by_code[code] for code in sorted(by_code)]


def cases_data(cases: list[Case], page_base: str, legend: str = "") -> dict:
    """One point per municipality with named cases; each links to `page_base`<case id>/."""
    titles: list[list[str]] = []
    index: dict[str, int] = {}
    points = []
    for muni, muni_cases in cases_by_municipality(cases):
        for case in muni_cases:
            if case.id not in index:
                index[case.id] = len(titles)
                titles.append([case.title, f"{page_base}{case.id}/"])
        points.append([round(muni.lat * SCALE), round(muni.lon * SCALE), f"{muni.prefecture} {muni.name}",
                       [index[c.id] for c in muni_cases]])
    return {"c": titles, "p": points, "t": legend, "n": REPRESENTATIVE_NOTE}
