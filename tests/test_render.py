"""Stage 4 without MkDocs: page sources, escaping, URLs, maps, reproducibility.

Golden files: tests/golden/<path>. After an intended change, regenerate them with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py
and review the diff.
"""

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE

from generator.check.validate import load_atlas
from generator.model.schedule import schedule_ja
from generator.render.env import date_ja, safe_url
from generator.render.maps import js_string
from generator.render.pages import all_pages, case_page, related_cases
from generator.render.site import render_site

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'`${alert(3)}'


@pytest.fixture(scope="module")
def atlas():
    atlas, problems = load_atlas(FIXTURE)
    assert atlas is not None, problems
    return atlas


@pytest.mark.parametrize("page", ["cases/omuta.md", "districts/sample-district.md", "taxonomy.md"])
def test_golden_pages(atlas, page):
    text = all_pages(atlas)[page]
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("url,expected", [
    ("https://example.com/a?b=1", "https://example.com/a?b=1"),
    ("http://example.com", "http://example.com"),
    ("mailto:info@example.com", "mailto:info@example.com"),
    ("tel:03-1234-5678", "tel:03-1234-5678"),
    ("javascript:alert(1)", ""),
    ("JaVaScRiPt:alert(1)", ""),
    ("data:text/html,<script>alert(1)</script>", ""),
    ("//evil.example/x", ""),
    ("https://example.com/\"onmouseover=alert(1)", ""),
    ("", ""),
])
def test_safe_url_allow_list(url, expected):
    assert safe_url(url) == expected


def test_japanese_dates_and_schedules():
    assert date_ja("2017-04-01") == "2017年4月1日"
    assert date_ja("2019-12") == "2019年12月"
    assert schedule_ja({"freq": "monthly", "byday": ["SU"], "bysetpos": [1, 3]}) == "毎月 第1・第3 日曜"
    assert schedule_ja({"freq": "weekly", "byday": ["WE"], "opens": "10:00", "closes": "12:00"}) \
        == "毎週 水曜 10:00〜12:00"


def test_hostile_case_text_is_escaped_and_never_markdown(atlas):
    case = replace(atlas.cases[0], title=HOSTILE, summary="[click](javascript:alert(1)) **bold**")
    text = case_page(case, atlas)
    body = text.split("---", 2)[2]
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # the front-matter title is escaped too: the theme prints page.title without escaping
    assert re.search(r'^title: "&lt;script&gt;alert\(1\)&lt;/script&gt;&lt;img src=x', text, re.M)
    # summary sits inside a raw HTML block, so Markdown never turns it into a link
    assert '<p class="atlas-summary">[click](javascript:alert(1)) **bold**</p>' in body


def test_js_string_cannot_close_the_script_element():
    s = js_string('</script><script>alert(1)</script>\u2028')
    assert "<" not in s and ">" not in s and "\u2028" not in s
    assert json.loads(s) == '</script><script>alert(1)</script>\u2028'


# Maps: tests/test_maps.py (data, files, privacy, lists) and tests/test_map_browser.py (Chromium).


def test_rendering_is_reproducible(atlas):
    assert render_site(atlas) == render_site(atlas)
    assert all_pages(atlas) == all_pages(atlas)


def test_related_cases_share_a_theme(atlas):
    for case in atlas.cases:
        mine = {t.id for t in case.themes}
        for other in related_cases(case, atlas.cases):
            assert other.id != case.id
            assert mine & {t.id for t in other.themes}


def test_contributor_text_is_never_evaluated_as_a_template(atlas):
    """"{{ … }}" in YAML stays text on the page (maps: tests/test_maps.py)."""
    district = atlas.districts[0]
    evil = replace(district.resources[0], name="A{{ 7*191 }}B{% if true %}C{% endif %}")
    d = replace(district, name="D{{ 6*7 }}E", resources=[evil, *district.resources[1:]])
    pages = all_pages(replace(atlas, districts=[d, *atlas.districts[1:]]))
    page = pages["districts/sample-district.md"]
    assert "1337" not in page and "D42E" not in page and "A{{ 7*191 }}B{% if true %}C{% endif %}" in page


