"""Everything the site needs from the Atlas, as docs-relative path → content.

Per district: two pages, a map and two downloads (`district_files`); once for the site:
the other pages, shared maps, assets, search index and site-wide downloads
(`shared_files`). `write_site` is what a build uses: districts are rendered in forked
processes while this one renders the shared files, every file that is not a page is
written straight to the output folder (never held for MkDocs), and only page sources
come back for MkDocs to put in the theme.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import parallel
from ..model import Atlas, District
from .assets import all_assets
from .editor import editor_files
from .exports import site_exports, to_csv, to_geojson
from .htmlblocks import HtmlBlocks
from .mapdata import points_data, points_script
from .maps import cases_map, district_map, points_map
from .mylist import mylist_files
from .pages import by_municipality, district_pages, site_pages
from .search import search_script

Files = dict[str, str | bytes]


def district_files(atlas: Atlas, d: District) -> Files:
    """Everything that depends on this district alone."""
    files: Files = dict(district_pages(d, atlas))
    files[f"maps/{d.id}.html"] = district_map(atlas, d, assets="../assets", page_base="../districts/")
    files[f"downloads/{d.id}.csv"] = to_csv(atlas, [d])
    files[f"downloads/{d.id}.geojson"] = to_geojson(atlas, [d])
    files.update(mylist_files(d))
    return files


def shared_maps(atlas: Atlas) -> Files:
    files: Files = {}
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
                [case], assets="../assets", base="../cases/", center=(first.lat, first.lon),
                title=f"{case.place_label}の位置", legend=False)
    return files


def shared_files(atlas: Atlas) -> Files:
    files: Files = dict(site_pages(atlas))
    files.update(shared_maps(atlas))
    files.update(all_assets())
    files["search/atlas-index.js"] = search_script(atlas)
    files.update(site_exports(atlas))
    files.update(editor_files(atlas))
    return files


def render_site(atlas: Atlas) -> Files:
    """The whole site in memory (tests and small sites; a build uses `write_site`)."""
    files = shared_files(atlas)
    for d in atlas.districts:
        files.update(district_files(atlas, d))
    return files


def is_page(path: str) -> bool:
    return path.endswith(".md")


def as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_file(out_dir: Path, path: str, content: str | bytes) -> None:
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(as_bytes(content))


def _pages_and_write(files: Files, out_dir: Path, blocks: HtmlBlocks | None) -> tuple[dict[str, str], list[str]]:
    """Write the files that are not pages; return the pages (HTML stashed, with `blocks`)
    and the paths written."""
    pages, written = {}, []
    for path, content in files.items():
        if is_page(path):
            pages[path] = blocks.stash_page(content) if blocks is not None else content
        else:
            write_file(out_dir, path, content)
            written.append(path)
    return pages, written


def _district_job(atlas: Atlas, out_dir: Path, blocks: HtmlBlocks | None,
                  d: District) -> tuple[dict[str, str], list[str]]:
    """In a worker: one district's files (see `_pages_and_write`)."""
    return _pages_and_write(district_files(atlas, d), out_dir, blocks)


def write_site(atlas: Atlas, out_dir: Path, blocks: HtmlBlocks | None = None) -> tuple[dict[str, str], list[str]]:
    """Write every file that is not a page under `out_dir`; return (page sources, paths
    written). With `blocks`, page sources carry placeholders for their HTML (htmlblocks.py)."""
    pending = parallel.start(functools.partial(_district_job, atlas, out_dir, blocks), atlas.districts)
    pages, written = _pages_and_write(shared_files(atlas), out_dir, blocks)
    for district_pages_, district_written in pending.get():
        pages.update(district_pages_)
        written.extend(district_written)
    return pages, written
