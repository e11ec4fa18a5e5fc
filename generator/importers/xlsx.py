"""Excel 2007+ (.xlsx) workbooks read with the standard library: zipfile and expat.

Until issues 20 and 21 this was openpyxl, which is sound for writing workbooks but not for
reading what anyone may hand us: one bad cell (a shared-string index with no table, text in
a numeric cell) raised IndexError/ValueError inside its row generator and lost the rest of
the sheet; its read-only mode yielded every empty row and padded every row up to the
declared dimension, so `<dimension ref="A1:XFD1048576"/>` with one far cell ran for minutes;
it printed English warnings (「Cannot parse header or footer」 for 熊本市's list). The parts
we need are few and plain XML, so they are read here, as they come:
xl/workbook.xml (the sheets, the 1904 date system) → xl/_rels/workbook.xml.rels (each
sheet's part) → xl/styles.xml (which cell styles are dates or times) →
xl/sharedStrings.xml → the sheet, row by row. Empty rows and columns cost nothing: a row
holds its cells up to its last value, and gaps between rows are never materialised.

What a cell reads as (`Book.rows`): text as written (shared, inline or rich text — the
runs joined, the furigana runs `rPh` left out — and Excel's `_x000D_` escapes undone);
numbers as written without a trailing `.0`; date- and time-formatted numbers as ISO
`YYYY-MM-DD`, `HH:MM` or `YYYY-MM-DD HH:MM` (1900 system with its leap-year bug, or
1904; a serial that is no date, negative or 0, stays the number); booleans as 1/0; error
values as shown (#N/A); a formula without a saved result as empty, the row saying so
(`Row.unsaved`). A cell that cannot be read is not guessed: the row carries its reference
and the reason, and the caller reports the row.

Anything the package itself gets wrong is a `BookError` (a message in Japanese and a hint):
not a ZIP, a missing part, XML that is not well formed or declares a DTD (entities are never
expanded) or an encoding expat cannot read, a compression Excel does not use (bzip2 and LZMA
inflate unbounded), more XML than MAX_XML bytes or MAX_TAGS tags, more than MAX_ROWS rows.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from ..check.problems import shown

# The largest list anyone imports is MHLW's national 通いの場 file, 15,486 rows × 38 columns: as
# a workbook ~16 MB of XML and 1.8 million tags. Municipal Excel lists have hundreds of rows,
# 熊本市's 病院一覧 the most columns (118). The limits are well above that, bound the time
# and memory any file can take, and each ends in a message, never a quiet stop.
MAX_XML = 256_000_000   # bytes of XML in one workbook, as declared and as actually inflated (zip bombs)
MAX_TAGS = 10_000_000   # "<" in that XML, counted as it is read: reading costs ~1 µs of CPU a tag
#                         however small the tag (`<c/>` is 4 bytes), so this bounds the time (~10 s)
MAX_ROWS = 100_000      # rows with a value: 6 × the national list
MAX_COLUMNS = 1_024     # 8 × the widest real list; a value further right is reported, not read
MAX_CELL = 131_072      # characters, as reading.MAX_CELL (Excel itself stops at 32,767)
CHUNK = 1 << 16

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")           # transitional, strict
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[\$[^\]]*\]|\[(?:[a-z]+|<|>|=)[^\]]*\]|general|g/標準|am/pm|a/p|[eE][+-]',
                           re.I)
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.I)
# Built-in number formats that are dates or times: 14–22 and 45–47 everywhere, 27–36 and
# 50–58 in a Japanese Excel (ECMA-376 §18.8.30: 和暦 ge.m.d, yyyy"年"m"月"d"日", h"時"mm"分" …).
_BUILTIN = {14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
            19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yyyy h:mm", 45: "mm:ss",
            46: "[h]:mm:ss", 47: "mm:ss.0", 27: "ge.m.d", 28: "ggge年m月d日", 29: "ggge年m月d日",
            30: "m/d/yy", 31: "yyyy年m月d日", 32: "h時mm分", 33: "h時mm分ss秒", 34: "yyyy年m月",
            35: "m月d日", 36: "ge.m.d", 50: "ge.m.d", 51: "ggge年m月d日", 52: "yyyy年m月", 53: "m月d日",
            54: "ggge年m月d日", 55: "yyyy年m月", 56: "m月d日", 57: "ge.m.d", 58: "ggge年m月d日"}
_LAST_SERIAL = 2_958_465   # 9999-12-31


class BookError(Exception):
    def __init__(self, message: str, hint: str = "Excel で開いて保存し直すか、CSV で保存してください"):
        super().__init__(message)
        self.message, self.hint = message, hint


class _Bad(Exception):
    """One cell that cannot be read (the row is reported, the rest of the sheet is read)."""


@dataclass
class Sheet:
    name: str
    part: str    # the worksheet part in the package, "" for a chart or dialog sheet


@dataclass(slots=True)
class Row:
    number: int                       # the row's number in Excel (the line messages show)
    cells: list[str]                  # column A on, up to the last value within MAX_COLUMNS
    bad: list[tuple[str, str]] = field(default_factory=list)   # (cell, reason), first few
    bad_count: int = 0
    beyond: str = ""                  # the first cell with a value right of MAX_COLUMNS
    unsaved: str = ""                 # the first formula cell without its result (read as empty)


def column_name(index: int) -> str:
    """1 → A, 28 → AB."""
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _next_column(last: int, last_ref: str | None) -> int:
    """The column of a cell without a reference: the one after the previous cell's."""
    match = _REF.fullmatch(last_ref) if last_ref else None
    return (_column(match.group(1)) if match else last) + 1


