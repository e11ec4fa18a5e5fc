"""Benchmark (not a test): time to first render of a clustered points map in headless Chromium,
and the bytes it took.

`python -m benchmarks.bench_map SITE_DIR [--path maps/national.html] [--runs 3] [--cpu-throttle 4]`

The figure is the page's own clock: `performance.now()` counts from navigation start, a
MutationObserver notes when the first cluster icon (`.marker-cluster`: a cluster, or on the
national map a municipality's count) enters the DOM, and the time after the next animation
frame (requestAnimationFrame, then a task) is taken as painted. Python and Playwright
overhead are not in it. The bytes before first render are the Resource Timing transfer
sizes (headers and body, as sent: the local server does not compress) of the document and
of every file that finished loading by then. `--cpu-throttle 4` slows the page's CPU four
times (CDP `Emulation.setCPUThrottlingRate`), as a slower phone would be. Requests to other
hosts (map tiles) are refused, as there is no internet here and tiles are not what is measured.

`issue15_rows(site, project)` gives benchmarks/bench.py its two rows of issue 15's table
("map_bytes", "map_render"), as printed; `national_map_figures(site_dir)` the figures behind them.

`python -m benchmarks.bench_map SITE_DIR --issue15` prints those two rows."""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1000, "height": 900}

# Runs before any script of the page: note when the first cluster icon is in the DOM, and
# when the frame holding it has been painted, with what the viewport shows at that moment.
_OBSERVE = """
(() => {
  const t = window.__atlasFirstRender = {};
  const observer = new MutationObserver(() => {
    if (t.dom !== undefined || !document.querySelector(".marker-cluster")) { return; }
    t.dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => {
      t.paint = performance.now();
      t.counts = window.__atlasCounts();
      t.bytes = window.__atlasBytes(t.paint);
    }, 0));
  });
  observer.observe(document, { childList: true, subtree: true });
  // bytes of the document and of every file finished by `until` (performance.now())
  window.__atlasBytes = (until) => {
    const entries = performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"));
    return entries.filter((e) => e.responseEnd > 0 && e.responseEnd <= until)
      .reduce((n, e) => n + (e.transferSize || 0), 0);
  };
  window.__atlasCounts = () => {
    const inView = (e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
        && r.left < window.innerWidth && r.top < window.innerHeight;
    };
    // markercluster keeps the icons of the zoom it animates from or to, fading to opacity 0
    const clusters = Array.from(document.querySelectorAll(".marker-cluster"))
      .filter((e) => e.style.opacity !== "0");
    const singles = Array.from(document.querySelectorAll("path.leaflet-interactive"));
    const labels = clusters.map((e) => parseInt(e.textContent, 10) || 0);
    return {
      clusters: clusters.length, singles: singles.length,
      visible_clusters: clusters.filter(inView).length, visible_singles: singles.filter(inView).length,
      represented: singles.length + labels.reduce((a, b) => a + b, 0),
    };
  };
})();
"""

# every point the map stands for: the national map's total (its counts file), else the points files'
_POINTS_IN_DATA = """() => {
  const all = window.ATLAS_POINTS || {};
  if (all.national) { return all.national.n; }
  return Object.keys(all).reduce((n, k) => n + all[k].p.length, 0);
}"""


