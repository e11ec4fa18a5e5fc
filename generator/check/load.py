"""Stage 1: read YAML safely into plain dicts, remembering the line of every value.

Rules that protect the build from careless or hostile files (each ends in one Japanese
problem with the file and line, never an exception):
- only regular files are read (`read_file`: no directory, FIFO, device or socket; the
  repository's folders add "no symlink, inside the project" in validate.py), at most
  MAX_BYTES, and no message ever quotes what a refused file holds;
- a character YAML cannot hold (NUL, most control characters) is reported with its line
  and column before parsing;
- only the safe YAML subset: text, numbers, true/false and empty; no tags, no merge keys
  (`<<`), keys are plain scalars;
- timestamps stay strings, so dates are checked by the schema as text;
- a duplicate key is a problem, not a silent overwrite;
- nesting deeper than MAX_DEPTH, more than MAX_NODES values (counting what aliases expand
  to: "billion laughs"), or more than MAX_SECONDS of parsing stop the file;
- syntax errors are explained in Japanese (yaml_errors.py) with line and column.
- a surrogate escape ("\\ud800"), which libyaml refuses as a syntax error, is read (by PyYAML's
  pure-Python parser, that file only), so that the schema stage names the character on its field.

The document is built from libyaml's events, not from its composed node tree: libyaml's
composer recurses (a file of 100,000 nested "[" crashes the process) and expands merge keys
and aliases before any limit could be applied.

Where each value stands (`Document.lines`, for the messages) is kept as one line number per
value in the order of the file (`Document.order`) and made into the path → line table only
when a message asks (`line_of`): almost every file has no problem, and at national size the
table (one tuple-keyed entry per value, ~3 million) cost more to build, to send from the
parsing workers and to keep in the cache than the parse itself. A file with an alias or a
duplicate key, whose values no longer match its lines one to one, gets its table at once.
"""

from __future__ import annotations

import copy
import errno
import marshal
import os
import re
import stat
import time
from array import array
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .yaml_errors import syntax_problem, unreadable_characters

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40
MAX_SECONDS = 20.0

Path_ = tuple  # a value's place in the document: ("resources", 3, "name")

# A folded block (">") joins lines with a space; between two Japanese characters
# that space is never intended, so it is removed.
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_FOLD = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


# libyaml's parser (shipped in PyYAML's wheels) is ~20x faster than the pure-Python one;
# both give the same events with line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that leaves YYYY-MM-DD as a string."""


class _PyLoader(yaml.SafeLoader):
    """The same in pure Python, for a file libyaml refuses only because a double-quoted string
    holds a surrogate escape ("\\ud800"): PyYAML reads it as that code point, so the schema
    stage names the character on its field (characters.FORBIDDEN), as the browser editor
    does for the same value, instead of a syntax error about backslashes."""


_Loader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# \uD800–\uDFFF or \U0000D800–\U0000DFFF: what libyaml refuses as "invalid Unicode character escape code"
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


