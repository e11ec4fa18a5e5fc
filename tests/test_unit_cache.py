"""Districts and municipalities rendered by an earlier build are reused only for the same
inputs (render/unit_cache.py): a build from the cache writes exactly what a build without
it writes, after any change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.check.validate import forget_files, load_atlas
from generator.publish.cache_dir import CacheDir
from generator.publish.cache_pack import Packs
from generator.render import site as site_module
from generator.render.site import write_site
from generator.render.unit_cache import UnitCache

_RENDERED = site_module._rendered
_AROUND_SEARCH = site_module._around_search
_SEARCH_FILES = site_module.search_files
_SITE_PART = site_module.site_part
_CONTEXT_FILES = site_module.context_files


def _count(cache: Path, kind: str) -> int:
    """How many entries of `kind` the cache folder holds (in its packs: publish/cache_pack.py)."""
    return sum(name.endswith(f".{kind}") for name in UnitCache(cache, b"").entries())


def _replace(cache: Path, kind: str, data: bytes) -> None:
    """Every entry of `kind` written again (sealed: the newer one is what is read) as `data`."""
    packs = Packs(CacheDir(cache))
    for name in packs.names():
        if name.endswith(f".{kind}"):
            assert packs.write(name, data)
    packs.close()


def _break_seals(cache: Path, *kinds: str) -> None:
    """The last byte of every entry of `kinds` changed in its pack (so its seal no longer holds)."""
    packs = Packs(CacheDir(cache))
    for name in packs.names():
        if name.endswith(tuple(f".{kind}" for kind in kinds)):
            pack, offset, total, _ = packs.index[name]
            with open(cache / pack, "r+b") as f:
                f.seek(offset + total - 1)
                last = f.read(1)
                f.seek(offset + total - 1)
                f.write(bytes([last[0] ^ 1]))
    packs.close()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_districts(project):
    """The test project with a second district in the same municipality."""
    _copy_sample(project, "second", "サンプル第二地区（架空）")
    return project


def _copy_sample(project: Path, ident: str, name: str, *more: tuple[str, str]) -> None:
    """A copy of the sample district as `<ident>-district` named `name` (ids prefixed
    `<ident>-`), with the `more` replacements made too."""
    districts = project / "content" / "districts"
    text = (districts / "sample-district.yaml").read_text(encoding="utf-8")
    for old, new in (("id: sample-district", f"id: {ident}-district"), ("name: サンプル地区（架空）", f"name: {name}"),
                     *more):
        text = text.replace(old, new)
    (districts / f"{ident}-district.yaml").write_text(text.replace("id: sample-", f"id: {ident}-"), encoding="utf-8")


def _write(project: Path, out: Path, cache: Path | None, monkeypatch,
           links: bool = False) -> tuple[dict, dict, list[tuple]]:
    """(pages, files written, units rendered rather than taken from the cache; "site" among
    them when the site's own files and national download were made again, "search" when its
    search index was, ("sw", code) for each municipality whose share of them was made again, "ctx"
    when those made from the context alone were)."""
    forget_files()
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    rendered = []
    def counting(atlas, unit, *rest):
        rendered.append((unit[0], unit[1].id if unit[0] == "d" else unit[1].code))
        return _RENDERED(atlas, unit, *rest)

    def site_counting(atlas, *rest):
        rendered.append("site")
        return _AROUND_SEARCH(atlas, *rest)

    def search_counting(atlas, *rest):
        rendered.append("search")
        return _SEARCH_FILES(atlas, *rest)

    def context_counting(atlas):
        rendered.append("ctx")
        return _CONTEXT_FILES(atlas)

    def part_counting(atlas, muni, districts, tables=None):
        rendered.append(("sw", muni.code))
        return _SITE_PART(atlas, muni, districts, tables)

    monkeypatch.setattr(site_module, "search_files", search_counting)
    monkeypatch.setattr(site_module, "_rendered", counting)
    monkeypatch.setattr(site_module, "_around_search", site_counting)
    monkeypatch.setattr(site_module, "site_part", part_counting)
    monkeypatch.setattr(site_module, "context_files", context_counting)
    pages, _ = write_site(atlas, out, cache_dir=cache, links=links)
    return pages, _tree(out), rendered


def _same_as_without_cache(project, tmp_path, cache, monkeypatch, name, links=False):
    with_cache = _write(project, tmp_path / f"{name}-cached", cache, monkeypatch, links)
    without = _write(project, tmp_path / f"{name}-fresh", None, monkeypatch, links)
    assert with_cache[0] == without[0]  # page sources
    assert with_cache[1] == without[1]  # every other file, byte for byte (all.zip among them)
    return with_cache[2]


def test_only_what_changed_is_rendered_again_and_the_site_is_the_same(two_districts, tmp_path, monkeypatch):
    project, cache = two_districts, tmp_path / "cache"
    first = _same_as_without_cache(project, tmp_path, cache, monkeypatch, "first")
    assert sorted(first, key=str) == [("d", "sample-district"), ("d", "second-district"), ("m", "131016"),
                                         ("sw", "131016"), "ctx", "search", "site"]
    assert _count(cache, "pickle") == 3
    assert _count(cache, "parts") == 1 and _count(cache, "site") == 1
    assert _count(cache, "sw") == 1 and _count(cache, "ctx") == 1

    # nothing changed: nothing rendered, not even the site's own files, search index and national download
    assert _same_as_without_cache(project, tmp_path, cache, monkeypatch, "again") == []

    # one district changed: it and its municipality, not the other district; the site's files
    path = project / "content" / "districts" / "sample-district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("サンプル囲碁教室", "サンプル将棋教室"), encoding="utf-8")
    assert set(_same_as_without_cache(project, tmp_path, cache, monkeypatch, "one")) == \
        {("d", "sample-district"), ("m", "131016"), ("sw", "131016"), "site", "search"}
    # the entries of the old file are gone
    assert _count(cache, "pickle") == 3
    assert _count(cache, "parts") == 1 and _count(cache, "site") == 1


_OTHER_MUNICIPALITY = (('code: "131016"', 'code: "131024"'), ("name: 千代田区", "name: 中央区"))


@pytest.fixture
def two_municipalities(two_districts):
    """The two districts' project with a third district in another municipality (中央区), and a
    search index in several files (its postings are put together from each municipality's
    share: search_shards.postings)."""
    _copy_sample(two_districts, "third", "サンプル第三地区（架空）", *_OTHER_MUNICIPALITY)
    settings = two_districts / "content" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "search_one_file_up_to_kb: 0\n", encoding="utf-8")
    return two_districts


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _move_first_resource(project: Path) -> None:
    districts = project / "content" / "districts"
    moved = []
    _edit_yaml(districts / "sample-district.yaml", lambda d: moved.append(d["resources"].pop(0)))
    _edit_yaml(districts / "third-district.yaml", lambda d: d["resources"].append(moved[0]))


def _hide_first_place(data: dict) -> None:
    data["resources"][0]["location"]["precision"] = "hidden"
    data["resources"][0].pop("address", None)  # a hidden place publishes no address (validate says so)


EDITS = {  # edit → the municipalities whose share of the site's files is made again
    "description": (lambda p: _edit_yaml(p / "content/districts/sample-district.yaml",
                                         lambda d: d.update(description="説明を書き直しました。")), {"131016"}),
    "resource name": (lambda p: _edit_yaml(p / "content/districts/third-district.yaml",
                                           lambda d: d["resources"][1].update(name="サンプル将棋教室")), {"131024"}),
    "moved to another municipality": (_move_first_resource, {"131016", "131024"}),
    "hidden place": (lambda p: _edit_yaml(p / "content/districts/sample-district.yaml", _hide_first_place),
                     {"131016"}),
    # the number of districts is in every unit's key (unit_cache.context_digest): all again
    "district deleted": (lambda p: (p / "content/districts/second-district.yaml").unlink(), {"131016", "131024"}),
    "new district": (lambda p: (p / "content/districts/fourth-district.yaml").write_text(
        (p / "content/districts/third-district.yaml").read_text(encoding="utf-8")
        .replace("id: third-district", "id: fourth-district").replace("第三地区", "第四地区"), encoding="utf-8"),
        {"131016", "131024"}),
    # 中央区's between 千代田区's two in id order: 千代田区's documents are no longer one run of numbers
    "district between another's": (lambda p: _copy_sample(p, "sampler", "サンプル間の地区（架空）", *_OTHER_MUNICIPALITY),
                                   {"131016", "131024"}),
}


@pytest.mark.parametrize("edit", EDITS)
def test_the_sites_files_put_together_from_kept_shares_are_those_of_a_build_without_a_cache(
        edit, two_municipalities, tmp_path, monkeypatch):
    """After an edit, the site's own files (search index, near-me index, national map) are
    made from each municipality's kept share, only the changed ones' made again: byte for
    byte what a build without a cache writes."""
    project, cache = two_municipalities, tmp_path / "cache"
    _write(project, tmp_path / "first", cache, monkeypatch)
    change, remade = EDITS[edit]
    change(project)
    rendered = _same_as_without_cache(project, tmp_path, cache, monkeypatch, "edited")
    assert {code for kind, code in (r for r in rendered if isinstance(r, tuple)) if kind == "sw"} == remade
    assert {"site", "search"} <= set(rendered)
    assert (tmp_path / "edited-cached" / "search" / "g" / "0.js").is_file()  # the sharded index
    # what no district changes is kept, unless the number of districts changed (it is in the context)
    assert ("ctx" in rendered) == (edit in ("district deleted", "new district", "district between another's"))
    assert _count(cache, "sw") == 2  # one a municipality: the old shares are gone
    assert _count(cache, "ctx") == 1


@pytest.mark.parametrize("change", ["vocabulary", "settings", "district-count", "date"])
def test_a_change_elsewhere_renders_every_unit_again(change, two_districts, tmp_path, monkeypatch):
    project, cache = two_districts, tmp_path / "cache"
    _same_as_without_cache(project, tmp_path, cache, monkeypatch, "first")
    if change == "vocabulary":
        path = project / "content" / "vocabularies" / "categories.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("高齢者サロン系", "サロン系"), encoding="utf-8")
    elif change == "settings":
        path = project / "content" / "settings.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("stale_after_months: 12", "stale_after_months: 3"), encoding="utf-8")
    elif change == "district-count":  # district pages link per-district PDFs only on small sites
        path = project / "content" / "districts" / "second-district.yaml"
        path.rename(path.with_name("zz.yaml.txt"))
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    rendered = _same_as_without_cache(project, tmp_path, cache, monkeypatch, "changed")
    expected = {("d", "sample-district"), ("m", "131016"), ("sw", "131016"), "ctx", "site", "search"} | \
        (set() if change == "district-count" else {("d", "second-district")})
    assert set(rendered) == expected


# (file, text in it, its replacement): edits of what only the site's own files are made from
# (unit_cache.SITE_ONLY): the case pages, the gap links every district page loads
# (worksheets/gap-links.js), the worksheet, check-sheet and data pages
SITE_ONLY_EDITS = [
    ("cases/omuta.yaml", "title: 大牟田市（福岡県）：", "title: 大牟田市（福岡県）：改題："),
    ("content/gap_links.yaml", "label: 協議体で話し合う", "label: 協議体で話し合う（改）"),
    ("content/checksheets/strategy.yaml", "title: 1 「向く」人材の配置", "title: 1 「向く」人材を配置する"),
    ("content/worksheets/example.yaml", "（記入例）", "（記入例・改）"),
    ("content/documents.yaml", "title: これからの地域づくり戦略", "title: これからの地域づくり戦略（改）"),
]


def test_a_change_of_what_only_the_site_files_read_renders_no_unit_again(two_districts, tmp_path, monkeypatch):
    """A case, the gap links, a sheet or a document edited (one after another): the site's own
    files are made again (from the cache, the same site as a build without it), and no district
    or municipality."""
    project, cache = two_districts, tmp_path / "cache"
    _same_as_without_cache(project, tmp_path, cache, monkeypatch, "first")
    for rel, old, new in SITE_ONLY_EDITS:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, rel
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        # the editor's files ("ctx") list the documents: they are made again with the other site files
        assert sorted(_same_as_without_cache(project, tmp_path, cache, monkeypatch, rel.replace("/", "-"))) == \
            ["ctx", "search", "site"], rel


class _Untouchable:
    """Stands for an Atlas field that must not be read: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"a unit read the Atlas field it must not depend on ({name})")

    def _refuse(self, *_):
        raise AssertionError("a unit read an Atlas field it must not depend on")

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = __eq__ = __hash__ = _refuse


