"""Command-line options are input too: every command given hostile option values ends in a
Japanese message and an exit code (1 or 2), never a traceback or a hang, and never replaces or
deletes anything it was not asked to make (the build swaps its site in by renaming the old one
away, so a mistyped --site-dir must not name the project or one of its folders)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.cli import main

CONTROL = "\x1b[31m\u202e\x07"  # argv cannot hold NUL


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (following no links) → digest of its bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in ("generator", "site_templates")]  # shared symlinks
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: a usage error
        status = exc.code
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.mark.parametrize("where", ["root", "content", "cases", "cases/sub", "parent", "not-a-site", "a-file", "cache"])
def test_a_build_never_replaces_the_project_or_a_folder_that_is_not_a_site(project, capsys, where):
    outside = project.parent / "not-a-site"
    outside.mkdir()
    (outside / "notes.txt").write_text("keep me", encoding="utf-8")
    (project / "a-file").write_text("keep me too", encoding="utf-8")
    (project / ".atlas-cache").mkdir()
    target = {"root": project, "content": project / "content", "cases": project / "cases",
              "cases/sub": project / "cases" / "sub", "parent": project.parent, "not-a-site": outside,
              "a-file": project / "a-file", "cache": project / ".atlas-cache"}[where]
    before, before_outside = _tree(project), _tree(outside)
    status, said = _run(["--root", str(project), "build", "--site-dir", str(target)], capsys)
    assert status == 2, said
    assert "サイトを作りませんでした" in said and "Traceback" not in said
    assert _tree(project) == before and _tree(outside) == before_outside


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_build_replaces_an_earlier_site(project, capsys, monkeypatch):
    """…linking what it has the same (previous_site.py); a build that fails after linking
    (here at the link check) leaves the old site as it was, files and inodes."""
    import generator.cli
    from generator.publish import previous_site

    monkeypatch.setenv("ATLAS_PDF", "0")
    site = project / "site"
    assert _run(["--root", str(project), "build", "--site-dir", str(site)], capsys)[0] == 0
    files, inodes = _tree(site), _inodes(site)
    monkeypatch.setattr(generator.cli, "check_links", lambda *args: ["index.html:1: x.html (ない)"])
    linked = previous_site.counts["linked"]
    status, said = _run(["--root", str(project), "build", "--site-dir", str(site)], capsys)
    assert status == 1 and "既存の site/ はそのままです" in said
    assert previous_site.counts["linked"] - linked > len(files) // 3  # districts' pages, maps, rows…
    assert _tree(site) == files and _inodes(site) == inodes
    assert not list(project.glob(".site-build-*"))
    monkeypatch.undo()
    monkeypatch.setenv("ATLAS_PDF", "0")
    assert _run(["--root", str(project), "build", "--site-dir", str(site)], capsys)[0] == 0
    assert _tree(site) == files  # the same checkout: the same site
    assert len(set(_inodes(site).items()) & set(inodes.items())) > len(files) // 3


HOSTILE_OPTIONS = [
    ["validate"],  # with a --root that is not a project (below)
    ["import-csv", "{csv}", "--municipality", "<script>alert(1)</script>"],
    ["import-csv", "{csv}", "--municipality", CONTROL],
    ["import-csv", "{csv}", "--municipality", "../../etc"],
    ["import-csv", "{csv}", "--municipality", "999999"],
    ["import-csv", "{csv}", "--id", "../../outside"],
    ["import-csv", "{csv}", "--id", "index"],
    ["import-csv", "{csv}", "--id", "x\ny"],
    ["import-csv", "{csv}", "--id", "a" * 500],
    ["import-csv", "{csv}", "--as-of", "2026-02-30"],
    ["import-csv", "{csv}", "--as-of", "yesterday" + CONTROL],
    ["import-csv", "{csv}", "--mapping", "/dev/zero"],
    ["import-csv", "{csv}", "--mapping", "{project}"],
    ["import-csv", "{csv}", "--mapping", "{tags}"],
    ["import-csv", "/dev/zero"],
    ["import-csv", "{fifo}"],
    ["import-csv", "{project}"],
    ["import-csv", "/nonexistent/file.csv"],
    ["import-kayoinoba", "{csv}", "--as-of", "2026-06-30", "--prefecture", "99"],
    ["import-kayoinoba", "{csv}", "--as-of", "2026-06-30", "--prefecture", CONTROL],
    ["import-kayoinoba", "{csv}", "--as-of", "2026-06-30", "--municipality", "x,,<b>"],
    ["import-kayoinoba", "/dev/zero", "--as-of", "2026-06-30"],
    ["update", "--source", CONTROL],
    ["update", "--source", "fictional-list", "--from", "{fifo}"],
    ["update", "--source", "fictional-list", "--from", "{project}"],
    ["update", "--source", "fictional-list", "--from", "javascript:alert(1)" + CONTROL],
    ["new-case", "<script>", "--id", "../../x"],
    ["new-district", "大牟田市", "--id", "../../x"],
    ["new-district", CONTROL],
    ["check-links", "--site-dir", "/nonexistent"],
]


@pytest.mark.parametrize("argv", HOSTILE_OPTIONS, ids=lambda a: " ".join(a)[:60].encode("unicode_escape").decode())
def test_hostile_options_end_in_a_message_not_a_traceback(project, tmp_path, capsys, argv):
    csv = tmp_path / "list.csv"
    csv.write_text("名称,住所,市区町村コード\nテスト施設,香川県高松市番町1-8-15,372013\n", encoding="utf-8")
    tags = tmp_path / "tags.yaml"
    tags.write_text("columns: !!python/object/apply:os.system ['touch hacked']\n", encoding="utf-8")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    values = {"{csv}": str(csv), "{project}": str(project), "{tags}": str(tags), "{fifo}": str(fifo)}
    args = [values.get(a, a) for a in argv]
    root = tmp_path / "not-a-project" if argv == ["validate"] else project
    root.mkdir(exist_ok=True)
    before = _tree(project)
    if any(a in ("/dev/zero", "{fifo}") for a in argv):
        # what could hang runs in a process of its own, with a timeout
        run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        status, said = run.returncode, run.stdout + run.stderr
    else:  # in this process (faster): an exception here fails the test, as a traceback would
        status, said = _run(["--root", str(root), *args], capsys)
    assert status in (1, 2), said
    assert "Traceback" not in said and "\x1b" not in said and "\u202e" not in said and "\x07" not in said, said
    assert not (project / "hacked").exists() and not Path("hacked").exists()
    assert _tree(project) == before  # nothing written, nothing replaced
    assert not any(tmp_path.parent.glob("outside*"))
