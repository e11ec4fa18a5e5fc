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
import operator
import zipfile

from ..check import data_sources
from ..model.csvcells import TRIGGERS, neutralise
from ..model.model import Atlas, District, Resource
from ..model.privacy import public_point
from ..model.schedule import rules_text, schedule_text
from .env import compact_json, script_json

# 自治体標準オープンデータセットの共通の列名（施設系の一覧に共通する項目）
STANDARD_COLUMNS = ("全国地方公共団体コード", "ID", "地方公共団体名", "名称", "住所", "緯度", "経度",
                    "電話番号", "メールアドレス", "URL", "備考")
ATLAS_COLUMNS = ("地区ID", "地区名", "地区の単位", "資源の種類", "対象の状態", "活動の内容", "運営主体",
                 "サービス類型", "開催日時", "位置の精度", "最終確認日", "サンプル（架空のデータ）")
# for re-import: vocabulary ids (lists separated by ";"), the schedule as written and as rules
# (schedule.rules_text), the contact's organisation
ID_COLUMNS = ("地区の単位ID", "資源の種類ID", "対象の状態ID", "活動の内容ID", "運営主体ID", "サービス類型ID",
              "開催日時の文章", "開催日時の規則", "開催日時の補足", "連絡先の組織")
# the kept values of the list a resource was imported from, one 「label: value」 a line
# (importers/kept.py; atlas_csv.source_fields reads them back); empty for private places
SOURCE_COLUMNS = ("元の一覧の項目",)
# the public dataset a district was imported from (data_sources.short: 発行者「データセット」ライセンス),
# empty for hand-written districts; the credit and licence links are in ATTRIBUTION.txt
PROVENANCE_COLUMNS = ("出典",)
COLUMNS = STANDARD_COLUMNS + ATLAS_COLUMNS + ID_COLUMNS + SOURCE_COLUMNS + PROVENANCE_COLUMNS
# a GeoJSON feature's properties: the row but its point (which is the geometry)
PROPERTIES = tuple(c for c in COLUMNS if c not in ("緯度", "経度"))

# A row's cells in column order and its feature's properties in order (features are encoded by
# env.compact_json, its encoder made once): a municipality's rows are written as CSV, as
# GeoJSON and as the rows script, for ~136,000 resources at national size.
_cells = operator.itemgetter(*COLUMNS)
_property_cells = operator.itemgetter(*PROPERTIES)
# the first characters for which csvcells.neutralise may change a cell (it changes no other)
_MAY_NEUTRALISE = TRIGGERS | {"'"}


_SCHEDULE_TEXTS: dict[tuple, tuple[str, str]] = {}


def _schedule_texts(schedule) -> tuple[str, str]:
    """(schedule_text, rules_text) of a schedule: kept by what they are made of, since most
    resources share their schedule with many others (a worker writes ~136,000 rows at national
    size). Equal reprs of the rules are equal rules."""
    if schedule is None:
        return "", ""
    key = (schedule.text, repr(schedule.rules), schedule.notes)
    texts = _SCHEDULE_TEXTS.get(key)
    if texts is None:
        if len(_SCHEDULE_TEXTS) >= 65536:
            _SCHEDULE_TEXTS.clear()
        texts = _SCHEDULE_TEXTS[key] = (schedule_text(schedule), rules_text(schedule.rules))
    return texts


def _district_values(d: District) -> tuple:
    """The cells of a row that are its district's (made once a district by district_rows)."""
    m = d.municipality
    return (m.code, m.prefecture + m.name, d.id, d.name, d.layer.label, "はい" if d.demo else "", d.layer.id,
            data_sources.short(d.provenance.source) if d.provenance else "")


