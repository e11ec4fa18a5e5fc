"""Validation problems as data: collected across all files, sorted, printed once."""

from __future__ import annotations

from dataclasses import dataclass


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
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        hint = f"（ヒント: {self.hint}）" if self.hint else ""
        label = "警告" if self.severity == "warning" else "エラー"
        return f"{where}:{field} {label} [{self.code}] {self.message}{hint}"

    def github_annotation(self) -> str:
        """GitHub Actions workflow command, shown inline on the pull request."""
        kind = "warning" if self.severity == "warning" else "error"
        text = self.message + (f"（ヒント: {self.hint}）" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = (self.field or self.code).replace(",", "%2C").replace("::", "%3A%3A")
        line = f",line={self.line}" if self.line else ""
        return f"::{kind} file={self.path}{line},title={title}::{text}"


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
