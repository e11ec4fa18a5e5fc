"""「マイリスト」: resources a person picks on district pages (or in a map's popup), with a
note each, printed on one A4 sheet to hand over or take to a meeting. The list lives in the
browser only. Each entry names its resource and its municipality; the list page shows the
details from that municipality's rows script (exports.rows_data, resources/m-<code>.js),
so the list needs no files of its own — except this index, for entries saved before entries
carried their municipality."""

from __future__ import annotations

from ..model.model import Atlas
from .env import script_json

DISTRICTS_INDEX = "resources/districts.js"


def mylist_files(atlas: Atlas) -> dict[str, str]:
    """district id → municipality code (loaded by the list page only for such old entries)."""
    index = {d.id: d.municipality.code for d in atlas.districts}
    return {DISTRICTS_INDEX: f"window.ATLAS_DISTRICT_MUNICIPALITY={script_json(index, sort_keys=True)};\n"}
