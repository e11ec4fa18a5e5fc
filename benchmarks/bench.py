"""Benchmarks (not tests): `python -m benchmarks.bench [--sites tiny,small,prefecture,nation]`.

For each synthetic size (synthetic.py) it builds the site as `python -m generator build`
does (no PDFs): cold (no cache), again with nothing changed (the parsed files kept in
.atlas-cache/ by validate.py), and (the command's own runs) once more after one line of
one district file was edited, the everyday update; and a bare MkDocs (Material) site of
the same page count, in the same run; then measures the output. `--sites nation` also builds the
national atlas people will build first: a synthetic 38-column national 通いの場 file
(synthetic_kayoinoba.py, real municipality codes, 15,486 rows) imported with
`python -m generator import-kayoinoba` (one district per municipality).

At nation size it prints every row of issue 15's target table. Rows measured by other
parts of the site come from functions named in ROW_PROVIDERS: each is
`issue15_rows(site: Path, project: Path) -> dict[str, str]`, keyed by the row keys of
ISSUE_ROWS ("search", "map_bytes", "map_render"), values as printed (with their unit);
a provider that is not there yet is printed as such, never guessed.

`--points` prints, for synthetic point counts, the size of the national map's data per point
(what it loads before its first render: counts per municipality, and the filters' profiles)
and of the municipalities' compact points files it loads as the view comes close, and the
time to build them, against the naive design of one Folium marker per point."""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.validate import load_atlas
from generator.model.model import District
from generator.render.mapdata import national_data, points_data, points_script

from .synthetic import SIZES, write_project

ROOT = Path(__file__).resolve().parents[1]
KAYOINOBA = "kayoinoba"  # the national 通いの場 file, imported
KAYOINOBA_ROWS = 15_486  # the 2026-06 national file's row count

# issue 15's target table: (key, measure, target)
ISSUE_ROWS = (
    ("build", "build ÷ bare MkDocs of the same page count", "≤ 2×"),
    ("output", "site output", "≤ 400 MB (≤ 3 KB per resource)"),
    ("files", "files in the site", "≤ 2.5 per district"),
    ("search", "resources findable by name in search", "100 %, ≤ 300 KB transferred per query"),
    ("map_bytes", "national map: bytes before first render", "≤ 1 MB"),
    ("map_render", "national map: first render, Chromium with 4× CPU throttling", "≤ 3 s"),
    ("rss", "peak RSS", "≤ 2 GB"),
)
# "module:function" of the rows other engineers measure (see the docstring)
ROW_PROVIDERS = ("benchmarks.bench_search:issue15_rows", "benchmarks.bench_map:issue15_rows")


def _districts_with(atlas, n_points: int) -> list[District]:
    out, count = [], 0
    for d in atlas.districts:
        if count >= n_points:
            break
        take = d.resources[: n_points - count]
        out.append(District(**{**d.__dict__, "resources": take, "source": b""}))
        count += len(take)
    return out


def _synthetic_atlas(tmp: Path, size: str):
    write_project(ROOT, tmp / size, size)
    atlas, problems = load_atlas(tmp / size)
    if atlas is None:
        raise SystemExit("\n".join(p.format() for p in problems[:20]))
    return atlas


