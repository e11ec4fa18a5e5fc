"""Plain JSON data for every map: no HTML in it, only text, numbers and page links.

assets/atlas-map.js turns it into markers, popups, tooltips, legend and filters with DOM
nodes and textContent. Coordinates are integers of 1e-5 degrees; categories, target states
and districts are indexes into shared tables. Hidden places are never in it and
approximate ones only at their rounded point (privacy.public_point).

Resource points (district, municipality and national maps):
    {"c": [[category id, label, colour]], "s": [[state id, label]],
     "d": [[district name, district page URL, demo 0/1]],
     "p": [[lat, lon, category index, state bits, district index, name, resource id,
            approximate 0/1, (schedule, address: district maps only)]]}
about 60–80 bytes a point without the two detail fields. A popup's 「くわしく見る」 links to
<district page URL>#r-<resource id>, the row of the district page's resource list.

Case places (national and per-case case maps): one point per municipality with named cases
    {"c": [[case title, case page URL]], "p": [[lat, lon, "都道府県 市区町村", [case indexes]]],
     "t": legend title or "", "n": note}
"""

from __future__ import annotations

import json

from ..model import Atlas, Case, District
from ..municipalities import Municipality
from ..privacy import public_point
from .env import script_json

SCALE = 100_000  # 1e-5 degree ≈ 1 m

REPRESENTATIVE_NOTE = ("印は市区町村の代表点（役所・役場付近）です。"
                       "活動が行われた場所ではありません。")


def points_data(atlas: Atlas, districts: list[District], page_base: str, *, detail: bool = False) -> dict:
    """Every public point of `districts`. `detail` adds each resource's schedule and (public)
    address, which the district map's popups show."""
    categories = atlas.vocab("categories").ordered()
    states = atlas.vocab("target_states").ordered()
    cat_index = {t.id: i for i, t in enumerate(categories)}
    state_bit = {t.id: 1 << i for i, t in enumerate(states)}
    points = []
    table = []
    for d_index, d in enumerate(districts):
        table.append([d.name, f"{page_base}{d.id}/", 1 if d.demo else 0])
        for r in d.resources:
            point = public_point(r.location)
            if point is None:
                continue
            bits = sum(state_bit[t.id] for t in r.target_states)
            approx = 1 if r.location.precision == "approximate" else 0
            row = [round(point[0] * SCALE), round(point[1] * SCALE), cat_index[r.category.id],
                   bits, d_index, r.name, r.id, approx]
            if detail:
                row += [r.schedule.text if r.schedule else "", r.address]
            points.append(row)
    return {
        "c": [[t.id, t.label, t.color] for t in categories],
        "s": [[t.id, t.label] for t in states],
        "d": table,
        "p": points,
    }


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
