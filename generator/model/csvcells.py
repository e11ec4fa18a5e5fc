"""CSV injection (OWASP "CSV Injection"): a cell that starts with = + - @, a tab or a
carriage return is read as a formula by spreadsheet programs. Every CSV the atlas writes
(site downloads and the browser's 「CSV で保存」, which mirrors this in resource-filter.js)
prefixes such a cell with an apostrophe; the importers undo it, so a CSV the site wrote
imports back to the same text. Full-width ＝＋－＠ are included: Japanese Excel converts
them to their ASCII forms when it reads a file.
"""

from __future__ import annotations

TRIGGERS = frozenset("=+-@\t\r＝＋－＠")


def _starts_formula(text: str) -> bool:
    return text.lstrip("'")[:1] in TRIGGERS


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet will show it and never evaluate it."""
    if cell[:1] in TRIGGERS or (cell[:1] == "'" and _starts_formula(cell)):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The text `neutralise` was given (restore(neutralise(x)) == x for every x)."""
    if cell[:1] == "'" and _starts_formula(cell):
        return cell[1:]
    return cell
