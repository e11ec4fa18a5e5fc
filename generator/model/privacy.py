"""What of a place may be published. The model is built through here (build_model.py),
so no renderer, download, index or PDF ever holds more than this allows.

| precision     | point on maps and in data         | address                          |
|---------------|-----------------------------------|----------------------------------|
| `exact`       | as written                        | as written                       |
| `approximate` | rounded to 0.01° (about 1 km)     | 町丁目 at most (no 番地・号・建物) |
| `hidden`      | none                              | none                             |

Validation (check/rules/privacy.py) refuses an address that says more than this, with the allowed
form as the hint; the model applies the same functions again, so a rule missed by
mistake still cannot leak a home. The editor (editor-core.js) runs a port of
approximate_address on the tables editor_privacy() gives it.

Addresses are cut by reading them, not by spotting one spelling of a lot number: the
prefecture, 郡, municipality and ward of a designated city are recognised from the
municipality dataset; the town part after them is read character by character by Unicode
class (a number is a number in any script: 9, ９, 𝟗, ⑨, Ⅸ, 九), and it ends at the first
lot number, space, bracket or punctuation, or right after its 丁目. A kanji numeral is part
of the town's name when a name goes on after it (三番町, 一の宮, 十日町, 北一条西) and a
lot number otherwise (九ー九, 百二十三番地, 三番五号). When what is left may name a home
or a building (「田中宅」「様方」「ハイツ」, Latin letters), the cut is not sure, and only
the municipality is published.

Residents' places (residents_place): a place is taken for a corporation's only on positive
evidence — a 法人番号 whose check digit holds, or a 法人名称 that says something — and a
place is a residents' (private) otherwise.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from . import municipalities
from .model import Location

# `approximate` locations are rounded to this many decimal degrees: 0.01° is about
# 1.1 km north–south and 0.9 km east–west in Japan.
APPROXIMATE_DECIMALS = 2
APPROXIMATE_LABEL = "おおよその位置（約1km単位に丸めています）"

# ------------------------------------------------------------------ characters

KANJI_NUMERALS = "〇一二三四五六七八九十百千万壱弐参拾廿卅"
MINUS_SIGNS = "\u2212\u2796\u207b\u208b"  # dashes by use, not Unicode Pd
LONG_MARKS = "ーｰ"  # a letter in 「ハイツ」, a dash after a number (「九ー九」)


_KIND_OF_CATEGORY = {"Nd": "n", "Nl": "n", "No": "n", "Pd": "d", "Ps": "o", "Pe": "c",
                     **dict.fromkeys(("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me"), "l")}


def _kind(ch: str) -> str:
    if ch in KANJI_NUMERALS:
        return "k"
    if ch in MINUS_SIGNS:
        return "d"
    return _KIND_OF_CATEGORY.get(unicodedata.category(ch), "s")


@functools.lru_cache(maxsize=65536)
def char_kind(ch: str) -> str:
    """How the address reader sees a character: "n" a number (Unicode Nd, Nl, No: 9 ９ 𝟗 ⑨
    Ⅸ ㊈), "k" a kanji numeral (a number or a letter of a name: the characters after it
    decide), "l" a letter or mark of a name (L*, M*), "d" a dash (Pd, minus signs), "o"/"c"
    an opening/closing bracket (Ps/Pe), "s" anything else (spaces, punctuation, symbols)."""
    return _kind(ch)


@functools.lru_cache(maxsize=1)
def kind_ranges() -> list[list]:
    """[first, last, kind] over every code point whose char_kind is not "s", for the port in
    editor-core.js (ES5 has no Unicode classes). Planes 4–13 are unassigned and 15–16
    private use, so their kind is "s" (tests/test_privacy.py checks it)."""
    out: list[list] = []
    for cp in itertools.chain(range(0x40000), range(0xE0000, 0xF0000)):
        kind = _kind(chr(cp))
        if out and out[-1][2] == kind and out[-1][1] == cp - 1:
            out[-1][1] = cp
        elif kind != "s":
            out.append([cp, cp, kind])
    return out


_SPACE = re.compile(r"\s")
# Words that may name a home or a building: when the town part holds one, the cut is not sure.
PRIVATE_WORDS = ("様", "邸", "アパート", "ハイツ", "マンション", "コーポ", "ビル", "荘", "メゾン", "ハイム", "レジデンス",
                 "ハウス", "ヴィラ", "パレス", "コート", "テラス", "タワー", "寮", "号室")
PRIVATE_ENDINGS = ("方", "宅")  # 「田中方」「田中宅」 (so 「平方」「三宅」 show their municipality only)
LATIN = re.compile("[A-Za-zＡ-Ｚａ-ｚ]")  # building names (「サニーハイツB」); no town is spelled so
AFTER_NUMBER = "のノ之第"  # 「永田町の1」「第3」: dropped with the number they lead to


# ------------------------------------------------------------------ the municipality part


@functools.lru_cache(maxsize=1)
def place_names() -> dict:
    """Prefectures (longest first), municipality names by prefecture ("" = all, longest
    first) and the designated cities (whose wards follow their name)."""
    data = [m for m in municipalities.load().values() if m.name]
    names: dict[str, set[str]] = {"": set()}
    for m in data:
        names.setdefault(m.prefecture, set()).add(m.name)
        names[""].add(m.name)
    return {
        "prefectures": sorted({m.prefecture for m in data}, key=lambda p: (-len(p), p)),
        "names": {p: sorted(n, key=lambda x: (-len(x), x)) for p, n in names.items()},
        "designated": sorted(m.name for m in data if m.code[:5] in municipalities.DESIGNATED_CITIES),
    }


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, dict[str, list[str]]]:
    """place_names()'s names by prefecture and first character, longest first; the
    prefectures themselves under None."""
    places = place_names()
    out: dict = {None: {}}
    for prefecture in places["prefectures"]:
        out[None].setdefault(prefecture[0], []).append(prefecture)
    for pref, names in places["names"].items():
        for name in names:
            out.setdefault(pref, {}).setdefault(name[0], []).append(name)
    return out


def _spaces(text: str, i: int) -> int:
    while i < len(text) and _SPACE.match(text[i]):
        i += 1
    return i


def _run(text: str, i: int, kinds: str) -> int:
    while i < len(text) and char_kind(text[i]) in kinds:
        i += 1
    return i


def _postcode_end(text: str, i: int) -> int:
    """After a leading 〒 and postcode (「〒100-0001」「１００－０００１」「1000001」)."""
    if text.startswith("〒", i):
        i = _spaces(text, i + 1)
    first = _run(text, i, "n")
    if first - i == 7:
        return _spaces(text, first)
    if first - i != 3:
        return i
    j = _spaces(text, first)
    if j < len(text) and (char_kind(text[j]) == "d" or text[j] in LONG_MARKS):
        j = _spaces(text, j + 1)
    second = _run(text, j, "n")
    return _spaces(text, second) if second - j == 4 else i


def _longest(text: str, i: int, prefecture: str | None) -> str:
    """The longest municipality name (of `prefecture`; None: the longest prefecture name)
    at text[i]."""
    for name in _name_index().get(prefecture, {}).get(text[i:i + 1], ()):
        if text.startswith(name, i):
            return name
    return ""


def _named(text: str, i: int, j: int) -> bool:
    """text[i:j] is a name (letters, kanji numerals: 「虻田」「八幡西」)."""
    return j > i and all(char_kind(c) in "lk" for c in text[i:j])


def _municipality_parts(text: str, i: int) -> tuple[str, str, str, int]:
    """(prefecture, 郡, municipality name, where the text after them begins) at text[i],
    each as the dataset spells it ("" when the text does not name one)."""
    prefecture = _longest(text, i, None)
    i = _spaces(text, i + len(prefecture))
    gun, city = "", _longest(text, i, prefecture)
    if not city:  # 「虻田郡ニセコ町」: a 郡 is taken only with a municipality after it
        end = next((j for j in range(i + 1, min(i + 7, len(text))) if text[j] == "郡"), None)
        if end is not None and _named(text, i, end):
            after = _spaces(text, end + 1)
            city = _longest(text, after, prefecture)
            if city:
                gun, i = text[i:end + 1], after
    return prefecture, gun, city, i


def address_municipality(address: str) -> tuple[str, str, str]:
    """(prefecture, 郡, municipality name) an address begins with (after a postcode), as
    the municipality dataset spells them, "" for each it does not name: 「有田郡広川町広1」
    → ("", "有田郡", "広川町"). The importers decide a row's municipality from it; several
    municipalities may share the name (日高町: 北海道 and 和歌山県)."""
    text = (address or "").strip()
    prefecture, gun, city, _ = _municipality_parts(text, _postcode_end(text, 0))
    return prefecture, gun, city


def _municipality_end(text: str, i: int) -> int:
    """Where the town part begins: after a leading bracket (「（架空）」), the prefecture,
    a 郡, the municipality and a designated city's ward, each as found in the dataset."""
    if i < len(text) and char_kind(text[i]) == "o":
        close = next((j for j in range(i + 1, len(text)) if char_kind(text[j]) == "c"), None)
        if close is not None and not _may_name_a_home(text[i + 1:close]):  # not 「（田中宅）高松市…」
            i = _spaces(text, close + 1)
    _, _, city, i = _municipality_parts(text, i)
    if not city:
        return i
    i = _spaces(text, i + len(city))
    if city in place_names()["designated"]:
        for k in range(1, 5):
            if i + k < len(text) and text[i + k] == "区" and _named(text, i, i + k) and "区" not in text[i:i + k]:
                return _spaces(text, i + k + 1)
    return i


