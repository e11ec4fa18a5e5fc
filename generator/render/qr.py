"""QR codes that lead from a printed page back to the same page of the published site
(mkdocs.yml site_url): made at build time with segno, inline SVG, black on white, printed
only (the screen shows the page itself). A site built without a site_url does not know its
own address, so its pages print no code (README 「印刷」)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def page_qr(settings: dict, path: str) -> dict | None:
    """{"url", "svg"} for the site-relative page `path` ("districts/x/"), or None without a
    site_url. Error correction M (15 %): a code still reads with a pen mark over it."""
    site = str(settings.get("site_url") or "").rstrip("/")
    if not site:
        return None
    url = f"{site}/{path}"
    svg = segno.make_qr(url, error="m").svg_inline(border=2, omitsize=True, svgclass="atlas-qr-code",
                                                    lineclass=None)
    return {"url": url, "svg": Markup(svg)}
