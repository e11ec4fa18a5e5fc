"""Benchmark (not a test): is every resource findable by name, and what does a query load?

`python -m benchmarks.bench_search SITE_DIR PROJECT_DIR [--queries 200] [--seed 15]`

Two figures:
- every resource of the project is in the index (its name in a chunk of `search/`), counted
  in Python over all resources;
- for N resources drawn at random (seeded; the draw is printed), headless Chromium opens
  `search/?q=<name>` in a fresh browser context (empty cache), as a user would, waits for the
  results, and counts the resource found when its link is listed. Bytes per query are the
  sizes of the index files the page requested (`search/**.js` except the table of contents,
  counted separately: it comes with the page), uncompressed; the time is from navigation to
  the results, on this machine. Requests to other hosts are refused."""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from .bench_map import chromium, serve  # one loopback server and one Chromium for the benchmarks

QUERIES = 200
SEED = 15


def resources(project: Path) -> list[tuple[str, str]]:
    """(name, link as the search page lists it) of every resource of the project."""
    from generator.check.validate import load_atlas

    atlas, problems = load_atlas(project)
    if atlas is None:
        raise SystemExit("\n".join(p.format() for p in problems[:20]))
    return [(r.name, f"../districts/{d.id}/#r-{r.id}") for d in atlas.districts for r in d.resources]


def indexed_names(site: Path) -> set[str]:
    """Every resource name in the site's search files (chunks, or the single file)."""
    names: set[str] = set()
    for path in sorted((site / "search").rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="surrogatepass")
        body = text.split("=", 1)[1] if text.startswith("window.") else text.split(",", 1)[1]
        data = json.loads(body.rstrip().rstrip(";").rstrip(")"))
        chunk = data.get("chunk") if isinstance(data, dict) else None
        chunk = chunk or (data if isinstance(data, dict) and "r" in data else None)
        if chunk:
            names.update(r[3] for r in chunk["r"] if r[0] == 2)
    return names


def query(browser, base: str, site: Path, name: str) -> dict:
    """One search from a cold page: the links listed, the index bytes loaded, the time."""
    context = browser.new_context()
    context.route(lambda url: urlparse(url).hostname != "127.0.0.1", lambda route: route.abort())
    page = context.new_page()
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(unquote(urlparse(r.url).path)))
    start = time.perf_counter()
    try:
        page.goto(f"{base}/search/?q={quote(name)}")
        page.wait_for_function("q => document.getElementById('atlas-search-form')"
                               ".getAttribute('data-searched') === q", arg=name, timeout=120_000)
        elapsed = time.perf_counter() - start
        links = page.locator("#atlas-search-results li a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()
    # the keyword index only: not its table of contents, nor the front door's place names
    # (search/near-names.js, search/near/: nearby.py), which the page asks for beside it
    shards = [p for p in loaded if p.startswith("/search/") and p.endswith(".js")
              and p != "/search/atlas-index.js" and not p.startswith("/search/near")]
    return {"links": links, "bytes": sum((site / p.lstrip("/")).stat().st_size for p in set(shards)),
            "files": len(set(shards)), "seconds": elapsed}


def measure(site: Path, project: Path, n: int = QUERIES, seed: int = SEED, log=print, browser=None) -> dict:
    """The figures (see the module docstring); `browser`: a Playwright browser to use
    (default: one of its own)."""
    every = resources(project)
    indexed = indexed_names(site)
    in_index = sum(1 for name, _ in every if name in indexed)
    sample = random.Random(seed).sample(every, min(n, len(every)))
    log(f"search benchmark: {len(sample)} resources drawn with seed {seed}, e.g. "
        + "、".join(f"「{name}」" for name, _ in sample[:3]))
    results = []
    with serve(site) as base, (contextlib.nullcontext(browser) if browser else chromium()) as chrome:
        for name, link in sample:
            r = query(chrome, base, site, name)
            r["found"] = link in r["links"]
            if not r["found"]:
                log(f"  not found: 「{name}」 ({link}); {len(r['links'])} listed")
            results.append(r)
    kb = [r["bytes"] / 1024 for r in results]
    return {
        "resources": len(every), "in_index": in_index, "queries": len(results),
        "found": sum(r["found"] for r in results),
        "kb_max": max(kb), "kb_median": statistics.median(kb),
        "files_max": max(r["files"] for r in results),
        "s_max": max(r["seconds"] for r in results), "s_median": statistics.median(r["seconds"] for r in results),
        "toc_kb": (site / "search/atlas-index.js").stat().st_size / 1024,
    }


def row(m: dict) -> str:
    return (f"{100 * m['found'] / m['queries']:.0f} % found by name ({m['found']}/{m['queries']} sampled; "
            f"{m['in_index']:,}/{m['resources']:,} names in the index), "
            f"{m['kb_max']:.0f} / {m['kb_median']:.0f} KB per query (max / median, "
            f"+ {m['toc_kb']:.0f} KB table of contents with the page)")


def issue15_rows(site: Path, project: Path) -> dict[str, str]:
    """The benchmark's (benchmarks/bench.py) row for issue 15's search target."""
    return {"search": row(measure(Path(site), Path(project), log=lambda *_: None))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("project", type=Path)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    m = measure(args.site, args.project, args.queries, args.seed)
    print(row(m))
    print(f"time from navigation to results: {m['s_median']:.2f} s median, {m['s_max']:.2f} s max; "
          f"at most {m['files_max']} index files per query")


if __name__ == "__main__":
    main()
