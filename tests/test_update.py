"""`python -m generator update` (generator/importers/update.py, generator/importers/download.py) against a
local HTTP server (loopback, no internet): the first update imports, the same file again is
`unchanged` (by ETag / 304 and, from a server without ETag, by the bytes), an edition with one
row removed and one changed reports exactly that and changes only those places, and every way
a download or a file can be wrong fails with content/ byte-identical and a message naming the
source. Small CSVs only: the whole file runs in a few seconds."""

import hashlib
import http.server
import json
import shutil
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import make_project
from test_import import KAIGO, row

from generator.cli import main
from generator.importers import download, update

PLACES = [
    dict(no="1", 介護サービス事業所名称="合成データデイサービスセンター", 実施サービス="通所介護",
         住所="東京都千代田区合成町1-1", 緯度="35.6941", 経度="139.7530", 電話番号="03-0000-0001"),
    dict(no="2", 介護サービス事業所名称="合成データ通所A", 実施サービス="通所型サービスA", 住所="東京都千代田区合成町2-2"),
    dict(no="3", 介護サービス事業所名称="合成データ訪問介護", 実施サービス="訪問介護", 住所="東京都千代田区合成町3-3"),
]
DISTRICT = "content/districts/care.yaml"


def csv_bytes(header=KAIGO, places=PLACES, cut: int = 0) -> bytes:
    lines = [",".join(header)] + [",".join(row(header, **p)) for p in places]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    return data[:-cut] if cut else data


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves `routes[path]`: (status, headers, body); a body "endless" trickles forever."""
    routes: ClassVar[dict] = {}
    seen: ClassVar[list] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")))
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        if (etag and self.headers.get("If-None-Match") == etag) or \
                (modified and self.headers.get("If-Modified-Since") == modified):
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if body == "endless":
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"a," * 64 + b"\r\n")
                    self.wfile.flush()
                    time.sleep(0.02)
            except OSError:
                return
        if "Content-Length" not in headers and not headers.get("no-length"):
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def serve(path: str, body, status: int = 200, **headers):
    Handler.routes[path] = (status, headers, body)


def registry(url: str, extra: str = "") -> str:
    return f"""\