@pytest.mark.parametrize("by_content", [False, True])
def test_html_blocks_skip_markdown_and_come_back_unchanged(by_content):
    from generator.render.htmlblocks import HtmlBlocks

    source = ('---\ntitle: "x"\n---\n\n<div class="a">\n<p>一</p>\n\n<p>二 &lt;!--atlas-html:0--&gt;</p>\n</div>\n\n'
              "## 見出し {#h}\n\n![x](y){onerror=alert(1)}\n<table><tr><td>三</td></tr></table>\n")
    blocks = HtmlBlocks(by_content=by_content)
    stashed = blocks.stash_page(source)
    head, body = stashed.split("---\n", 2)[1:]
    assert head == 'title: "x"\n' and re.fullmatch(r"\n<!--atlas-html:[^>]*-->\n", body), stashed
    restored = blocks.restore(stashed)
    assert re.sub(r"\s+", "", restored) == re.sub(r"\s+", "", source)
    assert blocks.stash_page(source) == stashed if by_content else True  # same HTML, same placeholder
    blocks.close()


def test_markdown_sees_no_generated_page_text(atlas):
    """Every generated page reaches MkDocs as front matter (JSON strings, hide lists) plus one
    placeholder: no contributor text is ever given to Python-Markdown or its extensions."""
    from generator.render.htmlblocks import HtmlBlocks

    blocks = HtmlBlocks()
    pages = {p: c for p, c in render_site(atlas).items() if p.endswith(".md")}
    assert len(pages) > 20
    for path, source in pages.items():
        stashed = blocks.stash_page(source)
        head, body = stashed.split("---\n", 2)[1:] if stashed.startswith("---\n") else ("", stashed)
        assert re.fullmatch(r"\n<!--atlas-html:[^>]*-->\n", body), path
        for line in head.splitlines():
            assert re.fullmatch(r'(title|description): ".*"|hide:|  - (toc|navigation)', line), (path, line)
    blocks.close()


def test_write_site_writes_files_and_returns_the_same_pages_as_render_site(atlas, tmp_path):
    from generator.render.site import as_bytes, write_site

    everything = render_site(atlas)
    pages, written = write_site(atlas, tmp_path)
    assert pages == {p: c for p, c in everything.items() if p.endswith(".md")}
    assert sorted(written) == sorted(p for p in everything if not p.endswith(".md"))
    for path in written:
        assert (tmp_path / path).read_bytes() == as_bytes(everything[path])


@pytest.mark.parametrize("when, seen", [
    ("before", "new"),   # changed since it was loaded: read again when the build starts
    ("during", "old"),   # the build renders every page from the templates it started with
    ("after", "new"),    # a preview that renders again later sees the edit
])
def test_templates_are_read_once_a_build(tmp_path, when, seen):
    from jinja2 import Environment, FileSystemLoader

    from generator.render.env import templates_fixed

    page = tmp_path / "page.j2"
    page.write_text("old", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(tmp_path)))
    assert env.get_template("page.j2").render() == "old"

    def edit():
        page.write_text("new", encoding="utf-8")
        os.utime(page, (page.stat().st_mtime + 5,) * 2)  # a later mtime, however coarse the clock

    if when == "before":
        edit()
    with templates_fixed(env):
        if when == "during":
            edit()
        rendered = env.get_template("page.j2").render()
    if when == "after":
        edit()
        rendered = env.get_template("page.j2").render()
    assert rendered == seen
    assert env.auto_reload


@pytest.mark.parametrize("labels", [(), ("元気",), ("元気", "虚弱", "要介護に近い"), (HOSTILE, "a&b", "<i>")])
def test_labels_filter_writes_what_map_and_join_wrote(labels):
    from generator.model.model import Term
    from generator.render.env import environment

    terms = [Term(id=f"t{i}", label=label) for i, label in enumerate(labels)]
    env = environment()
    assert env.from_string("{{ terms|labels }}").render(terms=terms) == \
        env.from_string('{{ terms|map(attribute="label")|join("・") }}').render(terms=terms)
    assert "<i>" not in env.from_string("{{ terms|labels }}").render(terms=terms)
