"""Stage 2a: JSON Schema validation, errors → Problems in Japanese.

Two validators read the same schemas. `jsonschema_rs` (Rust) only answers "valid or not", some
100 times faster on a district; a document it accepts needs nothing more. Any other document goes through
`jsonschema`, whose errors carry what the Japanese messages are made from, so the messages are
those of `jsonschema` alone. For the shortcut to be safe, jsonschema_rs must never accept what
jsonschema rejects. Both therefore match `pattern` with the same Python code, with ECMA-262
semantics (what JSON Schema specifies, and what editors and the browser editor use), translated
once into a Python regex (`ecma_regex`; `es5_pattern` gives the same for the browser): `$` is
the end of the text (Python's `$` also matches before a final newline, so "omuta\\n" passed
`^[a-z0-9-]+$`), `\\d` is 0-9 only, `\\s` is ECMA's white space (not \\x1c-\\x1f or \\x85).
Dates are real dates through their pattern (common.schema.json: month lengths and leap years, no
year 0), so all three validators agree without a `format`.
Anything jsonschema_rs cannot take in (a lone surrogate, bytes, a non-string key, NaN) or any
failure of its own falls back to jsonschema.

Before the schema, `text_problems` checks what JSON Schema cannot say: every string (values and
keys) is free of control and invisible characters, one-line fields hold no tab or newline
(MULTILINE_FIELDS may), and every number is finite and at most 10^15.
"""

from __future__ import annotations

import calendar
import copy
import functools
import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from . import characters, suggest
from .load import Document, dotted
from .problems import Problem, shown

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
KINDS = ("case", "district", "vocabulary", "documents", "statistics", "worksheet", "checksheet", "settings",
         "gap_links", "sources")

# Fields that hold prose and may span lines (tab and newline allowed); every other string,
# and every key, is one line. Under a district's `schedule` (a table cell) all are one line.
MULTILINE_FIELDS = frozenset({"summary", "description", "text", "note", "notes", "placement_note"})
MAX_NUMBER = 10**15  # beyond this a number is a typo (and no longer exact in the browser)
BAD_CHARACTER_HINT = "見えない文字です。消して書き直してください（コピー元の書式が混ざることがあります）"
# a lone surrogate: half of a character above U+FFFF (as JSON and JavaScript escape them: "\ud83d\ude00")
SURROGATE_HINT = ("文字の片割れ（対になっていないサロゲート）です。消して書き直してください。"
                  "絵文字などはその文字をそのまま書きます（YAML のエスケープなら \\U0001F600 の形）")

_TYPE_JA = {
    "string": "文字列", "number": "数値", "integer": "整数", "boolean": "真偽値（true/false）",
    "array": "一覧（- で始まる行）", "object": "項目の集まり（キー: 値）", "null": "空（null）",
}


# -- patterns and formats, the same code for both validators ----------------------------------

