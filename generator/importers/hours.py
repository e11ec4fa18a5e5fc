"""A row's opening days and hours, from every spelling publishers use, → the district
schema's schedule (`text`, `rules`, `notes`; schemas/district.schema.json, schedule.py).

What a row may publish (any of them, all optional):
- a day list: 「平日,土曜日,日曜日,祝日」 (介護サービス情報公表: buckets, any subset),
  「月火水木金」「月～金」「月・水・金」「土日祝」「毎日」, weeks of the month 「第2・第4火曜」
  (monthly rules with `bysetpos`; closed 「第3日曜日」 leaves Sundays of weeks 1, 2, 4, 5);
- open/close time columns (「08:30」「９：００」「9時」);
- a free-text hours column: 「8:30～17:00」「９：００～１７：００」「9時～17時」「終日」「24時間」,
  several ranges 「9:00～12:00、13:00～17:00」;
- a closed-days column (定休日・休館日・休診日 …): 「土、日、祝日」「月曜日（祝日の場合は翌日）」「なし」;
- a note (特記事項), which may carry labelled parts: 「【開館時間】9:00～21:30 【休館日】月曜日」.

Rules are made only from what the row says, never guessed: the days come from the day list,
or — when the row names only the days it is closed — from the week less those days. Hours
without days make no rule (the schema needs `byday`); days without readable hours make a
rule without times. 祝日 has no rule form: it is said in the notes, as is everything of the
closed days a rule cannot hold (「年末年始」). The text stays what the file says; `why` says
why no rule was made, for the importer's ledger (code `schedule-text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.schedule import DAYS
from .cells import BadValue, fit, nfkc, one_line, time_of

_DAY = dict(zip("月火水木金土日", DAYS, strict=True))
_DASH = "~〜\\-‐ー−―"                       # range marks after NFKC (～ and － become ~ and -)
_SEP = re.compile(r"[,、，・/／;；\s]+")
_COMPACT = re.compile(rf"(?:[月火水木金土日]曜?(?:[{_DASH}][月火水木金土日]曜?)?)+")
_RANGE = re.compile(rf"([月火水木金土日])曜?(?:[{_DASH}]([月火水木金土日])曜?)?")
_HOLIDAY = ("祝日", "祝祭日", "祝休日", "祭日", "祝")
_EVERY_DAY = ("毎日", "全日", "年中無休", "無休", "全曜日")
_NONE = ("なし", "無し", "無", "ない", "年中無休", "無休")
_TIME = r"(?:午前|午後)?\d{1,2}(?:[:：]\d{2}|時(?:\d{1,2}分?)?)"
_SPAN = re.compile(rf"^({_TIME})\s*[{_DASH}]\s*({_TIME})$")
_ALL_DAY = ("終日", "24時間", "24時間営業", "24時間利用可", "24時間利用可能", "24時間対応")
_NTH = re.compile(r"(?:毎月|月の|毎月の)?第([1-5](?:\|[1-5])*)週?の?([月火水木金土日])曜?")
_LABELLED = re.compile(r"[【［\[]([^】］\]]{1,12})[】］\]]")


@dataclass
class Published:
    """What one row says about when it is open (cells as read, before any parsing)."""
    days: str = ""        # 利用可能曜日・診療曜日・availableDate
    opens: str = ""       # 開始時間
    closes: str = ""      # 終了時間
    hours: str = ""       # 利用時間・開館時間・営業時間 … (free text)
    closed: str = ""      # 定休日・休館日・休診日 …
    closed_label: str = "定休日"
    note: str = ""        # 利用可能日時特記事項 …


@dataclass
class Days:
    days: set[str] = field(default_factory=set)
    holiday: bool = False       # 祝日 named
    rest: list[str] = field(default_factory=list)  # parts that are no days (「年末年始」, 「（祝日の場合は翌日）」)
    nth: dict[str, set[int]] = field(default_factory=dict)  # 「第2・第4火曜」: {"TU": {2, 4}}


def _norm(value: str) -> str:
    t = nfkc(value).replace("曜日", "曜")
    return re.sub(rf"\s*([{_DASH}])\s*", r"\1", t)


def day_list(value: str, closed: bool = False) -> Days | None:
    """The days a cell names; None when empty. Weekdays of given weeks of the month
    (「第2・第4火曜」「月の第3日曜日」) go to `nth`. A day list (closed=False) must be all days,
    else BadValue; a closed-days cell may hold other parts (kept in `rest`), unless one of
    them speaks of a weekday in a way no rule can hold (「隔週月曜」): BadValue."""
    t = _norm(value)
    if not t:
        return None
    out = Days()
    if closed:
        for paren in re.findall(r"\([^)]*\)", t):   # 「（祝日の場合は翌日）」: an exception, for the notes
            out.rest.append(paren)
        t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"(?<=\d)\s*[・、,，]\s*第?(?=\d)", "|", t)      # 「第2・第4火曜」 → one token
    for token in filter(None, _SEP.split(t)):
        nth = _NTH.fullmatch(token)
        if nth:
            out.nth.setdefault(_DAY[nth.group(2)], set()).update(int(n) for n in nth.group(1).split("|"))
            continue
        if token in _EVERY_DAY and not closed:
            out.days.update(DAYS)
            continue
        if closed and token in _NONE:
            continue
        if token == "平日":
            out.days.update(DAYS[:5])
            continue
        if token in _HOLIDAY:
            out.holiday = True
            continue
        stem = token
        for word in _HOLIDAY:
            if stem.endswith(word) and len(stem) > len(word):
                stem, out.holiday = stem[: -len(word)], True
                break
        if _COMPACT.fullmatch(stem):
            for m in _RANGE.finditer(stem):
                first = DAYS.index(_DAY[m.group(1)])
                last = DAYS.index(_DAY[m.group(2)]) if m.group(2) else first
                span = range(first, last + 1) if last >= first else [*range(first, 7), *range(0, last + 1)]
                out.days.update(DAYS[i] for i in span)
            continue
        if not closed or "曜" in token or token in "月火水木金土日":
            raise BadValue(value)
        out.rest.append(token)
    return out


def time_spans(value: str) -> list[tuple[str, str]] | None:
    """[(opens, closes)] from 「8:30～17:00」「９：００～１７：００」「9時～17時」「終日」「24時間」 or
    several ranges 「9:00～12:00、13:00～17:00」; None when empty; BadValue for anything else."""
    t = re.sub(rf"\s*([{_DASH}])\s*", r"\1", nfkc(value))
    if not t:
        return None
    if t.replace(" ", "") in _ALL_DAY:
        return [("00:00", "23:59")]
    spans = []
    for part in filter(None, re.split(r"[,、，/／;；\n\s]+", t)):
        m = _SPAN.match(part)
        if not m:
            raise BadValue(value)
        spans.append((time_of(m.group(1)), time_of(m.group(2))))
    return spans or None


def hours_clauses(value: str) -> list[tuple[Days | None, list[tuple[str, str]] | None]]:
    """A free-text hours cell as (days it names or None, spans) clauses: 「8:30～17:00」 →
    [(None, …)]; 「月～金 9:00～17:00、土 9:00～12:00」 → one clause per day list. BadValue
    for anything else (a clause of days without hours next to one with hours, words)."""
    t = re.sub(rf"\s*([{_DASH}])\s*", r"\1", nfkc(value))
    if not t:
        return []
    out = []
    for clause in filter(None, (c.strip() for c in re.split(r"[,、，/／;；\n\s]+(?=[月火水木金土日平毎])", t))):
        m = re.fullmatch(r"([^\d]*?)\s*[:：]?\s*((?:午前|午後)?\d.*|終日|24時間)?", clause)
        if not m or not m.group(2):
            raise BadValue(value)
        days = day_list(m.group(1)) if m.group(1).strip() else None
        out.append((days, time_spans(m.group(2))))
    return out


def labelled_parts(value: str) -> dict[str, str] | None:
    """「【開館時間】9:00～21:30 【休館日】月曜日」 → {"hours": "9:00~21:30", "closed": "月曜日",
    "closed_label": "休館日"} (also "days", and "other" for parts of other labels or none);
    None when the cell has no labels."""
    pieces = _LABELLED.split(value)
    if len(pieces) < 3:
        return None
    out: dict[str, list[str]] = {}
    if pieces[0].strip():
        out.setdefault("other", []).append(pieces[0].strip())
    for label, body in zip(pieces[1::2], pieces[2::2], strict=True):
        body, key = body.strip(), nfkc(label)
        if "休" in key:
            kind = "closed"
            out.setdefault("closed_label", []).append(label)
        elif "時間" in key or "時刻" in key:
            kind = "hours"
        elif key.endswith(("曜日", "開館日", "営業日", "診療日", "開所日", "利用日")):
            kind = "days"
        else:
            kind, body = "other", f"【{label}】{body}"
        out.setdefault(kind, []).append(body)
    return {k: ("、" if k in ("days", "closed") else " ").join(v) if k != "closed_label" else v[0]
            for k, v in out.items()}


def _days_and_hours(value: str) -> bool:
    """Does `value` say nothing but days with their hours (so a note may be read as hours)?"""
    try:
        clauses = hours_clauses(value)
    except BadValue:
        return False
    return bool(clauses) and all(days is not None and spans for days, spans in clauses)


def schedule_of(p: Published, text_limit: int = 200,
                notes_limit: int = 300) -> tuple[dict | None, list[tuple[str, str]]]:
    """(the schedule, or None when the row says nothing; warnings for the ledger as (code,
    message): `schedule-text` when the row's days or hours could not all become rules,
    `too-long` when the text or the notes had to be cut)."""
    days_raw, hours_raw, closed_raw, opens_raw, closes_raw = (
        one_line(v) for v in (p.days, p.hours, p.closed, p.opens, p.closes))
    note, closed_label = p.note, p.closed_label
    times = f"{opens_raw}〜{closes_raw}" if opens_raw or closes_raw else hours_raw
    said = " ".join(filter(None, [days_raw, times]))
    parts = labelled_parts(note) if note and not (said or closed_raw) else None
    if parts and ("hours" in parts or "days" in parts or "closed" in parts):
        # the note is the row's only schedule: its labelled parts are read, it stays the text
        days_raw, times, closed_raw = parts.get("days", ""), parts.get("hours", ""), parts.get("closed", "")
        hours_raw = times
        closed_label = parts.get("closed_label", closed_label)
        said, note = one_line(note), parts.get("other", "")
    elif note and not (said or closed_raw) and _days_and_hours(note):
        hours_raw = times = said = one_line(note)   # 「月～金 9:00～17:00」 in the note column
        note = ""

    why = ""
    days = closed = None
    try:
        days = day_list(days_raw)
    except BadValue:
        why = f"曜日「{days_raw}」を読めないため"
    try:
        closed = day_list(closed_raw, closed=True)
    except BadValue:
        why = why or f"{closed_label}「{closed_raw}」を毎週の曜日にできないため"
    time_why = ""
    try:
        clauses = [(None, [(time_of(opens_raw), time_of(closes_raw))])] if opens_raw or closes_raw \
            else hours_clauses(hours_raw)
    except BadValue:
        time_why, clauses = f"時間「{times}」を読めないため", []

    # the days of a clause without its own: the day list, else the week less the closed days
    base = set(days.days) if days is not None else set(DAYS) if closed is not None else None
    rules: list[dict] = []
    open_on_holidays = days is not None and days.holiday
    shut_nth = closed.nth if closed is not None else {}
    if not why:
        for clause_days, spans in clauses or [(None, None)]:
            source = clause_days if clause_days is not None else days
            on = set(clause_days.days) if clause_days is not None else base
            if on is None:          # hours without days: no rule may be made for any clause
                rules = []
                break
            open_on_holidays = open_on_holidays or (clause_days is not None and clause_days.holiday)
            on -= closed.days if closed is not None else set()
            # weeks of the month: open on given weeks, or every week but the closed ones
            weeks = {d: set(ns) for d, ns in (source.nth if source is not None else {}).items()}
            weeks.update({d: {1, 2, 3, 4, 5} for d in on if d in shut_nth})
            monthly: dict[tuple[int, ...], list[str]] = {}
            for d in DAYS:
                if d in weeks and not (closed is not None and d in closed.days):
                    pos = tuple(sorted(weeks[d] - shut_nth.get(d, set())))
                    if pos:
                        monthly.setdefault(pos, []).append(d)
            sets = [("weekly", [d for d in DAYS if d in on and d not in weeks], ())]
            sets += [("monthly", byday, pos) for pos, byday in monthly.items()]
            for freq, byday, pos in sets:
                for opens, closes in (spans or [(None, None)]) if byday else ():
                    rules.append({"freq": freq, "byday": byday, **({"bysetpos": list(pos)} if pos else {}),
                                  **({"opens": opens} if opens else {}), **({"closes": closes} if closes else {})})
    if rules and time_why:
        why = f"{time_why}、曜日だけを規則にしました（時間は文章のままです）"
    elif not rules and (said or closed_raw):
        if not why and days is not None and not days.days and not days.nth:
            why = f"曜日「{days_raw}」が祝日だけのため"
        elif not why and base is not None and not time_why:
            why = "開いている曜日が残らないため"
        elif not why:
            why = time_why or "曜日が書かれていないため"
        why += "、曜日・時間の規則を作らず文章のまま取り込みました"

    notes: list[str] = []
    closed_said = f"{closed_label}：{closed_raw}" if closed_raw else ""
    if not said:
        said, closed_said = closed_said, ""   # only the closed days: they are the text
    if open_on_holidays:
        notes.append("祝日も開いています")
    if closed_said and (closed is None or closed.rest or closed.nth or not rules):   # as people read it
        notes.append(closed_said)
    elif closed is not None and closed.holiday:
        notes.append("祝日は休みです")
    if note:
        notes.append(note)
    if not said and not notes:
        return None, []
    text, cut = fit(said or one_line(notes.pop(0)), text_limit)
    warnings = [("schedule-text", why)] if why else []
    if cut:
        warnings.append(("too-long", f"開いている日時の文章が長いため {text_limit} 文字に切りました"))
    schedule: dict = {"text": text}
    if rules:
        schedule["rules"] = rules
    if notes:
        schedule["notes"], cut = fit(one_line("。".join(n.rstrip("。") for n in notes)), notes_limit)  # one line
        if cut:
            warnings.append(("too-long", f"開いている日時の補足が長いため {notes_limit} 文字に切りました"))
    return schedule, warnings


# -- a schedule typed as one line (the editor's suggestion) ----------------------------------

_OPEN_END = re.compile(rf"^({_TIME})[{_DASH}]?$")   # 「9時から」「10時〜」: opening time only
_FIRST_TIME = re.compile(r"(?:午前|午後)?\d{1,2}(?:[:：]|時)|終日|24時間")   # where a clause's times begin


def suggested_rules(text: str) -> list[dict]:
    """Rules for a schedule typed as one line, as the editor suggests them under its text
    (「毎週水曜 10時〜12時」「第2・第4木曜 13:30-15:00」「月・水・金 9時から」): day lists and weeks
    of the month as day_list reads them, times as time_spans, an opening time alone
    (「9時から」「10時〜」) as a rule without `closes`. [] when any part cannot be read or a
    span ends before it starts: a suggestion says only what the text says. The editor's port
    (editor-core.js suggestRules) runs the same table (tests/data/schedule_text.json)."""
    t = _norm(text).replace("時半", "時30分")
    t = re.sub(r"(?:から|より)", "~", t)
    t = re.sub(r"毎週の?", " ", re.sub(r"(?<=曜)と", "・", t)).strip()
    rules: list[dict] = []
    try:
        for clause in filter(None, (c.strip() for c in re.split(r"[,、，/／;；\n\s]+(?=[月火水木金土日平毎第])", t))):
            first = _FIRST_TIME.search(clause)
            cut = first.start() if first else len(clause)
            days = day_list(clause[:cut].strip())
            if days is None or days.rest:
                return []
            spans: list[tuple[str, str | None]] = []
            for part in filter(None, re.split(r"[,、，/／;；\s]+", clause[cut:])):
                whole, start = _SPAN.match(part), _OPEN_END.match(part)
                if part in _ALL_DAY:
                    spans.append(("00:00", "23:59"))
                elif whole:
                    spans.append((time_of(whole.group(1)), time_of(whole.group(2))))
                elif start:
                    spans.append((time_of(start.group(1)), None))
                else:
                    return []
            if any(closes is not None and closes <= opens for opens, closes in spans):
                return []
            monthly: dict[tuple[int, ...], list[str]] = {}
            for d in DAYS:
                if d in days.nth:
                    monthly.setdefault(tuple(sorted(days.nth[d])), []).append(d)
            sets = [("weekly", [d for d in DAYS if d in days.days and d not in days.nth], ())]
            sets += [("monthly", byday, pos) for pos, byday in monthly.items()]
            for freq, byday, pos in sets:
                for opens, closes in (spans or [(None, None)]) if byday else ():
                    rules.append({"freq": freq, "byday": byday, **({"bysetpos": list(pos)} if pos else {}),
                                  **({"opens": opens} if opens else {}), **({"closes": closes} if closes else {})})
    except BadValue:
        return []
    return rules
