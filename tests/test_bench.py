"""Smoke run of the benchmark (figures themselves are in the README, not asserted as times)."""

import re

from generator.bench import map_data_table


def test_benchmark_runs_and_map_data_stays_compact():
    lines = map_data_table([100], size="small")
    row = next(line for line in lines if line.startswith("| 100"))
    bytes_per_point = float(row.split("|")[3])
    assert bytes_per_point <= 80  # the national map's size budget (issue: ≤ 80 bytes a point)
    naive = next(line for line in lines if line.startswith("\nnaive") or "naive design" in line)
    assert float(re.search(r"(\d+) bytes", naive).group(1)) > 5 * bytes_per_point
