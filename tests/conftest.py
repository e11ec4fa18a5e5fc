"""Shared fixtures: the repository, a site built once per session, a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.cli import cmd_build

ROOT = Path(__file__).resolve().parents[1]  # the repository: code, templates, mkdocs.yml
FIXTURE = Path(__file__).resolve().parent / "fixture"  # the tests' own project data (README there)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository, for its code, schemas and templates (not for content: see `fixture_root`)."""
    return ROOT


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory) -> Path:
    """The tests' own project (tests/fixture/) as a project folder; read it, do not change it."""
    return make_project(tmp_path_factory.mktemp("fixture") / "project")


@pytest.fixture(scope="session")
def built_site(fixture_root, tmp_path_factory) -> Path:
    """The fixture project built with `python -m generator build` into a temp folder."""
    out = tmp_path_factory.mktemp("built") / "site"
    assert cmd_build(fixture_root, out) == 0
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class PagesHandler(_QuietHandler):
    """Answers a missing file with the site's 404.html, as GitHub Pages and most hosts do."""

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # a NUL in the path (os.stat refuses it): missing, as on a real host
            self.send_error(404)
            return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def site_server(built_site):
    """http://127.0.0.1:PORT serving the built site (loopback only)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run ./setup.sh (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


def make_project(dest: Path, data: Path = FIXTURE) -> Path:
    """A project folder: a copy of `data`'s cases/ and content/ (the tests' own project unless
    told otherwise) with the repository's mkdocs.yml, sharing its code and templates."""
    dest.mkdir(parents=True)
    shutil.copytree(data / "cases", dest / "cases")
    shutil.copytree(data / "content", dest / "content")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for shared in ("generator", "site_templates"):
        (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the tests' project to break on purpose."""
    return make_project(tmp_path / "project")


def set_yaml(project: Path, rel: str, where: tuple, text: str) -> int:
    """Set the value at `where` (keys and indexes) of the project's YAML file `rel` to the YAML
    source `text`, exactly as written (to test what validation says of it); its line."""
    import yaml

    sentinel = "__value_under_test__"
    path = project / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = sentinel
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    assert dumped.count(sentinel) == 1
    path.write_text(dumped.replace(sentinel, text), encoding="utf-8")
    return dumped[:dumped.index(sentinel)].count("\n") + 1
