"""How current the resource records are.

The reference date is the time of the last commit (SOURCE_DATE_EPOCH, set by
`python -m generator build`), so the same checkout always renders the same pages;
without it, today. A resource whose date is unknown (no last_verified) is counted apart
(`unknown`, 「確認日不明」): never as current, never as stale."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .model import District


def reference_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit() and int(epoch) > 0:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def months_since(date_text: str, today: dt.date) -> int:
    d = dt.date.fromisoformat(date_text)
    return (today.year - d.year) * 12 + (today.month - d.month) - (1 if today.day < d.day else 0)


@dataclass(frozen=True)
class Freshness:
    total: int
    stale_ids: frozenset
    oldest: str
    newest: str
    months: int  # the limit used
    unknown_ids: frozenset = frozenset()  # resources without a date

    @property
    def current(self) -> int:
        return self.total - len(self.stale_ids) - len(self.unknown_ids)


def district_freshness(district: District, months: int, today: dt.date) -> Freshness:
    dated = [r for r in district.resources if r.last_verified]
    dates = [r.last_verified for r in dated]
    stale = frozenset(r.id for r in dated if months_since(r.last_verified, today) >= months)
    unknown = frozenset(r.id for r in district.resources if not r.last_verified)
    return Freshness(len(district.resources), stale, min(dates, default=""), max(dates, default=""), months, unknown)
