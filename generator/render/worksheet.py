"""The 「わがまちの地域の資源を書き出してみよう」 grid: rows are resource categories,
columns the older person's state (元気 → 虚弱 → 要介護に近い). Plain data for the template."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.model import District, Term, WorksheetEntry


@dataclass
class Placement:
    entry: WorksheetEntry
    start: int  # 1-based grid column line
    end: int    # exclusive grid column line


@dataclass
class Lane:
    """Entries of one row that span the same columns, shown side by side."""

    start: int
    end: int
    entries: list[WorksheetEntry]


@dataclass
class GridRow:
    term: Term
    placements: list[Placement] = field(default_factory=list)
    gaps: list[Term] = field(default_factory=list)  # states no entry of this row covers

    @property
    def lanes(self) -> list[Lane]:
        by_span: dict[tuple[int, int], list[WorksheetEntry]] = {}
        for p in self.placements:
            by_span.setdefault((p.start, p.end), []).append(p.entry)
        return [Lane(start, end, entries)
                for (start, end), entries in sorted(by_span.items(), key=lambda kv: (kv[0][1] - kv[0][0], kv[0]))]


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """[0, 1, 3] → [(0, 2), (3, 4)]: contiguous column runs, end exclusive."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(indexes)):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def build_grid(entries: list[WorksheetEntry], categories: list[Term], states: list[Term]) -> list[GridRow]:
    rows = [GridRow(term) for term in categories]
    by_id = {row.term.id: row for row in rows}
    position = {s.id: i for i, s in enumerate(states)}
    for entry in entries:
        row = by_id[entry.category.id]
        for start, end in _runs([position[s.id] for s in entry.states]):
            row.placements.append(Placement(entry, start + 1, end + 1))
    for row in rows:
        covered = {i for p in row.placements for i in range(p.start - 1, p.end - 1)}
        row.gaps = [s for i, s in enumerate(states) if i not in covered]
    return rows


def district_entries(district: District, page: str) -> list[WorksheetEntry]:
    """A district's resources as worksheet entries linking back to their rows on `page`."""
    return [WorksheetEntry(r.name, r.category, tuple(r.target_states), f"{page}#r-{r.id}")
            for r in sorted(district.resources, key=lambda r: r.name)]
