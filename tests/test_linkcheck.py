"""The offline link checker finds what is broken and nothing else."""

from generator.linkcheck import check_links


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
    from generator import parallel

    for i in range(6):
        (tmp_path / f"p{i}.html").write_text(f'<a href="p{(i + 1) % 6}.html#a{i}">x</a><b id="a{i - 1}"></b>',
                                             encoding="utf-8")
    one = check_links(tmp_path)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    assert check_links(tmp_path) == one and len(one) == 1  # only p5 → p0#a5 is missing (p0 has #a-1)
