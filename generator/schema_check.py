"""Stage 2a: JSON Schema validation, errors → Problems in Japanese.

Two validators read the same schemas. `jsonschema_rs` (Rust) only answers "valid or not", some
100 times faster on a district; a document it accepts needs nothing more. Any other document goes through
`jsonschema`, whose errors carry what the Japanese messages are made from, so the messages are
those of `jsonschema` alone. For the shortcut to be safe, jsonschema_rs must never accept what
jsonschema rejects: it is built to assert no `format` (as jsonschema by default) and to match
`pattern` with Python's `re` (as jsonschema does; jsonschema_rs's own ECMA-style regexes differ,
e.g. Python's \\s also matches \\x1c-\\x1f and \\x85). Anything it cannot take in (a lone surrogate,
bytes, a non-string key) or any failure of its own falls back to jsonschema.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from .load import Document, dotted
from .problems import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"
KINDS = ("case", "district", "vocabulary", "documents", "statistics", "worksheet", "checksheet")

_TYPE_JA = {
    "string": "文字列", "number": "数値", "integer": "整数", "boolean": "真偽値（true/false）",
    "array": "一覧（- で始まる行）", "object": "項目の集まり（キー: 値）", "null": "空（null）",
}


@functools.lru_cache(maxsize=1)
def _registry() -> Registry:
    registry = Registry()
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


class _PythonPattern:
    """`pattern` for jsonschema_rs, matched exactly as jsonschema does (re.search on strings)."""

    def __init__(self, parent_schema: dict, value: str, schema_path: list):
        self.search = re.compile(value).search

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not self.search(instance):
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
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    try:
        return jsonschema_rs.Draft202012Validator(
            schema, registry=_fast_registry(), offline=True, validate_formats=False,
            keywords={"pattern": _PythonPattern})
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


def check(doc: Document, kind: str) -> list[Problem]:
    if fast_is_valid(doc.data, kind):
        return []
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(doc.data):
        problems.extend(_to_problems(doc, error))
    return _one_message_per_mistake(problems)


def _one_message_per_mistake(problems: list[Problem]) -> list[Problem]:
    """A misspelled field shows as "unknown summery" + "missing summary": keep only the first,
    saying what it should be; a swapped lat/lon is reported once."""
    misspelt = set()
    out = []
    for p in problems:
        if p.code == "unknown-field" and p.hint.startswith("「"):
            parent = p.field.rsplit(".", 1)[0] if "." in p.field else ""
            intended = p.hint[1:].split("」", 1)[0]
            misspelt.add(f"{parent}.{intended}" if parent else intended)
    swapped_seen = set()
    for p in problems:
        if p.code == "missing-field" and p.field in misspelt:
            continue
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


def _to_problems(doc: Document, error: ValidationError) -> list[Problem]:
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
        for key in extra:
            near = difflib.get_close_matches(key, allowed, n=1)
            out.append(Problem(
                doc.path, doc.line_of(where + (key,)), dotted(where + (key,)), "unknown-field",
                f"知らない項目「{key}」があります。使える項目: {', '.join(allowed)}",
                f"「{near[0]}」の書き間違いではありませんか" if near else "項目名のつづりを確かめてください",
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
        near = difflib.get_close_matches(str(value), names, n=1)
        return [Problem(doc.path, line, field, "not-allowed",
                        f"{_describe(value)} は使えません。使える値: {', '.join(names)}",
                        f"「{near[0]}」ではありませんか" if near else "")]
    if kind == "pattern":
        code, message, hint = _pattern_problem(error)
        return [Problem(doc.path, line, field, code, f"{_describe(value)} は{message}", hint)]
    simple = {
        "minItems": ("too-few", f"少なくとも {error.validator_value} 個必要です", ""),
        "maxItems": ("too-many", f"{error.validator_value} 個までです", ""),
        "minLength": ("empty", "空にできません" if error.validator_value == 1
                      else f"{error.validator_value} 文字以上必要です", ""),
        "maxLength": ("too-long", f"長すぎます（{error.validator_value} 文字まで）", "短くまとめてください"),
        "minimum": ("too-small", f"{_describe(value)} は小さすぎます（{error.validator_value} 以上）",
                    "緯度・経度の取り違えや符号を確かめてください"),
        "maximum": ("too-large", f"{_describe(value)} は大きすぎます（{error.validator_value} 以下）",
                    "緯度・経度の取り違えや符号を確かめてください"),
        "uniqueItems": ("duplicate-item", "同じ値が2回以上あります", "重複を消してください"),
    }
    if kind in simple:
        code, message, hint = simple[kind]
        return [Problem(doc.path, line, field, code, message, hint)]
    return [Problem(doc.path, line, field, "schema", error.message, "")]


def _pattern_problem(error: ValidationError) -> tuple[str, str, str]:
    pattern = error.validator_value
    desc = error.schema.get("description", "")
    if "mailto" in pattern:
        return ("bad-url", "使える URL ではありません",
                "http:// か https:// で始まるウェブアドレス、mailto: か tel: だけが使えます")
    if pattern.startswith("^\\d{4}"):
        return ("bad-date", "日付の書き方ではありません",
                "YYYY-MM-DD（例: \"2024-04-01\"）で、実在する月日を書いてください" if "(0[1-9]" in pattern
                and "?" not in pattern else "YYYY、YYYY-MM、YYYY-MM-DD のいずれかで書いてください")
    if pattern == "^\\d{6}$":
        return ("bad-code", "全国地方公共団体コード（6桁）ではありません",
                "検査数字を含む6桁で書いてください（例: 大牟田市は \"402028\"）")
    if "a-z0-9" in pattern:
        return ("bad-id", "識別子に使えない文字を含んでいます",
                "半角英小文字・数字・ハイフンだけで書いてください（例: omuta-kayoinoba-1）")
    return ("bad-format", "書き方が違います", desc)
