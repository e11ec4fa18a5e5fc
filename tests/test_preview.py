"""`python -m generator serve`, for real: a server in a subprocess on a copy of the project,
pages fetched over HTTP (urllib, and an open Chromium tab), files broken, fixed and deleted.

Every request has a timeout: the preview must answer, never hang (MkDocs' server holds every
request after a failed rebuild until a build succeeds)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_project

REQUEST_TIMEOUT = 15  # seconds: a request that takes longer counts as a hang
WAIT = 90  # seconds for a rebuild to show (a build of this project takes ~2 s; the machine is shared)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(what: str, check, log: Path):
    """Poll `check()` (which fetches, so a hang fails it) until it returns a true value."""
    deadline = time.monotonic() + WAIT
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {WAIT} s\n--- server log ---\n{log.read_text(encoding='utf-8')[-4000:]}")
        time.sleep(0.5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, project: Path, tmp: Path):
        self.project, self.log = project, tmp / "serve.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp / "serve-tmp"  # the server's temporary folders, to see that it removes them
        self.tmp.mkdir()
        self._out = self.log.open("w", encoding="utf-8")
        # started with SIGINT ignored, as a shell script's background job is (`generator serve &`):
        # Ctrl-C (stop()) must stop it all the same
        self.proc = subprocess.Popen(
            ["sh", "-c", 'trap "" INT; exec "$@"', "sh", sys.executable, "-m", "generator", "--root", str(project),
             "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=ROOT, stdout=self._out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "TMPDIR": str(self.tmp)})

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.url + path)

    def ready(self) -> None:
        def up():
            if self.proc.poll() is not None:
                pytest.fail(f"serve exited ({self.proc.returncode}):\n{self.log.read_text(encoding='utf-8')}")
            try:
                return self.get("/")[0] in (200, 503)
            except (urllib.error.URLError, ConnectionError):
                return False
        wait_for("the server answers", up, self.log)

    def log_from(self, offset: int) -> str:
        return self.log.read_text(encoding="utf-8")[offset:]

    def stop(self, sig=signal.SIGINT) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


@pytest.fixture
def served(tmp_path):
    server = Served(make_project(tmp_path / "project"), tmp_path)
    yield server
    server.stop()


def _build_lines(log: str) -> list[str]:
    """Log lines of builds: not the request log (a 404 is logged as a warning)."""
    return [line for line in log.splitlines() if '"GET ' not in line]


def test_preview_shows_errors_in_the_page_recovers_and_drops_deleted_pages(served, browser):
    served.ready()
    assert not [line for line in _build_lines(served.log_from(0)) if "WARNING" in line or "ERROR" in line]
    status, page = served.get("/cases/omuta/")
    assert status == 200 and "大牟田" in page
    tab = browser.new_page()
    try:
        tab.goto(served.url + "/cases/omuta/")

        # break a case: an unknown key holding markup (problems quote contributor text)
        case = served.project / "cases/omuta.yaml"
        good = case.read_text(encoding="utf-8")
        case.write_text(good.replace("\ntitle:", "\ntitle<b>x</b>:", 1), encoding="utf-8")
        line = good.split("\ntitle:", 1)[0].count("\n") + 2
        status, error = wait_for("the error page", lambda: (lambda r: r if r[0] == 503 else None)(
            served.get("/cases/omuta/")), served.log)
        assert f"cases/omuta.yaml:{line}: title&lt;b&gt;x&lt;/b&gt;:" in error
        assert "<b>x</b>" not in error
        assert "エラー 2 件" in error  # the unknown key, and the title it no longer has
        assert served.get("/")[0] == 503 and served.get("/districts/sample-district/")[0] == 503
        assert served.get("/assets/atlas.css")[0] == 200  # only pages are replaced
        # the open tab reloads by itself and shows the problem as text
        tab.wait_for_function("document.title.startsWith('エラー')", timeout=WAIT * 1000)
        assert "title<b>x</b>:" in tab.inner_text("ol")

        # fix it: the site is back, in the open tab too, and the rebuild printed no warning
        offset = len(served.log.read_text(encoding="utf-8"))
        case.write_text(good, encoding="utf-8")
        wait_for("the fixed page", lambda: served.get("/cases/omuta/")[0] == 200, served.log)
        tab.wait_for_function("!document.title.startsWith('エラー')", timeout=WAIT * 1000)
        assert "大牟田" in tab.inner_text("article")
        rebuilt = _build_lines(served.log_from(offset))
        assert any("Documentation built" in line for line in rebuilt), rebuilt
        assert not [line for line in rebuilt if "WARNING" in line or "ERROR" in line], rebuilt
    finally:
        tab.close()

    # delete a case: its page and its map go; the catalogue no longer lists it
    assert served.get("/maps/case-omuta.html")[0] == 200
    # its ties to worksheet rows go first (validation refuses a tie to a missing case)
    links = served.project / "content/gap_links.yaml"
    data = yaml.safe_load(links.read_text(encoding="utf-8"))
    data["cases"] = [t for t in data["cases"] if t["case"] != "omuta"]
    links.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    case.unlink()
    wait_for("the deleted case gone", lambda: served.get("/cases/omuta/")[0] == 404, served.log)
    assert served.get("/maps/case-omuta.html")[0] == 404
    assert "omuta/" not in served.get("/cases/")[1]

    # delete a district: its page goes, and its municipality's page, maps and rows (its only district)
    gone = ("/districts/sample-district/", "/districts/m-131016/", "/maps/m-131016.html",
            "/resources/m-131016.js")
    assert [served.get(path)[0] for path in gone] == [200] * len(gone)
    (served.project / "content/districts/sample-district.yaml").unlink()
    wait_for("the deleted district gone", lambda: served.get(gone[0])[0] == 404, served.log)
    assert [served.get(path)[0] for path in gone] == [404] * len(gone)
    assert served.get("/")[0] == 200
    served.stop()  # Ctrl-C
    assert served.proc.returncode == 0, served.log.read_text(encoding="utf-8")[-2000:]


def test_preview_started_on_a_broken_file_serves_the_error_page_then_the_site(tmp_path):
    project = make_project(tmp_path / "project")
    case = project / "cases/omuta.yaml"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    server = Served(project, tmp_path)
    try:
        server.ready()
        status, page = server.get("/")
        assert status == 503 and "cases/omuta.yaml:" in page and "titel" in page
        case.write_text(good, encoding="utf-8")
        wait_for("the site after the fix", lambda: server.get("/cases/omuta/")[0] == 200, server.log)
        assert server.get("/")[0] == 200
    finally:
        server.stop()


# ---- the preview server is an input surface too: requests that try to leave the site ----------

HOSTILE_PATHS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/%2e%2e%2fsecret.txt",
    "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "//secret.txt", "/.%2e/secret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/cases/..%2f..%2f..%2fsecret.txt",
    "/secret.txt%00.html", "/generator/cli.py", "/content/districts/sample-district.yaml", "/.atlas-cache/",
]
RAW_REQUESTS = [
    b"GET /../secret.txt HTTP/1.0\r\n\r\n",
    b"GET http://evil.example/../secret.txt HTTP/1.0\r\n\r\n",
    b"GET \\..\\secret.txt HTTP/1.0\r\n\r\n",
    b"GET /" + b"a" * 70_000 + b" HTTP/1.0\r\n\r\n",
    b"GET /cases/\r\nX-Injected: 1 HTTP/1.0\r\n\r\n",
    b"GARBAGE\r\n\r\n",
    b"\x00\xff\xfe\r\n\r\n",
]


def test_preview_serves_nothing_outside_the_built_site(served):
    """Paths that climb out of the site (plain, percent-encoded, backslashes, absolute URIs),
    project files next to the site and malformed requests: never the file's bytes, never a hang,
    and the server still answers afterwards."""
    secret = "NOT-FOR-THE-WEB-" + os.urandom(6).hex()
    (served.project / "secret.txt").write_text(secret, encoding="utf-8")
    served.ready()
    for path in HOSTILE_PATHS:
        try:
            with urllib.request.urlopen(urllib.request.Request(served.url + path), timeout=REQUEST_TIMEOUT) as r:
                body = r.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
        assert secret.encode() not in body and b"root:" not in body, path
        assert b"resources:" not in body, path  # no YAML source
    for raw in RAW_REQUESTS:
        with socket.create_connection(("127.0.0.1", served.port), timeout=REQUEST_TIMEOUT) as s:
            s.sendall(raw)
            received = b""
            try:
                while chunk := s.recv(65536):
                    received += chunk
            except (TimeoutError, ConnectionResetError):
                pass
        assert secret.encode() not in received, raw[:40]
    status, page = served.get("/cases/omuta/")
    assert status == 200 and "大牟田" in page
    # a preview registers no service worker (it would keep old pages) and has none to serve
    assert "serviceWorker" not in page and 'rel="manifest"' not in page and served.get("/sw.js")[0] == 404
    # stopped as a service manager or a test stops it, it leaves no temporary folder behind
    assert any(served.tmp.iterdir()), "the preview writes its page sources to a temporary folder"
    served.stop(signal.SIGTERM)
    assert served.proc.returncode == 0, served.log.read_text(encoding="utf-8")[-2000:]
    assert sorted(p.name for p in served.tmp.iterdir()) == []