def map_data_table(counts: list[int], size: str = "nation") -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        nation = _synthetic_atlas(Path(tmp), size)
    lines = ["| points | national map data bytes | bytes/point | municipality points files bytes | bytes/point "
             "| build time (s) |", "|---:|---:|---:|---:|---:|---:|"]
    for n in counts:
        districts = _districts_with(nation, n)
        groups: dict[str, list[District]] = {}
        for d in districts:
            groups.setdefault(d.municipality.code, []).append(d)
        start = time.perf_counter()
        munis = [(ds[0].municipality, ds) for _, ds in sorted(groups.items())]
        counts_data, filters = national_data(nation, munis, "../districts/")
        size = len((points_script("national", counts_data) + points_script("national-filter", filters)).encode())
        detail = sum(len(points_script(f"m-{m.code}", points_data(nation, ds, "../districts/")).encode())
                     for m, ds in munis)
        elapsed = time.perf_counter() - start
        shown = counts_data["n"]  # hidden resources are not on the map
        lines.append(f"| {n:,} ({shown:,} shown) | {size:,} | {size / shown:.1f} | {detail:,} | {detail / shown:.1f} "
                     f"| {elapsed:.2f} |")
    naive_bytes, naive_ms = naive_folium(1000)
    lines.append(f"\nnaive design, one Folium CircleMarker + Popup per point (1,000 points): "
                 f"{naive_bytes:.0f} bytes and {naive_ms:.2f} ms per point "
                 f"→ 130,000 points ≈ {naive_bytes * 130_000 / 1e6:.0f} MB, {naive_ms * 130:.0f} s")
    return lines


def naive_folium(n: int) -> tuple[float, float]:
    import folium

    start = time.perf_counter()
    m = folium.Map(location=(35.0, 135.0), zoom_start=5, tiles=None)
    empty = len(m.get_root().render())
    m = folium.Map(location=(35.0, 135.0), zoom_start=5, tiles=None)
    for i in range(n):
        folium.CircleMarker((35 + i * 1e-4, 135 + i * 1e-4), radius=8,
                            popup=folium.Popup(f"資源 {i}")).add_to(m)
    html = m.get_root().render()
    elapsed = time.perf_counter() - start
    return (len(html.encode("utf-8")) - empty) / n, elapsed * 1000 / n


# Runs the command and prints the largest RSS of it and its children (forked workers
# included): a fresh wrapper per run, so no earlier process's peak is counted.
_WRAP = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
         "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of the largest process of a command run afresh."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAP, *cmd], cwd=cwd, env={**os.environ, **(env or {})},
                         check=True, capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - start
    return elapsed, int(out.split()[-1]) // 1024


def _bare_mkdocs(tmp: Path, pages: int) -> float:
    """A bare MkDocs (Material) build of `pages` trivial pages, none listed in a nav."""
    project = tmp / "bare"
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs"
    docs.mkdir(parents=True)
    for i in range(pages):
        (docs / f"p{i}.md").write_text(f"# ページ {i}\n\n本文。\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: bare\ntheme:\n  name: material\n  font: false\n"
                                        "nav:\n  - p0.md\nplugins: []\n", encoding="utf-8")
    elapsed, _ = _run([sys.executable, "-m", "mkdocs", "build", "-q"], project, {"NO_MKDOCS_2_WARNING": "1"})
    shutil.rmtree(project, ignore_errors=True)
    return elapsed


@dataclass
class Built:
    """One size built and measured."""

    size: str
    project: Path
    site: Path
    districts: int
    municipalities: int
    resources: int = 0
    cold: float = 0.0        # build seconds, no cache
    warm: float = 0.0        # build seconds again, nothing changed
    edited: float = 0.0      # build seconds again, after one district file was edited
    bare: float = 0.0        # bare MkDocs of the same page count
    rss: int = 0             # MiB, the largest process of either build
    bytes: int = 0
    files: int = 0
    pages: int = 0
    page_bytes: int = 0
    district_pages: list[int] = field(default_factory=list)   # bytes of each district page
    district_resources: int = 0                               # resources on those pages
    map_points: int = 0
    map_bytes: int = 0
    search_bytes: int = 0
    extra: dict = field(default_factory=dict)                 # rows from ROW_PROVIDERS
    stages: dict = field(default_factory=dict)                # "cold"/"warm"/"edited" → {stage: seconds} (timing.py)


def _national_rows(site: Path) -> int:
    with zipfile.ZipFile(site / "downloads/all.zip") as archive, archive.open("all.csv") as f:
        return sum(1 for _ in csv.reader(io.TextIOWrapper(f, encoding="utf-8-sig", newline=""))) - 1


_DISTRICT_PAGE = re.compile(r"districts/(?!m-\d{6}/|p-\d{2}/|index\.html|map/)[^/]+/index\.html")


