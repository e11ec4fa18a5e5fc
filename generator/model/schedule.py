"""Schedules modelled on RFC 5545 recurrence rules (as Open Referral HSDS does):
weekly on given days, or monthly on the n-th given weekday(s). The browser filter
(assets/atlas-filter.js, used by the district list and the maps) implements the same rules;
tests compare the two."""

from __future__ import annotations

import calendar
import datetime as dt

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = date.weekday()
DAY_LABELS = dict(zip(DAYS, ("月", "火", "水", "木", "金", "土", "日"), strict=True))


def days_ja(byday) -> str:
    """["MO", "WE"] → 月・水曜."""
    return "・".join(DAY_LABELS[d] for d in byday) + "曜"


def schedule_ja(rule: dict) -> str:
    """One rule in plain Japanese: 毎月 第1・第3 日曜 10:00〜12:00."""
    days = days_ja(rule["byday"])
    if rule["freq"] == "monthly" and rule.get("bysetpos"):
        nth = "・".join("最終" if n == -1 else f"第{n}" for n in rule["bysetpos"])
        text = f"毎月 {nth} {days}"
    else:
        text = f"毎週 {days}"
    if rule.get("opens"):
        text += f" {rule['opens']}〜{rule.get('closes', '')}"
    return text


def schedule_text(schedule) -> str:
    """A resource's whole schedule on one line (rules in Japanese, else its text; notes after)."""
    if schedule is None:
        return ""
    parts = [schedule_ja(rule) for rule in schedule.rules] or [schedule.text]
    return "／".join(parts) + (f"（{schedule.notes}）" if schedule.notes else "")


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


def in_time(rule: dict, time: str) -> bool:
    """午前 ("am"): opens before noon; 午後 ("pm"): open after noon."""
    if not rule.get("opens"):
        return False
    if time == "am":
        return rule["opens"] < "12:00"
    return rule.get("closes", rule["opens"]) > "12:00"


def filter_matches(rules, day: str = "", time: str = "", date: dt.date | None = None) -> bool:
    """The resource filters' 曜日・時間帯・「今日開いている」 (assets/atlas-filter.js): with none
    set, everything; else one rule must meet all that are set."""
    if not (day or time or date):
        return True
    return any((not day or day in r["byday"]) and (not time or in_time(r, time))
               and (date is None or rule_matches(r, date)) for r in rules)


# Rules as one line of text, for CSV downloads that must re-import to the same rules:
# FREQ=WEEKLY;BYDAY=MO,WE;OPENS=10:00;CLOSES=12:00 | FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2,4
# (RFC 5545 RRULE parts, with OPENS/CLOSES for the hours; rules separated by " | ").
_RULE_PARTS = (("freq", "FREQ"), ("byday", "BYDAY"), ("bysetpos", "BYSETPOS"), ("opens", "OPENS"),
               ("closes", "CLOSES"))


def rules_text(rules) -> str:
    def one(rule: dict) -> str:
        parts = []
        for key, name in _RULE_PARTS:
            value = rule.get(key)
            if value in (None, [], ""):
                continue
            text = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
            parts.append(f"{name}={text.upper() if key == 'freq' else text}")
        return ";".join(parts)
    return " | ".join(one(r) for r in rules)


def parse_rules_text(text: str) -> list[dict]:
    """The rules `rules_text` wrote. ValueError for anything else."""
    rules = []
    for chunk in filter(None, (c.strip() for c in text.split("|"))):
        rule: dict = {}
        for part in chunk.split(";"):
            name, _, value = part.strip().partition("=")
            key = next((k for k, n in _RULE_PARTS if n == name.strip().upper()), None)
            if key is None or not value or key in rule:
                raise ValueError(part)
            value = value.strip()
            if key == "freq":
                rule[key] = value.lower()
            elif key == "byday":
                rule[key] = value.split(",")
            elif key == "bysetpos":
                rule[key] = [int(v) for v in value.split(",")]
            else:
                rule[key] = value
        if rule.get("freq") not in ("weekly", "monthly") or not rule.get("byday") \
                or any(d not in DAYS for d in rule["byday"]):
            raise ValueError(chunk)
        rules.append(rule)
    return rules
