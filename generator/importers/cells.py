"""Reading one cell's value: text kept as written; codes, digits in times and coordinates,
flags and weekdays normalised. Shared by every importer.

Text is never NFKC-normalised (「（架空）」 stays 「（架空）」, ① stays ①): only its ends are
trimmed, line breaks made "\\n" (so is the markup publishers leave in cells: `<br>`,
「（改行）」), HTML entities (`&quot;` `&#12354;`) decoded to the characters they stand for,
and control characters that no page may show (C0/C1 controls other than tab and line
breaks, bidi overrides and isolates) removed — the caller is told, so it can warn.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from ..check.problems import shown
from ..check.rules import JAPAN, distance_km, is_mobile_phone
from ..model import municipalities
from ..model.municipalities import Municipality
from . import dates

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_EDGE = " \t\r\n\u3000"


_BR = re.compile(r"<br\s*/?>|[（(]改行[）)]", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def markup(value: str) -> str:
    """A cell's markup as the text it stands for: entities (only complete ones, ending in 「;」,
    so 「?a=1&para=2」 stays) decoded, then `<br>` `<br/>` `<BR>` 「（改行）」 as line breaks.
    Nothing else is markup: 「<script>」 (written, or as &lt;script&gt;) stays text, which
    every page escapes."""
    if "&" in value:
        value = _ENTITY.sub(lambda m: html.unescape(m.group(0)), value).replace("\xa0", " ")
    return _BR.sub("\n", value) if ("<" in value or "改行" in value) else value


def text(value: str, decode_markup: bool = True) -> tuple[str, bool]:
    """(the text as written, trimmed, with "\\n" line breaks and markup decoded (`markup`);
    whether controls were removed). The site's own CSV is read with `decode_markup=False`:
    it holds text exactly as the atlas had it, so 「&amp;」 there is what someone wrote."""
    if decode_markup:
        value = markup(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    cleaned = _CONTROL.sub("", value)
    return cleaned.replace("\t", " ").strip(_EDGE), len(cleaned) != len(value)


def one_line(value: str) -> str:
    """For names, addresses: line breaks inside become one space."""
    return re.sub(r"[ \u3000]*\n[ \u3000\n]*", " ", value)


def shown_or_none(value: str) -> str:
    """A cell's value for a message: quoted and escaped, or 「（空）」."""
    return shown(value) if (value or "").strip() else "（空）"


def nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


# -- times ----------------------------------------------------------------------------------

_TIME = re.compile(r"^(午前|午後)?(\d{1,2})(?:[:：時](\d{1,2})?分?(?::\d{2})?)?$")


class BadValue(ValueError):
    """A cell that is not empty but cannot be read as the value its column holds."""


def time_of(value: str) -> str | None:
    """"HH:MM" from 10:00, 9:30, １０：００, 10時30分, 10時, 10:00:00, 午後1時; None if empty."""
    t = nfkc(value).replace(" ", "")
    if not t:
        return None
    m = _TIME.match(t)
    if not m:
        raise BadValue(value)
    hour, minute = int(m.group(2)), int(m.group(3) or 0)
    if m.group(1) == "午後" and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise BadValue(value)
    return f"{hour:02d}:{minute:02d}"


# -- flags, numbers -----------------------------------------------------------------------

_YES = {"1", "有", "あり", "有り", "可", "○", "〇", "yes", "true", "はい"}
_NO = {"0", "無", "なし", "無し", "不可", "×", "no", "false", "いいえ"}


def flag(value: str) -> bool | None:
    t = nfkc(value).lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    if not t:
        return None
    raise BadValue(value)


# -- coordinates ----------------------------------------------------------------------------

