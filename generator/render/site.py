"""Everything the site needs from the Atlas, as docs-relative path → content.

Per district: one page (`district_files`: its map, worksheet and record are in it); per
municipality: its page, its maps and its rows script (`municipality_files`); once for the
site: the other pages, shared maps, assets, search index and the national download
(`shared_files`). The national download is made of every municipality's part
(`national_parts`).

`write_site` is what a build uses: districts and municipalities are rendered in forked
processes while this one renders the shared files; every file that is not a page is
written straight to the output folder (never held for MkDocs), each municipality's part
of the national download waits in a temporary file, and only page sources come back for
MkDocs to put in the theme. With a cache folder, what an earlier build rendered from the
same inputs is taken from there (unit_cache.py): units, and the site's own files and
national download but for the search index.
"""

from __future__ import annotations

import functools
import gc
import shutil
import tempfile
from pathlib import Path

from ..check import data_sources
from ..model.model import Atlas, District
from ..model.municipalities import Municipality
from ..publish import parallel, previous_site
from ..publish.cache_dir import CacheDir
from .assets import all_assets
from .editor import editor_files
from .env import templates_fixed
from .exports import ALL_ZIP, Rows, district_rows, municipality_exports, national_part, national_zip
from .htmlblocks import HtmlBlocks, split_front_matter
from .mapdata import (
    NATIONAL_COUNTS,
    NATIONAL_FILTERS,
    counts_part,
    mapped_resources,
    national_data,
    points_data,
    points_script,
    vocab_tables,
)
from .maps import cases_map, map_credits, national_map, points_map
from .mylist import mylist_files
from .nearby import near_part, nearby_files
from .offline import file_links
from .pages import by_municipality, district_pages, municipality_page, site_pages
from .search import municipality_part, search_files
from .sheets import gap_links_files
from .unit_cache import UnitCache, context_digest, site_digest
from .webapp import webapp_files

Files = dict[str, str | bytes]


def district_files(atlas: Atlas, d: District) -> Files:
    """Everything that depends on this district alone: its page."""
    return dict(district_pages(d, atlas))


def municipality_maps(atlas: Atlas, muni: Municipality, districts: list[District]) -> Files:
    key = f"m-{muni.code}"
    return {f"maps/points-{key}.js": points_script(key, points_data(atlas, districts, "../districts/")),
            f"maps/{key}.html": points_map(key, f"points-{key}.js", "../assets", (muni.lat, muni.lon),
                                           f"{muni.prefecture}{muni.name}の地域の資源の地図",
                                           any(d.demo for d in districts),
                                           back=(f"../districts/{key}/index.html", f"{muni.name}のページ",
                                                 map_credits(districts)))}


def municipality_files(atlas: Atlas, muni: Municipality, districts: list[District],
                       rows: Rows | None = None) -> Files:
    """What depends on one municipality's districts alone: its page, maps and rows
    (`rows`: its district_rows, when already made)."""
    files: Files = {f"districts/m-{muni.code}.md": municipality_page(muni, districts)}
    files.update(municipality_maps(atlas, muni, districts))
    files.update(municipality_exports(atlas, muni.code, districts, rows))
    return files


def site_part(atlas: Atlas, muni: Municipality, districts: list[District], tables: tuple | None = None) -> dict:
    """What the site's own files need of one municipality, made from its districts alone
    (and the context its unit's key holds): its share of the national map's counts, of
    the near-me index and of the search index's documents and postings. A build keeps it with the
    municipality's unit (unit_cache.py, kind "sw"), so after a district is edited only its
    municipality's share is made again and the files are put together from the rest.
    `tables`: vocab_tables(atlas), when the caller made it once for every municipality."""
    _, cat_index, state_bit = tables or vocab_tables(atlas)
    mapped = [mapped_resources(d) for d in districts]  # each public point once, for both shares
    return {"counts": counts_part(muni, districts, cat_index, state_bit, mapped),
            "near": near_part(muni, districts, mapped), "search": municipality_part(districts)}


