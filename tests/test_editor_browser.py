"""The editor (editor/, editor/case/) in headless Chromium, opened from file:// as an offline
copy would be: a district filled in by form and by the worksheet grid validates and builds;
invalid entries get the very messages `generator validate` prints, and no download; 「この情報を
直す」 round-trips the sample district byte for byte; the empty grid prints as the paper sheet;
the browser ports give what the Python functions give on the same inputs."""

import difflib
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import FIXTURE, make_project

from generator.check import rules
from generator.check.problems import visible
from generator.check.schema_check import ecma_regex, es5_pattern
from generator.check.validate import load_atlas
from generator.cli import cmd_build, cmd_validate
from generator.model import municipalities
from generator.model.privacy import approximate_address, char_kind, kind_ranges
from generator.render.editor_schema import compile_schema

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = FIXTURE / "content" / "districts" / "sample-district.yaml"


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True, locale="ja-JP", viewport={"width": 1000, "height": 900})
    # offline: only the site itself (map tiles are refused, as in a community hall without internet)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("file://", "http://127.0.0.1")) else route.abort())
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors, dialogs = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.errors, page.dialogs = errors, dialogs
    yield page
    assert errors == [] and dialogs == []


@pytest.fixture(scope="module")
def site(built_site) -> str:
    return built_site.as_uri() + "/"


def open_editor(page, site: str, kind: str = "district") -> None:
    page.goto(site + ("editor/index.html" if kind == "district" else "editor/case/index.html"))
    page.wait_for_function("window.AtlasEditor !== undefined")


def check(page) -> dict:
    """The editor's check now (it otherwise runs 150 ms after the last change)."""
    return page.evaluate("() => AtlasEditor.check()")


def shown_problems(page) -> list[str]:
    return page.locator(".atlas-editor-problem").all_text_contents()


def fill(page, name: str, value: str) -> None:
    page.fill(f'[name="{name}"]', value)


def select(page, name: str, value: str) -> None:
    page.select_option(f'select[name="{name}"]', value)


def tick(page, name: str, *values: str) -> None:
    for value in values:
        page.check(f'input[name="{name}"][value="{value}"]')


def today_for(page, path: str) -> None:
    page.locator(f'[data-path="{path}"] button').click()


def fill_district(page, ident: str, name: str) -> None:
    fill(page, "id", ident)
    fill(page, "name", name)
    select(page, "layer", "junior-high-school")
    page.select_option('select[aria-label="都道府県から選ぶ"]', "東京都")
    page.select_option('select[aria-label="市区町村を選ぶ"]', "131016")
    page.check('input[name="demo"]')
    fill(page, "maintainer", "サンプル地域包括支援センター（架空）")
    today_for(page, "last_reviewed")


def add_resource(page) -> int:
    n = page.locator(".atlas-editor-item[id^=atlas-res-]").count()
    page.click('button[data-add="resources"]')
    page.locator(f"#atlas-res-{n}").wait_for()
    return n


def can_save(page) -> bool:
    """「YAML ファイルを保存」 saves (it is never `disabled`: pressed with errors, it shows them all)."""
    return page.locator("button[data-action=download]").get_attribute("data-ready") == "true"


def download(page) -> tuple[str, bytes]:
    assert can_save(page)
    with page.expect_download() as info:
        page.click("button[data-action=download]")
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def errors_of(problems) -> list:
    return [p for p in problems if p.severity == "error"]


# ------------------------------------------------------------------ acceptance: a district by form and by grid

