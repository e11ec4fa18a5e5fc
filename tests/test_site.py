"""End to end: the tests' fixture project (tests/fixture/) built by `python -m generator build` (MkDocs --strict)."""

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import cmd_build
from generator.render.search import Corpus, expand


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_site_has_every_page(built_site):
    for page in ("index.html", "cases/index.html", "cases/omuta/index.html", "cases/saiki/index.html",
                 "cases/taketa/index.html", "districts/index.html",
                 "districts/sample-district/index.html", "taxonomy/index.html", "about/index.html",
                 "resources/m-131016.js", "downloads/all.zip", "assets/vendor/leaflet/leaflet.js"):
        assert (built_site / page).stat().st_size > 0, page
    assert soup(built_site, "index.html").html["lang"] == "ja"


def test_omuta_page_shows_population_with_its_source(built_site):
    page = soup(built_site, "cases/omuta/index.html")
    row = next(tr for tr in page.select("table.atlas-figures tr") if tr.th and tr.th.text.startswith("人口"))
    assert "117,224 人" in row.text
    assert "2017年4月1日現在" in row.text
    ref = row.select_one("sup.atlas-ref a")["href"]
    source = page.select_one(ref)
    assert source is not None, ref
    assert "地域共生社会の実現に向けて" in source.text and "九州厚生局" in source.text


def test_every_fact_on_every_case_page_points_at_a_listed_source(built_site):
    pages = [p for p in sorted((built_site / "cases").glob("*/index.html")) if p.parent.name != "map"]
    assert len(pages) >= 10
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        sources = page.select(".atlas-sources li[id^=src-]")
        assert sources, path
        refs = {a["href"] for a in page.select("sup.atlas-ref a")}
        assert refs, path
        assert refs <= {f"#{li['id']}" for li in sources}, path


def test_catalog_lists_every_case(built_site):
    page = soup(built_site, "cases/index.html")
    links = {a["href"] for a in page.select("#atlas-case-list a.atlas-case-title")}
    assert {"omuta/index.html", "saiki/index.html", "taketa/index.html"} <= links


def test_sample_district_is_labelled_and_lists_all_resources(built_site, fixture_root):
    page = soup(built_site, "districts/sample-district/index.html")
    assert "サンプル（架空のデータ）" in page.select_one(".atlas-demo").text
    assert "サンプル" in page.title.text
    n_yaml = len(re.findall(r"^  - id: ", (fixture_root / "content/districts/sample-district.yaml")
                            .read_text(encoding="utf-8"), re.M))
    assert len(page.select("tr[id^=r-]")) == n_yaml >= 20
    # the map is in the page (no map file of its own), drawn from the page's record
    assert page.select_one("div#atlas-map.atlas-map") is not None and not page.select("iframe")
    assert {s["src"] for s in page.select("script[src]")} >= {"../../assets/vendor/leaflet/leaflet.js",
                                                             "../../assets/atlas-map.js", "../../assets/district.js"}
    listing = soup(built_site, "districts/index.html")
    assert "サンプル（架空のデータ）" in listing.text


def test_no_asset_is_loaded_from_another_host(built_site):
    pattern = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref|img[^>]*\ssrc|iframe[^>]*\ssrc)="((?:https?:)?//[^"]+)"')
    offenders = {}
    for path in built_site.rglob("*.html"):
        found = pattern.findall(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(built_site))] = found
    assert offenders == {}


def test_search_index_covers_cases_districts_and_resources(built_site, fixture_root):
    script = (built_site / "search/atlas-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.ATLAS_SEARCH=") and "</script" not in script.lower()
    index = json.loads(script[len("window.ATLAS_SEARCH="):].rstrip().rstrip(";"))
    c = Corpus([], index["tags"], index["chunk"]["h"])  # a small site: one file, every document
    entries = [expand(r, c) for r in index["chunk"]["r"]]
    kinds = {e["k"] for e in entries}
    assert kinds == {"事例", "地区", "資源"}
    text = " ".join(e["t"] + e["x"] for e in entries)
    assert "よっちはなそう会" in text and "オレンジカフェ" in text
    n_cases = len(list((fixture_root / "cases").glob("*.yaml")))
    assert sum(1 for e in entries if e["k"] == "事例") == n_cases


def test_build_with_invalid_yaml_stops_and_leaves_the_old_site(project, capsys):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")  # an earlier site (cli.site_dir_problem)
    (project / "cases" / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    assert cmd_build(project, site) == 1
    out = capsys.readouterr().out
    assert "cases/broken.yaml:" in out and "yaml-syntax" in out
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "old site"


def test_mkdocs_hook_refuses_invalid_yaml_without_traceback(project):
    import subprocess
    import sys
    shutil.copy(Path(__file__).parent / "data/invalid/case-bad-date.yaml", project / "cases")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir",
                             str(project / "out")], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert "cases/case-bad-date.yaml:23: last_reviewed:" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def _tree_hashes(site: Path) -> dict[str, str]:
    import hashlib
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_checkout_builds_a_byte_identical_site(built_site, tmp_path, fixture_root):
    again = tmp_path / "again"
    assert cmd_build(fixture_root, again) == 0
    first, second = _tree_hashes(built_site), _tree_hashes(again)
    assert len(first) > 100
    assert [k for k in first if first[k] != second.get(k)] == []
    assert set(first) == set(second)


