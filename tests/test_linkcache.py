"""The link check reuses what it read from a page in an earlier check (linkcache.py) only
where the page's bytes are the same, and finds exactly what a check without it finds."""

import hashlib
import pickle

import pytest
from test_linkcheck import _body, _templated_site

from generator.publish import linkcache, linkcheck
from generator.publish.linkcheck import check_links


@pytest.fixture
def reads(monkeypatch):
    """The pages parsed (whole, or by their template) during a check, in this process."""
    seen = []
    parse, read = linkcheck._parse, linkcheck._Layout.read

    def counted_parse(text):
        seen.append(("whole", text[:40]))
        return parse(text)

    def counted_read(self, text, lengths):
        seen.append(("template", text[:40]))
        return read(self, text, lengths)

    monkeypatch.setattr(linkcheck, "_parse", counted_parse)
    monkeypatch.setattr(linkcheck._Layout, "read", counted_read)
    return seen


def _site(root, n=6, changed=None):
    """districts/d0..d<n-1> from one template (d<changed> with a broken link and #anchor in
    its body), and pages read whole: index.html, about/ (the #team anchor), extra/."""
    bodies = {f"d{i}": _body(i, n) for i in range(n)}
    if changed is not None:
        bodies[f"d{changed}"] = bodies[f"d{changed}"].replace('href="#r"', 'href="../../gone/"').replace(
            f"../d{(changed + 1) % n}/#r", f"../d{(changed + 1) % n}/#nope")
    template = _templated_site(root, bodies)
    (root / "extra").mkdir(exist_ok=True)
    (root / "extra/index.html").write_text('<p id="x">x</p>\n<a href="../about/#team">t</a>\n<a href="#x">x</a>',
                                           encoding="utf-8")
    return template


class _Boom:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def _store(cache):
    (path,) = (cache / "links").glob("parse-*.bin")
    return path


def _checked(cache):
    (path,) = (cache / "links").glob("checked-*.json")
    return path


def _entries(path) -> dict:
    return linkcache._decode(path.read_bytes())


def _with_digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=linkcache._SUM).digest() + body


def test_a_second_check_parses_nothing_and_finds_the_same(tmp_path, reads):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site, changed=2)
    reads.clear()  # what the filler read (the template comes without it)
    first = check_links(site, [template], cache)
    assert first == check_links(site, [template]) and len(first) == 2
    assert len(reads) == 2 * 9  # 6 by the template, 3 whole; twice
    reads.clear()
    assert check_links(site, [template], cache) == first
    assert reads == []


def test_an_edited_page_is_the_only_one_read_again(tmp_path, reads):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    assert check_links(site, [_site(site)], cache) == []
    # a new build of the same site where one district's body gained a broken link and #anchor
    template = _site(site, changed=3)
    extra = '<p id="x">x</p>\n<a href="../about/#gone">t</a>\n<a href="../nowhere/">x</a>'
    (site / "extra/index.html").write_text(extra, encoding="utf-8")
    reads.clear()
    found = check_links(site, [template], cache)
    assert sorted(reads) == [("template", (site / "districts/d3/index.html").read_text(encoding="utf-8")[:40]),
                             ("whole", extra[:40])]
    assert found == check_links(site, [template]) == [
        "districts/d3/index.html:6: ../../gone/index.html (ファイルがありません)",
        "districts/d3/index.html:6: ../d4/index.html#nope (ページに #nope がありません)",
        "extra/index.html:2: ../about/#gone (ページに #gone がありません)",
        "extra/index.html:3: ../nowhere/ (ファイルがありません)",
    ]


def test_a_removed_target_is_found_though_the_linking_page_was_not_read_again(tmp_path, reads):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site)
    assert check_links(site, [template], cache) == []
    (site / "assets/s.css").unlink()  # linked from the shared parts and from every body
    (site / "about/index.html").write_text('<p id="staff">t</p>', encoding="utf-8")  # #team is gone
    reads.clear()
    found = check_links(site, [template], cache)
    assert reads == [("whole", '<p id="staff">t</p>')]  # only the changed target page
    assert found == check_links(site, [template])
    assert "districts/d1/index.html:3: ../../assets/s.css (ファイルがありません)" in found
    assert "districts/d1/index.html:6: ../../assets/s.css (ファイルがありません)" in found
    assert "districts/d1/index.html:8: ../../about/#team (ページに #team がありません)" in found
    assert "extra/index.html:2: ../about/#team (ページに #team がありません)" in found
    assert len(found) == 6 * 3 + 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "one byte changed", "a pickle",
                                    "nonsense with its digest", "cut short with its digest", "wrong entries"])