def test_a_district_by_form_and_one_by_worksheet_validate_and_build(page, site, tmp_path, monkeypatch, capsys):
    open_editor(page, site)
    fill_district(page, "editor-five", "サンプル地区（エディターの試験・架空）")

    # 1. exact, with a weekly schedule
    i = add_resource(page)
    base = f"resources.{i}"
    fill(page, f"{base}.name", "サンプル介護予防体操教室")
    select(page, f"{base}.category", "general-prevention")
    tick(page, f"{base}.target_states", "genki", "kyojaku")
    tick(page, f"{base}.activity_types", "exercise")
    select(page, f"{base}.operator_type", "municipality")
    # the weekly pattern typed as text: the rules read from it are offered under it
    fill(page, f"{base}.schedule.text", "毎週水曜・金曜 10時〜11時半")
    suggestion = page.locator(f'[data-path="{base}.schedule"] .atlas-editor-suggest')
    assert "毎週 水・金曜 10:00〜11:30" in suggestion.inner_text()
    suggestion.locator("button[data-action=use-rules]").click()
    assert page.locator(f'[name="{base}.schedule.rules.0.byday"]:checked').evaluate_all(
        "els => els.map(e => e.value)") == ["WE", "FR"]
    assert page.input_value(f'[name="{base}.schedule.rules.0.closes"]') == "11:30"
    assert suggestion.inner_text() == ""  # the rules say what the text says: nothing more to offer
    fill(page, f"{base}.address", "（架空）千代田区九段南1-2-1 サンプル区民センター")
    fill(page, f"{base}.location.lat", "35.6940")
    fill(page, f"{base}.location.lon", "139.7536")
    select(page, f"{base}.location.precision", "exact")
    fill(page, f"{base}.contact.organisation", "サンプル区高齢福祉課（架空）")
    fill(page, f"{base}.contact.phone", "03-1234-5678")
    fill(page, f"{base}.url", "https://example.com/sample/taiso")
    today_for(page, f"{base}.last_verified")

    # 2. hidden: a members' home
    i = add_resource(page)
    base = f"resources.{i}"
    fill(page, f"{base}.name", "サンプルお茶会（会員の自宅）")
    select(page, f"{base}.category", "kayoinoba")
    tick(page, f"{base}.target_states", "kyojaku")
    select(page, f"{base}.operator_type", "residents")
    select(page, f"{base}.location.precision", "hidden")
    fill(page, f"{base}.contact.organisation", "サンプル地域包括支援センター（架空）")
    today_for(page, f"{base}.last_verified")

    # 3. approximate, placed with the map: a click sets the point, never the precision
    i = add_resource(page)
    base = f"resources.{i}"
    fill(page, f"{base}.name", "サンプル公園体操の会")
    select(page, f"{base}.category", "kayoinoba")
    tick(page, f"{base}.target_states", "genki")
    select(page, f"{base}.operator_type", "residents")
    page.locator(f'[data-path="{base}.location"] button', has_text="地図").click()
    canvas = page.locator(f'[data-path="{base}.location"] .atlas-editor-map')
    canvas.wait_for()
    canvas.click(position={"x": 200, "y": 120})
    assert page.input_value(f'[name="{base}.location.lat"]') != ""
    assert page.input_value(f'select[name="{base}.location.precision"]') == ""
    missing = [p for p in check(page)["problems"] if p["field"] == f"resources[{i}].location.precision"]
    assert [p["message"] for p in missing] == ["必須の項目「precision」がありません"]
    assert "住民の集まり" in page.locator(f'[data-path="{base}.location"] .atlas-editor-location-note').text_content()
    select(page, f"{base}.location.precision", "approximate")
    fill(page, f"{base}.address", "千代田区北の丸公園")
    today_for(page, f"{base}.last_verified")

    # 4. monthly
    i = add_resource(page)
    base = f"resources.{i}"
    fill(page, f"{base}.name", "サンプル認知症カフェ")
    select(page, f"{base}.category", "salon")
    tick(page, f"{base}.target_states", "kyojaku", "near-care")
    fill(page, f"{base}.schedule.text", "毎月第2木曜 13:30〜15:00")
    page.click(f'button[data-add="{base}.schedule.rules"]')
    select(page, f"{base}.schedule.rules.0.freq", "monthly")
    tick(page, f"{base}.schedule.rules.0.bysetpos", "2")
    tick(page, f"{base}.schedule.rules.0.byday", "TH")
    today_for(page, f"{base}.last_verified")

    # 5. no place (a delivered service)
    i = add_resource(page)
    base = f"resources.{i}"
    fill(page, f"{base}.name", "サンプル配食サービス")
    select(page, f"{base}.category", "other")
    tick(page, f"{base}.target_states", "near-care")
    today_for(page, f"{base}.last_verified")

    assert errors_of_dicts(check(page)["problems"]) == []
    name, five = download(page)
    assert name == "editor-five.yaml"

    # the worksheet: 8 names typed into the grid, kept across a reload, then completed
    page.click("button[data-action=new]")
    fill_district(page, "editor-grid", "サンプル地区（ワークシートの試験・架空）")
    cells = [("hobby-individual", 0), ("salon", 0), ("salon", 1), ("kayoinoba", 0), ("kayoinoba", 1),
             ("general-prevention", 1), ("prevention-service", 2), ("care-service", 2)]
    for n, (category, column) in enumerate(cells):
        box = page.locator(f"#atlas-ws-add-{category}-{column}")
        box.fill(f"サンプル資源{n + 1}")
        box.press("Enter")
    items = page.locator(".atlas-worksheet .atlas-ws-item")
    assert items.count() == 8
    states = ["genki", "kyojaku", "near-care"]
    placed = sorted(zip(items.evaluate_all("els => els.map(e => e.dataset.category)"),
                        items.evaluate_all("els => els.map(e => e.dataset.states)"), strict=True))
    assert placed == sorted((c, states[col]) for c, col in cells)
    page.reload()
    page.wait_for_function("window.AtlasEditor !== undefined")
    assert page.locator(".atlas-worksheet .atlas-ws-item").count() == 8
    assert page.input_value('[name="name"]') == "サンプル地区（ワークシートの試験・架空）"
    # the date is optional (unknown: 「確認日不明」): one warning for the file, no error
    problems = check(page)["problems"]
    assert errors_of_dicts(problems) == []
    assert [(p["code"], p["field"]) for p in problems if p["code"] == "no-date"] == [("no-date", "resources[0]")]
    for n in range(8):
        today_for(page, f"resources.{n}.last_verified")
    assert [p for p in check(page)["problems"] if p["code"] == "no-date"] == []
    name, grid = download(page)
    assert name == "editor-grid.yaml"

    project = make_project(tmp_path / "project")
    (project / "content/districts/editor-five.yaml").write_bytes(five)
    (project / "content/districts/editor-grid.yaml").write_bytes(grid)
    assert cmd_validate(project) == 0, capsys.readouterr().out  # `python -m generator validate`
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]
    five_d = next(d for d in atlas.districts if d.id == "editor-five")
    by_name = {r.name: r for r in five_d.resources}
    assert len(by_name) == 5
    assert by_name["サンプル介護予防体操教室"].schedule.rules[0] == {
        "freq": "weekly", "byday": ["WE", "FR"], "opens": "10:00", "closes": "11:30"}
    assert by_name["サンプルお茶会（会員の自宅）"].location.precision == "hidden"
    assert "lat:" not in five.decode().split("サンプルお茶会")[1].split("- id:")[0]
    approx = by_name["サンプル公園体操の会"].location
    assert approx.precision == "approximate" and round(approx.lat, 2) == approx.lat
    assert len(next(d for d in atlas.districts if d.id == "editor-grid").resources) == 8

    monkeypatch.setenv("ATLAS_PDF", "0")
    out = tmp_path / "site"
    assert cmd_build(project, out) == 0
    page_five = (out / "districts/editor-five/index.html").read_text(encoding="utf-8")
    for resource_name in by_name:
        assert resource_name in page_five
    # the rules typed as text reach the district's filters: Wednesday shows the class, Monday does not
    page.goto((out / "districts/editor-five/index.html").as_uri())
    shown = "tr.atlas-resource:not([hidden])"
    page.select_option("#atlas-resource-filter select[name=day]", "WE")
    assert "サンプル介護予防体操教室" in " ".join(page.locator(shown).all_inner_texts())
    page.select_option("#atlas-resource-filter select[name=day]", "MO")
    assert "サンプル介護予防体操教室" not in " ".join(page.locator(shown).all_inner_texts())
    page.goto((out / "districts/editor-grid/index.html").as_uri())  # its worksheet: built in its page
    worksheet = page.locator(".atlas-worksheet .atlas-ws").inner_text()
    assert all(f"サンプル資源{n}" in worksheet for n in range(1, 9))


