"""`generator serve`: rebuild after an edit by redoing only what the edit changed, drop what
an edit removed, and show in the browser why the site could not be built.

MkDocs' dirty build skips a page whose source file is older than its output. So in a
preview, page sources are files in a folder of their own, rewritten only when their text
changes; a district (or a municipality) is rendered again only when it (or its districts),
or anything shared by all districts (vocabularies, settings), changed; other generated files are rewritten only
when their bytes change. YAML files are read again only when changed (validate.py).

A dirty build never deletes anything, so the preview does: a file it generated, a page
source, or a page MkDocs wrote that the next build no longer has (a deleted case, a deleted
district with its map and downloads, a deleted hand-written page) is removed from the
served folder, and the server answers 404 for it.

While the YAML does not validate (or a rebuild fails), every page request is answered with
an error page listing the problems as text (`Problem.format()`, HTML-escaped: problems
quote contributor text); the page reloads itself once a later build has finished, so the
open tab shows the site again as soon as the file is fixed. Builds always finish (the
builder is guarded in hooks.on_serve), so a request never waits for a build that failed.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import shutil
import tempfile
import threading
from pathlib import Path

from ..check import data_sources
from ..check.problems import visible
from ..model.model import Atlas
from ..render.exports import ALL_ZIP, national_zip
from ..render.htmlblocks import HtmlBlocks
from ..render.site import as_bytes, is_page, national_parts, shared_files, unit_files, units, write_file

STATE_PATH = "/.atlas-preview/generation"  # the error page polls it to know when to reload


def _remove(folder: Path, path: str) -> None:
    """Delete folder/path, then its parent folders up to `folder` while they are empty."""
    target = folder / path
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == folder or folder not in parent.parents:
            break
        try:
            parent.rmdir()
        except OSError:  # not empty (or already gone)
            break


class Preview:
    def __init__(self):
        self.sources = Path(tempfile.mkdtemp(prefix="atlas-preview-"))
        self.blocks = HtmlBlocks(by_content=True)  # page bodies never go through Markdown
        self.pages: list[str] = []  # the page sources of the last build that validated
        self._units: dict[tuple, tuple[str, dict]] = {}  # ("d", id) | ("m", code) → (fingerprint, files)
        self._written: dict[str, bytes] = {}  # path under site_dir or sources → digest
        self._files: set[str] = set()  # generated files (not pages) written into site_dir
        self._outputs: set[str] | None = None  # what MkDocs wrote in the last build
        self._lock = threading.Lock()  # the server's request threads read what builds set
        self._problems: list[str] = []
        self._summary = ""
        self.generation = 0  # builds finished, successful or not
        atexit.register(self.close)  # the temporary folders go with the process (cli.cmd_serve: SIGTERM too)

    def close(self) -> None:
        self.blocks.close()
        shutil.rmtree(self.sources, ignore_errors=True)

    def _unit(self, atlas: Atlas, unit: tuple, shared: str) -> dict:
        """A district's files, or a municipality's (render/site.py: `units`)."""
        key = (unit[0], unit[1].id if unit[0] == "d" else unit[1].code)
        fingerprint = shared + repr(unit[1:])
        cached = self._units.get(key)
        if cached is None or cached[0] != fingerprint:
            cached = (fingerprint, unit_files(atlas, unit))
            self._units[key] = cached
        return cached[1]

    def _put(self, folder: Path, path: str, content: str | bytes) -> None:
        key = f"{folder}/{path}"
        digest = hashlib.blake2b(as_bytes(content), digest_size=16).digest()
        if self._written.get(key) == digest and (folder / path).exists():
            return
        write_file(folder, path, content)
        self._written[key] = digest

    def _drop(self, folder: Path, path: str) -> None:
        _remove(folder, path)
        self._written.pop(f"{folder}/{path}", None)

    def write(self, atlas: Atlas, site_dir: Path) -> list[str]:
        """Write what changed, delete what is no longer generated; return the page paths
        (their sources are under `sources`)."""
        shared = repr((atlas.vocabularies, atlas.settings))
        files = shared_files(atlas)
        files[ALL_ZIP] = national_zip(national_parts(atlas), data_sources.attribution(atlas.data_sources))
        keys = []
        for unit in units(atlas):
            files.update(self._unit(atlas, unit, shared))
            keys.append((unit[0], unit[1].id if unit[0] == "d" else unit[1].code))
        self._units = {key: self._units[key] for key in keys}
        pages = []
        for path, content in files.items():
            if is_page(path):
                self._put(self.sources, path, self.blocks.stash_page(content))
                pages.append(path)
            else:
                self._put(site_dir, path, content)
        others = {path for path in files if not is_page(path)}
        for path in self._files - others:
            self._drop(site_dir, path)
        for path in set(self.pages) - set(pages):
            self._drop(self.sources, path)
        self._files, self.pages = others, pages
        return pages

    def prune_outputs(self, site_dir: Path, outputs: set[str]) -> None:
        """Delete what the previous build wrote (MkDocs' dest paths) that this one does not."""
        for path in (self._outputs or set()) - outputs:
            _remove(site_dir, path)
        self._outputs = outputs

    # --- what the server shows ------------------------------------------------------

    def finished(self, problems: list[str], summary: str = "") -> None:
        """A build has finished: with these problems (formatted lines) and a summary
        (「エラー 1 件、警告 0 件」), or with none."""
        with self._lock:
            self._problems, self._summary = list(problems), summary
            self.generation += 1

    def problems(self) -> tuple[list[str], str, int]:
        with self._lock:
            return list(self._problems), self._summary, self.generation

    def serve(self, app):
        """WSGI middleware around MkDocs' server: the error page instead of every page while
        the last build had problems, and the build generation the error page polls."""
        def middleware(environ, start_response):
            path = environ.get("PATH_INFO", "")
            problems, summary, generation = self.problems()
            if path == STATE_PATH:
                start_response("200 OK", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")])
                return [str(generation).encode()]
            if problems and _is_page_request(path):
                body = error_page(problems, summary, generation)
                start_response("503 Service Unavailable", [
                    ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store")])
                return [body]
            return app(environ, start_response)
        return middleware


def _is_page_request(path: str) -> bool:
    return path.endswith(("/", ".html"))  # "/cases/x" is redirected to "/cases/x/" first


_RELOAD = """(function () {
  var seen = "%d";
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (now) {
      if (now !== seen) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
    }, function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
})();"""


def error_page(problems: list[str], summary: str, generation: int) -> bytes:
    """The page the preview shows while the site cannot be built: each problem as text."""
    items = "\n".join(f"<li><code>{html.escape(visible(line))}</code></li>" for line in problems)
    summary = f"<p><strong>{html.escape(visible(summary))}</strong></p>" if summary else ""
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>エラー：サイトを作れませんでした（プレビュー）</title>
<style>
body {{ font-family: sans-serif; margin: 1.5rem; line-height: 1.7; color: #000; background: #fff; }}
h1 {{ font-size: 1.4rem; }}
li {{ margin-bottom: 0.6rem; }}
code {{ white-space: pre-wrap; word-break: break-all; font-size: 0.95rem; }}
</style>
</head>
<body>
<h1>サイトを作れませんでした</h1>
{summary}
<p>次の問題を直してファイルを保存してください。直ると、このページは自動で読み込み直されます。
このページはプレビュー（<code>python -m generator serve</code>）の中だけで表示されます。</p>
<ol>
{items}
</ol>
<script>{_RELOAD % (generation, STATE_PATH)}</script>
</body>
</html>
""".encode()


_preview: Preview | None = None


def preview() -> Preview:
    """The one Preview of this process (MkDocs loads a fresh config for every rebuild)."""
    global _preview
    if _preview is None:
        _preview = Preview()
    return _preview
