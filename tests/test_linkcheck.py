"""The offline link checker finds what is broken and nothing else."""

from pathlib import Path

import pytest

from generator.publish.linkcheck import check_links


def test_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a>\n<a href="a/#here">ok</a>\n<a href="a/#gone">bad anchor</a>\n'
        '<a href="b/">missing</a>\n<img src="x.png">\n<a href="#top">self</a>\n'
        '<a href="https://example.com/#x">external</a><a href="mailto:a@example.com">m</a>\n'
        '<a href="../outside.html">outside</a>', encoding="utf-8")
    (tmp_path.parent / "outside.html").write_text("", encoding="utf-8")
    problems = check_links(tmp_path)
    assert problems == [
        "index.html:3: a/#gone (ページに #gone がありません)",
        "index.html:4: b/ (ファイルがありません)",
        "index.html:5: x.png (ファイルがありません)",
        "index.html:6: #top (ページに #top がありません)",
        "index.html:8: ../outside.html (ファイルがありません)",
    ]


def test_built_site_has_no_broken_links(built_site):
    assert check_links(built_site) == []


def test_reads_markup_only_not_comments_or_scripts(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!-- <a href="gone1/"> -->\n<script>var s = "<a href=\'gone2/\'>";</script>\n'
        "<a class=\"x\" href='gone3/'>q</a>\n<a href=\"?a=1&amp;b=2#x\" id=\"x\">self</a>\n"
        '<iframe src="map.html"></iframe><script src="s.js"></script>\n'
        '<iframe title="&lt;img src=x&gt; href=y" src="#x"></iframe>', encoding="utf-8")
    assert check_links(tmp_path) == [
        "index.html:3: gone3/ (ファイルがありません)",
        "index.html:5: map.html (ファイルがありません)",
        "index.html:5: s.js (ファイルがありません)",
    ]


def test_forked_workers_find_the_same(tmp_path, monkeypatch):
    from generator.publish import parallel

    for i in range(6):
        (tmp_path / f"p{i}.html").write_text(f'<a href="p{(i + 1) % 6}.html#a{i}">x</a><b id="a{i - 1}"></b>',
                                             encoding="utf-8")
    one = check_links(tmp_path)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    assert check_links(tmp_path) == one and len(one) == 1  # only p5 → p0#a5 is missing (p0 has #a-1)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_path_leaving_the_folder_is_read_from_each_page_s_own_folder(tmp_path, monkeypatch, workers):
    """"../x.html" and "/x.html" are looked up once for the pages of the folders beside each other
    (a/b/, a/c/): the same href from another parent (d/e/), or from the site's root, means something
    else, and is found broken or not for what it means there."""
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", str(workers))
    links = '<a href="../x.html#k">k</a><a href="../x.html">x</a><a href="/a/x.html#k">r</a><a href="../../a/x.html#j">j</a>'
    pages = {"a/x.html": '<p id="k"></p>', "d/x.html": '<p id="j"></p>', "a/b/index.html": links,
             "a/c/index.html": links, "d/e/index.html": links, "index.html": links}
    for path, text in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert check_links(tmp_path) == [
        "a/b/index.html:1: ../../a/x.html#j (ページに #j がありません)",
        "a/c/index.html:1: ../../a/x.html#j (ページに #j がありません)",
        "d/e/index.html:1: ../x.html#k (ページに #k がありません)",
        "d/e/index.html:1: ../../a/x.html#j (ページに #j がありません)",
        "index.html:1: ../x.html#k (ファイルがありません)",
        "index.html:1: ../x.html (ファイルがありません)",
        "index.html:1: ../../a/x.html#j (ファイルがありません)",
    ]


# -- pages of one template (render/themed.py): shared parts once, each page's body each time --

_THEME = ('<!doctype html><html><head><title>ATLAS-TITLE-7F3A</title>\n'
          '<meta name="description" content="ATLAS-DESCRIPTION-7F3A">\n'
          '<link rel="stylesheet" href="../../assets/s.css"></head><body>\n'
          '<nav><a href="../../">home</a> <a href="../../about/">about</a> <a href="#top">top</a></nav>\n'
          '<article id="top">\n<!--atlas-stand-in-body <h1-->\n</article>\n'
          '<a href="../../about/#team">team</a> <a href="../ATLAS-STAND-IN/#top">this page</a>\n'
          '<!-- end of the page --><script src="../../assets/bundle.js"></script></body></html>\n')