def _at_root(parser: expat.XMLParserType, tags: dict[str, str], locals_: tuple[str, ...],
             on_start: Callable[[str, dict], None]) -> Callable[[str, dict], None]:
    """A start handler for the root element that fills `tags` (qualified name → local name)
    for the SpreadsheetML elements `locals_`, by the prefixes the root binds to that
    namespace ("" for the default), and hands the rest of the part to `on_start`. The sheet
    and the shared strings are parsed without expat's namespace processing, which took a
    third of the time; a prefix bound further in (no writer does that) is not seen."""
    def at_root(name: str, attrs: dict) -> None:
        for key, uri in attrs.items():
            if uri in _MAIN and (key == "xmlns" or key.startswith("xmlns:")):
                prefix = key[6:]
                tags.update({f"{prefix}:{local}" if prefix else local: local for local in locals_})
        parser.StartElementHandler = on_start
        on_start(name, attrs)
    return at_root


def _count(text: str) -> int | None:
    """A whole number written in ASCII digits, or None."""
    if not (text.isascii() and text.isdigit()):
        text = text.strip()
        if not (text.isascii() and text.isdigit()):
            return None
    return int(text) if len(text) <= 18 else None


def _unescape(text: str) -> str:
    """Excel's `_xHHHH_` (a control character, or `_x005F_` for "_") undone; a surrogate,
    which is no character alone, stays as written."""
    def one(m: re.Match) -> str:
        code = int(m.group(1), 16)
        return m.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)
    return _ESCAPED.sub(one, text) if "_x" in text else text


def date_parts(code: str) -> tuple[bool, bool]:
    """(has a date, has a time) of a number format code; (False, False) for a number format,
    an elapsed time ([h]:mm, a duration) and General (「G/標準」 in a Japanese Excel). An "m"
    is a month unless an hour or a second is there."""
    first = code.split(";")[0]
    if _ELAPSED.search(first):
        return False, False
    rest = _FORMAT_NOISE.sub("", first).lower()
    time = "h" in rest or "s" in rest
    return re.search(r"[ydge]", rest) is not None or (not time and "m" in rest), time


