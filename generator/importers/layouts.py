"""The published layouts the importers read, as tables (sources: ../shared/formats/README.md).

A layout says which header names hold which field; the reading layer matches names by
`reading.header_key` (NFKC, case, spaces and look-alike dashes folded), so write them
here as published. To read a new published format, add a `Layout` to FACILITY_LAYOUTS
(before GENERIC) with the headers that identify it (`signature`) and the ones that differ
from COMMON; the service types its rows name go into content/import/types.yaml.

Fields of a facility row (import-csv): code, prefecture, municipality_name, id, name,
kind, address, address_parts, address2, lat, lon, phone, email, url, description,
days, opens, closes, hours (free text 「8:30～17:00」), closed (定休日・休館日 …), hours_note,
corporate, last_verified (days … hours_note: hours.py). Every other column with values is
kept on the resources as 「元の一覧の項目」 (label: value), or dropped with a reason
(kept.py, the column ledger in ledger.py). The site's own CSV (ATLAS) and the national
通いの場 file (KAYOINOBA) have their own fields, read by atlas_csv.py and kayoinoba.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reading import header_key

COMMON: dict[str, tuple[str, ...]] = {
    "code": ("全国地方公共団体コード", "都道府県コード又は市区町村コード", "都道府県コード又は市町村コード",
             "市区町村コード", "団体コード", "地方公共団体コード"),
    "prefecture": ("都道府県名", "所在地_都道府県"),
    "municipality_name": ("市区町村名", "地方公共団体名", "所在地_市区町村"),
    # the publisher's record id first, then an office (+ its service), then a running number
    "id": ("ID", "施設ID", "事業所番号", "事業所ID", "NO", "No.", "番号", "#property"),
    "name": ("名称", "施設名", "施設名称", "事業所名", "事業所の名称", "name"),
    "kind": ("種別", "種類", "区分", "分類", "施設種別", "施設の種類", "サービス種類", "サービスの種類", "service"),
    "address": ("所在地_連結表記", "住所", "所在地", "事業所所在地", "所在地_住所", "address"),
    "address_parts": ("所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下"),
    "address2": ("方書", "建物名等(方書)", "方書(ビル名等)", "建物名", "所在地_建物名等"),
    # Y/X: Shapefile/DBF exports (X = longitude, Y = latitude); cells.point checks the pair
    "lat": ("緯度", "latitude", "lat", "緯度(度)", "Y", "Y座標"),
    "lon": ("経度", "longitude", "lon", "lng", "long", "経度(度)", "X", "X座標"),
    "phone": ("電話番号", "連絡先電話番号", "TEL", "電話", "telephoneNumber"),
    "email": ("メールアドレス", "email", "e-mail"),
    "url": ("URL", "ホームページ", "ウェブサイト", "Webサイト", "referenceObject"),
    "description": ("説明", "概要", "備考", "note"),
    "days": ("利用可能曜日", "診療曜日", "availableDate", "利用曜日", "開館曜日", "営業曜日", "開館日", "営業日",
             "診療日"),
    "opens": ("開始時間", "診療開始時間", "startTime", "開始時刻", "開館時刻", "営業開始時間", "受付開始時間"),
    "closes": ("終了時間", "診療終了時間", "endTime", "終了時刻", "閉館時刻", "営業終了時間", "受付終了時間"),
    "hours": ("利用時間", "開館時間", "営業時間", "受付時間", "診療時間", "開所時間", "開園時間", "利用可能時間",
              "開館時間帯", "営業時間帯", "利用時間帯", "openingHours"),
    "closed": ("定休日", "休館日", "休業日", "休診日", "休所日", "休園日", "閉館日"),
    "hours_note": ("利用可能日時特記事項", "利用可能曜日特記事項", "診療日時特記事項", "availableDateNote"),
    "corporate": ("法人の名称", "団体名"),
    "last_verified": ("更新日", "最終更新日", "調査日", "確認日", "更新年月日"),
}
LIST_FIELDS = frozenset({"description", "address_parts", "id"})  # every matching column (id: the first filled)


@dataclass(frozen=True)
class Layout:
    key: str                         # short id: resource/district ids, types.yaml `layouts`
    title: str                       # what the list is (district name: 「焼津市のAED設置箇所」)
    signature: tuple[str, ...]       # all of these headers present → this layout
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # differences from COMMON
    match_names: bool = True         # may a name guess the category (not for AED: 「○○小学校」)

    def names(self, field_name: str) -> tuple[str, ...]:
        return self.columns.get(field_name, COMMON.get(field_name, ()))


KAIGO = Layout("kaigo", "介護サービス事業所", ("介護サービス事業所名称",),
               {"name": ("介護サービス事業所名称",), "kind": ("実施サービス", "介護サービスの種類"),
                "id": ("ID", "事業所番号", "NO")})
KOHYO = Layout("kaigo", "介護サービス事業所", ("事業所名", "サービスの種類"),
               {"name": ("事業所名",), "kind": ("サービスの種類",), "id": ("事業所番号", "No")})
IRYO = Layout("iryo", "医療機関", ("医療機関の種類",),
              {"kind": ("医療機関の種類",), "id": ("医療機関コード", "NO")})
AED = Layout("aed", "AED設置箇所", ("設置位置",), {"kind": ()}, match_names=False)
KOUKYOU = Layout("koukyou", "公共施設", ("poiコード",), {"kind": ("種別", "分類")})
SEISHIKI = Layout("shisetsu", "施設一覧", ("全国地方公共団体コード", "名称"))
ENGLISH = Layout("shisetsu", "施設一覧", ("name", "address"))
GENERIC = Layout("shisetsu", "施設一覧", ())

FACILITY_LAYOUTS = (KAIGO, KOHYO, IRYO, AED, KOUKYOU, SEISHIKI, ENGLISH, GENERIC)

# A header cell ending like this names the rows (e.g. 「要配慮者利用施設名称」) when no
# listed name is present.
NAME_SUFFIXES = ("名称", "施設名", "事業所名")


def detect(keys: list[str]) -> Layout:
    """The first layout whose signature headers are all present."""
    present = set(keys)
    for layout in FACILITY_LAYOUTS:
        if all(header_key(h) in present for h in layout.signature):
            return layout
    return GENERIC


def name_column(keys: list[str], layout: Layout) -> int | None:
    for name in layout.names("name"):
        if header_key(name) in keys:
            return keys.index(header_key(name))
    for i, key in enumerate(keys):
        if key.endswith(NAME_SUFFIXES) and "カナ" not in key and "ふりがな" not in key and "_" not in key:
            return i
    return None


# The site's own CSV (render/exports.py): identified by two of its own columns.
ATLAS_SIGNATURE = ("地区ID", "位置の精度")

# MHLW 通いの場 national file, 38 columns (formats/README.md §1). Older spellings of the day
# columns are accepted too.
KAYOINOBA: dict[str, tuple[str, ...]] = {
    "no": ("No", "NO", "番号"),
    "prefecture_code": ("都道府県コード",),
    "prefecture": ("都道府県名",),
    "code": ("市区町村コード",),
    "municipality_name": ("市区町村名",),
    "remarks": ("備考",),
    "name": ("名称",),
    "address": ("所在地（都道府県から番地まで）", "所在地", "住所"),
    "building": ("所在地（建物名・部屋番号等）", "建物名"),
    "phone": ("電話番号",),
    "target": ("対象者",),
    "activity": ("活動内容",),
    "weekday_opens": ("運営日（平日）－開始", "平日開始時間"),
    "weekday_closes": ("運営日（平日）－終了", "平日終了時間"),
    "saturday_opens": ("運営日（土曜）－開始", "土曜開始時間"),
    "saturday_closes": ("運営日（土曜）－終了", "土曜終了時間"),
    "sunday_opens": ("運営日（日曜）－開始", "日曜開始時間"),
    "sunday_closes": ("運営日（日曜）－終了", "日曜終了時間"),
    "holiday_opens": ("運営日（祝日）－開始", "祝日開始時間"),
    "holiday_closes": ("運営日（祝日）－終了", "祝日終了時間"),
    "closed": ("定休日",),
    "capacity": ("定員",),
    "fee": ("料金体系",),
    "meal": ("飲食の提供の有無",),
    "bring_food": ("飲食持ち込みの可否",),
    "transport": ("送迎の有無",),
    "area": ("対象エリア",),
    "sogo": ("総合事業実施の有無",),
    "other": ("その他",),
    "has_corporate_number": ("法人番号の有無",),
    "corporate_number": ("法人番号",),
    "corporate": ("法人名称",),
    "status": ("ステータス",),
    "lat": ("緯度",),
    "lon": ("経度",),
}
KAYOINOBA_REQUIRED = ("name", "code")


def columns(keys: list[str], table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """field → column index, for the fields of `table` present in the header."""
    out = {}
    for name, aliases in table.items():
        for alias in aliases:
            key = header_key(alias)
            if key in keys:
                out[name] = keys.index(key)
                break
    return out
