"""import-csv: a facility list (介護サービス事業所一覧, 公共施設一覧, AED, 医療機関 in the
推奨データセット or 正式版 layout, MHLW 介護サービス情報公表, English keys, or any list
with a name column) → resources, grouped by municipality.

The layout comes from the header (layouts.py); the category and target states from the
row's service type through the editable table (mapping.py), with a warning for each value
that had to be guessed. Text is kept as written (cells.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .. import municipalities
from ..municipalities import Municipality
from ..privacy import APPROXIMATE_DECIMALS, approximate_address
from . import cells, hours
from .cells import BadValue
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
    return out


class _AddressIndex:
    """Municipality from the start of an address (「高松市扇町…」「香川県高松市…」)."""

    def __init__(self):
        data = [m for m in municipalities.load().values() if m.name]
        self.prefectures = sorted({m.prefecture for m in data}, key=len, reverse=True)
        self.by_name: dict[str, list[Municipality]] = {}
        for m in data:
            self.by_name.setdefault(m.name, []).append(m)
            self.by_name.setdefault(m.full_name, []).append(m)

    def find(self, address: str) -> Municipality | None:
        text = cells.nfkc(address).replace(" ", "")
        prefecture = next((p for p in self.prefectures if text.startswith(p)), "")
        rest = text[len(prefecture):]
        rest = re.sub(r"^[^市区町村]{1,5}郡", "", rest)
        for length in range(min(len(rest), 10), 1, -1):
            found = self.by_name.get(rest[:length], [])
            if prefecture:
                found = [m for m in found if m.prefecture == prefecture]
            if len(found) == 1:
                return found[0]
        return None


@dataclass
class Context:
    project: Project
    types: Types
    layout: Layout
    ledger: Ledger
    as_of: str
    municipality: Municipality | None      # --municipality
    defaults: dict                         # the --mapping file's defaults (precision, last_verified)
    id_prefix: str = "r"
    defer: bool = True                     # rows of no known municipality wait for the others
    fallback: Municipality | None = None   # …and then belong to the only one the others named
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


def read_row(ctx: Context, line: int, row: list[str], cols: dict[str, list[int]], address_index: _AddressIndex,
             seen: dict[tuple[str, str], int]) -> Row | None:
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
    address = _text(ctx, line, " ".join(filter(None, [get("address") or "".join(get_all("address_parts")),
                                                       get("address2")])), "住所", LIMITS["address"])
    # municipality: the row's code or name, else --municipality, else the address
    m, note = (cells.municipality(get("code"), get("prefecture"), get("municipality_name"))
               if ("code" in cols or "municipality_name" in cols) else (None, ""))
    if note:
        ledger.tally(("municipality", note), line, note, code="municipality")
    if m is None and ctx.municipality is not None:
        m = ctx.municipality
    elif m is None and address:
        m = address_index.find(address)
        if m is not None:
            ledger.tally(("address-municipality", m.code), line, f"市区町村のコードも名前もないため、住所から {m.full_name}"
                         f"（{m.code}）の行としました", "違うときは --municipality で指定してください",
                         code="municipality")
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
    if ctx.municipality is not None and m.code != ctx.municipality.code:
        ledger.tally(("not-selected",), line, f"--municipality {ctx.municipality.code} 以外の市区町村の行は"
                     "取り込みませんでした", code="not-selected", refuse=True)
        return None

    kind = _text(ctx, line, get("kind"), "種別", single=False)
    found = ctx.types.match(kind, name, ctx.layout.key, ctx.layout.match_names)
    if found.terms is None:
        shown_kind = f"（種別「{cells.one_line(kind)}」）" if kind else f"（名称に「{found.word}」）"
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

    source_id = next((s for s in map(cells.slug, get_all("id")) if s), "")
    key = source_id or hashlib.sha1(f"{name}|{address}".encode()).hexdigest()[:10]
    rid = f"{ctx.id_prefix}-{key}"[:64].rstrip("-")
    count = seen.get((m.code, rid), 0) + 1
    seen[(m.code, rid)] = count
    if count > 1:
        ledger.warn(line, f"id「{rid}」がほかの行と重なるため「{rid}-{count}」にしました", code="duplicate-id")
        rid = f"{rid}-{count}"

    resource: dict = {"id": rid, "name": name, **{k: v for k, v in terms.items()}}
    parts = [f"種別：{kind}"] if kind else []   # the service as published; the category is coarser
    parts += [d for d in (_text(ctx, line, v, "説明", single=False) for v in get_all("description")) if d]
    for label, header in ctx.layout.extras:
        value = _text(ctx, line, get_extra(row, cols, header), label, single=False)
        if value:
            parts.append(f"{label}：{value}")
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

    verified = ctx.as_of
    try:
        verified = cells.date_of(get("last_verified")) or ctx.defaults.get("last_verified") or ctx.as_of
    except BadValue:
        ledger.warn(line, f"更新日 {cells.shown_or_none(get('last_verified'))} は日付ではないため、"
                    f"{ctx.as_of} にしました", code="date")
    resource["last_verified"] = verified
    return Row(line, m, resource)


def get_extra(row: list[str], cols: dict[str, list[int]], header: str) -> str:
    index = cols.get(f"extra:{header}")
    return row[index[0]] if index else ""


def read(table: Table, ctx: Context, overrides: dict) -> list[Row]:
    cols = column_indexes(table, ctx.layout, overrides)
    for _, header in ctx.layout.extras:
        index = table.column(header)
        if index is not None:
            cols[f"extra:{header}"] = [index]
    if "closed" in cols:
        key = table.keys[cols["closed"][0]]
        ctx.closed_label = next((n for n in (*overrides.get("closed", []), *COMMON["closed"])
                                 if header_key(n) == key), ctx.closed_label)
    address_index = _AddressIndex()
    seen: dict[tuple[str, str], int] = {}
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
    for line, row in pending:
        result = read_row(ctx, line, row, cols, address_index, seen)
        if result is not None:
            ctx.ledger.accept()
            out.append(result)
    out.sort(key=lambda r: r.line)
    return out