def test_no_unit_reads_what_the_context_leaves_out(two_districts, monkeypatch):
    """Every district and municipality renders with the SITE_ONLY fields of the Atlas made
    unreadable, to exactly its files: so its key rightly leaves them out."""
    from dataclasses import replace

    from generator.render.unit_cache import SITE_ONLY

    forget_files()
    atlas, _ = load_atlas(two_districts)
    blind = replace(atlas, **{name: _Untouchable() for name in SITE_ONLY})
    units = site_module.units(atlas)
    assert {u[0] for u in units} == {"d", "m"} and all(getattr(atlas, name) for name in SITE_ONLY)
    for unit, same in zip(units, site_module.units(blind), strict=True):
        assert _RENDERED(blind, same) == _RENDERED(atlas, unit), unit[:2]


def test_without_a_cache_folder_nothing_is_kept(two_districts, tmp_path, monkeypatch):
    assert len(_write(two_districts, tmp_path / "a", None, monkeypatch)[2]) == 7
    assert len(_write(two_districts, tmp_path / "b", None, monkeypatch)[2]) == 7


def test_an_unreadable_entry_is_rendered_again(two_districts, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _write(two_districts, tmp_path / "a", cache, monkeypatch)
    _replace(cache, "pickle", b"not a pickle")  # sealed here, but not loadable (code changed since)
    # the site's files are still good: taken; the units are rendered again
    assert len(_same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "b")) == 3


