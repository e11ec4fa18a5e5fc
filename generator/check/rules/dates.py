"""Dates: a resource not checked for settings' stale_after_months is a warning, so is a
district's resources without last_verified (one for the file), and a date that has not come
yet (a checked date after the reference date, any date after LATEST_DATE: a typo)."""

from __future__ import annotations

import datetime as dt
import functools

from ...model.freshness import months_since
from ..load import Document
from ..problems import shown
from ..schema_check import date_fields, date_reason
from .context import Context, values_at

# Dates of something already done or known (checked, reviewed, the time a figure stands for): none
# may be after the reference date. Any other date (a timeline's) may be planned, but not after
# LATEST_DATE, which is always a typo (2206 for 2026).
CHECKED_DATES = ("last_verified", "last_reviewed", "as_of")
LATEST_DATE = dt.date(2100, 12, 31)
_FUTURE_HINTS = {
    "": "実際に確かめた日を書いてください（年・月の打ち間違いはありませんか）",
    "as_of": "推計の数値なら、as_of は推計を公表した時点にして「2040年推計」などは as_of_label に書いてください",
}


def undated(ctx: Context, doc: Document, missing: list[tuple]) -> None:
    """Resources without last_verified (`missing`: their places and data; allowed: the date
    is unknown, and the site says 「確認日不明」): one warning for the file, at the first of them."""
    if missing:
        base, first = missing[0]
        ctx.add(doc, base, "no-date",
                f"最終確認日（last_verified）のない資源が {len(missing)} 件あります（最初は"
                f"{shown(first.get('name', ''))}）。サイトには「確認日不明」と表示します",
                "情報を確かめた日を last_verified に書いてください（取り込んだ一覧なら、一覧の日付を "
                "--as-of で指定して取り込み直せます）", "warning")


def freshness(ctx: Context, doc: Document, base: tuple, resource: dict) -> None:
    """A resource not checked for `stale_after_months` is a warning (it does not stop the build)."""
    verified = resource.get("last_verified")
    try:
        age = months_since(verified, ctx.today)
    except (TypeError, ValueError):
        return  # not a date: the schema has reported it
    limit = int(ctx.settings.get("stale_after_months", 12))
    if age >= limit:
        ctx.add(doc, base + ("last_verified",), "stale",
                f"{shown(resource.get('name', ''))}の情報は確認から {age} か月たっています（{verified} 確認、"
                f"目安は {limit} か月）",
                "情報を確かめて last_verified を確認した日に更新してください", "warning")


def future_dates(ctx: Context, doc: Document, kind: str) -> None:
    """Each date of the file (schema_check.date_fields) that has not come yet is a warning:
    a checked date (CHECKED_DATES) after the reference date, any date after LATEST_DATE.
    "After" leaves one day: the reference date is a UTC date (freshness.reference_date),
    and a date written in Japan before 9:00 is already the next day there. A partial date
    (2027, 2027-01) is after a day when its first day is."""
    tomorrow = ctx.today + dt.timedelta(days=1)
    for path, partial in date_fields(kind):
        for where, value in values_at(doc.data, path, ()):
            first = _first_day(value, partial) if isinstance(value, str) else None
            if first is None:
                continue  # not a date: the schema has reported it
            if first > LATEST_DATE:
                ctx.add(doc, where, "future-date", f"{value} は {LATEST_DATE.year} 年より後の日付です",
                        "年の打ち間違いではありませんか（例: 2206 → 2026）", "warning")
            elif where[-1] in CHECKED_DATES and first > tomorrow:
                ctx.add(doc, where, "future-date",
                        f"{value} は未来の日付です（基準日 {ctx.today.isoformat()} より後）",
                        _FUTURE_HINTS.get(where[-1], _FUTURE_HINTS[""]), "warning")


@functools.lru_cache(maxsize=65_536)
def _first_day(value: str, partial: bool) -> dt.date | None:
    """The first day of the date or partial date `value`, None when it is not one. Kept: the
    same few dates stand in thousands of files (nation: 140,000 dates, a few hundred values)."""
    if date_reason(value, partial) is not None:
        return None
    return dt.date(*([int(part) for part in value.split("-")] + [1, 1])[:3])