def _templated_site(root, bodies: dict[str, str], theme: str = _THEME, handed: bool = False):
    """A site whose districts/<name>/ pages are filled into `theme` as a build does
    (themed.fill_pages); returns the Template the build hands to the link check, with what the
    filler read from the pages (`handed`) or without (the check reads the files: the tests edit
    them after the fill, as a later build would change them)."""
    import dataclasses

    from generator.render.htmlblocks import HtmlBlocks
    from generator.render.themed import HIDE, Skeleton, fill_pages, take_templates

    for path, text in {"index.html": '<a href="districts/d0/">d</a>', "about/index.html": '<p id="team">t</p>',
                       "assets/s.css": "", "assets/bundle.js": ""}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    blocks = HtmlBlocks()
    try:
        take_templates()
        sources = {f"districts/{name}.md": f'---\ntitle: "{name} の地区"\ndescription: "説明"\n{HIDE}---\n\n'
                                           + blocks.stash_page(body) for name, body in bodies.items()}
        fill_pages(Skeleton(theme), sources, blocks, root)
    finally:
        blocks.close()
    (template,) = take_templates()
    assert set(template.readings) == set(template.pages)
    return template if handed else dataclasses.replace(template, readings={})


def _body(i: int, n: int) -> str:
    return (f'<div><h1>地区 {i}</h1><p id="r">資源</p><a href="#r">資源へ</a>'
            f'<a href="../d{(i + 1) % n}/#r">次の地区</a><a href="../../assets/s.css">s</a></div>')


def test_a_broken_body_link_in_one_page_of_many_is_caught(tmp_path, monkeypatch):
    from generator.publish import linkcheck, parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    n = 240
    bodies = {f"d{i}": _body(i, n) for i in range(n)}
    bodies["d137"] = bodies["d137"].replace('href="#r"', 'href="../../gone/"').replace("../d138/#r", "../d138/#nope")
    template = _templated_site(tmp_path, bodies)
    assert len(template.pages) == n
    # every page is read by its template (none falls back to a whole-page read)
    layout = linkcheck._Layout(template)
    assert layout.usable and len(layout.fixed) == 6 and len(layout.windows) == 1  # ../<id>/#top
    assert all(layout.read((tmp_path / p).read_text(encoding="utf-8"), lengths) is not None
               for p, lengths in template.pages.items())
    found = check_links(tmp_path, [template])
    assert found == check_links(tmp_path)  # the same as reading every page whole
    line = 6  # the body's line in the page
    assert found == [f"districts/d137/index.html:{line}: ../../gone/index.html (ファイルがありません)",
                     f"districts/d137/index.html:{line}: ../d138/index.html#nope (ページに #nope がありません)"]


def test_a_broken_link_in_the_shared_parts_is_caught_on_every_page(tmp_path):
    n = 5
    theme = _THEME.replace("../../about/#team", "../../about/#gone").replace("../../assets/s.css", "../../s.css")
    template = _templated_site(tmp_path, {f"d{i}": _body(i, n) for i in range(n)}, theme)
    found = check_links(tmp_path, [template])
    assert found == check_links(tmp_path)
    assert len(found) == 2 * n
    assert "districts/d3/index.html:3: ../../s.css (ファイルがありません)" in found
    assert "districts/d3/index.html:8: ../../about/#gone (ページに #gone がありません)" in found


_HANDED_CASES = {  # body of d1 → what is broken there
    "nothing": lambda body: body,
    "missing file": lambda body: body.replace("../../assets/s.css", "../../assets/t.css"),
    "missing anchor": lambda body: body.replace("../d2/#r", "../d2/#nope"),
    "own anchor": lambda body: body.replace('href="#r"', 'href="#q"'),
    "beyond the root": lambda body: body.replace("../../assets/s.css", "../../../assets/s.css"),
    "other case": lambda body: body.replace("../../assets/s.css", "../../Assets/s.css"),
    "a folder without index.html": lambda body: body.replace("../../assets/s.css", "../../assets/"),
    "twice": lambda body: body.replace('href="#r"', 'href="../../gone/"') + '<a href="../../gone/">x</a>',
    "not the template's shape": lambda body: body + '<a href="../../gone/">x</a><!-- open',
}


