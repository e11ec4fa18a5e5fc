"""A site that also works as files: opened from `file://` (a copy on a laptop or a USB stick
in a community hall with no internet), a link to a folder shows a directory listing, not
the page. So every relative link to a folder (`../cases/`, `./`, `..`) is written to its
`index.html`; web servers serve the same file for both. Absolute URLs, `#anchors` and
links to files are left alone. Scripts that build links do the same on `file:` pages
(site_templates/assets/atlas-url.js, `AtlasUrl.pageUrl`, used by every script that makes links).

Applied to every page after MkDocs and the theme have rendered it (hooks.on_post_page),
so theme navigation, the header search form and our own pages are all covered.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

# href/src/action attribute values, double-quoted (MkDocs, Material and our templates quote so)
_ABSOLUTE = r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#"  # a scheme, the site's root or an #anchor: left alone
_SCHEME = re.compile(f"^(?:{_ABSOLUTE})")
# only the values that are not: file_url is called for those alone (most links of a district
# page are tel:, mailto:, #r-… or http)
_ATTR = re.compile(r'(\s(?:href|action)=")(?!' + _ABSOLUTE + r')([^"]*)"')
_PATH_REST = re.compile(r"([^?#]*)(.*)", re.DOTALL)


def file_url(url: str) -> str:
    """`url` pointing at a page file instead of a folder, if it is a relative folder URL."""
    if _SCHEME.match(url):
        return url
    path, rest = _PATH_REST.match(url).groups()
    if path.rsplit("/", 1)[-1] in (".", ".."):  # ".", "..", "../..": folders written without "/"
        path += "/"
    if not path.endswith("/"):
        return url  # a file, or "" (this page, e.g. "?q=…")
    return path + "index.html" + rest


def file_links(html: str) -> str:
    """Every relative folder link of a page written to its index.html: what
    `_ATTR.sub(_file_link, html)` gives, but _ATTR is tried only where it can match (one
    character before each `href="` and `action="`, found with str.find), not at every white
    space of the page (a district page has thousands, and a few dozen links)."""
    starts = sorted(i - 1 for word in _WORDS for i in _found(html, word) if i > 0)
    out, done = [], 0
    for start in starts:
        if start < done:
            continue  # inside the last link replaced (re.sub's matches do not overlap)
        m = _ATTR.match(html, start)
        if m is not None:
            out.append(html[done:start])
            out.append(_file_link(m))
            done = m.end()
    if not out:
        return html
    out.append(html[done:])
    return "".join(out)


_WORDS = ('href="', 'action="')  # what _ATTR matches after its white space


def _found(text: str, word: str):
    i = text.find(word)
    while i != -1:
        yield i
        i = text.find(word, i + len(word))


def _file_link(m: re.Match) -> str:
    return m.group(1) + file_url(m.group(2)) + '"'


ZIP_PATH = "downloads/chiiki-atlas-offline.zip"


def zip_wanted(atlas) -> bool:
    """The whole site as one zip, while it stays a sensible download (`offline_zip_up_to`
    resources in settings.yaml); the build must be one that prints PDFs (not a preview)."""
    resources = sum(len(d.resources) for d in atlas.districts)
    return bool(atlas.settings.get("pdf", True)) and resources <= int(atlas.settings["offline_zip_up_to"])


def write_zip(site_dir: Path, epoch: int) -> Path:
    """Every file of the built site in one zip (to unpack and open index.html from file://).
    Entries are sorted and dated `epoch` (SOURCE_DATE_EPOCH), so one checkout gives one zip."""
    target = site_dir / ZIP_PATH
    stamp = max(epoch, 315532800)  # a zip cannot date a file before 1980
    date_time = time.gmtime(stamp)[:6]
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p != target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo("chiiki-atlas/" + path.relative_to(site_dir).as_posix(), date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(partial, target)
    return target
