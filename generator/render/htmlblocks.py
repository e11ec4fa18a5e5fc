"""Raw HTML blocks that bypass Python-Markdown.

Generated pages are mostly raw HTML between Markdown headings. Python-Markdown parses
every raw HTML block with `html.parser` only to pass it through unchanged, which was
about half of a large build. Here each HTML run of a generated page is swapped for a
short comment before MkDocs sees it and put back into the converted page afterwards
(hooks.on_page_content). Headings stay Markdown, so the table of contents is unchanged.

Contributor text inside a block is already HTML-escaped, so it can never form a
placeholder; keys are content hashes, so the same input gives the same output.
"""

from __future__ import annotations

import hashlib
import re

_HEADING = re.compile(r"#{1,6} ")
_PLACEHOLDER = re.compile(r"(?:<p>)?<!--atlas-html:([0-9a-f]{20})-->(?:</p>)?")


class HtmlBlocks:
    def __init__(self):
        self._blocks: dict[str, str] = {}

    def _stash(self, html: str) -> str:
        key = hashlib.blake2b(html.encode("utf-8"), digest_size=10).hexdigest()
        self._blocks[key] = html
        return f"<!--atlas-html:{key}-->"

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
        return _PLACEHOLDER.sub(lambda m: self._blocks[m.group(1)], html)
