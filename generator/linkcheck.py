"""Offline link check of a built site: every internal href/src points to a file that
exists, and every #anchor to an element id on the target page.

(LinkChecker, tried first, needs an HTTP server to resolve directory URLs with anchors
and took 150 s over loopback for this site. `html.parser` took 7.6 s at 829 pages; the
pages are our own generated HTML, so tags are read with a regular expression after
comments and script bodies are cut out: 0.3 s for the same site, same findings.)
"""

from __future__ import annotations

import functools
import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from . import parallel

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}
LINK_ATTRS = {"a": "href", "link": "href", "area": "href",
              "script": "src", "img": "src", "iframe": "src", "source": "src"}
# comments, and the bodies of scripts and styles (text there is not markup)
_OPAQUE = re.compile(r"<!--.*?-->|(<(script|style)\b[^>]*>).*?</\2\s*>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""[ \t\n](?:id|name)=(?:"([^"]*)"|'([^']*)')""")
_LINK_TAG = re.compile(r"<(a|link|area|script|img|iframe|source)(\s[^>]*)>", re.IGNORECASE)
# one attribute at a time from the start of the tag, so text inside a quoted value
# (title="… src=x …") is never taken for an attribute
_ATTR = re.compile(r"""\s*([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)  # (href, offset in the file)


def _parse(text: str) -> _Page:
    page = _Page()
    # offsets are kept: opaque parts become their opening tag padded with spaces
    text = _OPAQUE.sub(lambda m: (m.group(1) or "").ljust(len(m.group(0))), text)
    page.ids.update(html.unescape(a or b) for a, b in _ID.findall(text) if a or b)
    for tag in _LINK_TAG.finditer(text):
        wanted = LINK_ATTRS[tag.group(1).lower()]
        for attr in _ATTR.finditer(tag.group(2)):
            value = attr.group(2) or attr.group(3) or attr.group(4)
            if attr.group(1).lower() == wanted and value:
                page.links.append((html.unescape(value), tag.start()))
    return page


def _line(path: Path, offset: int) -> int:
    return path.read_text(encoding="utf-8", errors="replace").count("\n", 0, offset) + 1


@functools.lru_cache(maxsize=65536)
def _split(href: str) -> tuple[str, str, str]:
    """(scheme, path, fragment) of an href, percent-decoded."""
    parts = urlparse(href)
    return parts.scheme, unquote(parts.path), unquote(urldefrag(href).fragment)


def check_links(site: Path) -> list[str]:
    """Broken links as `page:line: href (why)`, sorted; empty when all is well.

    Paths are handled as site-relative strings against one listing of the tree
    (pathlib and a stat per link were most of the time at 800 pages)."""
    site = site.resolve()
    files, dirs = set(), {""}
    for folder, subdirs, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        dirs.update(posixpath.join(rel, d) for d in subdirs)
        files.update(posixpath.join(rel, n) for n in names)
    parsed: dict[str, _Page] = {}

    def parse(rel: str) -> _Page:
        if rel not in parsed:
            parsed[rel] = _parse((site / rel).read_text(encoding="utf-8", errors="replace"))
        return parsed[rel]

    def target(page: str, path: str) -> str | None:
        if not path:
            return page
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
        rel = posixpath.normpath(joined)
        if rel == ".":
            rel = ""
        if rel == ".." or rel.startswith("../"):
            return None
        if rel in dirs:
            rel = posixpath.join(rel, "index.html") if rel else "index.html"
        return rel if rel in files else None

    def check(page: str) -> list[str]:
        problems = []
        for href, offset in parse(page).links:
            scheme, path, anchor = _split(href)
            if scheme in EXTERNAL_SCHEMES or href.startswith("//"):
                continue
            found = target(page, path)
            if found is None:
                why = "ファイルがありません"
            elif anchor and found.endswith(".html") and anchor not in parse(found).ids:
                why = f"ページに #{anchor} がありません"
            else:
                continue
            problems.append(f"{page}:{_line(site / page, offset)}: {href} ({why})")
        return problems

    # pages are checked in forked workers when there are many (each parses what it needs)
    pages = sorted(f for f in files if f.endswith(".html"))
    return [p for found in parallel.start(check, pages).get() for p in found]
