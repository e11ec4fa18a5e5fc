"""Schedules from every published spelling (importers/hours.py) and markup in cells
(cells.markup): tables of the shapes publishers write, then whole files in the 介護サービス
情報公表 shape and the prefecture-wide-list shape, checked over the written YAML."""

import json
from pathlib import Path

import pytest
from test_import import KOHYO, district, row, run, write_csv

from generator.check.validate import load_atlas
from generator.importers import cells, hours
from generator.importers.cells import BadValue

WEEK = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAYS = WEEK[:5]


def rule(byday, opens=None, closes=None):
    return {"freq": "weekly", "byday": byday, **({"opens": opens} if opens else {}),
            **({"closes": closes} if closes else {})}


def monthly(byday, bysetpos, opens=None, closes=None):
    return {**rule(byday, opens, closes), "freq": "monthly", "bysetpos": bysetpos}


# (what the row publishes, expected rules, expected notes or None, warned)
SPELLINGS = [
    # day lists: 介護サービス情報公表 buckets and any subset, compact, ranges, dots, 毎日
    (dict(days="平日,土曜日,日曜日,祝日"), [rule(WEEK)], "祝日も開いています", False),
    (dict(days="平日,土曜日,祝日"), [rule(WEEK[:6])], "祝日も開いています", False),
    (dict(days="平日"), [rule(WEEKDAYS)], None, False),
    (dict(days="土曜日,日曜日"), [rule(["SA", "SU"])], None, False),
    (dict(days="平日,日曜日"), [rule([*WEEKDAYS, "SU"])], None, False),
    (dict(days="月火水木金"), [rule(WEEKDAYS)], None, False),
    (dict(days="月～金"), [rule(WEEKDAYS)], None, False),
    (dict(days="月曜日～金曜日"), [rule(WEEKDAYS)], None, False),
    (dict(days="金～月"), [rule(["MO", "FR", "SA", "SU"])], None, False),
    (dict(days="月・水・金"), [rule(["MO", "WE", "FR"])], None, False),
    (dict(days="月,水,金"), [rule(["MO", "WE", "FR"])], None, False),
    (dict(days="土日祝"), [rule(["SA", "SU"])], "祝日も開いています", False),
    (dict(days="毎日"), [rule(WEEK)], None, False),
    # open/close columns, free-text hours
    (dict(days="月～金", opens="8:30", closes="17:00"), [rule(WEEKDAYS, "08:30", "17:00")], None, False),
    (dict(days="平日", hours="8:30～17:00"), [rule(WEEKDAYS, "08:30", "17:00")], None, False),
    (dict(days="平日", hours="９：００～１７：００"), [rule(WEEKDAYS, "09:00", "17:00")], None, False),
    (dict(days="平日", hours="9時～17時"), [rule(WEEKDAYS, "09:00", "17:00")], None, False),
    (dict(days="平日", hours="9時30分-17時"), [rule(WEEKDAYS, "09:30", "17:00")], None, False),
    (dict(days="毎日", hours="終日"), [rule(WEEK, "00:00", "23:59")], None, False),
    (dict(days="毎日", hours="24時間"), [rule(WEEK, "00:00", "23:59")], None, False),
    (dict(days="平日", hours="9:00 ～ 17:00"), [rule(WEEKDAYS, "09:00", "17:00")], None, False),
    (dict(hours="月～金 8:30～17:15"), [rule(WEEKDAYS, "08:30", "17:15")], None, False),
    (dict(hours="月・水、9:00～12:00"), [rule(["MO", "WE"], "09:00", "12:00")], None, False),
    (dict(hours="毎日 終日"), [rule(WEEK, "00:00", "23:59")], None, False),
    (dict(hours="月～金 9:00～17:00、土 9:00～12:00"), [rule(WEEKDAYS, "09:00", "17:00"), rule(["SA"], "09:00", "12:00")],
     None, False),
    (dict(hours="平日：9時～17時 土日祝：10時～16時"),
     [rule(WEEKDAYS, "09:00", "17:00"), rule(["SA", "SU"], "10:00", "16:00")], "祝日も開いています", False),
    (dict(hours="月～金 9:00～17:00", closed="水曜日"), [rule(["MO", "TU", "TH", "FR"], "09:00", "17:00")], None, False),
    (dict(days="平日", hours="9:00～12:00、13:00～17:00"),
     [rule(WEEKDAYS, "09:00", "12:00"), rule(WEEKDAYS, "13:00", "17:00")], None, False),
    # closed-days columns: the week less those days; 祝日 and the rest in the notes
    (dict(hours="8:30～17:00", closed="土、日、祝日"), [rule(WEEKDAYS, "08:30", "17:00")], "祝日は休みです", False),
    (dict(hours="9:00～21:30", closed="月曜日", closed_label="休館日"), [rule(WEEK[1:], "09:00", "21:30")], None, False),
    (dict(hours="9:00～17:00", closed="月曜日（祝日の場合は翌日）", closed_label="休館日"),
     [rule(WEEK[1:], "09:00", "17:00")], "休館日：月曜日（祝日の場合は翌日）", False),
    (dict(hours="9:00～17:00", closed="日曜日、年末年始"), [rule(WEEK[:6], "09:00", "17:00")],
     "定休日：日曜日、年末年始", False),
    (dict(hours="24時間", closed="なし"), [rule(WEEK, "00:00", "23:59")], None, False),
    (dict(days="毎日", hours="9:00～17:00", closed="水"), [rule(["MO", "TU", "TH", "FR", "SA", "SU"], "09:00", "17:00")],
     None, False),
    (dict(days="月～金", closed="祝日"), [rule(WEEKDAYS)], "祝日は休みです", False),
    # weeks of the month: monthly rules (RFC 5545 BYSETPOS)
    (dict(days="第2・第4火曜", hours="10:00～12:00"), [monthly(["TU"], [2, 4], "10:00", "12:00")], None, False),
    (dict(days="月、第1・第3水曜"), [rule(["MO"]), monthly(["WE"], [1, 3])], None, False),
    (dict(days="毎日", closed="第3日曜日"), [rule(WEEK[:6]), monthly(["SU"], [1, 2, 4, 5])], "定休日：第3日曜日", False),
    (dict(hours="9:00～17:00", closed="第2・第4土曜、日曜"),
     [rule(WEEKDAYS, "09:00", "17:00"), monthly(["SA"], [1, 3, 5], "09:00", "17:00")], "定休日：第2・第4土曜、日曜",
     False),
    (dict(note="【開館時間】9：00～21：30 【休館日】月の第3日曜日、祝日"),
     [rule(WEEK[:6], "09:00", "21:30"), monthly(["SU"], [1, 2, 4, 5], "09:00", "21:30")], "休館日：月の第3日曜日、祝日",
     False),
    # labelled parts of one note
    (dict(note="【開館時間】9:00～21:30 【休館日】月曜日"), [rule(WEEK[1:], "09:00", "21:30")], None, False),
    (dict(note="【開館時間】9：00～21：30 【休館日】12月29日から翌年１月３日まで"), [rule(WEEK, "09:00", "21:30")],
     "休館日：12月29日から翌年１月３日まで", False),
    (dict(note="【営業日】月～土【営業時間】10:00～18:00【備考】予約制"), [rule(WEEK[:6], "10:00", "18:00")],
     "【備考】予約制", False),
    # never invented: no days → no rule, the text kept and a warning
    (dict(hours="8:30～17:00"), [], None, True),
    (dict(hours="終日"), [], None, True),
    (dict(hours="9:00～17:00、土 9:00～12:00"), [], None, True),     # some hours without days: none made
    (dict(hours="月～金 9:00～17:00（土曜は午前）"), [], None, True),
    (dict(hours="土曜日 日曜日 10:00～12:00"), [], None, True),
    (dict(opens="9:00", closes="17:00"), [], None, True),
    (dict(days="祝日", hours="9:00～12:00"), [], "祝日も開いています", True),
    (dict(days="隔週火曜"), [], None, True),
    (dict(days="毎日", closed="隔週日曜"), [], "定休日：隔週日曜", True),
    # days plain, hours not: a rule of the days, the hours left as text, a warning
    (dict(days="平日", hours="9:00～17:00（土曜は午前のみ）"), [rule(WEEKDAYS)], None, True),
    # a note without labels is a note; alone, it is the text
    (dict(days="月～金", note="祝日は休み"), [rule(WEEKDAYS)], "祝日は休み", False),
    (dict(note="予約制です"), [], None, False),
    (dict(note="月～金 9:00～17:00"), [rule(WEEKDAYS, "09:00", "17:00")], None, False),   # a note of days and hours
    (dict(note="9:00～17:00"), [], None, False),                                         # hours alone: a note
    (dict(note="月～金 9:00～17:00（電話で予約）"), [], None, False),
]


