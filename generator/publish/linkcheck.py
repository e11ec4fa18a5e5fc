"""Offline link check of a built site: every internal href/src points to a file that
exists, and every #anchor to an element id on the target page.

(LinkChecker, tried first, needs an HTTP server to resolve directory URLs with anchors
and took 150 s over loopback for this site. `html.parser` took 7.6 s at 829 pages; the
pages are our own generated HTML, so tags are read with a regular expression after
comments and script bodies are cut out: 0.3 s for the same site, same findings.)

Pages made from one template (render/themed.py: every district, municipality and
prefecture page is one theme page with its title, description, id and body put in) are
checked by template: the links in the parts every such page shares (header, navigation,
footer) are checked once, and each page's own values (its body, and any tag a value sits
in) page by page. The checker does not take the template on trust: a page whose shared
parts are not byte for byte the template's, or whose values could change how the shared
parts read (a title with markup, a body that leaves a comment or script open), is checked
whole, as every other page is.

With a cache folder (a build's), what was read from each page (its ids and links) is kept
by the page's bytes (linkcache.py): a later build reads a page again only when it changed.
What each page's check found is kept too, with what it depends on: the names in the tree (is
there such a file), the page, and the pages whose ids its #anchors were looked up in. A page
whose findings depend on nothing that changed is not checked again; every other page's links
are checked in the tree at hand.

The filler of a template reads each page it writes with this module's code (`reader`: the
text is in its hands) and hands the readings over with the template (`Template.readings`): the
check does not read those files at all (at nation size 12,234 of 14,052 pages), except to say
on which line a broken link is. A page's offsets are found only then: a reading is the page's
ids and hrefs, read by one `findall` each (no match object per tag).

Every other page is read once, by one worker, before any is checked; the checks then run in workers
forked again, which have every reading (a page's #anchors were looked up by pages in both
workers, so at nation size 10,000 of 14,000 pages were read twice). A link whose path starts at
the site's root or leaves its page's folder ("../") means the same from every page of the
folders beside it, and is looked up once for them all.

Reading a page (half of it is script bodies) is regular expressions that the engine can run
at search speed: a start looked for by a literal, the end of a comment or script tried at each
"-" or "<" only, not at every character (a nation-size check's CPU time went from 20 to 13 s).
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import linkcache, parallel
from .cache_dir import CacheDir

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}
LINK_ATTRS = {"a": "href", "link": "href", "area": "href",
              "script": "src", "img": "src", "iframe": "src", "source": "src"}
# comments, and the bodies of scripts and styles (text there is not markup): the matches of
# `<!--.*?-->|(<(script|style)\b[^>]*>).*?</\2\s*>`, written so that the end is looked for at
# each "-" or "<" only (a lazy `.*?` tries it at every character: half of a page is scripts)
_OPAQUE = re.compile(r"<!--(?:[^-]*-)+?->|(<(script|style)\b[^>]*>)(?:[^<]*<)+?/\2\s*>",
                     re.DOTALL | re.IGNORECASE | re.ASCII)
# where an _OPAQUE match can start (and, when none does, what is left open)
_OPENS = re.compile(r"<(?:!--|(?:script|style)\b)", re.IGNORECASE | re.ASCII)
_ID = re.compile(r"""[ \t\n](?:id|name)=(?:"([^"]*)"|'([^']*)')""")
# _ID without its first character, one per name: a literal start the regex engine finds fast
# (_ID itself tries every space, and a cut page is half spaces)
_ID_REST = (re.compile(r"""id=(?:"([^"]*)"|'([^']*)')"""), re.compile(r"""name=(?:"([^"]*)"|'([^']*)')"""))
# tag names are matched as a browser does, ASCII letters in any case (re.IGNORECASE alone also
# takes ſ for s and ı for i, and "<ſcript" then named no tag LINK_ATTRS knows: a KeyError)
_LINK_TAG = re.compile(r"<(a|link|area|script|img|iframe|source)(\s[^>]*)>", re.IGNORECASE | re.ASCII)
# one attribute at a time from the start of the tag, so text inside a quoted value
# (title="… src=x …") is never taken for an attribute
_ATTR = re.compile(r"""\s*([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    hrefs: list[str] = field(default_factory=list)  # in the order of the file (`_link_offsets`)


def _blank(text: str, closed: bool) -> str | None:
    """Comments and script/style bodies blanked (each becomes its opening tag padded with
    spaces, so offsets are kept); with `closed`, None when text leaves one open.

    What `_OPAQUE.finditer` finds, tried only where `_OPENS` finds a start: the regex engine
    then skips plain text at the speed of a search for one character."""
    out, pos, at = [], 0, 0
    start, match = _OPENS.search, _OPAQUE.match
    while (opening := start(text, at)) is not None:
        m = match(text, opening.start())
        if m is None:  # opened and never closed
            if closed:
                return None
            at = opening.start() + 1
            continue
        out += [text[pos:m.start()], (m.group(1) or "").ljust(len(m.group(0)))]
        pos = at = m.end()
    out.append(text[pos:])
    return "".join(out)


def _cut(text: str) -> str:
    """Comments and script/style bodies blanked; offsets are kept (each becomes its opening
    tag padded with spaces)."""
    return _blank(text, False)


def _closed_cut(text: str) -> str | None:
    """`_cut(text)`, or None when text leaves a comment, script or style open."""
    return _blank(text, True)


def _tag_links(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    """(href, start, end) of every link attribute in `text` (already cut)."""
    links = []
    for tag in _LINK_TAG.finditer(text):
        start, end = tag.span()
        links += [(href, base + start, base + end) for href in _tag_hrefs(*tag.group(1, 2))]
    return links


# a tag's attributes when they are one lower-case href or src in double quotes with nothing to
# unescape: what _ATTR reads from them is that value (most tags of a page; many are its own)
_SIMPLE_ATTRS = re.compile(r'\s(href|src)="([^"&]+)"')
# _LINK_TAG's matches, the commonest form (_SIMPLE_ATTRS, the attribute the tag links by) read
# by the expression itself: groups href, src (of such a tag), or name and attributes (any other).
# The look-ahead turns the other tags away at their first letter (a third of the time)
_LINK_TAG_READ = re.compile(r'<(?=(?i:[alsi]))(?:(?i:a|link|area)\shref="([^"&>]+)"'
                            r'|(?i:script|img|iframe|source)\ssrc="([^"&>]+)"'
                            r'|((?i:a|link|area|script|img|iframe|source))(\s[^>]*))>', re.ASCII)


def _hrefs(text: str) -> list[str]:
    """The hrefs of `_tag_links(text)`, without their offsets (findall, no match object per tag:
    half the time; a page's offsets are found again only when it has a broken link)."""
    hrefs = []
    for href, src, name, attributes in _LINK_TAG_READ.findall(text):
        if name:
            hrefs += _tag_hrefs(name, attributes)
        else:
            hrefs.append(href or src)
    return hrefs


@functools.lru_cache(maxsize=65536)
def _tag_hrefs(name: str, attributes: str) -> tuple[str, ...]:
    """The link values in one tag (a page's tags repeat on other pages: read once a worker).
    The commonest form is read by one match (`_SIMPLE_ATTRS`), the rest attribute by attribute."""
    simple = _SIMPLE_ATTRS.fullmatch(attributes)
    if simple is not None:
        return (simple[2],) if simple[1] == LINK_ATTRS[name.lower()] else ()
    wanted, hrefs = LINK_ATTRS[name.lower()], []
    for attr in _ATTR.finditer(attributes):
        value = attr.group(2) or attr.group(3) or attr.group(4)
        if attr.group(1).lower() == wanted and value:
            hrefs.append(html.unescape(value))
    return tuple(hrefs)


def _ids(text: str) -> set[str]:
    """The values of `_ID.findall(text)` (unescaped, empty ones left out), found as _ID_REST
    matches after a space, tab or newline: an _ID match at s is one at s + 1 of them."""
    found, pos = set(), 1
    search_id, search_name = (r.search for r in _ID_REST)
    by_id, by_name = search_id(text, pos), search_name(text, pos)
    while by_id or by_name:
        m = by_id if by_name is None or (by_id is not None and by_id.start() < by_name.start()) else by_name
        if text[m.start() - 1] in " \t\n":
            value = m.group(1) or m.group(2)
            if value:
                found.add(html.unescape(value))
            pos = m.end() + 1  # _ID goes on after its match, and needs a character before ours
        else:
            pos = m.start() + 1
        if by_id is not None and by_id.start() < pos:
            by_id = search_id(text, pos)
        if by_name is not None and by_name.start() < pos:
            by_name = search_name(text, pos)
    return found


def _parse(text: str) -> _Page:
    cut = _cut(text)
    return _Page(_ids(cut), _hrefs(cut))


def _parse_offsets(text: str) -> list[tuple[str, int]]:
    """(href, offset in the file) of `_parse(text).hrefs`, in their order."""
    return [(href, start) for href, start, _ in _tag_links(_cut(text))]


# a stored reading (linkcache.py): ids and hrefs each joined by NUL, and an empty third part
# (the offsets of the links, which are no longer kept); () for a page its template cannot read
# (read whole instead)
_SEP = "\0"
_MISS = object()


def _pack(page: _Page | None) -> tuple | None:
    """`page` in its stored form; None when it cannot be stored exactly (a NUL in an id or href)."""
    if page is None:
        return ()
    ids, hrefs = _SEP.join(page.ids), _SEP.join(page.hrefs)
    # an empty one, or one holding a NUL (one NUL more than the joins put in): checked in C, not
    # value by value (that was a sixth of the readings' time)
    if "" in page.ids or "" in page.hrefs or ids.count(_SEP) > max(len(page.ids) - 1, 0) \
            or hrefs.count(_SEP) > max(len(page.hrefs) - 1, 0):
        return None
    return ids, hrefs, b""


def _unpack(stored: tuple | None) -> _Page | object | None:
    """The reading `_pack` stored, or _MISS when there is none or it is not one of ours."""
    if stored == ():
        return None
    try:
        ids, hrefs, offsets = stored
        if not (isinstance(ids, str) and isinstance(hrefs, str) and offsets == b""):
            return _MISS
        return _Page(set(ids.split(_SEP)) if ids else set(), hrefs.split(_SEP) if hrefs else [])
    except (TypeError, ValueError, AttributeError):
        return _MISS


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# an href urlparse reads as path?query#fragment and nothing else: no scheme or params (no ":"
# or ";"), nothing it strips or removes (leading controls or spaces, tabs, newlines), and not
# "//" (a host): most of a site's links, read here without it (it was a third of a check
# whose pages were all read before, in a profile at nation size)
_PLAIN = re.compile(r"(?!//)[^\x00-\x20:;][^\t\r\n:;]*")


@functools.lru_cache(maxsize=65536)
def _split(href: str) -> tuple[str, str, str]:
    """(scheme, path, fragment) of an href, percent-decoded, as urlparse reads it."""
    if _PLAIN.fullmatch(href):
        rest, _, fragment = href.partition("#")
        return "", unquote(rest.partition("?")[0]), unquote(fragment)
    parts = urlparse(href)
    return parts.scheme, unquote(parts.path), unquote(parts.fragment)


def _external(href: str) -> bool:
    return _split(href)[0] in EXTERNAL_SCHEMES or href.startswith("//")


@dataclass(frozen=True)
class Template:
    """Pages made by putting values into one page of the theme (render/themed.py): `texts`
    are what every such page has, a value between each two; `pages` gives each page
    (site-relative path of its HTML file) the lengths of its values, in order. Value `body`
    is the page's own HTML; the others are short texts (title, description, id).

    `readings` (optional) is what the filler read from pages as it wrote them (`reader`): page →
    (digest of its bytes, its reading in stored form, or None when it was not read there). The
    check then takes the page's digest and reading from there instead of reading the file."""
    texts: tuple[str, ...]
    body: int
    pages: dict[str, tuple[int, ...]]
    readings: dict[str, tuple[bytes, tuple | None]] = field(default_factory=dict)


def reader(texts: tuple[str, ...], body: int) -> Callable[[str, tuple[int, ...], bytes, bool], tuple]:
    """For the filler of a template (render/themed.py): read(page, lengths, data, whole) gives a
    `Template.readings` value for a page it has just written (`data`: the page's bytes; `whole`:
    also read its links, else only its digest: a page linked from the site before, whose reading
    an earlier check has most likely kept). Read from the text in hand, by the same code as the
    check reads a file with; so the check does not read these pages again."""
    layout = _Layout(Template(texts, body, {}))

    def read(page: str, lengths: tuple[int, ...], data: bytes, whole: bool) -> tuple:
        if not whole or not layout.usable:
            return _digest(data), None
        return _digest(data), _pack(layout.read(page, lengths))
    return read


# a value other than the body may not hold these: they could open or close a tag, a
# comment or a quoted attribute and so change how the shared parts around it read
_MARKUP = re.compile(r"""[<>"']""")


class _Layout:
    """One template read once: the links and ids in its shared parts (`fixed`: within one
    part; `windows`: a tag or id spanning a short value, read again on each page)."""

    def __init__(self, t: Template):
        self.template, self.usable = t, True
        # what a stored reading of a page depends on besides its bytes and value lengths
        self.key = hashlib.blake2b(repr((t.body, t.texts)).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        n = len(t.texts) - 1
        if not 0 <= t.body < n or not t.texts[t.body].rstrip().endswith(">"):
            self.usable = False
            return
        stand_in = "".join(t.texts)  # every value empty
        starts, pos = [], 0
        for text in t.texts:
            starts.append(pos)
            pos += len(text)
        body_at = starts[t.body + 1]

        def part(offset: int, end: bool = False) -> int:
            """The shared part holding `offset` (a match's end: the part holding the last character)."""
            at = offset - 1 if end else offset
            i = max(k for k in range(len(starts)) if starts[k] <= at) if at >= 0 else 0
            return i

        cut = _cut(stand_in)
        for m in _OPAQUE.finditer(stand_in):
            if m.start() < body_at < m.end():  # the body would sit in a comment or script
                self.usable = False
                return
        self.fixed: list[tuple[str, int, int]] = []       # (href, part, offset in it)
        self.windows: list[tuple[int, int, int, int]] = []  # (part, offset, part, end offset)
        self.fixed_ids: set[str] = set()

        def place(start: int, end: int) -> tuple[int, int] | None:
            i, j = part(start), part(end, end=True)
            if i <= t.body < j:  # spans the body
                self.usable = False
            return (i, j) if self.usable else None

        for href, start, end in _tag_links(cut):
            where = place(start, end)
            if where is None:
                return
            i, j = where
            if i == j:
                self.fixed.append((href, i, start - starts[i]))
            else:
                self.windows.append((i, start - starts[i], j, end - starts[j]))
        for m in _ID.finditer(cut):
            where = place(m.start(), m.end())
            if where is None:
                return
            i, j = where
            if i == j:
                self.fixed_ids.add(html.unescape(m.group(1) or m.group(2) or ""))
            else:
                self.windows.append((i, m.start() - starts[i], j, m.end() - starts[j]))

    def read(self, text: str, lengths: tuple[int, ...]) -> _Page | None:
        """This page's own ids and links (body links, then window links), with the shared parts'
        ids; None when the page must be read whole."""
        own = self._own(text, lengths)
        if own is None:
            return None
        starts, body, _ = own
        page = _Page(self.fixed_ids | _ids(body), _hrefs(body))
        for i, offset, j, end in self.windows:
            window = text[starts[i] + offset:starts[j] + end]
            page.ids |= _ids(window)
            page.hrefs += _hrefs(window)
        return page

    def link_offsets(self, text: str, lengths: tuple[int, ...]) -> list[tuple[str, int]]:
        """(href, offset in the file) of `read(text, lengths).hrefs`, in their order."""
        starts, body, b_start = self._own(text, lengths)
        links = [(href, start) for href, start, _ in _tag_links(body, b_start)]
        for i, offset, j, end in self.windows:
            window = text[starts[i] + offset:starts[j] + end]
            links += [(href, start) for href, start, _ in _tag_links(window, starts[i] + offset)]
        return links

    def _own(self, text: str, lengths: tuple[int, ...]) -> tuple[list[int], str, int] | None:
        """Where the shared parts start on this page, its body cut, and where that starts; None
        when the page must be read whole."""
        t = self.template
        if len(lengths) != len(t.texts) - 1:
            return None
        starts, values, pos = [], [], 0
        for k, part in enumerate(t.texts):
            if not text.startswith(part, pos):
                return None
            starts.append(pos)
            pos += len(part)
            if k < len(lengths):
                values.append((pos, pos + lengths[k]))
                pos += lengths[k]
        if pos != len(text):
            return None
        for k, (s, e) in enumerate(values):
            if k != t.body and _MARKUP.search(text, s, e):
                return None
        b_start, b_end = values[t.body]
        body = _closed_cut(text[b_start:b_end])
        if body is None or (body.strip() and not body.rstrip().endswith(">")):
            return None
        return starts, body, b_start

    def fixed_plan(self) -> list[tuple[str, bool]]:
        """The shared parts' links to check on each page: (href, whether it leaves the page's
        folder); external links are left out. The same for every page (`fixed_offset` says where
        the n-th one is on a page)."""
        return [(href, leaves) for href, leaves, _, _ in self._plan]

    @functools.cached_property
    def _plan(self) -> list[tuple[str, bool, int, int]]:
        """`fixed_plan` with where each link is: (href, leaves, part, offset in the part); what
        each link is does not change from page to page."""
        return [(href, not _own_folder(_split(href)[1]), i, offset)
                for href, i, offset in self.fixed if not _external(href)]

    def fixed_offset(self, lengths: tuple[int, ...], n: int) -> int:
        """The offset in the file of the n-th link of `fixed_plan` on a page with these value lengths."""
        _, _, i, offset = self._plan[n]
        texts = self.template.texts
        return sum(len(texts[k]) + lengths[k] for k in range(i)) + offset


def _own_folder(path: str) -> bool:
    """Whether a relative link path stays inside its page's folder (or is the page itself)."""
    if path.startswith("/"):
        return False
    rel = posixpath.normpath(path) if path else "."
    return rel != ".." and not rel.startswith("../")


def _digest(raw: bytes) -> bytes:
    """A page's bytes, as the key of what was read from it (SHA-256 has the processor's help
    here: twice as fast as BLAKE2b on the 430 MB of a national site)."""
    return hashlib.sha256(raw).digest()[:16]


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _listing(site: Path) -> tuple[set[str], set[str]]:
    """Site-relative names of the files and of the folders ("" for the site) below `site`, as
    os.walk lists them (a link to a folder is a folder, not entered; what cannot be listed is
    left out), without its relpath per folder."""
    files, dirs = set(), {""}
    todo = [("", os.fspath(site))]
    while todo:
        rel, path = todo.pop()
        try:
            with os.scandir(path) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                files.add(name)
                continue
            dirs.add(name)
            try:
                entered = not entry.is_symlink()
            except OSError:
                entered = False
            if entered:
                todo.append((name, entry.path))
    return files, dirs


def check_links(site: Path, templates: tuple[Template, ...] | list[Template] = (),
                cache: CacheDir | Path | None = None) -> list[str]:
    """Broken links as `page:line: href (why)`, sorted; empty when all is well.

    Paths are handled as site-relative strings against one listing of the tree
    (pathlib and a stat per link were most of the time at 800 pages). With `templates`
    (the pages made from one template, see `Template`), each page's shared parts are
    checked once for all its pages. With `cache` (a build's cache folder, validate.cache_folder),
    what was read from a page is kept under `cache/links/` and a page with the same bytes is
    not parsed again in a later check (linkcache.py). What each page's check found is kept
    there too, and taken as it is while the tree holds the same names, the page is the same
    and so is every page whose #anchors it looked up (linkcache.CheckStore); any other page's
    links are checked again."""
    site = site.resolve()
    root = os.fspath(site) + "/"  # files are read by site-relative name, without a Path each
    files, dirs = _listing(site)
    # every "is there such a file" a check asks is answered by these names alone
    tree = hashlib.blake2b("\0".join([*sorted(files), "", *sorted(dirs)]).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()
    layouts: dict[str, tuple[_Layout, tuple[int, ...]]] = {}
    given: dict[str, tuple[bytes, tuple | None]] = {}  # Template.readings
    for t in templates:
        layout = _Layout(t)
        # the shared parts' links resolve alike only from pages in the same folder's subfolders
        parents = {posixpath.dirname(posixpath.dirname(p)) for p in t.pages}
        if layout.usable and len(parents) == 1:
            layouts.update((p, (layout, lengths)) for p, lengths in t.pages.items() if p in files)
            given.update((p, r) for p, r in t.readings.items() if p in files and p in t.pages)
    store = linkcache.ParseStore(cache) if cache is not None else None
    checks = linkcache.CheckStore(cache) if cache is not None else None
    before: dict[str, tuple[str, list[str], list[tuple[str, str]]]] = {}
    if store is not None:
        store.load()  # before the fork: the workers share what was read
        before = checks.load(tree)
    parsed: dict[str, _Page] = {}
    templated: dict[str, _Page | None] = {}
    digests: dict[str, bytes] = {p: d for p, (d, _) in given.items()}  # a page's read once, or handed over
    used: set[bytes] = set()  # this worker's keys and new entries since its last page
    new: dict[bytes, tuple] = {}

    def text(rel: str) -> str:
        return _read(root + rel).decode("utf-8", errors="replace")

    def reuse(rel: str, salt: bytes, read: Callable[[str], _Page | None]) -> _Page | None:
        """read(text of rel), or what a stored reading of the same bytes (and salt) gave."""
        if store is None:
            return read(text(rel))
        if rel not in digests:
            raw = _read(root + rel)
            digests[rel] = _digest(raw)
        else:
            raw = None
        key = hashlib.blake2b(salt + digests[rel], digest_size=16).digest() if salt else digests[rel]
        used.add(key)
        found = _unpack(store.get(key))
        if found is not _MISS and (found is not None or salt):  # a whole page always has a reading
            return found
        if raw is None:
            raw = _read(root + rel)
        page = read(raw.decode("utf-8", errors="replace"))
        packed = _pack(page)
        if packed is not None:
            new[key] = packed
        return page

    def keep(rel: str, salt: bytes, packed: tuple) -> _Page | None:
        """A reading handed over in stored form, kept in the store as `reuse` keeps one it made."""
        if store is not None:
            key = hashlib.blake2b(salt + digests[rel], digest_size=16).digest()
            used.add(key)
            if store.get(key) != packed:
                new[key] = packed
        return _unpack(packed)

    def digest(rel: str) -> bytes:
        if rel not in digests:
            digests[rel] = _digest(_read(root + rel))
        return digests[rel]

    def identity(rel: str) -> str:
        """What the reading of page `rel` is a function of: the key of its reading by its
        template (its bytes, the template and its value lengths), else of its bytes."""
        if rel in layouts:
            layout, lengths = layouts[rel]
            return hashlib.blake2b(layout.key + repr(lengths).encode() + digest(rel), digest_size=16).hexdigest()
        return digest(rel).hex()

    def read_templated(rel: str) -> _Page | None:
        if rel not in templated and rel in readings:  # read before the check (`read_first`)
            templated[rel] = first_reading(rel) if readings[rel][0] else None
        if rel not in templated:
            layout, lengths = layouts[rel]
            salt = layout.key + repr(lengths).encode()
            handed = given.get(rel, (None, None))[1]
            if handed is not None:  # read by the filler from the page it wrote
                templated[rel] = keep(rel, salt, handed)
            else:
                templated[rel] = reuse(rel, salt, lambda text: layout.read(text, lengths))
        return templated[rel]

    def parse(rel: str) -> _Page:
        if rel not in parsed and rel in readings:
            parsed[rel] = first_reading(rel)
        if rel not in parsed:
            own = read_templated(rel) if rel in layouts else None
            parsed[rel] = own if own is not None else reuse(rel, b"", _parse)
        return parsed[rel]

    def first_reading(rel: str) -> _Page:
        """`read_first`'s reading of rel, unpacked where it is needed."""
        stored = readings[rel][1]
        return stored if isinstance(stored, _Page) else _unpack(stored)

    def target(page: str, folder: str, path: str) -> str | None:
        """The file `path` on `page` (in `folder`, its dirname) points to, or None."""
        if not path:
            return page
        if path.startswith("/"):
            path = path.lstrip("/")
        elif folder:
            path = f"{folder}/{path}"  # posixpath.join (a folder never ends in "/")
        rel = posixpath.normpath(path)
        if rel == ".":
            rel = ""
        if rel == ".." or rel.startswith("../"):
            return None
        if rel in dirs:
            rel = posixpath.join(rel, "index.html") if rel else "index.html"
        return rel if rel in files else None

    def resolve(page: str, folder: str, path: str, anchor: str, found: object = _MISS) -> tuple[str | None, str | None]:
        """`found`: target(page, folder, path), when the caller has it."""
        if found is _MISS:
            found = target(page, folder, path)
        if found is None:
            return "ファイルがありません", None
        if anchor and found.endswith(".html"):
            return (None if anchor in parse(found).ids else f"ページに #{anchor} がありません"), found
        return None, None

    def broken(page: str, folder: str, href: str) -> tuple[str | None, str | None]:
        """Why `href` on `page` (in `folder`) is broken, or None; and the page whose ids that
        looked up (or None). A path from the site's root, or one that begins by leaving the
        page's folder ("../"), means the same from every page there, or in a folder beside it
        (districts/a/ and districts/b/: a name followed by ".." is taken away): looked up once
        for them all (per worker): kept under (the folder's folder, href), which check_page looks
        up before it calls this."""
        scheme, path, anchor = _split(href)
        if scheme in EXTERNAL_SCHEMES or href.startswith("//"):
            return None, None
        if path.startswith("/"):
            key: tuple = ("/", path, anchor)
        elif path.startswith("../") and folder:
            key = ("..", folder.rpartition("/")[0], path, anchor)  # posixpath.dirname of a folder
        else:
            return resolve(page, folder, path, anchor)
        if key not in resolved:  # the file is found once for every #anchor on it
            file = (*key[:-1], None)
            if file not in resolved:
                resolved[file] = target(page, folder, path)
            resolved[key] = resolve(page, folder, path, anchor, resolved[file])
        found = resolved[key]
        if folder:
            resolved[folder.rpartition("/")[0], href] = found
        return found

    def fixed_links(page: str, folder: str, deps: set) -> list[tuple[int, str, str]]:
        """The broken links of the shared parts on `page` (n of fixed_plan, href, why), adding
        the pages they looked up to `deps`. A link leaving the page's folder reads the same from
        every page of the template: found broken or not once (per worker), reported on every page."""
        layout = layouts[page][0]
        if id(layout) not in plans:
            plan = layout.fixed_plan()
            leaving = [(n, href, *broken(page, folder, href)) for n, (href, leaves) in enumerate(plan) if leaves]
            plans[id(layout)] = ([(n, href, why) for n, href, why, _ in leaving if why is not None],
                                 {dep for *_, dep in leaving},
                                 [(n, href) for n, (href, leaves) in enumerate(plan) if not leaves])
        found, leaving_deps, staying = plans[id(layout)]
        found = list(found)
        deps |= leaving_deps
        for n, href in staying:
            why, dep = broken(page, folder, href)
            deps.add(dep)
            if why is not None:
                found.append((n, href, why))
        return sorted(found)

    def check(page: str) -> tuple[list[str], set[bytes], dict[bytes, tuple], tuple | None]:
        if checks is None:
            return check_page(page)[0], set(), {}, None
        ident = identity(page)
        last = before.get(page)
        if last is not None and last[0] == ident and all(identity(d) == i for d, i in last[2]):
            # nothing its findings depend on has changed: they stand, and so do its readings
            problems, deps = last[1], {d for d, _ in last[2]}
            used.update((bytes.fromhex(ident), digest(page)))
        else:
            problems, deps = check_page(page)
        keys, entries = set(used), dict(new)
        used.clear()
        new.clear()
        return problems, keys, entries, (page, ident, problems, deps)

    def check_page(page: str) -> tuple[list[str], set[str]]:
        """The broken links on `page`, and the other pages whose ids that looked up."""
        own = read_templated(page) if page in layouts else None
        if own is None:
            hrefs = parse(page).hrefs
        else:
            hrefs = own.hrefs
            parsed.setdefault(page, own)
        seen, folder, deps, bad = {}, posixpath.dirname(page), set(), []
        beside = folder.rpartition("/")[0] if folder else None  # what `broken` keeps hrefs under
        own_ids = None
        for n, href in enumerate(hrefs):
            found = seen.get(href)  # the same href again on one page (a page's own #anchor, say)
            if found is None:
                found = resolved.get((beside, href))
            if found is None:
                scheme, path, anchor = _split(href)
                if path or scheme in EXTERNAL_SCHEMES or href.startswith("//"):
                    found = broken(page, folder, href)
                elif anchor and page.endswith(".html"):  # an #anchor on this page: `resolve`, inline
                    own_ids = parse(page).ids if own_ids is None else own_ids
                    found = (None if anchor in own_ids else f"ページに #{anchor} がありません"), page
                else:
                    found = None, None
                seen[href] = found
            why, dep = found
            deps.add(dep)
            if why is not None:
                bad.append((n, why))
        fixed = fixed_links(page, folder, deps) if own is not None else []
        problems = []
        if bad or fixed:  # where they are: the page read again, with the offsets of its links
            whole = text(page)
            if own is None:
                at = _parse_offsets(whole)
            else:
                layout, lengths = layouts[page]
                at = layout.link_offsets(whole, lengths)
                problems = [f"{page}:{_line(whole, layout.fixed_offset(lengths, n))}: {href} ({why})"
                            for n, href, why in fixed]
            if [href for href, _ in at] != hrefs:
                raise RuntimeError(f"{page}: the links read again are not the ones checked")
            problems = [f"{page}:{_line(whole, at[n][1])}: {at[n][0]} ({why})" for n, why in bad] + problems
        deps -= {None, page}
        return problems, deps

    def read_first(page: str) -> tuple[str, bytes | None, bool, object, set[bytes], dict[bytes, tuple]]:
        """In a worker, before any page is checked: `page`'s reading (by its template, else
        whole), unless the last check's findings on it may stand (then its digest only). So each
        page is read once, by one worker: when pages were read as they were checked, a page whose
        #anchors a page in the other worker looked up was read there too (nation: 24,341 readings
        of 14,050 pages). Returns (page, its digest, whether its template read it, its reading:
        the key of its stored form, the stored form, or the _Page when it has none; or None,
        the keys it used, the new entries)."""
        last = before.get(page)
        ref: object = None
        if last is None or last[0] != identity(page):
            own = read_templated(page) if page in layouts else None
            reading = own if own is not None else parse(page)
            packed = _pack(reading)
            key = _reading_key(page, own is not None)
            ref = key if key is not None and (key in new or store.get(key) == packed) else \
                (packed if packed is not None else reading)
            by_template = own is not None
        else:
            by_template = False
        out = (page, digests.get(page), by_template, ref, set(used), dict(new))
        used.clear()
        new.clear()
        return out

    def _reading_key(page: str, by_template: bool) -> bytes | None:
        """The store's key of `page`'s reading (None without a store)."""
        if store is None:
            return None
        if by_template:
            layout, lengths = layouts[page]
            return hashlib.blake2b(layout.key + repr(lengths).encode() + digests[page], digest_size=16).digest()
        return digests[page]

    # what `broken` found for a key, and (the key with None for its anchor) the file it names
    resolved: dict[tuple, tuple[str | None, str | None] | str | None] = {}
    plans: dict[int, tuple[list[tuple[int, str, str]], set, list[tuple[int, str]]]] = {}
    readings: dict[str, tuple[bool, tuple | _Page]] = {}  # page → (read by its template, its reading)
    pages = sorted(f for f in files if f.endswith(".html"))
    found, keys, entries, after = [], set(), {}, {}
    # the readings the filler handed over are taken here as they are (as `read_first` would take
    # them, without sending each through a worker and back); every other page is read first
    # (forked workers when there are many), then all are checked (forked again: the workers have
    # every reading)
    taken = set()
    for page in pages:
        handed = given.get(page, (None, None))[1]
        last = before.get(page)
        if handed is None or handed == () or (last is not None and last[0] == identity(page)):
            continue
        if store is not None:
            key = _reading_key(page, True)
            keys.add(key)
            if store.get(key) != handed:
                entries[key] = handed
        readings[page] = (True, handed)
        taken.add(page)
    first = parallel.start(read_first, [page for page in pages if page not in taken]).get()
    for _, _, _, _, page_keys, page_entries in first:
        keys |= page_keys
        entries.update(page_entries)
    for page, page_digest, by_template, ref, _, _ in first:
        if page_digest is not None:
            digests[page] = page_digest
        if ref is not None:
            readings[page] = (by_template, (entries.get(ref) or store.get(ref)) if isinstance(ref, bytes) else ref)
    for problems, page_keys, page_entries, verdict in parallel.start(check, pages).get():
        found += problems
        keys |= page_keys
        entries.update(page_entries)
        if verdict is not None:
            after[verdict[0]] = verdict[1:]
    if store is not None:
        store.save(keys, entries)
        checks.save(tree, after)
    return found
