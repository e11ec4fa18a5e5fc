"""`python -m generator import-kayoinoba`: the MHLW 通いの場 open-data CSV (one file per
municipality) → a district YAML of 住民主体の通いの場 with structured schedules.

Columns as listed for the published format (No, 都道府県コード, 都道府県名, 市区町村コード,
市区町村名, 名称, 名称（ふりがな）, 郵便番号, 所在地, 建物名, 電話番号, 対象者, 活動内容,
開催日・時間 for 平日・土曜・日曜・祝日, 定休日, 定員, 料金体系, 飲食の提供の有無,
飲食持ち込みの可否, 送迎の有無, 対象エリア, 総合事業実施の有無, 法人番号, 法人名称,
ステータス, 緯度, 経度, 備考). The official format description could not be consulted
when this was written, so headers are matched loosely (full-width/half-width, brackets,
「_」 and spaces ignored) and the time columns accept several spellings.

Privacy by design: 通いの場 are often run by residents, sometimes in a home. A row without
a 法人名称 is placed at `approximate` precision and its telephone number is not imported
(it may be a private person's); rows with a 法人名称 keep an exact location and the number
unless it is a mobile number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from . import municipalities
from .importer import ImportReport, coordinate, norm, read_text, to_yaml
from .privacy import approximate_address
from .rules import is_mobile_phone
from .schedule import days_ja

DAY_GROUPS = {"平日": ["MO", "TU", "WE", "TH", "FR"], "土曜": ["SA"], "日曜": ["SU"]}
ACTIVITY_WORDS = (
    ("体操", "exercise"), ("運動", "exercise"), ("会食", "meal"), ("食事", "meal"), ("茶話", "tea"),
    ("認知症", "dementia-prevention"), ("趣味", "hobby"), ("農作業", "farming"), ("生涯学習", "learning"),
    ("学び", "learning"), ("ボランティア", "volunteering"), ("就労", "work"), ("多世代", "intergenerational"),
)
INACTIVE = ("休止", "廃止", "終了", "中止")
TIME = re.compile(r"(\d{1,2})[:：時](\d{2})?")


def _key(header: str) -> str:
    """Loose header key: NFKC, no spaces, brackets, underscores or middle dots."""
    return re.sub(r"[\s()（）_・\-]", "", unicodedata.normalize("NFKC", header))


def _time(text: str) -> str | None:
    m = TIME.search(norm(text))
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _column(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = row.get(_key(name))
        if value:
            return norm(value)
    return ""


def _day_times(row: dict[str, str], group: str) -> tuple[str | None, str | None, str]:
    """(opens, closes, raw text) for 平日/土曜/日曜/祝日 from the usual column spellings."""
    opens = _column(row, f"{group}開始時間", f"{group}開始時刻", f"{group}_開始時間", f"開始時間{group}")
    closes = _column(row, f"{group}終了時間", f"{group}終了時刻", f"{group}_終了時間", f"終了時間{group}")
    combined = _column(row, f"{group}営業時間", f"{group}開催時間", f"営業時間{group}", f"開催日時{group}", group)
    if combined and not (opens or closes):
        parts = re.split(r"[~〜～\-－ー]", combined)
        opens, closes = parts[0], parts[1] if len(parts) > 1 else ""
    return _time(opens) if opens else None, _time(closes) if closes else None, combined or f"{opens}〜{closes}"


def convert(text: str, district: dict) -> tuple[dict, ImportReport]:
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    header = [_key(h) for h in rows[0]]
    report = ImportReport()
    resources = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        row = dict(zip(header, cells, strict=False))
        name = _column(row, "名称")
        if not name:
            report.rejected.append((number, "名称が空です"))
            continue
        status = _column(row, "ステータス")
        if any(word in status for word in INACTIVE):
            report.rejected.append((number, f"「{name}」はステータスが「{status}」のため取り込みません"))
            continue
        rules, notes = [], []
        for group, days in DAY_GROUPS.items():
            opens, closes, _ = _day_times(row, group)
            if opens:
                rule = {"freq": "weekly", "byday": days, "opens": opens}
                if closes:
                    rule["closes"] = closes
                rules.append(rule)
        h_opens, h_closes, _ = _day_times(row, "祝日")
        if h_opens:
            notes.append(f"祝日 {h_opens}〜{h_closes or ''}")
        if _column(row, "定休日"):
            notes.append(f"定休日：{_column(row, '定休日')}")
        activities = _column(row, "活動内容")
        types = sorted({code for word, code in ACTIVITY_WORDS if word in activities})
        if activities and not types:
            types = ["other"]
        target = _column(row, "対象者")
        states = ["genki", "kyojaku"]
        if "要介護" in target:
            states.append("near-care")
        corporate = _column(row, "法人名称")
        resource: dict = {
            "id": f"kayoi-{norm(_column(row, 'No') or str(number)).lower()}",
            "name": name, "category": "kayoinoba", "target_states": states,
        }
        if types:
            resource["activity_types"] = types
        resource["operator_type"] = "other" if corporate else "residents"
        if activities:
            resource["description"] = activities + (f"（対象者：{target}）" if target else "")
        if rules or notes:
            text_parts = [f"{days_ja(r['byday'])} {r['opens']}〜{r.get('closes', '')}" for r in rules]
            resource["schedule"] = {"text": "／".join(text_parts) or "日時は備考を確認してください"}
            if rules:
                resource["schedule"]["rules"] = rules
            if notes:
                resource["schedule"]["notes"] = "。".join(notes)
        address = " ".join(filter(None, [_column(row, "所在地", "住所"), _column(row, "建物名")]))
        if address:  # residents' places: 町丁目 at most (privacy.py)
            resource["address"] = address if corporate else approximate_address(address)
        point = coordinate(_column(row, "緯度"), _column(row, "経度"))
        if isinstance(point, tuple):
            resource["location"] = {"lat": point[0], "lon": point[1],
                                    "precision": "exact" if corporate else "approximate"}
        elif point is None:
            report.notes.append((number, f"「{name}」は緯度・経度がないため、地図に載せずに取り込みました"))
        else:
            report.notes.append((number, f"「{name}」: {point}。位置なしで取り込みました"))
        phone = _column(row, "電話番号")
        if phone and corporate and not is_mobile_phone(phone):
            resource["contact"] = {"organisation": corporate, "phone": phone}
        elif phone:
            report.notes.append((number, f"「{name}」の電話番号は個人の番号のおそれがあるため取り込みませんでした"))
        resource["last_verified"] = district["last_reviewed"]
        resources.append(resource)
        report.imported += 1
    resources.sort(key=lambda r: (r["name"], r["id"]))
    out = dict(district)
    out["resources"] = resources
    return out, report


def import_kayoinoba(csv_path: Path, district_id: str, as_of: str, out_dir: Path) -> tuple[Path, ImportReport]:
    text, _ = read_text(csv_path)
    first = next(csv.DictReader(io.StringIO(text)), None) or {}
    code = norm(next((v for k, v in first.items() if _key(k) == "市区町村コード"), ""))
    muni = municipalities.load().get(code) or next(
        (m for m in municipalities.load().values() if m.code.startswith(code[:5]) and m.name and len(code) == 5),
        None)
    if muni is None:
        raise ValueError(f"市区町村コード「{code}」が全国地方公共団体コードにありません")
    district = {"id": district_id, "name": f"{muni.name}の通いの場", "layer": "municipality-wide",
                "municipality": {"code": muni.code, "prefecture": muni.prefecture, "name": muni.name},
                "description": f"厚生労働省の通いの場オープンデータ（{csv_path.name}）から取り込み。",
                "last_reviewed": as_of}
    data, report = convert(text, district)
    out = out_dir / f"{district_id}.yaml"
    out.write_text(to_yaml(data, csv_path.name), encoding="utf-8")
    return out, report