@pytest.mark.parametrize("case", _HANDED_CASES)
@pytest.mark.parametrize("cached", [False, True])
def test_the_filler_s_readings_find_what_reading_the_files_finds(tmp_path, monkeypatch, case, cached):
    """A build hands over what the filler read from each page it wrote (linkcheck.reader): the
    check then reads none of those files, and finds exactly what it finds reading them."""
    from generator.publish import linkcheck

    n = 4
    bodies = {f"d{i}": _body(i, n) for i in range(n)}
    bodies["d1"] = _HANDED_CASES[case](bodies["d1"])
    template = _templated_site(tmp_path / "site", bodies, handed=True)
    bare = linkcheck.Template(template.texts, template.body, template.pages)
    cache = tmp_path / "cache" if cached else None
    expected = check_links(tmp_path / "site", [bare])
    assert (expected == []) == (case == "nothing") and expected == check_links(tmp_path / "site")
    read = []
    monkeypatch.setattr(linkcheck, "_read", lambda path: read.append(path) or Path(path).read_bytes())
    assert check_links(tmp_path / "site", [template], cache) == expected
    # no other page of the template is read: d1 only to find where its broken links are, or whole
    # when it is not of the template's shape
    districts = {p.partition("/site/")[2] for p in read if "/districts/" in p}
    assert districts == (set() if case == "nothing" else {"districts/d1/index.html"}), read
    if cached:  # what the filler read is kept, and taken by a later check that reads the files
        assert check_links(tmp_path / "site", [template], cache) == expected
        assert check_links(tmp_path / "site", [bare], cache) == expected


def test_a_later_build_s_handed_readings_are_checked_with_what_was_kept(tmp_path):
    """A build that changed one page (a broken link, then fixed again) hands over that page's new
    reading; the other pages' findings and readings kept by the last check stand."""
    n, site, cache = 4, tmp_path / "site", tmp_path / "cache"
    bodies = {f"d{i}": _body(i, n) for i in range(n)}
    assert check_links(site, [_templated_site(site, bodies, handed=True)], cache) == []
    broken = dict(bodies, d2=bodies["d2"].replace("../d3/#r", "../d3/#nope"))
    for step in (broken, bodies, broken):
        template = _templated_site(site, step, handed=True)
        found = check_links(site, [template], cache)
        wanted = [] if step is bodies else ["districts/d2/index.html:6: ../d3/index.html#nope (ページに #nope がありません)"]
        assert found == check_links(site) == wanted


def test_a_page_linked_from_the_site_before_is_handed_over_by_its_digest_only(tmp_path):
    """The filler reads no links from a page the site before has byte for byte (linked from there,
    previous_site.py): an earlier check has kept its reading; its digest is handed over."""
    from generator.publish import linkcheck

    template = _templated_site(tmp_path, {f"d{i}": _body(i, 3) for i in range(3)}, handed=True)
    read = linkcheck.reader(template.texts, template.body)
    page = "districts/d0/index.html"
    data = (tmp_path / page).read_bytes()
    digest, reading = read(data.decode("utf-8"), template.pages[page], data, False)
    assert reading is None and (digest, template.readings[page][1] is not None) == (linkcheck._digest(data), True)
    assert read(data.decode("utf-8"), template.pages[page], data, True) == template.readings[page]


def test_a_page_that_is_not_its_template_is_read_whole(tmp_path):
    """The template is not taken on trust: a page whose shared parts differ, or whose body
    leaves a comment open (so the shared parts after it read differently), is read whole."""
    n = 4
    bodies = {f"d{i}": _body(i, n) for i in range(n)}
    bodies["d2"] = '<div id="r"><!-- <a href="../../c1/">x</a></div>'  # swallows the shared links up to a later "-->"
    template = _templated_site(tmp_path, bodies)
    page = tmp_path / "districts/d1/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('href="../../about/"', 'href="../../a/"'),
                    encoding="utf-8")
    found = check_links(tmp_path, [template])
    assert found == check_links(tmp_path) == ["districts/d1/index.html:4: ../../a/ (ファイルがありません)"]
    # and a page's own title or description cannot hide a link of the shared parts
    title = tmp_path / "districts/d3/index.html"
    title.write_text(title.read_text(encoding="utf-8").replace("d3 の地区", "d3 <!--"), encoding="utf-8")
    assert check_links(tmp_path, [template]) == check_links(tmp_path)


