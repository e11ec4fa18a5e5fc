"""Smoke run of the benchmark (figures themselves are in the README, not asserted as times)."""

import re

import pytest

from benchmarks.bench import map_data_table

# the benchmarks make their projects from the repository's own cases and content
pytestmark = pytest.mark.content


def test_benchmark_runs_and_map_data_stays_compact():
    lines = map_data_table([100], size="small")
    row = next(line for line in lines if line.startswith("| 100"))
    bytes_per_point = float(row.split("|")[3])
    assert bytes_per_point <= 80  # the national map's size budget (issue: ≤ 80 bytes a point)
    naive = next(line for line in lines if line.startswith("\nnaive") or "naive design" in line)
    assert float(re.search(r"(\d+) bytes", naive).group(1)) > 5 * bytes_per_point


def test_the_import_benchmark_runs_on_its_own_project(tmp_path):
    """benchmarks.bench_import imports into a project of its own (content/ without mkdocs.yml):
    a small run must import every active row (the benchmark exits with the output otherwise)."""
    from benchmarks import bench_import, synthetic_kayoinoba

    csv_path = synthetic_kayoinoba.write(tmp_path / "kayoinoba.csv", 200)
    project = bench_import._project(tmp_path / "project")
    _, _, _, report = bench_import._run(project, csv_path)
    assert report["rows"] == 200 == report["imported"] + report["reported"]
    assert report["imported"] >= 190 and report["files"]