def point(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """(lat, lon); None when both are empty; BadValue(reason) when they cannot be a point
    in Japan (0,0, swapped, outside, not numbers)."""
    lat_t, lon_t = nfkc(lat_text), nfkc(lon_text)
    if not lat_t and not lon_t:
        return None
    try:
        lat, lon = float(lat_t), float(lon_t)
    except ValueError:
        raise BadValue(f"緯度・経度が数値ではありません（{lat_t!r}, {lon_t!r}）") from None
    if lat != lat or lon != lon or lat in (float("inf"), float("-inf")) or lon in (float("inf"), float("-inf")):
        raise BadValue("緯度・経度が数値ではありません")
    if lat == 0 and lon == 0:
        raise BadValue("緯度・経度が 0,0 です（位置が入っていません）")
    (lat_lo, lat_hi), (lon_lo, lon_hi) = JAPAN["lat"], JAPAN["lon"]
    if lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi:
        return lat, lon
    if lat_lo <= lon <= lat_hi and lon_lo <= lat <= lon_hi:
        raise BadValue(f"緯度と経度が入れ替わっているようです（緯度 {lat}, 経度 {lon}）")
    raise BadValue(f"位置が日本の範囲外です（緯度 {lat}, 経度 {lon}）")


def point_near(lat_text: str, lon_text: str, m: Municipality,
               max_km: float) -> tuple[tuple[float, float] | None, str, str]:
    """(point, code, why): the row's point, or None with the ledger code and reason when it is
    refused: "no-point" (not a point in Japan, cells.point) or "far-point" (farther than max_km
    from the municipality's representative point; the reason then reads 「…離れている」)."""
    try:
        found = point(lat_text, lon_text)
    except BadValue as exc:
        return None, "no-point", str(exc)
    if found is not None and m.lat is not None:
        km = distance_km(found[0], found[1], m.lat, m.lon)
        if km > max_km:
            return None, "far-point", f"位置が {m.full_name} の代表点から {km:.0f} km 離れている"
    return found, "", ""


# -- telephone ------------------------------------------------------------------------------

PHONE = re.compile(r"^[0-9０-９()\-－ ]{6,20}$")  # district.schema.json#/$defs/contact/phone
_PHONE_DASHES = re.compile("[‐‑‒–—―−ー－ｰ]")


def phone_of(value: str) -> tuple[str, str]:
    """(number as the schema accepts it, or "", reason when dropped)."""
    t = _PHONE_DASHES.sub("-", nfkc(value))
    if not t:
        return "", ""
    if is_mobile_phone(t):
        return "", "携帯電話の番号のため"
    if not PHONE.match(t):
        return "", f"電話番号の形ではないため（{t}）"
    return t, ""


# -- municipalities -------------------------------------------------------------------------


def with_check_digit(code5: str) -> str:
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return code5 + str((11 - total % 11) % 10)


@functools.lru_cache(maxsize=4096)
def municipality(code_text: str, prefecture: str = "", name: str = "") -> tuple[Municipality | None, str]:
    """The municipality a row names: by its code (6 digits, 5 digits without the check digit,
    either without the leading zero, a ward of a designated city), checked against the name
    when given. Returns (municipality or None, a note for the user or "")."""
    data = municipalities.load()
    digits = re.sub(r"\D", "", nfkc(code_text))
    name, prefecture = nfkc(name).replace(" ", ""), nfkc(prefecture).replace(" ", "")

    def named(m: Municipality) -> bool:
        return not name or name in (m.name, m.full_name) or name.startswith((m.name, m.full_name))

    candidates: list[str] = []
    if len(digits) == 6:
        candidates.append(digits)
    if len(digits) == 5:
        candidates += [with_check_digit(digits), "0" + digits]
    if len(digits) == 4:
        candidates.append(with_check_digit("0" + digits))
    found = [data[c] for c in dict.fromkeys(candidates) if c in data and data[c].name]
    if len(found) > 1:
        found = [m for m in found if named(m)] or found
    if len(found) == 1:
        m = found[0]
        if name and not named(m):
            return m, f"市区町村コード {digits} は {m.full_name} ですが、市区町村名は「{name}」です（コードを使いました）"
        return m, ""
    # a ward of a designated city (e.g. 札幌市中央区 01101 → 札幌市 011002)
    five = digits.zfill(5) if len(digits) in (4, 5) else digits[:5] if len(digits) == 6 else ""
    city_code = next((c for c in sorted(municipalities.DESIGNATED_CITIES, reverse=True)  # wards: codes just above the city's
                      if five[:2] == c[:2] and 0 < int(five or 0) - int(c) < 30), None)
    if city_code:
        city = data.get(with_check_digit(city_code))
        if city and (not name or name.startswith((city.name, city.full_name))):
            return city, f"区のコード {digits} を {city.full_name} にまとめました"
    by_name = [m for m in municipalities.find_by_name(name) if not prefecture or m.prefecture == prefecture] \
        if name else []
    if len(by_name) == 1:
        m = by_name[0]
        why = f"市区町村コード「{digits}」" if digits else "市区町村コードがないため"
        return m, f"{why}ではなく市区町村名から {m.full_name}（{m.code}）としました"
    return None, ""


# -- ids, lengths ---------------------------------------------------------------------------

def slug(value: str, limit: int = 40) -> str:
    """An id part from a source's number or a file name: a-z, 0-9 and "-" only."""
    return re.sub(r"[^a-z0-9]+", "-", nfkc(value).lower()).strip("-")[:limit].strip("-")


def fit(value: str, limit: int) -> tuple[str, bool]:
    """`value` cut to `limit` characters (the schema's maxLength), ending in 「…」 when cut."""
    if len(value) <= limit:
        return value, False
    return value[: limit - 1] + "…", True


def date_of(value: str) -> str | None:
    """YYYY-MM-DD from a cell that is one date (dates.of_cell: 2026-09-30, 2026/9/30,
    2026年9月30日, 令和8年9月30日, 「令和 08年09月30日」, R8.9.30; an Excel date cell arrives
    as 2026-09-30); None if empty; BadValue if not a real date."""
    if not nfkc(value):
        return None
    found = dates.of_cell(value)
    if found is None:
        raise BadValue(value)
    return found
