"""Folium (Leaflet) maps as standalone HTML files, one per district.

Folium's own Popup/Tooltip put text in JavaScript template literals (where `${…}`
would run) and its default assets come from CDNs. Here popups and tooltips are
bound from JSON strings of escaped HTML, Leaflet is served from the site itself,
and element ids are numbered so the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from itertools import count

import folium
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import escape

from ..model import Case, District, Resource
from ..privacy import APPROXIMATE_LABEL, public_point
from .env import environment

GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank" rel="noopener">地理院タイル</a>'
GSI_LAYERS = (
    ("地理院地図（標準）", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"),
    ("地理院地図（淡色）", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"),
)
TILE_HOSTS = ("cyberjapandata.gsi.go.jp",)


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
    """JSON that is safe inside <script> and inert as Jinja (see js_string)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("{", "\\u007b").replace("}", "\\u007d")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def js_string(html: str) -> str:
    """A JavaScript string literal that is also safe inside <script>…</script>, and inert as
    Jinja: branca compiles each element's rendered output as a template again, so "{{ … }}"
    from a contributor would otherwise be evaluated at build time."""
    return js_value(html)


def inert(text: str) -> str:
    """Text folium serialises itself (layer names, titles): braces become full-width, so no
    Jinja delimiter can survive into branca's second template pass."""
    return text.replace("{", "｛").replace("}", "｝")


class BoundContent(MacroElement):
    """bindPopup / bindTooltip on the parent layer with already-escaped HTML."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.{{ this.method }}({{ this.content }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, method: str, html: str, options: dict | None = None):
        super().__init__()
        self._name = "Bound"
        self.method = method
        self.content = js_string(html)
        self.options = json.dumps(options or {})


class MapControl(MacroElement):
    """A Leaflet control holding static, already-escaped HTML (legend, sample label)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(){var c = L.control({position: {{ this.position }}});"
        "c.onAdd = function(){var d = L.DomUtil.create('div', {{ this.css_class }});"
        "d.innerHTML = {{ this.content }}; return d;};"
        "c.addTo({{ this._parent.get_name() }});})();"
        "{% endmacro %}"
    )

    def __init__(self, html: str, position: str, css_class: str):
        super().__init__()
        self._name = "MapControl"
        self.content = js_string(html)
        self.position = json.dumps(position)
        self.css_class = json.dumps(css_class)


_POPUP = environment().from_string(
    "<div class=\"atlas-popup\"><strong>{{ r.name }}</strong><br>"
    "{{ r.category.label }}<br>対象：{{ r.target_states|map(attribute='label')|join('・') }}"
    "{% if r.schedule %}<br>日時：{{ r.schedule.text }}{% endif %}"
    "{% if r.address %}<br>場所：{{ r.address }}{% endif %}"
    "{% if approximate %}<br><small>{{ approximate_label }}</small>{% endif %}"
    "<br><a href=\"{{ page }}#r-{{ r.id }}\" target=\"_parent\">くわしく見る</a>"
    "{% if demo %}<br><small>サンプル（架空のデータ）</small>{% endif %}</div>"
)


def popup_html(resource: Resource, page: str, demo: bool) -> str:
    approximate = resource.location is not None and resource.location.precision == "approximate"
    return _POPUP.render(r=resource, page=page, approximate=approximate,
                         approximate_label=APPROXIMATE_LABEL, demo=demo)


def legend_html(groups: list[tuple]) -> str:
    rows = "".join(
        f'<li><span class="swatch" style="background:{escape(term.color)}"></span>'
        f"{escape(term.label)}（{n}）</li>"
        for term, n in groups
    )
    return f'<strong>資源の種類</strong><ul>{rows}</ul>'


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


def _new_map(center: tuple, zoom: int, assets: str) -> folium.Map:
    """A Leaflet map served from the site's own assets, on GSI tiles."""
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True)
    m.default_js = [("leaflet", f"{assets}/vendor/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{assets}/vendor/leaflet/leaflet.css"),
                     ("atlas_map_css", f"{assets}/map.css")]
    for i, provider in enumerate(_gsi_providers()):
        folium.TileLayer(tiles=provider, name=provider["name"], max_zoom=18,
                         overlay=False, control=True, show=(i == 0)).add_to(m)
    return m


@functools.lru_cache(maxsize=1)
def _gsi_providers() -> list:
    """GSI tiles as xyzservices providers: passing a URL makes folium search every known
    provider by name first (~8 ms a map)."""
    return [xyzservices.TileProvider(name=name, url=url, attribution=GSI_ATTRIBUTION, html_attribution=GSI_ATTRIBUTION,
                                     max_zoom=18)
            for name, url in GSI_LAYERS]