@pytest.mark.parametrize(("published", "rules", "notes", "warned"), SPELLINGS,
                         ids=[" ".join(v for v in p.values()) for p, *_ in SPELLINGS])
def test_each_spelling_becomes_rules_text_and_notes(published, rules, notes, warned):
    schedule, warnings = hours.schedule_of(hours.Published(**published))
    assert schedule.get("rules", []) == rules
    assert schedule.get("notes") == notes
    assert [code for code, _ in warnings] == (["schedule-text"] if warned else []), warnings
    said = [published.get(k, "") for k in ("days", "opens", "closes", "hours", "note") if published.get(k)]
    assert said[0] in schedule["text"] or published.get("closed", "") in schedule["text"]   # as written
    for r in rules:   # what the schema holds
        assert r["byday"] and all(d in WEEK for d in r["byday"])
        assert (r["freq"] == "monthly") == bool(r.get("bysetpos"))


def test_a_row_that_says_nothing_has_no_schedule():
    assert hours.schedule_of(hours.Published()) == (None, [])
    schedule, warnings = hours.schedule_of(hours.Published(closed="日曜日"))
    assert schedule == {"text": "定休日：日曜日", "rules": [rule(WEEK[:6])]} and not warnings


@pytest.mark.parametrize(("published", "codes"), [
    (dict(days="平日", hours="9:00～17:00", note="あ" * 400), ["too-long"]),
    (dict(days="平日,祝日", note="あ" * 295), ["too-long"]),
    (dict(hours="あ" * 250), ["schedule-text", "too-long"]),
    (dict(days="平日", note="あ" * 280), []),
])
def test_what_is_cut_is_said(published, codes):
    schedule, warnings = hours.schedule_of(hours.Published(**published))
    assert [code for code, _ in warnings] == codes
    assert len(schedule["text"]) <= 200 and len(schedule.get("notes", "")) <= 300


