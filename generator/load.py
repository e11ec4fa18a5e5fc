"""Stage 1: read YAML safely into plain dicts, remembering the line of every value.

Rules that protect the build from careless or hostile files:
- only the safe YAML subset (no Python tags);
- timestamps stay strings, so dates are checked by the schema as text;
- a duplicate key is a problem, not a silent overwrite;
- aliases may not expand into more than MAX_NODES values ("billion laughs");
- a file larger than MAX_BYTES is refused before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 2_000_000
MAX_NODES = 200_000

Path_ = tuple  # a value's place in the document: ("resources", 3, "name")

# A folded block (">") joins lines with a space; between two Japanese characters
# that space is never intended, so it is removed.
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_FOLD = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


# libyaml's parser (shipped in PyYAML's wheels) is ~20x faster than the pure-Python one;
# both give the same safe nodes with line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that leaves YYYY-MM-DD as a string."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """One YAML file: its data and where each value stands in the file."""

    path: str  # as shown to contributors, relative to the project root
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, where: Path_) -> int:
        """Line of the value at `where`, or of its nearest parent that has one."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# scalars: text, numbers, true/false and empty only (no !!binary, !!timestamp, !!set …)
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, loader: _Loader, doc: Document, problems: list[Problem]):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.count = 0

    def build(self, node: yaml.Node, where: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.doc.lines.setdefault(where, node.start_mark.line + 1)
        if (isinstance(node, yaml.ScalarNode) and node.tag not in _SCALAR_TAGS) \
                or (isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS):
            raise yaml.constructor.ConstructorError(
                None, None, f"使えないタグ {node.tag} があります", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, where + (i,)) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        if node.style == ">" and isinstance(value, str):
            value = _CJK_FOLD.sub("", value)
        return value

    def _mapping(self, node: yaml.MappingNode, where: Path_) -> dict:
        self.loader.flatten_mapping(node)  # resolves "<<" merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in out:
                self.problems.append(
                    Problem(
                        self.doc.path, line, _dotted(where + (key,)), "duplicate-key",
                        f"項目「{key}」が同じ場所に2回書かれています"
                        f"（最初は {self.doc.lines[where + (key,)]} 行目）",
                        "どちらか一方を消してください（後の値で上書きはしません）",
                    )
                )
                continue
            self.doc.lines[where + (key,)] = line
            out[key] = self.build(value_node, where + (key,))
        return out


def load_file(path: Path, root: Path, raw: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file (`raw`: its bytes, if already read). Returns (None, problems)
    if it cannot be read at all."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    problems: list[Problem] = []
    raw = path.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 1, "", "file-too-large",
                              f"ファイルが大きすぎます（{len(raw):,} バイト、上限 {MAX_BYTES:,} バイト）",
                              "地区を分けて複数のファイルにしてください")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, "", "not-utf8",
                              f"UTF-8 として読めません（{exc.start} バイト目）",
                              "ファイルを UTF-8 で保存し直してください")]
    doc = Document(shown, None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(shown, 1, "", "empty-file", "ファイルが空です", "")]
        doc.data = _Builder(loader, doc, problems).build(node, ())
    except _TooLarge:
        return None, [Problem(shown, 1, "", "too-many-values",
                              f"値が多すぎます（アンカー・エイリアスの展開を含めて {MAX_NODES:,} 個まで）",
                              "& と * によるアンカー・エイリアスを使わずに書いてください")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        return None, [Problem(shown, line, "", "yaml-syntax",
                              f"YAML の書き方に誤りがあります: {what}",
                              "字下げ（半角スペース）と「:」の後の空白、引用符の閉じ忘れを確かめてください")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "", "yaml-error", f"YAML として読めません: {exc}", "")]
    finally:
        loader.dispose()
    return doc, problems


def _dotted(where: Path_) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