class Book:
    """One workbook. `sheets` in the workbook's order; `rows(sheet)` reads one sheet.
    The parts are read in this order, each once: the workbook and its relationships, the
    styles, the shared strings; a sheet when its rows are asked for."""

    def __init__(self, archive: zipfile.ZipFile, workbook: str = "xl/workbook.xml"):
        self.package = _Package(archive)
        self.sheets, date1904, found = _sheets(self.package, workbook)
        kinds = _styles(self.package, found.get("styles", ""))
        strings = _strings(self.package, found["sharedStrings"]) if "sharedStrings" in found else None
        self.cells = _Cells(kinds, strings, date1904)

    def rows(self, sheet: Sheet) -> Iterator[Row]:
        """The rows of `sheet` that hold a value or a bad cell, in the order of the file."""
        return _rows(self.package, self.cells, sheet)


# -- the package ----------------------------------------------------------------------------
class _Package:
    """The workbook's parts as XML, within the limits for the whole workbook (MAX_XML bytes
    as declared and as inflated, MAX_TAGS tags): every part is read through `chunks`."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.left, self.tags_left = archive, MAX_XML, MAX_TAGS
        self.names = set(archive.namelist())

    def chunks(self, part: str) -> Iterator[bytes]:
        """The bytes of `part`, counted against MAX_XML both as declared and as inflated."""
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            raise BookError(f"部品 {shown(part, 80)} がファイルにありません") from None
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA inflate a whole read at once, unbounded; Excel writes neither
            raise BookError(f"ZIP の中の {shown(part, 80)} が Excel の使わない方式で圧縮されています"
                            f"（方式 {info.compress_type}）")
        if info.file_size > self.left:
            raise BookError(f"展開すると大きすぎます（{shown(part, 80)} が {info.file_size:,} バイト。"
                            f"上限はブック全体で {MAX_XML:,} バイト）", "中身が壊れていないか確かめてください")
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    self.left -= len(chunk)
                    self.tags_left -= chunk.count(b"<")
                    if self.left < 0:
                        raise BookError(f"展開すると大きすぎます（{shown(part, 80)} が宣言より大きく、ブック全体で "
                                        f"{MAX_XML:,} バイトを超えます）", "中身が壊れていないか確かめてください")
                    if self.tags_left < 0:
                        raise BookError(f"セルが多すぎます（{shown(part, 80)} で、ブック全体の XML のタグが "
                                        f"{MAX_TAGS:,} 個を超えました）", "シートを分けるか、CSV で保存してください")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            # a wrong CRC, a cut or encrypted member, an unknown compression method
            raise BookError(f"ZIP の中の {shown(part, 80)} が壊れています（{type(exc).__name__}）") from None

    def parse(self, part: str, parser: expat.XMLParserType) -> Iterator[None]:
        """Feed `part` to `parser`, yielding after each chunk (so rows can be taken as they come)."""
        try:
            for chunk in self.chunks(part):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
        except expat.ExpatError as exc:
            raise BookError(f"{shown(part, 80)} が XML として読めません"
                            f"（{exc.lineno} 行 {exc.offset + 1} 文字目）") from None
        except (LookupError, ValueError) as exc:   # an encoding Python does not know, or expat cannot use
            if "encoding" not in str(exc):
                raise
            raise BookError(f"{shown(part, 80)} の文字コードが読めません（Excel は UTF-8 で書きます）") from None

    def starts(self, part: str, on_start: Callable[[str, dict], None]) -> None:
        parser = _parser()
        parser.StartElementHandler = lambda name, attrs: on_start(name.rpartition(" ")[2], attrs)
        for _ in self.parse(part, parser):
            pass


def _parser(namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser that refuses a DTD (so no entity is ever declared or expanded)."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()

    def refuse(*_args) -> None:
        raise BookError("XML に DTD（<!DOCTYPE>）があります。Excel の書いたファイルには DTD はありません",
                        "Excel で開いて保存し直してください")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    return parser


def _sheets(package: _Package, workbook: str) -> tuple[list[Sheet], bool, dict[str, str]]:
    """The workbook's sheets in order with their parts (xl/workbook.xml and its relationships),
    whether it counts dates from 1904, and its other parts by kind (styles, sharedStrings)."""
    entries: list[tuple[str, str]] = []
    date1904 = [False]

    def on_workbook(local: str, attrs: dict) -> None:
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith(" id")), "")
            entries.append((attrs.get("name", ""), rid))
        elif local == "workbookPr":
            date1904[0] = attrs.get("date1904", "").lower() in ("1", "true")

    package.starts(workbook, on_workbook)
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    rels: dict[str, tuple[str, str]] = {}

    def on_rel(local: str, attrs: dict) -> None:
        if local == "Relationship" and attrs.get("TargetMode", "") != "External":
            target = attrs.get("Target", "")
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            rels[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], part)

    if rels_part in package.names:
        package.starts(rels_part, on_rel)
    sheets = []
    for name, rid in entries:
        kind, part = rels.get(rid, ("", ""))
        if kind == "worksheet" and part not in package.names:
            raise BookError(f"シート{shown(name, 31)}の中身（{shown(part, 80)}）がファイルにありません")
        if not kind:
            raise BookError(f"シート{shown(name, 31)}の中身がどの部品か分かりません"
                            f"（{rels_part} に {shown(rid, 20)} がありません）")
        sheets.append(Sheet(name, part if kind == "worksheet" else ""))
    if not sheets:
        raise BookError("シートが1枚もありません")
    return sheets, date1904[0], {kind: part for kind, part in rels.values()}


def _styles(package: _Package, part: str) -> list[tuple[bool, bool] | None]:
    """For each cell style (cellXfs), `date_parts` of its number format when it is a date
    or a time, else None."""
    if not part:
        return []
    formats: dict[int, str] = {}
    kinds: list[tuple[bool, bool] | None] = []
    where = [""]

    def on_start(local: str, attrs: dict) -> None:
        if local in ("cellXfs", "cellStyleXfs", "dxfs"):
            where[0] = local
        elif local == "numFmt" and (ident := _count(attrs.get("numFmtId", ""))) is not None:
            formats[ident] = attrs.get("formatCode", "")
        elif local == "xf" and where[0] == "cellXfs":
            ident = _count(attrs.get("numFmtId", "0"))
            code = formats.get(ident, _BUILTIN.get(ident, "")) if ident is not None else ""
            parts = date_parts(code)
            kinds.append(parts if any(parts) else None)

    package.starts(part, on_start)
    return kinds


def _strings(package: _Package, part: str) -> list[str]:
    """The shared strings (xl/sharedStrings.xml): each one's text runs joined, furigana left out."""
    strings: list[str] = []
    text: list[str] = []
    state = {"si": False, "t": False, "rPh": False}
    tags: dict[str, str] = {}

    def on_start(name: str, _attrs: dict) -> None:
        local = tags.get(name)
        if local in state:
            state[local] = True
        if local == "si":
            text.clear()

    def on_end(name: str) -> None:
        local = tags.get(name)
        if local in state:
            state[local] = False
        if local == "si":
            strings.append(_unescape("".join(text)))

    def on_text(data: str) -> None:
        if state["t"] and state["si"] and not state["rPh"]:
            text.append(data)

    parser = _parser(namespaces=False)
    parser.StartElementHandler = _at_root(parser, tags, tuple(state), on_start)
    parser.EndElementHandler, parser.CharacterDataHandler = on_end, on_text
    for _ in package.parse(part, parser):
        pass
    return strings