def site_parts(atlas: Atlas, cache: UnitCache | None = None, items: list[tuple[tuple, str | None]] | None = None
               ) -> list[dict]:
    """Every municipality's `site_part`, in code order: from `cache` under its unit's key
    when kept, else made (and kept). `items`: the municipalities' units and keys."""
    if items is None:
        items = [(unit, None) for unit in units(atlas) if unit[0] == "m"]
    parts, tables = [], vocab_tables(atlas)
    for (_, muni, districts), key in items:
        part = cache.get(key, "sw") if cache is not None else None
        if part is None:
            part = site_part(atlas, muni, districts, tables)
            if cache is not None:
                cache.put(key, part, "sw")
        parts.append(part)
    return parts


def shared_maps(atlas: Atlas, parts: list[dict] | None = None) -> Files:
    files: Files = {}
    # the national map: counts per municipality, then each municipality's points file
    # (municipality_maps, written by the workers)
    counts, filters = national_data(atlas, by_municipality(atlas), "../districts/",
                                    None if parts is None else [p["counts"] for p in parts])
    files[f"maps/{NATIONAL_COUNTS}"] = points_script("national", counts)
    files[f"maps/{NATIONAL_FILTERS}"] = points_script(counts["u"]["filtersKey"], filters)
    files["maps/national.html"] = national_map(NATIONAL_COUNTS, "../assets", "全国の地域の資源の地図",
                                               any(d.demo for d in atlas.districts),
                                               credits=map_credits(atlas.districts))
    files["maps/cases.html"] = cases_map(atlas.cases, assets="../assets", base="../cases/",
                                         title="事例の地図（全国）")
    for case in atlas.cases:
        if case.municipalities:
            first = case.municipalities[0]
            files[f"maps/case-{case.id}.html"] = cases_map(
                [case], assets="../assets", base="../cases/", center=(first.lat, first.lon),
                title=f"{case.place_label}の位置", legend=False,
                back=(f"../cases/{case.id}/index.html", f"{case.title}のページ"))
    return files


def context_files(atlas: Atlas) -> Files:
    """The site's own files that no district changes: the editor's (made from the schemas,
    vocabularies, documents and settings: unit_cache.context_digest's and site_digest's inputs).
    A build keeps them under a key of those alone (kind "ctx"), so an edited district does not
    make them again."""
    return editor_files(atlas)


def _around_search(atlas: Atlas, parts: list[dict] | None = None, fixed: Files | None = None) -> tuple[Files, Files]:
    """The files made once for the site, but for the search index: those before it and
    those after it in `shared_files`' order (`parts`: site_parts, `fixed`: context_files,
    when made)."""
    before: Files = dict(site_pages(atlas))
    before.update(shared_maps(atlas, parts))
    before.update(all_assets())
    after: Files = dict(mylist_files(atlas))
    after.update(gap_links_files(atlas))  # what every district page's gaps link to
    after.update(nearby_files(atlas, None if parts is None else [p["near"] for p in parts]))
    after.update(context_files(atlas) if fixed is None else fixed)
    after.update(webapp_files(atlas))  # the manifest, its icons, the offline page (sw.js: hooks.on_post_build)
    after[data_sources.ATTRIBUTION] = data_sources.attribution(atlas.data_sources)  # so in the offline ZIP
    return before, after


def _joined(before: Files, search: Files, after: Files) -> Files:
    files = dict(before)
    files.update(search)
    files.update(after)
    return files


def shared_files(atlas: Atlas) -> Files:
    """What is written once for the site (without the national download: see `render_site`)."""
    before, after = _around_search(atlas)
    return _joined(before, search_files(atlas), after)


def national_parts(atlas: Atlas) -> list[tuple[bytes, bytes]]:
    """Each municipality's part of the national download, in municipality code order."""
    return [national_part(atlas, districts) for _, districts in by_municipality(atlas)]


