"""The date a file's data stands for, so that `last_verified` is the data's own date and never
the day of the import.

Where it comes from, in this order (run.py, facilities.py): `--as-of`; a date column of the
row (cells.date_of); the defaults of the --mapping file; a date the file states — a title
line above the header (`Table.preamble`: 「令和6年2月1日現在」「2025年1月版」), else the file
name (「…_20240201.csv」「…_R060201.xlsx」); else none: the resource then has no
`last_verified` and the site shows 「確認日不明」.

What is read as a date (after NFKC, so full-width digits, 「㋿」 and 「㍻」 count):
西暦 「2024年2月1日」「2024/2/1」「2024-02-01」「2024.2.1」; 和暦 「令和6年2月1日」
「令和 02年05月01日」「令和元年5月1日」「R6.2.1」「H31.4.30」; a month alone 「2025年1月」「令和7年1月」
(the first of the month; 「2024年3月末」 its last day). In a line with several dates, one
marked 「現在」「時点」「版」「更新」 (or 「更新日：…」 before it) wins over the others. A date
that cannot be — 令和 before 2019-05-01, 平成 after 2019-04-30, 2月30日, or after today — is
never used.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..check.problems import shown

# era → (first day, last day); the letter forms R/H/S are the same eras
ERAS = {
    "令和": (dt.date(2019, 5, 1), None),
    "平成": (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "昭和": (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
}
LETTERS = {"R": "令和", "H": "平成", "S": "昭和"}
EARLIEST = dt.date(1900, 1, 1)

_S = r"[ \t]*"  # spaces inside a date (「令和 02年05月01日」)
_ERA = r"(?P<era>令和|平成|昭和|(?<![A-Za-z])[RHS](?=[ \t]*\d))"
_YEAR = r"(?P<year>元|\d{1,2})"
_YSEP = rf"{_S}[年./\-]{_S}"
_MSEP = rf"{_S}[月./\-]{_S}"
_DAY_END = rf"{_S}(?:日|(?!\d))"
PATTERNS = (  # (regular expression, whether it names a day)
    (re.compile(rf"(?<!\d)(?P<y>\d{{4}}){_YSEP}(?P<m>\d{{1,2}}){_MSEP}(?P<d>\d{{1,2}}){_DAY_END}"), True),
    (re.compile(rf"{_ERA}{_S}{_YEAR}{_YSEP}(?P<m>\d{{1,2}}){_MSEP}(?P<d>\d{{1,2}}){_DAY_END}"), True),
    (re.compile(rf"(?<!\d)(?P<y>\d{{4}}){_S}年{_S}(?P<m>\d{{1,2}}){_S}月(?!{_S}\d)(?P<end>{_S}末)?"), False),
    (re.compile(rf"{_ERA}{_S}{_YEAR}{_S}年{_S}(?P<m>\d{{1,2}}){_S}月(?!{_S}\d)(?P<end>{_S}末)?"), False),
)
# a file name's own forms: 20240201, R060201 (the era's year in two digits)
NAME_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<![A-Za-z])(?P<era>[RH])(?P<year>\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
)
# words that say a date is the data's: 「現在」「時点」 (strongest), then 「版」「更新」 or a label before it
_MARK_AFTER = re.compile(rf"{_S}(?:日)?{_S}(?P<word>現在|時点|版|更新|改訂)")
_MARK_BEFORE = re.compile(r"(?:更新日|作成日|基準日|公開日|時点)[:：]?" + _S + "$")
_STRONG = ("現在", "時点")
_CELL_REST = re.compile(r"[ T]\d{1,2}:\d{2}[\d:.+\-Z]*|[ \t]*\([日月火水木金土]\)")


@dataclass(frozen=True)
class Found:
    """A date of the data (ISO), the text it was read from and where that text is."""
    date: str
    text: str
    where: str  # "title", "name"

    @property
    def source(self) -> str:
        """For the import summary: 「ファイルの表題「令和6年2月1日現在」から」."""
        if self.where == "title":
            return f"ファイルの表題{shown(self.text)}から"
        return f"ファイル名{shown(self.text)}から"


def _year(match: re.Match) -> int | None:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    era = LETTERS.get(groups["era"], groups["era"])
    year = 1 if groups["year"] == "元" else int(groups["year"])
    if year < 1:
        return None
    return ERAS[era][0].year + year - 1


def _date(match: re.Match, has_day: bool, today: dt.date) -> dt.date | None:
    """The date a match names, or None when it cannot be (no such day, outside its era, after today)."""
    year = _year(match)
    if year is None:
        return None
    month = int(match.group("m"))
    try:
        if has_day:
            day = int(match.group("d"))
        else:
            day = calendar.monthrange(year, month)[1] if match.groupdict().get("end") else 1
        when = dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None
    era = match.groupdict().get("era")
    if era:
        first, last = ERAS[LETTERS.get(era, era)]
        # a month alone stands for its first day: 「令和元年5月」 is 2019-05-01, 「平成31年4月」 2019-04-01
        if when < first.replace(day=1 if not has_day else first.day) or (last is not None and when > last):
            return None
    if not (EARLIEST <= when <= today):
        return None
    return when


def in_text(text: str, today: dt.date) -> tuple[dt.date, str, bool] | None:
    """The date a line states, the words it was read from and whether it is marked: a date
    marked 「現在」「時点」 first, then one marked 「版」「更新」 (or 「更新日：」 before it), then
    any; a full date before a month; the first of each kind; None if none."""
    line = unicodedata.normalize("NFKC", text or "")
    best: tuple[tuple, dt.date, str] | None = None
    for rank, (pattern, has_day) in enumerate(PATTERNS):
        for match in pattern.finditer(line):
            when = _date(match, has_day, today)
            if when is None:
                continue
            after = _MARK_AFTER.match(line, match.end())
            mark = 0 if after and after.group("word") in _STRONG else \
                1 if after or _MARK_BEFORE.search(line[:match.start()]) else 2
            key = (mark, not has_day, match.start(), rank)
            if best is None or key < best[0]:
                best = (key, when, line[match.start():after.end() if after else match.end()].strip())
    return (best[1], best[2], best[0][0] < 2) if best else None


def of_cell(value: str) -> str | None:
    """A whole cell that is one date with its day (西暦 or 和暦; a time or a weekday after it
    allowed) as YYYY-MM-DD; None otherwise. Dates after today are kept here: a row's date
    column is the publisher's, and validate warns about one that has not come yet."""
    line = unicodedata.normalize("NFKC", value or "").strip()
    for pattern, has_day in PATTERNS:
        match = pattern.match(line) if has_day else None
        if match and (match.end() == len(line) or _CELL_REST.fullmatch(line, match.end())):
            when = _date(match, True, dt.date.max)
            return when.isoformat() if when else None
    return None


def of_file(preamble: list[str], name: str, today: dt.date) -> Found | None:
    """The date a file states: in its title lines above the header (a marked date first, else
    the first line that has one), else in its name; None when it states none."""
    found = [(hit, line) for line in preamble if (hit := in_text(line, today))]
    if found:
        (when, words, _), line = next((f for f in found if f[0][2]), found[0])
        line = " ".join(line.split())
        return Found(when.isoformat(), line if len(line) <= 40 else words, "title")
    stem = unicodedata.normalize("NFKC", name or "")
    hit = in_text(stem, today)
    if hit:
        return Found(hit[0].isoformat(), name, "name")
    for pattern in NAME_PATTERNS:
        for match in pattern.finditer(stem):
            when = _date(match, True, today)
            if when is not None:
                return Found(when.isoformat(), name, "name")
    return None
