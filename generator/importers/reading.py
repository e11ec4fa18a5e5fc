"""The shared reading layer: a published file → a header and its rows, each with its line.

Every importer reads through here, so every format gets the same care:
- what the file is, by its first bytes: CSV (also when a ZIP holds one CSV, as MHLW's
  「ZIP」 link may serve), Excel 2007+ (.xlsx, read with openpyxl), old Excel (.xls: refused
  with a message);
- the encoding: UTF-8 with or without BOM, UTF-16 with BOM, Shift_JIS (CP932); a file that
  is none of them is refused with the line of the first byte that cannot be read;
- the header: found among the first records (title rows above it are skipped) and matched
  by `header_key` (NFKC, case, spaces and every look-alike dash folded), so 「コ―ド」 written
  with U+2015 is still 「コード」;
- the rows: each data record with the line it starts on; cells as written except that the
  formula-cell neutralisation of the site's own CSV is undone (`csvcells.restore`);
- broken records are counted and reported in the ledger, never dropped: a quote that
  swallows the following lines (the parser restarts on the next line, so the rows after it
  are read), a row with fewer cells than the header, a last row cut short; a cell longer
  than MAX_CELL ends the import with its line (`ReadError`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..csvcells import restore
from .ledger import Ledger

MAX_CELL = 131_072          # Python's csv field limit; a longer cell means a broken file
MAX_BYTES = 512_000_000      # larger than any published list; refused before reading
HEADER_SEARCH = 10           # records looked at to find the header row

_DASHES = re.compile("[\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70\u2500\u2501]")
_SPACE = re.compile(r"[\s\u3000\ufeff]+")


class ReadError(Exception):
    """The file as a whole cannot be read (exit code 2). `line` is 0 when no line applies."""

    def __init__(self, message: str, line: int = 0, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def header_key(text: str) -> str:
    """A header cell as matched against the published names: NFKC, lower case, no spaces,
    every dash-like character (‐‑‒–—―−ー－ …) as one "-"."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _DASHES.sub("-", _SPACE.sub("", text))


@dataclass
class Table:
    source: str                       # the file's name, as messages show it
    form: str                         # what it was read as: "CSV（UTF-8・BOM あり）" …
    header: list[str]                 # as written
    keys: list[str]                   # header_key of each header cell
    header_line: int
    rows: Iterator[tuple[int, list[str]]]  # (line, cells) of each data record

    def column(self, *names: str) -> int | None:
        """Index of the first header equal (by header_key) to one of `names`."""
        wanted = [header_key(n) for n in names]
        for name in wanted:
            if name in self.keys:
                return self.keys.index(name)
        return None


# -- what the file is -------------------------------------------------------------------

def _kind(raw: bytes) -> str:
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "csv"


def _line_at(raw: bytes, pos: int) -> int:
    newline = b"\n" if b"\n" in raw[: pos + 1] or b"\r" not in raw else b"\r"
    return raw.count(newline, 0, pos) + 1


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding label). Tries UTF-8 (BOM or not), UTF-16 with BOM, then CP932."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "UTF-8・BOM あり"
        except UnicodeDecodeError as exc:
            raise ReadError("UTF-8 として読めない文字があります", _line_at(raw, exc.start + 3),
                            "ファイルを UTF-8 で保存し直してください") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ReadError("UTF-16 として読めない文字があります", 0,
                            "ファイルを UTF-8 で保存し直してください") from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8:
        try:
            return raw.decode("cp932"), "Shift_JIS（CP932）"
        except UnicodeDecodeError as sjis:
            # report where the more plausible encoding broke: the one that read further
            pos = max(utf8.start, sjis.start)
            raise ReadError("UTF-8 としても Shift_JIS（CP932）としても読めない文字があります",
                            _line_at(raw, pos),
                            "文字化けしている行を直すか、ファイルを UTF-8 で保存し直してください") from None


# -- CSV ----------------------------------------------------------------------------------

