"""What of a location may be published. Every map and export goes through here."""

from __future__ import annotations

from .model import Location

# `approximate` locations are rounded to this many decimal degrees: 0.01° is about
# 1.1 km north–south and 0.9 km east–west in Japan.
APPROXIMATE_DECIMALS = 2
APPROXIMATE_LABEL = "おおよその位置（約1km単位に丸めています）"


def public_point(location: Location | None) -> tuple[float, float] | None:
    """The point that may be shown, or None when the location must not appear."""
    if location is None or not location.mappable:
        return None
    if location.precision == "approximate":
        return (round(location.lat, APPROXIMATE_DECIMALS), round(location.lon, APPROXIMATE_DECIMALS))
    return (location.lat, location.lon)