def errors_of_dicts(problems: list[dict]) -> list[dict]:
    return [p for p in problems if p["severity"] == "error"]


# ------------------------------------------------------------------ acceptance: the same messages as validate

def _base_record(ident: str, today: str) -> dict:
    return {
        "id": ident, "name": "サンプル地区（検証の試験・架空）", "layer": "junior-high-school",
        "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"}, "demo": True,
        "last_reviewed": today,
        "resources": [
            {"id": "salon", "name": "サンプルサロン", "category": "salon", "target_states": ["genki"],
             "operator_type": "neighbourhood-association",
             "address": "（架空）千代田区九段南1-2-1", "location": {"lat": 35.694, "lon": 139.7536, "precision": "exact"},
             "contact": {"organisation": "サンプル町会（架空）"}, "last_verified": today},
            {"id": "cafe", "name": "サンプルカフェ", "category": "salon", "target_states": ["kyojaku"],
             "last_verified": today},
        ],
    }


def _at(lat: str, lon: str) -> list:
    return [("fill", "resources.0.location.lat", lat), ("fill", "resources.0.location.lon", lon)]


# (what is wrong, how it is entered, the code validate gives, how it is fixed)
# Steps: ("fill"|"select"|"tick"|"untick", control name, value) or ("load", path, value) for a draft
# written by an older editor (a stale vocabulary id), which no form control could produce.
INVALID = [
    ("unknown category", [("load", ["resources", 0, "category"], "salonn")], "unknown-term",
     [("select", "resources.0.category", "salon")]),
    ("URL without scheme", [("fill", "resources.0.url", "www.example.com/salon")], "bad-url",
     [("fill", "resources.0.url", "https://www.example.com/salon")]),
    ("script URL", [("fill", "resources.0.url", "javascript:alert(1)")], "bad-url",
     [("fill", "resources.0.url", "")]),
    ("point outside Japan", _at("10.5", "100.25"), "outside-japan", _at("35.694", "139.7536")),
    ("swapped coordinates", _at("139.7536", "35.694"), "swapped-coordinates", _at("35.694", "139.7536")),
    ("far from the municipality", _at("34.6937", "135.5023"), "far-from-municipality", _at("35.694", "139.7536")),
    ("hidden place with a street address", [("select", "resources.0.location.precision", "hidden"),
                                            ("fill", "resources.0.address", "千代田区神田神保町2-5 山田様方")],
     "private-address", [("fill", "resources.0.address", "")]),
    ("approximate place with a street address", [("select", "resources.0.location.precision", "approximate"),
                                                 ("fill", "resources.0.address",
                                                  "〒101-0051 千代田区神田神保町２－５　山田方")],
     "private-address", [("fill", "resources.0.address", "千代田区神田神保町")]),
    ("mobile phone number", [("fill", "resources.0.contact.phone", "+81 90-1234-5678")], "personal-contact",
     [("fill", "resources.0.contact.phone", "03-1234-5678")]),
    ("personal mail address", [("fill", "resources.0.contact.email", "salon.sample@GMAIL.com")], "personal-contact",
     [("fill", "resources.0.contact.email", "info@example.org")]),
    ("phone number with letters", [("fill", "resources.0.contact.phone", "電話 03-1234")], "bad-format",
     [("fill", "resources.0.contact.phone", "")]),
    ("name missing", [("fill", "resources.1.name", "")], "missing-field", [("fill", "resources.1.name", "サンプルカフェ")]),
    ("no target state", [("untick", "resources.1.target_states", "kyojaku")], "missing-field",
     [("tick", "resources.1.target_states", "near-care")]),
    ("resource id with capitals and a space", [("fill", "resources.1.id", "Cafe 2")], "bad-id",
     [("fill", "resources.1.id", "cafe-2")]),
    ("two resources with one id", [("fill", "resources.1.id", "salon")], "duplicate-id",
     [("fill", "resources.1.id", "cafe")]),
    ("municipality code with a wrong check digit", [("fill", "municipality.code", "131017")], "unknown-municipality",
     [("fill", "municipality.code", "131016")]),
    ("municipality name that is not the code's", [("fill", "municipality.name", "港区")], "municipality-name-mismatch",
     [("fill", "municipality.name", "千代田区")]),
    ("placeholder left", [("fill", "resources.0.contact.organisation", "要記入")], "unfinished",
     [("fill", "resources.0.contact.organisation", "サンプル町会（架空）")]),
    ("point without a chosen precision", [("select", "resources.0.location.precision", "")], "missing-field",
     [("select", "resources.0.location.precision", "exact")]),
    ("district id of a shared page", [("fill", "id", "map")], "reserved-id", [("fill", "id", "{ident}")]),
    # issue 20: an address the site served before (downloads/all.csv) is the site's own
    ("district id of a former address", [("fill", "id", "all")], "reserved-id", [("fill", "id", "{ident}")]),
    # issues 12 and 14 (loader branch): the same checks and hints as validate
    ("Japanese label for a category", [("load", ["resources", 0, "category"], "サロン")], "unknown-term",
     [("select", "resources.0.category", "salon")]),
    ("bidi control in a name", [("fill", "resources.0.name", "サンプル\u202eサロン")], "bad-character",
     [("fill", "resources.0.name", "サンプルサロン")]),
    ("zero-width space in an organisation", [("fill", "resources.0.contact.organisation", "サンプル\u200b町会")],
     "bad-character", [("fill", "resources.0.contact.organisation", "サンプル町会（架空）")]),
    ("impossible date", [("load", ["resources", 0, "last_verified"], "2026-02-30")], "bad-date",
     [("load", ["resources", 0, "last_verified"], "2026-02-28")]),
    ("weekday written in Japanese", [("load", ["resources", 0, "schedule"],
                                      {"text": "毎週火曜", "rules": [{"freq": "weekly", "byday": ["火"]}]})],
     "not-allowed", [("load", ["resources", 0, "schedule"], {"text": "毎週火曜"})]),
    ("misspelt key in a draft", [("load", ["resources", 0, "location"], {"precison": "hidden"})], "unknown-field",
     [("load", ["resources", 0, "location"], {"lat": 35.694, "lon": 139.7536, "precision": "exact"})]),
]