class _Feed:
    """Physical lines for csv.reader, so the reader can be restarted at any line."""

    def __init__(self, lines: list[str], start: int):
        self.lines, self.next = lines, start

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.next >= len(self.lines):
            raise StopIteration
        self.next += 1
        return self.lines[self.next - 1]


def _dialect(first_line: str) -> type[csv.Dialect]:
    return csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel


def _records(lines: list[str], start: int, dialect) -> Iterator[tuple[int, int, list[str]]]:
    """(first line index, index after the last line, cells) from line index `start` on.
    A cell over the limit ends everything with its line."""
    feed = _Feed(lines, start)
    reader = csv.reader(feed, dialect)
    while True:
        first = feed.next
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ReadError(f"セルが長すぎます（{MAX_CELL:,} 文字を超えています）", first + 1,
                                "引用符「\"」の閉じ忘れで、後ろの行までが1つのセルになっていないか"
                                "確かめてください") from None
            raise ReadError(f"CSV として読めません（{exc}）", first + 1) from None
        yield first, feed.next, cells


def _swallowed(cells: list[str], width: int, delimiter: str) -> bool:
    """A multi-line record that looks like rows eaten by an unclosed quote."""
    if len(cells) < width or any(c.strip() for c in cells[width:]):
        return True
    threshold = max(3, width - 1)
    return any(part.count(delimiter) >= threshold
               for cell in cells if "\n" in cell or "\r" in cell
               for part in re.split(r"\r\n|\r|\n", cell)[1:])


def _csv_rows(text: str, ledger: Ledger, is_header: Callable[[list[str]], bool], wanted: str
              ) -> tuple[list[str], int, Iterator[tuple[int, list[str]]]]:
    lines = list(io.StringIO(text, newline=""))
    if not lines:
        raise ReadError("ファイルが空です")
    dialect = _dialect(lines[0])
    delimiter = dialect.delimiter
    header, header_end = None, 0
    for seen, (first, end, cells) in enumerate(_records(lines, 0, dialect), start=1):
        if is_header([header_key(c) for c in cells]):
            header, header_line, header_end = cells, first + 1, end
            break
        if seen >= HEADER_SEARCH:
            break
    if header is None:
        raise ReadError(f"見出しの行が見つかりません（{wanted}の列がありません）", 1,
                        "1 行目に列の名前（名称、住所、緯度、経度 など）があるか確かめてください")
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1
    ends_with_newline = lines[-1].endswith(("\n", "\r"))

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = header_end
        while start < len(lines):
            restart = None
            for first, end, cells in _records(lines, start, dialect):
                line = first + 1
                if not any(c.strip() for c in cells):
                    ledger.blank += 1
                    continue
                last = end >= len(lines)
                if end - first > 1 and _swallowed(cells, width, delimiter):
                    ledger.row()
                    ledger.refuse(line, f"{line}〜{end} 行目が1つの行として読まれました"
                                  f"（{line} 行目の引用符「\"」が閉じていないようです）",
                                  "この行の「\"」を消すか「\"\"」にしてください。次の行から読み直しました",
                                  code="unclosed-quote")
                    restart = first + 1
                    break
                raw = "".join(lines[first:end])
                if last and (raw.count('"') % 2 == 1 or (not ends_with_newline and len(cells) < width)):
                    ledger.row()
                    ledger.refuse(line, "ファイルの最後の行が途中で切れています"
                                  + ("（引用符「\"」が閉じないまま終わっています）" if raw.count('"') % 2 else
                                     f"（見出し {width} 列に対して {len(cells)} 列）"),
                                  "ファイルを最後まで保存し直してください", code="truncated")
                    return
                if len(cells) < width:
                    ledger.row()
                    ledger.refuse(line, f"列の数が足りません（見出し {width} 列に対して {len(cells)} 列）",
                                  "区切りの「,」が抜けているか、行が途中で切れていないか確かめてください",
                                  code="short-row")
                    continue
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    ledger.warn(line, f"見出しのない列に値があります（{len(cells)} 列。見出しは {width} 列）。"
                                "その値は取り込みません", code="extra-cells")
                yield line, [restore(c) for c in cells[:width]]
            if restart is None:
                return
            start = restart

    return header[:width], header_line, rows()