@pytest.mark.parametrize("damage", [b"not a pickle", b"\x80\x05\x95", b""])
def test_an_unreadable_site_entry_is_made_again(damage, two_districts, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _write(two_districts, tmp_path / "a", cache, monkeypatch)
    assert _count(cache, "site") == 1
    _replace(cache, "site", damage)
    assert _same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "b") == ["site", "search"]
    assert _same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "c") == []  # kept again


def test_a_lost_national_part_is_made_again_and_kept(two_districts, tmp_path, monkeypatch):
    """The national download is made again from every municipality's part, read from the
    cache: one that cannot be read is made again (by the build's own process; the unit's files
    are kept as they are) and kept."""
    cache = tmp_path / "cache"
    _write(two_districts, tmp_path / "a", cache, monkeypatch)
    _break_seals(cache, "site", "parts")
    assert sorted(_same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "b"), key=str) == \
        ["search", "site"]
    assert _count(cache, "parts") == 1  # kept again


def test_linked_pages_are_kept_apart_and_are_the_pages_with_their_links_written(two_districts, tmp_path,
                                                                                 monkeypatch):
    """A build asks for page bodies with folder links written to index.html (site.linked):
    the same as writing them afterwards, and never taken from entries made without."""
    from generator.render.offline import file_links

    cache = tmp_path / "cache"
    plain = _write(two_districts, tmp_path / "plain", cache, monkeypatch)
    linked = _write(two_districts, tmp_path / "linked", cache, monkeypatch, links=True)
    assert len(linked[2]) == 7  # nothing of the plain build's entries was taken
    assert linked[1] == plain[1]  # the other files are the same
    assert linked[0] == {path: file_links(source) for path, source in plain[0].items()}
    assert any('index.html"' in s and 'index.html"' not in plain[0][p] for p, s in linked[0].items())
    assert _same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "again", links=True) == []


