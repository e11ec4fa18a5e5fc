"""Print pages of the built site to PDF in headless Chromium (Debian's chromium package),
so a workshop can print without a browser of its own: 「印刷用PDF」.

Pages are opened from file:// (no server), with network access blocked: a printed
sheet must not depend on anything outside the site. Japanese text is printed in BIZ
UDPGothic (setup.sh installs fonts-morisawa-bizud-gothic; sheets.css), embedded in the PDF
as TrueType, regular and bold. The paper and page breaks are the page's own print CSS.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..render.sheets import PrintJob

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAPER = {  # Playwright page.pdf options per paper
    "a3-landscape": {"format": "A3", "landscape": True, "query": "?paper=a3"},
    "a4-landscape": {"format": "A4", "landscape": True, "query": "?paper=a4"},
    "a4": {"format": "A4", "landscape": False, "query": ""},
}
# Chromium writes the time of printing into the PDF; fixed so the same site gives the same bytes.
_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _stable(pdf: bytes) -> bytes:
    return _DATES.sub(lambda m: b"/" + m.group(1) + b" (D:20000101000000+00'00')", pdf)


# Links in the page point into the build folder (file://…); in the PDF they must point to
# the published site (mkdocs.yml site_url) or nowhere, never to the machine that built it.
# (A district's worksheet is printed from its page with ?paper=a3; its links are "#r-…".)
_RELINK = """([root, siteUrl]) => {
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.protocol !== 'file:') continue;
    url.searchParams.delete('paper');  // the query that chose the paper (and pack) is not part of the link
    url.searchParams.delete('pack');
    if (siteUrl && url.href.startsWith(root)) a.href = siteUrl + url.href.slice(root.length);
    else a.removeAttribute('href');
  }
}"""


def print_pdfs(site_dir: Path, jobs: list[PrintJob], executable: str, site_url: str = "") -> list[Path]:
    """Print in a fresh process: Playwright's sync API refuses to run where an asyncio
    loop is already running (e.g. a test session that drives the same Chromium)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_print_here, site_dir, jobs, executable, site_url).result()


def _print_here(site_dir: Path, jobs: list[PrintJob], executable: str, site_url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith("file://") else route.abort())
        page = context.new_page()
        for job in jobs:
            paper = PAPER[job.paper]
            url = (site_dir / job.page / "index.html").resolve().as_uri() + paper["query"] + job.query
            page.goto(url, wait_until="load")
            root = site_dir.resolve().as_uri() + "/"
            page.evaluate(_RELINK, [root, site_url.rstrip("/") + "/" if site_url else ""])
            page.emulate_media(media="print")
            out = site_dir / job.pdf
            out.parent.mkdir(parents=True, exist_ok=True)
            pdf = page.pdf(format=paper["format"], landscape=paper["landscape"], print_background=True,
                           prefer_css_page_size=True)
            out.write_bytes(_stable(pdf))
            written.append(out)
        browser.close()
    return written
