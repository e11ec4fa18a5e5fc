"""Static files of the site: our CSS/JS from site_templates/assets and the vendored
Leaflet from the XStatic packages on PyPI (installed by the setup, never a CDN)."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

from ..check.schema_check import SCHEMA_DIR
from .env import TEMPLATES

VENDOR = {
    "assets/vendor/leaflet": (Path(xs_leaflet.BASE_DIR),
                              ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                               "images/marker-icon.png", "images/marker-icon-2x.png",
                               "images/marker-shadow.png")),
    "assets/vendor/markercluster": (Path(xs_cluster.BASE_DIR),
                                    ("leaflet.markercluster.js", "MarkerCluster.css",
                                     "MarkerCluster.Default.css")),
}
LICENCES = {
    "assets/vendor/leaflet/LICENSE.txt": "Leaflet " + xs_leaflet.VERSION
    + " — BSD-2-Clause licence, (c) Volodymyr Agafonkin, CloudMade. https://leafletjs.com\n",
    "assets/vendor/markercluster/LICENSE.txt": "Leaflet.markercluster " + xs_cluster.VERSION
    + " — MIT licence, (c) Dave Leaver. https://github.com/Leaflet/Leaflet.markercluster\n",
}


def all_assets() -> dict[str, bytes]:
    """Docs-relative path → file content."""
    out: dict[str, bytes] = {}
    for dest, (base, names) in VENDOR.items():
        for name in names:
            out[f"{dest}/{name}"] = (base / name).read_bytes()
    for path, text in LICENCES.items():
        out[path] = text.encode("utf-8")
    # the JSON Schemas, for editors and for anyone checking files outside this repository
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        out[f"schemas/{path.name}"] = path.read_bytes()
    own = TEMPLATES / "assets"
    for path in sorted(own.rglob("*")):
        if path.is_file():
            out["assets/" + path.relative_to(own).as_posix()] = path.read_bytes()
    return out