@pytest.mark.parametrize(("value", "closed", "days", "holiday", "rest"), [
    ("平日,土曜日,日曜日,祝日", False, WEEK, True, []),
    ("月 ～ 金", False, WEEKDAYS, False, []),
    ("土・日・祝日", True, ["SA", "SU"], True, []),
    ("年中無休", True, [], False, []),
    ("月曜、年末年始", True, ["MO"], False, ["年末年始"]),
])
def test_day_lists(value, closed, days, holiday, rest):
    found = hours.day_list(value, closed=closed)
    assert sorted(found.days, key=WEEK.index) == days and found.holiday == holiday and found.rest == rest


@pytest.mark.parametrize(("value", "closed"), [("隔週火曜", False), ("平日（午前のみ）", False), ("月曜、隔週日曜", True),
                                              ("毎月1日", False), ("随時", False)])
def test_day_lists_that_no_weekly_rule_can_hold(value, closed):
    with pytest.raises(BadValue):
        hours.day_list(value, closed=closed)


# (cell as published, text after reading)
MARKUP = [
    ("1行目<br>2行目", "1行目\n2行目"), ("1行目<br/>2行目", "1行目\n2行目"), ("1行目<BR />2行目", "1行目\n2行目"),
    ("1行目（改行）2行目", "1行目\n2行目"), ("1行目(改行)2行目", "1行目\n2行目"),
    ("&quot;合成&quot;", '"合成"'), ("A&amp;B", "A&B"), ("&#12354;&#x3044;", "あい"), ("a&nbsp;b", "a b"),
    ("&lt;br&gt;", "\n".strip()), ("&lt;script&gt;", "<script>"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"), ("<b>太字</b>", "<b>太字</b>"),
    ("?a=1&para=2", "?a=1&para=2"), ("AT&T", "AT&T"), ("&unknown;", "&unknown;"),
]


@pytest.mark.parametrize(("published", "expected"), MARKUP)
def test_markup_is_decoded_and_nothing_else(published, expected):
    assert cells.text(published) == (expected, False)


def test_an_entity_for_a_control_character_is_removed_and_said():
    assert cells.text("合成&#x202e;文字") == ("合成文字", True)


KOHYO24 = KOHYO + ["高齢者の方と障害者の方が同時一体的に利用できるサービス", "介護保険の通常の指定基準を満たしている",
                   "障害福祉の通常の指定基準を満たしている", "備考"]
BUCKETS = ["平日", "平日,土曜日", "平日,土曜日,祝日", "平日,土曜日,日曜日,祝日", "土曜日,日曜日", "平日,祝日", "日曜日"]


def test_the_kohyo_file_with_day_buckets_imports_rules(project, tmp_path, capsys):
    assert len(KOHYO24) == 24
    rows = [row(KOHYO24, no=str(i), 事業所名=f"合成データ通所{i}", サービスの種類="通所介護",
                住所=f"東京都千代田区合成町{i}-1", 事業所番号=f"13700000{i:02d}", 利用可能曜日=days,
                利用可能曜日特記事項="年末年始は休み" if i == 2 else "")
            for i, days in enumerate(BUCKETS)]
    rows.append(row(KOHYO24, no="90", 事業所名="合成データ通所90", サービスの種類="通所介護",
                    住所="東京都千代田区合成町90-1", 利用可能曜日="隔週土曜"))
    path = write_csv(tmp_path / "kohyo.csv", KOHYO24, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 0, out.out + out.err
    got = {r["name"]: r for r in district(project, "kohyo-131016")["resources"]}
    for i, days in enumerate(BUCKETS):
        schedule = got[f"合成データ通所{i}"]["schedule"]
        expected = hours.day_list(days).days
        assert schedule["text"] == days and [r["byday"] for r in schedule["rules"]] == \
            [[d for d in WEEK if d in expected]]
        assert ("祝日も開いています" in schedule.get("notes", "")) == ("祝日" in days)
    assert got["合成データ通所2"]["schedule"]["notes"] == "祝日も開いています。年末年始は休み"
    assert got["合成データ通所90"]["schedule"] == {"text": "隔週土曜"}
    problems = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["line"], p["code"]) for p in problems if p["code"] == "schedule-text"] == [(len(BUCKETS) + 2,
                                                                                          "schedule-text")]
    atlas, problems = load_atlas(project)
    assert atlas is not None, [p.format() for p in problems]


