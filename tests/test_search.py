"""Site search: the single-file index of small sites and the sharded one of large sites
(generator/render/search.py, search_shards.py, site_templates/assets/search.js).

Unit tests check the index side of shard selection (a query's pieces are in the shard the
browser computes, and list the document); browser tests search a random resource name
(seeded, printed) on a prefecture-size index over http and on the fixture's index sharded
and opened from file://."""

from __future__ import annotations

import functools
import itertools
import json
import random
import shutil
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

from benchmarks.bench_search import measure, row, serve
from benchmarks.synthetic import write_project
from generator.check.validate import load_atlas
from generator.model.model import Location
from generator.model.places import places
from generator.render.env import script_json
from generator.render.pages import by_municipality
from generator.render.search import Corpus, corpus, municipality_part, search_files
from generator.render.search_shards import (
    _merged,
    corpus_share,
    decode,
    encode,
    gram_hash,
    grams,
    json_size,
    normalise,
    postings,
    runs_of,
    sharded_files,
    utf16,
)


@pytest.fixture(scope="module")
def atlas(fixture_root):
    atlas, problems = load_atlas(fixture_root)
    assert atlas is not None, problems
    return atlas


@pytest.fixture(scope="module")
def prefecture_project(tmp_path_factory, fixture_root):
    dest = tmp_path_factory.mktemp("search") / "prefecture"
    write_project(fixture_root, dest, "prefecture")
    return dest


@pytest.fixture(scope="module")
def prefecture_atlas(prefecture_project):
    dest = prefecture_project
    atlas, problems = load_atlas(dest)
    assert atlas is not None, [p.format() for p in problems[:5]]
    return atlas


def _load(text: str):
    """The data of a search file: `window.ATLAS_SEARCH=…;` or `AtlasSearchLoad("key",…);`."""
    if text.startswith("window.ATLAS_SEARCH="):
        return json.loads(text[len("window.ATLAS_SEARCH="):].rstrip().rstrip(";"))
    assert text.startswith("AtlasSearchLoad(") and text.rstrip().endswith(");")
    return json.loads(text[text.index(",") + 1:].rstrip().rstrip(";")[:-1])


def _query_grams(term: str) -> set[str]:
    """The pieces search.js looks a query up by (terms, gramsOf): of each word between spaces,
    the word itself when one unit long, else its two-unit pieces."""
    out = set()
    for units in utf16(normalise(term)).split():
        out |= {units} if len(units) == 1 else {units[i:i + 2] for i in range(len(units) - 1)}
    return out


def _resource_numbers(c: Corpus) -> list[tuple[str, int]]:
    return [(doc.record[3], n) for n, doc in enumerate(c.docs) if doc.kind == 2]


def _flat(runs: list[tuple[int, int]]) -> list[int]:
    return [n for run in runs for n in run]


def test_lists_round_trip_through_the_varint_encoding():
    rng = random.Random(15)
    for _ in range(200):
        ids, n = [], -1
        for _ in range(rng.randrange(0, 60)):
            n += rng.choice([1, 1, 1, 2, 7, 40, 1000, 70_000])
            ids.append(n)
        assert decode(encode(ids)) == ids
    # a district's run of resources costs a few characters, not one per number
    assert len(encode(list(range(500, 1500)))) <= 6


@pytest.mark.parametrize("ids, spans", [
    ([], []), ([3], []), ([], [(1, 4)]), ([0, 1, 2, 9], []),
    ([2], [(1, 4)]),            # a number inside a span
    ([0], [(1, 4)]),            # touching it before
    ([5], [(1, 4)]),            # touching it after
    ([4, 5, 6], [(1, 4)]),      # a run overlapping its end
    ([7], [(1, 4), (10, 12)]),  # between two spans
    ([5, 6, 7, 8, 9], [(1, 4), (10, 12)]),  # joining two spans into one run
    ([0, 20, 21], [(3, 3), (5, 9)]),
])
def test_a_grams_runs_are_its_numbers_and_its_districts_spans_together(ids, spans):
    numbers = sorted(set(ids).union(*(range(a, b + 1) for a, b in spans)))
    assert _merged(_flat(runs_of(ids)), spans) == _flat(runs_of(numbers))