def first_render(page_url: str, browser, timeout_s: float = 60.0, settle_s: float = 5.0,
                 cpu_throttle: float = 1) -> dict:
    """Open `page_url` in a fresh context of a Playwright `browser` and measure, in seconds from
    navigation start, when the first cluster icon is in the DOM (`dom_s`) and painted
    (`first_render_s`), and the bytes transferred by then (`bytes_before_first_render`), with
    the CPU slowed `cpu_throttle` times. Counts are taken at that paint (`at_first_render`) and
    again once the map has settled (`clusters`, `singles`, `represented` = single markers +
    cluster labels), read for up to `settle_s` while markercluster animates, until
    `represented` equals the points the map stands for (`points_in_data`)."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    context.route("**/*", lambda route: route.continue_()
                  if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost") else route.abort())
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(_OBSERVE)
        if cpu_throttle != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
        page.goto(page_url, wait_until="commit")
        page.wait_for_function("() => window.__atlasFirstRender && window.__atlasFirstRender.paint !== undefined",
                               timeout=timeout_s * 1000)
        mark = page.evaluate("() => window.__atlasFirstRender")
        points = page.evaluate(_POINTS_IN_DATA)
        deadline = time.monotonic() + settle_s
        while True:
            counts = page.evaluate("() => window.__atlasCounts()")
            if counts["represented"] == points or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        nav = page.evaluate("""() => {
          const n = performance.getEntriesByType("navigation")[0];
          return n ? { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd } : {};
        }""")
        return {
            "url": page_url,
            "dom_s": round(mark["dom"] / 1000, 3),
            "first_render_s": round(mark["paint"] / 1000, 3),
            "bytes_before_first_render": mark["bytes"],
            "cpu_throttle": cpu_throttle,
            "dom_content_loaded_s": round(nav.get("dcl", 0) / 1000, 3),
            "at_first_render": mark["counts"],
            "points_in_data": points,
            **counts,
            "errors": errors,
        }
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser context closed while a file was on its way (BrokenPipe) is expected; the rest is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving `site_dir` from a thread (loopback only)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit("chromium is not installed: run ./setup.sh (installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure(site_dir: Path, path: str = "maps/national.html", runs: int = 1, cpu_throttle: float = 1) -> dict:
    """Serve a built site and time the first render of one of its maps, `runs` times
    (each a fresh browser context, so a cold cache). The result is the run with the median
    time to first render, with every run's time in `runs_s`."""
    results = []
    with serve(Path(site_dir)) as base, chromium() as browser:
        for _ in range(max(1, runs)):
            results.append(first_render(f"{base}/{path.lstrip('/')}", browser, cpu_throttle=cpu_throttle))
    ordered = sorted(results, key=lambda r: r["first_render_s"])
    return {**ordered[(len(ordered) - 1) // 2], "runs_s": [r["first_render_s"] for r in results]}


def national_map_figures(site_dir: Path, runs: int = 3, cpu_throttle: float = 4) -> dict:
    """The benchmark's rows for a built site: "national map: bytes before first render"
    (`bytes_before_first_render`) and "national map: first render, Chromium with 4× CPU
    throttling" (`first_render_s`, the median of `runs` cold loads; each run in `runs_s`).
    Also: `points_in_data` (the points the map stands for), `represented` (what its markers
    and counts add up to once settled; equal when every point is on the map) and `errors`."""
    result = measure(Path(site_dir), "maps/national.html", runs, cpu_throttle)
    keys = ("first_render_s", "runs_s", "bytes_before_first_render", "cpu_throttle", "dom_s", "points_in_data",
            "represented", "clusters", "singles", "at_first_render", "errors")
    return {k: result[k] for k in keys}


def _issue15_values(figures: dict) -> dict[str, str]:
    runs = ", ".join(f"{t:.2f}" for t in figures["runs_s"])
    size = figures["bytes_before_first_render"]
    note = ""
    if figures["errors"]:
        note = f"; page errors: {len(figures['errors'])}"
    elif figures["represented"] != figures["points_in_data"]:
        note = f"; map shows {figures['represented']:,} of {figures['points_in_data']:,} points"
    return {"map_bytes": f"{size / 1e6:.2f} MB ({size:,} bytes){note}",
            "map_render": f"{figures['first_render_s']:.2f} s (median of {len(figures['runs_s'])} cold loads: "
                          f"{runs} s; {figures['points_in_data']:,} points){note}"}


def issue15_rows(site: Path, project: Path) -> dict[str, str]:
    """benchmarks/bench.py's rows "national map: bytes before first render" (`map_bytes`,
    in MB of 10^6 bytes, as the benchmark's other sizes) and "national map: first render,
    Chromium with 4× CPU throttling" (`map_render`), for the built `site`. `project` is not
    needed: what the map stands for is read from the site itself."""
    del project
    return _issue15_values(national_map_figures(Path(site), runs=3, cpu_throttle=4))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_map", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, help="a built site (python -m generator build)")
    parser.add_argument("--path", default="maps/national.html", help="the map page inside the site")
    parser.add_argument("--runs", type=int, default=3, help="cold loads to make (the median is reported)")
    parser.add_argument("--cpu-throttle", type=float, default=1, help="slow the CPU this many times (CDP)")
    parser.add_argument("--issue15", action="store_true",
                        help="print issue 15's two national-map rows (3 runs, 4× CPU throttling)")
    args = parser.parse_args(argv)
    if args.issue15:
        for key, value in issue15_rows(args.site_dir, Path(".")).items():
            print(f"{key}: {value}")
        return
    print(json.dumps(measure(args.site_dir, args.path, args.runs, args.cpu_throttle), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