PREFECTURE_LIST = ["施設名", "施設区分", "住所", "電話番号", "利用時間", "定休日", "駐車場"]


def test_a_prefecture_wide_list_with_hours_and_closed_days_columns(project, tmp_path, capsys):
    cases = [  # (利用時間, 定休日, rules, notes)
        ("8:30～17:00", "土、日、祝日", [rule(WEEKDAYS, "08:30", "17:00")], "祝日は休みです"),
        ("９：００～１７：００", "日曜日", [rule(WEEK[:6], "09:00", "17:00")], None),
        ("終日", "なし", [rule(WEEK, "00:00", "23:59")], None),
        ("10時～16時", "水曜日、年末年始", [rule(["MO", "TU", "TH", "FR", "SA", "SU"], "10:00", "16:00")],
         "定休日：水曜日、年末年始"),
        ("8:30～17:00", "", [], None),   # no days: text only, warned
    ]
    rows = [[f"合成データ会館{i}", "公民館", f"東京都千代田区合成町{i}-1", "", opening, closed, "あり"]
            for i, (opening, closed, _, _) in enumerate(cases)]
    path = write_csv(tmp_path / "pref.csv", PREFECTURE_LIST, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--report", tmp_path / "r.json",
                      capsys=capsys)
    assert status == 0, out.out + out.err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    [written] = data["files"]
    got = {r["name"]: r["schedule"] for r in district(project, written.split("/")[-1][:-5])["resources"]}
    for i, (opening, _, rules, notes) in enumerate(cases):
        schedule = got[f"合成データ会館{i}"]
        assert schedule["text"] == opening and schedule.get("rules", []) == rules and schedule.get("notes") == notes
    assert [p["line"] for p in data["problems"] if p["code"] == "schedule-text"] == [len(cases) + 1]


