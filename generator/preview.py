"""`generator serve`: rebuild after an edit by redoing only what the edit changed.

MkDocs' dirty build skips a page whose source file is older than its output. So in a
preview, page sources are files in a folder of their own, rewritten only when their text
changes; a district is rendered again only when the district, or anything shared by all
districts (vocabularies, settings), changed; other generated files are rewritten only
when their bytes change. YAML files are read again only when changed (validate.py).
A deleted district leaves its old files in the preview until the server restarts.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from .model import Atlas, District
from .render.htmlblocks import HtmlBlocks
from .render.site import as_bytes, district_files, is_page, shared_files, write_file


class Preview:
    def __init__(self):
        self.sources = Path(tempfile.mkdtemp(prefix="atlas-preview-"))
        self.blocks = HtmlBlocks(by_content=True)  # page bodies never go through Markdown
        self._districts: dict[str, tuple[str, dict]] = {}  # id → (fingerprint, files)
        self._written: dict[str, bytes] = {}  # path under site_dir or sources → digest

    def _district(self, atlas: Atlas, d: District, shared: str) -> dict:
        fingerprint = shared + repr(d)
        cached = self._districts.get(d.id)
        if cached is None or cached[0] != fingerprint:
            cached = (fingerprint, district_files(atlas, d))
            self._districts[d.id] = cached
        return cached[1]

    def _put(self, folder: Path, path: str, content: str | bytes) -> None:
        key = f"{folder}/{path}"
        digest = hashlib.blake2b(as_bytes(content), digest_size=16).digest()
        if self._written.get(key) == digest and (folder / path).exists():
            return
        write_file(folder, path, content)
        self._written[key] = digest

    def write(self, atlas: Atlas, site_dir: Path) -> list[str]:
        """Write what changed; return the page paths (their sources are under `sources`)."""
        shared = repr((atlas.vocabularies, atlas.settings))
        files = shared_files(atlas)
        for d in atlas.districts:
            files.update(self._district(atlas, d, shared))
        pages = []
        for path, content in files.items():
            if is_page(path):
                self._put(self.sources, path, self.blocks.stash_page(content))
                pages.append(path)
            else:
                self._put(site_dir, path, content)
        return pages


_preview: Preview | None = None


def preview() -> Preview:
    """The one Preview of this process (MkDocs loads a fresh config for every rebuild)."""
    global _preview
    if _preview is None:
        _preview = Preview()
    return _preview