class Document:
    """One YAML file: its data and where each value stands in the file (`lines`)."""

    __slots__ = ("_lines", "data", "digest", "order", "path", "text")

    def __init__(self, path: str, data: Any, lines: dict[Path_, int] | None = None, digest: bytes = b"",
                 text: str = "", order: array | None = None):
        self.path = path  # as shown to contributors, relative to the project root
        self.data = data
        self._lines = {} if lines is None and order is None else lines
        self.order = order  # the line of each value in the file's order, until `lines` is asked for
        self.digest = digest  # of the file's bytes (validate.py sets it)
        self.text = text  # the file as written, cases only (validate.py sets it): the editor keeps its comments

    def __repr__(self) -> str:
        return f"Document({self.path!r})"

    # A document crosses from the parsing workers and is kept in the cache (validate.py) as a
    # pickle: its data, plain values only (the loader makes nothing else), go as one marshal
    # string, written and read ~3x faster than pickle writes and reads them value by value.
    # (Data made otherwise, which marshal refuses, goes as it is.)
    def __getstate__(self) -> tuple:
        try:
            data = marshal.dumps(self.data)
        except ValueError:
            data = [self.data]
        return self.path, data, self._lines, self.order, self.digest, self.text

    def __setstate__(self, state: tuple) -> None:
        self.path, data, self._lines, self.order, self.digest, self.text = state
        self.data = marshal.loads(data) if isinstance(data, bytes) else data[0]

    @property
    def lines(self) -> dict[Path_, int]:
        """Path of a value → its line ("resources", 3, "name") → 42; made from `order` and the
        data as parsed the first time it is asked for (nothing changes a document's data)."""
        if self._lines is None:
            self._lines = _lines_from(self.order, self.data)
            self.order = None
        return self._lines

    def line_of(self, where: Path_) -> int:
        """Line of the value at `where`, or of its nearest parent that has one."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)


def _lines_from(order: array, data: Any) -> dict[Path_, int]:
    """The table _Builder would have made of a file without aliases or duplicate keys: its
    values in the file's order are the data's, depth first (a mapping keeps its keys' order)."""
    lines: dict[Path_, int] = {}
    take = iter(order).__next__

    def walk(where: Path_, value: Any) -> None:
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            here = where + (key,)
            lines[here] = take()
            if isinstance(item, (dict, list)):
                walk(here, item)

    lines[()] = take()
    if isinstance(data, (dict, list)):
        walk((), data)
    return lines


# -- reading files ---------------------------------------------------------------------

_NOT_REGULAR = {
    stat.S_IFDIR: "フォルダー", stat.S_IFIFO: "名前付きパイプ（FIFO）", stat.S_IFCHR: "デバイスファイル",
    stat.S_IFBLK: "デバイスファイル", stat.S_IFSOCK: "ソケット", stat.S_IFLNK: "シンボリックリンク",
}


def _kind_problem(shown: str, mode: int) -> Problem:
    kind = _NOT_REGULAR.get(stat.S_IFMT(mode), "通常のファイルではないもの")
    if stat.S_ISLNK(mode):
        return Problem(shown, 1, "", "symlink",
                       "シンボリックリンクは読みません（リポジトリの中の通常のファイルだけを読みます）",
                       "リンクを消して、内容をこの場所に普通のファイルとして置いてください")
    return Problem(shown, 1, "", "not-a-file",
                   f"YAML の名前ですが{kind}です。データは通常のファイルだけを読みます",
                   "名前を .yaml で終わらないものに変えるか、消してください")


def _os_problem(shown: str, exc: OSError) -> Problem:
    if exc.errno in (errno.EACCES, errno.EPERM):
        why = "読む権限がありません"
    elif exc.errno == errno.ELOOP:
        return _kind_problem(shown, stat.S_IFLNK)
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        why = "見つかりません（読む間に消えたか、リンク先がありません）"
    else:
        why = f"読めません（{errno.errorcode.get(exc.errno or 0, 'OSError')}）"
    return Problem(shown, 1, "", "unreadable", f"ファイルを{why}", "ファイルの場所と権限を確かめてください")


def _too_large(shown: str, size: int) -> Problem:
    return Problem(shown, 1, "", "file-too-large",
                   f"ファイルが大きすぎます（{size:,} バイト以上、上限 {MAX_BYTES:,} バイト）",
                   "地区を分けて複数のファイルにしてください")


def read_file(path: Path, shown: str, follow_symlinks: bool = True) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file (at most MAX_BYTES), or why not. Never blocks on a FIFO,
    never opens a device, never reads more than MAX_BYTES + 1 bytes."""
    try:
        info = os.stat(path) if follow_symlinks else os.lstat(path)
    except OSError as exc:
        return None, _os_problem(shown, exc)
    if not stat.S_ISREG(info.st_mode):
        return None, _kind_problem(shown, info.st_mode)
    if info.st_size > MAX_BYTES:
        return None, _too_large(shown, info.st_size)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, _os_problem(shown, exc)
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment before
        if not stat.S_ISREG(info.st_mode):
            return None, _kind_problem(shown, info.st_mode)
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, _os_problem(shown, exc)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        return None, _too_large(shown, len(raw))
    return raw, None


# -- building the document from events ---------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# scalars: text, numbers, true/false and empty only (no !!binary, !!timestamp, !!set …)
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}


# the tag of a plain scalar depends on its text alone (no path resolvers are set): keys and
# short values repeat across files, so each is resolved once per process
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 100_000  # entries; values longer than 64 characters are not kept


def _resolve(loader, value: str, implicit: tuple[bool, bool]) -> str:
    key = (value, implicit)
    tag = _RESOLVED.get(key)
    if tag is None:
        tag = loader.resolve(yaml.ScalarNode, value, implicit)
        if len(value) <= 64 and len(_RESOLVED) < _RESOLVED_MAX:
            _RESOLVED[key] = tag
    return tag


class _Stop(Exception):
    """The file cannot be read on: one problem for it, at `mark`'s line."""

    def __init__(self, mark, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else 1
        self.column = mark.column + 1 if mark is not None else 0
        self.code, self.message, self.hint = code, message, hint


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Frame:
    __slots__ = ("anchor", "is_map", "key", "key_mark", "skip", "start", "value", "where")

    def __init__(self, value, where, anchor, start):
        self.value, self.where, self.anchor, self.start = value, where, anchor, start
        self.is_map = isinstance(value, dict)
        self.key = None  # a mapping's key waiting for its value
        self.key_mark = None
        self.skip = False  # the value of a duplicate key: built, then dropped


def _bad_tag(mark, tag: str) -> _Stop:
    return _Stop(mark, "yaml-syntax", f"使えないタグ {_tag_name(tag)} があります",
                 "「!」で始まるタグを消してください（YAML のタグは使えません）")


def _scalar_tag(loader, event) -> str:
    """The tag of a scalar (resolved from its text when it has none)."""
    tag = event.tag
    return _resolve(loader, event.value, event.implicit) if tag is None or tag == "!" else tag


def _scalar(loader, event, tag: str) -> Any:
    """A scalar value of one of _SCALAR_TAGS."""
    if tag == _STR:
        return _CJK_FOLD.sub("", event.value) if event.style == ">" else event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = loader.yaml_constructors[tag](loader, node)
        printable = not isinstance(value, int) or value.bit_length() <= 4096
    except ValueError:  # an integer of more than 4,300 digits: Python will not convert it
        printable = False
    if not printable:  # no message or library could print it (the schema stage reports > 10^15)
        raise _Stop(event.start_mark, "too-large-number", "数が大きすぎて読めません",
                    "桁数を確かめてください（数値は ±1,000,000,000,000,000 まで）")
    return value


def _refuse_key(mark) -> _Stop:
    return _Stop(mark, "yaml-syntax", "項目名（キー）に一覧や「項目: 値」の集まりは使えません",
                 "項目名は「名前: 値」の名前の部分だけです。「?」で始まる行を使わずに書いてください")


class _Again(Exception):
    """A file the lean builder cannot give its lines in order (an alias, a duplicate key):
    it is read again with the table of lines made as it goes."""


class _PathLines:
    """Where a builder puts each value's line: `doc.lines`, by the value's path (a duplicate
    key is a problem here, its value built and dropped)."""

    def _line_start(self, parent: _Frame | None, line: int) -> Path_:
        """A mapping or list starts: its path."""
        where = () if parent is None else parent.where + ((parent.key,) if parent.is_map else (len(parent.value),))
        self.doc.lines.setdefault(where, line)
        return where

    def _line_root(self, line: int) -> None:
        self.doc.lines.setdefault((), line)

    def _line_item(self, frame: _Frame, line: int) -> None:
        self.doc.lines.setdefault(frame.where + (len(frame.value),), line)

    def _line_key(self, frame: _Frame, key: str, line: int) -> None:
        where = frame.where + (key,)
        frame.skip = key in frame.value
        if frame.skip:
            self.problems.append(Problem(
                self.doc.path, line, _dotted(where), "duplicate-key",
                f"項目「{key}」が同じ場所に2回書かれています（最初は {self.doc.lines[where]} 行目）",
                "どちらか一方を消してください（後の値で上書きはしません）"))
        else:
            self.doc.lines[where] = line


class _Builder(_PathLines):
    """The document from the loader's events: one handler per kind of event (`build`); a
    mapping's key and value arrive as two events, the key waiting in its frame. Each value's
    line goes where the `_line_*` methods put it (_PathLines: by path; _LeanBuilder: in order)."""

    lean = False

    def __init__(self, loader: _Loader, doc: Document, problems: list[Problem], deadline: float):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.deadline = deadline
        self.count = 0
        self.anchors: dict[str, tuple[Any, int, bool]] = {}  # name → (value, size, is a scalar)
        self.stack: list[_Frame] = []
        self.root = _EMPTY

    # the single document of the stream, or _Stop / yaml.YAMLError
    def build(self) -> Any:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return _EMPTY
        loader.get_event()  # DocumentStart
        handlers = {yaml.ScalarEvent: self._on_scalar, yaml.AliasEvent: self._on_alias,
                    yaml.SequenceStartEvent: self._on_start, yaml.MappingStartEvent: self._on_start,
                    yaml.SequenceEndEvent: self._on_end, yaml.MappingEndEvent: self._on_end}
        get_event, deadline, events = loader.get_event, self.deadline, 0
        lean, scalar_event = self.lean, yaml.ScalarEvent
        while True:
            event = get_event()
            events += 1
            if events & 1023 == 0 and time.monotonic() > deadline:
                raise _Stop(event.start_mark, "too-slow",
                            f"読み込みに時間がかかりすぎます（{MAX_SECONDS:.0f} 秒で打ち切りました）",
                            "アンカー・エイリアス（& と *）や深い入れ子を使わずに書いてください")
            if lean and type(event) is scalar_event and event.anchor is None and self.stack \
                    and self._lean_scalar(event):
                continue
            handler = handlers.get(type(event))
            if handler is None:
                if isinstance(event, yaml.DocumentEndEvent):
                    break
                raise _Stop(event.start_mark, "yaml-syntax", "YAML の書き方に誤りがあります", "")
            handler(event)
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise _Stop(event.start_mark, "yaml-syntax",
                        "1つのファイルに YAML の文書が2つ以上あります（「---」の行で区切られています）",
                        "1ファイル＝1件です。2つ目の「---」から後を別のファイルに分けてください")
        return self.root

    def _count(self, mark, n: int = 1) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise _Stop(mark, "too-many-values",
                        f"値が多すぎます（アンカー・エイリアスの展開を含めて {MAX_NODES:,} 個まで）",
                        "& と * によるアンカー・エイリアスを使わず、大きなデータは複数のファイルに分けてください")

    def _key_slot(self) -> _Frame | None:
        """The mapping whose next event is a key, if any."""
        frame = self.stack[-1] if self.stack else None
        return frame if frame is not None and frame.is_map and frame.key is None else None

    def _on_scalar(self, event) -> None:
        frame = self._key_slot()
        if frame is None:
            self._count(event.start_mark)
        tag = _scalar_tag(self.loader, event)
        if frame is not None and tag == _MERGE:
            raise _Stop(event.start_mark, "merge-key", "「<<」（マージキー）は使えません",
                        "共通の項目も、それぞれの場所にそのまま書いてください")
        if tag not in _SCALAR_TAGS:
            raise _bad_tag(event.start_mark, tag)
        if frame is None:
            value = _scalar(self.loader, event, tag)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1, True)
            return self._put(value, event.start_mark)
        self._count(event.start_mark)
        key = event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = (key, 1, True)
        if not event.style and key[:1] == "\u3000":
            self.problems.append(Problem(
                self.doc.path, event.start_mark.line + 1, "", "yaml-syntax",
                f"YAML の書き方の誤り: 全角スペースで字下げしています（{event.start_mark.column + 1} 文字目）",
                "字下げは半角スペースで書いてください"))
            key = key.lstrip("\u3000")
        self._key(frame, event, key)

    def _on_alias(self, event) -> None:
        if event.anchor not in self.anchors:
            raise _Stop(event.start_mark, "yaml-syntax",
                        f"別名「*{event.anchor}」に対応するアンカー「&{event.anchor}」が前にありません",
                        "「*」で始まる値は YAML の別名（エイリアス）です。"
                        "文字として書くなら引用符で囲んでください（例: \"*注意\"）")
        value, size, scalar = self.anchors[event.anchor]
        frame = self._key_slot()
        if frame is not None:
            if not scalar:
                raise _refuse_key(event.start_mark)
            return self._key(frame, event, value if isinstance(value, str) else _key_text(value))
        self._count(event.start_mark, size)
        self._put(value if scalar else copy.deepcopy(value), event.start_mark)

    def _on_start(self, event) -> None:
        if self._key_slot() is not None:
            raise _refuse_key(event.start_mark)
        self._count(event.start_mark)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            raise _bad_tag(event.start_mark, tag)
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(event.start_mark, "too-deep", _TOO_DEEP, _TOO_DEEP_HINT)
        where = self._line_start(self.stack[-1] if self.stack else None, event.start_mark.line + 1)
        value = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Frame(value, where, event.anchor, self.count))

    def _on_end(self, event) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, self.count - frame.start + 1, False)
        self._put(frame.value, None, placed=True)

    def _key(self, frame: _Frame, event, key: str) -> None:
        self._line_key(frame, key, event.start_mark.line + 1)
        frame.key = key

    def _put(self, value: Any, mark, placed: bool = False) -> None:
        """Attach a complete value to its parent, or keep it as the root."""
        if not self.stack:
            if mark is not None:
                self._line_root(mark.line + 1)
            self.root = value
            return
        frame = self.stack[-1]
        if frame.is_map:
            if not frame.skip:
                frame.value[frame.key] = value
            frame.key, frame.skip = None, False
        else:
            if not placed and mark is not None:
                self._line_item(frame, mark.line + 1)
            frame.value.append(value)