@pytest.mark.parametrize("header", ["開館時間", "営業時間", "受付時間", "診療時間", "開所時間", "利用時間"])
@pytest.mark.parametrize("closed_header", ["定休日", "休館日", "休業日", "休診日", "休所日"])
def test_every_hours_and_closed_header_is_read(project, tmp_path, capsys, header, closed_header):
    path = write_csv(tmp_path / "h.csv", ["名称", "住所", header, closed_header],
                     [["合成データ施設", "東京都千代田区合成町1-1", "9:00～17:00", "月曜日、年末年始"]])
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--id", "hours-131016", capsys=capsys)
    assert status == 0, out.out + out.err
    [resource] = district(project, "hours-131016")["resources"]
    assert resource["schedule"] == {"text": "9:00～17:00", "rules": [rule(WEEK[1:], "09:00", "17:00")],
                                    "notes": f"{closed_header}：月曜日、年末年始"}


def test_markup_is_gone_from_every_written_string(project, tmp_path, capsys):
    header = KOHYO24
    dirty = ["合成&quot;データ&quot;<br>本館", "東京都千代田区合成町1-1<BR/>合成ビル", "送迎あり（改行）食事あり",
             "&#12354;&amp;&nbsp;い", "1行目(改行)2行目<br />3行目"]
    rows = [row(header, no=str(i), 事業所名=f"合成データ{i}{text}", サービスの種類="通所介護",
                住所=f"東京都千代田区合成町{i}-1<br>合成ビル", 法人の名称=f"合成データ法人&amp;{i}",
                利用可能曜日="平日", 利用可能曜日特記事項=text, 備考=text, 電話番号="03-0000-0001",
                URL=f"https://example.jp/?a={i}&amp;b=2")
            for i, text in enumerate(dirty)]
    rows.append(row(header, no="9", 事業所名="合成データ<script>alert(1)</script>", サービスの種類="通所介護",
                    住所="東京都千代田区合成町9-1", 備考="&lt;script&gt;alert(1)&lt;/script&gt;"))
    path = write_csv(tmp_path / "markup.csv", header, rows)
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", capsys=capsys)
    assert status == 0 and "6 行のうち 6 行を取り込み" in out.out, out.out + out.err
    written = (project / "content/districts/markup-131016.yaml").read_text(encoding="utf-8")
    for mark in ("<br", "<BR", "&quot;", "&amp;", "&nbsp;", "&#", "改行"):
        assert mark not in written, mark
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    doc = district(project, "markup-131016")
    walk(doc)
    assert not [s for s in strings if any(m in s for m in ("<br", "<BR", "&quot;", "&amp;", "&#", "改行"))]
    names = {r["name"] for r in doc["resources"]}
    assert '合成データ0合成"データ" 本館' in names and "合成データ<script>alert(1)</script>" in names
    assert {r.get("url") for r in doc["resources"]} == {f"https://example.jp/?a={i}&b=2" for i in range(5)} | {None}
    assert any(s == "<script>alert(1)</script>" or s.endswith("<script>alert(1)</script>") for s in strings)


@pytest.mark.parametrize(("days", "opens", "closes"), [("利用可能曜日", "開始時間", "終了時間"),
                                                       ("診療曜日", "診療開始時間", "診療終了時間"),
                                                       ("開館日", "開館時刻", "閉館時刻"),
                                                       ("営業日", "営業開始時間", "営業終了時間"),
                                                       ("利用曜日", "受付開始時間", "受付終了時間")])