# ------------------------------------------------------------------ the town part


def _town_end(text: str, i: int) -> tuple[int, str]:
    """(where the publishable town part ends, why): "chome" right after its 丁目 (or 堺's
    「東1丁」, 岩手's 「第1地割」), "number" at a lot number, "stop" at a space, bracket,
    punctuation or dash, "end" at the end of the text."""
    n = len(text)
    while i < n:
        kind = char_kind(text[i])
        if kind == "l":
            i += 1
            continue
        if kind not in "nk":
            return i, "stop"
        j = _run(text, i, "nk")
        kanji = all(char_kind(c) == "k" for c in text[i:j])
        nxt, after = text[j:j + 1], text[j + 1:j + 2]
        if text.startswith(("丁目", "地割"), j):
            return j + 2, "chome"
        if nxt == "丁" and (not after or char_kind(after) != "l"):  # 「東1丁」, but 「八丁堀」 is a name
            return j + 1, "chome"
        if text.startswith(("番町", "番丁"), j):  # 三番町, 北二番丁
            i = j + 2
            continue
        if kanji and nxt == "番":  # 麻布十番一丁目: a 番 followed by the 丁目 is the town's
            k = _run(text, j + 1, "nk")
            if k > j + 1 and text.startswith("丁目", k):
                i = j + 1
                continue
            return i, "number"
        if not kanji and nxt in ("条", "線"):  # 北1条西, 東2線
            i = j + 1
            continue
        if kanji and nxt and nxt in "のノ之":  # 一の宮 (a name), 九の九 (a lot)
            if after and char_kind(after) == "l":
                i = j + 2
                continue
            return i, "number"
        if kanji and nxt and char_kind(nxt) == "l" and nxt not in "号" + LONG_MARKS:  # 十日町, 五反田, 北一条西
            i = j
            continue
        return i, "number"  # 番地, 番, 号, a dash, a space or the end after a number
    return n, "end"