# -- cells and rows -------------------------------------------------------------------------
class _Cells:
    """What a cell's value reads as (the module's docstring), given the workbook's cell styles
    (`_styles`: which are dates or times), its shared strings and its date system."""

    def __init__(self, kinds: list[tuple[bool, bool] | None], strings: list[str] | None, date1904: bool):
        self.kinds, self.strings, self.date1904 = kinds, strings, date1904

    def date(self, number: float, parts: tuple[bool, bool]) -> str | None:
        """A serial number as a date and/or time, or None when it is none (Excel shows ####
        for a negative one, 1900-01-00 for 0): the number is then read as a number."""
        if not 0 <= number < _LAST_SERIAL + 1:
            return None
        seconds = round(number * 86400)
        days, seconds = divmod(seconds, 86400)
        clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}" + (f":{seconds % 60:02d}" if seconds % 60 else "")
        has_date, has_time = parts
        if days == 0 and has_time and not (self.date1904 and has_date):
            return clock
        if days == 0 and not self.date1904:
            return None
        if not self.date1904 and days == 60:
            text = "1900-02-29"   # Excel's day that never was (Lotus 1-2-3's leap-year bug)
        else:
            start = dt.date(1904, 1, 1) if self.date1904 else dt.date(1899, 12, 31 if days < 60 else 30)
            try:
                text = (start + dt.timedelta(days=days)).isoformat()
            except OverflowError:
                return None
        return text if seconds == 0 else f"{text} {clock}"

    def read(self, kind: str, style: str, value: str | None, inline: str | None) -> str:
        """A cell's text from its type (t=), its style (s=), its <v> and its <is> text;
        `_Bad` when it cannot be read."""
        if kind in ("n", ""):
            if value is None or value == "":
                return ""
            value = value.strip()
            if len(value) > 400 or not _NUMBER.fullmatch(value):
                raise _Bad(f"数値のセルに数値でない値があります（{shown(value, 30)}）")
            index = _count(style) if style else None
            parts = self.kinds[index] if index is not None and index < len(self.kinds) else None
            if parts and (when := self.date(float(value), parts)) is not None:
                return when
            if not any(c in value for c in ".eE"):
                return str(int(value))
            number = float(value)
            if not math.isfinite(number):
                raise _Bad(f"数値として大きすぎます（{shown(value, 30)}）")
            return str(int(number)) if number.is_integer() else repr(number)
        if kind == "s":
            if value and value.isdigit() and value.isascii() and self.strings is not None and \
                    len(value) < 12 and int(value) < len(self.strings):
                return self.strings[int(value)]
            if value is None or value == "":
                return ""
            if self.strings is None:
                raise _Bad("共有文字列のセルですが、ファイルに共有文字列の表（xl/sharedStrings.xml）がありません")
            index = _count(value)
            if index is None or index >= len(self.strings):
                raise _Bad(f"共有文字列の番号 {shown(value.strip(), 20)} がありません"
                           f"（共有文字列は {len(self.strings):,} 個）")
            return self.strings[index]
        if kind == "inlineStr":
            return _unescape(inline if inline is not None else value or "")
        if kind == "str":
            return _unescape(value or "")
        if kind == "b":
            if value is None or value == "":
                return ""
            if value.strip().lower() not in ("0", "1", "true", "false"):
                raise _Bad(f"真偽値のセルに {shown(value, 20)} があります（0 か 1 のはずです）")
            return "1" if value.strip().lower() in ("1", "true") else "0"
        if kind == "e":
            return value or ""
        if kind == "d":
            try:
                when = dt.datetime.fromisoformat((value or "").strip())
            except ValueError:
                raise _Bad(f"日付のセルに日付として読めない値があります（{shown(value or '', 30)}）") from None
            if when.time() == dt.time():
                return when.date().isoformat()
            return when.isoformat(" ", "seconds" if when.second else "minutes")
        raise _Bad(f"セルの種類 t={shown(kind, 20)} が分かりません")