def test_entries_written_by_forked_workers_are_read_by_the_parent_and_the_next_build(two_districts, tmp_path,
                                                                                    monkeypatch):
    """With forked workers each writes a pack of its own (publish/cache_pack.py): the build's own
    process reads the national download's parts from them (it makes none again), and the next
    build takes every unit from them; the site is byte for byte that of a build without a cache."""
    import os

    from generator.publish import parallel

    cache = tmp_path / "cache"
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    forked = _write(two_districts, tmp_path / "forked", cache, monkeypatch)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**6)
    fresh = _write(two_districts, tmp_path / "fresh", None, monkeypatch)
    assert forked[:2] == fresh[:2]
    packs = Packs(CacheDir(cache))
    packs.scan()
    by_pack = {}
    for name, (pack, *_) in packs.index.items():
        by_pack.setdefault(pack.split("-")[0], []).append(name.rsplit(".", 1)[1])
    packs.close()
    assert len(by_pack) >= 2 and "parts" not in by_pack[str(os.getpid())]  # workers' packs, and the parent's
    assert sorted(k for kinds in by_pack.values() for k in kinds) == ["ctx", "parts", "pickle", "pickle", "pickle",
                                                                     "site", "sw"]
    assert _same_as_without_cache(two_districts, tmp_path, cache, monkeypatch, "again") == []