def measure_site(b: Built) -> Built:
    files = [p for p in b.site.rglob("*") if p.is_file()]
    b.files, b.bytes = len(files), sum(p.stat().st_size for p in files)
    pages = [p for p in files if p.name == "index.html"]
    b.pages, b.page_bytes = len(pages), sum(p.stat().st_size for p in pages)
    for p in pages:
        if _DISTRICT_PAGE.fullmatch(p.relative_to(b.site).as_posix()):
            b.district_pages.append(p.stat().st_size)
    b.resources = _national_rows(b.site)
    national = b.site / "maps/national-counts.js"
    if national.exists():  # what the national map loads before its first render: counts per municipality
        text = national.read_text(encoding="utf-8")
        b.map_points = json.loads(text.split("]=", 1)[1].rstrip().rstrip(";"))["n"]
        b.map_bytes = len(text.encode("utf-8"))
    # every index file: the single file, or the table of contents and its chunks, gram shards and tag lists
    b.search_bytes = sum(p.stat().st_size for p in (b.site / "search").rglob("*.js") if p.is_file())
    return b


def _providers(b: Built) -> dict[str, str]:
    rows: dict[str, str] = {}
    for spec in ROW_PROVIDERS:
        module, name = spec.split(":")
        try:
            provider = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        rows.update(provider(b.site, b.project))
    return rows


def edit_one_district(project: Path) -> Path:
    """The everyday update: one line of one district file changed (its description, or its
    name when it has none). Returns the file."""
    files = sorted((project / "content" / "districts").glob("*.yaml"))
    district = files[len(files) // 2]
    text = district.read_text(encoding="utf-8")
    line = next((x for x in text.splitlines() if x.startswith("description: ")), None) \
        or next(x for x in text.splitlines() if x.startswith("name: "))
    district.write_text(text.replace(line, line + "（編集）", 1), encoding="utf-8")
    return district


def build_and_measure(b: Built, tmp: Path, providers: bool = False, edited: bool = True) -> Built:
    """Cold build, warm build (nothing changed), with `edited` a build after one district
    file was edited, bare MkDocs of the same page count, then the measures."""
    cache = b.project / ".atlas-cache"
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, "-m", "generator", "--root", str(b.project), "build", "--site-dir", str(b.site)]
    timings = tmp / f"timings-{b.size}.jsonl"
    timings.unlink(missing_ok=True)
    env = {"ATLAS_PDF": "0", "ATLAS_CACHE_DIR": str(cache), "ATLAS_TIMINGS": str(timings)}
    b.cold, rss_cold = _run(cmd, tmp, env)
    b.warm, rss_warm = _run(cmd, tmp, env)
    rss_edited = 0
    if edited:
        edit_one_district(b.project)
        b.edited, rss_edited = _run(cmd, tmp, env)
    lines = timings.read_text(encoding="utf-8").splitlines()
    b.stages = {run: {**json.loads(line), "total": total}
                for run, line, total in zip(("cold", "warm", "edited"), lines, (b.cold, b.warm, b.edited), strict=False)}
    b.rss = max(rss_cold, rss_warm, rss_edited)
    measure_site(b)
    b.bare = _bare_mkdocs(tmp, b.pages)
    if providers:
        b.extra = _providers(b)
    return b


def synthetic_site(size: str, tmp: Path) -> Built:
    project = tmp / size
    n_districts = write_project(ROOT, project, size)
    return Built(size, project, tmp / f"site-{size}", n_districts, SIZES[size][0])