def _rows(package: _Package, cells: _Cells, sheet: Sheet) -> Iterator[Row]:
    """The rows of `sheet` that hold a value or a bad cell, in the order of the file."""
    if not sheet.part:
        return
    tags: dict[str, str] = {}
    ready: list[Row] = []
    in_data = in_is = in_rph = formula = False
    row: Row | None = None
    attrs_c: dict | None = None     # the open cell's attributes
    value: list[str] | None = None  # the open cell's <v> text, None when it has none
    inline: list[str] | None = None  # its <is> text
    target: list[str] | None = None  # where character data goes now
    last_number = last_col = counted = 0
    last_ref: str | None = None       # the previous cell's reference, when its column is not worked out
    columns: dict[str, int] = {}      # "AB" → 28

    def bad(ref: str, reason: str) -> None:
        row.bad_count += 1
        if len(row.bad) < 3:
            row.bad.append((ref, reason))

    def on_start(name: str, attrs: dict) -> None:
        nonlocal in_data, in_is, in_rph, formula, row, attrs_c, value, inline, target, last_number, last_col, \
            last_ref
        local = tags.get(name)
        if local is None or (not in_data and local != "sheetData"):
            return
        if local == "c":
            if row is not None:
                attrs_c, value, inline, in_is, formula = attrs, None, None, False, False
        elif attrs_c is None:
            if local == "row":
                given = attrs.get("r")
                row = Row(last_number + 1, [])
                if given is not None:
                    if (number := _count(given)) and number <= 99_999_999:
                        row.number = number
                    else:
                        bad(f"{row.number} 行目", f"行の番号 r={shown(given, 20)} が読めません")
                last_number, last_col, last_ref = row.number, 0, None
            elif local == "sheetData":
                in_data = True
        elif local == "v":
            value = target = []
        elif local == "is":
            in_is, inline = True, []
        elif local == "rPh":
            in_rph = True
        elif local == "t" and in_is and not in_rph:
            target = inline
        elif local == "f":
            formula = True

    def on_end(name: str) -> None:
        nonlocal in_data, in_is, in_rph, row, attrs_c, target, last_col, last_ref, counted
        local = tags.get(name)
        if local is None or not in_data:
            return
        if local in ("v", "t"):
            target = None
        elif local == "rPh":
            in_rph = False
        elif local == "is":
            in_is = False
        elif local == "c" and attrs_c is not None:
            cell, attrs_c = attrs_c, None
            ref = cell.get("r")
            if value is None and inline is None:      # an empty (styled) cell: nothing to read
                if ref is None:
                    last_col, last_ref = _next_column(last_col, last_ref), None
                else:
                    last_ref = ref                    # its column is worked out only if needed
                if formula and not row.unsaved:       # written by a program that does not calculate
                    row.unsaved = ref or f"{column_name(last_col)}{row.number}"
                return
            if ref is None:
                col = _next_column(last_col, last_ref)
                ref = f"{column_name(col)}{row.number}"
            elif (col := columns.get(ref.rstrip("0123456789"))) is None:   # each column's letters once
                match = _REF.fullmatch(ref)
                if not match:
                    bad(f"r={shown(ref, 20)}", "セルの位置が読めません")
                    return
                col = columns[match.group(1)] = _column(match.group(1))
            last_col, last_ref = col, None
            try:
                text = cells.read(cell.get("t", "n"), cell.get("s", ""),
                                  None if value is None else "".join(value),
                                  None if inline is None else "".join(inline))
                if len(text) > MAX_CELL:
                    raise _Bad(f"セルが長すぎます（{MAX_CELL:,} 文字を超えています）")
            except _Bad as reason:
                bad(ref, str(reason))
                return
            if not text:
                return
            if col > MAX_COLUMNS:
                row.beyond = row.beyond or ref
            elif col > len(row.cells):
                if col - 1 > len(row.cells):
                    row.cells.extend([""] * (col - 1 - len(row.cells)))
                row.cells.append(text)
            else:
                row.cells[col - 1] = text
        elif local == "row" and row is not None:
            done, row = row, None
            if done.cells or done.bad_count or done.beyond or done.unsaved:
                counted += 1
                if counted > MAX_ROWS:
                    raise BookError(f"シート{shown(sheet.name, 31)}の行が多すぎます（{done.number:,} 行目"
                                    f"で、値のある行が {MAX_ROWS:,} 行を超えました）",
                                    "シートを分けて、1枚ずつ取り込んでください")
                ready.append(done)
        elif local == "sheetData":
            in_data = False

    def on_text(data: str) -> None:
        if target is not None:
            target.append(data)

    parser = _parser(namespaces=False)
    parser.StartElementHandler = _at_root(parser, tags, ("sheetData", "row", "c", "v", "is", "t", "rPh", "f"), on_start)
    parser.EndElementHandler, parser.CharacterDataHandler = on_end, on_text
    for _ in package.parse(sheet.part, parser):
        yield from ready
        ready.clear()