def render_site(atlas: Atlas) -> Files:
    """The whole site in memory (tests and small sites; a build uses `write_site`)."""
    files = shared_files(atlas)
    files[ALL_ZIP] = national_zip(national_parts(atlas), data_sources.attribution(atlas.data_sources))
    for unit in units(atlas):
        files.update(unit_files(atlas, unit))
    return files


def units(atlas: Atlas) -> list[tuple]:
    """The independent pieces of work: ("d", district) and ("m", municipality, its districts)."""
    return [("d", d) for d in atlas.districts] + \
        [("m", muni, districts) for muni, districts in by_municipality(atlas)]


def unit_files(atlas: Atlas, unit: tuple) -> Files:
    return district_files(atlas, unit[1]) if unit[0] == "d" else municipality_files(atlas, unit[1], unit[2])


def is_page(path: str) -> bool:
    return path.endswith(".md")


def as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_file(out_dir: Path, path: str, content: str | bytes) -> None:
    """Written, or linked from the site a build replaces when that has the same bytes
    (publish/previous_site.py)."""
    previous_site.write(out_dir, path, as_bytes(content))


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


def linked(files: Files) -> Files:
    """`files` with each page's body (not its front matter) passed through
    offline.file_links, as the finished page will be (hooks.on_post_page, themed.py): done
    once, where the page is rendered, so a unit's kept render has it already."""
    out: Files = {}
    for path, content in files.items():
        if is_page(path):
            head, body = split_front_matter(content)
            content = head + file_links(body)
        out[path] = content
    return out


def _rendered(atlas: Atlas, unit: tuple, links: bool = False) -> tuple[Files, tuple[bytes, bytes] | None]:
    """A unit's files (page bodies `linked` with `links`), and a municipality's part of the
    national download."""
    if unit[0] == "d":
        files, part = district_files(atlas, unit[1]), None
    else:
        _, muni, districts = unit
        rows = district_rows(atlas, districts)  # each resource's row once, for both files
        files, part = municipality_files(atlas, muni, districts, rows), national_part(atlas, districts, rows)
    return (linked(files) if links else files), part


def _unit_job(atlas: Atlas, out_dir: Path, blocks: HtmlBlocks | None, parts: Path | None, cache: UnitCache,
              links: bool, item: tuple[tuple, str | None]) -> tuple[dict[str, str], list[str]]:
    """In a worker: one district's or municipality's files (see `_pages_and_write`), from the
    cache when kept by an earlier build under the unit's `key`; a municipality's part of the
    national download goes to the cache with them, and with `parts` (no cache) to a file
    there (_NationalParts reads it)."""
    unit, key = item
    files = cache.get(key)
    if files is None:
        files, part = _rendered(atlas, unit, links)
        cache.put(key, files)
        if part is not None:
            cache.put(key, part, "parts")
            if parts is not None:
                (parts / f"{unit[1].code}.csv").write_bytes(part[0])
                (parts / f"{unit[1].code}.geojson").write_bytes(part[1])
    return _pages_and_write(files, out_dir, blocks)


class _NationalParts:
    """The municipalities' parts of the national download, in code order, read again each
    time they are iterated (national_zip reads them twice; the GeoJSON parts are never all
    held): with a cache, from the unit cache, where the workers put them (or an earlier build
    did), so no build writes them twice; without one, from `folder`, where the workers left
    them. A part the cache does not have (a unit it does not keep, an entry lost meanwhile) is
    made here again (and kept)."""

    def __init__(self, atlas: Atlas, cache: UnitCache, items: list, folder: Path | None):
        self.atlas, self.cache, self.folder = atlas, cache, folder
        self.munis = [(unit, key) for unit, key in items if unit[0] == "m"]

    def __iter__(self):
        for unit, key in self.munis:
            if self.folder is not None:
                code = unit[1].code
                yield (self.folder / f"{code}.csv").read_bytes(), (self.folder / f"{code}.geojson").read_bytes()
                continue
            part = self.cache.get(key, "parts")
            if part is None:
                part = national_part(self.atlas, unit[2])
                self.cache.put(key, part, "parts")
            yield part


