"""import-csv: a facility list (介護サービス事業所一覧, 公共施設一覧, AED, 医療機関 in the
推奨データセット or 正式版 layout, MHLW 介護サービス情報公表, English keys, or any list
with a name column) → resources, grouped by municipality.

The layout comes from the header (layouts.py); the category and target states from the
row's service type through the editable table (mapping.py), with a warning for each value
that had to be guessed. Text is kept as written (cells.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from ..model import municipalities
from ..model.municipalities import Municipality
from ..model.privacy import APPROXIMATE_DECIMALS, address_municipality, approximate_address
from . import cells, hours
from .cells import BadValue
from .kept import FIELD, Keeper
from .layouts import COMMON, LIST_FIELDS, Layout, name_column
from .ledger import Ledger
from .mapping import Types
from .output import Project
from .reading import Table, header_key

URL = re.compile(r"^https?://[^\s<>\"']+$")
EMAIL = re.compile(r"^[^\s@<>\"']+@[^\s@<>\"']+$")
LIMITS = {"name": 120, "address": 200, "description": 1000, "text": 200, "notes": 300, "organisation": 120}


PENDING = object()  # read_row: this row's municipality is decided after the others


@dataclass
class Row:
    """A resource read from one row, with the municipality it belongs to."""
    line: int
    municipality: Municipality
    resource: dict


def column_indexes(table: Table, layout: Layout, overrides: dict) -> dict[str, list[int]]:
    """field → the columns holding it (several only for LIST_FIELDS)."""
    out: dict[str, list[int]] = {}
    for field in set(COMMON) | set(layout.columns):
        names = list(overrides.get(field, [])) + list(layout.names(field))
        found = []
        for name in names:
            index = table.column(name)
            if index is not None and index not in found:
                found.append(index)
                if field not in LIST_FIELDS:
                    break
        if found:
            out[field] = found
    name = table.column(*overrides["name"]) if "name" in overrides else None
    name = name if name is not None else name_column(table.keys, layout)
    if name is not None:
        out["name"] = [name]
    # a lone X or Y column is no coordinate (Shapefile exports have both)
    for field, other in (("lat", "lon"), ("lon", "lat")):
        if field in out and other not in out and table.keys[out[field][0]] in ("x", "y", "x座標", "y座標"):
            del out[field]
    return out


class _AddressIndex:
    """The municipalities an address may name (「高松市扇町…」「香川県高松市…」「有田郡広川町…」),
    read by privacy.address_municipality (prefecture, 郡 and municipality from the dataset)."""

    def __init__(self):
        self.by_name: dict[str, list[Municipality]] = {}
        for m in municipalities.load().values():
            if m.name:
                self.by_name.setdefault(m.name, []).append(m)

    def candidates(self, address: str) -> list[Municipality]:
        """Every municipality the start of `address` may be: none when it names none, one or
        (a name several prefectures have, written without its prefecture) several."""
        prefecture, _, city = address_municipality(cells.nfkc(address))
        return [m for m in self.by_name.get(city, []) if not prefecture or m.prefecture == prefecture]

    def find(self, address: str) -> Municipality | None:
        found = self.candidates(address)
        return found[0] if len(found) == 1 else None


@dataclass
class Context:
    project: Project
    types: Types
    layout: Layout
    ledger: Ledger
    as_of: str | None                      # --as-of: every row's last_verified
    municipality: Municipality | None      # --municipality
    defaults: dict                         # the --mapping file's defaults (precision, last_verified)
    id_prefix: str = "r"
    file_date: str = ""                    # a row without a date of its own: the mapping's or the file's date
    defer: bool = True                     # rows of no known municipality wait for the others
    fallback: Municipality | None = None   # …and then belong to the only one the others named
    prefectures: frozenset = frozenset()   # …or to the file's prefecture (that of most rows that are sure)
    sure: Counter = dataclasses.field(default_factory=Counter)  # prefecture → rows whose town the row itself decides
    counts: Counter = dataclasses.field(default_factory=Counter)  # what the notes after the import count
    identity: Identity | None = None       # the row's key for its resource id (set by read)
    keeper: Keeper | None = None           # the columns no field takes (set by read)
    closed_label: str = "定休日"             # the closed-days column's name (休館日, 休診日 …), for the notes


def _text(ctx: Context, line: int, value: str, label: str, limit: int | None = None, single: bool = True) -> str:
    value, removed = cells.text(value)
    if single:
        value = cells.one_line(value)
    if removed:
        ctx.ledger.warn(line, f"{label}の制御文字を取り除きました", code="control-characters")
    if limit:
        value, cut = cells.fit(value, limit)
        if cut:
            ctx.ledger.warn(line, f"{label}が長いため {limit} 文字に切りました", code="too-long")
    return value


def _schedule(ctx: Context, line: int, get) -> dict | None:
    """The row's days, hours, closed days and note → schedule (hours.py); a warning when
    what the row says could not all become rules."""
    published = hours.Published(
        **{f: cells.text(get(f))[0] for f in ("days", "opens", "closes", "hours", "closed")},
        closed_label=ctx.closed_label,
        note=_text(ctx, line, get("hours_note"), "利用日時の特記事項", LIMITS["notes"], single=False))
    schedule, warnings = hours.schedule_of(published, LIMITS["text"], LIMITS["notes"])
    for code, message in warnings:
        ctx.ledger.warn(line, message, code=code)
    return schedule


def _municipality(ctx: Context, line: int, get, has_columns: bool, address: str,
                  address_index: _AddressIndex):
    """The municipality a row belongs to, from the row: its code or municipality name
    column, else the start of its address (a name several prefectures have is decided by
    the prefecture the address names, then by the file's prefecture: that of more than half
    of the rows that are sure); --municipality only for rows that say nothing. PENDING while the others are
    read; None when the row is reported (outside --municipality, or no municipality)."""
    ledger, selected = ctx.ledger, ctx.municipality
    m, note = cells.municipality(get("code"), get("prefecture"), get("municipality_name")) \
        if has_columns else (None, "")
    if note:
        ledger.tally(("municipality", note), line, note, code="municipality")
    found = address_index.candidates(address) if m is None and address else []
    if ctx.defer and (m is not None or len(found) == 1):
        ctx.sure[(m or found[0]).prefecture] += 1
    if m is None and len(found) > 1:
        if selected is not None and selected in found:
            m = selected
        elif ctx.defer:
            return PENDING
        else:
            same = [c for c in found if c.prefecture in ctx.prefectures]
            names = "・".join(c.full_name for c in found)
            if len(same) == 1:
                m = same[0]
                ledger.tally(("file-prefecture", m.code), line, f"住所の「{m.name}」は {names} にあるため、ファイルの"
                             f"ほかの行と同じ{m.prefecture}の {m.full_name}（{m.code}）の行としました",
                             "違うときは住所に都道府県を書いてください", code="municipality")
            else:
                ledger.refuse(line, f"住所の「{found[0].name}」は {names} にあり、どれか決められません",
                              "住所に都道府県を書くか、--municipality で市区町村を指定してください",
                              code="no-municipality")
                return None
    elif m is None and len(found) == 1:
        m = found[0]
        if selected is None or m.code != selected.code:
            ledger.tally(("address-municipality", m.code), line, f"市区町村のコードも名前もないため、住所から "
                         f"{m.full_name}（{m.code}）の行としました", "違うときは --municipality で指定してください",
                         code="municipality")
    if m is None and selected is not None:
        m = selected  # the row says nothing: the town the user named
    if m is None and ctx.fallback is not None:
        m = ctx.fallback
        ledger.tally(("fallback", m.code), line, f"住所から市区町村が分からない行は、ほかの行と同じ {m.full_name}"
                     "の行としました", "違うときは --municipality で指定してください", code="municipality")
    if m is None and ctx.defer:
        return PENDING
    if m is None:
        ledger.refuse(line, f"どの市区町村の行か分かりません（コード {cells.shown_or_none(get('code'))}）",
                      "--municipality で市区町村コードを指定してください", code="no-municipality")
        return None
    if selected is not None and m.code != selected.code:
        ledger.tally(("not-selected", m.code), line, f"{m.full_name}（{m.code}）の行は、--municipality "
                     f"{selected.code}（{selected.full_name}）ではないため取り込みませんでした",
                     "その市区町村は --municipality を付けずに（または --municipality " + m.code + " で）取り込めます",
                     code="not-selected", refuse=True)
        return None
    return m


def _same_text(value: str) -> str:
    """For comparing addresses: NFKC, no spaces (「１Ｆ」 = 「1F」)."""
    return re.sub(r"\s", "", cells.nfkc(value))


def _address(ctx: Context, line: int, address: str, building: str, m: Municipality, named: bool) -> str:
    """The address assembled once: the 方書 (building) appended unless the address already
    holds it (正式版 所在地_連結表記 and many 住所 cells end with it), the prefecture put
    in front when the address starts at its municipality (「有田郡広川町…」「高松市…」), and
    the whole municipality when it starts at the town and the row's code or municipality
    name said which it is. Digits and spaces stay as published."""
    if building and _same_text(building) in _same_text(address):
        ctx.counts["building-in-address"] += 1
        building = ""
    prefecture, gun, city = address_municipality(cells.nfkc(address)) if address else ("", "", "")
    flat = _same_text(address)
    if address and not prefecture and city == m.name and flat.startswith(gun or city):
        address = m.prefecture + address
    elif address and not (prefecture or gun or city) and named and not flat.startswith(m.prefecture) \
            and not flat[:1].isdigit() and not flat.startswith("〒"):
        address = m.full_name + address
    address = " ".join(filter(None, [address, building]))
    address, cut = cells.fit(address, LIMITS["address"])
    if cut:
        ctx.ledger.warn(line, f"住所が長いため {LIMITS['address']} 文字に切りました", code="too-long")
    return address


OFFICE_IDS = frozenset(header_key(h) for h in ("事業所番号", "事業所ID"))  # one office, several services


class Identity:
    """Who a row is, from the publisher's identity, never from the row's position (so the
    same records in any order get the same ids, and the next edition reports real changes):
    the record id (正式版 `ID`, `NO` …, the layout's order), 事業所番号 + the service (an
    office is listed once per service), else the name, address and service, else every
    cell. A key two rows of the file share is not used for either, so the order of the rows
    never decides which gets it; rows equal in every cell are duplicates."""

    def __init__(self, rows: list[tuple[int, list[str]]], keys: list[str], cols: dict[str, list[int]]):
        self.cols, self.keys = cols, keys
        self.shared: set[str] = set()
        seen: set[str] = set()
        for _, row in rows:
            for key in self.keys_of(row)[:2]:
                if key in seen:
                    self.shared.add(key)
                seen.add(key)

    def keys_of(self, row: list[str]) -> tuple[str, str, str]:
        def cell(field: str) -> str:
            return cells.nfkc(row[self.cols[field][0]]) if field in self.cols else ""

        kind = cell("kind")
        record = ""
        for index in self.cols.get("id", []):
            value = cells.slug(row[index])
            if value:
                if self.keys[index] in OFFICE_IDS and kind:
                    value = f"{value}-{_digest(kind)[:6]}"
                record = value
                break
        address = "".join(row[i] for i in self.cols.get("address", self.cols.get("address_parts", [])))
        named = "|".join(re.sub(r"\s", "", cells.nfkc(v)) for v in (cell("name"), address, kind))
        return "id:" + record if record else "", "name:" + _digest(named)[:10], "row:" + _digest("\x1f".join(row))[:10]

    def __call__(self, row: list[str]) -> str:
        """The first key of the row that no other row of the file has (the whole row last)."""
        return next(k for k in self.keys_of(row) if k and (k not in self.shared or k.startswith("row:")))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _resource_id(ctx: Context, key: str) -> str:
    return f"{ctx.id_prefix}-{key.split(':', 1)[1]}"[:64].rstrip("-")


def read_row(ctx: Context, line: int, row: list[str], cols: dict[str, list[int]], address_index: _AddressIndex,
             seen: dict[str, int]) -> Row | None:
    """One row → Row, or None when it is reported instead (the ledger says why)."""
    ledger = ctx.ledger

    def get(field: str) -> str:
        indexes = cols.get(field)
        return row[indexes[0]] if indexes else ""

    def get_all(field: str) -> list[str]:
        return [row[i] for i in cols.get(field, [])]

    name = _text(ctx, line, get("name"), "名称", LIMITS["name"])
    if not name:
        ledger.refuse(line, "名称が空です", code="no-name")
        return None
    address = _text(ctx, line, get("address") or "".join(get_all("address_parts")), "住所")
    has_columns = "code" in cols or "municipality_name" in cols
    m = _municipality(ctx, line, get, has_columns, address, address_index)
    if m is PENDING or m is None:
        return m
    named = has_columns and cells.municipality(get("code"), get("prefecture"), get("municipality_name"))[0] is m
    address = _address(ctx, line, address, _text(ctx, line, get("address2"), "方書"), m, named)
    kind = _text(ctx, line, get("kind"), "種別", single=False)
    found = ctx.types.match(kind, name, ctx.layout.key, ctx.layout.match_names)
    if found.terms is None:
        # what decided the skip: the name (「○○保育園」) or the service type
        shown_kind = f"（名称に「{found.word}」）" if found.how == "name" else \
            f"（種別「{cells.one_line(kind)}」）" if kind else ""
        ledger.refuse(line, found.skip + shown_kind, code="skipped-type")
        return None
    terms = dict(found.terms)
    described = f"{ctx.project.label('categories', terms['category'])}（" + "・".join(
        ctx.project.label("target_states", s) for s in terms["target_states"]) + "）"
    one_kind = cells.one_line(kind)
    if found.how == "name":
        ledger.tally(("name", found.word, one_kind), line,
                     (f"種別「{one_kind}」が対応表になく" if kind else "種別の列がなく")
                     + f"、名称に「{found.word}」があるため「{described}」としました（推測）",
                     "content/import/types.yaml に種別の語を足すと確かになります")
    elif found.how == "default" and not ctx.types.default_is_known(ctx.layout.key):
        ledger.tally(("default", one_kind), line,
                     (f"種別「{one_kind}」は対応表にないため" if kind else "種別が分からないため")
                     + f"「{described}」としました（推測）",
                     "content/import/types.yaml に種別の語を足すと決められます")

    key = ctx.identity(row)
    record = ctx.identity.keys_of(row)[0]
    if record and key != record:
        ledger.tally(("shared-id", record), line, f"番号「{record[3:]}」の行がほかにもあるため、"
                     "名称・住所から id を作りました", "番号が同じ施設のどれかを確かめてください", code="duplicate-id")
    rid = _resource_id(ctx, key)
    if rid in seen:
        ledger.refuse(line, f"{seen[rid]} 行目と同じ内容の行です（重複）", "元の一覧から重なった行を消してください",
                      code="duplicate-row")
        return None
    seen[rid] = line

    resource: dict = {"id": rid, "name": name, **{k: v for k, v in terms.items()}}
    parts = [f"種別：{kind}"] if kind else []   # the service as published; the category is coarser
    parts += [d for d in (_text(ctx, line, v, "説明", single=False) for v in get_all("description")) if d]
    if parts:
        description, cut = cells.fit("\n".join(parts), LIMITS["description"])
        if cut:
            ledger.warn(line, f"説明が長いため {LIMITS['description']} 文字に切りました", code="too-long")
        resource["description"] = description
    schedule = _schedule(ctx, line, get)
    if schedule:
        resource["schedule"] = schedule

    precision = ctx.defaults.get("precision", "exact")
    point, code, why = cells.point_near(get("lat"), get("lon"), m, float(ctx.project.settings.get("max_distance_km", 60)))
    if code == "far-point":
        ledger.warn(line, f"「{name}」の{why}ため、位置なしで取り込みました", code="far-point")
    elif why:
        ledger.warn(line, f"「{name}」: {why}。位置なしで取り込みました", code="no-point")
    if address and precision != "hidden":
        resource["address"] = approximate_address(address) if precision == "approximate" else address
    if point is not None and precision == "approximate":
        point = (round(point[0], APPROXIMATE_DECIMALS), round(point[1], APPROXIMATE_DECIMALS))
    if point is not None or precision == "hidden":
        resource["location"] = {"precision": precision} if precision == "hidden" else \
            {"lat": point[0], "lon": point[1], "precision": precision}
    elif point is None and "lat" in cols and not get("lat").strip():
        ledger.tally(("no-point",), line, "緯度・経度が空の行は、地図に載せずに取り込みました", code="no-point")

    phone, why = cells.phone_of(get("phone"))
    if why:
        ledger.warn(line, f"電話番号 {cells.shown_or_none(get('phone'))} は{why}取り込みませんでした", code="phone")
    email = cells.nfkc(cells.markup(get("email")))
    if email and not EMAIL.match(email):
        ledger.warn(line, f"メールアドレス {cells.shown_or_none(email)} の形ではないため取り込みませんでした",
                    code="email")
        email = ""
    if (phone or email) and precision == "exact":
        organisation = _text(ctx, line, get("corporate"), "法人の名称", LIMITS["organisation"]) or name
        resource["contact"] = {"organisation": organisation}
        if phone:
            resource["contact"]["phone"] = phone
        if email:
            resource["contact"]["email"] = email
    url = cells.nfkc(cells.markup(get("url")))   # 「?a=1&amp;b=2」 as the address it stands for
    if url and URL.match(url):
        resource["url"] = url
    elif url:
        ledger.warn(line, f"URL {cells.shown_or_none(url)} は http/https ではないため取り込みませんでした", code="url")

    verified = _verified(ctx, line, get("last_verified"))
    if verified:  # else unknown: no date rather than the day of the import
        resource["last_verified"] = verified
    if precision == "exact" and ctx.keeper is not None:   # never for a place whose address is hidden
        kept = ctx.keeper.values(row, lambda message, code: ledger.warn(line, message, code=code))
        if kept:
            resource[FIELD] = kept
    return Row(line, m, resource)


def _verified(ctx: Context, line: int, cell: str) -> str:
    """The row's last_verified: --as-of, else the row's date column, else the date of the
    file (the mapping's default, the title, the file name: ctx.file_date), else ""."""
    if ctx.as_of:
        return ctx.as_of
    try:
        found = cells.date_of(cell)
    except BadValue:
        found = None
        ctx.ledger.warn(line, f"更新日{cells.shown_or_none(cell)}は日付ではないため、"
                        + (f"{ctx.file_date} にしました" if ctx.file_date else "最終確認日を不明（空）にしました"),
                        code="date")
    if found:
        ctx.counts["date-column"] += 1
        return found
    return ctx.file_date


def _keeper(table: Table, ctx: Context, cols: dict[str, list[int]], rows: int) -> Keeper:
    """The column ledger's view of the layout: the columns each field reads are mapped;
    address parts are dropped when a whole-address column is read instead (on every row);
    the others are kept (kept.py), or dropped when the places are private."""
    mapped: dict[int, list[str]] = {}
    for name, indexes in sorted(cols.items()):
        for i in indexes:
            mapped.setdefault(i, []).append(name)
    dropped = {}
    if "address" in cols and ctx.ledger.filled[cols["address"][0]] == rows:  # the parts are never read
        address = table.header[cols["address"][0]].strip()
        for i in cols.get("address_parts", []):
            mapped[i].remove("address_parts")
            if not mapped[i]:
                del mapped[i]
                dropped[i] = f"住所の一部です（住所は「{address}」列から取り込みました）"
    precision = ctx.defaults.get("precision", "exact")
    private = "" if precision == "exact" else \
        f"位置を公開しない設定（precision: {precision}）のため載せません（郵便番号なども住所の手がかりになります）"
    return Keeper(ctx.ledger, table.header, {i: ", ".join(f) for i, f in mapped.items()}, dropped, private)


def read(table: Table, ctx: Context, overrides: dict) -> list[Row]:
    cols = column_indexes(table, ctx.layout, overrides)
    if "closed" in cols:
        key = table.keys[cols["closed"][0]]
        ctx.closed_label = next((n for n in (*overrides.get("closed", []), *COMMON["closed"])
                                 if header_key(n) == key), ctx.closed_label)
    address_index = _AddressIndex()
    rows = list(table.rows)  # read twice: the ids need to know which keys rows share
    table.rows = iter(rows)
    ctx.identity = Identity(rows, table.keys, cols)
    ctx.keeper = _keeper(table, ctx, cols, len(rows))
    for _, row in rows:
        ctx.keeper.observe(row)
    seen: dict[str, int] = {}
    out, pending = [], []
    for line, row in table.rows:
        ctx.ledger.row()
        result = read_row(ctx, line, row, cols, address_index, seen)
        if result is PENDING:
            pending.append((line, row))
        elif result is not None:
            ctx.ledger.accept()
            out.append(result)
    # rows whose municipality nothing said (「宗高950-1」): the file's only municipality, if it has one
    found = {r.municipality.code: r.municipality for r in out}
    ctx.defer = False
    ctx.fallback = next(iter(found.values())) if len(found) == 1 and "code" not in cols else None
    # the file's prefecture: that of more than half of the rows whose town is sure
    sure = sum(ctx.sure.values())
    ctx.prefectures = frozenset(p for p, n in ctx.sure.most_common(1) if n * 2 > sure)
    for line, row in pending:
        result = read_row(ctx, line, row, cols, address_index, seen)
        if result is not None:
            ctx.ledger.accept()
            out.append(result)
    out.sort(key=lambda r: r.line)
    ctx.keeper.finish([r.resource for r in out])
    if ctx.keeper.zero_capacity:
        ctx.ledger.notes.append(f"定員が 0 の {ctx.keeper.zero_capacity:,} 行は、定員が書かれていないものとして"
                                "載せていません。")
    if ctx.counts["building-in-address"]:
        ctx.ledger.notes.append(f"方書（建物名）が住所にすでに書かれている {ctx.counts['building-in-address']:,} 行は、"
                                "方書を足していません。")
    _count_points(ctx, out, "lat" in cols and "lon" in cols)
    return out


def _count_points(ctx: Context, rows: list[Row], has_columns: bool) -> None:
    """「位置あり N / M 件」 after every import, and a warning when fewer than half of the
    places got a point (a coordinate column under a spelling nobody told us about, or
    values that are not coordinates), so a list never loses its map without a word."""
    if not rows or ctx.defaults.get("precision") == "hidden":
        return
    located = sum(1 for r in rows if "lat" in r.resource.get("location", {}))
    ctx.ledger.notes.append(f"位置あり {located:,} / {len(rows):,} 件。")
    if located * 2 < len(rows):
        why = "緯度・経度の列が見つかりません" if not has_columns else "緯度・経度を読めた行が半分に届きません"
        ctx.ledger.warn(None, f"地図に載るのは {len(rows):,} 件のうち {located:,} 件だけです（{why}）",
                        "緯度・経度の列（緯度/経度、lat/lon、X/Y）があれば、その列名を content/import/types.yaml の "
                        "columns で指定できます", code="few-points")