def _bounds(points: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """South-west and north-east corners, when there is more than one point to fit."""
    if len(points) < 2:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [(min(lats), min(lons)), (max(lats), max(lons))]


def _html(m: folium.Map, title: str) -> str:
    root = m.get_root()
    root.title = inert(str(escape(title)))
    _number_ids(root, "e")
    return root.render().replace("<html>", '<html lang="ja">', 1)


def _marker(point: tuple, fill: str, popup: str, tooltip: str, radius: int = 10) -> folium.CircleMarker:
    marker = folium.CircleMarker(location=point, radius=radius, color="#000000", weight=2,
                                 fill=True, fill_color=fill, fill_opacity=0.9)
    marker.add_child(BoundContent("bindPopup", popup, {"maxWidth": 280}))
    marker.add_child(BoundContent("bindTooltip", str(escape(tooltip))))
    return marker


class DistrictMarkers(MacroElement):
    """All markers of a district map in one element: a JSON table of category groups, each
    with [lat, lon, popup HTML, tooltip HTML] rows, turned into Leaflet circle markers and
    layer-control overlays by a few lines of ES5. One Folium element per marker (three
    with popup and tooltip) cost ~20 ms a district map; this costs well under 1 ms."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(map, control, groups){"
        "for (var i = 0; i < groups.length; i++) {"
        "var g = groups[i], layer = L.featureGroup();"
        "for (var j = 0; j < g[2].length; j++) {"
        "var p = g[2][j];"
        "L.circleMarker([p[0], p[1]], {radius: 10, color: '#000000', weight: 2, fill: true,"
        " fillColor: g[1], fillOpacity: 0.9}).bindPopup(p[2], {maxWidth: 280}).bindTooltip(p[3]).addTo(layer);"
        "}"
        "layer.addTo(map); control.addOverlay(layer, g[0]);"
        "}"
        "})({{ this._parent.get_name() }}, {{ this.control.get_name() }}, {{ this.groups }});"
        "{% endmacro %}"
    )

    def __init__(self, groups: list, control: folium.LayerControl):
        super().__init__()
        self._name = "DistrictMarkers"
        self.control = control
        self.groups = js_value(groups)


def _district_parts(district: District, categories: list, page: str) -> dict:
    """What differs between district maps: centre, bounds, marker groups, legend, title."""
    points = [(r, public_point(r.location)) for r in district.resources]
    points = [(r, p) for r, p in points if p is not None]
    center = (district.municipality.lat, district.municipality.lon)
    if points:
        center = (sum(p[0] for _, p in points) / len(points), sum(p[1] for _, p in points) / len(points))
    groups, legend = [], []
    for term in categories:
        members = [(r, p) for r, p in points if r.category.id == term.id]
        if not members:
            continue
        # overlay names are HTML in Leaflet's layer control: escaped like everything else
        groups.append([str(escape(f"{term.label}（{len(members)}）")), term.color,
                       [[p[0], p[1], popup_html(r, page, district.demo), str(escape(r.name))]
                        for r, p in members]])
        legend.append((term, len(members)))
    return {"center": center, "bounds": _bounds([p for _, p in points]), "groups": groups, "legend": legend_html(legend),
            "demo": district.demo,
            "title": f"{district.name}の地図" + ("（サンプル・架空のデータ）" if district.demo else "")}


def _folium_district_map(parts: dict, assets: str) -> str:
    m = _new_map(parts["center"], 15, assets)
    control = folium.LayerControl(collapsed=True)
    control.add_to(m)
    m.add_child(DistrictMarkers(parts["groups"], control))
    m.add_child(MapControl(parts["legend"], "bottomleft", "atlas-legend"))
    if parts["demo"]:
        m.add_child(MapControl("<strong>サンプル（架空のデータ）</strong><br>実在の場所・団体ではありません",
                               "topright", "atlas-demo-control"))
    if parts["bounds"]:
        m.fit_bounds(parts["bounds"], padding=(30, 30))
    return _html(m, parts["title"])


# Stand-ins for the varying parts, rendered once through Folium and then replaced.
_SKELETON = {"center": (11.123456789, 22.123456789), "bounds": [(1.123456789, 2.123456789), (3.123456789, 4.123456789)],
             "groups": "ATLAS-GROUPS-7f3a", "legend": "ATLAS-LEGEND-7f3a", "title": "ATLAS-TITLE-7f3a"}


def _encoded(parts: dict) -> dict[str, str]:
    """Each varying part as it appears in the map's HTML."""
    out = {"center": json.dumps(list(parts["center"])), "groups": js_value(parts["groups"]),
           "legend": js_value(parts["legend"]), "title": inert(str(escape(parts["title"])))}
    if parts["bounds"]:
        out["bounds"] = json.dumps([list(b) for b in parts["bounds"]])
    return out


@functools.lru_cache(maxsize=8)
def _district_skeleton(assets: str, demo: bool, fitted: bool) -> tuple[list[str], list[str]]:
    """Folium's output for this kind of district map, split at the stand-ins: the text
    pieces and, between them, the names of the parts that go there."""
    parts = dict(_SKELETON, demo=demo, bounds=_SKELETON["bounds"] if fitted else None)
    html = _folium_district_map(parts, assets)
    marks = {text: name for name, text in _encoded(parts).items()}
    pieces = re.split("(" + "|".join(map(re.escape, marks)) + ")", html)
    names = [marks[p] for p in pieces[1::2]]
    assert sorted(names) == sorted(marks.values()), "every stand-in must appear exactly once"
    return pieces[::2], names


def _fill(skeleton: tuple[list[str], list[str]], parts: dict) -> str:
    """One pass, so text put in is never searched again for stand-ins."""
    texts, names = skeleton
    values = _encoded(parts)
    out = [texts[0]]
    for name, text in zip(names, texts[1:], strict=True):
        out += [values[name], text]
    return "".join(out)


def district_map(district: District, categories: list, assets: str, page: str, *, direct: bool = False) -> str:
    """Standalone HTML of the district's map.

    `assets` is the URL of the site's assets folder as seen from the map file;
    `page` the URL of the district page, for "くわしく見る" links. Folium renders each
    kind of district map once; the district's own parts are then put into that output
    (~0.3 ms instead of ~6 ms a map). `direct=True` renders through Folium every time —
    tests check that both give the same bytes.
    """
    parts = _district_parts(district, categories, page)
    if direct:
        return _folium_district_map(parts, assets)
    return _fill(_district_skeleton(assets, parts["demo"], parts["bounds"] is not None), parts)


class PointsLayer(MacroElement):
    """Clustered markers from a compact data file (see mapdata.py and assets/points-map.js)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "AtlasPoints.init({{ this._parent.get_name() }}, {{ this.key }});"
        "{% endmacro %}"
    )

    def __init__(self, key: str):
        super().__init__()
        self._name = "PointsLayer"
        self.key = json.dumps(key)


def points_map(key: str, data_src: str, assets: str, center: tuple, title: str, demo: bool) -> str:
    """A map whose markers come from `data_src` (a points script), clustered and filterable."""
    m = _new_map(center, 11, assets)
    m.default_js = m.default_js + [
        ("markercluster", f"{assets}/vendor/markercluster/leaflet.markercluster.js"),
        ("atlas_points", f"{assets}/points-map.js"),
        ("atlas_points_data", data_src),
    ]
    m.default_css = m.default_css + [
        ("markercluster_css", f"{assets}/vendor/markercluster/MarkerCluster.css"),
        ("markercluster_default_css", f"{assets}/vendor/markercluster/MarkerCluster.Default.css"),
    ]
    m.add_child(PointsLayer(key))
    if demo:
        m.add_child(MapControl("<strong>サンプル（架空のデータ）を含みます</strong>",
                               "bottomleft", "atlas-demo-control"))
    return _html(m, title)


REPRESENTATIVE_NOTE = ("印は市区町村の代表点（役所・役場付近）です。"
                       "活動が行われた場所ではありません。")

_CASES_POPUP = environment().from_string(
    "<div class=\"atlas-popup\"><strong>{{ m.prefecture }} {{ m.name }}</strong>"
    "{% for c in cases %}<br><a href=\"{{ base }}{{ c.id }}/\" target=\"_parent\">{{ c.title }}</a>{% endfor %}"
    "<br><small>{{ note }}</small></div>"
)


def cases_map(cases: list[Case], assets: str, base: str, zoom: int = 5,
              center: tuple = (36.5, 137.0), title: str = "事例の地図", note: bool = True) -> str:
    """One marker per municipality that has a named case, at its representative point."""
    by_code: dict[str, tuple] = {}
    for case in cases:
        for muni in case.municipalities:
            if muni.lat is not None:
                by_code.setdefault(muni.code, (muni, []))[1].append(case)
    m = _new_map(center, zoom, assets)
    points = []
    for code in sorted(by_code):
        muni, muni_cases = by_code[code]
        popup = _CASES_POPUP.render(m=muni, cases=muni_cases, base=base, note=REPRESENTATIVE_NOTE)
        _marker((muni.lat, muni.lon), "#1f5fa8", popup, f"{muni.prefecture}{muni.name}", radius=9).add_to(m)
        points.append((muni.lat, muni.lon))
    if note:
        m.add_child(MapControl(f"<strong>{escape(title)}</strong><br>{escape(REPRESENTATIVE_NOTE)}",
                               "bottomleft", "atlas-legend"))
    if zoom > 5 and _bounds(points):
        m.fit_bounds(_bounds(points), padding=(30, 30))
    return _html(m, title)
