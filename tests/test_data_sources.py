"""The registry of sources (content/import/sources.yaml, generator/check/data_sources.py): bad entries are
refused with file:line, `--source` records the source on the districts an import writes (and an
unknown one is refused, nothing written), and the credit reaches the district page, the downloads'
出典 column, the ATTRIBUTION.txt of the ZIPs and the about page, as text."""

import csv
import dataclasses
import io
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import make_project
from test_import import LAYOUTS, row, write_csv
from test_kayoinoba import national_row
from test_kayoinoba import write as write_kayoinoba

from generator.check import data_sources
from generator.check.load import load_file
from generator.check.validate import load_atlas
from generator.cli import main
from generator.publish import hooks
from generator.render import exports, maps, pages
from generator.render.exports import ALL_ZIP
from generator.render.site import render_site

EXAMPLE = Path(__file__).parent / "data" / "import" / "example-sources.yaml"
REGISTRY = "content/import/sources.yaml"

VALID = """\
  - id: good
    publisher: サンプル市
    title: 施設一覧
    url: https://example.jp/list.csv
    licence: {name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
    credit: サンプル市
    importer: import-csv
"""


def _entry(**changes) -> str:
    """An import-csv entry (id `bad`), a field changed (None: left out); `extra` lines added."""
    fields = {"id": "bad", "publisher": "サンプル町", "title": "一覧", "url": "https://example.jp/a.csv",
              "licence": '{name: CC BY 4.0, url: "https://example.jp/l"}', "credit": "サンプル町",
              "importer": "import-csv"}
    extra = changes.pop("extra", "")
    fields.update(changes)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "  - " + "\n    ".join(lines) + "\n" + extra


# (what is wrong, the entry, the problem's code, a text on the line it must name)
BAD = [
    ("javascript: url", _entry(url='"javascript:alert(1)"'), "bad-url", "javascript:"),
    ("file: url", _entry(url="file:///etc/passwd"), "bad-url", "file:"),
    ("data: url", _entry(url='"data:text/html,<b>x</b>"'), "bad-url", "data:"),
    ("no scheme", _entry(url="example.jp/a.csv"), "bad-url", "example.jp/a.csv"),
    ("licence url javascript:", _entry(licence='{name: x, url: "javascript:alert(1)"}'), "bad-url", "licence"),
    ("licence missing", _entry(licence=None), "missing-field", "- id: bad"),
    ("licence url missing", _entry(licence="{name: CC BY 4.0}"), "missing-field", "licence"),
    ("credit missing", _entry(credit=None), "missing-field", "- id: bad"),
    ("credit empty", _entry(credit='""'), "empty", "credit"),
    ("credit of two lines", _entry(credit='"a\\nb"'), "one-line", "credit"),
    ("publisher missing", _entry(publisher=None), "missing-field", "- id: bad"),
    ("duplicate id", _entry(id="good"), "duplicate-id", "- id: good\n    publisher: サンプル町"),
    ("id not an id", _entry(id="Bad_ID"), "bad-id", "Bad_ID"),
    ("unknown importer", _entry(importer="import-xlsx"), "not-allowed", "import-xlsx"),
    ("option import-csv lacks", _entry(extra="    options: {prefecture: '13'}\n"), "unknown-field", "options"),
    ("option import-kayoinoba lacks", _entry(importer="import-kayoinoba", extra="    options: {mapping: a.yaml}\n"),
     "unknown-field", "options"),
    ("misspelt option", _entry(extra="    options:\n      municipalty: '131016'\n"), "unknown-field", "municipalty"),
    ("mapping outside the project", _entry(extra="    options: {mapping: ../../secret.yaml}\n"), "bad-path",
     "options"),
    ("as_of not a date", _entry(extra='    as_of: "2026-02-30"\n'), "bad-date", "as_of"),
    ("unknown field", _entry(extra="    licence_url: https://example.jp/\n"), "unknown-field", "licence_url"),
]


def _registry(root: Path, entries: str) -> Path:
    path = root / REGISTRY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sources:\n" + entries, encoding="utf-8")
    return path


