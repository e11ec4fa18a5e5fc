"""Folium (Leaflet) maps as standalone HTML files, one per district.

Folium's own Popup/Tooltip put text in JavaScript template literals (where `${…}`
would run) and its default assets come from CDNs. Here popups and tooltips are
bound from JSON strings of escaped HTML, Leaflet is served from the site itself,
and element ids are numbered so the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import json
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


def js_string(html: str) -> str:
    """A JavaScript string literal that is also safe inside <script>…</script>, and inert as
    Jinja: branca compiles each element's rendered output as a template again, so "{{ … }}"
    from a contributor would otherwise be evaluated at build time."""
    return (json.dumps(html, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("{", "\\u007b").replace("}", "\\u007d")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


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


def _fit(m: folium.Map, points: list[tuple[float, float]]) -> None:
    if len(points) > 1:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(30, 30))


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


def district_map(district: District, categories: list, assets: str, page: str) -> str:
    """Standalone HTML of the district's map.

    `assets` is the URL of the site's assets folder as seen from the map file;
    `page` the URL of the district page, for "くわしく見る" links.
    """
    points = [(r, public_point(r.location)) for r in district.resources]
    points = [(r, p) for r, p in points if p is not None]
    center = (district.municipality.lat, district.municipality.lon)
    if points:
        center = (sum(p[0] for _, p in points) / len(points), sum(p[1] for _, p in points) / len(points))
    m = _new_map(center, 15, assets)
    groups = []
    for term in categories:
        members = [(r, p) for r, p in points if r.category.id == term.id]
        if not members:
            continue
        layer = folium.FeatureGroup(name=inert(f"{term.label}（{len(members)}）"), show=True)
        for r, p in members:
            _marker(p, term.color, popup_html(r, page, district.demo), r.name).add_to(layer)
        layer.add_to(m)
        groups.append((term, len(members)))
    folium.LayerControl(collapsed=True).add_to(m)
    m.add_child(MapControl(legend_html(groups), "bottomleft", "atlas-legend"))
    if district.demo:
        m.add_child(MapControl("<strong>サンプル（架空のデータ）</strong><br>実在の場所・団体ではありません",
                               "topright", "atlas-demo-control"))
    _fit(m, [p for _, p in points])
    return _html(m, f"{district.name}の地図" + ("（サンプル・架空のデータ）" if district.demo else ""))


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
    if len(points) > 1 and zoom > 5:
        _fit(m, points)
    return _html(m, title)