def resource_row(d: District, r: Resource, district: tuple | None = None) -> dict[str, str]:
    """The resource's cells by column, in COLUMNS' order (`district`: `_district_values(d)`,
    when made already)."""
    code, place, did, dname, layer, demo, layer_id, source = district or _district_values(d)
    point = public_point(r.location)
    schedule = _schedule_texts(r.schedule)
    contact, operator, service = r.contact, r.operator_type, r.service_type
    states, activities = r.target_states, r.activity_types
    return {
        "全国地方公共団体コード": code, "ID": f"{did}/{r.id}", "地方公共団体名": place,
        "名称": r.name, "住所": r.address,
        "緯度": f"{point[0]}" if point else "", "経度": f"{point[1]}" if point else "",
        "電話番号": contact.phone if contact else "", "メールアドレス": contact.email if contact else "",
        "URL": r.url, "備考": r.description,
        "地区ID": did, "地区名": dname, "地区の単位": layer, "資源の種類": r.category.label,
        "対象の状態": "・".join([t.label for t in states]),
        "活動の内容": "・".join([t.label for t in activities]),
        "運営主体": operator.label if operator else "",
        "サービス類型": service.label if service else "",
        "開催日時": schedule[0],
        "位置の精度": r.location.precision if r.location else "none",
        "最終確認日": r.last_verified, "サンプル（架空のデータ）": demo,
        "地区の単位ID": layer_id, "資源の種類ID": r.category.id,
        "対象の状態ID": ";".join([t.id for t in states]),
        "活動の内容ID": ";".join([t.id for t in activities]),
        "運営主体ID": operator.id if operator else "",
        "サービス類型ID": service.id if service else "",
        "開催日時の文章": r.schedule.text if r.schedule else "",
        "開催日時の規則": schedule[1],
        "開催日時の補足": r.schedule.notes if r.schedule else "",
        "連絡先の組織": contact.organisation if contact else "",
        "元の一覧の項目": "\n".join([f"{label}: {value}" for label, value in r.source_fields]),
        "出典": source,
    }


def _ordered(atlas: Atlas, district: District) -> list[Resource]:
    order = {t.id: i for i, t in enumerate(atlas.vocab("categories").ordered())}
    return sorted(district.resources, key=lambda r: (order[r.category.id], r.id))


Rows = list[tuple[District, list[tuple[Resource, dict[str, str]]]]]


def district_rows(atlas: Atlas, districts: list[District]) -> Rows:
    """Each district with its resources (in `_ordered` order) and their `resource_row`s:
    made once for the files that all need them (a municipality's rows and national part)."""
    return [(d, _resource_rows(atlas, d)) for d in districts]


def _resource_rows(atlas: Atlas, d: District) -> list[tuple[Resource, dict[str, str]]]:
    values = _district_values(d)
    return [(r, resource_row(d, r, values)) for r in _ordered(atlas, d)]


def _rows_of(atlas: Atlas, districts: list[District], rows: Rows | None):
    for d, resources in (rows if rows is not None else ((d, None) for d in districts)):
        yield d, resources if resources is not None else _resource_rows(atlas, d)


_first = operator.itemgetter(slice(0, 1))  # a cell's first character ("" for an empty cell)


def _csv_cells(row: dict[str, str]) -> tuple[str, ...] | list[str]:
    """The row's cells in column order, neutralised (csvcells.py): most rows have no cell that
    may be, found in C (map and set), not cell by cell in Python."""
    cells = _cells(row)
    if _MAY_NEUTRALISE.isdisjoint(map(_first, cells)):
        return cells
    return [neutralise(cell) if cell[:1] in _MAY_NEUTRALISE else cell for cell in cells]


def csv_chunks(atlas: Atlas, districts: list[District], rows: Rows | None = None):
    """The CSV in pieces (one per district), so a national file is never held whole.
    (csv.writer with the cells in column order writes what csv.DictWriter did, without its
    per-row checks in Python.)"""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for _, resources in _rows_of(atlas, districts, rows):
        writer.writerows([_csv_cells(row) for _, row in resources])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def to_csv(atlas: Atlas, districts: list[District]) -> bytes:
    """UTF-8 with BOM, CRLF: opens correctly in Excel on Japanese Windows. Cells that a
    spreadsheet would run as formulas are neutralised (csvcells.py)."""
    return b"".join(csv_chunks(atlas, districts))


# a feature's properties as JSON: each key and its colon encoded once, each value by json's own C
# string encoder — what the encoder writes for the dict of them, without making the dict and
# without encoding its 33 keys again for each of ~136,000 features at national size
_PROPERTY_KEYS = tuple(compact_json(c) + ":" for c in PROPERTIES)
_string = json.encoder.encode_basestring


def _feature(d: District, r: Resource, row: dict[str, str] | None = None) -> str:
    point = public_point(r.location)
    cells = _property_cells(row or resource_row(d, r))
    geometry = f'{{"type":"Point","coordinates":{compact_json([point[1], point[0]])}}}' if point else "null"
    try:
        properties = ",".join(map(operator.add, _PROPERTY_KEYS, map(_string, cells)))
    except TypeError:  # a cell that is not text (none is: resource_row writes text)
        properties = compact_json(dict(zip(PROPERTIES, cells, strict=True)))[1:-1]
    return f'{{"type":"Feature","id":{_string(f"{d.id}/{r.id}")},"geometry":{geometry},"properties":{{{properties}}}}}'


