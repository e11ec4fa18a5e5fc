"""Places: a municipality code is one of the national codes (全国地方公共団体コード) and
its prefecture and name are that code's; a location is inside Japan (or its latitude and
longitude were swapped) and not farther from its municipality's representative point
than settings' max_distance_km."""

from __future__ import annotations

import math

from ...model import municipalities
from ..load import Document
from .context import Context

# Bounding box of Japan's territory (南鳥島 154°E, 沖ノ鳥島 20°N, 与那国島 122.9°E, 択捉島 45.6°N).
JAPAN = {"lat": (20.0, 46.0), "lon": (122.0, 154.0)}


def municipality(ctx: Context, doc: Document, where: tuple, m) -> dict | None:
    """The municipality `m` when its code is known (its name may still be wrong), else None."""
    if not isinstance(m, dict) or not isinstance(m.get("code"), str):
        return None
    code = m["code"]
    known = ctx.dataset.get(code)
    if known is None or not known.name:
        by_name = municipalities.find_by_name(str(m.get("name", "")))
        hint = (f"{by_name[0].full_name} のコードは \"{by_name[0].code}\" です" if len(by_name) == 1
                else "総務省の全国地方公共団体コード（6桁、検査数字つき）を確かめてください")
        if len(code) == 6 and not municipalities.check_digit_ok(code):
            hint = "6桁目の検査数字が合いません。" + hint
        ctx.add(doc, where + ("code",), "unknown-municipality",
                f"市区町村コード「{code}」は全国地方公共団体コードにありません", hint)
        return None
    if (m.get("prefecture"), m.get("name")) != (known.prefecture, known.name):
        ctx.add(doc, where + ("name",), "municipality-name-mismatch",
                f"コード {code} は {known.prefecture}{known.name} ですが、"
                f"{m.get('prefecture')}{m.get('name')} と書かれています",
                f"prefecture: {known.prefecture}、name: {known.name} にしてください（またはコードを直す）")
    return m


def location(ctx: Context, doc: Document, where: tuple, loc, code: str | None) -> None:
    if not isinstance(loc, dict):
        return
    lat, lon = loc.get("lat"), loc.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return  # impossible on Earth: the schema has reported it already
    (lat_lo, lat_hi), (lon_lo, lon_hi) = JAPAN["lat"], JAPAN["lon"]
    inside = lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi
    if not inside:
        swapped = lat_lo <= lon <= lat_hi and lon_lo <= lat <= lon_hi
        ctx.add(doc, where + ("lat",), "swapped-coordinates" if swapped else "outside-japan",
                f"位置 lat={lat}, lon={lon} は日本の範囲外です"
                + ("（緯度と経度が入れ替わっているようです）" if swapped else ""),
                f"lat: {lon}、lon: {lat} と入れ替えてください" if swapped
                else "lat は 20〜46、lon は 122〜154 の範囲です。地理院地図で位置を確かめてください")
        return
    m = ctx.dataset.get(code or "")
    limit = float(ctx.settings.get("max_distance_km", 60))
    if m and m.lat is not None:
        km = distance_km(lat, lon, m.lat, m.lon)
        if km > limit:
            ctx.add(doc, where + ("lat",), "far-from-municipality",
                    f"位置が {m.full_name} の代表点から {km:.0f} km 離れています（上限 {limit:.0f} km）",
                    "市区町村コードか緯度・経度の誤りではありませんか")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