def _apply(page, steps, ident):
    for step in steps:
        action, target, value = step
        value = value.replace("{ident}", ident) if isinstance(value, str) else value
        if action == "fill":
            fill(page, target, value)
        elif action == "select":
            select(page, target, value)
        elif action == "tick":
            tick(page, target, value)
        elif action == "untick":
            page.uncheck(f'input[name="{target}"][value="{value}"]')
        elif action == "load":  # a draft kept in localStorage by an older editor
            page.evaluate("""([path, value]) => {
                const r = AtlasEditor.record(); let at = r;
                for (const k of path.slice(0, -1)) at = at[k];
                at[path[path.length - 1]] = value; AtlasEditor.load(r); }""", [target, value])


# what the list says first for a mistake: the field's Japanese label in its item, and what to do
WORDS = {
    "name missing": "資源 2（cafe）の名称: 入力してください",
    "no target state": "資源 2（サンプルカフェ）の対象となる状態（ワークシートの列）: 1つ以上選んでください",
    "point without a chosen precision": "資源 1（サンプルサロン）の位置の公開: 選んでください",
    "municipality code with a wrong check digit": "市区町村コード（6桁）: ",
}


def words(page) -> list[str]:
    return page.locator(".atlas-editor-problem-words").all_text_contents()


def test_invalid_entries_get_the_messages_validate_prints_and_no_download(page, site, tmp_path):
    today = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    open_editor(page, site)
    # a blank form opens with no message; a field left empty says so once it is left; 「保存」 shows the rest
    check(page)
    assert words(page) == [] and page.locator(".atlas-editor-msg:not([hidden])").count() == 0
    assert "まだ入力していない項目があります" in page.locator(".atlas-editor-summary").text_content()
    page.focus('[name="name"]')
    page.focus('[name="maintainer"]')
    check(page)
    assert words(page) == ["地区名: 入力してください"]
    assert page.locator('[data-path="name"] .atlas-editor-msg').text_content() == "入力してください"
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("button[data-action=download]")
    shown = words(page)
    assert shown == ["地区の id（半角英小文字・数字・ハイフン。ファイル名になります）: 入力してください",
                     "地区の単位: 選んでください", "市区町村: 入力してください", "地区名: 入力してください"]
    assert not any("[" in w or "yaml" in w for w in shown)
    assert page.evaluate("document.activeElement.className").startswith("atlas-editor-summary")
    assert downloads == []
    seen = []
    for n, (label, steps, code, fix) in enumerate(INVALID):
        ident = f"invalid-{n + 1}"
        page.evaluate("r => AtlasEditor.load(r)", _base_record(ident, today))
        assert errors_of_dicts(check(page)["problems"]) == [], label
        _apply(page, steps, ident)
        result = check(page)
        shown = shown_problems(page)
        assert any(f"[{code}]" in line for line in shown), (label, shown)
        assert not can_save(page), label
        assert page.locator(".atlas-editor-pr").is_hidden() and page.locator("[data-action=copy]").is_hidden()
        # the message is also beside the control it is about
        assert page.locator(".atlas-editor-msg:not([hidden])").count() >= 1, label
        assert len(words(page)) == len(shown), label
        assert not any(f"[{code}]" in w or w.startswith("content/") for w in words(page)), (label, words(page))
        if label in WORDS:
            assert any(w.startswith(WORDS[label]) for w in words(page)), (label, words(page))
        seen.append((label, result["path"], result["yaml"], shown))
        _apply(page, fix, ident)
        assert errors_of_dicts(check(page)["problems"]) == [], (label, shown_problems(page))
        assert can_save(page), label

    project = make_project(tmp_path / "project")
    for _, path, yaml_text, _ in seen:
        (project / path).write_text(yaml_text, encoding="utf-8")
    _, problems = load_atlas(project)
    for label, path, _, shown in seen:
        expected = [p.format() for p in problems if p.path == path]
        assert shown == expected, label
    assert len({label for label, *_ in seen}) == len(INVALID) >= 10


# ------------------------------------------------------------------ acceptance: 「この情報を直す」

def test_fix_this_information_round_trips_the_sample(page, site):
    page.goto(site + "districts/sample-district/index.html")
    page.click("p.atlas-edit-link a")
    page.wait_for_function("window.AtlasEditor !== undefined")
    assert "サンプル地区" in page.locator(".atlas-editor-origin").text_content()
    assert errors_of_dicts(check(page)["problems"]) == []
    name, data = download(page)
    assert name == "sample-district.yaml"
    assert data == SAMPLE.read_bytes()


def test_fix_this_information_on_a_resource_row_opens_that_resource(page, site):
    page.goto(site + "districts/sample-district/index.html")
    page.click('#r-sample-ninchisho-cafe a[data-atlas-edit]')
    page.wait_for_function("window.AtlasEditor !== undefined")
    index = page.evaluate("() => AtlasEditor.record().resources.findIndex(r => r.id === 'sample-ninchisho-cafe')")
    assert page.evaluate(f"() => document.getElementById('atlas-res-{index}').contains(document.activeElement)")


def test_case_editor_round_trips_a_case_and_requires_its_sources(page, site):
    page.goto(site + "cases/omuta/index.html")
    page.click("a[data-atlas-edit]")
    page.wait_for_function("window.AtlasEditor !== undefined")
    assert errors_of_dicts(check(page)["problems"]) == []
    name, data = download(page)
    assert name == "omuta.yaml"
    assert data == (FIXTURE / "cases/omuta.yaml").read_bytes()  # as it was, comments and all
    written = check(page)["yaml"].encode("utf-8")  # what the editor writes once something changes
    assert yaml_data(written) == yaml_data(data)
    assert written.decode().startswith("# yaml-language-server: $schema=../generator/schemas/case.schema.json\nid: omuta\n")

    # a fact without its source, and a source without its locator: refused, as validate refuses them
    select(page, "context.0.source", "")
    fill(page, "sources.0.locator", "")
    messages = {(p["field"], p["message"]) for p in check(page)["problems"]}
    assert ("context[0].source", "必須の項目「source」がありません") in messages
    assert ("sources[0].locator", "必須の項目「locator」がありません") in messages
    assert not can_save(page)


