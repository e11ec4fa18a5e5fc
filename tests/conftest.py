"""Shared fixtures: the repository, a site built once per session, a local HTTP server."""

from __future__ import annotations

import functools
import gc
import http.server
import itertools
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.cli import cmd_build

ROOT = Path(__file__).resolve().parents[1]  # the repository: code, templates, mkdocs.yml
FIXTURE = Path(__file__).resolve().parent / "fixture"  # the tests' own project data (README there)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _RepositoryDataWatch:
    """Keeps the `content` marker honest. test_contributing re-runs only the tests marked `content` in a
    copy of the repository with a new case and district, so every test that reads the repository's own
    cases/ or content/ (a file or folder by its absolute path, or a `generator` command pointed at the
    repository) must carry the marker: an unmarked test that does fails with its name and what it read."""

    DATA = tuple(str(ROOT / name) for name in ("cases", "content"))
    FILE_EVENTS = frozenset({"open", "os.scandir", "os.listdir", "os.walk", "glob.glob"})

    def __init__(self):
        self.active = False
        self.seen: list[str] = []
        sys.addaudithook(self._hook)

    def _is_data(self, path) -> bool:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str | os.PathLike) or not os.path.isabs(path):
            return False  # a relative name may be relative to a folder's descriptor (rmtree), not the cwd
        full = os.path.normpath(os.fspath(path))
        return any(full == d or full.startswith(d + os.sep) for d in self.DATA)

    def _hook(self, event, args):
        if not self.active or not args:
            return
        if event in self.FILE_EVENTS and self._is_data(args[0]):
            self.seen.append(f"{event} {os.fspath(args[0])}")
        elif event == "subprocess.Popen":
            argv = [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in (args[1] or [])]
            cwd = os.path.abspath(os.fspath(args[2])) if args[2] else os.getcwd()
            generator = any(a == "-m" and b == "generator" for a, b in itertools.pairwise(argv))  # not ruff, git
            at_root = generator and (str(ROOT) in argv or (cwd == str(ROOT) and "--root" not in argv))
            if at_root or any(self._is_data(a) for a in argv):
                self.seen.append("subprocess " + " ".join(argv))


_WATCH = _RepositoryDataWatch()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _WATCH.active = item.get_closest_marker("content") is None
    _WATCH.seen.clear()
    yield
    _WATCH.active = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when == "teardown" and _WATCH.seen and report.outcome == "passed":
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} reads the repository's own data but is not marked "
                           f"@pytest.mark.content (test_contributing re-runs only marked tests): {_WATCH.seen[0]}")


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository, for its code, schemas and templates (not for content: see `fixture_root`)."""
    return ROOT


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory) -> Path:
    """The tests' own project (tests/fixture/) as a project folder; read it, do not change it."""
    return make_project(tmp_path_factory.mktemp("fixture") / "project")


def shared_dir(tmp_path_factory, name: str, make) -> Path:
    """A folder made once per test run by `make(folder)` and shared by the pytest-xdist workers,
    which would otherwise each make their own (a site build is 10–40 s): the first worker to ask
    makes it under a file lock, the others wait for it. Tests only read what is in it."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder, done = base / f"shared-{name}", base / f"shared-{name}.done"
    with FileLock(str(base / f"shared-{name}.lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a make that failed earlier in this run
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(fixture_root, tmp_path_factory) -> Path:
    """The fixture project built with `python -m generator build` into a temp folder (once a run)."""
    def build(folder: Path) -> None:
        assert cmd_build(fixture_root, folder / "site") == 0

    return shared_dir(tmp_path_factory, "built", build) / "site"


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


def run_cli(capsys, *argv) -> subprocess.CompletedProcess:
    """`python -m generator ARGV` run in this process, as `subprocess.run(..., capture_output=True,
    text=True)` would report it: exit status (argparse's SystemExit too), stdout, stderr. A process of
    its own spends ~1 s (several on a busy machine) importing the generator for a command that stops
    at its first check; here an exception fails the test, as a traceback would. Tests of what only a
    real process shows (an environment, a hang, the entry point) keep `subprocess`."""
    from generator.cli import main

    capsys.readouterr()  # only what the command prints
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:
        status = exc.code
    out = capsys.readouterr()
    return subprocess.CompletedProcess(["python", "-m", "generator", *map(str, argv)], status, out.out, out.err)


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


@pytest.fixture
def machine_key(tmp_path, monkeypatch):
    """This test's own machine key for sealing cache entries (cache_seal.py); its path."""
    from generator.publish import cache_seal

    monkeypatch.setenv("ATLAS_CACHE_KEY_FILE", str(tmp_path / "key" / "cache-key"))
    monkeypatch.setattr(cache_seal, "_key", None)
    yield tmp_path / "key" / "cache-key"
    monkeypatch.setattr(cache_seal, "_key", None)


def load_as_new_process(project, freeze=True, **options):
    """load_atlas as a new process's one-off build would load (`freeze`): nothing kept in
    memory before; then waits for the stores a build writes in a child (validate._in_background)
    and unfreezes, as this process goes on (test_atlas_store, test_file_store)."""
    from generator.check.validate import forget_files, load_atlas, wait_for_stores

    forget_files()
    try:
        return load_atlas(project, freeze=freeze, **options)
    finally:
        wait_for_stores()
        gc.unfreeze()


def load_without_cache(project, monkeypatch):
    """load_as_new_process with ATLAS_CACHE=0 (nothing read from or written to .atlas-cache/)."""
    monkeypatch.setenv("ATLAS_CACHE", "0")
    try:
        return load_as_new_process(project)
    finally:
        monkeypatch.delenv("ATLAS_CACHE")
