"""Generated pages bypass Python-Markdown entirely.

A generated page is front matter (title, description: escaped, see pages.py) and an HTML
body rendered by autoescaped Jinja2. The body holds contributor text, and Markdown must
never read it: a newline plus `![x](y){onerror=…}` would become an <img> with a handler
(attr_list), a line starting "## " a heading. So the whole body is swapped for a short
comment before MkDocs sees the page, in a build and in a preview alike, and put back into
the finished page (hooks.on_post_page). It also saves the time Python-Markdown spent
parsing every raw HTML block only to pass it through.

The blocks wait in a temporary file, not in memory (at national size they are some
hundreds of megabytes), and each is read back once, into the page's final HTML
(hooks.on_post_page), so MkDocs never holds the bodies of all pages at once.

Contributor text inside a block is already HTML-escaped, so it can never form a
placeholder; placeholders never reach the output.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile

_PLACEHOLDER = re.compile(r"(?:<p>)?<!--atlas-html:(?:(\d+)\.(\d+)\.(\d+)|h([0-9a-f]{32}))(?: <h1)?-->(?:</p>)?")


def split_front_matter(source: str) -> tuple[str, str]:
    """(front matter with its "---" lines, body) of a generated page source."""
    if source.startswith("---\n"):
        end = source.index("\n---\n", 4) + 5
        return source[:end], source[end:]
    return "", source


class HtmlBlocks:
    """Blocks in files of a temporary folder, one file per process: forked workers stash
    the pages they render themselves, so page bodies never travel back through a pipe.
    A placeholder says where its block is: process, offset, length."""

    def __init__(self, by_content: bool = False):
        """`by_content`: name each block by its digest, so the same HTML gets the same
        placeholder in every rebuild (a preview's dirty build then skips unchanged pages)."""
        self.by_content = by_content
        self._dir = tempfile.mkdtemp(prefix="atlas-blocks-")
        self._pid = 0
        self._out = None  # this process's file (opened on the first block)
        self._end = 0
        self._readers: dict[int, int] = {}  # pid → file descriptor

    def close(self) -> None:
        if self._out is not None and self._pid == os.getpid():
            self._out.close()
        for fd in self._readers.values():
            os.close(fd)
        self._readers.clear()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _stash(self, html: str) -> str:
        # Material adds the page title as a heading when the content has no "<h1"; the
        # placeholder of a block with one says so, so the check sees what the page will have
        h1 = " <h1" if "<h1" in html else ""
        if self.by_content:
            data = html.encode("utf-8")
            name = hashlib.blake2b(data, digest_size=16).hexdigest()
            path = os.path.join(self._dir, name)
            if not os.path.exists(path):
                with open(path, "wb") as out:
                    out.write(data)
            return f"<!--atlas-html:h{name}{h1}-->"
        if self._pid != os.getpid():  # first block in this process (the build's, or a worker's)
            self._pid, self._end = os.getpid(), 0
            self._out = open(os.path.join(self._dir, str(self._pid)), "ab", buffering=0)  # noqa: SIM115 (close())
        data = html.encode("utf-8")
        self._out.write(data)
        where = f"{self._pid}.{self._end}.{len(data)}"
        self._end += len(data)
        return f"<!--atlas-html:{where}{h1}-->"

    def _block(self, pid: int, offset: int, length: int) -> str:
        if pid not in self._readers:
            self._readers[pid] = os.open(os.path.join(self._dir, str(pid)), os.O_RDONLY)
        return os.pread(self._readers[pid], length, offset).decode("utf-8")

    def stash_page(self, source: str) -> str:
        """The page source with its whole body (everything after the front matter) replaced by
        one placeholder: Python-Markdown and its extensions never see a generated page's HTML,
        so no contributor text in it can ever be read as Markdown (attr_list, links, images)."""
        head, body = split_front_matter(source)
        return head + "\n" + self._stash(body.strip("\n")) + "\n"

    def _named(self, name: str) -> str:
        with open(os.path.join(self._dir, name), "rb") as block:
            return block.read().decode("utf-8")

    def restore(self, html: str) -> str:
        def block(m: re.Match) -> str:
            if m.group(4):
                return self._named(m.group(4))
            return self._block(*map(int, m.groups()[:3]))
        return _PLACEHOLDER.sub(block, html)
