"""The columns of a file that no field takes: kept on each resource as 「元の一覧の項目」
(`source_fields: [{label, value}]`), or dropped with a reason, so that nothing of a
published list is lost without a word (the column ledger, ledger.py).

- label: the header as published (one line); value: the cell as the other text fields
  read it (markup decoded, controls removed, one line). Plain text end to end.
- A column whose every cell repeats a mapped column (所在地_全国地方公共団体コード beside
  全国地方公共団体コード) is dropped: 「○○列と同じ値です」. Found while the rows stream by
  (`observe`), and taken off the resources at the end (`finish`).
- A column that names a person (管理者氏名, 代表者氏名 …) is dropped: the site publishes
  organisations, not people.
- Private places (precision approximate/hidden, a residents' 通いの場) keep nothing: the
  importer does not call `values` for them, and `private` drops every such column when the
  whole file is private (a 郵便番号 would say more than the approximate address).
- 定員 0 means "not given" (介護サービス情報公表): not kept, counted in `zero_capacity`.
"""

from __future__ import annotations

import re

from . import cells
from .ledger import DROPPED, KEPT, MAPPED, Ledger
from .reading import header_key

MAX_FIELDS = 100       # kept values per resource (a hospital list has a column per department)
MAX_LABEL = 60
MAX_VALUE = 500
FIELD = "source_fields"
PERSONAL = re.compile(r"氏名|代表者名?$|管理者名?$|院長名?$|担当者名?$")
CAPACITY = frozenset({header_key("定員"), "capacity"})


def label_of(header: str) -> str:
    """The header as published, on one line (「定員<br>（人）」 → 「定員 （人）」)."""
    return cells.fit(cells.one_line(cells.text(header)[0]), MAX_LABEL)[0]


class Keeper:
    """What becomes of the columns of one file that are not mapped."""

    def __init__(self, ledger: Ledger, header: list[str], mapped: dict[int, str],
                 dropped: dict[int, str] | None = None, private: str = "", note: str = ""):
        self.ledger, self.header, self.mapped = ledger, header, mapped
        self.dropped = dict(dropped or {})
        for i, h in enumerate(header):
            if i not in mapped and i not in self.dropped and PERSONAL.search(header_key(h)):
                self.dropped[i] = "個人の氏名のため載せません（載せるのは組織の情報だけです）"
        self.private, self.note = private, note  # note: said of kept columns (「…の行には載せません」)
        self.candidates = [i for i in range(len(header)) if i not in mapped and i not in self.dropped]
        self.labels = {i: label_of(header[i]) for i in self.candidates}
        self.same: dict[int, set[int]] | None = None  # candidate → mapped columns equal on every row so far
        self.zero_capacity = 0
        self.too_many = 0

    def observe(self, row: list[str]) -> None:
        """Note which mapped columns each candidate still repeats."""
        def cell(i: int) -> str:
            return row[i].strip() if i < len(row) else ""

        if self.same is None:
            self.same = {i: {m for m in self.mapped if cell(m) == cell(i)} for i in self.candidates}
            return
        for i, equal in self.same.items():
            if equal:
                value = cell(i)
                equal.intersection_update([m for m in equal if cell(m) == value])

    def values(self, row: list[str], warn) -> list[dict]:
        """The kept values of a row that may show them: [{label, value}] (empty cells left out).
        `warn(message, code)` notes what was changed."""
        out = []
        for i in self.candidates:
            raw = row[i] if i < len(row) else ""
            if not raw or raw.isspace():
                continue
            value, removed = cells.text(raw)
            value = cells.one_line(value)
            if not value:
                continue
            if removed:
                warn(f"{self.labels[i]}の制御文字を取り除きました", "control-characters")
            if header_key(self.header[i]) in CAPACITY and re.fullmatch(r"0+(人|名)?", cells.nfkc(value)):
                self.zero_capacity += 1
                continue
            value, cut = cells.fit(value, MAX_VALUE)
            if cut:
                warn(f"{self.labels[i]}が長いため {MAX_VALUE} 文字に切りました", "too-long")
            out.append({"label": self.labels[i], "value": value})
        if len(out) > MAX_FIELDS:
            self.too_many += 1
            warn(f"元の一覧の項目が {len(out)} あるため、はじめの {MAX_FIELDS} だけ載せました", "too-many-fields")
            out = out[:MAX_FIELDS]
        return out

    def finish(self, resources: list[dict]) -> None:
        """Write every column's fate into the ledger, and take the values of columns found
        to repeat a mapped one off `resources`."""
        for i, field in self.mapped.items():
            self.ledger.column(i, MAPPED, field)
        for i, reason in self.dropped.items():
            self.ledger.column(i, DROPPED, reason=reason)
        repeats = {}
        for i in self.candidates:
            equal = sorted((self.same or {}).get(i, ()))
            if equal and self.ledger.filled[i]:
                repeats[self.labels[i]] = i
                self.ledger.column(i, DROPPED, reason=f"「{label_of(self.header[equal[0]])}」列と同じ値です")
            elif self.private:
                self.ledger.column(i, DROPPED, reason=self.private)
            else:
                self.ledger.column(i, KEPT, reason=self.note)
        if repeats:
            for r in resources:
                if FIELD in r:
                    r[FIELD] = [f for f in r[FIELD] if f["label"] not in repeats]
                    if not r[FIELD]:
                        del r[FIELD]