def _collector_paused(make):
    """make() with Python's cyclic garbage collector off: the shared files are many small
    objects kept until written (the search index's postings above all), which each full
    collection walked again (nation: ~3 s of collections that freed nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return make()
    finally:
        if enabled:
            gc.enable()


def write_site(atlas: Atlas, out_dir: Path, blocks: HtmlBlocks | None = None,
               cache_dir: CacheDir | Path | None = None, links: bool = False) -> tuple[dict[str, str], list[str]]:
    """Write every file that is not a page under `out_dir`; return (page sources, paths
    written). With `blocks`, page sources carry placeholders for their HTML (htmlblocks.py).
    With `cache_dir`, districts and municipalities rendered by an earlier build with the
    same inputs are taken from there, and so are the site's own files, its search index and
    national download when no input changed at all (unit_cache.py). With `links`, page bodies have their
    folder links written to index.html already (`linked`). Templates are read once (env.templates_fixed)."""
    with templates_fixed():
        return _write_site(atlas, out_dir, blocks, cache_dir, links)


def _write_site(atlas: Atlas, out_dir: Path, blocks: HtmlBlocks | None, cache_dir: CacheDir | Path | None,
                links: bool) -> tuple[dict[str, str], list[str]]:
    context = context_digest(atlas) + (b"links" if links else b"") if cache_dir is not None else b""
    cache = UnitCache(cache_dir, context)
    items = [(unit, cache.key(unit)) for unit in units(atlas)]
    site = site_digest(atlas) if cache_dir is not None else b""
    site_key = cache.site_key([key for _, key in items], site)
    context_key = cache.context_key(site)
    kept = cache.get(site_key, "site")
    # without a cache, the workers leave the national download's parts in a folder (_NationalParts)
    parts = Path(tempfile.mkdtemp(prefix="atlas-national-")) if kept is None and cache.folder is None else None
    try:
        # municipalities first: ~6× a district's work each, they would otherwise end the run on one core;
        # their parts of the national download are then all made while the workers do the districts
        munis = [i for i, (unit, _) in enumerate(items) if unit[0] == "m"]
        order = munis + [i for i, (unit, _) in enumerate(items) if unit[0] != "m"]
        pending = parallel.start(functools.partial(_unit_job, atlas, out_dir, blocks, parts, cache, links),
                                 [items[i] for i in order])
        if kept is None:
            made = _collector_paused(lambda: site_parts(atlas, cache, [items[i] for i in munis]))
            documents = [part["search"] for part in made]
            fixed = cache.get(context_key, "ctx")
            if fixed is None:
                fixed = context_files(atlas)
                cache.put(context_key, fixed, "ctx")
        before, after, national, search = kept if kept is not None else (
            *_collector_paused(lambda: _around_search(atlas, made, fixed)), None,
            _collector_paused(lambda: search_files(atlas, documents)))
        files = _joined(before, search, after)
        pages, written = _pages_and_write(linked(files) if links else files, out_dir, blocks)
        results: list = [None] * len(items)
        arriving = pending.each()
        for i, result in zip(munis, arriving, strict=False):  # stops before taking a district's
            results[i] = result
        if national is None:  # while the workers do the districts
            national = national_zip(_NationalParts(atlas, cache, items, parts),
                                    data_sources.attribution(atlas.data_sources))
            cache.put(site_key, (before, after, national, search), "site")
        for i, result in zip(order[len(munis):], arriving, strict=True):
            results[i] = result
        for unit_pages, unit_written in results:
            pages.update(unit_pages)
            written.extend(unit_written)
        cache.keep_only({key for _, key in items if key is not None} | {k for k in (site_key, context_key) if k})
        write_file(out_dir, ALL_ZIP, national)
        written.append(ALL_ZIP)
    finally:
        if parts is not None:
            shutil.rmtree(parts, ignore_errors=True)
    return pages, written
