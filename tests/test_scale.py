"""National scale without a national build: index pages that do not grow with the number
of districts, and the small benchmark as a smoke run (sizes asserted, times only printed)."""

from __future__ import annotations

import re
import shutil

import pytest

from benchmarks.bench import site_table
from benchmarks.synthetic import write_project
from generator.check.validate import load_atlas
from generator.render import pages, sheets


@pytest.fixture(scope="module")
def small_atlas(tmp_path_factory, fixture_root):
    dest = tmp_path_factory.mktemp("scale") / "small"
    write_project(fixture_root, dest, "small")
    atlas, problems = load_atlas(dest)
    assert atlas is not None, [p.format() for p in problems[:5]]
    return atlas


def _links(source: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', source))


def test_beyond_the_limits_the_index_lists_prefectures_and_every_district_is_three_links_away(
        small_atlas, monkeypatch):
    monkeypatch.setattr(pages, "LIST_DISTRICTS_UP_TO", 5)
    monkeypatch.setattr(pages, "LIST_MUNICIPALITIES_UP_TO", 3)
    monkeypatch.setattr(sheets, "LIST_DISTRICTS_UP_TO", 5)
    assert len(small_atlas.districts) > 5 and len(pages.by_municipality(small_atlas)) > 3
    site = pages.all_pages(small_atlas)
    index = site["districts/index.md"]
    assert not any(d.id in index for d in small_atlas.districts)
    assert "/m-" not in index
    reached = set()
    for pref in (h for h in _links(index) if h.startswith("p-")):
        for muni in (h for h in _links(site[f"districts/{pref.rstrip('/')}.md"]) if h.startswith("../m-")):
            muni_page = site[f"districts/{muni[3:].rstrip('/')}.md"]
            reached |= {h[3:].rstrip("/") for h in _links(muni_page) if h.startswith("../syn-") and "#" not in h}
    assert reached == {d.id for d in small_atlas.districts}
    assert not any(f"{d.id}/#worksheet" in site["worksheets/index.md"] for d in small_atlas.districts)


def test_within_the_limits_the_index_lists_every_district(small_atlas):
    index = pages.all_pages(small_atlas)["districts/index.md"]
    assert {f"{d.id}/" for d in small_atlas.districts} <= _links(index)


@pytest.mark.content  # reads the repository's own content (conftest checks the marker)
def test_small_benchmark_runs_and_stays_within_the_size_budgets(capsys):
    header, _, row = site_table(["small"])
    cells = dict(zip([c.strip() for c in header.split("|")], [c.strip() for c in row.split("|")], strict=True))
    with capsys.disabled():
        print("\n" + "\n".join([header, row]))
    assert int(cells["pages"].replace(",", "")) > 40
    assert float(cells["avg page (KB)"]) <= 40
    assert float(cells["district page (KB)"]) <= 60
    assert float(cells["map data (B/point)"]) <= 80
    assert float(cells["search files, all (KB)"]) <= 5 * 1024


def test_district_worksheet_pdfs_stop_above_the_setting(small_atlas):
    from dataclasses import replace

    d = small_atlas.districts[0]
    for limit, expected in ((100, len(small_atlas.districts)), (5, 0)):
        atlas = replace(small_atlas, settings={**small_atlas.settings, "pdf": True, "district_pdfs_up_to": limit})
        jobs = [j for j in sheets.print_jobs(atlas) if j.page.startswith("districts/")]
        # each district: its A3 worksheet and its A4 workshop pack
        assert sorted(j.pdf for j in jobs) == sorted(f"pdf/{kind}-{x.id}-{paper}.pdf" for x in atlas.districts[:expected]
                                                     for kind, paper in (("worksheet", "a3"), ("workshop", "a4")))
        page = pages.district_page(d, atlas)  # its worksheet is part of its page
        assert (f"pdf/worksheet-{d.id}-a3.pdf" in page) == bool(expected)
        assert 'data-paper="a3"' in page  # the browser's own print stays


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "a cache"])
def test_forked_workers_write_the_same_site_as_one_process(small_atlas, tmp_path, monkeypatch, cached):
    """Municipalities go to the workers first and the national download is made from their
    parts while the workers do the districts (from the workers' packs with a cache, from a
    folder without): the same files, and the pages in the same order, as in one process."""
    from generator.publish import parallel
    from generator.render.site import as_bytes, render_site, write_site

    everything = render_site(small_atlas)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**6)
    alone, _ = write_site(small_atlas, tmp_path / "alone")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    out = tmp_path / "site"
    pages, written = write_site(small_atlas, out, cache_dir=tmp_path / "cache" if cached else None)
    assert pages == {p: c for p, c in everything.items() if p.endswith(".md")}
    assert list(pages) == list(alone)
    assert sorted(written) == sorted(p for p in everything if not p.endswith(".md"))
    assert all((out / p).read_bytes() == as_bytes(c)
               for p, c in everything.items() if not p.endswith(".md"))


