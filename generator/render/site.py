"""Everything the site needs from the Atlas, as docs-relative path → content."""

from __future__ import annotations

from ..model import Atlas
from .assets import all_assets
from .maps import district_map
from .pages import all_pages


def map_files(atlas: Atlas) -> dict[str, str]:
    categories = atlas.vocab("categories").ordered()
    return {
        f"maps/{d.id}.html": district_map(d, categories, assets="../assets",
                                          page=f"../districts/{d.id}/")
        for d in atlas.districts
    }


def render_site(atlas: Atlas) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    files.update(all_pages(atlas))
    files.update(map_files(atlas))
    files.update(all_assets())
    return files
