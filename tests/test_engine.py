"""The engine seam (generator/publish/engine.py): the atlas's own stages run without MkDocs, and
ProperDocs builds the same site as MkDocs (same pages, same generated files)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.publish.engine import ENGINES, read_config

ROOT = Path(__file__).resolve().parents[1]


def test_the_stages_write_the_generated_part_without_importing_mkdocs(fixture_root, tmp_path):
    """validate → model → render → write, in a fresh process: no mkdocs (nor properdocs,
    material) module is loaded; every page is a Markdown file with its front matter, and the
    generated files are beside them."""
    out = tmp_path / "docs"
    script = ("import sys, json\n"
              "from pathlib import Path\n"
              "from generator.publish.engine import write_generated\n"
              f"site = write_generated(Path({str(fixture_root)!r}), Path({str(out)!r}))\n"
              "engines = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs', 'material'))\n"
              "print(json.dumps({'engines': engines, 'pages': sorted(site.pages), 'files': sorted(site.files)}))\n")
    env = {**os.environ, "ATLAS_CACHE": "0"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["engines"] == []
    pages, files = result["pages"], result["files"]
    assert "about.md" not in pages  # hand-written pages stay in content/pages
    assert {"districts/sample-district.md", "cases/index.md", "search.md"} <= set(pages)
    assert {"maps/national.html", "assets/atlas.css"} <= set(files)
    assert not set(pages) & set(files)
    for path in pages:
        text = (out / path).read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: "), path
        assert "<!--atlas-html:" not in text  # the bodies themselves, no placeholders
    for path in files:
        assert (out / path).is_file(), path


@pytest.mark.parametrize(("text", "expected"), [
    ("site_url: https://example.org/\n", {"site_url": "https://example.org/"}),
    ("site_url: !ENV [SITE, '']\n", {"site_url": None}),
    ("site_url: !ENV SITE\n", {"site_url": "SITE"}),
    ("x: !!python/name:material.extensions.emoji.twemoji\n", {"x": None}),
    ("extra:\n  atlas:\n    report_url: ''\n", {"extra": {"atlas": {"report_url": ""}}}),
    ("", {}),
])
def test_mkdocs_yml_is_read_as_plain_data(tmp_path, text, expected):
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert read_config(tmp_path) == expected


def test_the_projects_mkdocs_yml_is_read_without_mkdocs():
    config = read_config(ROOT)
    assert config["docs_dir"] == "content/pages" and "atlas" in config["extra"]
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        assert yaml.safe_load(f) == config  # no tags today: the same as plain YAML


def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path, site: Path, engine: str) -> float:
    started = time.perf_counter()
    env = {**os.environ, "ATLAS_PDF": "0", "ATLAS_CACHE": "0"}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build",
                           "--site-dir", str(site), "--engine", engine],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def both_builds(fixture_root, tmp_path_factory):
    """The fixture project built by MkDocs and by ProperDocs, both without PDFs (the session's
    `built_site` has them), each in its own process (ProperDocs takes MkDocs' module names)."""
    base = tmp_path_factory.mktemp("engines")
    seconds = {engine: _build(fixture_root, base / engine, engine) for engine in ("mkdocs", "properdocs")}
    print(f"\nbuild seconds: {seconds}")
    return base / "mkdocs", base / "properdocs"


# what an engine stamps with its own name: the generator <meta> of every page
STAMPED = ("<meta name=\"generator\"",)


def _unstamped(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "sw.js":  # versioned by the bytes of the pages it keeps, which name the engine
        return re.sub(rb'\nvar VERSION = "[0-9a-f]+";\n', b"\n", data)
    if path.suffix != ".html":
        return data
    return b"\n".join(line for line in data.split(b"\n") if not any(s.encode() in line for s in STAMPED))


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="ProperDocs is not installed")
def test_properdocs_builds_the_same_site(both_builds):
    default, proper = both_builds
    first, second = _tree(default), _tree(proper)
    assert len(first) > 100
    assert sorted(first) == sorted(second)  # same pages, same generated files
    differ = sorted(path for path in first if first[path] != second[path])
    # only the pages, where the engine names itself; after that line, byte for byte
    assert all(path.endswith(".html") or path == "sw.js" for path in differ), differ
    assert [p for p in differ if _unstamped(default / p) != _unstamped(proper / p)] == []
    # and that line is the engine's name: the build really ran ProperDocs
    assert 'content="mkdocs-1.6.1, ' in (default / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs ' in (proper / "index.html").read_text(encoding="utf-8")


def test_an_unknown_or_missing_engine_is_refused(fixture_root, tmp_path, capsys, monkeypatch):
    from generator import cli
    assert ENGINES == ("mkdocs", "properdocs")
    with pytest.raises(SystemExit):
        cli.main(["--root", str(fixture_root), "build", "--engine", "zensical"])
    monkeypatch.setattr(cli, "available", lambda name: name == "mkdocs")
    assert cli.cmd_build(fixture_root, tmp_path / "site", "properdocs") == 2
    assert "エンジン properdocs が入っていません" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