_ECMA_SPACE = "\\t\\n\\v\\f\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_ECMA_CLASSES = {"d": "0-9", "s": _ECMA_SPACE, "w": "A-Za-z0-9_"}


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern:
    """`pattern` (ECMA-262, no flags) as a Python regex that matches the same strings. Handles
    the syntax our schemas use; anything else raises ValueError when the schemas are loaded."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if e in _ECMA_CLASSES:
                out.append(_ECMA_CLASSES[e] if in_class else f"[{_ECMA_CLASSES[e]}]")
            elif e and e.lower() in _ECMA_CLASSES and not in_class:
                out.append(f"[^{_ECMA_CLASSES[e.lower()]}]")
            elif e and ((e.isalpha() and e not in "tnvfrux") or e.isdigit()):
                raise ValueError(f"pattern {pattern!r}: \\{e} is not supported")
            else:
                out.append(c + e)
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
        elif c == "[":
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":
                raise ValueError(f"pattern {pattern!r}: [] and [^] are not supported")
            in_class = True
            out.append(c)
        elif c == "$":
            out.append(r"\Z")
        elif c == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
        elif c == "(" and pattern[i + 1:i + 2] == "?" and pattern[i + 2:i + 3] not in (":", "=", "!"):
            raise ValueError(f"pattern {pattern!r}: (?{pattern[i + 2:i + 3]} is not supported")
        else:
            out.append(c)
        i += 1
    return re.compile("".join(out))


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def date_reason(value: str, partial: bool = False) -> str | None:
    """Why `value` is not a date (None if it is one), for the message. Dates are YYYY-MM-DD
    and real; a partial date may stop at the year or the month. (The schemas' patterns say
    the same; test_schema_fast checks that they agree.)"""
    m = (_PARTIAL_DATE if partial else _DATE).fullmatch(value)
    if not m:
        return "日付の書き方ではありません"
    year, month, day = (int(g) if g else None for g in m.groups())
    if year == 0:
        return "0 年という年はありません（0001 年から）"
    if month is not None and not 1 <= month <= 12:
        return f"{month} 月という月はありません"
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"{year} 年 {month} 月は {last} 日までです"
    return None


def _ecma_pattern(validator, pattern: str, instance: Any, schema: dict):
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def es5_pattern(pattern: str) -> str:
    """`pattern` as the source of a browser RegExp (no flags) that matches what ecma_regex
    matches: ECMA's own syntax, with \\s spelt out (browsers differ on U+180E) and non-ASCII
    characters escaped."""
    ecma_regex(pattern)  # refuses what the Python side does not support
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if e == "s":
                out.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            elif e == "S":
                out.append(f"[^{_ECMA_SPACE}]")  # outside a class only (ecma_regex refuses it inside)
            else:
                out.append(c + e)
            i += 2
            continue
        if ord(c) > 0xFFFF:
            raise ValueError(f"pattern {pattern!r}: a character above U+FFFF")
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        out.append(c if ord(c) < 0x80 else f"\\u{ord(c):04X}")
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _registry() -> Registry:
    registry = Registry()
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry


@functools.cache
def _schema_file(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def schema_of(kind: str) -> dict:
    return _schema_file(f"{kind}.schema.json")


_DATE_DEFS = {"common.schema.json#/$defs/date": False, "common.schema.json#/$defs/partial_date": True}


@functools.cache
def date_fields(kind: str) -> tuple[tuple[tuple, bool], ...]:
    """Where the dates of `kind` are: (path, partial) for each field that is a date or a
    partial date (YYYY, YYYY-MM), "*" in a path standing for any item of a list. Read from the
    schema (a `$ref` to common.schema.json's date or partial_date), so a new date field is
    checked by rules/dates.future_dates and by the browser editor without being listed anywhere."""
    out: dict[tuple[tuple, bool], None] = {}

    def walk(node: Any, file: str, where: tuple, depth: int) -> None:
        if not isinstance(node, dict) or depth > 40:
            return
        if "$ref" in node:
            target_file, _, pointer = node["$ref"].partition("#")
            target_file = target_file or file
            if f"{target_file}#{pointer}" in _DATE_DEFS:
                out[(where, _DATE_DEFS[f"{target_file}#{pointer}"])] = None
                return
            target: Any = _schema_file(target_file)
            for part in filter(None, pointer.split("/")):
                target = target[part]
            walk(target, target_file, where, depth + 1)
        for name, sub in node.get("properties", {}).items():
            walk(sub, file, where + (name,), depth + 1)
        walk(node.get("items"), file, where + ("*",), depth + 1)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, file, where, depth + 1)
        walk(node.get("then"), file, where, depth + 1)

    walk(schema_of(kind), f"{kind}.schema.json", (), 0)
    return tuple(out)


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    return _Validator(schema_of(kind), registry=_registry())


class _EcmaPattern:
    """`pattern` for jsonschema_rs, matched exactly as for jsonschema (ecma_regex)."""

    def __init__(self, parent_schema: dict, value: str, schema_path: list):
        self.search = ecma_regex(value).search
        # short values repeat across files (dates, times, ids "r0"…): each is matched once per
        # process (nation: 570,000 matches, about half the schema stage's time)
        self.matched: dict[str, bool] = {}

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str):
            ok = self.matched.get(instance)
            if ok is None:
                ok = self.search(instance) is not None
                if len(instance) <= 64 and len(self.matched) < 10_000:
                    self.matched[instance] = ok
            if not ok:
                raise ValueError("pattern")


def _refuse(uri: str) -> Any:
    raise LookupError(f"not one of our schemas: {uri}")


@functools.lru_cache(maxsize=1)
def _fast_registry() -> jsonschema_rs.Registry:
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.schema.json"))]
    return jsonschema_rs.Registry([(s["$id"], s) for s in schemas], retriever=_refuse)


@functools.cache
def fast_validator(kind: str) -> jsonschema_rs.Validator | None:
    """jsonschema_rs validator for `kind`, or None if it cannot be built (then only jsonschema is used)."""
    try:
        return jsonschema_rs.Draft202012Validator(
            schema_of(kind), registry=_fast_registry(), offline=True, validate_formats=False,
            keywords={"pattern": _EcmaPattern})
    except Exception:
        return None


def fast_is_valid(data: Any, kind: str) -> bool:
    """True only when jsonschema_rs accepts `data`; False when it rejects it or cannot tell."""
    fast = fast_validator(kind)
    if fast is None:
        return False
    try:
        return fast.is_valid(data) is True
    except Exception:  # a value it cannot convert (lone surrogate, bytes, date, set, non-string key)
        return False


# -- the check ------------------------------------------------------------------------------

def check(doc: Document, kind: str) -> list[Problem]:
    own = text_problems(doc, kind)
    if schema_of(kind).get("type") == "object" and not isinstance(doc.data, dict):
        return own + [_not_a_mapping(doc)]
    if fast_is_valid(doc.data, kind):
        return own
    problems, renames = _schema_problems(doc, kind, doc.data)
    problems = _one_message_per_mistake(doc, kind, problems, renames)
    said = {p.field for p in own}  # a field whose characters are wrong gets that message only
    return own + [p for p in problems if p.field not in said]


def _schema_problems(doc: Document, kind: str, data: Any) -> tuple[list[Problem], list[tuple]]:
    """Problems from jsonschema's errors, and the (object path, unknown key, likely key)
    of each misspelt key."""
    problems: list[Problem] = []
    renames: list[tuple] = []
    for error in validator(kind).iter_errors(data):
        problems.extend(_to_problems(doc, error, renames))
    return problems, renames


def _not_a_mapping(doc: Document) -> Problem:
    """The file is not 「項目: 値」 at its top. Its content is never quoted: it may be a file
    that was never meant to be read."""
    data = doc.data
    hint = "1行目から「id: …」のように「名前: 値」の形で書いてください"
    if isinstance(data, str) and "：" in data:
        hint = "全角のコロン「：」を半角の「: 」にしてください。" + hint
    return Problem(doc.path, doc.line_of(()), "", "not-a-mapping",
                   f"ファイル全体が「項目: 値」の形になっていません（いまは{_kind_ja(data)}）", hint)


def _kind_ja(value: Any) -> str:
    if isinstance(value, bool):
        return _TYPE_JA["boolean"]
    if isinstance(value, (int, float)):
        return _TYPE_JA["number"]
    if isinstance(value, str):
        return _TYPE_JA["string"]
    if isinstance(value, list):
        return _TYPE_JA["array"]
    if isinstance(value, dict):
        return _TYPE_JA["object"]
    return _TYPE_JA["null"] if value is None else type(value).__name__


# In the JSON text of a document, anything that might be a problem for text_problems: an escaped
# control character or tab/newline, a raw C1/separator/bidi/zero-width character, a surrogate or
# U+FFFE/U+FFFF (json.dumps leaves those raw), NaN or Infinity, a number of 16 digits or more.
# Most documents have none and are done in a few C-speed passes.
_SUSPECT_ESCAPE = re.compile(r"\\u00[01]|\\[nrtbf]")
_SUSPECT_CHARACTER = re.compile("[\x7f-\x9f\u2028\u2029\u200b\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                                "\ud800-\udfff\ufffe\uffff]")
_SUSPECT_NUMBER = re.compile("[0-9]{16}")


def _clean(data: Any) -> bool:
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):  # bytes, a date, a non-string key …: look value by value
        return False
    return not (("\\" in text and _SUSPECT_ESCAPE.search(text)) or "NaN" in text or "Infinity" in text
                or _SUSPECT_CHARACTER.search(text) or _SUSPECT_NUMBER.search(text))


def text_problems(doc: Document, kind: str) -> list[Problem]:
    """Characters and numbers a schema cannot rule out, in every value and key of the file."""
    if _clean(doc.data):
        return []
    out: list[Problem] = []
    forbidden, in_line = characters.FORBIDDEN.search, characters.FORBIDDEN_IN_LINE.search

    def text(value: str, where: tuple, multiline: bool, is_key: bool) -> None:
        m = (forbidden if multiline else in_line)(value)
        if m is None:
            return
        c, i = m.group(), m.start()
        row = value.count("\n", 0, i)
        col = i - (value.rfind("\n", 0, i) + 1) + 1
        place = f"値の {row + 1} 行目 {col} 文字目" if row else f"{i + 1} 文字目"
        what = "項目名" if is_key else "この項目"
        if c in "\n\t" and not multiline:
            word = "改行" if c == "\n" else "タブ"
            out.append(Problem(doc.path, doc.line_of(where), dotted(where), "one-line",
                               f"{what}は1行で書きます。{word}は使えません（{place}）",
                               "改行・タブを消して1行にしてください" if c == "\n"
                               else "タブを半角スペースにしてください"))
        else:
            out.append(Problem(doc.path, doc.line_of(where), dotted(where), "bad-character",
                               f"{what}に使えない文字 {characters.name(c)}があります（{place}）",
                               SURROGATE_HINT if "\ud800" <= c <= "\udfff" else BAD_CHARACTER_HINT))

    def walk(value: Any, where: tuple, multiline: bool) -> None:
        if isinstance(value, str):
            text(value, where, multiline, False)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    text(key, where + (key,), False, True)
                walk(item, where + (key,), key in MULTILINE_FIELDS and not (kind == "district" and "schedule" in where))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, where + (i,), multiline)
        elif isinstance(value, float) and not math.isfinite(value):
            spelled = ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
            out.append(Problem(doc.path, doc.line_of(where), dotted(where), "not-finite",
                               f"{spelled} は数として使えません（数でない値・無限大）",
                               "実際の数値を書いてください。分からないときは項目ごと消してください"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            out.append(Problem(doc.path, doc.line_of(where), dotted(where), "too-large-number",
                               "数が大きすぎます（±1,000,000,000,000,000 まで）", "桁数を確かめてください"))

    walk(doc.data, (), False)
    return out


def _one_message_per_mistake(doc: Document, kind: str, problems: list[Problem], renames: list[tuple]) -> list[Problem]:
    """A misspelt key shows as "unknown precison" and the "missing" messages it causes
    ("missing precision", and "missing lat" because without precision lat is required):
    keep the unknown key with its suggestion and drop every "missing" message that is gone once
    the key is spelt as suggested. A swapped lat/lon is reported once."""
    if renames and any(p.code == "missing-field" for p in problems):
        fixed = copy.deepcopy(doc.data)
        for where, key, near in renames:
            target = _value_at(fixed, where)
            if isinstance(target, dict) and key in target and near not in target:
                target[near] = target.pop(key)
        still_missing = {p.field for p in _schema_problems(doc, kind, fixed)[0] if p.code == "missing-field"}
        problems = [p for p in problems if p.code != "missing-field" or p.field in still_missing]
    out, swapped_seen = [], set()
    for p in problems:
        if p.code == "swapped-coordinates":
            location = p.field.rsplit(".", 1)[0]
            if location in swapped_seen:
                continue
            swapped_seen.add(location)
        out.append(p)
    return out


def _value_at(data: Any, where: tuple) -> Any:
    for part in where:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _swapped(location: Any) -> bool:
    if not isinstance(location, dict):
        return False
    lat, lon = location.get("lat"), location.get("lon")
    return (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
            and 122 <= lat <= 154 and 20 <= lon <= 46)


def _describe(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "空（null）"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _type_name(type_: Any) -> str:
    if isinstance(type_, list):
        return "・".join(_TYPE_JA.get(t, t) for t in type_)
    return _TYPE_JA.get(type_, str(type_))


def enum_labels(schema: dict, allowed: list) -> dict[str, str]:
    """id → label from a description written "id: label / id: label" (e.g. "weekly: 毎週")."""
    labels = {str(a): "" for a in allowed}
    for part in str(schema.get("description", "")).split(" / "):
        key, sep, label = part.partition(": ")
        if sep and key.strip() in labels:
            labels[key.strip()] = label.strip()
    return labels


def _to_problems(doc: Document, error: ValidationError, renames: list[tuple]) -> list[Problem]:
    where = tuple(error.absolute_path)
    field = dotted(where)
    line = doc.line_of(where)
    kind = error.validator
    value = error.instance
    hint = ""

    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        out = []
        properties = error.schema.get("properties", {})
        for key in extra:
            near = suggest.key_for(str(key), {k: str(v.get("description", "")) for k, v in properties.items()})
            if near:
                renames.append((where, key, near))
            out.append(Problem(
                doc.path, doc.line_of(where + (key,)), dotted(where + (key,)), "unknown-field",
                f"知らない項目{shown(str(key))}があります。使える項目: {', '.join(allowed)}",
                ("" if not near else f"「{near}」の書き間違いではありませんか" if str(key).isascii()
                 else f"「{near}」のことではありませんか（項目名は半角英字の名前で書きます）")
                or "項目名のつづりを確かめてください",
            ))
        return out
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        desc = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        if missing in ("lat", "lon") and isinstance(value, dict) and "precision" in value:
            if missing == "lon" and "lat" not in value:
                return []  # one message for both, given on lat
            desc = ("precision が exact か approximate のときは lat と lon の両方が必要です。"
                    "位置を出さない資源なら precision: hidden にしてください")
        return [Problem(doc.path, line, dotted(where + (missing,)), "missing-field",
                        f"必須の項目「{missing}」がありません", desc)]
    if kind in ("minimum", "maximum") and where and where[-1] in ("lat", "lon"):
        location = _value_at(doc.data, where[:-1])
        if _swapped(location):
            return [Problem(doc.path, doc.line_of(where[:-1] + ("lat",)), dotted(where[:-1] + ("lat",)),
                            "swapped-coordinates",
                            f"緯度と経度が入れ替わっているようです（lat={location['lat']}, lon={location['lon']}）",
                            f"lat: {location['lon']}、lon: {location['lat']} と入れ替えてください")]
    if kind in ("oneOf", "anyOf") and error.context:
        # the branch that says most: a value of the right type in the wrong form, not "is not null"
        best = next((e for e in error.context if e.validator != "type"), error.context[0])
        return _to_problems(doc, best, renames)
    if kind == "type":
        expected = error.validator_value
        message = f"{_describe(value)} は{_type_name(expected)}ではありません"
        wants_string = expected == "string" or (isinstance(expected, list) and "string" in expected)
        if wants_string and isinstance(value, bool):
            hint = ("YAML では yes/no/on/off/true/false が真偽値になります。"
                    "文字として書くなら引用符で囲んでください（例: \"no\"）")
        elif wants_string and isinstance(value, int) and where and where[-1] in ("opens", "closes"):
            hint = ("時刻は引用符で囲んでください（例: \"10:00\"）。"
                    "YAML では引用符のない 10:00 が 600 という数になります")
        elif wants_string and isinstance(value, (int, float)) and where and where[-1] == "code":
            hint = "市区町村コードは引用符で囲み、検査数字を含む6桁で書いてください（例: \"402028\"）"
        elif wants_string and isinstance(value, (int, float)):
            hint = "数字だけの値も、文字として扱うなら引用符で囲んでください"
        elif expected in ("number", "integer") and isinstance(value, str):
            hint = "数値は引用符やカンマ・単位を付けずに書いてください（例: 117224）"
        return [Problem(doc.path, line, field, "wrong-type", message, hint)]
    if kind == "enum" or kind == "const":
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        names = [str(a) for a in allowed]
        return [Problem(doc.path, line, field, "not-allowed",
                        f"{_describe(value)} は使えません。使える値: {', '.join(names)}",
                        suggest.hint(str(value), enum_labels(error.schema, allowed)))]
    if kind == "pattern":
        code, message, hint = _pattern_problem(error)
        reason = date_reason(value, "|1[0-2]))?|" in error.validator_value) \
            if code == "bad-date" and isinstance(value, str) else None
        if reason:
            message += f": {reason}"
        return [Problem(doc.path, line, field, code, f"{_describe(value)} は{message}", hint)]
    simple = {
        "minItems": ("too-few", f"少なくとも {error.validator_value} 個必要です", ""),
        "maxItems": ("too-many", f"{error.validator_value} 個までです", ""),
        "minLength": ("empty", "空にできません" if error.validator_value == 1
                      else f"{error.validator_value} 文字以上必要です", ""),
        "maxLength": ("too-long", f"長すぎます（{error.validator_value} 文字まで）", "短くまとめてください"),
        "minimum": ("too-small", f"{_describe(value)} は小さすぎます（{error.validator_value} 以上）",
                    "緯度・経度の取り違えや符号を確かめてください" if where and where[-1] in ("lat", "lon") else ""),
        "maximum": ("too-large", f"{_describe(value)} は大きすぎます（{error.validator_value} 以下）",
                    "緯度・経度の取り違えや符号を確かめてください" if where and where[-1] in ("lat", "lon") else ""),
        "exclusiveMinimum": ("too-small", f"{_describe(value)} は小さすぎます（{error.validator_value} より大きく）", ""),
        "uniqueItems": ("duplicate-item", "同じ値が2回以上あります", "重複を消してください"),
    }
    if kind in simple:
        code, message, hint = simple[kind]
        return [Problem(doc.path, line, field, code, message, hint)]
    return [Problem(doc.path, line, field, "schema", f"スキーマの条件「{kind}」に合いません",
                    error.schema.get("description", ""))]


def _pattern_problem(error: ValidationError) -> tuple[str, str, str]:
    pattern = error.validator_value
    desc = error.schema.get("description", "")
    if "mailto" in pattern:
        return ("bad-url", "使える URL ではありません",
                "http:// か https:// で始まるウェブアドレス、mailto: か tel: だけが使えます")
    if pattern.startswith("^https?://"):  # sources.schema.json: a web address only
        return ("bad-url", "使える URL ではありません",
                "http:// か https:// で始まるウェブアドレスだけが使えます（javascript: や file: は使えません）")
    if pattern.endswith("\\.ya?ml$"):  # sources.schema.json: options.mapping
        return ("bad-path", "プロジェクトの中の YAML ファイルの場所ではありません",
                "プロジェクトのフォルダーからの相対パスで、.. を使わずに書いてください（例: content/import/takamatsu.yaml）")
    if "-02-29" in pattern:  # common.schema.json's date and partial_date
        if "|1[0-2]))?|" in pattern:
            return ("bad-date", "日付ではありません",
                    "YYYY、YYYY-MM、YYYY-MM-DD のいずれかで、実在する年月日を書いてください")
        return ("bad-date", "実在する日付ではありません",
                "YYYY-MM-DD（例: \"2024-04-01\"）で、実在する年月日を書いてください")
    if pattern == "^\\d{6}$":
        return ("bad-code", "全国地方公共団体コード（6桁）ではありません",
                "検査数字を含む6桁で書いてください（例: 大牟田市は \"402028\"）")
    if "a-z0-9" in pattern:
        return ("bad-id", "識別子に使えない文字を含んでいます",
                "半角英小文字・数字・ハイフンだけで書いてください（例: omuta-kayoinoba-1）")
    return ("bad-format", "書き方が違います", desc)
