"""Hostile contributor input is inert: a case and a district with script payloads in every
string field build into a site where no injected code runs and the text shows literally.
Checked in headless Chromium on every kind of page, map popup and search result."""

import functools
import http.server
import subprocess
import threading
from urllib.parse import quote

import pytest
import yaml
from conftest import make_project

from generator.cli import cmd_build

pytestmark = pytest.mark.browser

# Calls window.__x(n) if any part is ever run as code; every form a contributor might try.
PAYLOAD = "<script>__x(1)</script><img src=x onerror=__x(2)>\"'><svg onload=__x(3)>${__x(4)}`{{ 'Q7'~'Z9' }}"
SHORT = "<i onclick=__x(5)>'\""  # for fields with short length limits (20 characters)


def hostile_case() -> dict:
    src = "s1"
    return {
        "id": "hostile", "title": PAYLOAD, "summary": PAYLOAD, "attribution": "named",
        "place_label": SHORT,
        "municipalities": [{"code": "402028", "prefecture": "福岡県", "name": "大牟田市"}],
        "themes": ["dementia"], "checkpoints": ["2-1"],
        "context": [{"text": PAYLOAD, "source": src}], "challenge": [{"text": PAYLOAD, "source": src}],
        "actions": [{"text": PAYLOAD, "source": src}], "outcomes": [{"text": PAYLOAD, "source": src}],
        "figures": [{"label": PAYLOAD, "value": 1, "unit": SHORT, "as_of_label": SHORT, "note": PAYLOAD,
                     "source": src}],
        "stakeholders": [{"name": PAYLOAD, "side": SHORT, "role": PAYLOAD, "source": src}],
        "timeline": [{"date_label": SHORT, "stage": SHORT, "label": PAYLOAD, "source": src}],
        "quotes": [{"text": PAYLOAD, "speaker_role": SHORT, "source": src}],
        "places": [{"name": PAYLOAD, "description": PAYLOAD, "source": src}],
        "sources": [{"id": src, "document": "kyushu-2019", "locator": PAYLOAD}],
        "last_reviewed": "2026-11-23",
    }


def hostile_district() -> dict:
    return {
        "id": "hostile-district", "name": PAYLOAD[:60], "layer": "junior-high-school",
        "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
        "demo": True, "description": PAYLOAD, "maintainer": PAYLOAD, "last_reviewed": "2026-11-01",
        "resources": [{
            "id": "evil", "name": PAYLOAD, "category": "salon", "target_states": ["genki"],
            "description": PAYLOAD, "address": PAYLOAD,
            "schedule": {"text": PAYLOAD, "notes": PAYLOAD},
            "location": {"lat": 35.6945, "lon": 139.7530, "precision": "exact"},
            "contact": {"organisation": PAYLOAD},
            "url": "https://example.com/?q=1&r=2",  # "&" must be escaped in the href
            "last_verified": "2026-10-01",
        }],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, root):
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False)
    (project / "cases/hostile.yaml").write_text(dump(hostile_case()), encoding="utf-8")
    (project / "content/districts/hostile-district.yaml").write_text(dump(hostile_district()), encoding="utf-8")
    site = project / "site"
    assert cmd_build(project, site) == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def guarded(browser):
    context = browser.new_context()
    context.add_init_script("window.__hits = []; window.__x = function (n) { window.__hits.push(n); };")
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    # console errors, except the map tiles this offline machine cannot fetch
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)
    yield page, dialogs, errors
    context.close()


def _hits(page) -> list:
    hits = page.evaluate("window.__hits")
    for frame in page.frames[1:]:
        hits += frame.evaluate("window.__hits || []")
    return hits


@pytest.mark.parametrize("path", [
    "/cases/hostile/", "/cases/", "/cases/map/", "/districts/", "/districts/hostile-district/",
    "/districts/hostile-district-worksheet/", "/taxonomy/", "/worksheets/",
    "/search/?q=" + quote("__x"),
])
def test_no_injected_code_runs_and_text_is_literal(hostile_site, guarded, path):
    _, base = hostile_site
    page, dialogs, errors = guarded
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    # open every map popup, where Leaflet inserts HTML
    for frame in page.frames[1:]:
        for marker in frame.locator("path.leaflet-interactive").all()[:40]:
            # DOM events, not pointer actions: an open popup pans the map and moves the next marker
            marker.dispatch_event("click")
            marker.dispatch_event("mouseover")
    page.wait_for_timeout(200)
    assert _hits(page) == [] and dialogs == [] and errors == []
    if path in ("/cases/hostile/", "/districts/hostile-district/", "/search/?q=" + quote("__x")):
        body = page.locator("body").inner_text()
        assert "<script>__x(1)</script><img src=x onerror=__x(2)>" in body


def test_map_popup_shows_payload_as_text(hostile_site, guarded):
    _, base = hostile_site
    page, _, _ = guarded
    page.goto(base + "/maps/hostile-district.html")
    page.locator("path.leaflet-interactive").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    assert "<script>__x(1)</script>" in popup.inner_text()
    assert "{{ 'Q7'~'Z9' }}" in popup.inner_text()  # not evaluated by the template engine
    assert popup.locator("script, img, svg").count() == 0
    assert _hits(page) == []


def test_no_output_file_holds_an_evaluated_template(hostile_site):
    site, _ = hostile_site
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".csv", ".geojson"):
            assert b"Q7Z9" not in path.read_bytes(), path


def test_printed_worksheet_shows_payload_as_text(hostile_site):
    site, _ = hostile_site
    pdf = site / "pdf/worksheet-hostile-district-a3.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "<script>__x(1)</script>" in text.replace("\n", "")
