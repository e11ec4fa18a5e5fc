"""Validation problems as data: collected across all files, sorted, printed once.

Every part of a problem (file name, field, message, hint) may hold text a contributor
wrote. It is printed through `visible`, so a newline, a NUL, an escape sequence or a
bidi control in a value or a file name can never start a new line in the log, forge a
GitHub `::error` command or reorder what a reviewer reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 and C1 controls (tab and newline too: a message is one line), DEL, line and
# paragraph separators, bidi embeddings/overrides/isolates and marks, BOM, the
# zero-width characters that can hide text, and what is no character at all (a lone
# surrogate, which could not even be printed as UTF-8, U+FFFE and U+FFFF).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                        "\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` with every control or invisible formatting character written as an escape."""
    def escape(m: re.Match) -> str:
        c = m.group(0)
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c, f"\\u{ord(c):04x}")
    return _INVISIBLE.sub(escape, str(text))


def shown(value: str, limit: int = 60) -> str:
    """A contributor's value for a message: in 「」, escaped, shortened to `limit` characters."""
    text = visible(value)
    return f"「{text if len(text) <= limit else text[:limit - 1] + '…'}」"


def _annotation_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    return _annotation_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops the build; "warning" is printed only

    def format(self) -> str:
        where = f"{visible(self.path)}:{self.line}" if self.line else visible(self.path)
        field = f" {visible(self.field)}:" if self.field else ""
        hint = f"（ヒント: {visible(self.hint)}）" if self.hint else ""
        label = "警告" if self.severity == "warning" else "エラー"
        return f"{where}:{field} {label} [{self.code}] {visible(self.message)}{hint}"

    def github_annotation(self) -> str:
        """GitHub Actions workflow command, shown inline on the pull request. Properties and
        data are escaped as the workflow command format requires, after `visible`."""
        kind = "warning" if self.severity == "warning" else "error"
        text = visible(self.message) + (f"（ヒント: {visible(self.hint)}）" if self.hint else "")
        title = visible(self.field or self.code)
        line = f",line={self.line}" if self.line else ""
        return (f"::{kind} file={_annotation_property(visible(self.path))}{line},"
                f"title={_annotation_property(title)}::{_annotation_data(text)}")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def report(problems: list[Problem], github: bool = False) -> str:
    """All problems, sorted by file and line, one per line, then a count."""
    lines = [p.format() for p in sorted(problems)]
    if github:
        lines += [p.github_annotation() for p in sorted(problems)]
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    lines.append(f"エラー {n_err} 件、警告 {n_warn} 件")
    return "\n".join(lines)
