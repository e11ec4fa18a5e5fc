"""import-kayoinoba: MHLW's national 通いの場 open-data file (38 columns, formats/README.md
§1) → one district of 住民主体の通いの場 per municipality.

- Each row's municipality comes from its 市区町村コード (6 digits, 5 digits, without the
  leading zero, a ward of a designated city), checked against 市区町村名.
- Resource ids are 「kayoi-<No>」 from the file's own `No`, so the next edition of the file
  updates the same records (output.py reports added, changed, removed).
- Days come in four buckets (平日・土曜・日曜・祝日, each 開始/終了): 平日・土曜・日曜 become
  weekly rules (平日 = 月〜金, less weekdays that 定休日 names plainly, e.g. 「月曜」),
  buckets with the same hours are merged; 祝日 and 定休日 go into the schedule's notes;
  the schedule's text says what the file says (「平日 10:00〜11:30」).
- 「（改行）」 is the file's line break (cells.text reads it as one); 0/1 flags become あり／なし in the description,
  with 定員, 料金体系, 対象者, 対象エリア, その他 and 備考.
- Privacy (privacy.py): a row is a 法人's only on positive evidence — a 法人番号 whose check
  digit holds, or a 法人名称 that is not a placeholder (「－」「なし」「（なし）」「個人」「該当なし」
  …) — and never when 法人番号の有無 = 0 (privacy.residents_place). Any other row is a
  residents' place, possibly a home: `precision: approximate`, the address cut to its 町丁目
  (privacy.approximate_address), the point rounded as the site would show it, no telephone
  number and no contact. Rows with a 法人 keep the exact point and the address; the
  organisation's number (not a mobile one) only with the organisation's name.
- A point of 0,0, outside Japan, or farther than max_distance_km from the municipality's
  representative point is dropped with a warning; the row is imported without a point.
- Every column is in the column ledger (ledger.py): the 38 are mapped; a column beyond
  them is kept as 「元の一覧の項目」 on the rows with a 法人 only (kept.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..model.municipalities import Municipality
from ..model.privacy import APPROXIMATE_DECIMALS, approximate_address, real_organisation, residents_place
from ..model.schedule import DAYS
from . import cells, hours
from .cells import BadValue
from .facilities import LIMITS
from .kept import FIELD, Keeper
from .layouts import KAYOINOBA, columns
from .ledger import Ledger
from .output import Project
from .reading import Table

INACTIVE = ("休止", "廃止", "終了", "中止", "閉鎖")
BUCKETS = (("平日", "weekday", DAYS[:5]), ("土曜", "saturday", ("SA",)), ("日曜", "sunday", ("SU",)))
ACTIVITY_WORDS = (
    ("体操", "exercise"), ("運動", "exercise"), ("ストレッチ", "exercise"), ("ウォーキング", "exercise"),
    ("会食", "meal"), ("食事", "meal"), ("茶話", "tea"), ("お茶", "tea"), ("認知症", "dementia-prevention"),
    ("脳トレ", "dementia-prevention"), ("趣味", "hobby"), ("手芸", "hobby"), ("カラオケ", "hobby"),
    ("農作業", "farming"), ("園芸", "farming"), ("生涯学習", "learning"), ("学び", "learning"),
    ("ボランティア", "volunteering"), ("就労", "work"), ("多世代", "intergenerational"),
)
OPERATORS = (  # a word in 法人名称 → operator_types id (first match wins)
    ("社会福祉協議会", "shakyo"), ("社会福祉法人", "social-welfare-corp"), ("特定非営利活動法人", "npo"),
    ("NPO", "npo"), ("医療法人", "medical-corp"), ("シルバー人材センター", "silver-centre"),
    ("協同組合", "cooperative"), ("生協", "cooperative"), ("株式会社", "company"), ("有限会社", "company"),
    ("合同会社", "company"), ("自治会", "neighbourhood-association"), ("町内会", "neighbourhood-association"),
    ("老人クラブ", "seniors-club"),
)


@dataclass
class Place:
    line: int
    municipality: Municipality
    resource: dict


@dataclass
class Selection:
    codes: set[str] = field(default_factory=set)       # --municipality
    prefectures: set[str] = field(default_factory=set)  # --prefecture

    def __contains__(self, m: Municipality) -> bool:
        if self.codes and m.code not in self.codes:
            return False
        return not self.prefectures or m.prefecture_code in self.prefectures

    @property
    def everything(self) -> bool:
        return not self.codes and not self.prefectures


def _text(ledger: Ledger, line: int, value: str, label: str, single: bool = False) -> str:
    value, removed = cells.text(value)
    if removed:
        ledger.warn(line, f"{label}の制御文字を取り除きました", code="control-characters")
    return cells.one_line(value) if single else value


def _schedule(ledger: Ledger, line: int, get) -> dict | None:
    """Rules, text and notes from the four day buckets and 定休日."""
    closed_text = _text(ledger, line, get("closed"), "定休日", single=True)
    try:  # 「月曜（祝日の場合は翌日）」 closes Mondays; 「第2月曜」「年末年始」: kept in the notes only
        closed_days = (hours.day_list(closed_text, closed=True) or hours.Days()).days
    except BadValue:
        closed_days = set()
    texts, notes, merged = [], [], {}
    for label, key, days in BUCKETS + (("祝日", "holiday", ()),):
        raw_open, raw_close = (cells.one_line(cells.text(get(f"{key}_{end}"))[0]) for end in ("opens", "closes"))
        if not raw_open and not raw_close:
            continue
        texts.append(f"{label} {raw_open}〜{raw_close}")
        try:
            opens, closes = cells.time_of(raw_open), cells.time_of(raw_close)
        except BadValue as exc:
            ledger.warn(line, f"{label}の時刻 {cells.shown_or_none(str(exc))} を読めないため、文章だけにしました",
                        code="time")
            continue
        if opens and closes and opens >= closes:
            ledger.warn(line, f"{label}の開始 {opens} が終了 {closes} より後です（そのまま取り込みました）", code="time")
        if not days:
            notes.append(f"祝日 {opens or ''}〜{closes or ''}")
            continue
        open_days = [d for d in days if d not in closed_days]
        if open_days:
            merged.setdefault((opens, closes), []).extend(open_days)
    rules = []
    for (opens, closes), days in merged.items():
        rule = {"freq": "weekly", "byday": [d for d in DAYS if d in days]}
        if opens:
            rule["opens"] = opens
        if closes:
            rule["closes"] = closes
        rules.append(rule)
    if closed_text:
        notes.append(f"定休日：{closed_text}")
    if not texts and not notes:
        return None
    text, _ = cells.fit("／".join(texts) or "日時は定休日・備考を確かめてください", LIMITS["text"])
    schedule: dict = {"text": text}
    if rules:
        schedule["rules"] = rules
    if notes:
        schedule["notes"], cut = cells.fit("。".join(notes), LIMITS["notes"])
        if cut:
            ledger.warn(line, f"定休日などが長いため {LIMITS['notes']} 文字に切りました", code="too-long")
    return schedule


def _flag(ledger: Ledger, line: int, get, key: str, label: str, yes: str, no: str) -> str:
    try:
        value = cells.flag(get(key))
    except BadValue:
        text = _text(ledger, line, get(key), label, single=True)
        return f"{label}：{text}"  # not 0/1: kept as written
    return "" if value is None else f"{label}：{yes if value else no}"


def _description(ledger: Ledger, line: int, get) -> str:
    parts = []
    for key, label in (("activity", ""), ("target", "対象者"), ("area", "対象エリア"), ("capacity", "定員"),
                       ("fee", "料金")):
        value = _text(ledger, line, get(key), label or "活動内容")
        if value:
            parts.append(f"{label}：{value}" if label else value)
    parts += filter(None, (
        _flag(ledger, line, get, "meal", "飲食の提供", "あり", "なし"),
        _flag(ledger, line, get, "bring_food", "飲食の持ち込み", "可", "不可"),
        _flag(ledger, line, get, "transport", "送迎", "あり", "なし"),
        _flag(ledger, line, get, "sogo", "総合事業", "実施", "実施なし"),
    ))
    for key, label in (("other", "その他"), ("remarks", "備考")):
        value = _text(ledger, line, get(key), label)
        if value:
            parts.append(f"{label}：{value}")
    description, cut = cells.fit("\n".join(parts), LIMITS["description"])
    if cut:
        ledger.warn(line, f"説明（活動内容・対象者・料金など）が長いため {LIMITS['description']} 文字に切りました",
                    code="too-long")
    return description


def read_row(ctx: Context, line: int, row: list[str], cols: dict[str, int]) -> Place | None:
    ledger = ctx.ledger

    def get(key: str) -> str:
        index = cols.get(key)
        return row[index] if index is not None else ""

    name, cut = cells.fit(_text(ledger, line, get("name"), "名称", single=True), LIMITS["name"])
    if not name:
        ledger.refuse(line, "名称が空です", code="no-name")
        return None
    m, note = cells.municipality(get("code"), get("prefecture"), get("municipality_name"))
    if m is None:
        ledger.refuse(line, f"市区町村コード {cells.shown_or_none(get('code'))}"
                      f"（{cells.shown_or_none(get('municipality_name'))}）が全国地方公共団体コードにありません",
                      code="no-municipality")
        return None
    if m not in ctx.selection:
        ledger.tally(("not-selected",), line, "--municipality / --prefecture で選んだ以外の市区町村の行は"
                     "取り込みませんでした", code="not-selected", refuse=True)
        return None
    if note:
        ledger.tally(("municipality", note), line, note, code="municipality")
    status = _text(ledger, line, get("status"), "ステータス", single=True)
    if any(word in status for word in INACTIVE):
        ledger.refuse(line, f"{cells.shown_or_none(name)} はステータスが {cells.shown_or_none(status)} のため"
                      "取り込みません", code="inactive")
        return None
    if cut:
        ledger.warn(line, f"名称が長いため {LIMITS['name']} 文字に切りました", code="too-long")

    number = cells.slug(get("no"))
    if number:
        rid = f"kayoi-{number}"
    else:
        rid = "kayoi-h" + hashlib.sha1(f"{name}|{get('address')}".encode()).hexdigest()[:10]
        ledger.warn(line, f"No がないため、名称と所在地から id「{rid}」を作りました（次の版で同じ id になるとは限りません）",
                    code="no-number")
    key = (m.code, rid)
    if key in ctx.seen:
        first_line, first_row = ctx.seen[key]
        if first_row == hash(tuple(row)):
            ledger.refuse(line, f"{first_line} 行目と同じ内容の行です", code="duplicate-row")
            return None
        ctx.duplicates[key] = ctx.duplicates.get(key, 1) + 1
        new = f"{rid}-{ctx.duplicates[key]}"
        ledger.warn(line, f"No {cells.shown_or_none(get('no'))} が {first_line} 行目と同じため、id を「{new}」にしました",
                    code="duplicate-id")
        rid = new
    else:
        ctx.seen[key] = (line, hash(tuple(row)))

    try:
        has_number = cells.flag(get("has_corporate_number"))
    except BadValue:
        has_number = None
    corporate = _text(ledger, line, get("corporate"), "法人名称", single=True)
    is_corporate = not residents_place(has_number, get("corporate_number"), corporate)
    if not real_organisation(corporate):
        corporate = ""  # a placeholder: neither a contact nor an operator

    resource: dict = {"id": rid, "name": name, "category": "kayoinoba", "target_states": ["genki", "kyojaku"]}
    target = get("target")
    if "要介護" in target:
        resource["target_states"].append("near-care")
    activity = get("activity")
    types = sorted({code for word, code in ACTIVITY_WORDS if word in activity})
    if types or activity.strip():
        resource["activity_types"] = types or ["other"]
    resource["operator_type"] = next((code for word, code in OPERATORS if word in cells.nfkc(corporate)), "other") \
        if is_corporate else "residents"
    description = _description(ledger, line, get)
    if description:
        resource["description"] = description
    schedule = _schedule(ledger, line, get)
    if schedule:
        resource["schedule"] = schedule

    address = " ".join(filter(None, (_text(ledger, line, get("address"), "所在地", single=True),
                                     _text(ledger, line, get("building"), "建物名", single=True))))
    if not is_corporate:
        address = approximate_address(address)
    address, _ = cells.fit(address, LIMITS["address"])
    if address:
        resource["address"] = address
    point, code, why = cells.point_near(get("lat"), get("lon"), m, ctx.max_km)
    if code == "far-point":
        ledger.warn(line, f"{cells.shown_or_none(name)} の{why}ため、地図に載せずに取り込みました",
                    "緯度・経度か市区町村コードの誤りではありませんか", code="far-point")
    elif why:
        ledger.warn(line, f"{cells.shown_or_none(name)}: {why}。地図に載せずに取り込みました", code="no-point")
    if point is not None and is_corporate:
        resource["location"] = {"lat": point[0], "lon": point[1], "precision": "exact"}
    elif point is not None:  # the file holds no more than the site may show
        resource["location"] = {"lat": round(point[0], APPROXIMATE_DECIMALS),
                                "lon": round(point[1], APPROXIMATE_DECIMALS), "precision": "approximate"}
    if is_corporate and corporate:
        phone, why = cells.phone_of(get("phone"))
        if why:
            ledger.warn(line, f"電話番号は{why}取り込みませんでした", code="phone")
        organisation, _ = cells.fit(corporate, LIMITS["organisation"])
        resource["contact"] = {"organisation": organisation, **({"phone": phone} if phone else {})}
    elif is_corporate:
        if get("phone").strip():
            ledger.warn(line, "法人名称がないため、電話番号を取り込みませんでした（窓口の組織が分かりません）", code="phone")
    else:
        ctx.residents += 1
    resource["last_verified"] = ctx.as_of
    if is_corporate and ctx.keeper is not None:  # a residents' place (maybe a home) keeps nothing more
        kept = ctx.keeper.values(row, lambda message, code: ledger.warn(line, message, code=code))
        if kept:
            resource[FIELD] = kept
    return Place(line, m, resource)


@dataclass
class Context:
    project: Project
    ledger: Ledger
    as_of: str
    selection: Selection
    max_km: float = 60.0
    residents: int = 0
    seen: dict = field(default_factory=dict)
    duplicates: dict = field(default_factory=dict)
    keeper: Keeper | None = None   # columns of the file beyond the 38 (kept.py)


def missing_columns(table: Table) -> list[str]:
    cols = columns(table.keys, KAYOINOBA)
    return [KAYOINOBA[f][0] for f in ("name", "code") if f not in cols]


def read(table: Table, ctx: Context) -> list[Place]:
    cols = columns(table.keys, KAYOINOBA)
    mapped = {i: name for name, i in cols.items()}
    ctx.keeper = Keeper(ctx.ledger, table.header, mapped,
                        {i: "同じ見出しの列がほかにもあり、はじめの列を取り込みました" for i, k in enumerate(table.keys)
                         if i not in mapped and any(k == table.keys[j] for j in mapped)},
                        note="法人のない（住民の）通いの場の行には載せません")
    places = []
    for line, row in table.rows:
        ctx.ledger.row()
        ctx.keeper.observe(row)
        place = read_row(ctx, line, row, cols)
        if place is not None:
            ctx.ledger.accept()
            places.append(place)
    ctx.keeper.finish([p.resource for p in places])
    if ctx.residents:
        ctx.ledger.notes.append(
            f"法人のない（住民の）通いの場 {ctx.residents:,} か所（検査数字の合う法人番号も、「なし」「個人」などでない"
            "法人名称もない行）は、個人宅のおそれがあるため、位置を約1km に丸め"
            "（precision: approximate）、住所を町丁目までにし、電話番号を載せていません。")
    return places