class _OrderLines:
    """Where the lean builder puts each value's line: appended to `doc.order`, in the file's
    order (no path is made); a duplicate key cannot be given in order (_Again)."""

    def _line_start(self, parent: _Frame | None, line: int) -> None:
        if parent is None or not parent.is_map:  # a mapping's value stands on its key's line
            self.order.append(line)

    def _line_root(self, line: int) -> None:
        self.order.append(line)

    def _line_item(self, frame: _Frame, line: int) -> None:
        self.order.append(line)

    def _line_key(self, frame: _Frame, key: str, line: int) -> None:
        if key in frame.value:
            raise _Again
        self.order.append(line)


class _LeanBuilder(_OrderLines, _Builder):
    """The builder that keeps each value's line in the file's order in `doc.order` and makes no
    path (see the module's docstring); a file it cannot give in order (an alias, a duplicate
    key) raises _Again, to be read with `_Builder`."""

    lean = True

    def __init__(self, loader: _Loader, doc: Document, problems: list[Problem], deadline: float):
        super().__init__(loader, doc, problems, deadline)
        self.order = doc.order

    def _lean_scalar(self, event) -> bool:
        """A scalar inside a mapping or a list, when lean: the common case of `_on_scalar`
        (a key or a value of text, a number, true/false or empty, no anchor) in one call,
        with the same checks in the same order; False (nothing done) for any other case."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVED.get((event.value, event.implicit)) or _resolve(self.loader, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            return False
        frame = self.stack[-1]
        line = event.start_mark.line + 1
        if frame.is_map and frame.key is None:  # a key
            key = event.value
            if key[:1] == "\u3000":
                return False
            self._count(event.start_mark)
            self._line_key(frame, key, line)
            frame.key = key
            return True
        self._count(event.start_mark)
        value = event.value if tag == _STR and event.style != ">" else _scalar(self.loader, event, tag)
        if frame.is_map:
            frame.value[frame.key] = value  # lean: never a duplicate key's value (_Again)
            frame.key = None
        else:
            self.order.append(line)
            frame.value.append(value)
        return True

    def _on_alias(self, event) -> None:
        raise _Again


class _Empty:
    pass


_EMPTY = _Empty()


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def load_file(path: Path, root: Path, raw: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file (`raw`: its bytes, if already read). Returns (None, problems)
    if it cannot be read at all."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if raw is None:
        raw, problem = read_file(path, shown)
        if problem is not None:
            return None, [problem]
    return parse(raw, shown)


_TOO_DEEP = f"入れ子が深すぎます（{MAX_DEPTH} 段まで）"
_TOO_DEEP_HINT = "字下げと [ ] { } の対応を確かめてください"


def _too_deep(shown: str, line: int) -> Problem:
    return Problem(shown, line, "", "too-deep", _TOO_DEEP, _TOO_DEEP_HINT)


def _build(text: str, shown: str, loader_class: type) -> tuple[Document, list[Problem], Any]:
    """The document of `text` read with `loader_class`'s events (see _Builder): lean, else
    (an alias or a duplicate key met) again with its lines' table, within the same time limit."""
    deadline = time.monotonic() + MAX_SECONDS
    for lean in (True, False):
        problems: list[Problem] = []
        doc = Document(shown, None, order=array("I") if lean else None)
        loader = loader_class(text)
        try:
            return doc, problems, (_LeanBuilder if lean else _Builder)(loader, doc, problems, deadline).build()
        except _Again:
            continue
        finally:
            loader.dispose()
    raise AssertionError("unreachable: the second reading is never lean")