def _page_json(html: str, ident: str):
    return json.loads(re.search(rf'<script type="application/json" id="{ident}">(.*?)</script>', html, re.S).group(1))


def test_every_case_saved_unchanged_is_its_file_byte_for_byte(page, site, built_site):
    """「この情報を直す」 then save, for every case of the fixture (one page: AtlasEditor.open is
    what the case page's link hands over): the very file, comments and all; after a change,
    the editor's writing, and before saving it names the comment lines it will not keep."""
    open_editor(page, site, "case")
    cases = sorted((FIXTURE / "cases").glob("*.yaml"))
    assert len(cases) >= 10
    for path in cases:
        html = (built_site / "cases" / path.stem / "index.html").read_text(encoding="utf-8")
        record, file = _page_json(html, "atlas-record"), _page_json(html, "atlas-record-file")
        page.evaluate("([r, f]) => AtlasEditor.open(r, f)", [record, file])
        result = check(page)
        assert errors_of_dicts(result["problems"]) == [], path.name
        assert result["text"].encode("utf-8") == path.read_bytes(), path.name
        assert "開いたときのファイルのまま" in page.locator(".atlas-editor-keep").text_content()
    name, data = download(page)  # the last one, through the button
    assert name == cases[-1].name
    assert data == cases[-1].read_bytes()

    # values changed: only their lines are rewritten, comments and the rest stay as they were
    original = cases[-1].read_text(encoding="utf-8")
    fill(page, "title", record["title"] + "（改）")
    fill(page, "actions.0.text", "サロンを: 始めた")  # ": " must be quoted
    result = check(page)
    changed = [(a, b) for a, b in zip(original.split("\n"), result["text"].split("\n"), strict=True) if a != b]
    assert len(changed) == 2 and "（改）" in changed[0][1]
    assert yaml_data(result["text"].encode("utf-8")) == yaml_data(result["yaml"].encode("utf-8"))
    assert "書き換えて保存します" in page.locator(".atlas-editor-keep").text_content()
    fill(page, "title", record["title"])  # changed back: the file as it was again
    fill(page, "actions.0.text", record["actions"][0]["text"])
    assert check(page)["text"] == original

    # a change of shape (a theme more): written anew, and the comment lines it drops are named, exactly
    page.locator('input[name="themes"]:not(:checked)').first.check()
    result = check(page)
    assert result["text"] == result["yaml"] != original
    lines = [n for n, line in enumerate(original.splitlines(), start=1) if line.lstrip().startswith("#") and n > 1]
    note = page.locator(".atlas-editor-keep").text_content()
    assert f"コメント {len(lines)} 行" in note and str(lines[0]) in note


def test_a_new_case_with_a_new_source_document_validates(page, site, tmp_path, capsys):
    """The case editor adds a document that content/documents.yaml lacks: the case's source
    names it, and the lines to add to documents.yaml come with the file; both validate."""
    open_editor(page, site, "case")
    today = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    page.evaluate("r => AtlasEditor.load(r)", {
        "id": "editor-new-case", "title": "サンプル町：新しい資料の事例（架空）",
        "summary": "新しい資料から書いた事例です。", "attribution": "named",
        "municipalities": [{"code": "131016", "prefecture": "東京都", "name": "千代田区"}],
        "themes": ["dementia"], "checkpoints": [],
        "actions": [{"text": "サロンを始めた。", "source": "s1"}],
        "sources": [{"id": "s1", "locator": "p. 3"}], "last_reviewed": today})
    assert any(p["field"] == "sources[0].document" for p in check(page)["problems"])
    page.click('button[data-add="documents"]')
    fill(page, "documents.0.id", "Sample Report")  # not an id: refused as validate would
    fill(page, "documents.0.title", "サンプル町 地域づくり報告書（架空）")
    fill(page, "documents.0.url", "ftp://example.com/report.pdf")
    problems = {(p["field"], p["code"]) for p in check(page)["problems"]}
    assert {("documents[0].id", "bad-id"), ("documents[0].publisher", "missing-field"),
            ("documents[0].url", "bad-url")} <= problems
    assert "新しい資料 1（サンプル町 地域づくり報告書（架空））の発行者: 入力してください" in words(page)
    fill(page, "documents.0.id", "sample-town-report")
    fill(page, "documents.0.publisher", "サンプル町（架空）")
    fill(page, "documents.0.date", "2025-03-31")
    fill(page, "documents.0.url", "https://example.com/report.pdf")
    select(page, "sources.0.document", "sample-town-report")
    result = check(page)
    assert errors_of_dicts(result["problems"]) == [], result["problems"]
    assert result["documents"] == ('  - id: sample-town-report\n    title: サンプル町 地域づくり報告書（架空）\n'
                                   '    publisher: サンプル町（架空）\n    date: "2025-03-31"\n    url: https://example.com/report.pdf\n')
    assert page.locator(".atlas-editor-documents-out pre").text_content() == result["documents"]
    name, data = download(page)
    project = make_project(tmp_path / "project")
    (project / "cases" / name).write_bytes(data)
    documents = project / "content/documents.yaml"
    documents.write_text(documents.read_text(encoding="utf-8") + result["documents"], encoding="utf-8")
    assert cmd_validate(project) == 0, capsys.readouterr().out


def yaml_data(raw: bytes):
    """The data as `generator validate` reads it (load.py: folded Japanese lines joined without spaces)."""
    import tempfile

    from generator.check.load import load_file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_bytes(raw)
        doc, problems = load_file(path, Path(tmp))
    assert problems == []
    return doc.data


# ------------------------------------------------------------------ the worksheet prints as the paper sheet