def _line_of(text: str, marker: str, after: int = 0) -> int:
    return text[:text.index(marker, after)].count("\n") + 1


@pytest.mark.parametrize(("what", "entry", "code", "marker"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_entry_is_refused_with_file_line_and_reason(tmp_path, what, entry, code, marker):
    path = _registry(tmp_path, VALID + entry)
    with pytest.raises(data_sources.RegistryError) as raised:
        data_sources.registry(tmp_path)
    line = _line_of(path.read_text(encoding="utf-8"), marker, len("sources:\n" + VALID))  # in the bad entry
    message = str(raised.value)
    assert f"{REGISTRY}:{line}:" in message and f"[{code}]" in message, message
    assert "Traceback" not in message


@pytest.mark.content  # reads the repository's own content (conftest checks the marker)
def test_the_example_and_the_shipped_registry_are_valid(root, tmp_path):
    _, shipped = data_sources.registry(root)
    assert len({e["publisher"] for e in shipped.values()}) >= 2  # real towns on the public site (test_real_towns.py)
    assert all((root / e["options"]["mapping"]).is_file() for e in shipped.values() if "mapping" in e.get("options", {}))
    _registry(tmp_path, "")
    (tmp_path / REGISTRY).write_bytes(EXAMPLE.read_bytes())
    shutil.copy(root / "content/import/types.yaml", tmp_path / "content/import/types.yaml")  # its mapping
    _, entries = data_sources.registry(tmp_path)
    assert set(entries) == {"sample-city-facilities", "sample-kayoinoba", "sample-no-options"}


def test_validate_refuses_a_duplicate_source_and_a_district_naming_an_unknown_one(project):
    _registry(project, VALID + _entry(id="good", publisher="別の市"))
    district = project / "content/districts/sample-district.yaml"
    district.write_text(district.read_text(encoding="utf-8").replace("  id: fictional-list", "  id: nowhere"),
                        encoding="utf-8")
    atlas, problems = load_atlas(project)
    assert atlas is None
    found = {(p.path, p.line, p.code) for p in problems if p.severity == "error"}
    text = district.read_text(encoding="utf-8")
    assert (REGISTRY, 9, "duplicate-id") in found
    assert ("content/districts/sample-district.yaml", _line_of(text, "  id: nowhere"), "unknown-source") in found


# -- the import commands --------------------------------------------------------------------------

SOURCE = """\
  - id: chiyoda-care
    publisher: サンプル区
    title: 介護サービス事業所一覧
    url: https://example.jp/care.csv
    licence: {name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
    credit: 「サンプル区オープンデータ」
    importer: import-csv
    options: {municipality: "131016", id: chiyoda-care}
  - id: kayoinoba
    publisher: 厚生労働省
    title: 通いの場のオープンデータ
    url: https://example.jp/kayoinoba.zip
    licence: {name: 公共データ利用規約（第1.0版）, url: "https://example.jp/pdl"}
    credit: 出典：厚生労働省
    importer: import-kayoinoba
    options: {municipality: "372013"}
    as_of: "2026-04-01"
"""


def _add(project: Path, entries: str) -> None:
    """Entries added to the tests' registry (whose source the sample district names)."""
    path = project / REGISTRY
    path.write_text(path.read_text(encoding="utf-8") + entries, encoding="utf-8")


def _kaigo(tmp_path) -> Path:
    header, rows, _, _ = LAYOUTS["kaigo"]
    return write_csv(tmp_path / "care.csv", header, [row(header, **values) for values in rows])


def _files(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "content/districts").glob("*.yaml")}


def test_source_is_recorded_on_the_written_district_with_the_datas_date(project, tmp_path, capsys):
    _add(project, SOURCE)
    status = main(["--root", str(project), "import-csv", str(_kaigo(tmp_path)), "--source", "chiyoda-care",
                   "--as-of", "2026-10-01"])
    assert "最終確認日: 2026-10-01（--as-of から）" in capsys.readouterr().out
    assert status == 0
    doc, problems = load_file(project / "content/districts/chiyoda-care.yaml", project)  # the registry's id option
    assert problems == []
    assert doc.data["source"] == {"id": "chiyoda-care", "as_of": "2026-10-01"}
    assert "care.csv" not in doc.data["description"]  # the local file is no provenance
    assert doc.data["name"] == "千代田区の介護サービス事業所一覧"  # named for the registered dataset
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    imported = next(d for d in atlas.districts if d.id == "chiyoda-care")
    assert (imported.provenance.source.publisher, imported.provenance.as_of) == ("サンプル区", "2026-10-01")


def test_without_source_an_import_records_none(project, tmp_path, capsys):
    _add(project, SOURCE)
    assert main(["--root", str(project), "import-csv", str(_kaigo(tmp_path)), "--municipality", "131016",
                 "--id", "plain"]) == 0
    capsys.readouterr()
    doc, _ = load_file(project / "content/districts/plain.yaml", project)
    assert "source" not in doc.data and "care.csv" in doc.data["description"]
    assert doc.data["name"] == "千代田区の介護サービス事業所"  # named for the list's layout


def test_kayoinoba_takes_its_date_and_municipality_from_the_registry(project, tmp_path, capsys):
    _add(project, SOURCE)
    path = write_kayoinoba(tmp_path / "k.csv", [national_row(1), national_row(2, code="131016", lat="35.69",
                                                                                  lon="139.75")])
    assert main(["--root", str(project), "import-kayoinoba", str(path), "--source", "kayoinoba"]) == 0
    assert "最終確認日: 2026-04-01（登録簿の出典 kayoinoba の as_of から）" in capsys.readouterr().out
    doc, _ = load_file(project / "content/districts/kayoinoba-372013.yaml", project)
    assert doc.data["source"] == {"id": "kayoinoba", "as_of": "2026-04-01"}
    assert doc.data["resources"][0]["last_verified"] == "2026-04-01"
    assert not (project / "content/districts/kayoinoba-131016.yaml").exists()  # options.municipality


# (registry text, command's source, a word the message must hold)
REFUSED = [
    (SOURCE, "nowhere", "登録されていません"),
    (SOURCE, "kayoinoba", "import-kayoinoba"),  # a source of the other importer
    (None, "chiyoda-care", "登録簿"),  # no registry at all
    (SOURCE + _entry(url='"javascript:alert(1)"'), "chiyoda-care", "sources.yaml:"),  # a broken registry
]


@pytest.mark.parametrize(("registry", "source", "word"), REFUSED, ids=["unknown", "other-importer", "no-registry",
                                                                       "broken-registry"])
def test_a_source_that_cannot_be_used_is_refused_and_nothing_is_written(project, tmp_path, capsys,
                                                                       registry, source, word):
    if registry is None:
        (project / REGISTRY).unlink(missing_ok=True)
    else:
        _registry(project, registry)
    before = _files(project)
    status = main(["--root", str(project), "import-csv", str(_kaigo(tmp_path)), "--source", source])
    out = capsys.readouterr()
    assert status == 2
    assert word in out.out + out.err and "Traceback" not in out.out + out.err
    assert _files(project) == before


# -- what the site shows --------------------------------------------------------------------------

HOSTILE = """\
  - id: hostile
    publisher: "<script>alert(1)</script>市"
    title: "**太字** [x](javascript:alert(1))"
    url: "https://example.jp/data.csv?a=1&b=2"
    licence: {name: "CC BY 4.0 <b>x</b>", url: "https://creativecommons.org/licenses/by/4.0/"}
    credit: "{{ 7*7 }} &amp; <img src=x onerror=alert(1)>"
    importer: import-csv
"""


@pytest.fixture(scope="module")
def sourced(tmp_path_factory):
    """The tests' project whose sample district was imported from a registered source of hostile text."""
    project = make_project(tmp_path_factory.mktemp("sourced") / "project")
    _registry(project, HOSTILE)
    district = project / "content/districts/sample-district.yaml"
    district.write_text(district.read_text(encoding="utf-8").replace("  id: fictional-list", "  id: hostile"),
                        encoding="utf-8")
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    return atlas


def _no_raw_markup(html: str) -> None:
    assert "<script>alert" not in html and "<img" not in html and "<b>x" not in html
    assert 'href="javascript' not in html


def test_the_district_page_shows_publisher_dataset_credit_licence_and_date_as_text(sourced):
    page = pages.district_page(sourced.districts[0], sourced)
    block = re.search(r"<dt>出典</dt><dd class=\"atlas-provenance\">(.*?)</dd>", page, re.S).group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;市" in block
    link = '<a href="https://example.jp/data.csv?a=1&amp;b=2" rel="nofollow noopener">'
    assert link + "**太字** [x](javascript:alert(1))</a>" in block
    assert "{{ 7*7 }} &amp;amp; &lt;img src=x onerror=alert(1)&gt;" in block
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="nofollow noopener">CC BY 4.0 &lt;b&gt;x' in block
    assert "2026年10月1日" in block
    _no_raw_markup(page.split("<h2", 1)[0])


def test_the_municipality_page_credits_each_dataset_of_its_districts_once_as_text(sourced):
    """The municipality page lists every resource of its districts: each dataset is credited
    once (a list written in parts is one dataset), a hand-written district adds nothing."""
    d = sourced.districts[0]
    part = dataclasses.replace(d, id="sample-district-2", name="第2部")
    hand = dataclasses.replace(d, id="hand", name="手書きの地区", provenance=None)
    page = pages.municipality_page(d.municipality, [d, part, hand])
    section = page.split('<h2 id="sources">出典</h2>', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 1 and f"<li>{d.name}、第2部：" in section and "手書き" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;市" in section and "{{ 7*7 }} &amp;amp; &lt;img" in section
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="nofollow noopener">' in section
    _no_raw_markup(section)
    assert 'id="sources"' not in pages.municipality_page(d.municipality, [hand])


def test_a_map_opened_alone_credits_each_dataset_once_as_text(sourced):
    """maps/m-*.html and maps/national.html can be opened without their page: their bar holds
    the credit and licence link of every dataset they show (a few, then the about page)."""
    d = sourced.districts[0]

    def credited(*credits: str, url: str = "https://creativecommons.org/licenses/by/4.0/"):
        return [dataclasses.replace(d, provenance=dataclasses.replace(d.provenance, source=dataclasses.replace(
            d.provenance.source, credit=c, licence_url=url))) for c in credits]

    once = maps.map_credits([d, dataclasses.replace(d, id="part-2")])
    assert once.startswith('<span class="atlas-map-credit">出典：') and once.count("<a ") == 1
    assert "{{ 7*7 }} &amp;amp; &lt;img src=x onerror=alert(1)&gt;（" in once
    licence = '<a href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noopener">'
    assert licence + "CC BY 4.0 &lt;b&gt;x" in once
    _no_raw_markup(once)
    assert maps.map_credits([dataclasses.replace(d, provenance=None)]) == ""  # hand-written: nothing
    many = maps.map_credits(credited("c1", "c2", "c3", "c4", "c5"))
    assert "c3（" in many and "c4" not in many and "ほか 2 件" in many and "../about/index.html#data-sources" in many
    assert "<a " not in maps.map_credits(credited("c1", url="javascript:alert(1)"))  # never a link that is not http(s)


def test_a_link_that_is_not_a_web_address_is_never_made(sourced):
    """The schema refuses such URLs; the page does not rely on it."""
    d = sourced.districts[0]
    for url in ("javascript:alert(1)", "mailto:a@example.jp", "file:///etc/passwd", " data:x"):
        bad = dataclasses.replace(d.provenance.source, url=url, licence_url=url)
        other = dataclasses.replace(d, provenance=dataclasses.replace(d.provenance, source=bad))
        block = pages.district_page(other, sourced).split("atlas-provenance", 1)[1].split("</dd>", 1)[0]
        assert "<a " not in block and "**太字**" in block


def test_a_hand_written_district_shows_nothing_new(project):
    district = project / "content/districts/sample-district.yaml"
    district.write_text(re.sub(r"\nsource:\n(  .*\n)+", "\n", district.read_text(encoding="utf-8")), encoding="utf-8")
    atlas, _ = load_atlas(project)
    d = atlas.districts[0]
    assert d.provenance is None
    assert "<dt>出典</dt>" not in pages.district_page(d, atlas)
    assert exports.resource_row(d, d.resources[0])["出典"] == ""


def test_the_downloads_have_a_source_column_and_the_zips_an_attribution_file(sourced):
    d = sourced.districts[0]
    short = "<script>alert(1)</script>市「**太字** [x](javascript:alert(1))」CC BY 4.0 <b>x</b>"
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(sourced, [d]).decode("utf-8-sig"))))
    assert {r["出典"] for r in rows} == {short} and len(rows) == len(d.resources)
    assert exports.rows_data(sourced, [d])["dk"][-1] == "出典"  # once per district in the rows script
    files = render_site(sourced)
    assert data_sources.ATTRIBUTION in files  # at the site's root: in the offline ZIP with everything
    with zipfile.ZipFile(io.BytesIO(files[ALL_ZIP])) as archive:
        text = archive.read(data_sources.ATTRIBUTION).decode("utf-8")
    assert text == files[data_sources.ATTRIBUTION]
    for part in ("<script>alert(1)</script>市「**太字** [x](javascript:alert(1))」",
                 "https://example.jp/data.csv?a=1&b=2", "{{ 7*7 }} &amp; <img src=x onerror=alert(1)>",
                 "CC BY 4.0 <b>x</b>（https://creativecommons.org/licenses/by/4.0/）"):
        assert part in text