def test_every_report_link_leads_to_a_route_by_default(built_site):
    """With no repository configured, 「誤りを知らせる」 leads to the page's own section: the
    district's maintainer and contact, or the case's source documents; no page about config."""
    page = soup(built_site, "districts/sample-district/index.html")
    rows = page.select("tr.atlas-resource")
    assert rows and all(row.select_one("a.atlas-report-link")["href"] == "#report" for row in rows)
    section = page.select_one("#report").find_next("div")
    assert "サンプル地域包括支援センター（架空）" in section.text
    assert section.select_one("a[href='mailto:sample-houkatsu@example.com']")
    case = soup(built_site, "cases/taketa/index.html")
    assert case.select_one("a.atlas-report-link")["href"] == "#report" and case.select_one("#report")
    assert not list(built_site.glob("report/*")) and "mkdocs.yml" not in (built_site / "index.html").read_text()


def test_a_document_url_is_shown_with_its_source(built_site):
    page = soup(built_site, "checksheets/strategy/index.html")
    assert page.select_one("a[href='https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000192992.html']")


def test_configured_report_form_is_prefilled(project):
    from urllib.parse import parse_qs, urlparse
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace('site_url: ""', 'site_url: ""\nrepo_url: "https://github.com/example/atlas"')
    config = config.replace('site_url: ""', 'site_url: "https://atlas.example.jp/"')
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    import os
    os.environ["ATLAS_PDF"] = "0"
    try:
        assert cmd_build(project, project / "site") == 0
    finally:
        del os.environ["ATLAS_PDF"]
    page = soup(project / "site", "districts/sample-district/index.html")
    link = page.select_one("tr.atlas-resource a.atlas-report-link")["href"]
    assert link.startswith("https://github.com/example/atlas/issues/new?")
    body = parse_qs(urlparse(link).query)["body"][0]
    rid = page.select_one("tr.atlas-resource")["id"].removeprefix("r-")
    assert f"対象: sample-district/{rid}" in body
    assert f"ページ: https://atlas.example.jp/districts/sample-district/#r-{rid}" in body


def test_a_warning_does_not_stop_the_build(project, monkeypatch, capsys):
    case = project / "cases" / "saiki.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("sources:\n", "sources:\n  - id: unused\n    document: kyushu-2019\n    locator: 未使用\n", 1)
    case.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ATLAS_PDF", "0")
    assert cmd_build(project, project / "site") == 0
    assert "[unused-source]" in capsys.readouterr().out


def test_every_page_has_one_title_heading_and_no_placeholder_left(built_site):
    """Page bodies skip Markdown as placeholders (render/htmlblocks.py): none may remain, and
    Material must not add a second title to a page whose own <h1> sits in a placeholder."""
    checked = 0
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "atlas-html:" not in text, path
        if "md-content" in text and path.parent != built_site / "maps":
            article = text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
            assert article.count("<h1") == 1, path
            checked += 1
    assert checked > 30


@pytest.mark.parametrize("target", ["/etc/passwd", "../../README.md"])
def test_a_linked_hand_written_page_stops_the_build(project, capsys, caplog, monkeypatch, target):
    """MkDocs follows symlinks in docs_dir: a link there would publish the file it points at."""
    monkeypatch.setenv("ATLAS_PDF", "0")
    (project / "content/pages/leak.md").symlink_to(target)
    assert cmd_build(project, project / "site") == 1
    out = capsys.readouterr()
    # MkDocs reports through logging; its handler may hold the stream it saw first.
    said = out.out + out.err + caplog.text
    assert "leak.md はシンボリックリンクです" in said and "root:x:0" not in said
    assert not (project / "site").exists()


def test_the_replaced_site_is_deleted_after_the_build_returns(tmp_path):
    """The old site goes in a process of its own (cli._remove_later); so does an old site a
    deletion left behind; nothing else beside it is touched."""
    import time

    from generator.cli import _remove_later
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("new")
    for name in (".site-old-1", ".site-old-2"):
        (tmp_path / name / "site" / "deep").mkdir(parents=True)
        (tmp_path / name / "site" / "deep" / "f.html").write_text("old")
    (tmp_path / ".site-old-file").write_text("not a folder a build made")
    _remove_later(tmp_path / ".site-old-2")
    for _ in range(300):  # wait for the other process (up to 30 s): not a timing assertion
        if not any(tmp_path.glob(".site-old-*/")):
            break
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-old-file", "site"]
    assert (site / "a" / "index.html").read_text() == "new"