def _print(page, url: str, paper: str, out: Path) -> Path:
    page.goto(url + f"?paper={paper}")
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    out.write_bytes(page.pdf(format=paper.upper(), landscape=True, print_background=True, prefer_css_page_size=True))
    page.emulate_media(media="screen")
    return out


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _raster(pdf: Path) -> bytes:
    return subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf)], capture_output=True, check=True).stdout


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_empty_grid_prints_exactly_as_the_paper_worksheet(page, site, tmp_path, paper):
    paper_pdf = _print(page, site + "worksheets/blank/index.html", paper, tmp_path / "paper.pdf")
    editor_pdf = _print(page, site + "editor/index.html", paper, tmp_path / "editor.pdf")
    assert _pages(editor_pdf) == _pages(paper_pdf) == 1
    assert _raster(editor_pdf) == _raster(paper_pdf)


def test_filled_grid_prints_on_one_sheet_with_every_name(page, site, tmp_path):
    page.goto(site + "districts/sample-district/index.html")
    page.click("p.atlas-edit-link a")
    page.wait_for_function("window.AtlasEditor !== undefined")
    names = page.evaluate("() => AtlasEditor.record().resources.map(r => r.name)")
    pdf = _print(page, page.url.split("?")[0], "a3", tmp_path / "filled.pdf")
    assert _pages(pdf) == 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert all(re.sub(r"\s+", "", n) in flat for n in names)
    assert "＋名前" not in flat and "追加" not in flat and "資源の詳細" not in flat


# ------------------------------------------------------------------ contributor text is data; phones

PAYLOAD = "<img src=x onerror=__x(1)><script>__x(2)</script>\"'`${__x(3)}"


def test_contributor_text_is_shown_as_text(context, site):
    context.add_init_script("window.__hits = []; window.__x = n => window.__hits.push(n);")
    page = context.new_page()
    open_editor(page, site)
    record = _base_record("payload", "2026-01-01")
    record["name"] = PAYLOAD[:60]
    record["resources"][0]["name"] = PAYLOAD
    record["resources"][1]["category"] = PAYLOAD  # an unknown term: shown in the message and the select
    page.evaluate("r => AtlasEditor.load(r)", record)
    check(page)
    assert page.locator(".atlas-ws-item a").all_text_contents()[0] == PAYLOAD
    assert page.locator("#atlas-res-0 .atlas-editor-item-title").text_content().endswith(PAYLOAD[:40])
    assert page.input_value('[name="resources.0.name"]') == PAYLOAD
    assert any(PAYLOAD in line for line in shown_problems(page))
    assert page.locator("img[src=x], .atlas-editor script").count() == 0
    page.wait_for_timeout(100)
    assert page.evaluate("window.__hits") == []


def test_editor_fits_a_390_px_phone_with_large_controls(context, site):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "districts/sample-district/index.html")
    page.click("p.atlas-edit-link a")
    page.wait_for_function("window.AtlasEditor !== undefined")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = page.evaluate("""() => [...document.querySelectorAll('.atlas-editor input[type=text], .atlas-editor select,'
        + ' .atlas-editor textarea')].filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert len(sizes) > 100 and min(sizes) >= 16
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.atlas-editor-field, .atlas-editor-group')]
        .filter(e => e.getBoundingClientRect().right > 390).length""")
    assert overflowing == 0

    # the worksheet grid: one state at a time, chosen above it; its column, its header and the
    # rows' headers on screen, every resource of that state in it, a box to add one in every row
    record = page.evaluate("() => AtlasEditor.record()")
    tabs = page.locator(".atlas-ws-tabs button")
    assert tabs.all_inner_texts() == ["元気", "虚弱", "要介護に近い"]
    for n, state in enumerate(["genki", "kyojaku", "near-care"]):
        tabs.nth(n).click()
        assert tabs.nth(n).get_attribute("aria-pressed") == "true"
        shown = page.evaluate("""() => {
            const on = e => e.offsetParent !== null, box = e => e.getBoundingClientRect();
            const sheet = document.querySelector('.atlas-editor .atlas-worksheet');
            return {
              heads: [...sheet.querySelectorAll('.atlas-ws-state')].filter(on).map(e => e.textContent),
              rowheads: [...sheet.querySelectorAll('.atlas-ws-rowhead')]
                .filter(e => box(e).left >= 0 && box(e).right <= 390).length,
              rows: sheet.querySelectorAll('.atlas-ws-rowhead').length,
              items: [...sheet.querySelectorAll('.atlas-ws-item')].filter(on).map(e => e.textContent),
              adds: [...sheet.querySelectorAll('.atlas-ws-add')].filter(on).map(e => e.querySelector('input').dataset.state),
              outside: [...sheet.querySelectorAll('.atlas-ws-item, .atlas-ws-add, th')].filter(on)
                .filter(e => box(e).right > 390 || box(e).left < 0).length,
            }; }""")
        assert shown["heads"] == [tabs.nth(n).inner_text()] and shown["rowheads"] == shown["rows"] == 7
        assert sorted(shown["items"]) == sorted(r["name"] for r in record["resources"] if state in r["target_states"])
        assert shown["adds"] == [state] * 7 and shown["outside"] == 0


# ------------------------------------------------------------------ pull request link

def test_pull_request_link_when_the_repository_is_configured(context, site_server, built_site):
    def with_repository(route):
        body = (built_site / "editor/data.js").read_text(encoding="utf-8")
        assert '"repository":{"url":""' in body
        route.fulfill(body=body.replace('"repository":{"url":""', '"repository":{"url":"https://github.com/example/atlas"'),
                      content_type="text/javascript")
    context.route("**/editor/data.js", with_repository)
    page = context.new_page()
    page.goto(site_server + "/districts/sample-district/")
    page.click("p.atlas-edit-link a")
    page.wait_for_function("window.AtlasEditor !== undefined")
    check(page)
    link = page.locator(".atlas-editor-pr")
    assert link.is_visible()
    assert link.get_attribute("href") == "https://github.com/example/atlas/edit/main/content/districts/sample-district.yaml"

    # a new district (not opened from a page): the new-file form, prefilled with the file
    today = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    page.evaluate("r => AtlasEditor.load(r)", _base_record("new-sample", today))
    result = check(page)
    parts = urlparse(link.get_attribute("href"))
    assert parts.netloc == "github.com" and parts.path == "/example/atlas/new/main/content/districts"
    query = parse_qs(parts.query)
    assert query["filename"] == ["new-sample.yaml"] and query["value"] == [result["yaml"]]

    fill(page, "resources.0.url", "ftp://example.com/")
    check(page)
    assert link.is_hidden()