@pytest.mark.parametrize("value", [
    [], "", 0, None, [2, 13, "id", "名前", [1, 2], "説明 毎週水曜"], {"a": [True, 1.5], "b": "x"},
    "</script><!--", "行\u2028区切り\u2029段落", "𠮷野家", ["\ud800"], [["<", "\u2028"], {"<": "<"}],
])
def test_json_size_is_the_size_of_the_script_json(value):
    """Chunks are cut by json_size of each record: the bytes env.script_json writes."""
    assert json_size(value) == len(script_json(value).encode("utf-8", "surrogatepass"))


def test_merged_runs_match_the_numbers_on_random_lists():
    rng = random.Random(25)
    for _ in range(300):
        ids = sorted(rng.sample(range(200), rng.randrange(0, 40)))
        spans, n = [], rng.randrange(0, 5)
        while n < 200 and rng.random() < 0.8:
            last = n + rng.randrange(0, 6)
            spans.append((n, last))
            n = last + 1 + rng.randrange(0, 8)
        numbers = sorted(set(ids).union(*(range(a, b + 1) for a, b in spans)))
        assert _merged(_flat(runs_of(ids)), spans) == _flat(runs_of(numbers))


def _reference(c: Corpus) -> tuple[dict[str, list[int]], list[list[int]]]:
    """Each gram's runs and each tag's numbers, one document at a time (what the shares must
    add up to)."""
    numbers: dict[str, set[int]] = defaultdict(set)
    for n, doc in enumerate(c.docs):
        for g in grams(doc.own):
            numbers[g].add(n)
        for g in grams(doc.shared) if c.spans.get(n) else ():
            numbers[g].update(range(n + 1, n + 1 + c.spans[n]))
    tags = [[n for n, doc in enumerate(c.docs) if t in doc.tags] for t in range(len(c.tags))]
    return {g: _flat(runs_of(sorted(found))) for g, found in numbers.items()}, tags


@pytest.fixture(scope="module")
def some_districts(atlas):
    """The fixture's district copied as twelve in four municipalities, of different sizes (one
    without resources) and names, with a sharded index."""
    d = atlas.districts[0]
    districts = []
    for k in range(12):
        muni = replace(d.municipality, code=f"13{k % 4:04d}", name=f"区{k % 4}")
        resources = [replace(r, name=f"{r.name}{k}") for r in d.resources[k:k + 3 + 2 * k]] if k != 5 else []
        districts.append(replace(d, id=f"d{k:02d}-{muni.code}", name=f"{d.name}{k}", municipality=muni,
                                 resources=resources, demo=k % 3 == 0))
    return replace(atlas, districts=sorted(districts, key=lambda d: d.municipality.code),
                   settings={**atlas.settings, "search_one_file_up_to_kb": 0})


@pytest.mark.parametrize("cut", ["none", "each district", "random", "cases and the rest"])
def test_postings_put_together_from_shares_are_each_grams_numbers(cut, some_districts):
    """A share numbers its documents from 0; put together, moved to where they begin, the shares
    give each gram's runs (joined where one crosses into the next share) and each tag's numbers."""
    c = corpus(some_districts)
    starts, end = c.starts, len(c.docs)
    cases = len(some_districts.cases)
    bounds = {"none": [0], "each district": [0, cases, *starts], "cases and the rest": [0, cases],
              "random": [0, *random.Random(25).sample(starts, 5)]}[cut]
    bounds = sorted(set(bounds))
    shares = [(first, corpus_share(c, first, last)) for first, last in zip(bounds, [*bounds[1:], end], strict=True)]
    random.Random(7).shuffle(shares)  # in any order
    assert postings(c, shares) == _reference(c)


def _municipality_parts(atlas):
    return [municipality_part(districts) for _, districts in by_municipality(atlas)]


