"""Every path the generator writes, as data: the files each record owns and the site's
shared files. Validation (rules.py) refuses an id whose files would replace a shared file
or another record's; a test renders a site and checks that every file it writes is
declared here, so a new kind of output cannot slip past that check.
"""

from __future__ import annotations

import re

# files a record writes, by kind ({id} is the record's id); site-relative, pages as .md
RECORD_PATHS: dict[str, tuple[str, ...]] = {
    "case": ("cases/{id}.md", "maps/case-{id}.html"),
    # a district's map, worksheet and record are in its page; its rows and downloads are its
    # municipality's (below), so nothing else is written per district
    "district": ("districts/{id}.md", "pdf/worksheet-{id}-a3.pdf"),
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
    "resources/districts.js",  # マイリスト: district → municipality (render/mylist.py)
    "editor/index.md", "editor/case.md", "editor/data.js",  # the editors (render/editor.py)
)
SHARED_PATTERNS = tuple(re.compile(p) for p in (
    r"districts/m-\d{6}\.md", r"districts/p-\d{2}\.md",        # municipality and prefecture pages
    r"maps/m-\d{6}\.html", r"maps/points-m-\d{6}\.js",         # municipality maps
    r"resources/m-\d{6}\.js",                                   # municipality rows (exports.py)
    r"assets/.+", r"schemas/.+",                               # static files
    r"search/[cgt]/\d+\.js",                                   # the sharded search index (render/search_shards.py)
))


def record_paths(kind: str, ident: str) -> tuple[str, ...]:
    return tuple(p.format(id=ident) for p in RECORD_PATHS.get(kind, ()))


def is_shared(path: str) -> bool:
    return path in SHARED_PATHS or any(p.fullmatch(path) for p in SHARED_PATTERNS)


def collisions(records: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(kind, id, path, what else writes that path) for every record whose files would
    replace a shared file or another record's file; both records of a clash are named."""
    owners: dict[str, list[tuple[str, str]]] = {}
    found = []
    for kind, ident in records:
        for path in record_paths(kind, ident):
            if is_shared(path):
                found.append((kind, ident, path, "サイトの共通のファイル"))
                break
            owners.setdefault(path, []).append((kind, ident))
    for path, who in owners.items():
        for kind, ident in who if len(who) > 1 else ():
            others = "・".join(f"{KIND_JA[k]}「{i}」" for k, i in who if (k, i) != (kind, ident))
            found.append((kind, ident, path, f"{others}のファイル"))
    return found


KIND_JA = {"case": "事例", "district": "地区", "worksheet": "ワークシート", "checksheet": "チェックシート"}
