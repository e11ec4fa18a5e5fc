"""The site as an app on a phone: a web app manifest (「ホーム画面に追加」) with its icons (static
files: site_templates/assets/icons/, a white location mark on indigo), and a
small service worker (`sw.js`, from site_templates/worker/sw.js) that keeps what a resident
opened so it opens again with no network.

The worker is written after the build (hooks.on_post_build), because it is versioned by
the bytes of the shell it stores on install (the home page, マイリスト, 404, the offline page
and the CSS/JS those pages load): a new build with a different shell is a different worker,
which a phone picks up on the next visit and which deletes the old shell. Nothing is served
from a copy first: every page, data file and script is asked from the network first (so an
online page never meets a script of another build), and the copy kept is used when that
fails or is slower than a few seconds.

Only the site's own published files are ever kept (same origin, inside the site's folder,
GET, a plain 200): privacy.py already guarantees that no published file carries more of a
hidden or approximate place than its precision allows, so the phone keeps no more than
anyone can download. The editor (its drafts live in localStorage, never in a file), the
downloads and PDFs (large; a resident saves them on purpose) are never kept (NEVER_KEPT).
Map tiles (地理院タイル) come from another origin and are left to the browser, never kept:
another site's files, hundreds per map and zoom level, which would fill a phone; offline
maps already say that the background needs the internet, and the points and lists work.
Nothing here runs in a preview (`generator serve`) or from file://.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from ..model.model import Atlas
from .env import TEMPLATES

WORKER = "sw.js"  # at the site's root: a worker's scope is at most its own folder
MANIFEST = "assets/manifest.webmanifest"
OFFLINE_PAGE = "assets/offline.html"
ICONS = {192: "assets/icons/icon-192.png", 512: "assets/icons/icon-512.png"}  # copied with site_templates/assets
# site-relative prefixes the worker never keeps nor answers for (see the module docstring)
NEVER_KEPT = ("editor/", "downloads/", "pdf/", ".atlas-preview/")
# pages stored on install (besides the offline page), with the CSS/JS they load
SHELL_PAGES = ("index.html", "mylist/index.html", "404.html")
THEME_COLOUR = "#3f51b5"  # Material's indigo, the site's accent


def manifest(name: str, description: str) -> str:
    """Every URL relative to the manifest (assets/), so the site works under any sub-path
    (a GitHub Pages project site) and the app opens at the site's home page."""
    return json.dumps({
        "name": name, "short_name": name if len(name) <= 12 else name[:12], "description": description,
        "lang": "ja", "dir": "ltr", "start_url": "../", "scope": "../", "display": "standalone",
        "background_color": "#ffffff", "theme_color": THEME_COLOUR,
        "icons": [{"src": path[len("assets/"):], "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size, path in ICONS.items()],
    }, ensure_ascii=False, indent=1) + "\n"


def webapp_files(atlas: Atlas) -> dict[str, str | bytes]:
    """The manifest and the offline page (the icons are static files, site_templates/assets/icons/;
    the worker comes after the build)."""
    name = atlas.settings.get("site_name") or "地域づくりアトラス"
    files: dict[str, str | bytes] = {MANIFEST: manifest(name, atlas.settings.get("site_description") or "")}
    page = (TEMPLATES / "worker" / "offline.html").read_text(encoding="utf-8")
    files[OFFLINE_PAGE] = page.replace("__ATLAS_SITE_NAME__", html.escape(name))
    return files


# what a page loads: scripts, stylesheets, its icon (not the pages a <link> names: prev, next)
_LOADED = re.compile(r'<script\b[^>]*?\ssrc="([^"#?:]+)"'
                     r'|<link\b(?=[^>]*\srel="(?:stylesheet|icon)")[^>]*?\shref="([^"#?:]+)"')


def shell(site_dir: Path) -> list[str]:
    """The files stored on install, site-relative: SHELL_PAGES, the offline page, the
    manifest and icons, and every file of the site those pages load (scripts, stylesheets)."""
    found = [page for page in SHELL_PAGES if (site_dir / page).is_file()]
    found += [OFFLINE_PAGE, MANIFEST, *ICONS.values()]
    root = site_dir.resolve()
    for page in SHELL_PAGES:
        if page == "404.html" or not (site_dir / page).is_file():  # 404's links are root paths
            continue
        for url in (a or b for a, b in _LOADED.findall((site_dir / page).read_text(encoding="utf-8"))):
            target = (site_dir / page).parent.joinpath(url).resolve()
            if target.is_file() and root in target.parents:
                rel = target.relative_to(root).as_posix()
                if rel not in found and not rel.startswith(NEVER_KEPT):
                    found.append(rel)
    return found


def worker(site_dir: Path) -> str:
    """sw.js for the built site in `site_dir`, versioned by the shell's bytes and its own code."""
    template = (TEMPLATES / "worker" / "sw.js").read_text(encoding="utf-8")
    files = shell(site_dir)
    digest = hashlib.sha256(template.encode("utf-8"))
    for path in files:
        digest.update(path.encode("utf-8") + b"\x00" + (site_dir / path).read_bytes())
    values = {"VERSION": digest.hexdigest()[:16], "SHELL": files, "NEVER": list(NEVER_KEPT), "OFFLINE": OFFLINE_PAGE}
    return re.sub(r"__ATLAS_(\w+)__", lambda m: json.dumps(values[m.group(1)], ensure_ascii=False), template)


def write_worker(site_dir: Path) -> Path:
    target = site_dir / WORKER
    target.write_text(worker(site_dir), encoding="utf-8")
    return target