def test_the_about_page_lists_every_registered_dataset_as_text(sourced, monkeypatch):
    monkeypatch.setitem(hooks._state, "atlas", sourced)
    about = SimpleNamespace(file=SimpleNamespace(src_uri="about.md"))
    other = SimpleNamespace(file=SimpleNamespace(src_uri="cases/index.md"))
    html = hooks.on_page_content("<p>本文</p>", about, None, None)
    assert html.startswith("<p>本文</p>") and 'id="data-sources"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;市" in html and "{{ 7*7 }} &amp;amp; &lt;img" in html
    _no_raw_markup(html)
    assert hooks.on_page_content("<p>x</p>", other, None, None) == "<p>x</p>"
    monkeypatch.setitem(hooks._state, "atlas", dataclasses.replace(sourced, data_sources=[]))
    assert hooks.on_page_content("<p>本文</p>", about, None, None) == "<p>本文</p>"


def test_the_built_site_shows_the_source_and_its_zips_hold_the_attribution_file(built_site):
    """The tests' project: its sample district names the registry's fictional source."""
    page = (built_site / "districts/sample-district/index.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>出典</dt><dd class=\"atlas-provenance\">サンプル区（架空）「<a href=\"https://example.jp/", page)
    municipality = (built_site / "districts/m-131016/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="sources">出典</h2>.*<li>サンプル地区（架空）：サンプル区（架空）「<a href="https://example.jp/',
                     municipality, re.S)
    credit = '出典：「サンプル区オープンデータ（架空）」(サンプル区)（<a href="https://creativecommons.org/licenses/by/4.0/deed.ja"'
    for page in ("maps/m-131016.html", "maps/national.html"):  # maps opened alone
        assert credit in (built_site / page).read_text(encoding="utf-8"), page
    for page in ("districts/map/index.html", "search/index.html"):  # pages that list the whole atlas's resources
        text = (built_site / page).read_text(encoding="utf-8")
        assert 'id="data-sources"' in text and "「サンプル区オープンデータ（架空）」(サンプル区)" in text, page
    about = (built_site / "about/index.html").read_text(encoding="utf-8")
    assert 'id="data-sources"' in about and "「サンプル区オープンデータ（架空）」(サンプル区)" in about
    assert "サンプル区（架空）「地域の資源の一覧（架空のサンプル）」" in \
        (built_site / data_sources.ATTRIBUTION).read_text(encoding="utf-8")
    with zipfile.ZipFile(built_site / ALL_ZIP) as archive:
        assert data_sources.ATTRIBUTION in archive.namelist()
    with zipfile.ZipFile(built_site / "downloads/chiiki-atlas-offline.zip") as archive:
        assert f"chiiki-atlas/{data_sources.ATTRIBUTION}" in archive.namelist()