def _may_name_a_home(town: str) -> bool:
    """Whether the part kept may name a home or a building (PRIVATE_WORDS anywhere,
    PRIVATE_ENDINGS at its end, Latin letters): then the cut is not sure."""
    return any(w in town for w in PRIVATE_WORDS) or town.endswith(PRIVATE_ENDINGS) or bool(LATIN.search(town))


def approximate_address(address: str) -> str:
    """The address cut to its 町丁目 (or 町・大字・字 when it has no 丁目): what an
    `approximate` place may show. 「〒100-0001 千代田区千代田1-1 山田様方」→「千代田区千代田」,
    「高松市扇町九ー九（田中宅）」→「高松市扇町」; the municipality only when the rest may
    name a home (「高松市扇町田中宅」→「高松市」). Applying it again changes nothing."""
    text = (address or "").strip()
    start = _postcode_end(text, 0)
    town = _municipality_end(text, start)
    end, why = _town_end(text, town)
    if _may_name_a_home(text[town:end]):
        end, why = town, "home"
    out = text[start:end].rstrip()
    if why == "number":
        out = out.rstrip(AFTER_NUMBER).rstrip()
    return out


def town_part(address: str) -> str:
    """The 町丁目 of `address` without its prefecture and municipality (what
    `approximate_address` keeps after them): the place names of the front door's place box
    (render/nearby.py). 「（架空）サンプル町1丁目 サンプル会館」→「サンプル町1丁目」; "" when
    the rest may name a home or nothing follows the municipality."""
    text = (address or "").strip()
    town = _municipality_end(text, _postcode_end(text, 0))
    end, why = _town_end(text, town)
    if _may_name_a_home(text[town:end]):
        return ""
    out = text[town:end].rstrip()
    return out.rstrip(AFTER_NUMBER).rstrip() if why == "number" else out


