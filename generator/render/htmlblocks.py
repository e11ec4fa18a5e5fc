"""Raw HTML blocks that bypass Python-Markdown.

Generated pages are mostly raw HTML between Markdown headings. Python-Markdown parses
every raw HTML block with `html.parser` only to pass it through unchanged, which was
about half of a large build. Here each HTML run of a generated page is swapped for a
short comment before MkDocs sees it and put back into the converted page afterwards
(hooks.on_page_content). Headings stay Markdown, so the table of contents is unchanged.

The blocks wait in a temporary file, not in memory (at national size they are some
hundreds of megabytes), and each is read back once, into the page's final HTML
(hooks.on_post_page), so MkDocs never holds the bodies of all pages at once.

Contributor text inside a block is already HTML-escaped, so it can never form a
placeholder; placeholders never reach the output.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile

_HEADING = re.compile(r"#{1,6} ")
_PLACEHOLDER = re.compile(r"(?:<p>)?<!--atlas-html:(\d+)\.(\d+)\.(\d+)(?: <h1)?-->(?:</p>)?")


class HtmlBlocks:
    """Blocks in files of a temporary folder, one file per process: forked workers stash
    the pages they render themselves, so page bodies never travel back through a pipe.
    A placeholder says where its block is: process, offset, length."""

    def __init__(self):
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
        if self._pid != os.getpid():  # first block in this process (the build's, or a worker's)
            self._pid, self._end = os.getpid(), 0
            self._out = open(os.path.join(self._dir, str(self._pid)), "ab", buffering=0)  # noqa: SIM115 (close())
        data = html.encode("utf-8")
        self._out.write(data)
        where = f"{self._pid}.{self._end}.{len(data)}"
        self._end += len(data)
        # Material adds the page title as a heading when the content has no "<h1"; the
        # placeholder of a block with one says so, so the check sees what the page will have
        return f"<!--atlas-html:{where}{' <h1' if '<h1' in html else ''}-->"

    def _block(self, pid: int, offset: int, length: int) -> str:
        if pid not in self._readers:
            self._readers[pid] = os.open(os.path.join(self._dir, str(pid)), os.O_RDONLY)
        return os.pread(self._readers[pid], length, offset).decode("utf-8")

    def stash_page(self, source: str) -> str:
        """The page source with each run of lines between Markdown headings that starts
        with an HTML tag replaced by a placeholder. Front matter and headings stay."""
        head, body = "", source
        if source.startswith("---\n"):
            end = source.index("\n---\n", 4) + 5
            head, body = source[:end], source[end:]
        out: list[str] = []
        run: list[str] = []

        def flush():
            text = "\n".join(run).strip("\n")
            if text.startswith("<"):
                out.extend(["", self._stash(text), ""])
            else:
                out.extend(run)
            run.clear()

        for line in body.split("\n"):
            if _HEADING.match(line):
                flush()
                out.append(line)
            else:
                run.append(line)
        flush()
        return head + "\n".join(out) + "\n"

    def restore(self, html: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self._block(*map(int, m.groups())), html)