# ------------------------------------------------------------------ the browser ports = the Python functions

ADDRESSES = [
    "東京都千代田区千代田1-1", "〒100-0001 千代田区千代田1-1 山田様方", "〒1000001千代田区千代田",
    "北海道札幌市中央区北1条西2丁目3番地",
    "京都市中京区中島町87番地", "千代田区三番町5-2", "千代田区一番町10", "大字小川字東原123", "千代田区神田神保町２－５",
    "一の宮町一丁目2番3号", "（架空）サンプル町1丁目 サンプル地区会館", "サンプル町", "港区六本木六丁目10番1号",
    "千代田区丸の内一丁目9-1\u3000グラントウキョウ", " 千代田区 ", "", "山田様方", "千代田区千代田1‐1",
    "新宿区西新宿二丁目８番１号",
    "青葉区一番町4-7-17", "中央区銀座四丁目", "南区三十三間堂廻り", "千代田区九段南一丁目2番1号", "横浜市中区日本大通1",
    "千代田区霞が関1－2－2 中央合同庁舎", "千代田区永田町の1", "番地不明", "大阪市北区梅田 3-1-1", "港区芝公園4丁目2-8",
]
FLOATS = [35.6962, 139.7551, 35.125, 35.375, 35.625, 139.765, 0.125, -0.125, 35.7010, 1.005, 2.675, 35.0, 0.1,
          1e-05, 1.5e-07, 123456789012345.6, 1e16, 35.6987, 139.7486, 20.0, 45.999, -33.8688, 0.0, 1e22, 3.3333333333333335]
WORDS = ["salonn", "slon", "kayoiba", "genky", "near_care", "weekley", "exactt", "hiden", "hobby", "MO", "mo",
         "サロン", "", "x", "care", "prevention", "dementia", "kyojaku-", "named", "anonymized", "abc"]
PHONES = ["090-1234-5678", "+81 90-1234-5678", "(090)1234-5678", "０９０－１２３４－５６７８", "03-1234-5678",
          "0081-80-1111-2222", "+81-3-1234-5678", "070 1111 2222", "020-123-4567", "0120-123-456", "+8180", ""]
MAILS = ["a@gmail.com", "A@GMAIL.COM", "x@googlemail.com.", "y@mail.yahoo.co.jp", "info@example.org",
         "z@ｇｍａｉｌ．ｃｏｍ", "@docomo.ne.jp", "kaigo@city.chiyoda.lg.jp", "a@notgmail.com"]
CODES = ["131016", "131017", "402028", "402029", "１３１０１６", "13101", "1310166", "abcdef", "000000", "011002"]
STRINGS = ["plain", "サンプル", "yes", "No", "on", "null", "~", "", " lead", "trail ", "a: b", "a #b", "a#b", "-x",
           "- x", "10:00", "2026-10-01", "131016", "0x1F", "1_000", "1e5", "1.5", ".5", ".inf", "3-3", "<<", "=",
           "@home", "`x`", "%x", "!x", "&x", "*x", "|x", ">x", "'q'", '"q"', "a\nb", "tab\tin", "nul\x00",
           "del\x7f", "nel\x85", "\u2028ls", "bom\ufeff", "😀 emoji", "a:", "key: value", "[x]", "{x}", "x,y",
           "ｆｕｌｌ", "TRUE", "Off", "12:30:45", "2001-12-14 21:59:43.10 -5", "-1", "+1", "0o7", "007", "\\back"]


def test_browser_ports_give_what_python_gives(page, site):
    open_editor(page, site)
    js = page.evaluate("""([addresses, floats, words, phones, mails, codes, vocab, schedules]) => {
        const C = AtlasEditorCore;
        return {
          addresses: addresses.map(C.approximateAddress),
          rounded: floats.map(x => C.pyRound(x, 2)),
          reprs: floats.map(C.floatRepr),
          matches: words.map(w => C.closeMatch(w, vocab)),
          mobile: phones.map(C.isMobilePhone),
          mail: mails.map(C.isPersonalMail),
          codes: codes.map(C.checkDigitOk),
          visible: addresses.concat(["a\\nb", "\\u202e", "\\x00", "\\t"]).map(C.visible),
          schedules: schedules.map(C.suggestRules),
        }; }""", [ADDRESSES, FLOATS, WORDS, PHONES, MAILS, CODES, VOCAB, [c["text"] for c in SCHEDULE_TEXT]])
    assert js["addresses"] == [approximate_address(a) for a in ADDRESSES]
    assert js["rounded"] == [round(x, 2) for x in FLOATS]
    assert js["reprs"] == [repr(x) for x in FLOATS]
    assert js["matches"] == [(difflib.get_close_matches(w, VOCAB, n=1) or [""])[0] for w in WORDS]
    assert js["mobile"] == [rules.is_mobile_phone(p) for p in PHONES]
    assert js["mail"] == [rules.is_personal_mail(m) for m in MAILS]
    assert js["codes"] == [municipalities.check_digit_ok(c) for c in CODES]
    assert js["visible"] == [visible(t) for t in ADDRESSES + ["a\nb", "\u202e", "\x00", "\t"]]
    # tests/data/schedule_text.json: the editor's suggestion = importers/hours.suggested_rules (test_import_hours.py)
    assert js["schedules"] == [c["rules"] for c in SCHEDULE_TEXT]


SCHEDULE_TEXT = json.loads((ROOT / "tests/data/schedule_text.json").read_text(encoding="utf-8"))
ADDRESS_TABLE = json.loads((ROOT / "tests/data/addresses.json").read_text(encoding="utf-8"))


