"""Rendered districts and municipalities kept between builds, by content (`.atlas-cache/units/`).

A unit's files (render/site.py: a district's page; a municipality's page, maps, rows and its
part of the national download) are made from
- its districts, which are made from their YAML files alone given the rest: each District
  carries the digest of its file's bytes (`District.source`, set by validate.py);
- the rest of the Atlas but what only the site's own files read (SITE_ONLY: cases, documents,
  worksheets, check-sheets, gap links, statistics) — vocabularies, the data sources' registry,
  settings (the site's URL and whether PDFs are printed among them) —, how many districts and
  resources there are (a district page links its PDF only on sites small enough to print one per
  district), and the date freshness is measured against;
- the code and templates that render them, and the versions of the libraries they use.
The key of a unit is a digest of all of that, so an entry is used only for exactly the same
inputs; no entry is ever "updated". A build drops the entries it did not use, so the folder
holds at most about two builds' worth (a pack mostly of unused entries is compacted). A unit
with a district of unknown source (made in memory, not read from a file) is never kept. Each
entry is our own pickle, a record of a pack file (publish/cache_pack.py: a few files per build,
one per process, instead of ~15,600 at nation size), sealed by this machine (one brought by a
pull request is never loaded) and appended whole; one that cannot be read is rendered again.
ATLAS_CACHE=0 turns this off, as it does the parse cache.

Entries of a key, by kind (the file's suffix):
- `pickle`: a unit's files (page sources, maps, rows script);
- `parts`: a municipality's part of the national download, read only when the national
  files are made again (at nation size ~200 MB of the ~440 MB a build would read);
- `sw`: a municipality's share of the site's own files (render/site.py `site_part`: of the
  national map's counts, the near-me index and the search index's documents and postings), from which
  they are put together again when another municipality changed;
- `ctx`: the site's own files that no district changes (render/site.py `context_files`: the
  editor's), under `context_key` (the context and `site_digest`), made again only when one
  of them changes;
- `site`: the files made once for the site from the whole Atlas (other pages, shared maps,
  assets, マイリスト, editor, the search index) and the national download. Its
  key (`site_key`) is a digest of the context, the SITE_ONLY part of the Atlas (`site_digest`)
  and every unit's key in order, so it is used only when no district, no municipality and
  nothing else changed.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from ..model.freshness import reference_date
from ..model.model import Atlas
from ..publish.cache_dir import CacheDir, at
from ..publish.cache_pack import Packs
from ..publish.cache_seal import MISSING, dumps, library_versions, loads

_PACKAGE = Path(__file__).resolve().parents[1]
_TEMPLATES = _PACKAGE.parent / "site_templates"
_LIBRARIES = ("jinja2", "markupsafe", "folium", "branca")
KINDS = ("pickle", "parts", "sw", "ctx", "site")


def _code_digest() -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for folder in (_PACKAGE, _TEMPLATES):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(library_versions(_LIBRARIES))
    return digest.digest()


# Atlas fields no unit reads (tests/test_unit_cache.py renders every unit without them): only
# the site's own files are made from them (case, worksheet, check-sheet and data pages, the gap
# links every district page loads: sheets.GAP_LINKS), so a case or content/gap_links.yaml edited
# renders no district or municipality again.
SITE_ONLY = ("cases", "documents", "datasets", "worksheets", "checksheets", "gap_links")


def context_digest(atlas: Atlas) -> bytes:
    """What every unit depends on besides its own districts (see the module docstring)."""
    rest = {k: v for k, v in atlas.__dict__.items() if k != "districts" and k not in SITE_ONLY}
    counts = (len(atlas.districts), sum(len(d.resources) for d in atlas.districts))
    data = pickle.dumps((rest, counts, reference_date().isoformat()), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(_code_digest() + data, digest_size=16).digest()


def site_digest(atlas: Atlas) -> bytes:
    """What the site's own files depend on besides the units' context: the SITE_ONLY fields."""
    data = pickle.dumps({k: atlas.__dict__[k] for k in SITE_ONLY}, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=16).digest()


class UnitCache:
    """Get and put a unit's rendered files by key; `None` folder: nothing is kept (a Path:
    a folder the caller chose, cache_dir.at)."""

    def __init__(self, folder: CacheDir | Path | None, context: bytes):
        self.folder = at(folder)
        self.context = context
        self.packs = Packs(self.folder) if self.folder is not None else None

    def key(self, unit: tuple) -> str | None:
        """The unit's key, or None when it cannot be kept (a district without a source)."""
        if self.folder is None:
            return None
        districts = [unit[1]] if unit[0] == "d" else unit[2]
        digest = hashlib.blake2b(self.context, digest_size=20)
        digest.update(unit[0].encode() + b"\0" + (unit[1].id if unit[0] == "d" else unit[1].code).encode())
        for d in districts:
            if not d.source:
                return None
            digest.update(b"\0" + d.path.encode() + b"\0" + d.source)
        return digest.hexdigest()

    def site_key(self, keys: list[str | None], site: bytes) -> str | None:
        """The key of the site's own files (see the module docstring; `site`: site_digest):
        None when a unit cannot be kept."""
        if self.folder is None or any(key is None for key in keys):
            return None
        digest = hashlib.blake2b(self.context + b"\0site" + site, digest_size=20)
        for key in keys:
            digest.update(key.encode() + b"\0")
        return digest.hexdigest()

    def context_key(self, site: bytes) -> str | None:
        """The key of what is made from the context and the SITE_ONLY part of the Atlas alone,
        no district (see the module docstring; `site`: site_digest — the editor lists the
        documents, which units do not read)."""
        if self.folder is None:
            return None
        return hashlib.blake2b(self.context + b"\0context" + site, digest_size=20).hexdigest()

    def get(self, key: str | None, kind: str = "pickle") -> Any:
        if key is None:
            return None
        body = self.packs.read(f"{key}.{kind}")
        value = MISSING if body is None else loads(body)
        return None if value is MISSING else value

    def put(self, key: str | None, value: Any, kind: str = "pickle") -> None:
        data = dumps(value) if key is not None else None
        if data is not None:
            self.packs.write(f"{key}.{kind}", data)  # a cache is only a shortcut

    def entries(self) -> list[str]:
        """The names of the entries kept (`<key>.<kind>`), for tests and figures."""
        return sorted(self.packs.names()) if self.packs is not None else []

    def keep_only(self, keys: set[str]) -> None:
        """Drop every entry (of any kind) whose key is not among `keys`, and every file of
        the folder that is not a pack (cache_pack.Packs.keep_only); the packs are closed."""
        if self.packs is not None:
            self.packs.keep_only({f"{key}.{kind}" for key in keys for kind in KINDS})
            self.packs.close()