def test_a_build_checks_its_generated_pages_by_template(fixture_root, tmp_path, monkeypatch):
    """`generator build` hands the link check the template of the district, municipality and
    prefecture pages, and every one of those pages is read by it (none falls back)."""
    from generator import cli
    from generator.publish import linkcheck

    seen = []

    def check(site, templates=(), cache=None):
        seen.append((site, list(templates)))
        return linkcheck.check_links(site, templates, cache)

    monkeypatch.setattr(cli, "check_links", check)
    monkeypatch.setenv("ATLAS_PDF", "0")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.cmd_build(fixture_root, tmp_path / "site") == 0
    ((_, templates),) = seen
    (template,) = templates
    assert template.pages and all(p.startswith("districts/") for p in template.pages)
    layout = linkcheck._Layout(template)
    assert layout.usable and len(layout.fixed) >= 15  # the header, navigation and footer
    site = tmp_path / "site"
    assert all(layout.read((site / p).read_text(encoding="utf-8"), lengths) is not None
               for p, lengths in template.pages.items())
    assert linkcheck.check_links(site, templates) == linkcheck.check_links(site) == []
    # and what it read is kept for the next build (linkcache.py): a check with it reads no page again
    assert len(list((tmp_path / "cache/links").glob("parse-*.bin"))) == 1
    monkeypatch.setattr(linkcheck, "_parse", None)
    monkeypatch.setattr(linkcheck._Layout, "read", None)
    assert linkcheck.check_links(site, templates, tmp_path / "cache") == []


def test_hrefs_are_split_as_urlparse_splits_them(built_site):
    """`_split` reads plain relative hrefs itself (it was a quarter of the check at nation
    size); what it gives is what urlparse gives, for every href of a built site and for odd ones."""
    from urllib.parse import unquote, urldefrag, urlparse

    from generator.publish import linkcheck

    odd = ["", "#", "#a", "a#b#c", "a?b#c", "a?b?c#d?e", "?q", "a?#", "x.html#", "//host/x", "///x", "/abs/x.html#y",
           " a.html", "\ta.html", "a\n.html", "a.html#x\ty", "a\r", "\x00a", "\x1fa#b", "\x7fa", "\u3000a", "a\u00a0b",
           "a;b.html", "a.html#x;y", "a.html?x;y", "http://e/x#y", "HTTP://e", "mailto:a@b", "tel:+81-3", "javascript:x",
           "c:x", "1a:x", "a:b/c", "a.html#x:y", "a%20b.html#%E3%81%82", "%2F/x", "%", "は.html#ア", "./a.html", "../x/"]
    hrefs = set(odd)
    for page in built_site.rglob("*.html"):
        hrefs.update(linkcheck._parse(page.read_text(encoding="utf-8")).hrefs)
    assert len(hrefs) > 200
    for href in hrefs:
        parts = urlparse(href)
        assert linkcheck._split(href) == (parts.scheme, unquote(parts.path), unquote(urldefrag(href).fragment)), href


# -- the fast readings (_blank, _ids, _tag_hrefs) give what the plain regular expressions give --

_SPEC_OPAQUE = r"<!--.*?-->|(<(script|style)\b[^>]*>).*?</\2\s*>"  # the meaning of linkcheck._OPAQUE
_SPEC_ID = r"""[ \t\n](?:id|name)=(?:"([^"]*)"|'([^']*)')"""  # the meaning of linkcheck._ids
# pieces a page could be made of: openings and endings of comments, scripts and styles in any case
# (and the non-ASCII letters re.IGNORECASE alone takes for s and i: not tags, as for a browser), ids after any
# character, quotes, tags; spaces a browser does not take for one (U+3000, U+00A0)
_PIECES = ["<", ">", "-", "!", "<!--", "-->", "--", "<!", "<script>", "</script>", "<SCRIPT a='>'>", "</ScRiPt >",
           "</scrİpt >", "<ſcript>", "</ſcript>", "<scriptx", "<style>", "</style\n>", "<stylex>", " ", "\n", "\t",
           "id=", "name=", "ID=", "xid=", '"', "'", "x", "は", ' id="a"', " name='b c'", "<a href='q'>", "<a",
           " href=", "&amp;", "<img src=", "/", "<a href=\"?a=1&amp;b#x\" id=\"x\">", '<a href="x.html">',
           '<script src="s.js">', '<a  href="y">', '<a HREF="z">', '<img src="">', '<link src="q">', ' src="', '"a"',
           '<A href="u">', '<IMG src="v">', '<area href="w">', '<abbr href="n">', '<a href="x>y">', '<a href="o" >',
           '<a\nhref="p">', '<a src="r">', '<iframe href="t">', '<source src="s">', '<a href="g" download>',
           '<ſcript src="k">', '<lınk href="m">', '<ıframe src="n">', '<a\u3000href="o">', '<img\xa0src="p">']


