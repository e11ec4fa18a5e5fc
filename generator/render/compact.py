"""Theme pages without their template indentation: MkDocs and Material write every page's
header, navigation and footer with the blank lines and indentation of their Jinja
templates (about 4 KB of each page's 10 KB of theme). A run of whitespace that holds a line
break becomes one line break, which a browser renders the same (whitespace between tags
and in text collapses to one space) — except inside <pre>, <textarea>, <script> and <style>,
which are left as they are. Applied to the theme's output before the generated body of a
page is put back (hooks.on_post_page), so contributor text is never touched.
"""

from __future__ import annotations

import json
import re

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b[^>]*>.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")


_JSON_SCRIPT = re.compile(r'(<script\b[^>]*type="application/json"[^>]*>)(.*?)(</script>)', re.DOTALL)


def _json(m: re.Match) -> str:
    """A JSON data block in UTF-8 instead of \\u escapes (the theme's translations: 1.5 KB
    of each page), still safe inside <script> ("<" escaped)."""
    try:
        value = json.loads(m.group(2))
    except ValueError:
        return m.group(0)
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return m.group(1) + body + m.group(3)


def compact_html(html: str) -> str:
    parts = _KEEP.split(html)
    # split() gives [text, kept block, tag name, text, kept block, tag name, …]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_SPACE.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(_JSON_SCRIPT.sub(_json, parts[i + 1]))
    return "".join(out)