def geojson_chunks(atlas: Atlas, districts: list[District]):
    """RFC 7946 FeatureCollection: [longitude, latitude]; no geometry where none may be shown.
    One feature a line: readable and diffable, and json's C encoder (indent= is pure Python)."""
    yield b'{"type":"FeatureCollection","features":[\n'
    first = True
    for d in districts:
        features = [_feature(d, r) for r in _ordered(atlas, d)]
        if features:
            yield (("" if first else ",\n") + ",\n".join(features)).encode("utf-8")
            first = False
    yield b"\n]}\n"


def to_geojson(atlas: Atlas, districts: list[District]) -> bytes:
    return b"".join(geojson_chunks(atlas, districts))


# One copy of every resource's row per municipality, as a script (a <script src> also
# works from file://): the マイリスト page shows its details from it, and the district and
# municipality pages save CSV and GeoJSON from it in the browser (resource-filter.js,
# atlas-rows.js), so no page carries the rows and no district has files of its own.
# Columns a district's resources share are written once per district.
DISTRICT_COLUMNS = ("全国地方公共団体コード", "地方公共団体名", "地区ID", "地区名", "地区の単位",
                    "サンプル（架空のデータ）", "地区の単位ID", "出典")


_district_cells = operator.itemgetter(*DISTRICT_COLUMNS)
_own_cells = operator.itemgetter(*(c for c in COLUMNS if c not in DISTRICT_COLUMNS))


def rows_data(atlas: Atlas, districts: list[District], made: Rows | None = None) -> dict:
    """{"k": columns, "d": [[district column values]], "r": [[district index, other values]]}:
    atlas-rows.js rebuilds resource_row() for each resource, in `_ordered` order."""
    table, rows = [], []
    for i, (d, resources) in enumerate(_rows_of(atlas, districts, made)):
        for n, (_, row) in enumerate(resources):
            if n == 0:
                table.append(list(_district_cells(row)))
            rows.append([i, *_own_cells(row)])
        if not d.resources:
            table.append([""] * len(DISTRICT_COLUMNS))
    return {"k": list(COLUMNS), "dk": list(DISTRICT_COLUMNS), "d": table, "r": rows}


def rows_script(code: str, data: dict) -> str:
    return (f"(window.ATLAS_ROWS=window.ATLAS_ROWS||{{}})[{json.dumps(code)}]="
            f"{script_json(data)};\n")


def municipality_exports(atlas: Atlas, code: str, districts: list[District],
                         rows: Rows | None = None) -> dict[str, str | bytes]:
    """A municipality's rows for the browser (its CSV and GeoJSON are saved from them)."""
    return {f"resources/m-{code}.js": rows_script(code, rows_data(atlas, districts, rows))}


ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # entries carry a fixed date: one checkout, one file
ALL_ZIP = "downloads/all.zip"
_CSV_HEAD = ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def national_part(atlas: Atlas, districts: list[District], rows: Rows | None = None) -> tuple[bytes, bytes]:
    """One municipality's part of the national download: its CSV rows (no header) and its
    GeoJSON features (one a line, no wrapper)."""
    rows = rows if rows is not None else district_rows(atlas, districts)
    csv_part = b"".join(csv_chunks(atlas, districts, rows))[len(_CSV_HEAD):]
    features = [_feature(d, r, row) for d, resources in rows for r, row in resources]
    return csv_part, ",\n".join(features).encode("utf-8")


def national_zip(parts, attribution: str = "") -> bytes:
    """Every resource of the site in one file: all.csv and all.geojson in one zip, made of
    the municipalities' parts (`national_part`, in code order). At national size that is
    200 MB as text and a few tens of MB zipped; per municipality and per district the
    browser saves CSV and GeoJSON from the rows scripts (atlas-rows.js). `parts`: read
    twice, one entry after the other (a list, or what reads them again from files: the
    GeoJSON parts are never held meanwhile). `attribution`: the text of ATTRIBUTION.txt
    (every registered dataset with its credit and licence)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        csv_info, geojson_info = (zipfile.ZipInfo(name, ZIP_DATE) for name in ("all.csv", "all.geojson"))
        for info in (csv_info, geojson_info):
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
        with archive.open(csv_info, "w", force_zip64=True) as entry:
            entry.write(_CSV_HEAD)
            for csv_part, _ in parts:
                entry.write(csv_part)
        with archive.open(geojson_info, "w", force_zip64=True) as entry:
            entry.write(b'{"type":"FeatureCollection","features":[\n')
            first = True
            for _, geojson_part in parts:
                if geojson_part:
                    entry.write(b"" if first else b",\n")  # zlib's output does not depend on how input is split
                    entry.write(geojson_part)
                    first = False
            entry.write(b"\n]}\n")
        if attribution:
            info = zipfile.ZipInfo(data_sources.ATTRIBUTION, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, attribution.encode("utf-8"))
    return buffer.getvalue()