def kayoinoba_site(tmp: Path, rows: int = KAYOINOBA_ROWS) -> Built:
    """The national atlas from a national 通いの場 file: a copy of the project without its
    districts, the file imported as a user would (`import-kayoinoba`)."""
    from . import synthetic_kayoinoba

    project = tmp / KAYOINOBA
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "cases", project / "cases")
    shutil.copytree(ROOT / "content", project / "content", ignore=shutil.ignore_patterns("districts"))
    (project / "content" / "districts").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for shared in ("generator", "site_templates"):
        (project / shared).symlink_to(ROOT / shared, target_is_directory=True)
    source = synthetic_kayoinoba.write(tmp / "kayoinoba.csv", rows)
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "import-kayoinoba",
                           str(source), "--as-of", "2026-06-30"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stdout[-3000:] + done.stderr[-3000:])
    districts = sorted((project / "content" / "districts").glob("*.yaml"))
    codes = {p.stem.split("-")[1] for p in districts}
    return Built(KAYOINOBA, project, tmp / f"site-{KAYOINOBA}", len(districts), len(codes))


def _kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def site_row(b: Built) -> dict[str, str]:
    """The detailed figures of one size (the README's 規模 table)."""
    per_page = b.district_pages or [0]
    return {
        "size": b.size, "districts": f"{b.districts:,}", "resources": f"{b.resources:,}",
        "build cold (s)": f"{b.cold:.1f}", "build warm (s)": f"{b.warm:.1f}",
        "build one district edited (s)": f"{b.edited:.1f}" if b.edited else "—", "bare MkDocs (s)": f"{b.bare:.1f}",
        "ratio cold": f"{b.cold / b.bare:.2f}", "ratio warm": f"{b.warm / b.bare:.2f}",
        "ratio edited": f"{b.edited / b.bare:.2f}" if b.edited else "—",
        "peak RSS (MiB)": f"{b.rss:,}", "output (MB)": f"{b.bytes / 1e6:.1f}",
        "output per resource (KB)": _kb(b.bytes / max(b.resources, 1)),
        "files": f"{b.files:,}", "files per district": f"{b.files / b.districts:.2f}", "pages": f"{b.pages:,}",
        "avg page (KB)": _kb(b.page_bytes / max(b.pages, 1)), "district page (KB)": _kb(max(per_page)),
        "map data (B/point)": f"{b.map_bytes / b.map_points:.1f}" if b.map_points else "—",
        "search files, all (KB)": f"{b.search_bytes / 1024:.0f}",
    }


def stages_line(b: Built) -> str:
    """Where each build's time went (timing.py): validation (YAML load and checks), rendering
    the district and municipality files and all.zip (forked workers), filling the themed-once
    pages, the rest of MkDocs, the link check, and the rest (start-up, imports, clean-up)."""
    out = []
    for run in ("cold", "warm", "edited"):
        t = b.stages.get(run)
        if not t:
            continue
        rest_mkdocs = t.get("mkdocs", 0) - t.get("render", 0) - t.get("themed", 0)
        rest = t["total"] - t.get("validate", 0) - t.get("mkdocs", 0) - t.get("links", 0)
        out.append(f"{run} {t['total']:.1f} s = validate {t.get('validate', 0):.1f} + render {t.get('render', 0):.1f}"
                   f" + themed pages {t.get('themed', 0):.1f} + rest of MkDocs {rest_mkdocs:.1f}"
                   f" + link check {t.get('links', 0):.1f} + start-up/clean-up {rest:.1f}")
    return f"{b.size}: " + "; ".join(out)


def table(rows: list[dict[str, str]]) -> list[str]:
    keys = list(rows[0])
    return ["| " + " | ".join(keys) + " |", "|---|" + "---:|" * (len(keys) - 1),
            *("| " + " | ".join(r[k] for k in keys) + " |" for r in rows)]


def site_table(sizes: list[str], tmp: Path | None = None, edited: bool = False) -> list[str]:
    """Build and measure each synthetic size; the detailed table (with `edited`, also a
    build after one district file was edited)."""
    with tempfile.TemporaryDirectory() as name:
        base = Path(tmp or name)
        rows = []
        for size in sizes:
            b = build_and_measure(synthetic_site(size, base), base, edited=edited)
            rows.append(site_row(b))
            print(stages_line(b), flush=True)
            shutil.rmtree(b.site, ignore_errors=True)
            shutil.rmtree(b.project, ignore_errors=True)
        return table(rows)


