"""The JSON Schemas compiled for the browser editor (editor/): the same schema files that
`generator validate` reads, with every `$ref` resolved, every `pattern` as the ES5 regular
expression schema_check.es5_pattern gives (schema patterns have ECMA semantics in all
validators), and the Japanese text that schema_check.py writes for a failed pattern computed
here, by schema_check itself. `js_pattern` translates the Python `re` patterns of other modules
(paths, privacy, Python's \\d) to ES5 with their Python meaning.

Why compile instead of shipping a JSON Schema library (ajv) to the browser: the messages
must be schema_check's. The schemas use a small set of keywords; `compile_schema` refuses any
other, so a schema change the editor could not follow fails the build instead of drifting.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sys
from array import array
from types import SimpleNamespace
from typing import Any

import yaml

from ..check.schema_check import SCHEMA_DIR, _pattern_problem, es5_pattern

# keywords the browser validator (editor-core.js) implements, exactly as jsonschema does
VALIDATION_KEYWORDS = frozenset({
    "type", "enum", "const", "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
    "minimum", "maximum", "required", "properties", "additionalProperties", "items", "if", "then", "allOf",
})
ANNOTATIONS = frozenset({"description", "title", "$schema", "$id", "$defs"})


class UnsupportedSchema(ValueError):
    """The schema uses something the browser validator does not implement."""


@functools.lru_cache(maxsize=1)
def _schemas() -> dict[str, dict]:
    out = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        out[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _resolve(ref: str, current: str) -> tuple[dict, str]:
    """The schema a `$ref` points to, and the file it lives in."""
    file, _, pointer = ref.partition("#")
    file = file or current
    node: Any = _schemas()[file]
    for part in filter(None, pointer.split("/")):
        node = node[part]
    return node, file


# ---------------------------------------------------------------- patterns

@functools.lru_cache(maxsize=1)
def python_classes() -> dict[str, list[str]]:
    """Every code point Python's `\\d` and `\\s` match (str patterns, Unicode). The text of
    every code point but the surrogates is made by decoding them as UTF-32 (a loop of chr()
    per code point took five times as long)."""
    codes = array("I", itertools.chain(range(0xD800), range(0xE000, 0x110000)))
    text = codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")
    return {"d": re.findall(r"\d", text), "s": re.findall(r"\s", text)}


def _js_char(c: str) -> str:
    return f"\\u{ord(c):04X}"


def _ranges(chars: list[str]) -> str:
    """BMP characters as the inside of a character class."""
    codes = sorted(ord(c) for c in chars)
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(_js_char(chr(codes[i])) + (("-" + _js_char(chr(codes[j]))) if j > i else ""))
        i = j + 1
    return "".join(out)


def _astral(chars: list[str]) -> list[str]:
    """Characters above U+FFFF as surrogate-pair alternatives (ES5 has no `u` flag)."""
    by_high: dict[int, list[int]] = {}
    for c in chars:
        units = c.encode("utf-16-be")
        by_high.setdefault(int.from_bytes(units[:2], "big"), []).append(int.from_bytes(units[2:], "big"))
    return [_js_char(chr(high)) + "[" + _ranges([chr(low) for low in lows]) + "]"
            for high, lows in sorted(by_high.items())]


def js_pattern(pattern: str) -> str:
    """A Python `re` pattern (as jsonschema uses it: re.search on str) as an ES5 RegExp
    source with the same meaning. Only the constructs our schemas use are accepted."""
    classes = python_classes()
    bmp_digits = [c for c in classes["d"] if ord(c) <= 0xFFFF]
    digit = "(?:[" + _ranges(bmp_digits) + "]|" + "|".join(_astral([c for c in classes["d"] if ord(c) > 0xFFFF])) + ")"
    space = _ranges(classes["s"])  # all BMP
    if any(ord(c) > 0xFFFF for c in classes["s"]):
        raise UnsupportedSchema("\\s outside the BMP")
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1]
            if nxt == "d":
                if in_class:
                    raise UnsupportedSchema(f"\\d inside a character class: {pattern}")
                out.append(digit)
            elif nxt == "s":
                out.append(space if in_class else "[" + space + "]")
            elif nxt in "-.()[]{}|?*+^$/\\\"'":
                out.append("\\" + nxt)
            else:
                raise UnsupportedSchema(f"escape \\{nxt} in {pattern}")
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
        elif c == "$":
            out.append("(?=\\n?$)")  # Python's `$` also matches before a final newline
        elif c == "." and pattern[i + 1:i + 2] in ("+", "*"):
            out.append("[^\\n]")  # one UTF-16 unit, but repeated: the same strings as Python's .+ / .*
        elif c == ".":
            raise UnsupportedSchema(f"'.' in {pattern}")
        elif ord(c) > 0xFFFF:
            raise UnsupportedSchema(f"character above U+FFFF in {pattern}")
        else:
            out.append(c if ord(c) < 0x80 else _js_char(c))
        i += 1
    return "".join(out)


def js_class(pattern: str) -> str:
    """A Python character-class pattern of BMP characters (problems._INVISIBLE) for ES5, without
    the surrogates (see matches_surrogates)."""
    compiled = re.compile(pattern)
    return "[" + _ranges([chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000
                          and compiled.fullmatch(chr(i))]) + "]"


def matches_surrogates(*classes: re.Pattern) -> bool:
    """Whether the character classes match the surrogates U+D800–U+DFFF: in Python a string
    holds them only alone, in the browser alone or as the halves of a pair, so the browser
    tests for a lone one itself (editor-core.js: charsOf). All of them or none, in every class."""
    seen = {bool(c.fullmatch(chr(i))) for c in classes for i in range(0xD800, 0xE000)}
    if len(seen) != 1:
        raise UnsupportedSchema("character classes that take some surrogates and not others")
    return seen.pop()


# ---------------------------------------------------------------- schemas

def _compile(node: dict, file: str, depth: int = 0) -> dict:
    if depth > 40:
        raise UnsupportedSchema("schema nested too deeply (recursive $ref?)")
    node = dict(node)
    raw_description = node.get("description", "")
    if "$ref" in node:
        ref = node.pop("$ref")
        target, target_file = _resolve(ref, file)
        resolved = _compile(target, target_file, depth + 1)
        overlap = (set(resolved) & set(node)) - ANNOTATIONS - {"rdesc", "pat", "ref"}
        if overlap:
            raise UnsupportedSchema(f"$ref with sibling keywords it also has: {sorted(overlap)}")
        siblings = _compile(node, file, depth + 1)
        merged = {k: v for k, v in {**resolved, **siblings}.items() if k != "rdesc"}
        if raw_description:
            merged["rdesc"] = raw_description
        merged["ref"] = ref.rsplit("/", 1)[-1]  # which shared definition (date, term, location …): for the form
        return merged
    unknown = set(node) - VALIDATION_KEYWORDS - ANNOTATIONS
    if unknown:
        raise UnsupportedSchema(f"keywords the browser validator does not implement: {sorted(unknown)}")
    out: dict[str, Any] = {"rdesc": raw_description} if raw_description else {}
    for key, value in node.items():
        if key in ("$schema", "$id", "$defs", "title", "description"):
            continue
        if key == "properties":
            out[key] = {name: _compile(sub, file, depth + 1) for name, sub in value.items()}
        elif key in ("items", "if", "then"):
            out[key] = _compile(value, file, depth + 1)
        elif key == "allOf":
            out[key] = [_compile(sub, file, depth + 1) for sub in value]
        elif key == "additionalProperties":
            if value is not False:
                raise UnsupportedSchema("additionalProperties other than false")
            out[key] = False
        elif key == "pattern":
            code, message, hint = _pattern_problem(SimpleNamespace(validator_value=value, schema=node))
            out[key] = es5_pattern(value)  # schema patterns are ECMA already (schema_check)
            out["pat"] = [code, message, hint]
        else:
            out[key] = value
    if "properties" in out:
        out["allowed"] = sorted(out["properties"])  # for additionalProperties messages
    return out


@functools.cache
def compile_schema(kind: str) -> dict:
    """The schema of `kind` ("district", "case") as the browser validator reads it."""
    name = f"{kind}.schema.json"
    return _compile(_schemas()[name], name)


# ---------------------------------------------------------------- YAML

def _verbose_to_plain(pattern: str) -> str:
    """A re.X pattern without its insignificant whitespace (PyYAML writes its resolvers so)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
        elif not c.isspace():
            out.append(c)
        i += 1
    return "".join(out)


def yaml_resolvers() -> list[dict]:
    """PyYAML's implicit resolvers as {f: first characters, e: also for "", p: ES5 pattern}.
    A string one of them matches (tried only when its first character is listed, as PyYAML
    does) would not read back as a string when written plain, so the writer quotes it."""
    by_pattern: dict[str, set[str]] = {}
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        for _tag, regexp in resolvers:
            source = _verbose_to_plain(regexp.pattern) if regexp.flags & re.X else regexp.pattern
            by_pattern.setdefault(source, set()).add(first or "")
    out = []
    for source, firsts in by_pattern.items():
        if not (source.startswith("^") and source.endswith("$")) or "$" in source[:-1]:
            raise UnsupportedSchema(f"unexpected YAML resolver pattern {source!r}")
        out.append({"f": "".join(sorted(f for f in firsts if f)), "e": "" in firsts,
                    "p": source[:-1] + "(?=\\n?$)"})
    return out
