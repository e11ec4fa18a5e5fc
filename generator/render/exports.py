"""Open-data downloads: CSV with the column names of 自治体標準オープンデータセット plus the
atlas's own columns, and GeoJSON (RFC 7946). Locations pass through privacy.public_point:
`approximate` is rounded, `hidden` has no coordinates at all.

The last columns (ID_COLUMNS) hold what people read as labels above as ids and rules, so
`python -m generator import-csv` reads a downloaded CSV back to the same records (ids,
categories, states, schedule, precision, contact); tests/test_import_roundtrip.py."""

from __future__ import annotations

import csv
import io
import json

from ..csvcells import neutralise
from ..model import Atlas, District, Resource
from ..privacy import public_point
from ..schedule import rules_text, schedule_text

# 自治体標準オープンデータセットの共通の列名（施設系の一覧に共通する項目）
STANDARD_COLUMNS = ("全国地方公共団体コード", "ID", "地方公共団体名", "名称", "住所", "緯度", "経度",
                    "電話番号", "メールアドレス", "URL", "備考")
ATLAS_COLUMNS = ("地区ID", "地区名", "地区の単位", "資源の種類", "対象の状態", "活動の内容", "運営主体",
                 "サービス類型", "開催日時", "位置の精度", "最終確認日", "サンプル（架空のデータ）")
# for re-import: vocabulary ids (lists separated by ";"), the schedule as written and as rules
# (schedule.rules_text), the contact's organisation
ID_COLUMNS = ("地区の単位ID", "資源の種類ID", "対象の状態ID", "活動の内容ID", "運営主体ID", "サービス類型ID",
              "開催日時の文章", "開催日時の規則", "開催日時の補足", "連絡先の組織")
COLUMNS = STANDARD_COLUMNS + ATLAS_COLUMNS + ID_COLUMNS


def resource_row(d: District, r: Resource) -> dict[str, str]:
    point = public_point(r.location)
    m = d.municipality
    return {
        "全国地方公共団体コード": m.code, "ID": f"{d.id}/{r.id}", "地方公共団体名": m.prefecture + m.name,
        "名称": r.name, "住所": r.address,
        "緯度": f"{point[0]}" if point else "", "経度": f"{point[1]}" if point else "",
        "電話番号": r.contact.phone if r.contact else "", "メールアドレス": r.contact.email if r.contact else "",
        "URL": r.url, "備考": r.description,
        "地区ID": d.id, "地区名": d.name, "地区の単位": d.layer.label, "資源の種類": r.category.label,
        "対象の状態": "・".join(t.label for t in r.target_states),
        "活動の内容": "・".join(t.label for t in r.activity_types),
        "運営主体": r.operator_type.label if r.operator_type else "",
        "サービス類型": r.service_type.label if r.service_type else "",
        "開催日時": schedule_text(r.schedule),
        "位置の精度": r.location.precision if r.location else "none",
        "最終確認日": r.last_verified, "サンプル（架空のデータ）": "はい" if d.demo else "",
        "地区の単位ID": d.layer.id, "資源の種類ID": r.category.id,
        "対象の状態ID": ";".join(t.id for t in r.target_states),
        "活動の内容ID": ";".join(t.id for t in r.activity_types),
        "運営主体ID": r.operator_type.id if r.operator_type else "",
        "サービス類型ID": r.service_type.id if r.service_type else "",
        "開催日時の文章": r.schedule.text if r.schedule else "",
        "開催日時の規則": rules_text(r.schedule.rules) if r.schedule else "",
        "開催日時の補足": r.schedule.notes if r.schedule else "",
        "連絡先の組織": r.contact.organisation if r.contact else "",
    }


def _ordered(atlas: Atlas, district: District) -> list[Resource]:
    order = {t.id: i for i, t in enumerate(atlas.vocab("categories").ordered())}
    return sorted(district.resources, key=lambda r: (order[r.category.id], r.id))


def to_csv(atlas: Atlas, districts: list[District]) -> bytes:
    """UTF-8 with BOM, CRLF: opens correctly in Excel on Japanese Windows. Cells that a
    spreadsheet would run as formulas are neutralised (csvcells.py)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for d in districts:
        for r in _ordered(atlas, d):
            writer.writerow({k: neutralise(v) for k, v in resource_row(d, r).items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_geojson(atlas: Atlas, districts: list[District]) -> bytes:
    """RFC 7946 FeatureCollection: [longitude, latitude]; no geometry where none may be shown."""
    features = []
    for d in districts:
        for r in _ordered(atlas, d):
            point = public_point(r.location)
            features.append({
                "type": "Feature", "id": f"{d.id}/{r.id}",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]} if point else None,
                "properties": {k: v for k, v in resource_row(d, r).items() if k not in ("緯度", "経度")},
            })
    # one feature a line: readable and diffable, and json's C encoder (indent= is pure Python)
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return ('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n").encode("utf-8")


def site_exports(atlas: Atlas) -> dict[str, bytes]:
    """Every resource of the site; each district's own are written with its page (site.py)."""
    return {"downloads/all.csv": to_csv(atlas, atlas.districts),
            "downloads/all.geojson": to_geojson(atlas, atlas.districts)}