def parse(raw: bytes, shown: str) -> tuple[Document | None, list[Problem]]:
    """The document in `raw` (the bytes of the file shown as `shown`)."""
    if len(raw) > MAX_BYTES:
        return None, [_too_large(shown, len(raw))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(shown, line, "", "not-utf8",
                              f"UTF-8 として読めません（{exc.start + 1} バイト目）",
                              "ファイルを UTF-8 で保存し直してください")]
    bad = unreadable_characters(shown, text)
    if bad:
        return None, bad
    try:
        try:
            doc, problems, data = _build(text, shown, _Loader)
        except yaml.YAMLError as exc:
            if "Unicode character escape" not in (getattr(exc, "problem", None) or "") \
                    or not _SURROGATE_ESCAPE.search(text):
                raise
            try:  # its YAMLError, if any, is the file's next mistake after the surrogate
                doc, problems, data = _build(text, shown, _PyLoader)
            except ValueError:  # an escape beyond U+10FFFF: libyaml's message names it
                raise exc from None
    except _Stop as stop:
        column = f"（{stop.column} 文字目）" if stop.column and stop.code == "yaml-syntax" else ""
        return None, [Problem(shown, stop.line, "", stop.code, stop.message + column, stop.hint)]
    except yaml.YAMLError as exc:
        if "nesting depth" in (getattr(exc, "problem", None) or ""):  # libyaml >= 0.2.6 (PyYAML 6.0.4) stops first
            mark = getattr(exc, "problem_mark", None)
            return None, [_too_deep(shown, mark.line + 1 if mark is not None else 1)]
        return None, [syntax_problem(shown, text, exc)]
    except RecursionError:  # not expected (the builder does not recurse); never a traceback
        return None, [_too_deep(shown, 1)]
    if data is _EMPTY:
        return None, [Problem(shown, 1, "", "empty-file", "ファイルが空です",
                              "ひな形（python -m generator new-case / new-district）から書き始めてください")]
    doc.data = data
    return doc, problems


def _dotted(where: Path_) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
