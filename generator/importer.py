"""`python -m generator import-csv`: a facility list CSV (自治体標準オープンデータセット style:
介護サービス事業所一覧, 公共施設一覧, any list with 名称/住所/緯度/経度) → district YAML.

- encodings: UTF-8 with or without BOM, Shift_JIS (CP932); delimiter comma or tab;
- header synonyms (名称/施設名/事業所名 …) and full-width digits;
- a mapping file (YAML) says how 種別 values map to categories / target states;
- rows without coordinates are kept (no location) and reported; rows that cannot be
  imported are reported with the reason — nothing is dropped silently;
- the same input gives the same ids, order and bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema_check
from .load import load_file
from .rules import JAPAN, is_mobile_phone

SYNONYMS = {
    "id": ("ID", "施設ID", "事業所ID", "No", "NO", "番号"),
    "name": ("名称", "施設名", "事業所名", "事業所の名称", "施設名称", "名称_通称"),
    "address": ("住所", "所在地", "所在地_連結表記", "事業所所在地", "所在地_住所"),
    "lat": ("緯度", "latitude", "lat", "Latitude"),
    "lon": ("経度", "longitude", "lon", "lng", "Longitude"),
    "phone": ("電話番号", "連絡先電話番号", "TEL", "電話"),
    "url": ("URL", "ホームページ", "ウェブサイト", "Webサイト"),
    "kind": ("種別", "種類", "サービス種類", "サービスの種類", "施設種別", "分類"),
    "description": ("備考", "説明", "概要"),
    "last_verified": ("更新日", "最終更新日", "調査日", "確認日"),
}
TERM_FIELDS = ("category", "target_states", "activity_types", "operator_type", "service_type")


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)     # imported, but with a caveat

    def lines(self) -> list[str]:
        out = [f"{self.rows} 行のうち {self.imported} 行を取り込み、{len(self.rejected)} 行は取り込めませんでした。"]
        out += [f"  {line} 行目: 取り込めません: {why}" for line, why in self.rejected]
        out += [f"  {line} 行目: 注意: {why}" for line, why in self.notes]
        return out


class CsvImportError(Exception):
    """A problem with the input as a whole (message for the user)."""


def read_text(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CsvImportError(f"{path}: UTF-8 でも Shift_JIS（CP932）でも読めません")


def norm(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def _find_columns(header: list[str], overrides: dict) -> dict[str, str]:
    found = {}
    clean = {norm(h): h for h in header}
    for key, names in SYNONYMS.items():
        for name in list(overrides.get(key, [])) + list(names):
            if norm(name) in clean:
                found[key] = clean[norm(name)]
                break
    return found


def _slug(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", norm(text).lower()).strip("-")
    return text[:40]


def coordinate(lat_text: str, lon_text: str) -> tuple[float, float] | str | None:
    """(lat, lon), None when both are empty, or a reason string when they are unusable."""
    lat_text, lon_text = norm(lat_text), norm(lon_text)
    if not lat_text and not lon_text:
        return None
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return f"緯度・経度が数値ではありません（{lat_text!r}, {lon_text!r}）"
    (lat_lo, lat_hi), (lon_lo, lon_hi) = JAPAN["lat"], JAPAN["lon"]
    if lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi:
        return (lat, lon)
    if lat_lo <= lon <= lat_hi and lon_lo <= lat <= lon_hi:
        return f"緯度と経度が入れ替わっているようです（緯度 {lat}, 経度 {lon}）"
    return f"位置が日本の範囲外です（緯度 {lat}, 経度 {lon}）"


def convert(text: str, mapping: dict) -> tuple[dict, ImportReport]:
    """CSV text + mapping → district dict (ready for YAML) and a report."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise CsvImportError("CSV が空です")
    header, body = rows[0], rows[1:]
    cols = _find_columns(header, mapping.get("columns", {}))
    positions = {key: header.index(col) for key, col in cols.items()}
    if "name" not in cols:
        raise CsvImportError(f"名称の列が見つかりません（列: {', '.join(header)}）。"
                           "mapping の columns.name に列名を書いてください")
    defaults = mapping["defaults"]
    types = mapping.get("types", {})
    prefix = mapping.get("id_prefix", "r")
    report = ImportReport(rows=len(body))
    resources, seen = [], {}

    for number, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            report.rows -= 1
            continue
        cell = {key: row[i] if i < len(row) else "" for key, i in positions.items()}
        name = norm(cell.get("name"))
        if not name:
            report.rejected.append((number, "名称が空です"))
            continue
        kind = norm(cell.get("kind"))
        terms = dict(defaults)
        if kind and kind in types:
            terms.update(types[kind])
        elif kind and types:
            report.rejected.append((number, f"種別「{kind}」の対応が mapping の types にありません"))
            continue
        if "category" not in terms or "target_states" not in terms:
            report.rejected.append((number, "資源の種類（category）か対象の状態（target_states）が決まりません"))
            continue
        verified = norm(cell.get("last_verified")).replace("/", "-") or terms.get("last_verified", "")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", verified):
            report.rejected.append((number, "確認日（更新日の列か defaults.last_verified）がありません"))
            continue

        source_id = _slug(cell.get("id", ""))
        key = source_id or hashlib.sha1(f"{name}|{norm(cell.get('address'))}".encode()).hexdigest()[:10]
        rid = f"{prefix}-{key}"
        if rid in seen:
            seen[rid] += 1
            rid = f"{rid}-{seen[rid]}"
        else:
            seen[rid] = 1

        resource: dict = {"id": rid, "name": name}
        for term in TERM_FIELDS:
            if term in terms:
                resource[term] = terms[term]
        if norm(cell.get("description")):
            resource["description"] = norm(cell["description"])
        if norm(cell.get("address")):
            resource["address"] = norm(cell["address"])
        point = coordinate(cell.get("lat", ""), cell.get("lon", ""))
        if isinstance(point, tuple):
            resource["location"] = {"lat": point[0], "lon": point[1], "precision": terms.get("precision", "exact")}
        elif point is None:
            report.notes.append((number, f"「{name}」は緯度・経度がないため、地図に載せずに取り込みました"))
        else:
            report.notes.append((number, f"「{name}」: {point}。位置なしで取り込みました"))
        phone = norm(cell.get("phone"))
        if phone and is_mobile_phone(phone):
            report.notes.append((number, f"「{name}」の電話番号は携帯電話の番号のため取り込みませんでした"))
            phone = ""
        if phone:
            resource["contact"] = {"organisation": name, "phone": phone}
        url = norm(cell.get("url"))
        if url:
            if re.match(r"^https?://[^\s<>\"']+$", url):
                resource["url"] = url
            else:
                report.notes.append((number, f"「{name}」の URL「{url}」は http/https ではないため取り込みませんでした"))
        resource["last_verified"] = verified
        resources.append(resource)
        report.imported += 1

    resources.sort(key=lambda r: (r["category"], r["name"], r["id"]))
    district = dict(mapping["district"])
    district["resources"] = resources
    return district, report


def to_yaml(district: dict, source_name: str) -> str:
    header = ("# yaml-language-server: $schema=../../generator/schemas/district.schema.json\n"
              f"# python -m generator import-csv で {source_name} から作成。\n"
              "# 手で直すより、CSV か対応表を直して取り込み直してください。\n")
    return header + yaml.safe_dump(district, allow_unicode=True, sort_keys=False, width=1000)


def load_mapping(path: Path) -> dict:
    """The mapping file, checked against its schema (problems name file:line and field)."""
    doc, problems = load_file(path, path.parent)
    if doc is not None:
        problems += schema_check.check(doc, "import-mapping")
    if problems:
        raise CsvImportError("対応表（mapping）に誤りがあります:\n" + "\n".join(p.format() for p in problems))
    return doc.data


def import_csv(csv_path: Path, mapping_path: Path, out_dir: Path) -> tuple[Path, ImportReport]:
    text, _ = read_text(csv_path)
    district, report = convert(text, load_mapping(mapping_path))
    out = out_dir / f"{district['id']}.yaml"
    out.write_text(to_yaml(district, csv_path.name), encoding="utf-8")
    return out, report
