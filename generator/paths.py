"""Every path the generator writes, as data: the files each record owns and the site's
shared files. Validation (check/rules/records.py) refuses an id whose files would replace a shared file
or another record's; a test renders a site and checks that every file it writes is
declared here, so a new kind of output cannot slip past that check.

Addresses the site served before (FORMER_ADDRESSES) are a record's too: nothing writes
them now, but the 404 page sends them on to where their content is, so an id whose page
would be one of them would take that redirect over (a district `a-worksheet` next to a
district `a`, a district `case-x` next to a case `x`).
"""

from __future__ import annotations

import re

# files a record writes, by kind ({id} is the record's id); site-relative, pages as .md
RECORD_PATHS: dict[str, tuple[str, ...]] = {
    "case": ("cases/{id}.md", "maps/case-{id}.html"),
    # a district's map, worksheet and record are in its page; its rows and downloads are its
    # municipality's (below), so nothing else is written per district
    "district": ("districts/{id}.md", "pdf/worksheet-{id}-a3.pdf", "pdf/workshop-{id}-a4.pdf"),
    "worksheet": ("worksheets/{id}.md", "pdf/worksheet-{id}-a3.pdf", "pdf/worksheet-{id}-a4.pdf"),
    "checksheet": ("checksheets/{id}.md", "pdf/checksheet-{id}.pdf"),
}

# shared files: exact paths and patterns (whole-path regular expressions)
SHARED_PATHS = (
    "index.md", "data.md", "taxonomy.md", "search.md", "mylist.md",
    "cases/index.md", "cases/map.md", "districts/index.md", "districts/map.md",
    "worksheets/index.md", "worksheets/blank.md", "pdf/worksheet-blank-a3.pdf", "pdf/worksheet-blank-a4.pdf",
    "maps/cases.html", "maps/national.html", "maps/national-counts.js", "maps/national-filter.js",
    "downloads/all.zip", "downloads/chiiki-atlas-offline.zip", "search/atlas-index.js",
    "search/near-index.js", "search/near-names.js",  # the front door's boxes and place names (render/nearby.py)
    "worksheets/gap-links.js",  # what every district worksheet's gaps link to (render/sheets.py)
    "resources/districts.js",  # マイリスト: district → municipality (render/mylist.py); the 404 page's district ids
    "editor/index.md", "editor/case.md", "editor/data.js",  # the editors (render/editor.py)
    "sw.js",  # the service worker, at the root so its scope is the whole site (render/webapp.py)
    "ATTRIBUTION.txt",  # every registered dataset with its credit and licence (data_sources.py)
)
SHARED_PATTERNS = tuple(re.compile(p) for p in (
    r"districts/m-\d{6}\.md", r"districts/p-\d{2}\.md",        # municipality and prefecture pages
    r"maps/m-\d{6}\.html", r"maps/points-m-\d{6}\.js",         # municipality maps
    r"resources/m-\d{6}\.js",                                   # municipality rows (exports.py)
    r"assets/.+", r"schemas/.+",                               # static files
    r"search/[cgt]/\d+\.js",                                   # the sharded search index (render/search_shards.py)
    r"search/near/[^/]+\.js",                                  # the front door's files by prefecture / piece of a name
))


# Addresses the site served before issue 15 put a district's map, worksheet and downloads
# into its page (README 「以前の地区ごとのファイル」) → where that content is now, both relative
# to the site's root; {id} is a district's id. The 404 page (site_templates/overrides/404.html)
# redirects a request only when its path is the site's base + one of these exactly, and only
# for a district the site has; it never takes anything else from the incoming address.
FORMER_ADDRESSES: tuple[tuple[str, str], ...] = (
    ("downloads/all.csv", "downloads/all.zip"),
    ("downloads/all.geojson", "downloads/all.zip"),
    ("districts/{id}-worksheet/", "districts/{id}/#worksheet"),
    ("districts/{id}-worksheet/index.html", "districts/{id}/#worksheet"),
    ("maps/{id}.html", "districts/{id}/#map"),
    ("downloads/{id}.csv", "districts/{id}/#resources"),
    ("downloads/{id}.geojson", "districts/{id}/#resources"),
    ("mylist/{id}.js", "mylist/"),
)


def _as_file(address: str) -> str:
    """An address as the path a build would write for it (a folder is its page, `.md`)."""
    folder = address.removesuffix("index.html")
    return folder[:-1] + ".md" if folder.endswith("/") else address


# the same addresses as files: a district's former files (file → address), and the site's
def _former_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for old, _ in FORMER_ADDRESSES:
        if "{id}" in old:
            files.setdefault(_as_file(old), old)  # a folder is named by its first address
    return files


FORMER_PATHS: dict[str, dict[str, str]] = {"district": _former_files()}
FORMER_SHARED = tuple(_as_file(old) for old, _ in FORMER_ADDRESSES if "{id}" not in old)


def record_paths(kind: str, ident: str) -> tuple[str, ...]:
    """The files a record of `kind` writes."""
    return tuple(p.format(id=ident) for p in RECORD_PATHS.get(kind, ()))


def owned_templates(kind: str) -> tuple[str, ...]:
    """Every path a record of `kind` owns ({id} for its id): the files it writes, then the
    addresses the site served for it before (as files)."""
    return RECORD_PATHS.get(kind, ()) + tuple(FORMER_PATHS.get(kind, {}))


def owned_paths(kind: str, ident: str) -> tuple[str, ...]:
    return tuple(p.format(id=ident) for p in owned_templates(kind))


def former_address(kind: str, ident: str, path: str) -> str:
    """The former address (as the 404 page knows it) that `path` is for this record, or ""
    when `path` is a file the record writes."""
    for file, address in FORMER_PATHS.get(kind, {}).items():
        if file.format(id=ident) == path:
            return address.format(id=ident)
    return ""


# the patterns as one expression: validation asks of every file of every record (nation: 83,000)
_ANY_SHARED = re.compile("|".join(f"(?:{p.pattern})" for p in SHARED_PATTERNS))


def is_shared(path: str) -> bool:
    return path in SHARED_PATHS or path in FORMER_SHARED or _ANY_SHARED.fullmatch(path) is not None


def collisions(records: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(kind, id, path, what else owns that path) for every record whose files or former
    addresses would be a shared file or another record's; both records of a clash are named
    (a former address as such: former_address tells the record's own side)."""
    owners: dict[str, list[tuple[str, str]]] = {}
    found = []
    for kind, ident in records:
        for path in owned_paths(kind, ident):
            if is_shared(path):
                found.append((kind, ident, path, "サイトの共通のファイル"))
                break
            owners.setdefault(path, []).append((kind, ident))
    for path, who in owners.items():
        for kind, ident in who if len(who) > 1 else ():
            others = "・".join(f"{KIND_JA[k]}「{i}」の" + ("以前のアドレス" if former_address(k, i, path) else "ファイル")
                               for k, i in who if (k, i) != (kind, ident))
            found.append((kind, ident, path, others))
    return found


KIND_JA = {"case": "事例", "district": "地区", "worksheet": "ワークシート", "checksheet": "チェックシート"}