def _spec_closed_cut(text):
    import re
    opaque = re.compile(_SPEC_OPAQUE, re.DOTALL | re.IGNORECASE | re.ASCII)
    opens = re.compile(r"<!--|<(?:script|style)\b", re.IGNORECASE | re.ASCII)
    out, pos = [], 0
    for m in opaque.finditer(text):
        if opens.search(text, pos, m.start()):
            return None
        out += [text[pos:m.start()], (m.group(1) or "").ljust(len(m.group(0)))]
        pos = m.end()
    return None if opens.search(text, pos) else "".join(out) + text[pos:]


def _texts():
    import random

    pick = random.Random(25)
    yield from ["", "<!---->", "<!--->", "<!-- a -- b -->", "<script></script >", "<script>a</scriptx></script>",
                "<style>x</STYLE>", "<script>x", "<!-- x", ' id="x" id="y"', '\tname="n"', 'xid="a" id="b"',
                ' id="a name=\'b\'"', " id='' name=\"\"", '<p id="a&amp;b">', "<ſcript>x</ſcript>", "<script>x</scrİpt>"]
    for _ in range(4000):
        yield "".join(pick.choice(_PIECES) for _ in range(pick.randint(1, 14)))


def test_tags_are_named_by_ascii_letters_as_a_browser_names_them():
    from generator.publish import linkcheck

    for page in ('<ſcript src="k">', '<lınk href="m" x>', "<ıframe src='n'>", '<a\u3000href="o">', '<ſtyle><a href="q">'):
        assert linkcheck._hrefs(page) == linkcheck._hrefs(linkcheck._cut(page)) == (["q"] if "q" in page else []), page
    assert linkcheck._hrefs('<SCRIPT src="k"><LiNk HREF="m">') == ["k", "m"]


def test_the_fast_readings_find_what_the_plain_expressions_find():
    import html
    import re

    from generator.publish import linkcheck

    opaque, ids = re.compile(_SPEC_OPAQUE, re.DOTALL | re.IGNORECASE | re.ASCII), re.compile(_SPEC_ID)
    attr = linkcheck._ATTR
    for text in _texts():
        cut = opaque.sub(lambda m: (m.group(1) or "").ljust(len(m.group(0))), text)
        assert linkcheck._cut(text) == cut, text
        assert linkcheck._closed_cut(text) == _spec_closed_cut(text), text
        assert [(m.span(), m.groups()) for m in linkcheck._OPAQUE.finditer(text)] == [
            (m.span(), m.groups()) for m in opaque.finditer(text)], text
        for t in (text, cut):
            assert linkcheck._ids(t) == {html.unescape(a or b) for a, b in ids.findall(t) if a or b}, t
            links = []
            for tag in linkcheck._LINK_TAG.finditer(t):
                wanted = linkcheck.LINK_ATTRS[tag.group(1).lower()]
                links += [(html.unescape(a.group(2) or a.group(3) or a.group(4)), *tag.span())
                          for a in attr.finditer(tag.group(2))
                          if a.group(1).lower() == wanted and (a.group(2) or a.group(3) or a.group(4))]
            assert linkcheck._tag_links(t) == links, t
            assert linkcheck._hrefs(t) == [href for href, _, _ in links], t


def test_the_listing_is_what_os_walk_lists(tmp_path):
    """linkcheck._listing (one scandir per folder) names what os.walk names: links to folders are
    folders but not entered, links to files and dangling links are files, nested folders, odd names."""
    import os
    import posixpath

    from generator.publish import linkcheck

    for path in ["index.html", "a/b/c/index.html", "a/ x.html", "は/い.html", "empty/", "d.e/f"]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        if not path.endswith("/"):
            (tmp_path / path).write_text("x", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep/x.html").write_text("x", encoding="utf-8")
    for link, to in [("a/to-b", "b"), ("to-outside", outside), ("to-file", "index.html"), ("dangling", "nowhere"),
                     ("a/b/loop", "..")]:
        os.symlink(to, tmp_path / link)
    files, dirs = set(), {""}
    for folder, subdirs, names in os.walk(tmp_path):
        rel = os.path.relpath(folder, tmp_path).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        dirs.update(posixpath.join(rel, d) for d in subdirs)
        files.update(posixpath.join(rel, n) for n in names)
    assert linkcheck._listing(tmp_path) == (files, dirs)
    assert {"a/to-b", "to-outside", "a/b/loop"} <= dirs and {"to-file", "dangling"} <= files