def test_a_damaged_store_is_ignored_and_replaced(tmp_path, reads, damage):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site, changed=1)
    expected = check_links(site, [template], cache)
    path = _store(cache)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "truncated":
        path.write_bytes(raw[:len(raw) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "one byte changed":  # say, in a stored href: the digest no longer matches
        at = raw.index(b"../../gone/")
        path.write_bytes(raw[:at] + b"," + raw[at + 1:])
    elif damage == "a pickle":  # one that makes a file when unpickled: the store is not a pickle, nothing runs
        path.write_bytes(_with_digest(pickle.dumps(_Boom(tmp_path / "ran"))))
    elif damage == "nonsense with its digest":
        path.write_bytes(_with_digest(b"\x01" * 16 + b"\xff\xff\xff\x7f" * 3 + b"short"))
    elif damage == "cut short with its digest":
        path.write_bytes(_with_digest(raw[linkcache._SUM:-3]))
    else:  # a store of the right layout whose readings are not ones linkcheck.py stores
        bad = [("", "", b"\x01"), ("x", "y", b"\0" * 8 * 3), ()]
        path.write_bytes(linkcache._encode({k: bad[i % len(bad)] for i, k in enumerate(_entries(path))}))
    _checked(cache).unlink()  # (what the check found is kept apart: test_a_check_store_…)
    reads.clear()
    assert check_links(site, [template], cache) == expected
    assert not (tmp_path / "ran").exists()
    assert len(reads) == 9  # every page read again …
    reads.clear()
    assert check_links(site, [template], cache) == expected
    assert reads == []  # … and stored again


def test_entries_of_pages_gone_are_dropped(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    for i in range(4):
        (site / f"p{i}.html").write_text(f'<a href="p{(i + 1) % 4}.html" id="a{i}">x</a>', encoding="utf-8")
    check_links(site, cache=cache)
    assert len(_entries(_store(cache))) == 4
    (site / "p3.html").unlink()
    (site / "p2.html").write_text('<a href="p0.html#a0">x</a>', encoding="utf-8")
    assert check_links(site, cache=cache) == []
    assert len(_entries(_store(cache))) == 3  # p0, p1 and the new p2


def test_forked_workers_share_the_store_and_return_what_they_read(tmp_path, monkeypatch, reads):
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site, changed=4)
    first = check_links(site, [template], cache)
    assert first == check_links(site, [template]) and len(first) == 2
    assert len(_entries(_store(cache))) == 9  # written by the parent from the workers' readings
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10 ** 6)  # in this process: nothing is read again
    reads.clear()
    assert check_links(site, [template], cache) == first
    assert reads == []


@pytest.mark.parametrize("cached", [False, True])
def test_forked_workers_read_each_page_once(tmp_path, monkeypatch, cached):
    """Pages look up #anchors on pages another worker checks (d<i> → d<i+1>#r): still every page
    is read once in all (the workers read first, then check with every reading). A reading takes
    a while here, so that both workers take a share."""
    import os
    import time

    from generator.publish import parallel

    log = tmp_path / "reads"
    parse, read = linkcheck._parse, linkcheck._Layout.read

    def logged(what, fn):
        def run(*args):
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{what} {os.getpid()}\n")
            time.sleep(0.02)
            return fn(*args)
        return run

    monkeypatch.setattr(linkcheck, "_parse", logged("whole", parse))
    monkeypatch.setattr(linkcheck._Layout, "read", logged("template", read))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    site = tmp_path / "site"
    site.mkdir()
    template = _site(site, n=12, changed=5)
    log.unlink()  # what the filler read (the template comes without it)
    found = check_links(site, [template], tmp_path / "cache" if cached else None)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12 + 3 and len({line.split()[1] for line in lines}) == 2  # 12 by the template, 3 whole
    assert found == [f"districts/d5/index.html:6: {href}" for href in (
        "../../gone/index.html (ファイルがありません)", "../d6/index.html#nope (ページに #nope がありません)")]


def test_a_change_to_the_checker_makes_a_new_store(tmp_path, monkeypatch, reads):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site)
    check_links(site, [template], cache)
    old = _store(cache)
    monkeypatch.setattr(linkcache, "code_version", lambda: "0" * 24)
    reads.clear()
    assert check_links(site, [template], cache) == []
    assert len(reads) == 9 and _store(cache).name == f"parse-{'0' * 24}.bin" and not old.exists()


