"""Characters a contributor's text may not hold, and their names in Japanese.

Every string of every YAML file (values and keys) is checked against these at the schema
stage (schema_check.text_problems); characters that may not be in a file at all (NOT_IN_FILES)
are reported by the loader with their line and column, before parsing (load.parse).

- never: NUL and the other C0 controls, DEL, the C1 controls (U+0080–U+009F), the line and
  paragraph separators U+2028/U+2029, the bidi controls (U+200E/U+200F, U+061C,
  U+202A–U+202E, U+2066–U+2069), zero-width space U+200B and a BOM (U+FEFF) inside text.
  They are invisible or change how the text around them reads (a U+202E turns 「山田」 into
  what looks like another name) and can forge lines in logs.
- never either: a lone surrogate (U+D800–U+DFFF; in a YAML file only as a \\u escape, which the
  loader reads so that it is reported here, on its field) and U+FFFE/U+FFFF. They are not
  characters: no file may hold them raw (NOT_IN_FILES), so no escape may bring them in, and
  a string with one cannot be written as UTF-8 at all (a page, a search index, a log line).
  The other non-characters (U+FDD0–U+FDEF, U+1FFFE …) are valid in UTF-8 and in YAML and stay
  allowed.
- tab and newline: only in fields that hold multi-line prose (MULTILINE_FIELDS in
  schema_check); names, ids, titles, labels, dates, codes, URLs and keys are one line.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NOT_CHARACTERS = "\ud800-\udfff\ufffe\uffff"  # surrogates (in a Python str always lone) and U+FFFE/U+FFFF
# in any string (tab and newline are judged per field)
FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b\ufeff{_BIDI}{_NOT_CHARACTERS}]")
# in a one-line string
FORBIDDEN_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b\ufeff{_BIDI}{_NOT_CHARACTERS}]")
# not in a file at all: what YAML 1.1 (libyaml) cannot read, and the characters it reads as a
# line break where editors and GitHub show none (NEL, U+2028, U+2029: "a: x<U+2028>b: 1" is two keys)
NOT_IN_FILES = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BIDI_CHARS = re.compile(f"[{_BIDI}]")


def name(c: str) -> str:
    """「U+202E（文字の向きを変える制御文字）」 for one character."""
    code = f"U+{ord(c):04X}"
    if c == "\x00":
        what = "NUL 文字"
    elif c == "\t":
        what = "タブ"
    elif c in "\n\r":
        what = "改行"
    elif c == "\x85":
        what = "NEL 改行文字"
    elif c in "\u2028\u2029":
        what = "行・段落の区切り文字"
    elif _BIDI_CHARS.match(c):
        what = "文字の向きを変える制御文字"
    elif c in "\u200b\ufeff":
        what = "幅のない文字"
    elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
        what = "制御文字"
    else:
        what = "文字として使えない符号"
    return f"{code}（{what}）"