# -- Excel --------------------------------------------------------------------------------

def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _xlsx_rows(raw: bytes, ledger: Ledger, is_header: Callable[[list[str]], bool], wanted: str
               ) -> tuple[list[str], int, Iterator[tuple[int, list[str]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        records = ((n, [_excel_text(v) for v in values])
                   for n, values in enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row or 1))
        header, header_line = None, 0
        for seen, (n, cells) in enumerate(records, start=1):
            if is_header([header_key(c) for c in cells]):
                header, header_line = cells, n
                break
            if seen >= HEADER_SEARCH:
                break
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ReadError(f"Excel（.xlsx）ファイルとして読めません（{type(exc).__name__}）", 0,
                        "Excel で開いて保存し直すか、CSV で保存してください") from None
    if header is None:
        raise ReadError(f"1 枚目のシートに見出しの行が見つかりません（{wanted}の列がありません）", 1)
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n, cells in records:
                if not any(c.strip() for c in cells):
                    ledger.blank += 1
                    continue
                if any(c.strip() for c in cells[width:]):
                    ledger.warn(n, "見出しのない列に値があります。その値は取り込みません", code="extra-cells")
                yield n, (cells + [""] * width)[:width]
        finally:
            book.close()

    return header[:width], header_line, rows()


# -- entry point ----------------------------------------------------------------------------

def read_input(path: Path) -> bytes:
    """The bytes of the regular file at `path`, at most MAX_BYTES. A folder, a device such as
    /dev/zero (endless) or a FIFO (which blocks until someone writes) is refused, not read:
    the file is opened without blocking and judged by what was opened, not by its name."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ReadError(f"ファイルを読めません（{exc.strerror or exc}）") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("ファイルではなくフォルダーです")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("普通のファイルではありません（デバイスや名前付きパイプは読みません）")
        if info.st_size > MAX_BYTES:
            raise ReadError(f"ファイルが大きすぎます（{info.st_size:,} バイト。上限 {MAX_BYTES:,} バイト）")
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"ファイルを読めません（{exc.strerror or exc}）") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise ReadError(f"ファイルが大きすぎます（上限 {MAX_BYTES:,} バイト）")
    return raw


def open_table(path: Path, ledger: Ledger, is_header: Callable[[list[str]], bool], wanted: str = "名称") -> Table:
    """The file at `path` as a Table. `is_header(keys)` says whether a record (its cells
    as header_key) is the header row; `wanted` names its columns for the message when no
    record is. Raises ReadError for a file that cannot be read."""
    raw = read_input(path)
    kind = _kind(raw)
    if kind == "xls":
        raise ReadError("古い形式の Excel（.xls）は読めません", 0,
                        "Excel で「Excel ブック（.xlsx）」か「CSV UTF-8」として保存し直してください")
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            names = archive.namelist()
            if "xl/workbook.xml" in names:
                header, line, rows = _xlsx_rows(raw, ledger, is_header, wanted)
                return Table(path.name, "Excel（.xlsx）", header, [header_key(h) for h in header], line, rows)
            inner = [n for n in names if n.lower().endswith((".csv", ".txt"))]
            if len(inner) != 1:
                raise ReadError(f"ZIP の中に CSV が {len(inner)} 個あります（1 個だけのときに読めます）", 0,
                                "ZIP を展開して、取り込む CSV を指定してください")
            if archive.getinfo(inner[0]).file_size > MAX_BYTES:
                raise ReadError("ZIP の中の CSV が大きすぎます")
            raw = archive.read(inner[0])
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError) as exc:
            raise ReadError(f"ZIP ファイルとして読めません（{exc}）") from None
    text, encoding = decode(raw)
    header, line, rows = _csv_rows(text, ledger, is_header, wanted)
    return Table(path.name, f"CSV（{encoding}）", header, [header_key(h) for h in header], line, rows)