def _interleaved(atlas):
    """The districts in an order where every municipality's are apart."""
    place = {}
    for _, districts in by_municipality(atlas):
        place.update({d.id: (k, d.municipality.code) for k, d in enumerate(districts)})
    mixed = sorted(atlas.districts, key=lambda d: place[d.id])
    assert all(a.municipality != b.municipality for a, b in itertools.pairwise(mixed))
    return replace(atlas, districts=mixed)


def _stale(atlas):
    """A municipality's share made before its last resource was added (as from an entry that does
    not belong with the documents): it does not fit, and is made again."""
    parts = _municipality_parts(atlas)
    (_, districts), *_ = by_municipality(atlas)
    last = districts[-1]
    _, older = municipality_part([*districts[:-1], replace(last, resources=last.resources[:-1])])
    assert older.size != parts[0][1].size
    return atlas, [(parts[0][0], older), *parts[1:]]


PART_CASES = {  # how the atlas and its municipalities' parts stand to each other
    "each municipality's districts together": lambda atlas: (atlas, _municipality_parts(atlas)),
    "municipalities interleaved": lambda atlas: (lambda a: (a, _municipality_parts(a)))(_interleaved(atlas)),
    "a municipality's part missing": lambda atlas: (atlas, _municipality_parts(atlas)[1:]),
    "a share that does not fit": _stale,
}


@pytest.mark.parametrize("case", PART_CASES)
def test_the_index_from_municipality_parts_is_the_index_from_the_atlas(case, some_districts):
    atlas, parts = PART_CASES[case](some_districts)
    assert search_files(atlas, parts) == search_files(atlas)


def test_a_small_site_has_one_file_and_a_large_one_shards(atlas):
    single = search_files(atlas)
    assert list(single) == ["search/atlas-index.js"] and "chunk" in _load(single["search/atlas-index.js"])
    sharded = search_files(replace(atlas, settings={**atlas.settings, "search_one_file_up_to_kb": 0}))
    assert "search/c/0.js" in sharded and "search/g/0.js" in sharded
    meta = _load(sharded["search/atlas-index.js"])
    assert "chunk" not in meta and meta["n"] == len(corpus(atlas).docs)
    assert len(meta["c"]) == len(meta["cs"]) == sum(1 for p in sharded if p.startswith("search/c/"))
    assert len(meta["ss"]) == meta["s"] == sum(1 for p in sharded if p.startswith("search/g/"))
    for i, size in enumerate(meta["cs"]):
        assert size == len(sharded[f"search/c/{i}.js"].encode("utf-8"))


@pytest.mark.parametrize("size", ["fixture", "prefecture"])
def test_every_resource_name_and_its_middle_are_listed_in_the_shard_the_browser_loads(
        size, atlas, prefecture_atlas):
    source = atlas if size == "fixture" else prefecture_atlas
    c = corpus(source)
    files = sharded_files(c, chunk_bytes=2048, shard_bytes=512) if size == "fixture" else sharded_files(c)
    meta = _load(files["search/atlas-index.js"])
    assert meta["s"] >= 2  # several shards, so choosing the right one matters
    shards = [_load(files[f"search/g/{i}.js"]) for i in range(meta["s"])]
    # each piece's shards, decoded lists and each chunk read once (the same pieces recur in
    # thousands of names: decoding them again for each was 40 s of the prefecture's run)
    holders: dict[str, list[int]] = {}
    for i, shard in enumerate(shards):
        for g in shard:
            holders.setdefault(g, []).append(i)
    listed = functools.cache(lambda i, g: frozenset(decode(shards[i][g])))
    chunk = functools.cache(lambda i: _load(files[f"search/c/{i}.js"]))
    numbers = _resource_numbers(c)
    assert len(numbers) == sum(len(places(d.resources)) for d in source.districts)  # one a place
    for name, n in numbers:
        middle = name[1:-1] if len(name) >= 4 else name
        for term in (name, middle):
            kept = 0
            for g in _query_grams(term):
                holding = holders.get(g, [])
                assert holding == [gram_hash(g) % meta["s"]], (name, g)
                entry = shards[holding[0]][g]
                if isinstance(entry, str):
                    assert n in listed(holding[0], g), (name, g)
                    kept += 1
            assert kept, (name, term)  # at least one piece narrows the search
        # and the chunk the browser picks for the number holds the record
        chunk_no = max(i for i, first in enumerate(meta["c"]) if first <= n)
        data = chunk(chunk_no)
        assert data["r"][n - data["f"]][3] == name


