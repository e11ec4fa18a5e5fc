"""Schedules modelled on RFC 5545 recurrence rules (as Open Referral HSDS does):
weekly on given days, or monthly on the n-th given weekday(s). The browser filter
(assets/resource-filter.js) implements the same rules; tests compare the two."""

from __future__ import annotations

import calendar
import datetime as dt

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = date.weekday()


def nth_of_month(date: dt.date) -> tuple[int, bool]:
    """(n, is_last): which occurrence of its weekday `date` is in its month."""
    last_day = calendar.monthrange(date.year, date.month)[1]
    return (date.day - 1) // 7 + 1, date.day + 7 > last_day


def rule_matches(rule: dict, date: dt.date) -> bool:
    if DAYS[date.weekday()] not in rule["byday"]:
        return False
    if rule["freq"] == "weekly" or not rule.get("bysetpos"):
        return True
    n, last = nth_of_month(date)
    return n in rule["bysetpos"] or (last and -1 in rule["bysetpos"])


def open_on(rules, date: dt.date) -> bool:
    return any(rule_matches(r, date) for r in rules)


def open_on_weekday(rules, day: str) -> bool:
    return any(day in r["byday"] for r in rules)
