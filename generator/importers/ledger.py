"""Row accounting: every data row of a file is imported or reported, and the importer
checks it (rows == imported + reported) before it writes anything.

- `row()` counts a data row; it then ends in exactly one `accept()` or `refuse(...)`.
  A row accepted and later refused by validation is moved with `withdraw(...)`.
- `warn(...)` notes something about a row that was imported anyway (a dropped point,
  a guessed category); `tally(...)` gathers the same warning for many rows into one.
- Problems are `problems.Problem`s (path = the input file's name), printed through
  `Problem.format()`, which escapes control characters in anything the file contained.

`as_json()` is the `--report REPORT.json` format the issue fixes:
{"rows": N, "imported": M, "reported": K, "files": [...], "problems": [{"line", "message", …}],
 "columns": {header: {"status": "mapped|kept|dropped", "field", "rows_with_value", "reason"}}}
with N = M + K.

Columns are accounted for like rows: the reading layer counts the filled cells of every
column (`counting`, so the count does not depend on the importer), the importer says what
became of each column (`column(...)`: mapped to a field, kept as 「元の一覧の項目」, or
dropped with a reason), and `check_columns()` (run.py, before anything is written)
refuses to go on when a column with values has no entry — nothing of a file is lost
without a word. A column with no value is shown as dropped (「値がありません」) whatever
it was for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check.problems import Problem, visible

SHOWN_PER_CODE = 20  # the text report shows this many problems of a kind; the JSON has all


class AccountingError(Exception):
    """rows != imported + reported, or a column with values missing from the column ledger:
    a bug in an importer, never a user's mistake."""


MAPPED, KEPT, DROPPED = "mapped", "kept", "dropped"
NO_VALUES = "値がありません"
SHOWN_STATUS = {KEPT: "残す（元の一覧の項目）", DROPPED: "使わない"}


@dataclass
class Column:
    """What became of one column of the file."""
    status: str             # MAPPED | KEPT | DROPPED
    field: str = ""         # MAPPED: the importer's field(s) it feeds, e.g. "address"
    reason: str = ""        # DROPPED (and notes for KEPT): why, in Japanese
    rows_with_value: int = 0


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
    header: list[str] = field(default_factory=list)       # the file's header, as published
    filled: list[int] = field(default_factory=list)       # non-empty cells per column (`counting`)
    columns: dict[int, Column] = field(default_factory=dict)  # column index → what became of it
    _tallies: dict[tuple, list] = field(default_factory=dict)

    def counting(self, header: list[str], rows):
        """The rows, unchanged, counting the non-empty cells of each column on the way."""
        self.header, self.filled = list(header), [0] * len(header)
        filled, width = self.filled, len(header)
        for line, row in rows:
            for i, cell in enumerate(row[:width]):
                if cell and not cell.isspace():
                    filled[i] += 1
            yield line, row

    def column(self, index: int, status: str, field: str = "", reason: str = "") -> None:
        """Say what became of a column (the last word counts)."""
        self.columns[index] = Column(status, field, reason)

    def column_names(self) -> list[str]:
        """The header cells as the ledger names them: as published, numbered when the same
        name appears twice, 「（N列目）」 for an empty one."""
        names: list[str] = []
        for i, h in enumerate(self.header):
            name = visible(h.strip()) or f"（見出しなし・{i + 1}列目）"
            if name in names:
                name = f"{name}（{i + 1}列目）"
            names.append(name)
        return names

    def column_table(self) -> dict[str, Column]:
        """Each column by its name; {} when the importer stopped before it looked at them."""
        if not self.columns:
            return {}
        out = {}
        for i, name in enumerate(self.column_names()):
            count = self.filled[i] if i < len(self.filled) else 0
            c = self.columns.get(i)
            if c is None or not count:  # nothing in it: whatever it was for, nothing came of it
                c = Column(DROPPED, c.field if c and c.status == MAPPED else "", NO_VALUES)
            out[name] = Column(c.status, c.field, c.reason, count)
        return out

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

    def check_columns(self) -> None:
        """Every column with a value has an entry (the importers call this before writing)."""
        forgotten = [name for i, name in enumerate(self.column_names())
                     if i < len(self.filled) and self.filled[i] and i not in self.columns]
        if forgotten:
            raise AccountingError(f"{self.source}: columns with values missing from the ledger: {forgotten}")

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
            "columns": {name: {"status": c.status, "field": c.field or None, "rows_with_value": c.rows_with_value,
                               "reason": c.reason or None} for name, c in self.column_table().items()},
        }

    def column_lines(self) -> list[str]:
        """The short table printed after every import: one line per column."""
        lines = []
        for name, c in self.column_table().items():
            what = c.field if c.status == MAPPED else SHOWN_STATUS[c.status] + (f": {c.reason}" if c.reason else "")
            lines.append(f"    {name} → {what}" + (f"（{c.rows_with_value:,} 行）" if c.rows_with_value else ""))
        return lines

    def text(self) -> str:
        lines = [f"{visible(self.source)}: {self.rows:,} 行のうち {self.imported:,} 行を取り込み、"
                 f"{self.reported:,} 行は取り込みませんでした。"]
        if self.blank:
            lines.append(f"  空の行 {self.blank:,} 行は数えていません。")
        lines += [f"  {visible(n)}" for n in self.notes]
        if self.columns:
            lines.append("  列（→ 取り込んだ項目 / 残す＝元の一覧の項目として載せる / 使わない: 理由）:")
            lines += self.column_lines()
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
