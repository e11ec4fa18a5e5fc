"""Offline link check of a built site: every internal href/src points to a file that
exists, and every #anchor to an element id on the target page.

(LinkChecker, tried first, needs an HTTP server to resolve directory URLs with anchors
and took 150 s over loopback for this site; this walk of the built tree takes < 1 s.)
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value and ((name == "href" and tag in ("a", "link", "area"))
                          or (name == "src" and tag in ("script", "img", "iframe", "source"))):
                self.links.append((value, self.getpos()[0]))


def _target(page: Path, href: str, site: Path) -> Path | None:
    path = unquote(urlparse(href).path)
    if not path:
        return page
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def check_links(site: Path) -> list[str]:
    """Broken links as `page:line: href (why)`, sorted; empty when all is well."""
    site = site.resolve()
    parsed: dict[Path, _Page] = {}

    def parse(path: Path) -> _Page:
        if path not in parsed:
            page = _Page()
            page.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = page
        return parsed[path]

    problems = []
    for page_path in sorted(site.rglob("*.html")):
        for href, line in parse(page_path).links:
            scheme = urlparse(href).scheme
            if scheme in EXTERNAL_SCHEMES or href.startswith("//"):
                continue
            where = f"{page_path.relative_to(site)}:{line}: {href}"
            target = _target(page_path, href, site)
            if target is None or not target.is_file() or not target.is_relative_to(site):
                problems.append(f"{where} (ファイルがありません)")
                continue
            anchor = urldefrag(href).fragment
            if anchor and target.suffix == ".html" and unquote(anchor) not in parse(target).ids:
                problems.append(f"{where} (ページに #{unquote(anchor)} がありません)")
    return problems
