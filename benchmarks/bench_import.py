"""Benchmark (not a test): `python -m benchmarks.bench_import [--rows 15486,150000]`.

For each size, writes a synthetic national 通いの場 file (synthetic_kayoinoba.py) and runs
`python -m generator import-kayoinoba` on a fresh copy of the project, as a user would, then
again with --force on the same file (the half-yearly update with nothing changed). Prints
the wall time and the peak resident memory of the command (largest process of its tree)."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import synthetic_kayoinoba

ROOT = Path(__file__).resolve().parents[1]


def _project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "content", dest / "content", ignore=shutil.ignore_patterns("districts"))
    (dest / "content" / "districts").mkdir()
    for shared in ("generator", "site_templates"):
        (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return dest


def _run(project: Path, csv_path: Path, *extra: str) -> tuple[float, float, int, dict]:
    """(wall seconds, CPU seconds, peak RSS KiB so far, the report)."""
    report = project / "report.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "import-kayoinoba",
                           str(csv_path), "--as-of", "2026-06-30", "--report", str(report), *extra],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stdout[-3000:] + done.stderr[-3000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, after.ru_maxrss, json.loads(report.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="15486,150000", help="sizes, comma-separated")
    args = parser.parse_args()
    print("| rows | file | districts | imported | reported | import (CPU) | peak RSS | update --force (CPU) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(x) for x in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            csv_path = synthetic_kayoinoba.write(Path(tmp) / "kayoinoba.csv", n)
            project = _project(Path(tmp) / "project")
            elapsed, cpu, _, report = _run(project, csv_path)
            again, cpu2, peak, _ = _run(project, csv_path, "--force")
            size = csv_path.stat().st_size / 1e6
            print(f"| {n:,} | {size:.1f} MB | {len(report['files']):,} | {report['imported']:,} | "
                  f"{report['reported']:,} | {elapsed:.1f} s ({cpu:.1f} s) | {peak / 1024:.0f} MiB | "
                  f"{again:.1f} s ({cpu2:.1f} s) |", flush=True)


if __name__ == "__main__":
    main()