# ------------------------------------------------------------------ residents' places

# What a 法人名称 cell holds when there is no corporation (compared after NFKC, lower case,
# split at anything that is not a letter or digit: 「（なし）」「－」「N/A」「個人（田中）」).
NO_CORPORATION = frozenset({
    "なし", "ナシ", "無し", "無", "ない", "無い", "個人", "個人宅", "該当なし", "該当無し", "非該当", "不明", "未定",
    "未記入", "無記入", "未設定", "未入力", "空欄", "任意団体", "住民", "有志", "none", "nil", "null", "na",
})


def corporate_number(text: str) -> str:
    """The 法人番号 in a cell (13 digits; full width, hyphens and spaces allowed) when its
    check digit holds, else "". 国税庁: the first digit is 9 − (Σ digit × (1 if its place
    from the right among the 12 base digits is odd else 2)) mod 9."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", text or "")
                     if not (_SPACE.match(c) or char_kind(c) == "d" or c in LONG_MARKS))
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit() or digits[1:] == "0" * 12:
        return ""
    total = sum(int(d) * (1 if place % 2 else 2) for place, d in enumerate(reversed(digits[1:]), start=1))
    return digits if int(digits[0]) == 9 - total % 9 else ""


def real_organisation(name: str) -> bool:
    """Whether a 法人名称 names something: not empty, not only dashes (「ー」 too), digits or
    symbols, and no word of it is a placeholder (NO_CORPORATION)."""
    words = [w for w in re.split(r"[\W_]+", unicodedata.normalize("NFKC", name or "").lower()) if w]
    if not words or "".join(words) in NO_CORPORATION or any(w in NO_CORPORATION for w in words):
        return False
    return any(c.isalpha() and c not in LONG_MARKS for w in words for c in w)


def residents_place(has_number: bool | None, number: str, name: str) -> bool:
    """A place is a corporation's only on positive evidence: a valid 法人番号 or a real
    法人名称. 法人番号の有無 = 1 alone is not evidence; 有無 = 0 says there is no
    corporation, whatever the other cells hold."""
    if has_number is False:
        return True
    return not (corporate_number(number) or real_organisation(name))


# ------------------------------------------------------------------ published forms


def public_address(address: str, location: Location | None) -> str:
    """The part of `address` that may be published for a place at `location`."""
    if location is None or location.precision == "exact":
        return address or ""
    if location.precision == "hidden":
        return ""
    return approximate_address(address)


def public_location(location: Location | None) -> Location | None:
    """The location as it may be published: `approximate` rounded, `hidden` without a point.
    A location that is so already (the model's: build_model.py made it here) is returned as
    it is, not made again: renderers ask for each resource's several times."""
    if location is None:
        return None
    precision, lat, lon = location.precision, location.lat, location.lon
    if precision == "hidden" or lat is None or lon is None:
        return location if lat is None and lon is None else Location(None, None, precision)
    if precision == "approximate":
        rounded = (round(lat, APPROXIMATE_DECIMALS), round(lon, APPROXIMATE_DECIMALS))
        return location if rounded == (lat, lon) else Location(*rounded, "approximate")
    return location


def public_point(location: Location | None) -> tuple[float, float] | None:
    """The point that may be shown, or None when the location must not appear."""
    shown = public_location(location)
    if shown is None or not shown.mappable:
        return None
    return (shown.lat, shown.lon)
