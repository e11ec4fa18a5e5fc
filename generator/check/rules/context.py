"""What every cross-file rule reads and where it writes: the loaded vocabularies, the
documents list, the settings, the municipality codes and the reference date, and the
list of Problems the rules add to. The walkers here take any shape: the rules also run
on files that failed their schema, so they must not assume one."""

from __future__ import annotations

from ...model import municipalities
from ...model.freshness import reference_date
from ..load import Document, dotted
from ..problems import Problem


class Context:
    def __init__(self, vocab_ids: dict[str, dict[str, str] | set[str]], document_ids: set[str], settings: dict):
        self.vocab_ids = vocab_ids
        self.document_ids = document_ids
        self.settings = settings
        self.dataset = municipalities.load()
        self.today = reference_date()
        self.problems: list[Problem] = []

    def add(self, doc: Document, where: tuple, code: str, message: str, hint: str = "",
            severity: str = "error") -> None:
        self.problems.append(Problem(doc.path, doc.line_of(where), dotted(where), code, message,
                                     hint, severity))


def items(value) -> list[tuple[int, dict]]:
    """(index, item) for the items of a list (nothing for anything else)."""
    return [(i, x) for i, x in enumerate(value)] if isinstance(value, list) else []


def dict_items(value) -> list[tuple[int, dict]]:
    return [(i, x) for i, x in items(value) if isinstance(x, dict)]


def values_at(value, path: tuple, where: tuple):
    """(place, value) of each value at `path` ("*": any item of a list) that the data has."""
    if not path:
        yield where, value
    elif path[0] == "*":
        for i, item in items(value):
            yield from values_at(item, path[1:], where + (i,))
    elif isinstance(value, dict) and path[0] in value:
        yield from values_at(value[path[0]], path[1:], where + (path[0],))
