"""What of a place may be published. The model is built through here (build_model.py),
so no renderer, download, index or PDF ever holds more than this allows.

| precision     | point on maps and in data         | address                          |
|---------------|-----------------------------------|----------------------------------|
| `exact`       | as written                        | as written                       |
| `approximate` | rounded to 0.01° (about 1 km)     | 町丁目 at most (no 番地・号・建物) |
| `hidden`      | none                              | none                             |

Validation (rules.py) refuses an address that says more than this, with the allowed
form as the hint; the model applies the same functions again, so a rule missed by
mistake still cannot leak a home.
"""

from __future__ import annotations

import re

from .model import Location

# `approximate` locations are rounded to this many decimal degrees: 0.01° is about
# 1.1 km north–south and 0.9 km east–west in Japan.
APPROXIMATE_DECIMALS = 2
APPROXIMATE_LABEL = "おおよその位置（約1km単位に丸めています）"

_POSTCODE = re.compile(r"^\s*(?:〒\s*)?[0-9０-９]{3}\s*[-－‐ー]?\s*[0-9０-９]{4}\s*")
_DIGIT = "0-9０-９"
_KANJI_NUM = "〇一二三四五六七八九十百千"
# up to and including the first 丁目 (「番町一丁目」「北1条西2丁目」)
_CHOME = re.compile(f"^.*?[{_DIGIT}{_KANJI_NUM}]+\\s*丁目")
# where the part below 町・字 begins: a digit, a kanji number before 番地・番+number・号・dash
# (not 「三番町」「一の宮」, which are town names), a space (buildings and 「○○様方」 follow
# one), or 様方 itself
_BELOW_TOWN = re.compile(f"[{_DIGIT}]|[{_KANJI_NUM}]+(?:番地|番[{_KANJI_NUM}]|号|[-－‐])|[\\s\u3000]|様方")


def approximate_address(address: str) -> str:
    """The address cut to its 町丁目 (or 町・大字・字 when it has no 丁目): what an
    `approximate` place may show. 「千代田区千代田1-1 山田様方」→「千代田区千代田」."""
    text = _POSTCODE.sub("", address or "").strip()
    chome = _CHOME.match(text)
    if chome:
        return chome.group(0)
    below = _BELOW_TOWN.search(text)
    return (text[:below.start()] if below else text).rstrip(" \u3000-－‐ーの,、")


def public_address(address: str, location: Location | None) -> str:
    """The part of `address` that may be published for a place at `location`."""
    if location is None or location.precision == "exact":
        return address or ""
    if location.precision == "hidden":
        return ""
    return approximate_address(address)


def public_location(location: Location | None) -> Location | None:
    """The location as it may be published: `approximate` rounded, `hidden` without a point."""
    if location is None:
        return None
    if location.precision == "hidden" or location.lat is None or location.lon is None:
        return Location(None, None, location.precision)
    if location.precision == "approximate":
        return Location(round(location.lat, APPROXIMATE_DECIMALS), round(location.lon, APPROXIMATE_DECIMALS),
                        "approximate")
    return location


def public_point(location: Location | None) -> tuple[float, float] | None:
    """The point that may be shown, or None when the location must not appear."""
    shown = public_location(location)
    if shown is None or not shown.mappable:
        return None
    return (shown.lat, shown.lon)