def test_a_hidden_place_has_no_address_and_an_approximate_one_only_its_town_in_any_file(atlas):
    d = atlas.districts[0]
    home = replace(d.resources[0], name="自宅サロンの試験", address="東京都千代田区千代田1-1 山田様方",
                   location=Location(35.69137, 139.74917, "hidden"))
    park = replace(d.resources[1], name="公園体操の試験", address="東京都千代田区丸の内三丁目4-5",
                   location=Location(35.68247, 139.76391, "approximate"))
    private = replace(atlas, districts=[replace(d, resources=[home, park, *d.resources[2:]]),
                                        *atlas.districts[1:]])
    for limit in (10_000, 0):  # one file, and sharded
        files = search_files(replace(private, settings={**private.settings, "search_one_file_up_to_kb": limit}))
        text = "".join(files.values())
        assert "自宅サロンの試験" in text and "公園体操の試験" in text
        assert "山田" not in text and "千代田1-1" not in text
        assert "丸の内三丁目" in text and "丸の内三丁目4" not in text
        gram_text = "".join(v for k, v in files.items() if "/g/" in k)
        assert "山田" not in gram_text and "様方" not in gram_text


@pytest.mark.parametrize("first, second", [
    ("ｶ", "ﾞ"),                     # a half-width voiced mark after the space: it joins nothing
    ("ΑΣ", "Σα"), ("Σ", "ΑΣ"),       # a final sigma depends on what follows
    ("a\u0301", "\u0301b"), ("カ", "\u3099"),  # combining marks on either side
    ("毎週\u3000水曜", "\u00a0午前"), ("a\x1cb", "c\u1680d"),  # white space of every kind
    ("𠮷", "野家"), ("合成データ札幌市0-0", "合成データ"), ("", "あ"), ("ｱｲｳ", ""),
])
def test_a_documents_pieces_are_those_of_its_parts_joined_by_a_space(first, second):
    """search_shards.share finds the pieces of a resource's name and of its text apart (the
    text once for every resource that has it): the same as of the two joined (search._join)."""
    assert grams(" ".join(p for p in (first, second) if p)) == grams(first) | grams(second)


def test_characters_beyond_the_basic_plane_are_cut_as_javascript_cuts_them():
    assert utf16("𠮷野家") == "\ud842\udfb7野家"
    assert "\ud842\udfb7" in grams("𠮷野家") and "\udfb7野" in grams("𠮷野家")


# ---- in the browser ----

@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.route(lambda url: not url.startswith(("http://127.0.0.1", "file:")), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def _search_site(built_site: Path, dest: Path, files: dict[str, str]) -> Path:
    """The built search page and script with these index files."""
    (dest / "search").mkdir(parents=True)
    (dest / "assets").mkdir()
    shutil.copy(built_site / "search/index.html", dest / "search/index.html")
    for script in ("search.js", "atlas-url.js", "atlas-text.js", "nearby.js"):  # the page's scripts
        shutil.copy(built_site / "assets" / script, dest / "assets" / script)
    shutil.copy(built_site / "search/near-names.js", dest / "search/near-names.js")  # place names (nearby.py)
    shutil.copytree(built_site / "search/near", dest / "search/near")
    for path, text in files.items():
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text, encoding="utf-8", errors="surrogatepass")
    return dest


