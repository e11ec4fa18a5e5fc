"""Folium (Leaflet) maps as standalone HTML files: one per district, per municipality, the
national map, the case map and one small map per case.

Folium renders the scaffolding: the map, the GSI tile layers and their switch, the scale,
Leaflet served from the site itself (no CDN), element ids numbered so the same input gives
the same bytes. Markers, popups, tooltips, legend and filters are not Folium's: each map
hands plain JSON data (mapdata.py) to the one shared script, assets/atlas-map.js, which
builds them with DOM nodes and textContent. Nothing here writes contributor text as HTML
or JavaScript source, and Leaflet is never given an HTML string to insert (Folium's own
Popup/Tooltip would, and its layer control writes overlay names with innerHTML, so neither
is used; the base-layer names in the switch are our constants).

Folium renders each kind of map once, with stand-ins for what varies (title, centre, data);
every map of that kind is then that output with its own values put in (~0.3 ms instead of
~6 ms a map). `direct=True` renders through Folium every time; tests check both agree.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from itertools import count

import folium
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import escape

from ..model.model import Atlas, Case, District
from ..model.privacy import APPROXIMATE_LABEL
from ..model.schedule import DAY_LABELS
from .mapdata import SCALE, cases_data, points_data

GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank" rel="noopener">地理院タイル</a>'
GSI_LAYERS = (
    ("地理院地図（標準）", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"),
    ("地理院地図（淡色）", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"),
)
TILE_HOSTS = ("cyberjapandata.gsi.go.jp",)
SCRIPT = "atlas-map.js"  # in the site's assets folder
URL_SCRIPT = "atlas-url.js"  # its links and mylist.js's go through it (loaded first)


class _Rendered(Element):
    """A piece of already-rendered HTML/JS, emitted as is (one template for all of them)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _macro_render(self, **kwargs):
    """branca's MacroElement.render, without compiling each rendered piece as a new Jinja
    template: that cost ~35 ms a map (most of a district map's build time) and would
    evaluate any "{{ … }}" that reached the output. Same output otherwise."""
    figure = self.get_root()
    module = self._template.module.__dict__
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.get(part)
        if macro is not None:
            target.add_child(_Rendered(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


MacroElement.render = _macro_render


def js_value(value) -> str:
    """A JSON value as JavaScript source that is safe inside <script> and inert as Jinja:
    "<", ">", "&", braces and line separators only ever appear as \\u escapes, so use it for
    strings and lists of strings (a brace outside a string literal would not be JavaScript)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("{", "\\u007b").replace("}", "\\u007d")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def js_string(text: str) -> str:
    """A JavaScript string literal that is also safe inside <script>…</script> and inert as Jinja."""
    return js_value(text)


def inert(text: str) -> str:
    """Text folium serialises itself (the title): braces become full-width, so no Jinja
    delimiter can survive into a template pass."""
    return text.replace("{", "｛").replace("}", "｝")


@dataclass(frozen=True)
class MapKind:
    """What every map of one kind shares: the script call, its options and the assets."""

    function: str          # AtlasMap.<function> in atlas-map.js
    zoom: int              # before the script fits the view to the markers
    options: str           # JSON options of the script call
    cluster: bool = False  # loads Leaflet.markercluster
    layers: bool = True    # the base-layer switch (標準・淡色)
    scripts: tuple = ()    # our assets loaded before atlas-map.js


def _options(**options) -> str:
    return json.dumps(options, ensure_ascii=False, sort_keys=True)


# the weekday choices of the filters, as on the district page (schedule.py)
_DAYS = [[code, f"{label}曜"] for code, label in DAY_LABELS.items()]
# filters (atlas-filter.js) and 「マイリストに入れる」 in popups (mylist.js)
_RESOURCE_SCRIPTS = ("atlas-filter.js", "mylist.js")
# The national map loads a municipality's points when the municipalities in view hold at
# most DETAIL_BUDGET points together, and lets go of those out of view beyond KEEP_POINTS.
DETAIL_BUDGET = 3000
KEEP_POINTS = 20000

DISTRICT = MapKind("points", 15, _options(cluster=False, district=False, maxZoom=17, approxLabel=APPROXIMATE_LABEL,
                                          days=_DAYS), scripts=_RESOURCE_SCRIPTS)
POINTS = MapKind("points", 11, _options(cluster=True, district=True, maxZoom=15, approxLabel=APPROXIMATE_LABEL,
                                        days=_DAYS), cluster=True, scripts=_RESOURCE_SCRIPTS)
NATIONAL = MapKind("national", 5, _options(cluster=True, district=True, maxZoom=15, approxLabel=APPROXIMATE_LABEL,
                                           days=_DAYS, detailBudget=DETAIL_BUDGET, keepPoints=KEEP_POINTS,
                                           clusterRadius=60),  # room for counts of 5 digits
                   cluster=True, scripts=_RESOURCE_SCRIPTS)
CASES = MapKind("cases", 5, _options(maxZoom=9), layers=False)


class AtlasMapScript(MacroElement):
    """`AtlasMap.<function>(map, data, options)`: the data is a JSON string parsed in the
    browser (inline), or the key of a points file loaded by a <script> (`src`)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "AtlasMap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.data }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, data: str, options: str):
        super().__init__()
        self._name = "AtlasMapScript"
        self.function, self.data, self.options = function, data, options


def _number_ids(root: Element, prefix: str) -> None:
    """Replace branca's random element ids with a running number (reproducible output)."""
    counter = count()

    def walk(element: Element) -> None:
        element._id = f"{prefix}{next(counter)}"
        for child in element._children.values():
            walk(child)

    walk(root)
    # children dicts are keyed by the old names; rebuild them under the new ones
    def rekey(element: Element) -> None:
        element._children = {c.get_name(): c for c in element._children.values()}
        for child in element._children.values():
            rekey(child)

    rekey(root)


@functools.lru_cache(maxsize=1)
def _gsi_providers() -> list:
    """GSI tiles as xyzservices providers: passing a URL makes folium search every known
    provider by name first (~8 ms a map)."""
    return [xyzservices.TileProvider(name=name, url=url, attribution=GSI_ATTRIBUTION, html_attribution=GSI_ATTRIBUTION,
                                     max_zoom=18)
            for name, url in GSI_LAYERS]


DEMO_BARS = {
    "district": "サンプル（架空のデータ）・実在しません",
    "some": "サンプル（架空のデータ）を含みます",
}


def _folium_map(kind: MapKind, assets: str, parts: dict) -> str:
    """The map's HTML rendered by Folium. `parts`: title, center, data (JavaScript source of
    the script's data argument), src (URL of a points file, or "") and demo (a DEMO_BARS
    key, or "")."""
    m = folium.Map(location=parts["center"], zoom_start=kind.zoom, tiles=None, control_scale=True)
    m.default_js = [("leaflet", f"{assets}/vendor/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{assets}/vendor/leaflet/leaflet.css")]
    if kind.cluster:
        m.default_js.append(("markercluster", f"{assets}/vendor/markercluster/leaflet.markercluster.js"))
        m.default_css += [("markercluster_css", f"{assets}/vendor/markercluster/MarkerCluster.css"),
                          ("markercluster_default_css", f"{assets}/vendor/markercluster/MarkerCluster.Default.css")]
    for name in (URL_SCRIPT, *kind.scripts):
        m.default_js.append((name.removesuffix(".js").replace("-", "_"), f"{assets}/{name}"))
    m.default_js.append(("atlas_map", f"{assets}/{SCRIPT}"))
    if parts["src"]:
        m.default_js.append(("atlas_map_data", parts["src"]))
    m.default_css.append(("atlas_map_css", f"{assets}/map.css"))
    for i, provider in enumerate(_gsi_providers()):
        folium.TileLayer(tiles=provider, name=provider["name"], max_zoom=18,
                         overlay=False, control=kind.layers, show=(i == 0)).add_to(m)
    m.add_child(AtlasMapScript(kind.function, parts["data"], kind.options))
    if kind.layers:
        folium.LayerControl(position="bottomright", collapsed=True).add_to(m)
    root = m.get_root()
    # the way back to the site, for a map opened alone (inside its page's frame atlas-map.js hides it)
    root.html.add_child(_Rendered(parts["back"]), name="atlas_back_bar")
    if parts["demo"]:
        # a slim bar above the map (body is a flex column, map.css), never over a marker
        root.html.add_child(_Rendered(f'<p class="atlas-demo-bar" role="note">{escape(DEMO_BARS[parts["demo"]])}</p>'),
                            name="atlas_demo_bar")
    root.title = parts["title"]
    _number_ids(root, "e")
    html, zoomable = _ZOOM_LOCK.subn('<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
                                     root.render(), count=1)
    assert zoomable == 1, "Folium's viewport line changed: pinch-zoom must stay allowed (WCAG 1.4.4)"
    return html.replace("<html>", '<html lang="ja">', 1)


# Folium forbids zooming the page (maximum-scale, user-scalable=no); WCAG 1.4.4 needs it allowed
_ZOOM_LOCK = re.compile(r'<meta name="viewport" content="width=device-width,\s*initial-scale=1\.0, '
                        r'maximum-scale=1\.0, user-scalable=no" />')


def back_bar(href: str, label: str, credits: str = "") -> str:
    """The bar above a standalone map: back to the page that shows it (`href`, a site-relative
    page file; `label` is text, escaped here) and to the home page, then the credit of the
    imported data it shows (`credits`, from map_credits)."""
    return (f'<nav class="atlas-map-back" aria-label="サイト内の移動"><a href="{escape(href)}" target="_top">'
            f'← {escape(label)}</a><a href="../index.html" target="_top">地域づくりアトラス</a>{credits}</nav>')


CREDITS_ON_A_MAP = 3  # beyond this many, the rest are named on the about page


def map_credits(districts: list[District]) -> str:
    """HTML: the credit and licence link of each dataset the districts were imported from (once
    each; a map opened alone shows imported data too, and its licence asks for the credit).
    Registry text is escaped, links are http/https only (a map's own page shows the full 出典)."""
    from .env import web_url

    found: dict[tuple, None] = {}
    for d in districts:
        if d.provenance:
            s = d.provenance.source
            found.setdefault((s.credit, s.licence_name, web_url(s.licence_url)), None)
    if not found:
        return ""
    items = []
    for credit, name, url in list(found)[:CREDITS_ON_A_MAP]:
        licence = f'<a href="{escape(url)}" target="_blank" rel="noopener">{escape(name)}</a>' if url else escape(name)
        items.append(f"{escape(credit)}（{licence}）")
    more = len(found) - CREDITS_ON_A_MAP
    if more > 0:
        items.append(f'ほか {more} 件（<a href="../about/index.html#data-sources" target="_top">このサイトについて</a>）')
    return f'<span class="atlas-map-credit">出典：{"、".join(items)}</span>'


# Stand-ins for the varying parts, rendered once through Folium and then replaced.
_STAND_INS = {"center": "[11.123456789, 22.123456789]", "data": '"ATLAS-DATA-7f3a"', "title": "ATLAS-TITLE-7f3a",
              "src": "ATLAS-SRC-7f3a.js", "back": "<!--ATLAS-BACK-7f3a-->"}


@functools.lru_cache(maxsize=16)
def _skeleton(kind: MapKind, assets: str, demo: str, external: bool) -> tuple[list[str], list[str]]:
    """Folium's output for this kind of map, split at the stand-ins: the text pieces and,
    between them, the names of the parts that go there."""
    parts = {"center": json.loads(_STAND_INS["center"]), "data": _STAND_INS["data"], "title": _STAND_INS["title"],
             "src": _STAND_INS["src"] if external else "", "demo": demo, "back": _STAND_INS["back"]}
    html = _folium_map(kind, assets, parts)
    marks = {text: name for name, text in _STAND_INS.items() if external or name != "src"}
    pieces = re.split("(" + "|".join(map(re.escape, marks)) + ")", html)
    names = [marks[p] for p in pieces[1::2]]
    assert sorted(names) == sorted(marks.values()), "every stand-in must appear exactly once"
    return pieces[::2], names


def _render(kind: MapKind, assets: str, *, title: str, center: tuple, data: str, back: tuple,
            src: str = "", demo: str = "", direct: bool = False) -> str:
    parts = {"title": inert(str(escape(title))), "center": list(center), "data": data, "src": src, "demo": demo,
             "back": back_bar(*back)}
    if direct:
        return _folium_map(kind, assets, parts)
    texts, names = _skeleton(kind, assets, demo, bool(src))
    values = {**parts, "center": json.dumps(parts["center"])}
    out = [texts[0]]  # one pass, so text put in is never searched again for stand-ins
    for name, text in zip(names, texts[1:], strict=True):
        out += [values[name], text]
    return "".join(out)


def _inline(data: dict) -> str:
    """Data as `JSON.parse("…")`: every brace and "<" inside a string literal, as \\u escapes."""
    return f"JSON.parse({js_string(json.dumps(data, ensure_ascii=False, separators=(',', ':')))})"


def _centre(data: dict, fallback: tuple) -> tuple:
    """The mean of the data's points (the script then fits the view to them)."""
    points = data["p"]
    if not points:
        return fallback
    return (sum(p[0] for p in points) / len(points) / SCALE, sum(p[1] for p in points) / len(points) / SCALE)


def district_map(atlas: Atlas, district: District, assets: str, page_base: str, *, direct: bool = False) -> str:
    """Standalone HTML of the district's map. `assets` is the URL of the site's assets folder
    as seen from the map file; `page_base` the URL of the districts folder, for the
    「くわしく見る」 links to <page_base><district id>/#r-<resource id>."""
    data = points_data(atlas, [district], page_base, detail=True)
    title = f"{district.name}の地図" + ("（サンプル・架空のデータ）" if district.demo else "")
    return _render(DISTRICT, assets, title=title, center=_centre(data, (district.municipality.lat,
                                                                        district.municipality.lon)),
                   data=_inline(data), back=(f"{page_base}{district.id}/index.html", f"{district.name}のページ"),
                   demo="district" if district.demo else "", direct=direct)


def points_map(key: str, data_src: str, assets: str, center: tuple, title: str, demo: bool, *,
               back: tuple, direct: bool = False) -> str:
    """A map whose markers come from `data_src` (a points script for `key`, mapdata.py),
    clustered and filterable. `back`: (page file, its name) of the page that shows it."""
    return _render(POINTS, assets, title=title, center=center, data=js_string(key), src=data_src, back=back,
                   demo="some" if demo else "", direct=direct)


def national_map(data_src: str, assets: str, title: str, demo: bool, *, credits: str = "",
                 direct: bool = False) -> str:
    """The national map: one marker per municipality from `data_src` (mapdata.national_data's
    counts), each municipality's own points loaded when the view comes close enough."""
    return _render(NATIONAL, assets, title=title, center=(36.5, 137.0), data=js_string("national"), src=data_src,
                   back=("../districts/map/index.html", "全国の地図のページ", credits), demo="some" if demo else "",
                   direct=direct)


def cases_map(cases: list[Case], assets: str, base: str, center: tuple = (36.5, 137.0), title: str = "事例の地図",
              legend: bool = True, *, back: tuple[str, str] = ("../cases/map/index.html", "事例の地図のページ"),
              direct: bool = False) -> str:
    """One marker per municipality that has a named case, at its representative point;
    popups link to <base><case id>/. `back`: (page file, its name) of the page that shows it."""
    data = cases_data(cases, base, legend=title if legend else "")
    return _render(CASES, assets, title=title, center=center, data=_inline(data), back=back, direct=direct)
