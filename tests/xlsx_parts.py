"""Small .xlsx files written by hand (zipfile + XML) for the Excel reading tests, so that any
part can be left out, broken or made hostile on purpose. A second, independent writer
(openpyxl) is used beside it in test_import_xlsx.py."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def number(ref: str, value, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def row(n: int | None, *cells: str) -> str:
    r = f' r="{n}"' if n is not None else ""
    return f"<row{r}>{''.join(cells)}</row>"


def table(rows: list[list], first: int = 1) -> str:
    """Python values as rows from row `first`: str inline, int/float a number, None no cell."""
    out = []
    for n, values in enumerate(rows, start=first):
        cells = []
        for col, value in enumerate(values):
            ref = f"{chr(65 + col)}{n}"
            if isinstance(value, str):
                cells.append(inline(ref, value))
            elif value is not None:
                cells.append(number(ref, value))
        out.append(row(n, *cells))
    return "".join(out)


def sheet(rows: str, dimension: str = "", before: str = "", after: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'{DECL}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{dim}{before}<sheetData>{rows}</sheetData>'
            f"{after}</worksheet>")


def strings_xml(strings: list[str], more: str = "") -> str:
    """The shared strings table: `strings` as plain text, then `more` (<si> elements as XML)."""
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    return f'{DECL}<sst xmlns="{MAIN}">{items}{more}</sst>'


def styles_xml(formats: list[int | str]) -> str:
    """One cell style (cellXfs) per entry: a built-in numFmtId, or a custom format code."""
    custom = {code: 164 + i for i, code in enumerate(f for f in formats if isinstance(f, str))}
    fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
                   for code, i in custom.items())
    xfs = "".join(f'<xf numFmtId="{custom[f] if isinstance(f, str) else f}" fontId="0" fillId="0" borderId="0"'
                  f' xfId="0" applyNumberFormat="1"/>' for f in formats)
    return (f'{DECL}<styleSheet xmlns="{MAIN}"><numFmts count="{len(custom)}">{fmts}</numFmts>'
            f'<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(formats)}">{xfs}</cellXfs></styleSheet>')


def book(*sheets: tuple[str, str], strings: list[str] | str | None = None, styles: str | None = None,
         date1904: bool = False, charts: tuple[str, ...] = (), parts: dict[str, bytes | str | None] | None = None
         ) -> bytes:
    """A workbook of `sheets` ((name, sheet XML) in order) after chart sheets named `charts`.
    `parts` replaces (or, with None, leaves out) any part by its name."""
    entries, rels, files = [], [], {}
    for i, name in enumerate(charts, start=1):
        entries.append(f'<sheet name="{escape(name)}" sheetId="{100 + i}" r:id="rIdC{i}"/>')
        rels.append(f'<Relationship Id="rIdC{i}" Type="{REL}/chartsheet" Target="chartsheets/sheet{i}.xml"/>')
        files[f"xl/chartsheets/sheet{i}.xml"] = f'{DECL}<chartsheet xmlns="{MAIN}"/>'
    for i, (name, xml) in enumerate(sheets, start=1):
        entries.append(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    if strings is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        files["xl/sharedStrings.xml"] = strings if isinstance(strings, str) else strings_xml(strings)
    if styles is not None:
        rels.append(f'<Relationship Id="rIdY" Type="{REL}/styles" Target="/xl/styles.xml"/>')
        files["xl/styles.xml"] = styles
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    files["xl/workbook.xml"] = (f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}'
                                f'<sheets>{"".join(entries)}</sheets></workbook>')
    files["xl/_rels/workbook.xml.rels"] = f'{DECL}<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    files["[Content_Types].xml"] = f"{DECL}<Types/>"
    files.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            if data is not None:
                archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()