def test_chunks_come_back_in_the_order_of_the_items(monkeypatch):
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    items = list(range(1000))
    assert parallel.start(lambda x: x * x, items, n=2).get() == [x * x for x in items]
    pending = parallel.start(lambda x: -x, items, n=2).each()
    assert [next(pending) for _ in range(10)] == [-x for x in range(10)]  # the first ones, before the rest
    assert list(pending) == [-x for x in range(10, 1000)]


def test_an_error_in_a_worker_reaches_the_build(monkeypatch):
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    with pytest.raises(ZeroDivisionError):
        parallel.start(lambda x: 1 // x, [1, 0, 2], n=2).get()


def test_preview_rebuild_after_one_edit_rewrites_only_the_pages_it_changed(tmp_path, fixture_root):
    from benchmarks.bench import preview_rebuild

    write_project(fixture_root, tmp_path / "small", "small")
    result = preview_rebuild(tmp_path / "small")
    page = (result["site"] / "districts" / result["district"] / "index.html").read_text(encoding="utf-8")
    assert "（編集）" in page
    # the district page, its worksheet, its municipality's page — not the other ~100
    assert 1 <= result["pages_rewritten"] <= 6
    shutil.rmtree(result["site"])
    print(f"\npreview (small): first build {result['first']:.2f} s, rebuild after one edit {result['rebuild']:.2f} s")


def test_forked_validation_gives_the_same_atlas_and_problems(tmp_path, fixture_root, monkeypatch):
    from generator.check import validate
    from generator.publish import parallel

    project = tmp_path / "small"
    write_project(fixture_root, project, "small")
    broken = sorted((project / "content/districts").glob("*.yaml"))[3]
    broken.write_text(broken.read_text(encoding="utf-8").replace("layer: ", "layre: ", 1), encoding="utf-8")
    monkeypatch.setattr(validate, "_FILE_CACHE", {})
    one = validate.load_atlas(project)
    monkeypatch.setattr(validate, "_FILE_CACHE", {})
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    two = validate.load_atlas(project)
    assert one == two and one[0] is None
    assert [p.format() for p in two[1]] and any(broken.name in p.path for p in two[1])


def test_pages_stashed_by_forked_workers_come_back_whole(small_atlas, tmp_path, monkeypatch):
    from generator.publish import parallel
    from generator.render.htmlblocks import HtmlBlocks
    from generator.render.site import render_site, write_site

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    blocks = HtmlBlocks()
    pages, _ = write_site(small_atlas, tmp_path, blocks)
    pids = {m for source in pages.values() for m in re.findall(r"atlas-html:(\d+)\.", source)}
    assert len(pids) >= 2  # the build's own process and at least one worker
    everything = render_site(small_atlas)
    for path, source in pages.items():
        assert re.sub(r"\s+", "", blocks.restore(source)) == re.sub(r"\s+", "", everything[path]), path
    blocks.close()
