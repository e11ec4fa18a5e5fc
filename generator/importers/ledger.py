"""Row accounting: every data row of a file is imported or reported, and the importer
checks it (rows == imported + reported) before it writes anything.

- `row()` counts a data row; it then ends in exactly one `accept()` or `refuse(...)`.
  A row accepted and later refused by validation is moved with `withdraw(...)`.
- `warn(...)` notes something about a row that was imported anyway (a dropped point,
  a guessed category); `tally(...)` gathers the same warning for many rows into one.
- Problems are `problems.Problem`s (path = the input file's name), printed through
  `Problem.format()`, which escapes control characters in anything the file contained.

`as_json()` is the `--report REPORT.json` format the issue fixes:
{"rows": N, "imported": M, "reported": K, "files": [...], "problems": [{"line", "message", …}]}
with N = M + K.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem, visible

SHOWN_PER_CODE = 20  # the text report shows this many problems of a kind; the JSON has all


class AccountingError(Exception):
    """rows != imported + reported: a bug in an importer, never a user's mistake."""


@dataclass
class Ledger:
    source: str
    rows: int = 0
    imported: int = 0
    reported: int = 0
    blank: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)       # summary lines for people
    files: list[str] = field(default_factory=list)       # written, relative to the project
    changes: dict[str, dict] = field(default_factory=dict)  # file → added/changed/removed
    _tallies: dict[tuple, list] = field(default_factory=dict)

    def row(self) -> None:
        self.rows += 1

    def accept(self) -> None:
        self.imported += 1

    def _add(self, line: int | None, message: str, hint: str, column: str, code: str, severity: str) -> None:
        self.problems.append(Problem(self.source, line or 0, column, code, message, hint, severity))

    def refuse(self, line: int | None, message: str, hint: str = "", column: str = "",
               code: str = "row-not-imported") -> None:
        """The row is not imported; `message` says why."""
        self.reported += 1
        self._add(line, message, hint, column, code, "error")

    def withdraw(self, line: int | None, message: str, hint: str = "", code: str = "invalid-row") -> None:
        """A row counted as imported is refused after all (its record failed validation)."""
        self.imported -= 1
        self.refuse(line, message, hint, code=code)

    def warn(self, line: int | None, message: str, hint: str = "", column: str = "",
             code: str = "warning") -> None:
        self._add(line, message, hint, column, code, "warning")

    def tally(self, key: tuple, line: int, message: str, hint: str = "", code: str = "guessed",
              refuse: bool = False) -> None:
        """One warning for every row that shares `key` (e.g. one unknown 種別 value). With
        `refuse`, the row is not imported (rows outside a --municipality selection)."""
        if refuse:
            self.reported += 1
        entry = self._tallies.setdefault(key, [message, hint, code, []])
        entry[3].append(line)

    def finish(self) -> None:
        """Turn the tallies into warnings and check the accounts."""
        for message, hint, code, lines in self._tallies.values():
            shown = "、".join(str(n) for n in lines[:10]) + ("…" if len(lines) > 10 else "")
            self.warn(lines[0], f"{message}（{len(lines):,} 行: {shown} 行目）", hint, code=code)
        self._tallies.clear()
        self.check()

    def check(self) -> None:
        if self.rows != self.imported + self.reported:
            raise AccountingError(f"{self.source}: rows {self.rows} != imported {self.imported}"
                                  f" + reported {self.reported}")

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def as_json(self) -> dict:
        return {
            "rows": self.rows, "imported": self.imported, "reported": self.reported,
            "files": list(self.files),
            "problems": [{"line": p.line or None, "message": p.message + (f"（ヒント: {p.hint}）" if p.hint else ""),
                          "severity": p.severity, "code": p.code, "column": p.field or None}
                         for p in sorted(self.problems)],
            "changes": self.changes,
            "blank_lines": self.blank,
        }

    def text(self) -> str:
        lines = [f"{visible(self.source)}: {self.rows:,} 行のうち {self.imported:,} 行を取り込み、"
                 f"{self.reported:,} 行は取り込みませんでした。"]
        if self.blank:
            lines.append(f"  空の行 {self.blank:,} 行は数えていません。")
        lines += [f"  {visible(n)}" for n in self.notes]
        shown: dict[str, int] = {}
        hidden: dict[str, int] = {}
        for p in sorted(self.problems, key=lambda p: (p.severity != "error", p.line, p.code)):
            if shown.get(p.code, 0) >= SHOWN_PER_CODE:
                hidden[p.code] = hidden.get(p.code, 0) + 1
                continue
            shown[p.code] = shown.get(p.code, 0) + 1
            lines.append(p.format())
        for code, n in hidden.items():
            lines.append(f"  …ほかに [{code}] が {n:,} 件あります（--report で書き出す JSON にはすべて入ります）")
        return "\n".join(lines)
