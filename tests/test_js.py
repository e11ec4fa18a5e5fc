"""The browser scripts held to the Python code's standard, in the suite: Biome's lint
(biome.jsonc), the unit tests of tests/js/ with Node's test runner (ES modules of
site_templates/js/ imported as themselves, the other scripts loaded in node's vm, the shared
case tables of tests/data/ among them: test_shared_tables.py is their Python side), the
committed bundles the same as esbuild makes them from their sources, and the npm install
locked as requirements.txt is (package.json at exact versions, package-lock.json, installed by
setup.sh with `npm ci`)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# test_contributing.py runs the suite again in a copy of the repository with a contributor's
# content added: these read no content, and the copy has no node_modules/ of its own
pytestmark = pytest.mark.skipif(os.environ.get("ATLAS_NESTED_SUITE") == "1", reason="the same scripts as the outer suite's")
SETUP = "./setup.sh を実行してください（npm ci で package-lock.json のとおりに入れます）"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False,
                          env=dict(os.environ, NO_COLOR="1", **env))


def test_biome_finds_nothing():
    biome = ROOT / "node_modules" / ".bin" / "biome"
    assert biome.exists(), SETUP
    run = _run([str(biome), "lint", "--error-on-warnings", "--max-diagnostics=100"])
    assert run.returncode == 0, run.stdout + run.stderr


def test_node_unit_tests_pass(built_site):
    """Every tests/js/*.test.mjs; the editor's data script is the fixture site's."""
    node = shutil.which("node")
    assert node, "node がありません（Node.js 20 以上）"
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.*js"))
    assert len(files) >= 3 and any(f.endswith(".mjs") for f in files)
    run = _run([node, "--test", "--test-reporter=spec", *files],
               ATLAS_EDITOR_DATA=str(built_site / "editor" / "data.js"))
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr
    assert re.search(r"(?m)^ℹ pass [1-9]\d*$", run.stdout) and re.search(r"(?m)^ℹ fail 0$", run.stdout), run.stdout


SOURCES = ROOT / "site_templates" / "js"
ASSETS = ROOT / "site_templates" / "assets"
BUNDLE = "npm run bundle を実行して、できた site_templates/assets/ の bundle も commit してください"


def test_committed_bundles_are_what_their_sources_make(tmp_path):
    """Each entry of site_templates/js/pages/ bundled again (esbuild, into a temporary folder)
    is byte for byte the committed script of site_templates/assets/ of the same name — which
    also shows esbuild's output depends on nothing but the sources and its locked version (the
    committed ones were made in another run, on another machine). Every script of assets/ is
    such a bundle: Biome lints site_templates/js/ only, so a script written by hand into
    assets/ would escape it."""
    node = shutil.which("node")
    assert node, "node がありません（Node.js 20 以上）"
    assert (ROOT / "node_modules" / "esbuild").exists(), SETUP
    entries = sorted(p.name for p in (SOURCES / "pages").glob("*.js"))
    assert "editor-core.js" in entries
    run = _run([node, str(ROOT / "site_templates" / "bundle.mjs"), str(tmp_path)])
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == entries
    stale = [name for name in entries if (tmp_path / name).read_bytes() != (ASSETS / name).read_bytes()]
    assert not stale, f"site_templates/assets/ の {', '.join(stale)} がソース（site_templates/js/）と違います: {BUNDLE}"
    by_hand = sorted({p.name for p in ASSETS.glob("*.js")} - set(entries))
    assert not by_hand, \
        f"site_templates/assets/ の {', '.join(by_hand)} は bundle ではありません: site_templates/js/ に書いてください"


def test_npm_packages_are_pinned_locked_and_installed():
    """package.json names exact versions (no ^ or ~); package-lock.json holds the same, with the
    integrity hash of each package; node_modules holds what the lock says."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert wanted and all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), wanted
    root = lock["packages"][""]
    assert {**root.get("dependencies", {}), **root.get("devDependencies", {})} == wanted, "npm install して lock を更新"
    locked = {path: entry for path, entry in lock["packages"].items() if path}
    assert all(locked[f"node_modules/{name}"]["version"] == v for name, v in wanted.items())
    assert all(entry.get("integrity", "").startswith("sha512-") for entry in locked.values())
    installed = {path: json.loads((ROOT / path / "package.json").read_text(encoding="utf-8"))["version"]
                 for path in locked if (ROOT / path / "package.json").exists()}
    assert installed and all(installed[p] == locked[p]["version"] for p in installed), SETUP
    assert set(wanted) <= {p.removeprefix("node_modules/") for p in installed}, SETUP
