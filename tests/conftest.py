"""Shared fixtures: the repository, a site built once per session, a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.cli import cmd_build

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real repository built with `python -m generator build` into a temp folder."""
    out = tmp_path_factory.mktemp("built") / "site"
    assert cmd_build(ROOT, out) == 0
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


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


def make_project(dest: Path) -> Path:
    """A copy of the project's data (cases/, content/, mkdocs.yml) sharing its code and templates."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "cases", dest / "cases")
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for shared in ("generator", "site_templates"):
        (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project to break on purpose."""
    return make_project(tmp_path / "project")