def issue_table(built: list[Built]) -> list[str]:
    """Issue 15's target table, one column per site."""
    head = ["measure", *(f"{b.size} ({b.districts:,} districts, {b.resources:,} resources)" for b in built),
            "target"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(built) + "---|"]
    for key, label, target in ISSUE_ROWS:
        cells = []
        for b in built:
            if key == "build":
                cells.append(f"{b.cold / b.bare:.2f}× cold ({b.cold:.0f} s), {b.warm / b.bare:.2f}× unchanged "
                             f"({b.warm:.0f} s), {b.edited / b.bare:.2f}× one district edited ({b.edited:.0f} s); "
                             f"bare {b.bare:.0f} s for {b.pages:,} pages")
            elif key == "output":
                cells.append(f"{b.bytes / 1e6:,.0f} MB ({b.bytes / 1024 / max(b.resources, 1):.2f} KB per resource)")
            elif key == "files":
                cells.append(f"{b.files:,} ({b.files / b.districts:.2f} per district)")
            elif key == "rss":
                cells.append(f"{b.rss:,} MiB")
            else:
                cells.append(b.extra.get(key, "not measured here: no provider ("
                                         + " / ".join(ROW_PROVIDERS) + ")"))
        lines.append("| " + " | ".join([label, *cells, target]) + " |")
    return lines


def nation_report(tmp: Path) -> list[str]:
    built = []
    for make in (lambda: synthetic_site("nation", tmp), lambda: kayoinoba_site(tmp)):
        b = build_and_measure(make(), tmp, providers=True)
        built.append(b)
        print("\n".join(table([site_row(b)])), flush=True)
        print(stages_line(b), flush=True)
    return issue_table(built)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", default="", help="comma-separated point counts (e.g. 1000,10000,130000)")
    parser.add_argument("--sites", default="small,prefecture",
                        help="synthetic sites to build: tiny, small, prefecture, nation (nation takes long "
                             "and also builds the national 通いの場 atlas)")
    parser.add_argument("--preview", default="",
                        help="sizes at which to time `generator serve` rebuilding after one edit")
    parser.add_argument("--tmp", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.points:
        print("\n".join(map_data_table([int(x) for x in args.points.split(",")])))
        print()
    sizes = [s for s in args.sites.split(",") if s]
    if args.tmp is not None:
        args.tmp.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.tmp) as name:
        tmp = Path(name)
        others = [s for s in sizes if s != "nation"]
        if others:
            print("\n".join(site_table(others, tmp, edited=True)), flush=True)
        if "nation" in sizes:
            print()
            print("\n".join(nation_report(tmp)), flush=True)
    for size in filter(None, args.preview.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            write_project(ROOT, Path(tmp) / size, size)
            r = preview_rebuild(Path(tmp) / size)
            print(f"\npreview ({size}): first build {r['first']:.1f} s; rebuild after editing one district file "
                  f"{r['rebuild']:.2f} s, {r['pages_rewritten']} pages rewritten")
            shutil.rmtree(r["site"])


def preview_rebuild(project: Path) -> dict:
    """What `generator serve` does: a first build, then a rebuild after one district file
    is edited. Returns both times (s) and how many pages the rebuild wrote."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site = Path(tempfile.mkdtemp(prefix="atlas-bench-serve-"))

    def once(startup: bool) -> float:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        if startup:
            config.plugins.on_startup(command="serve", dirty=True)
        start = time.perf_counter()
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return time.perf_counter() - start

    first = once(True)
    district = sorted((project / "content" / "districts").glob("*.yaml"))[0]
    text = district.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    district.write_text(text.replace(name, name + "（編集）", 1), encoding="utf-8")
    edited = time.time()
    second = once(False)
    rewritten = [p for p in site.rglob("index.html") if p.stat().st_mtime >= edited]
    return {"first": first, "rebuild": second, "pages_rewritten": len(rewritten), "site": site,
            "district": district.stem}


if __name__ == "__main__":
    main()
