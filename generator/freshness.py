"""How current the resource records are.

The reference date is the time of the last commit (SOURCE_DATE_EPOCH, set by
`python -m generator build`), so the same checkout always renders the same pages;
without it, today."""

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

    @property
    def current(self) -> int:
        return self.total - len(self.stale_ids)


def district_freshness(district: District, months: int, today: dt.date) -> Freshness:
    dates = [r.last_verified for r in district.resources]
    stale = frozenset(r.id for r in district.resources if months_since(r.last_verified, today) >= months)
    return Freshness(len(dates), stale, min(dates, default=""), max(dates, default=""), months)