def _search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.wait_for_function("q => document.getElementById('atlas-search-form').getAttribute('data-searched') === q",
                           arg=query, timeout=60_000)
    return page.locator("#atlas-search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


@pytest.mark.browser
def test_a_random_resource_is_found_by_name_and_by_its_middle_on_a_prefecture_size_index(
        page, built_site, prefecture_atlas, tmp_path, capsys):
    site = _search_site(built_site, tmp_path / "site", search_files(prefecture_atlas))
    assert (site / "search/c/0.js").exists()  # prefecture size is sharded
    rng = random.Random(15)
    picks = rng.sample([(d, r) for d in prefecture_atlas.districts for r in d.resources], 3)
    with capsys.disabled():
        print("\nsearching (seed 15): " + "、".join(f"「{r.name}」" for _, r in picks))
    with serve(site) as base:
        for d, r in picks:
            link = f"../districts/{d.id}/#r-{r.id}"
            found = _search(page, f"{base}/search/?q={quote(r.name)}", r.name)
            assert found[0] == link, (r.name, found[:5])
            middle = r.name[2:-1]
            assert link in _search(page, f"{base}/search/?q={quote(middle)}", middle), middle
    assert page.errors == []


@pytest.mark.browser
def test_the_sharded_index_works_from_file(page, built_site, atlas, tmp_path):
    c = corpus(atlas)
    site = _search_site(built_site, tmp_path / "site", sharded_files(c, chunk_bytes=2048, shard_bytes=512))
    d = next(d for d in atlas.districts if len(d.resources) > 3)
    r = random.Random(15).choice(d.resources)
    found = _search(page, (site / "search/index.html").as_uri() + "?q=" + quote(r.name), r.name)
    assert f"../districts/{d.id}/index.html#r-{r.id}" in found, (r.name, found[:5])
    assert page.errors == []


@pytest.mark.browser
def test_the_search_benchmark_counts_findable_names_and_bytes(browser, built_site, prefecture_atlas,
                                                              prefecture_project, tmp_path, capsys):
    site = _search_site(built_site, tmp_path / "site", search_files(prefecture_atlas))
    m = measure(site, prefecture_project, n=3, log=lambda *_: None, browser=browser)
    with capsys.disabled():
        print("\nprefecture size, 3 queries: " + row(m))
    assert m["resources"] == m["in_index"] == 4680
    assert m["queries"] == 3 and m["found"] == 3
    assert 0 < m["kb_median"] <= m["kb_max"]


@pytest.mark.browser
def test_a_name_whose_rare_piece_is_in_every_district_loads_only_its_districts_chunks(
        browser, built_site, atlas, tmp_path):
    """「…体操の会50」: 「50」 lists one resource in every district, so in every chunk; the
    town's name lists one district's run. The query keeps narrowing by the name's pieces while
    checking what is left would load more than the next pieces' shards, so it reads the
    chunks of one district, not one per district (which overran the query's budget and lost
    the name on the national 通いの場 site)."""
    d = atlas.districts[0]
    r = d.resources[0]
    towns = [a + b + "町" for a in "東西南北上下大小" for b in "山川田野原島"]
    districts = [
        replace(d, id=f"d{i}", name=f"{town}の通いの場", municipality=replace(d.municipality, name=town),
                description="", resources=[
                    replace(r, id=f"r{i}-{k}", name=f"合成データ{town}いきいき体操の会{k}", description="",
                            schedule=None, address="")
                    for k in range(1, 61)])
        for i, town in enumerate(towns)]
    c = corpus(replace(atlas, districts=districts))
    files = sharded_files(c)
    meta = _load(files["search/atlas-index.js"])
    rare = _load(files[f"search/g/{gram_hash('50') % meta['s']}.js"])["50"]
    spread = {max(i for i, first in enumerate(meta["c"]) if first <= n) for n in decode(rare)}
    assert len(spread) >= 8  # checking every 「50」 would read most chunks
    site = _search_site(built_site, tmp_path / "site", files)
    context = browser.new_context()
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    name = "合成データ北田町いきいき体操の会50"
    try:
        with serve(site) as base:
            found = _search(page, f"{base}/search/?q={quote(name)}", name)
    finally:
        context.close()
    i = towns.index("北田町")
    assert found[0] == f"../districts/d{i}/#r-r{i}-50", found[:5]
    chunks = {u for u in requested if "/search/c/" in u}
    assert 1 <= len(chunks) <= 2, sorted(chunks)
