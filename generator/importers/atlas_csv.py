"""The site's own CSV download (render/exports.py) → the districts it was made from.

Read back to the same records: district id and resource id (the ID column is
「地区ID/資源ID」), category, target states, activity types, operator and service type
(the *ID columns; the label columns when an older download has no id columns), the
schedule as written and its rules (schedule.parse_rules_text), the location's precision
with the point as published (an `approximate` point comes back rounded and stays
`approximate`; a `hidden` one comes back without a point), the address as published,
the contact, the last_verified date (a blank one stays blank: unknown), the kept values of
the list it was imported from (「元の一覧の項目」, one 「label: value」 a line; never for a place
whose address is hidden). Columns of no download (added in a spreadsheet) are kept the same
way (kept.py). The formula-cell neutralisation was undone by the reading layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.municipalities import Municipality
from ..model.privacy import approximate_address
from ..model.schedule import parse_rules_text
from . import cells
from .cells import BadValue
from .kept import FIELD, MAX_FIELDS, MAX_LABEL, MAX_VALUE, Keeper
from .ledger import Ledger
from .output import Project
from .reading import Table

COLUMNS = {  # field → header in exports.COLUMNS
    "code": "全国地方公共団体コード", "id": "ID", "name": "名称", "address": "住所", "lat": "緯度", "lon": "経度",
    "phone": "電話番号", "email": "メールアドレス", "url": "URL", "description": "備考",
    "district": "地区ID", "district_name": "地区名", "layer_label": "地区の単位", "category_label": "資源の種類",
    "states_label": "対象の状態", "activities_label": "活動の内容", "operator_label": "運営主体",
    "service_label": "サービス類型", "schedule_shown": "開催日時", "precision": "位置の精度",
    "last_verified": "最終確認日", "demo": "サンプル（架空のデータ）",
    "layer": "地区の単位ID", "category": "資源の種類ID", "states": "対象の状態ID", "activities": "活動の内容ID",
    "operator": "運営主体ID", "service": "サービス類型ID", "schedule_text": "開催日時の文章",
    "schedule_rules": "開催日時の規則", "schedule_notes": "開催日時の補足", "organisation": "連絡先の組織",
    "source_fields": "元の一覧の項目",
}
TERMS = (  # resource field, id column, label column, vocabulary, list?
    ("category", "category", "category_label", "categories", False),
    ("target_states", "states", "states_label", "target_states", True),
    ("activity_types", "activities", "activities_label", "activity_types", True),
    ("operator_type", "operator", "operator_label", "operator_types", False),
    ("service_type", "service", "service_label", "service_types", False),
)


@dataclass
class District:
    id: str
    name: str
    layer: str
    municipality: Municipality
    demo: bool
    resources: list[dict] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


def _terms(project: Project, vocab: str, ids: str, labels: str, many: bool) -> list[str] | str | None:
    """Ids from the id column, else from the labels; None when one is unknown."""
    known = project.vocab_ids.get(vocab, set())
    if ids.strip():
        values = [v.strip() for v in ids.split(";") if v.strip()] if many else [ids.strip()]
    elif labels.strip():
        by_label = {label: term for term, label in project.labels.get(vocab, {}).items()}
        values = [by_label.get(v.strip(), "?" + v) for v in (labels.split("・") if many else [labels])]
    else:
        values = []
    if any(v not in known for v in values):
        return None
    return values if many else (values[0] if values else "")


def source_fields(text: str) -> list[dict]:
    """「label: value」 lines (render/exports.py) → [{label, value}]."""
    out = []
    for line in text.splitlines():
        label, sep, value = line.partition(": ")
        label, value = cells.one_line(label.strip()), cells.one_line(value.strip())
        if sep and label and value:
            out.append({"label": cells.fit(label, MAX_LABEL)[0], "value": cells.fit(value, MAX_VALUE)[0]})
    return out[:MAX_FIELDS]


def read(table: Table, project: Project, ledger: Ledger) -> dict[str, District]:
    cols = {f: table.column(h) for f, h in COLUMNS.items()}
    derived = {table.column("地方公共団体名"): "全国地方公共団体コードから決まります",  # the download's columns
               table.column("出典"): "地区の出典（content/import/sources.yaml）から決まります。"
                                     "取り込み直すときは --source で指定します"}
    keeper = Keeper(ledger, table.header, {i: f for f, i in cols.items() if i is not None},
                    {i: why for i, why in derived.items() if i is not None})
    districts: dict[str, District] = {}
    for line, row in table.rows:
        ledger.row()
        keeper.observe(row)

        def get(f: str, row=row) -> str:
            return row[cols[f]] if cols.get(f) is not None else ""

        def txt(f: str, single: bool = True, row=row) -> str:
            value = cells.text(get(f), decode_markup=False)[0]  # the atlas's own text, as it was
            return cells.one_line(value) if single else value

        district_id, _, resource_id = get("id").partition("/")
        district_id = get("district").strip() or district_id.strip()
        name = txt("name")
        if not name or not resource_id.strip() or not district_id:
            ledger.refuse(line, "名称・ID（地区ID/資源ID）のない行です", code="no-id")
            continue
        m, _ = cells.municipality(get("code"))
        if m is None:
            ledger.refuse(line, f"全国地方公共団体コード {cells.shown_or_none(get('code'))} が分かりません",
                          code="no-municipality")
            continue
        resource: dict = {"id": resource_id.strip(), "name": name}
        unknown = []
        for key, id_col, label_col, vocab, many in TERMS:
            value = _terms(project, vocab, get(id_col), get(label_col), many)
            if value is None:
                unknown.append(vocab)
            elif value:
                resource[key] = value
        if unknown or "category" not in resource or not resource.get("target_states"):
            ledger.refuse(line, f"{'・'.join(unknown) or '資源の種類・対象の状態'} の値が用語集にありません",
                          code="unknown-term")
            continue
        if txt("description", single=False):
            resource["description"] = txt("description", single=False)
        text, notes = txt("schedule_text"), txt("schedule_notes", single=False)
        try:
            rules = parse_rules_text(get("schedule_rules"))
        except ValueError:
            ledger.warn(line, f"開催日時の規則 {cells.shown_or_none(get('schedule_rules'))} を読めません"
                        "（文章だけ取り込みました）",
                        code="schedule-text")
            rules = []
        if not text and cols.get("schedule_text") is None:
            text = txt("schedule_shown")  # an older download: the schedule as shown
        if text:
            resource["schedule"] = {"text": text}
            if rules:
                resource["schedule"]["rules"] = rules
            if notes:
                resource["schedule"]["notes"] = notes
        precision = get("precision").strip() or "none"
        if txt("address"):
            resource["address"] = approximate_address(txt("address")) if precision == "approximate" else txt("address")
        if precision in ("exact", "approximate"):
            try:
                point = cells.point(get("lat"), get("lon"))
            except BadValue as exc:
                ledger.warn(line, f"{exc}。位置なしで取り込みました", code="no-point")
                point = None
            if point:
                resource["location"] = {"lat": point[0], "lon": point[1], "precision": precision}
        elif precision == "hidden":
            resource["location"] = {"precision": "hidden"}
            resource.pop("address", None)
        phone, email, organisation = txt("phone"), txt("email"), txt("organisation")
        if organisation or phone or email:
            resource["contact"] = {"organisation": organisation or name}
            if phone:
                resource["contact"]["phone"] = phone
            if email:
                resource["contact"]["email"] = email
        if get("url").strip():
            resource["url"] = get("url").strip()
        try:
            verified = cells.date_of(get("last_verified"))
        except BadValue:
            verified = None
            ledger.warn(line, f"最終確認日{cells.shown_or_none(get('last_verified'))}は日付ではないため、"
                        "不明（空）にしました", code="date")
        if verified:  # a blank date stays unknown: the site shows 「確認日不明」, never a made-up day
            resource["last_verified"] = verified
        if precision not in ("approximate", "hidden"):  # never for a place whose address is hidden
            kept = source_fields(cells.text(get("source_fields"), decode_markup=False)[0])
            kept += keeper.values(row, lambda message, code, line=line: ledger.warn(line, message, code=code))
            if kept:
                resource[FIELD] = kept[:MAX_FIELDS]
        layer = _terms(project, "layers", get("layer"), get("layer_label"), False) or "municipality-wide"
        district = districts.setdefault(district_id, District(
            district_id, txt("district_name") or district_id, layer, m, get("demo").strip() == "はい"))
        if resource["id"] in district.lines:
            ledger.refuse(line, f"資源 id「{resource['id']}」が {district.lines[resource['id']]} 行目と重なっています",
                          code="duplicate-id")
            continue
        district.resources.append(resource)
        district.lines[resource["id"]] = line
        ledger.accept()
    keeper.finish([r for d in districts.values() for r in d.resources])
    return districts
