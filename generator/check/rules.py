"""Stage 2b: rules that span records (run after each file passed its schema)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections import Counter

from .. import paths
from ..model import municipalities
from ..model.freshness import months_since, reference_date
from ..model.privacy import approximate_address
from . import suggest
from .load import Document, dotted
from .problems import Problem, shown, visible
from .schema_check import date_fields, date_reason

# Bounding box of Japan's territory (南鳥島 154°E, 沖ノ鳥島 20°N, 与那国島 122.9°E, 択捉島 45.6°N).
JAPAN = {"lat": (20.0, 46.0), "lon": (122.0, 154.0)}

# field in a case → vocabulary; field in a resource → vocabulary
CASE_TERMS = {"themes": "themes", "checkpoints": "checkpoints"}
RESOURCE_TERMS = {
    "category": "categories", "target_states": "target_states", "activity_types": "activity_types",
    "operator_type": "operator_types", "service_type": "service_types",
}
LIST_FIELDS = {"themes", "checkpoints", "target_states", "activity_types", "states"}
FACT_LISTS = ("context", "challenge", "actions", "outcomes", "figures", "stakeholders",
              "timeline", "quotes", "places")
# Dates of something already done or known (checked, reviewed, the time a figure stands for): none
# may be after the reference date. Any other date (a timeline's) may be planned, but not after
# LATEST_DATE, which is always a typo (2206 for 2026).
CHECKED_DATES = ("last_verified", "last_reviewed", "as_of")
LATEST_DATE = dt.date(2100, 12, 31)
_FUTURE_HINTS = {
    "": "実際に確かめた日を書いてください（年・月の打ち間違いはありませんか）",
    "as_of": "推計の数値なら、as_of は推計を公表した時点にして「2040年推計」などは as_of_label に書いてください",
}


def _items(value) -> list[tuple[int, dict]]:
    """(index, item) for the dict items of a list; rules also run on files that failed
    their schema, so they must not assume any shape."""
    return [(i, x) for i, x in enumerate(value)] if isinstance(value, list) else []


def _dict_items(value) -> list[tuple[int, dict]]:
    return [(i, x) for i, x in _items(value) if isinstance(x, dict)]


def _values_at(value, path: tuple, where: tuple):
    """(place, value) of each value at `path` ("*": any item of a list) that the data has."""
    if not path:
        yield where, value
    elif path[0] == "*":
        for i, item in _items(value):
            yield from _values_at(item, path[1:], where + (i,))
    elif isinstance(value, dict) and path[0] in value:
        yield from _values_at(value[path[0]], path[1:], where + (path[0],))


class Rules:
    def __init__(self, vocab_ids: dict[str, dict[str, str] | set[str]], document_ids: set[str], settings: dict):
        self.vocab_ids = vocab_ids
        self.document_ids = document_ids
        self.settings = settings
        self.dataset = municipalities.load()
        self.today = reference_date()
        self.problems: list[Problem] = []

    def add(self, doc: Document, where: tuple, code: str, message: str, hint: str = "",
            severity: str = "error") -> None:
        self.problems.append(Problem(doc.path, doc.line_of(where), dotted(where), code, message,
                                     hint, severity))

    # -- shared checks -------------------------------------------------------
    def file_name_matches_id(self, doc: Document) -> None:
        stem = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str) and doc.data["id"] != stem:
            self.add(doc, ("id",), "id-file-mismatch",
                     f"id「{doc.data.get('id')}」がファイル名「{stem}」と違います",
                     f"id を「{stem}」にするか、ファイル名を id に合わせてください")

    def unfinished(self, doc: Document) -> None:
        """Placeholders left from `python -m generator new-case|new-district`."""
        def walk(value, where):
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, where + (k,))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, where + (i,))
            elif isinstance(value, str) and "要記入" in value:
                self.add(doc, where, "unfinished", "「要記入」が残っています",
                         "ひな形のこの項目を、出典に基づく内容に書き換えてください")
        try:  # most files have none: one pass in C says so (walking 10,000 districts took seconds)
            if "要記入" not in json.dumps(doc.data, ensure_ascii=False):
                return
        except (TypeError, ValueError):
            pass
        walk(doc.data, ())

    def file_name_matches_vocabulary(self, doc: Document) -> None:
        stem = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if doc.data.get("vocabulary") != stem:
            self.add(doc, ("vocabulary",), "vocabulary-file-mismatch",
                     f"vocabulary「{doc.data.get('vocabulary')}」がファイル名「{stem}」と違います",
                     f"vocabulary: {stem} にしてください")
        counts = Counter(t["id"] for t in doc.data["terms"])
        for i, t in enumerate(doc.data["terms"]):
            if counts[t["id"]] > 1:
                self.add(doc, ("terms", i, "id"), "duplicate-id",
                         f"用語 id「{t['id']}」が2回以上あります", "別の id にしてください")

    def unique_ids(self, docs: list[Document], kind: str) -> None:
        seen: dict[str, Document] = {}
        for doc in docs:
            ident = doc.data.get("id") if isinstance(doc.data, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.add(doc, ("id",), "duplicate-id",
                         f"{kind}の id「{ident}」は {seen[ident].path} でも使われています",
                         "別の id にしてください")
            else:
                seen[ident] = doc

    def generated_paths(self, docs_by_kind: dict[str, list[Document]]) -> None:
        """An id whose pages or files would replace a shared page or another record's."""
        by_key = {}
        for kind, docs in docs_by_kind.items():
            for doc in docs:
                ident = doc.data.get("id") if isinstance(doc.data, dict) else None
                if isinstance(ident, str):
                    by_key[(kind, ident)] = doc
        for kind, ident, path, other in paths.collisions(list(by_key)):
            former = paths.former_address(kind, ident, path)
            mine = f"の以前のアドレス {former}（404 ページが今のページへ送ります）" if former else f"で作るファイル {path} "
            self.add(by_key[(kind, ident)], ("id",), "reserved-id",
                     f"id{shown(ident)}{mine}は、{other}と同じ場所になります",
                     "別の id にしてください（ファイル名も合わせて変えます）" + (
                         "。以前のアドレスは、印刷物やブックマークの古いリンクのために残しています"
                         if former or "以前のアドレス" in other else ""))  # (collisions names the other's side so)

    def term(self, doc: Document, where: tuple, vocab: str, value: str) -> None:
        """`value` must be an id of the vocabulary; a Japanese label or a near spelling gets
        the id it names as the hint (「認知症」は id「dementia」のことではありませんか)."""
        known = self.vocab_ids.get(vocab, {})  # id → label (or only the ids: then no label hints)
        if value not in known:
            labels = dict(sorted(known.items())) if isinstance(known, dict) else dict.fromkeys(sorted(known), "")
            self.add(doc, where, "unknown-term",
                     f"「{value}」は content/vocabularies/{vocab}.yaml にない用語です。"
                     f"使える値: {', '.join(labels)}",
                     suggest.hint(value, labels)
                     or "新しい用語が必要なら、先に用語集のファイルに追加してください")

    def terms(self, doc: Document, base: tuple, item: dict, table: dict[str, str]) -> None:
        for field, vocab in table.items():
            value = item.get(field)
            if isinstance(value, list):
                for i, v in enumerate(value):
                    if isinstance(v, str):
                        self.term(doc, base + (field, i), vocab, v)
            elif isinstance(value, str) and field not in LIST_FIELDS:
                self.term(doc, base + (field,), vocab, value)

    def municipality(self, doc: Document, where: tuple, m) -> dict | None:
        if not isinstance(m, dict) or not isinstance(m.get("code"), str):
            return None
        code = m["code"]
        known = self.dataset.get(code)
        if known is None or not known.name:
            by_name = municipalities.find_by_name(str(m.get("name", "")))
            hint = (f"{by_name[0].full_name} のコードは \"{by_name[0].code}\" です" if len(by_name) == 1
                    else "総務省の全国地方公共団体コード（6桁、検査数字つき）を確かめてください")
            if len(code) == 6 and not municipalities.check_digit_ok(code):
                hint = "6桁目の検査数字が合いません。" + hint
            self.add(doc, where + ("code",), "unknown-municipality",
                     f"市区町村コード「{code}」は全国地方公共団体コードにありません", hint)
            return None
        if (m.get("prefecture"), m.get("name")) != (known.prefecture, known.name):
            self.add(doc, where + ("name",), "municipality-name-mismatch",
                     f"コード {code} は {known.prefecture}{known.name} ですが、"
                     f"{m.get('prefecture')}{m.get('name')} と書かれています",
                     f"prefecture: {known.prefecture}、name: {known.name} にしてください（またはコードを直す）")
        return m

    def location(self, doc: Document, where: tuple, loc, code: str | None) -> None:
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
            self.add(doc, where + ("lat",), "swapped-coordinates" if swapped else "outside-japan",
                     f"位置 lat={lat}, lon={lon} は日本の範囲外です"
                     + ("（緯度と経度が入れ替わっているようです）" if swapped else ""),
                     f"lat: {lon}、lon: {lat} と入れ替えてください" if swapped
                     else "lat は 20〜46、lon は 122〜154 の範囲です。地理院地図で位置を確かめてください")
            return
        m = self.dataset.get(code or "")
        limit = float(self.settings.get("max_distance_km", 60))
        if m and m.lat is not None:
            km = distance_km(lat, lon, m.lat, m.lon)
            if km > limit:
                self.add(doc, where + ("lat",), "far-from-municipality",
                         f"位置が {m.full_name} の代表点から {km:.0f} km 離れています（上限 {limit:.0f} km）",
                         "市区町村コードか緯度・経度の誤りではありませんか")

    # -- per kind ------------------------------------------------------------
    def case(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        self.unfinished(doc)
        self.file_name_matches_id(doc)
        self.future_dates(doc, "case")
        self.terms(doc, (), data, CASE_TERMS)
        for i, m in _items(data.get("municipalities")):
            self.municipality(doc, ("municipalities", i), m)
        sources = _dict_items(data.get("sources"))
        source_ids = Counter(s.get("id") for _, s in sources)
        for i, s in sources:
            if source_ids[s.get("id")] > 1:
                self.add(doc, ("sources", i, "id"), "duplicate-source-id",
                         f"出典 id「{s.get('id')}」が2回以上あります", "出典ごとに別の id にしてください")
            self.source_ref(doc, ("sources", i), s)
        used = set()
        first = (_dict_items(data.get("municipalities")) or [(0, {})])[0][1]
        code = first.get("code")
        for list_name in FACT_LISTS:
            for i, item in _dict_items(data.get(list_name)):
                ref = item.get("source")
                used.add(ref)
                if isinstance(ref, str) and ref not in source_ids:
                    self.add(doc, (list_name, i, "source"), "unknown-source",
                             f"出典「{ref}」が sources にありません",
                             f"sources の id（{', '.join(map(str, source_ids)) or 'なし'}）から選んでください")
                if list_name == "places" and "location" in item:
                    self.location(doc, (list_name, i, "location"), item["location"], code)
        for i, s in sources:
            if s.get("id") not in used:
                self.add(doc, ("sources", i, "id"), "unused-source",
                         f"出典「{s.get('id')}」はどの記述からも参照されていません",
                         "使わない出典は消すか、記述の source に指定してください", "warning")

    def district(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        self.unfinished(doc)
        self.file_name_matches_id(doc)
        self.future_dates(doc, "district")
        if isinstance(data.get("layer"), str):
            self.term(doc, ("layer",), "layers", data["layer"])
        m = self.municipality(doc, ("municipality",), data.get("municipality"))
        code = m["code"] if m else None
        if isinstance(data.get("maintainer_contact"), dict):
            organisation_contact(self, doc, ("maintainer_contact",), data["maintainer_contact"])
        first_line: dict[str, int] = {}
        undated: list[tuple] = []
        for i, r in _dict_items(data.get("resources")):
            base = ("resources", i)
            if "last_verified" not in r:
                undated.append((base, r))
            rid = r.get("id")
            if isinstance(rid, str) and rid in first_line:
                self.add(doc, base + ("id",), "duplicate-id",
                         f"資源の id「{rid}」はこの地区の {first_line[rid]} 行目でも使われています",
                         "別の id にしてください")
            elif isinstance(rid, str):
                first_line[rid] = doc.line_of(base + ("id",))
            self.terms(doc, base, r, RESOURCE_TERMS)
            if isinstance(r.get("contact"), dict):
                organisation_contact(self, doc, base + ("contact",), r["contact"])
            if "location" in r:
                self.location(doc, base + ("location",), r["location"], code)
            self.address_privacy(doc, base, r)
            self.freshness(doc, base, r)
        self.undated(doc, undated)

    def undated(self, doc: Document, undated: list[tuple]) -> None:
        """Resources without last_verified (allowed: the date is unknown, and the site says
        「確認日不明」): one warning for the file, at the first of them."""
        if undated:
            base, first = undated[0]
            self.add(doc, base, "no-date",
                     f"最終確認日（last_verified）のない資源が {len(undated)} 件あります（最初は"
                     f"{shown(first.get('name', ''))}）。サイトには「確認日不明」と表示します",
                     "情報を確かめた日を last_verified に書いてください（取り込んだ一覧なら、一覧の日付を "
                     "--as-of で指定して取り込み直せます）", "warning")

    def freshness(self, doc: Document, base: tuple, resource: dict) -> None:
        """A resource not checked for `stale_after_months` is a warning (it does not stop the build)."""
        verified = resource.get("last_verified")
        try:
            age = months_since(verified, self.today)
        except (TypeError, ValueError):
            return  # not a date: the schema has reported it
        limit = int(self.settings.get("stale_after_months", 12))
        if age >= limit:
            self.add(doc, base + ("last_verified",), "stale",
                     f"{shown(resource.get('name', ''))}の情報は確認から {age} か月たっています（{verified} 確認、"
                     f"目安は {limit} か月）",
                     "情報を確かめて last_verified を確認した日に更新してください", "warning")

    def future_dates(self, doc: Document, kind: str) -> None:
        """Each date of the file (schema_check.date_fields) that has not come yet is a warning:
        a checked date (CHECKED_DATES) after the reference date, any date after LATEST_DATE.
        "After" leaves one day: the reference date is a UTC date (freshness.reference_date),
        and a date written in Japan before 9:00 is already the next day there. A partial date
        (2027, 2027-01) is after a day when its first day is."""
        tomorrow = self.today + dt.timedelta(days=1)
        for path, partial in date_fields(kind):
            for where, value in _values_at(doc.data, path, ()):
                if not isinstance(value, str) or date_reason(value, partial) is not None:
                    continue  # not a date: the schema has reported it
                first = dt.date(*([int(part) for part in value.split("-")] + [1, 1])[:3])
                if first > LATEST_DATE:
                    self.add(doc, where, "future-date", f"{value} は {LATEST_DATE.year} 年より後の日付です",
                             "年の打ち間違いではありませんか（例: 2206 → 2026）", "warning")
                elif where[-1] in CHECKED_DATES and first > tomorrow:
                    self.add(doc, where, "future-date",
                             f"{value} は未来の日付です（基準日 {self.today.isoformat()} より後）",
                             _FUTURE_HINTS.get(where[-1], _FUTURE_HINTS[""]), "warning")

    def address_privacy(self, doc: Document, base: tuple, resource: dict) -> None:
        """The address says no more than the location's precision allows (privacy.py), and a
        place whose address is hidden carries no 「元の一覧の項目」 (a 郵便番号 or a 方書 there
        would say what the address does not)."""
        location, address = resource.get("location"), resource.get("address")
        precision = location.get("precision") if isinstance(location, dict) else None
        if precision in ("approximate", "hidden") and isinstance(resource.get("source_fields"), list) \
                and resource["source_fields"]:
            self.add(doc, base + ("source_fields",), "private-source-fields",
                     f"位置・住所を公開しない資源（precision: {precision}）には元の一覧の項目を書きません"
                     "（郵便番号や建物名が住所の手がかりになるため）", "source_fields を消してください")
        if not isinstance(address, str) or not address.strip():
            return
        cut = approximate_address(address)  # "" when nothing of it may be shown (「山田様方」)
        if precision == "hidden":
            self.add(doc, base + ("address",), "private-address",
                     "位置を公開しない資源（precision: hidden）には住所を書きません（個人宅の住所を守るため）",
                     "address を消してください。おおよその場所を示すなら precision: approximate にして、"
                     + (f'住所を町丁目まで（address: "{visible(cut)}"）にします' if cut else "住所を町丁目までにします"))
        elif precision == "approximate" and cut != address.strip():
            self.add(doc, base + ("address",), "private-address",
                     f"おおよその位置（precision: approximate）の資源の住所は町丁目までです: {shown(address)}",
                     (f'address: "{visible(cut)}" にしてください' if cut else "address を消してください")
                     + "（番地・建物名・「様方」・家や建物の名前は書きません）。公共の施設なら precision: exact にできます")


    def source_ref(self, doc: Document, where: tuple, source) -> None:
        if isinstance(source, dict) and isinstance(source.get("document"), str) \
                and source["document"] not in self.document_ids:
            self.add(doc, where + ("document",), "unknown-document",
                     f"資料「{source['document']}」は content/documents.yaml にありません",
                     f"使える資料: {', '.join(sorted(self.document_ids))}")

    def worksheet(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        self.file_name_matches_id(doc)
        self.future_dates(doc, "worksheet")
        self.source_ref(doc, ("source",), data.get("source"))
        for i, e in _dict_items(data.get("entries")):
            self.terms(doc, ("entries", i), e, {"category": "categories", "states": "target_states"})

    def checksheet(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        self.file_name_matches_id(doc)
        self.future_dates(doc, "checksheet")
        self.source_ref(doc, ("source",), data.get("source"))
        seen: dict[str, int] = {}
        for i, section in _dict_items(data.get("sections")):
            base = ("sections", i)
            self.source_ref(doc, base + ("source",), section.get("source"))
            if isinstance(section.get("checkpoint"), str):
                self.term(doc, base + ("checkpoint",), "checkpoints", section["checkpoint"])
            for key, where in [(section.get("id"), base + ("id",))] + [
                    (item.get("id"), base + ("items", j, "id")) for j, item in _dict_items(section.get("items"))]:
                if not isinstance(key, str):
                    continue
                if key in seen:
                    self.add(doc, where, "duplicate-id",
                             f"id「{key}」はこのシートの {seen[key]} 行目でも使われています",
                             "シートの中で一意な id にしてください（チェックの保存に使います）")
                else:
                    seen[key] = doc.line_of(where)
            for j, item in _dict_items(section.get("items")):
                self.source_ref(doc, base + ("items", j, "source"), item.get("source"))
            for j, ex in _dict_items(section.get("examples")):
                self.source_ref(doc, base + ("examples", j, "source"), ex.get("source"))

    def statistics(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        for i, d in _dict_items(data.get("datasets")):
            self.source_ref(doc, ("datasets", i, "source"), d.get("source"))


# Contact details that are almost always a person's own, not an organisation's window.
PERSONAL_MAIL_DOMAINS = ("gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "ymail.ne.jp", "ymail.com",
                         "icloud.com", "me.com", "mac.com", "outlook.jp", "outlook.com", "hotmail.com",
                         "hotmail.co.jp", "live.jp", "live.com", "msn.com", "aol.com", "proton.me", "protonmail.com",
                         "ybb.ne.jp", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp",
                         "disney.ne.jp")
# 携帯電話・PHS（070/080/090）、FMC（060）、M2M・ポケベル（020）
MOBILE_PREFIXES = ("020", "060", "070", "080", "090")


def phone_digits(phone: str) -> str:
    """The number as a domestic string of digits: full-width folded, separators dropped,
    +81 / 0081 / (81) written as the leading 0."""
    digits = re.sub(r"[^0-9+]", "", unicodedata.normalize("NFKC", phone))
    digits = re.sub(r"^(?:\+|00)81", "0", digits)
    return digits.lstrip("+")


def mail_domain(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().lower().rsplit("@", 1)[-1].rstrip(".")


def is_personal_mail(email: str) -> bool:
    domain = mail_domain(email)
    return any(domain == d or domain.endswith("." + d) for d in PERSONAL_MAIL_DOMAINS)


def is_mobile_phone(phone: str) -> bool:
    return phone_digits(phone).startswith(MOBILE_PREFIXES)


def organisation_contact(rules: Rules, doc: Document, where: tuple, contact: dict) -> None:
    """Refuse contact details that are almost certainly a private person's."""
    email, phone = contact.get("email"), contact.get("phone")
    if isinstance(email, str) and is_personal_mail(email):
        rules.add(doc, where + ("email",), "personal-contact",
                  f"{shown(email)}は個人のメールアドレスのようです。連絡先は組織の窓口だけを載せます",
                  "団体・施設・行政の窓口のアドレスにするか、email を消してください")
    if isinstance(phone, str) and is_mobile_phone(phone):
        rules.add(doc, where + ("phone",), "personal-contact",
                  f"{shown(phone)}は携帯電話の番号です。個人の番号は載せません",
                  "団体・施設・行政の窓口の番号にするか、phone を消してください")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