def test_the_editor_cuts_addresses_as_the_table_and_python_say(page, site):
    """tests/data/addresses.json (test_privacy.py runs it in Python) through the editor's
    port, and the character kinds it reads them by at every edge of the table it is given
    (privacy.kind_ranges), astral code points included."""
    open_editor(page, site)
    edges = sorted({cp for first, last, _ in kind_ranges() for cp in (first - 1, first, last, last + 1)}
                   | {0x1D7D7, 0x1F600, 0xE0100, 0x10FFFF})
    chars = [chr(cp) for cp in edges if not 0xD800 <= cp < 0xE000]
    js = page.evaluate("""([addresses, chars]) => ({
        cuts: addresses.map(a => AtlasEditorCore.approximateAddress(a)),
        kinds: chars.map(c => AtlasEditorCore.charKind(c)) })""", [[r["address"] for r in ADDRESS_TABLE], chars])
    assert js["cuts"] == [r["cut"] for r in ADDRESS_TABLE]
    assert js["kinds"] == [char_kind(c) for c in chars]


VOCAB = sorted({"salon", "kayoinoba", "hobby-individual", "general-prevention", "prevention-service", "care-service",
                "other", "genki", "kyojaku", "near-care", "weekly", "monthly", "exact", "approximate", "hidden",
                "named", "anonymised", "unknown", "dementia", "exercise", "hobby", "MO", "TU", "WE"})


def _patterns(node: dict, out: dict) -> dict:
    if "pattern" in node:
        out.setdefault(node["pattern"], None)
    for sub in list(node.get("properties", {}).values()) + [node.get("items")] + [node.get("if"), node.get("then")]:
        if isinstance(sub, dict):
            _patterns(sub, out)
    return out


def test_schema_patterns_match_in_the_browser_as_in_python(page, site):
    """Every pattern of the compiled schemas accepts in the browser exactly the strings
    `generator validate` accepts (schema_check.ecma_regex, ECMA semantics in both validators),
    on a table with Unicode digits and spaces, impossible dates and final newlines."""
    sources = {}
    for name in ("district.schema.json", "case.schema.json", "common.schema.json"):
        _collect_python_patterns(json.loads((ROOT / "generator/schemas" / name).read_text(encoding="utf-8")), sources)
    compiled = {}
    for kind in ("district", "case"):
        _patterns(compile_schema(kind), compiled)
    assert set(compiled) == {es5_pattern(p) for p in sources}
    samples = ["2026-10-01", "2026-02-29", "2024-02-29", "0000-01-01", "2026-04-31", "0000", "2026-13",
               "2026-10-01\n", "2026-10-01\n\n", "２０２６-10-01", "2026-1-01", "2026", "2026-10",
               "131016", "１３１０１６", "131016\n", "1310166", "10:00", "24:00", "09:5", "omuta-1", "Omuta", "-a", "a" * 65,
               "https://example.com/x", "http://a b", "mailto:x@y", "tel:03-1234-5678", "javascript:x", "tel:03 x",
               "03-1234-5678", "０３-１２３４-５６７８", "(03)1234 5678", "abc", "a@b", "a @b", "a@b\u0085c", "a@b\u3000",
               "a@b\x1c", "🙂@b", "", "\n"]
    python = {p: [bool(ecma_regex(p).search(s)) for s in samples] for p in sources}
    browser = page.evaluate("""([patterns, samples]) => Object.fromEntries(patterns.map(p =>
        [p, samples.map(s => new RegExp(p).test(s))]))""", [[es5_pattern(p) for p in sources], samples])
    for p in sources:
        assert browser[es5_pattern(p)] == python[p], p


def _collect_python_patterns(node, out: dict) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            out[node["pattern"]] = True
        for value in node.values():
            _collect_python_patterns(value, out)
    elif isinstance(node, list):
        for value in node:
            _collect_python_patterns(value, out)


# ------------------------------------------------------------------ the YAML writer

def _records() -> list[dict]:
    sample = yaml_data(SAMPLE.read_bytes())
    tricky = _base_record("tricky", "2026-01-01")
    tricky["description"] = "\n".join(STRINGS)
    tricky["resources"] = [
        {"id": f"s{i}", "name": s or "x", "category": "salon", "target_states": ["genki"], "description": s,
         "address": s, "last_verified": "2026-01-01",
         "location": {"lat": FLOATS[i % len(FLOATS)] % 40 + 10.5, "lon": 139.25, "precision": "exact"}}
        for i, s in enumerate(STRINGS)]
    return [sample, tricky]


def test_written_yaml_reads_back_as_the_record(page, site, tmp_path):
    open_editor(page, site)
    from generator.check.load import load_file
    for n, record in enumerate(_records()):
        text = page.evaluate("r => AtlasEditorCore.writeYaml('district', r).text", record)
        path = tmp_path / f"r{n}.yaml"
        path.write_text(text, encoding="utf-8")
        doc, problems = load_file(path, tmp_path)
        assert problems == [] and doc.data == record
        assert text.startswith("# yaml-language-server: $schema=../../generator/schemas/district.schema.json\n")


def test_js_writer_gives_the_python_writers_bytes(page, site):
    district_yaml = pytest.importorskip("generator.importers.district_yaml",
                                        reason="the importers' YAML writer is not on this branch yet")
    open_editor(page, site)
    for record in _records():
        assert page.evaluate("r => AtlasEditorCore.writeYaml('district', r).text", record) == \
            district_yaml.district_yaml(record)
    assert page.evaluate("s => s.map(x => AtlasEditorCore.scalar(x, 'description'))", STRINGS) == \
        [district_yaml.scalar(s) for s in STRINGS]
    assert set(page.evaluate("() => AtlasEditorCore.data.yaml.alwaysQuoted.district")) == set(district_yaml.ALWAYS_QUOTED)
    assert page.evaluate("() => AtlasEditorCore.data.yaml.schemaLines.district") == district_yaml.SCHEMA_LINE


# ------------------------------------------------------------------ accessibility

@pytest.mark.parametrize("start", ["editor/index.html", "districts/sample-district/index.html", "cases/omuta/index.html"])
def test_no_axe_violation_in_the_editor(page, site, start):
    """axe-core (axe-playwright-python, as tests/test_a11y.py) on the empty editor and on the
    editors opened by 「この情報を直す」 with a whole district or case in the form."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + start)
    if not start.startswith("editor/"):
        page.click("a[data-atlas-edit]")
    page.wait_for_function("window.AtlasEditor !== undefined")
    check(page)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
