"""Benchmark (not a test): `python -m benchmarks.bench_xlsx [--rows 15486,60000] [--no-import]`.

Reading Excel (importers/xlsx.py) against its limits. For each size, the synthetic national
通いの場 list (synthetic_kayoinoba.py) written as Excel writes it (shared strings, numbers as
numbers): the time to read every row (in this process) and, unless --no-import, the time of
the whole `python -m generator import-kayoinoba` command on a fresh project. Then hostile
files, each ~0.5–10 MB: a far cell at the largest dimension, a zip bomb (declared and lying
sizes), a sheet over the row limit, and the most tags a workbook may hold (empty
styled cells up to MAX_TAGS): each must finish or fail within seconds. Prints a Markdown table."""

from __future__ import annotations

import argparse
import io
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from generator.importers import xlsx
from generator.importers.ledger import Ledger
from generator.importers.reading import ReadError, header_key, open_table

from . import synthetic_kayoinoba
from .bench_import import _project

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="通いの場" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
        ' Target="sharedStrings.xml"/></Relationships>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _is_number(text: str) -> bool:
    try:
        return str(int(text)) == text or repr(float(text)) == text
    except ValueError:
        return False


def write_book(path: Path, rows, sheet_chunks=None) -> Path:
    """`rows` (lists of strings) as a workbook: numbers as numbers, text as shared strings."""
    strings: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in sheet_chunks or ():
                sheet.write(chunk)
            for r, row in enumerate(rows, start=1):
                cells = []
                for c, text in enumerate(row, start=1):
                    ref = f"{xlsx.column_name(c)}{r}"
                    if not text:
                        continue
                    if _is_number(text):
                        cells.append(f'<c r="{ref}"><v>{text}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(text, len(strings))}</v></c>')
                sheet.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        table = "".join(f'<si><t xml:space="preserve">{_escape(s)}</t></si>' for s in strings)
        book.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">{table}</sst>')
    return path


def _xml_size(path: Path) -> int:
    with zipfile.ZipFile(path) as book:
        return sum(i.file_size for i in book.infolist())


def _read(path: Path) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds to read every row, outcome)."""
    ledger = Ledger(path.name)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        table = open_table(path, ledger, lambda keys: header_key("名称") in keys)
        n = sum(1 for _ in table.rows)
        outcome = f"{n:,} rows read, {len([p for p in ledger.problems if p.severity == 'warning'])} warnings"
    except ReadError as exc:
        outcome = f"ReadError: {exc.message[:90]}"
    return time.perf_counter() - start, time.process_time() - cpu, outcome


def _import(path: Path, tmp: Path) -> str:
    project = _project(tmp / "project")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "import-kayoinoba", str(path),
                           "--as-of", "2026-06-30"], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return f"{elapsed:.1f} s ({cpu:.1f} s), exit {done.returncode}"


def _far_cell(path: Path) -> Path:
    rows = [["名称", "住所"], ["架空の場", "架空町1"]]
    far = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>')
    write_book(path, rows)
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                part = part.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
                part = part.replace(b"</sheetData>", far + b"</sheetData>")
            out.writestr(info.filename, part)
    return path


def _bomb(path: Path, size: int, lie: bool = False) -> Path:
    """A sheet of `size` bytes of blanks after the header row (deflates ~1000:1). With `lie`,
    the sizes in the ZIP's headers are rewritten to 1,000 bytes."""
    blank = b" " * (1 << 20)
    write_book(path, [["名称"]], sheet_chunks=[blank] * (size >> 20))
    if lie:
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as book:
            info = book.getinfo("xl/worksheets/sheet1.xml")
        offset = info.header_offset
        data[offset + 22:offset + 26] = struct.pack("<I", 1000)        # local header: uncompressed size
        start = 0
        while (central := data.find(b"PK\x01\x02", start)) >= 0:
            name_len = struct.unpack("<H", data[central + 28:central + 30])[0]
            if data[central + 46:central + 46 + name_len] == b"xl/worksheets/sheet1.xml":
                data[central + 24:central + 28] = struct.pack("<I", 1000)
            start = central + 4
        path.write_bytes(bytes(data))
    return path


def _over_rows(path: Path) -> Path:
    return write_book(path, [["名称"]] + [[f"架空{i}"] for i in range(xlsx.MAX_ROWS + 10)])


def _most_tags(path: Path) -> Path:
    """Empty styled cells, as Excel writes them, up to just under MAX_TAGS: the longest any
    workbook can take to read."""
    row = "".join(f'<c r="{xlsx.column_name(c)}{{r}}" s="1"/>' for c in range(1, 39))
    chunks, r = [], 2
    while (r + 1000) * 40 < xlsx.MAX_TAGS:
        chunks.append("".join(f'<row r="{r + i}">{row.format(r=r + i)}</row>' for i in range(1000)).encode())
        r += 1000
    return write_book(path, [["名称"]], sheet_chunks=chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="15486,60000", help="sizes of the synthetic list, comma-separated")
    parser.add_argument("--no-import", action="store_true", help="only read, do not run the import command")
    args = parser.parse_args()
    print("| file | .xlsx | XML inside | read every row (CPU) | outcome | whole import-kayoinoba (CPU) |")
    print("|---|---:|---:|---:|---|---:|")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = []
        for n in (int(x) for x in args.rows.split(",")):
            rows = [list(synthetic_kayoinoba.HEADER), *synthetic_kayoinoba.rows(n)]
            cases.append((f"synthetic 通いの場, {n:,} rows", write_book(tmp / f"list-{n}.xlsx", rows), True))
        cases += [("far cell XFD1048576, dimension A1:XFD1048576", _far_cell(tmp / "far.xlsx"), False),
                  ("zip bomb: 600 MB of blanks", _bomb(tmp / "bomb.xlsx", 600 << 20), False),
                  ("zip bomb with lying sizes (says 1,000 bytes)", _bomb(tmp / "liar.xlsx", 600 << 20, lie=True), False),
                  (f"{xlsx.MAX_ROWS + 10:,} rows (over MAX_ROWS)", _over_rows(tmp / "rows.xlsx"), False),
                  ("empty styled cells up to MAX_TAGS", _most_tags(tmp / "most.xlsx"), False)]
        for label, path, run_import in cases:
            seconds, cpu, outcome = _read(path)
            whole = _import(path, tmp / path.stem) if run_import and not args.no_import else "—"
            print(f"| {label} | {path.stat().st_size / 1e6:.1f} MB | {_xml_size(path) / 1e6:,.0f} MB | "
                  f"{seconds:.1f} s ({cpu:.1f} s) | {outcome} | {whole} |", flush=True)
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs, shared)")


if __name__ == "__main__":
    main()
