"""The shared reading layer: a published file → a header and its rows, each with its line.

Every importer reads through here, so every format gets the same care:
- what the file is, by its first bytes: CSV (also when a ZIP holds one CSV, as MHLW's
  「ZIP」 link may serve), Excel 2007+ (.xlsx, read by xlsx.py: the first sheet whose header
  matches, named in Table.form), old Excel (.xls) or a password-protected one (refused
  with a message);
- the encoding: UTF-8 with or without BOM, UTF-16 with BOM, Shift_JIS (CP932); a file that
  is none of them is refused with the line of the first byte that cannot be read;
- the header: found among the first records (title rows above it are kept as text in
  Table.preamble, e.g. 「令和6年2月1日現在」) and matched
  by `header_key` (NFKC, case, spaces and every look-alike dash folded), so 「コ―ド」 written
  with U+2015 is still 「コード」;
- the rows: each data record with the line it starts on; cells as written except that the
  formula-cell neutralisation of the site's own CSV is undone (`csvcells.restore`); the
  filled cells of each column are counted on the way (`Ledger.counting`, the column ledger);
- broken records are counted and reported in the ledger, never dropped: a quote that
  swallows the following lines (the parser restarts on the next line, so the rows after it
  are read), a row with fewer cells than the header, a last row cut short; a cell longer
  than MAX_CELL ends the import with its line (`ReadError`). In Excel, a cell that cannot be
  read reports its row with the sheet and the cell (「シート「公開データ」の C12：…」).
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..check.problems import shown
from ..model.csvcells import restore
from . import xlsx
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
    preamble: list[str] = field(default_factory=list)  # title lines above the header, e.g.
    #                                                    「病院一覧（令和6年2月1日現在）」

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
              ) -> tuple[list[str], int, list[str], Iterator[tuple[int, list[str]]]]:
    lines = list(io.StringIO(text, newline=""))
    if not lines:
        raise ReadError("ファイルが空です")
    dialect = _dialect(lines[0])
    delimiter = dialect.delimiter
    header, header_end, preamble = None, 0, []
    for seen, (first, end, cells) in enumerate(_records(lines, 0, dialect), start=1):
        if is_header([header_key(c) for c in cells]):
            header, header_line, header_end = cells, first + 1, end
            break
        if any(c.strip() for c in cells):
            preamble.append(" ".join(c for c in cells if c.strip()))
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

    return header[:width], header_line, preamble, rows()


# -- Excel --------------------------------------------------------------------------------

def _first_bad(row: xlsx.Row, sheet: str) -> str:
    ref, reason = row.bad[0]
    more = f"（この行のほかの {row.bad_count - 1:,} セルも読めません）" if row.bad_count > 1 else ""
    return f"シート{sheet}の {ref}：{reason}{more}"


def _find_header(book: xlsx.Book, sheet: xlsx.Sheet, is_header: Callable[[list[str]], bool]
                 ) -> tuple[xlsx.Row | None, list[xlsx.Row], Iterator[xlsx.Row]]:
    """(the header row or None, the rows above it, the sheet's remaining rows) — the header
    among the first HEADER_SEARCH rows with a value."""
    rows = book.rows(sheet)
    above: list[xlsx.Row] = []
    for row in rows:
        if is_header([header_key(c) for c in row.cells]):
            return row, above, rows
        above.append(row)
        if len(above) >= HEADER_SEARCH:
            break
    rows.close()
    return None, above, iter(())


def _xlsx_rows(archive: zipfile.ZipFile, ledger: Ledger, is_header: Callable[[list[str]], bool], wanted: str
               ) -> tuple[str, list[str], int, list[str], Iterator[tuple[int, list[str]]]]:
    """(form, header, header line, title lines, rows) of the first sheet whose header matches.
    The sheet is read whole before the first row is given out, so a broken package or a
    sheet over the row limit stops the import before any row is worked on."""
    try:
        book = xlsx.Book(archive)
        found = []
        for sheet in book.sheets:
            header, above, rest = _find_header(book, sheet, is_header)
            if header is not None:
                found.append((sheet, header, above, rest))
        if not found:
            names = "、".join(shown(s.name, 31) for s in book.sheets[:10])
            raise ReadError((f"シート{names}に" if len(book.sheets) == 1 else f"どのシート（{names}）にも") +
                            f"見出しの行が見つかりません（{wanted}の列がありません）", 1,
                            "見出しの行（名称、住所、緯度、経度 など）が上から 10 行のうちにあるか確かめてください")
        sheet, header, above, rest = found[0]
        for _, _, _, other in found[1:]:
            other.close()
        data = list(rest)
    except xlsx.BookError as exc:
        raise ReadError(f"Excel（.xlsx）ファイルとして読めません：{exc.message}", 0, exc.hint) from None
    name = shown(sheet.name, 31)
    others = [s for s in book.sheets if all(s is not f[0] for f in found)]
    if len(found) > 1:
        ledger.notes.append(f"見出しの合うシートが {len(found)} 枚あります（"
                            + "、".join(shown(s.name, 31) for s, *_ in found[:10])
                            + f"）。1 枚目の{name}を読みました")
    if others:
        ledger.notes.append("ほかのシート" + "、".join(shown(s.name, 31) for s in others[:10])
                            + ("…" if len(others) > 10 else "") + "は、見出しの行がないため読んでいません")
    if header.bad_count:
        raise ReadError("見出しの行に読めないセルがあります：" + _first_bad(header, name), header.number)
    if header.beyond:
        raise ReadError(f"見出しの行が長すぎます（{xlsx.MAX_COLUMNS:,} 列まで読めます。シート{name}の "
                        f"{header.beyond} に値があります）", header.number)
    for row in above:
        if row.bad_count:
            ledger.warn(row.number, _first_bad(row, name) + "（見出しより上の行なので、取り込みには使いません）",
                        code="bad-cell")
    width = len(header.cells)
    while width > 1 and not header.cells[width - 1].strip():
        width -= 1
    preamble = [" ".join(c for c in row.cells if c.strip()) for row in above if any(c.strip() for c in row.cells)]

    def rows() -> Iterator[tuple[int, list[str]]]:
        last = header.number
        for row in data:
            n = row.number
            ledger.blank += max(0, n - last - 1)      # rows with nothing are not in `data`
            last = n
            if row.bad_count:
                ledger.row()
                ledger.refuse(n, _first_bad(row, name), "Excel でこのセルを入力し直して保存するか、CSV で保存してください",
                              code="bad-cell")
                continue
            cells = row.cells
            if row.unsaved:
                ledger.tally(("formula-without-result",), n, "数式の結果が保存されていないセルがあります"
                             f"（最初は {row.unsaved}）。空のセルとして読みました",
                             "Excel で開いて保存し直すと、結果が保存されます", code="formula")
            if not any(c.strip() for c in cells) and not row.beyond:
                ledger.blank += 1
                continue
            extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
            if extra is not None or row.beyond:
                where = f"{xlsx.column_name(extra + 1)}{n}" if extra is not None else row.beyond
                ledger.warn(n, f"見出しのない列に値があります（{where}。見出しは {width} 列）。その値は取り込みません",
                            code="extra-cells")
            yield n, (cells + [""] * (width - len(cells)))[:width]

    return f"Excel（.xlsx）シート{name}", header.cells[:width], header.number, preamble, rows()


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
    excel_name = path.suffix.lower() in (".xlsx", ".xlsm")
    if kind == "xls":
        raise ReadError("古い形式の Excel（.xls）か、パスワードで保護された Excel は読めません" if excel_name else
                        "古い形式の Excel（.xls）は読めません", 0,
                        "Excel で（パスワードを外して）「Excel ブック（.xlsx）」か「CSV UTF-8」として保存し直してください")
    if excel_name and kind != "zip":
        raise ReadError("Excel（.xlsx）ファイルではありません（.xlsx は ZIP の形をしています）", 0,
                        "Excel で開いて「Excel ブック（.xlsx）」として保存し直すか、CSV で保存してください")
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            names = archive.namelist()
            if "xl/workbook.xml" in names:
                form, header, line, preamble, rows = _xlsx_rows(archive, ledger, is_header, wanted)
                return Table(path.name, form, header, [header_key(h) for h in header], line,
                             ledger.counting(header, rows), preamble)
            if excel_name or "xl/workbook.bin" in names:
                raise ReadError("Excel（.xlsx）ファイルとして読めません（xl/workbook.xml がありません）", 0,
                                "Excel で開いて「Excel ブック（.xlsx）」として保存し直すか、CSV で保存してください")
            inner = [n for n in names if n.lower().endswith((".csv", ".txt"))]
            if len(inner) != 1:
                raise ReadError(f"ZIP の中に CSV が {len(inner)} 個あります（1 個だけのときに読めます）", 0,
                                "ZIP を展開して、取り込む CSV を指定してください")
            info = archive.getinfo(inner[0])
            if info.file_size > MAX_BYTES:
                raise ReadError("ZIP の中の CSV が大きすぎます")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):   # inflated unbounded
                raise ReadError(f"ZIP の中の CSV が使えない方式で圧縮されています（方式 {info.compress_type}）", 0,
                                "ZIP を展開して、中の CSV を指定してください")
            raw = archive.read(inner[0])
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, EOFError, NotImplementedError,
                ValueError) as exc:
            raise ReadError(f"ZIP ファイルとして読めません（{type(exc).__name__}）") from None
    text, encoding = decode(raw)
    header, line, preamble, rows = _csv_rows(text, ledger, is_header, wanted)
    return Table(path.name, f"CSV（{encoding}）", header, [header_key(h) for h in header], line,
                 ledger.counting(header, rows), preamble)