def test_every_day_and_time_header_is_read(project, tmp_path, capsys, days, opens, closes):
    path = write_csv(tmp_path / "h.csv", ["名称", "住所", days, opens, closes],
                     [["合成データ施設", "東京都千代田区合成町1-1", "平日,土曜日", "８：３０", "17:15"]])
    status, out = run(project, "import-csv", path, "--as-of", "2026-10-01", "--id", "hours-131016", capsys=capsys)
    assert status == 0, out.out + out.err
    [resource] = district(project, "hours-131016")["resources"]
    assert resource["schedule"] == {"text": "平日,土曜日 ８：３０〜17:15", "rules": [rule(WEEK[:6], "08:30", "17:15")]}


POOLS = {
    "days": ["", "平日", "平日,土曜日,日曜日,祝日", "土曜日,祝日", "月～金", "月・水・金", "第2・第4火曜", "毎日", "祝日",
             "隔週", "<script>", "月\n水"],
    "hours": ["", "8:30～17:00", "９：００～１７：００", "9時～17時", "終日", "24時間",
              "月～金 9:00～17:00、土 9:00～12:00", "9:00～17:00（土曜は午前）", "午前中", "25:00～26:00", "あ" * 250],
    "closed": ["", "土、日、祝日", "月曜日（祝日の場合は翌日）", "第3日曜日", "年末年始", "なし", "隔週水曜", "毎日"],
    "note": ["", "予約制", "【開館時間】9:00～21:30 【休館日】月曜日", "1行目\n2行目", "月～金 9:00～17:00", "あ" * 300],
}


def test_any_mix_of_spellings_gives_a_valid_schedule_that_invents_nothing():
    """Seeded: every mix is schema-valid, one line, never opens on a named closed weekday, and
    makes no rule when nothing in the row names a day (neither a day list, closed days, nor a
    day inside the hours or the note)."""
    import random

    from jsonschema import Draft202012Validator

    from generator.check.schema_check import schema_of
    validator = Draft202012Validator(schema_of("district")["$defs"]["schedule"])
    rng = random.Random(21)
    for _ in range(3000):
        published = {k: rng.choice(v) for k, v in POOLS.items()}
        schedule, warnings = hours.schedule_of(hours.Published(**published))
        if not any(published.values()):
            assert schedule is None
            continue
        errors = list(validator.iter_errors(schedule))
        assert not errors, (published, schedule, errors[0].message)
        assert "\n" not in schedule["text"] and "\n" not in schedule.get("notes", "")
        assert {code for code, _ in warnings} <= {"schedule-text", "too-long"}
        try:
            closed = hours.day_list(published["closed"], closed=True)
        except BadValue:
            closed = None
        for r in schedule.get("rules", []):
            assert not (closed and set(r["byday"]) & closed.days), (published, schedule)
        named = published["hours"] + published["note"]   # and no day list, no closed days
        if not published["days"] and not published["closed"] and not any(c in named for c in "月火水木金土日平毎"):
            assert "rules" not in schedule, (published, schedule)


SCHEDULE_TEXT = json.loads((Path(__file__).parent / "data/schedule_text.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SCHEDULE_TEXT, ids=lambda c: c["text"] or "(empty)")
def test_a_schedule_typed_as_text_suggests_these_rules(case):
    """The table the editor's port (site_templates/js/editor/schedule-text.js suggestRules) runs
    too, in tests/js/editor.test.mjs and test_editor_browser.test_browser_ports_give_what_python_gives."""
    assert hours.suggested_rules(case["text"]) == case["rules"]


def test_the_schedule_text_table_has_both_shapes():
    assert sum(bool(c["rules"]) for c in SCHEDULE_TEXT) >= 15 and sum(not c["rules"] for c in SCHEDULE_TEXT) >= 10
    assert {r["freq"] for c in SCHEDULE_TEXT for r in c["rules"]} == {"weekly", "monthly"}
