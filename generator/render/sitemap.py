"""The sitemap (written by MkDocs when mkdocs.yml has a site_url) with the pages written
without it (themed.py): the stand-in page's entry becomes one entry per page, with the
same date. The .gz copy is written again with the date MkDocs gave it (same bytes for the
same checkout)."""

from __future__ import annotations

import gzip
import re
import struct
from pathlib import Path


def sitemap_with(site_dir: Path, stand_in: str, pages: list[str]) -> None:
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"[ \t]*<url>\s*<loc>([^<]*)" + re.escape(stand_in) + r"</loc>.*?</url>\n?", text, re.DOTALL)
    if entry is None:  # no site_url: the sitemap lists no page
        return
    base = entry.group(1)
    one = entry.group(0)
    loc = f"{base}{stand_in}"
    text = text[:entry.start()] + "".join(one.replace(loc, f"{base}{page}") for page in pages) + text[entry.end():]
    path.write_text(text, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    mtime = struct.unpack("<I", packed.read_bytes()[4:8])[0] if packed.exists() else 0
    with open(packed, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(packed), mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