def test_without_the_cache_a_build_writes_none(fixture_root, tmp_path, monkeypatch):
    from generator import cli

    monkeypatch.setenv("ATLAS_PDF", "0")
    monkeypatch.setenv("ATLAS_CACHE", "0")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.cmd_build(fixture_root, tmp_path / "site") == 0
    assert not (tmp_path / "cache").exists()


# -- what each page's check found (linkcache.CheckStore): kept only while nothing it depends on changed --

def _rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


_EDITS = {  # after a first check of _site(changed=2): d2 has ../../gone/ and ../d3/#nope
    "nothing": lambda site: None,
    "a file linked from every page removed": lambda site: (site / "assets/s.css").unlink(),
    "a missing target added": lambda site: ((site / "gone").mkdir(), (site / "gone/index.html").write_text("g")),
    "an id another page links to renamed (same length)":
        lambda site: _rewrite(site / "districts/d4/index.html", '<p id="r">', '<p id="q">'),
    "an id another page wanted added": lambda site: _rewrite(site / "districts/d3/index.html", 'id="r"', 'id="nope"'),
    "an #anchor target page removed": lambda site: (site / "districts/d5/index.html").unlink(),
    "a page read whole edited": lambda site: _rewrite(site / "extra/index.html", "../about/#team", "../about/#teem"),
    "the #anchor a page read whole links to removed": lambda site: _rewrite(site / "about/index.html", "team", "crew"),
    "a page's template edited (same length)":
        lambda site: _rewrite(site / "districts/d1/index.html", 'href="../../about/"', 'href="../../abort/"'),
}


@pytest.mark.parametrize("edit", list(_EDITS))
def test_a_page_is_checked_again_when_anything_its_findings_depend_on_changed(tmp_path, monkeypatch, edit):
    from generator.publish import parallel

    if edit in ("nothing", "an id another page links to renamed (same length)"):
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
        monkeypatch.setenv("ATLAS_WORKERS", "2")  # the findings come back from forked workers
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site, changed=2)
    first = check_links(site, [template], cache)
    assert len(first) == 2
    _EDITS[edit](site)
    splits = []
    split = linkcheck._split
    monkeypatch.setattr(linkcheck, "_split", lambda href: splits.append(href) or split(href))
    found = check_links(site, [template], cache)
    monkeypatch.setattr(linkcheck, "_split", split)
    assert found == check_links(site, [template])  # what a check without the cache finds
    if edit == "nothing":
        assert found == first and splits == []  # not one link looked at again
    else:
        assert found != first
    assert check_links(site, [template], cache) == found  # and kept for the next check


@pytest.mark.parametrize("damage", ["garbage", "a pickle", "not an object", "rows of the wrong types", "a page looked up "
                                    "that is not there", "findings of another tree", "no findings claimed for d2"])
def test_a_damaged_check_store_is_ignored(tmp_path, damage):
    import json

    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    template = _site(site, changed=2)
    expected = check_links(site, [template], cache)
    path = _checked(cache)
    stored = json.loads(path.read_bytes())
    rows = stored["pages"]
    d2 = next(row for row in rows if row[0] == "districts/d2/index.html")
    if damage == "garbage":
        path.write_bytes(b"\x80\x05{not json")
    elif damage == "a pickle":
        path.write_bytes(pickle.dumps(_Boom(tmp_path / "ran")))
    elif damage == "not an object":
        path.write_text(json.dumps(rows))
    elif damage == "rows of the wrong types":
        d2[2] = [1, 2]
        path.write_text(json.dumps(stored))
    elif damage == "a page looked up that is not there":
        d2[3] = [len(rows) + 5]
        path.write_text(json.dumps(stored))
    elif damage == "findings of another tree":
        d2[2] = []
        stored["tree"] = "0" * 32
        path.write_text(json.dumps(stored))
    else:  # under an identity that is not the page's: not taken
        d2[1], d2[2] = "0" * 32, []
        path.write_text(json.dumps(stored))
    assert check_links(site, [template], cache) == expected
    assert not (tmp_path / "ran").exists()
    rows = {row[0]: row for row in json.loads(_checked(cache).read_bytes())["pages"]}
    assert len(rows["districts/d2/index.html"][2]) == 2  # written again as found
