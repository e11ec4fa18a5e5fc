"""Pages put into the theme without MkDocs: the theme renders one page of a kind, and every
page of that kind is that page with its own title, description, id and body put in.

The district, municipality and prefecture pages (`districts/<name>/`, 12,000 at national
size) all sit at the same depth, outside the navigation, with the same front matter but
for title and description; the theme's output for them differs only where those appear
(and the page's URL, in a canonical or edit link). So MkDocs builds one stand-in page
(`districts/ATLAS-STAND-IN.md`, an id no record can have), and `Skeleton` splits its
output at the stand-ins; filling a page is joining strings (~0.1 ms instead of the
theme's ~5 ms), done in forked workers. The result is byte for byte what MkDocs writes
for the page (tests/test_themed.py builds a site both ways). Nothing here knows MkDocs:
hooks.py adds the stand-in page and hands its output over. `ATLAS_THEME_EACH_PAGE=1`
sends every page through MkDocs instead. The pages filled are handed to the link check as one
`linkcheck.Template` (`take_templates`), which checks the shared parts once, with what the link
check reads from each page, read here from the text in hand (`linkcheck.reader`; only the digest
of a page linked from the site before, whose reading the check has kept): the check does not
read these files again.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..publish import parallel, previous_site
from ..publish.linkcheck import Template, reader
from .htmlblocks import HtmlBlocks, split_front_matter
from .offline import file_links

FOLDER = "districts/"
STAND_IN_ID = "ATLAS-STAND-IN"  # upper case: never a record's id (schema: a-z, 0-9, -)
STAND_IN_PAGE = f"{FOLDER}{STAND_IN_ID}.md"
_TITLE = "ATLAS-TITLE-7F3A"
_DESCRIPTION = "ATLAS-DESCRIPTION-7F3A"
_BODY = "<!--atlas-stand-in-body <h1-->"  # "<h1": the theme adds no title heading (htmlblocks.py)
HIDE = "hide:\n  - toc\n"  # the front matter these pages share (their table of contents is empty)
_FRONT = re.compile(r'---\ntitle: ("(?:[^"\\]|\\.)*")\ndescription: ("(?:[^"\\]|\\.)*")\n((?:hide:\n(?:  - \w+\n)+)?)---\n')


def wanted() -> bool:
    return os.environ.get("ATLAS_THEME_EACH_PAGE", "") != "1"


def is_themed_once(path: str) -> bool:
    """A page of the `districts/<name>` kind (not the index or the national map page)."""
    name = path[len(FOLDER):] if path.startswith(FOLDER) else ""
    return bool(name) and "/" not in name and name.endswith(".md") and name not in ("index.md", "map.md")


@dataclass(frozen=True)
class Meta:
    title: str        # as the theme writes it: HTML-escaped already (pages._front_matter_str)
    description: str
    hide: str         # the front matter's hide: block, as written


def meta(source: str) -> Meta:
    """The front matter of a generated page (written by our templates in this one form)."""
    head, _ = split_front_matter(source)
    m = _FRONT.fullmatch(head)
    if m is None:
        raise ValueError(f"unexpected front matter: {head[:200]!r}")
    return Meta(json.loads(m.group(1)), json.loads(m.group(2)), m.group(3))


def stand_in_source(hide: str) -> str:
    return f'---\ntitle: "{_TITLE}"\ndescription: "{_DESCRIPTION}"\n{hide}---\n\n{_BODY}\n'


class Skeleton:
    """The theme's output for the stand-in page (already compacted and with file links, as
    hooks.on_post_page leaves every page), split at the stand-ins."""

    def __init__(self, html: str):
        marks = {_TITLE: "title", _DESCRIPTION: "description", STAND_IN_ID: "id", _BODY: "body"}
        pieces = re.split("(" + "|".join(map(re.escape, marks)) + ")", html)
        self.texts, self.names = pieces[::2], [marks[p] for p in pieces[1::2]]
        if self.names.count("body") != 1 or "title" not in self.names:
            raise ValueError("the theme's page for the stand-in lost its title or body")

    def fill(self, values: dict[str, str]) -> str:
        out = [self.texts[0]]  # one pass: text put in is never searched for stand-ins
        for name, text in zip(self.names, self.texts[1:], strict=True):
            out += [values[name], text]
        return "".join(out)


def _fill_one(skeleton: Skeleton, blocks: HtmlBlocks, site_dir: Path, linked: bool, read: Callable,
              item: tuple[str, str]) -> tuple[str, tuple[int, ...], tuple]:
    path, source = item
    m = meta(source)
    _, body = split_front_matter(source)
    html = blocks.restore(body.strip("\n"))
    if not linked:
        html = file_links(html)
    name = path[len(FOLDER):-len(".md")]
    values = {"title": m.title, "description": m.description, "id": name, "body": html}
    page = skeleton.fill(values)
    data, lengths = page.encode("utf-8"), tuple(len(values[n]) for n in skeleton.names)
    same = previous_site.write(site_dir, f"{FOLDER}{name}/index.html", data)  # or linked
    # the link check's reading of the page, made from the text in hand (linkcheck.reader)
    return f"{FOLDER}{name}/index.html", lengths, read(page, lengths, data, not same)


# what the last builds filled, for the link check (linkcheck.Template): `generator build`
# builds with MkDocs and then checks the links in the same process
_FILLED: list[Template] = []


def take_templates() -> list[Template]:
    """The pages filled since the last call, one Template per skeleton (and forget them)."""
    taken = list(_FILLED)
    _FILLED.clear()
    return taken


def fill_pages(skeleton: Skeleton, pages: dict[str, str], blocks: HtmlBlocks, site_dir: Path,
               linked: bool = False) -> list[str]:
    """Write every page of `pages` (path → source with its body stashed in `blocks`) into the
    skeleton, in forked workers; returns the files written. `linked`: the bodies' folder
    links point at index.html already (site.linked, done where a unit is rendered and kept
    with it), else that is done here."""
    texts, body = tuple(skeleton.texts), skeleton.names.index("body")
    job = functools.partial(_fill_one, skeleton, blocks, site_dir, linked, reader(texts, body))
    written = parallel.start(job, sorted(pages.items())).get()
    _FILLED.append(Template(texts, body, {path: lengths for path, lengths, _ in written},
                            {path: reading for path, _, reading in written}))
    return [path for path, _, _ in written]
