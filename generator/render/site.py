"""Everything the site needs from the Atlas, as docs-relative path → content."""

from __future__ import annotations

from ..model import Atlas
from .assets import all_assets
from .exports import export_files
from .htmlblocks import HtmlBlocks
from .mapdata import points_data, points_script
from .maps import cases_map, district_map, points_map
from .mylist import mylist_script
from .pages import all_pages, by_municipality
from .search import search_script


def map_files(atlas: Atlas) -> dict[str, str]:
    categories = atlas.vocab("categories").ordered()
    files = {
        f"maps/{d.id}.html": district_map(d, categories, assets="../assets",
                                          page=f"../districts/{d.id}/")
        for d in atlas.districts
    }
    for muni, districts in by_municipality(atlas):
        key = f"m-{muni.code}"
        files[f"maps/points-{key}.js"] = points_script(key, points_data(atlas, districts, "../districts/"))
        files[f"maps/{key}.html"] = points_map(key, f"points-{key}.js", "../assets", (muni.lat, muni.lon),
                                               f"{muni.prefecture}{muni.name}の地域の資源の地図",
                                               any(d.demo for d in districts))
    files["maps/points-national.js"] = points_script("national",
                                                     points_data(atlas, atlas.districts, "../districts/"))
    files["maps/national.html"] = points_map("national", "points-national.js", "../assets", (36.5, 137.0),
                                             "全国の地域の資源の地図", any(d.demo for d in atlas.districts))
    files["maps/cases.html"] = cases_map(atlas.cases, assets="../assets", base="../cases/",
                                         title="事例の地図（全国）")
    for case in atlas.cases:
        if case.municipalities:
            first = case.municipalities[0]
            files[f"maps/case-{case.id}.html"] = cases_map(
                [case], assets="../assets", base="../cases/", zoom=9, center=(first.lat, first.lon),
                title=f"{case.place_label}の位置", note=False)
    return files


def render_site(atlas: Atlas, blocks: HtmlBlocks | None = None) -> dict[str, str | bytes]:
    """With `blocks`, page sources carry placeholders for their HTML (see htmlblocks.py)."""
    files: dict[str, str | bytes] = {}
    pages = all_pages(atlas)
    if blocks is not None:
        pages = {path: blocks.stash_page(source) for path, source in pages.items()}
    files.update(pages)
    files.update(map_files(atlas))
    files.update(all_assets())
    files["search/atlas-index.js"] = search_script(atlas)
    files.update(export_files(atlas))
    files["mylist/resources.js"] = mylist_script(atlas)
    return files
