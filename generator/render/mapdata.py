"""Compact point data for the municipality and national maps: one script file per map,
loaded by the page (not one Folium marker per point). Integers of 1e-5 degrees, indexes
into shared tables, and only what a popup shows: about 60–80 bytes a point."""

from __future__ import annotations

import json

from ..model import Atlas, District
from ..privacy import public_point
from .env import script_json

SCALE = 100_000  # 1e-5 degree ≈ 1 m


def points_data(atlas: Atlas, districts: list[District], page_base: str) -> dict:
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
            points.append([round(point[0] * SCALE), round(point[1] * SCALE), cat_index[r.category.id],
                           bits, d_index, r.name, r.id, approx])
    return {
        "c": [[t.id, t.label, t.color] for t in categories],
        "s": [[t.id, t.label] for t in states],
        "d": table,
        "p": points,
    }


def points_script(key: str, data: dict) -> str:
    return f"(window.ATLAS_POINTS=window.ATLAS_POINTS||{{}})[{json.dumps(key)}]={script_json(data)};\n"