sources:
  - id: fictional-list
    publisher: サンプル区（架空）
    title: 地域の資源の一覧（架空のサンプル）
    url: https://example.jp/opendata/fictional-list.csv
    licence: {{name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}}
    credit: サンプル区
    importer: import-csv
    options: {{municipality: "131016", id: sample-district}}
  - id: care
    publisher: "サンプル区 <b>福祉課</b>"
    title: 介護サービス事業所一覧
    url: {url}
    licence: {{name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}}
    credit: 「サンプル区オープンデータ」
    importer: import-csv
    options: {{municipality: "131016", id: care}}
    as_of: "2026-10-01"
{extra}"""


def tree(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "content").rglob("*")):
        h.update(p.relative_to(root).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def run(root: Path, *args, capsys) -> tuple[int, dict, str]:
    report = root.parent / "report.json"
    report.unlink(missing_ok=True)
    status = main(["--root", str(root), "update", "--report", str(report), *map(str, args)])
    out = capsys.readouterr()
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return status, data, out.out + out.err


@pytest.fixture(scope="module")
def first(server, tmp_path_factory):
    """A project whose source `care` was updated once from the server (with an ETag)."""
    import contextlib
    import io

    root = make_project(tmp_path_factory.mktemp("updated") / "project")
    url = f"{server}/first/care.csv"
    (root / "content/import/sources.yaml").write_text(registry(url), encoding="utf-8")
    serve("/first/care.csv", csv_bytes(), ETag='"v1"')
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["--root", str(root), "update", "--source", "care"])
    assert status == 0
    return root


@pytest.fixture
def copy(first, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(first, root, symlinks=True)
    return root


def point_at(root: Path, url: str) -> None:
    """The registry's URL of `care` changed to `url`; the bytes and columns of the last download
    kept in the state (so the file at `url` is compared with the first one)."""
    path = root / "content/import/sources.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("    url: http://127.0.0.1"))
    path.write_text(text.replace(old, f"    url: {url}"), encoding="utf-8")
    state = root / update.STATE
    data = json.loads(state.read_text(encoding="utf-8"))
    data["sources"]["care"].update(url=url, etag="", last_modified="")  # the first URL's
    update.save_state(root, data)


def test_the_first_update_imports_and_records_the_download(first):
    text = (first / DISTRICT).read_text(encoding="utf-8")
    assert all(p["介護サービス事業所名称"] in text for p in PLACES)
    assert 'source:\n  id: care\n  as_of: "2026-10-01"' in text  # the registry's date
    state = json.loads((first / update.STATE).read_text(encoding="utf-8"))["sources"]["care"]
    assert state["etag"] == '"v1"' and state["sha256"] == hashlib.sha256(csv_bytes()).hexdigest()
    assert state["columns"]["住所"] == "address"


def test_the_same_file_again_is_unchanged_by_etag_and_by_content(copy, server, capsys):
    before = tree(copy)
    Handler.seen.clear()
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and report["sources"]["care"]["status"] == "unchanged", out
    assert ("/first/care.csv", '"v1"', None) in Handler.seen  # a conditional GET, answered 304
    assert "304" in report["sources"]["care"]["message"]
    # a server without ETag or Last-Modified: the same bytes are not imported again
    serve("/plain/care.csv", csv_bytes())
    point_at(copy, f"{server}/plain/care.csv")
    before = tree(copy)
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and report["sources"]["care"]["status"] == "unchanged", out
    assert "SHA-256" in report["sources"]["care"]["message"]
    assert tree(copy) == before
    # a server with Last-Modified only: kept from the download, sent back, answered 304
    modified = "Sun, 01 Nov 2026 00:00:00 GMT"
    serve("/modified/care.csv", csv_bytes(), **{"Last-Modified": modified})
    point_at(copy, f"{server}/modified/care.csv")
    assert run(copy, "--source", "care", capsys=capsys)[1]["sources"]["care"]["status"] == "unchanged"
    Handler.seen.clear()
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and "304" in report["sources"]["care"]["message"], out
    assert Handler.seen == [("/modified/care.csv", None, modified)]


def test_one_row_removed_and_one_changed_is_reported_and_only_they_change(copy, server, capsys, tmp_path):
    edited = [PLACES[0], {**PLACES[1], "住所": "東京都千代田区合成町9-9", "電話番号": "03-0000-0009"}]
    serve("/edit/care.csv", csv_bytes(places=edited), ETag='"v2"')
    point_at(copy, f"{server}/edit/care.csv")
    old = (copy / DISTRICT).read_text(encoding="utf-8")
    summary = tmp_path / "summary.md"
    status, report, out = run(copy, "--source", "care", "--summary", summary, capsys=capsys)
    care = report["sources"]["care"]
    assert status == 0 and care["status"] == "updated", out
    assert (care["added"], care["changed"], care["removed"]) == (0, 1, 1)
    district = care["districts"]["care"]
    (changed,), (removed,) = district["changed"], district["removed"]
    assert changed["name"] == "合成データ通所A" and set(changed["fields"]) == {"address", "contact"}
    assert removed["name"] == "合成データ訪問介護"
    assert care["columns"]["住所"]["status"] == "mapped"
    new = (copy / DISTRICT).read_text(encoding="utf-8")
    first_block = lambda text: text[text.index("  - id:"):text.index("  - id:", text.index("  - id:") + 1)]  # noqa: E731
    assert first_block(new) == first_block(old)  # the untouched place is byte-identical
    assert "合成町9-9" in new and "合成データ訪問介護" not in new
    assert "変更 1" in out and "削除 1" in out
    body = summary.read_text(encoding="utf-8")
    assert "| care | 更新 | 0 | 1 | 1 |" in body and "合成データ訪問介護" in body
    assert "<b>" not in body and "&lt;b&gt;" in body  # the registry's text stays text


def test_a_second_source_is_updated_when_one_fails_and_the_summary_says_which(copy, server, capsys, tmp_path):
    serve("/two/other.csv", csv_bytes(places=PLACES[:1]))
    path = copy / "content/import/sources.yaml"
    other = registry("x").split("  - id: care", 1)[1].replace("url: x", f"url: {server}/two/other.csv") \
        .replace("id: care", "id: other")
    path.write_text(path.read_text(encoding="utf-8") + "  - id: other" + other, encoding="utf-8")
    serve("/first/care.csv", b"server error", status=500)
    try:
        status, report, out = run(copy, capsys=capsys)
    finally:
        serve("/first/care.csv", csv_bytes(), ETag='"v1"')
    assert status == 1
    assert {k: v["status"] for k, v in report["sources"].items()} == \
        {"fictional-list": "failed", "care": "failed", "other": "updated"}
    assert (copy / "content/districts/other.yaml").is_file()
    assert "出典 care" in out and "500" in report["sources"]["care"]["message"]


def _zip_cut() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("care.csv", csv_bytes() * 20)
    return buf.getvalue()[:200]


RENAMED_ADDRESS = [h if h != "住所" else "所在地の説明" for h in KAIGO]
RENAMED_NAME = [h if h != "介護サービス事業所名称" else "名前" for h in KAIGO]

# (case, path → (status, headers, body) served, a word the message holds)
FAILURES = [
    ("500", (500, {}, b"oops"), "500"),
    ("404", (404, {}, b"gone"), "404"),
    ("html error page", (200, {"Content-Type": "text/csv"},
                         "<!DOCTYPE html>\n<html><body>メンテナンス中</body></html>".encode()), "HTML"),
    ("html without doctype", (200, {}, b"\xef\xbb\xbf  <html lang=ja><p>Not found</p></html>"), "HTML"),
    ("empty body", (200, {}, b""), "空"),
    ("truncated csv", (200, {}, csv_bytes(cut=12)), "途中で切れて"),
    ("zip that does not open", (200, {}, _zip_cut()), "ZIP"),
    ("renamed name column", (200, {}, csv_bytes(RENAMED_NAME)), "取り込め"),
    ("renamed address column", (200, {}, csv_bytes(RENAMED_ADDRESS)), "「住所」"),
    ("redirect to file:", (302, {"Location": "file:///etc/passwd"}, b""), "file:"),
    ("redirect to ftp:", (302, {"Location": "ftp://127.0.0.1/care.csv"}, b""), "ftp:"),
    ("over the cap (Content-Length)", (200, {}, csv_bytes() * 40), "大きすぎ"),
    ("over the cap (no length)", (200, {"no-length": "1"}, csv_bytes() * 40), "大きすぎ"),
    ("never ends", (200, {"no-length": "1"}, "endless"), "終わりませんでした"),
    ("shorter than its length", (200, {"Content-Length": "9000"}, csv_bytes()), "途中で切れ"),
]


@pytest.mark.parametrize(("case", "answer", "word"), FAILURES, ids=[f[0] for f in FAILURES])
def test_a_bad_download_fails_naming_the_source_and_content_stays_byte_identical(copy, server, capsys,
                                                                                monkeypatch, case, answer, word):
    monkeypatch.setattr(download, "MAX_BYTES", 20_000)
    monkeypatch.setattr(download, "TOTAL_SECONDS", 0.5)
    monkeypatch.setattr(download, "TIMEOUT", 2)
    path = f"/bad/{abs(hash(case))}/care.csv"
    Handler.routes[path] = answer
    point_at(copy, f"{server}{path}")
    before = tree(copy)
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    care = report["sources"]["care"]
    assert status == 1 and care["status"] == "failed", out
    assert word in care["message"], care["message"]
    assert "出典 care" in out and "Traceback" not in out
    assert tree(copy) == before
    assert not list((copy / "content").glob(".update-*"))


def test_from_takes_a_local_file_with_exactly_one_source(copy, tmp_path, capsys):
    local = tmp_path / "local.csv"
    local.write_bytes(csv_bytes(places=PLACES[:2]))
    before = tree(copy)
    status, _, out = run(copy, "--from", local, capsys=capsys)  # no --source
    assert status == 2 and "--source を1つだけ" in out and tree(copy) == before
    status, _, out = run(copy, "--source", "care", "other", "--from", local, capsys=capsys)
    assert status == 2 and tree(copy) == before
    status, _, out = run(copy, "--source", "care", "--from", "file:///etc/passwd", capsys=capsys)
    assert status == 1 and "手元のファイル" in out and tree(copy) == before
    status, report, out = run(copy, "--source", "care", "--from", local, capsys=capsys)
    assert status == 0 and report["sources"]["care"]["removed"] == 1, out
    assert report["sources"]["care"]["from"] == "local.csv" and str(tmp_path) not in json.dumps(report)
    assert (copy / "content/districts/care.yaml").is_file()  # the registered URL's name, not local.csv's
    assert not (copy / "content/districts/local.yaml").exists()


# (the registry's extra entry, a text its line holds, the problem's code)
BAD_REGISTRY = [
    ("  - {id: care, publisher: x, title: y, url: 'https://e.jp/a.csv', licence: {name: a, url: 'https://e.jp/'},"
     " credit: c, importer: import-csv}\n", "id: care, publisher: x", "duplicate-id"),
    ("  - {id: js, publisher: x, title: y, url: 'javascript:alert(1)', licence: {name: a, url: 'https://e.jp/'},"
     " credit: c, importer: import-csv}\n", "javascript:", "bad-url"),
    ("  - {id: nolicence, publisher: x, title: y, url: 'https://e.jp/a.csv', credit: c, importer: import-csv}\n",
     "nolicence", "missing-field"),
    ("  - id: nomapping\n    publisher: x\n    title: y\n    url: https://e.jp/a.csv\n"
     "    licence: {name: a, url: 'https://e.jp/'}\n    credit: c\n    importer: import-csv\n"
     "    options:\n      mapping: content/import/nowhere.yaml\n", "mapping: content/import/nowhere.yaml", "missing-file"),
]


@pytest.mark.parametrize(("extra", "marker", "code"), BAD_REGISTRY, ids=[b[2] for b in BAD_REGISTRY])
def test_a_bad_registry_stops_the_update_with_file_line(copy, capsys, extra, marker, code):
    path = copy / "content/import/sources.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(marker)].count("\n") + 1
    before = tree(copy)
    status, report, out = run(copy, capsys=capsys)
    assert status == 2 and report == {}
    assert f"content/import/sources.yaml:{line}:" in out and f"[{code}]" in out, out
    assert tree(copy) == before


def test_kind_is_told_by_the_bytes_not_the_name():
    import io
    import zipfile

    def archive(name):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, "x")
        return buf.getvalue()

    cases = {b"a,b\r\n1,2\r\n": "csv", archive("xl/workbook.xml"): "xlsx", archive("k.csv"): "zip",
             b"\xd0\xcf\x11\xe0rest": "xls", b"%PDF-1.4": "pdf", b" \r\n": "empty",
             b"<!doctype html><p>x": "html", b"\n\n<HTML>": "html", "名称,住所\r\n<b>太字</b>,x".encode(): "csv"}
    assert {body: download.kind(body) for body in cases} == cases


def test_markdown_keeps_text_from_a_file_as_text():
    hostile = "**太字** [x](javascript:alert(1)) <img src=x> @someone #12 | `code`"
    out = update.md(hostile)
    for raw in ("**", "[x](", "<img", "@someone", "#12", "| `"):
        assert raw not in out, raw


def test_without_an_id_option_the_update_keeps_the_district_a_hand_import_wrote(copy, server, capsys, tmp_path):
    path = copy / "content/import/sources.yaml"
    entry = registry("x").split("  - id: care", 1)[1].replace("url: x", f"url: {server}/hand/kaigo_list.csv") \
        .replace("id: care", "id: x").replace(", id: x}", "}")
    path.write_text(path.read_text(encoding="utf-8") + "  - id: byhand" + entry, encoding="utf-8")
    local = tmp_path / "my-copy.csv"
    local.write_bytes(csv_bytes())
    assert main(["--root", str(copy), "import-csv", str(local), "--source", "byhand"]) == 0
    assert (copy / "content/districts/my-copy-131016.yaml").is_file()
    serve("/hand/kaigo_list.csv", csv_bytes(places=PLACES[:2]))
    status, report, out = run(copy, "--source", "byhand", capsys=capsys)
    assert status == 0 and list(report["sources"]["byhand"]["districts"]) == ["my-copy-131016"], out
    assert report["sources"]["byhand"]["removed"] == 1
    assert not list((copy / "content/districts").glob("kaigo*"))


def _source(ident: str, url: str, importer: str, options: str, as_of: str) -> str:
    return (f"  - id: {ident}\n    publisher: サンプル\n    title: 一覧\n    url: {url}\n"
            "    licence: {name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}\n"
            f"    credit: サンプル\n    importer: {importer}\n    options: {options}\n    as_of: {as_of}\n")


def test_a_zip_and_an_excel_file_are_told_by_their_bytes_whatever_the_url_says(copy, server, capsys, tmp_path):
    import datetime as dt
    import io
    import zipfile

    import openpyxl
    from test_kayoinoba import national_row
    from test_kayoinoba import write as write_kayoinoba

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("kayoinoba.csv", write_kayoinoba(tmp_path / "k.csv", [national_row(1), national_row(2)]).read_bytes())
    serve("/fmt/kayoinoba.csv", buf.getvalue())  # a ZIP behind a .csv name
    book = openpyxl.Workbook()
    book.active.append(KAIGO)
    for place in PLACES:
        book.active.append(row(KAIGO, **place))
    buf = io.BytesIO()
    book.save(buf)
    serve("/fmt/download?id=7", buf.getvalue())  # an Excel file behind no name at all
    path = copy / "content/import/sources.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + _source("kayoi", f"{server}/fmt/kayoinoba.csv", "import-kayoinoba", "{municipality: '372013'}",
                              "download")
                    + _source("excel", f"{server}/fmt/download?id=7", "import-csv",
                              "{municipality: '131016', id: excel-list}", "file"), encoding="utf-8")
    status, report, out = run(copy, "--source", "kayoi", "excel", capsys=capsys)
    assert status == 0, out
    assert [report["sources"][s]["added"] for s in ("kayoi", "excel")] == [2, 3]
    kayoi = (copy / "content/districts/kayoinoba-372013.yaml").read_text(encoding="utf-8")
    assert f'source:\n  id: kayoi\n  as_of: "{dt.date.today().isoformat()}"' in kayoi  # as_of: download
    assert "ZIP" not in report["sources"]["kayoi"]["message"]
    assert (copy / "content/districts/excel-list.yaml").is_file()
    assert "Excel" in out


def test_a_file_written_into_content_during_the_update_is_left_alone(copy, server, capsys, monkeypatch):
    real = update.import_csv
    meanwhile = copy / "content/districts/written-meanwhile.yaml"

    def import_csv(*args, **kwargs):
        meanwhile.write_text("# someone's work\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(update, "import_csv", import_csv)
    serve("/meanwhile/care.csv", csv_bytes(places=PLACES[:2]))
    point_at(copy, f"{server}/meanwhile/care.csv")
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and report["sources"]["care"]["removed"] == 1, out
    assert meanwhile.read_text(encoding="utf-8") == "# someone's work\n"
    assert list(report["sources"]["care"]["districts"]) == ["care"]


def test_a_redirect_to_another_web_address_is_followed(copy, server, capsys):
    serve("/moved/care.csv", b"", status=301, Location=f"{server}/first/care.csv")
    serve("/moved-again/care.csv", b"", status=302, Location="/moved/care.csv")  # relative
    point_at(copy, f"{server}/moved-again/care.csv")
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and report["sources"]["care"]["status"] == "unchanged", out  # the same bytes


def test_after_the_mapping_changes_a_file_of_new_columns_is_imported(copy, server, capsys):
    serve("/reshaped/care.csv", csv_bytes(RENAMED_ADDRESS))
    point_at(copy, f"{server}/reshaped/care.csv")
    before = tree(copy)
    assert run(copy, "--source", "care", capsys=capsys)[0] == 1 and tree(copy) == before
    types = copy / "content/import/types.yaml"  # a person looked at the new columns and changed the mapping
    types.write_text(types.read_text(encoding="utf-8") + "# 所在地の説明は住所ではない\n", encoding="utf-8")
    status, report, out = run(copy, "--source", "care", capsys=capsys)
    assert status == 0 and report["sources"]["care"]["status"] == "updated", out
    assert "住所" not in json.loads((copy / update.STATE).read_text(encoding="utf-8"))["sources"]["care"]["columns"]
