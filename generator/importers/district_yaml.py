"""District YAML in the project's one style: the style `generator new-district`
(scaffold.py) writes, and the one any other writer (a browser editor, say) must copy.

The style, rule by rule:
- first line `# yaml-language-server: $schema=../../generator/schemas/district.schema.json`,
  then the file's own comment lines (`# …`), then the data; no blank lines;
- keys in the order the schema declares its properties (district.schema.json; tested):
  district  id, name, layer, municipality{code, prefecture, name}, demo, description,
            maintainer, maintainer_contact{phone, email, url}, source{id, as_of}, last_reviewed, resources
  resource  id, name, category, target_states, activity_types, operator_type, service_type,
            description, schedule{text, rules[{freq, byday, bysetpos, opens, closes}], notes},
            address, location{lat, lon, precision}, contact{organisation, phone, email},
            source_fields[{label, value}], url, last_verified
- block mappings indented by two spaces; a list of mappings as `- ` items; a list of
  scalars (target_states, activity_types, byday, bysetpos) in flow style: `[genki, kyojaku]`;
- a string is written plain when YAML reads it back as the same string, else in double
  quotes with escapes (so dates, times and codes are quoted: `"2026-10-01"`, `"10:00"`,
  `"131016"`), and codes, dates and times always are (ALWAYS_QUOTED); control characters,
  line breaks, bidi and zero-width characters are always escaped, never written raw;
- numbers as Python's repr (`35.6962`), booleans `true`/`false`; no line folding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

import yaml

from ..check.problems import visible

SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/district.schema.json"

DISTRICT_KEYS = ("id", "name", "layer", "municipality", "demo", "description", "maintainer", "maintainer_contact",
                 "source", "last_reviewed", "resources")
SOURCE_KEYS = ("id", "as_of")
MAINTAINER_CONTACT_KEYS = ("phone", "email", "url")
MUNICIPALITY_KEYS = ("code", "prefecture", "name")
RESOURCE_KEYS = ("id", "name", "category", "target_states", "activity_types", "operator_type", "service_type",
                 "description", "schedule", "address", "location", "contact", "source_fields", "url",
                 "last_verified")
SOURCE_FIELD_KEYS = ("label", "value")
SCHEDULE_KEYS = ("text", "rules", "notes")
RULE_KEYS = ("freq", "byday", "bysetpos", "opens", "closes")
LOCATION_KEYS = ("lat", "lon", "precision")
CONTACT_KEYS = ("organisation", "phone", "email")
ALWAYS_QUOTED = frozenset({"code", "last_reviewed", "last_verified", "opens", "closes", "as_of"})  # as the scaffold writes
FLOW_LISTS = frozenset({"target_states", "activity_types", "byday", "bysetpos"})
KEY_ORDER = {  # the mapping at each place → its keys in order
    "district": DISTRICT_KEYS, "municipality": MUNICIPALITY_KEYS, "maintainer_contact": MAINTAINER_CONTACT_KEYS,
    "resource": RESOURCE_KEYS,
    "schedule": SCHEDULE_KEYS, "rule": RULE_KEYS, "location": LOCATION_KEYS, "contact": CONTACT_KEYS,
    "source_field": SOURCE_FIELD_KEYS, "source": SOURCE_KEYS,
}
_ITEM = {"resources": "resource", "rules": "rule", "source_fields": "source_field"}  # a list → its items
_CHILD = {"municipality": "municipality", "maintainer_contact": "maintainer_contact", "schedule": "schedule",
          "location": "location", "contact": "contact", "source": "source"}

_RESOLVER = yaml.resolver.Resolver()
# characters a plain scalar may not start with (YAML indicators, quotes, space)
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@` \t")
# anything YAML would not keep as written in a plain scalar, or a reviewer could not see:
# line breaks, controls, bidi and zero-width characters (as problems.visible escapes them),
# the byte-order mark, characters outside YAML's printable set, ": " and " #"
_INVISIBLE = "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff"
_UNSAFE = re.compile(f"[{_INVISIBLE}]|: | #|:$|\\s$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
_TO_ESCAPE = re.compile(f'[\\\\"{_INVISIBLE}]')


def _escape(m: re.Match) -> str:
    c = m.group(0)
    if c in _ESCAPES:
        return _ESCAPES[c]
    return f"\\x{ord(c):02X}" if ord(c) < 0x100 else f"\\u{ord(c):04X}"


def quoted(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")


def _number(value: int | float) -> str:
    """A number YAML reads back as the same number: a float always with a point and never
    in exponent form (YAML 1.1 reads `1e-05` as text)."""
    if isinstance(value, int):
        return repr(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text or not text.lstrip("-").isdigit() else text + ".0"


def scalar(value, flow: bool = False) -> str:
    """One value as YAML text in the project's style (`flow`: an item of a `[a, b]` list,
    where a comma or bracket would split or end the list)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if not isinstance(value, str):
        raise TypeError(f"not a YAML scalar: {value!r}")
    if (not value or value[0] in _PLAIN_START or _UNSAFE.search(value)
            or (flow and _FLOW_INDICATORS.search(value))
            or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"):
        return quoted(value)
    return value


def _ordered(data: dict, place: str) -> list[tuple[str, object]]:
    keys = KEY_ORDER[place]
    unknown = set(data) - set(keys)
    if unknown:
        raise ValueError(f"{place}: keys outside the schema: {sorted(unknown)}")
    return [(k, data[k]) for k in keys if k in data]


def _mapping(data: dict, place: str, indent: str, first_prefix: str | None = None) -> list[str]:
    """Lines of a block mapping; the first line starts with `first_prefix` (for "- ")."""
    out = []
    for i, (key, value) in enumerate(_ordered(data, place)):
        lead = first_prefix if (i == 0 and first_prefix is not None) else indent
        if isinstance(value, list) and not value:
            out.append(f"{lead}{key}: []")
        elif isinstance(value, dict):
            out.append(f"{lead}{key}:")
            out += _mapping(value, _CHILD[key], indent + "  ")
        elif isinstance(value, list) and key in FLOW_LISTS:
            out.append(f"{lead}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        elif isinstance(value, list):
            out.append(f"{lead}{key}:")
            item = _ITEM[key]
            for element in value:
                out += _mapping(element, item, indent + "    ", indent + "  - ")
        elif key in ALWAYS_QUOTED and isinstance(value, str):
            out.append(f"{lead}{key}: {quoted(value)}")
        else:
            out.append(f"{lead}{key}: {scalar(value)}")
    return out


def resource_lines(resource: dict, indent: str = "") -> list[str]:
    """One resource as the lines of a `resources:` item (`  - id: …`)."""
    return _mapping(resource, "resource", indent + "    ", indent + "  - ")


def district_yaml(district: dict, comments: Iterable[str] = ()) -> str:
    """The whole file: schema line, `# comment` lines, then the district in key order."""
    head = [SCHEMA_LINE] + [f"# {visible(c)}" for c in comments]
    body = _mapping(district, "district", "")
    return "\n".join(head + body) + "\n"
