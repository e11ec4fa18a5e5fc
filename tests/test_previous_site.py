"""A build links from the site it replaces the files that site has byte for byte
(publish/previous_site.py): anything else is written, and the old site is never changed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.publish import previous_site

PAGE = "districts/a/index.html"
DATA = "<p>地区のページ</p>".encode()


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every regular file under `folder` → (bytes, inode)."""
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                out[path.relative_to(folder).as_posix()] = (path.read_bytes(), path.stat().st_ino)
    return out


def _old(old: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        (old / path).write_bytes(data)


def _elsewhere(old: Path, tmp: Path) -> None:
    """The old page a link to a file outside with the same bytes."""
    outside = tmp / "outside.html"
    outside.write_bytes(DATA)
    (old / PAGE).parent.mkdir(parents=True)
    (old / PAGE).symlink_to(outside)


def _folder_elsewhere(old: Path, tmp: Path) -> None:
    """The old page's folder a link to a folder outside holding the same bytes."""
    (tmp / "outside").mkdir()
    (tmp / "outside" / "index.html").write_bytes(DATA)
    (old / "districts").mkdir()
    (old / "districts" / "a").symlink_to(tmp / "outside")


# (case, how the old site is made, linked?)
CASES = [
    ("unchanged", lambda old, tmp: _old(old, {PAGE: DATA, "other.js": b"x"}), True),
    ("unchanged, first level", lambda old, tmp: _old(old, {"index.js": DATA}), None),
    ("changed, same size", lambda old, tmp: _old(old, {PAGE: DATA[:-1] + b"X"}), False),
    ("changed size", lambda old, tmp: _old(old, {PAGE: DATA + b"\n"}), False),
    ("empty where data is", lambda old, tmp: _old(old, {PAGE: b""}), False),
    ("new file", lambda old, tmp: _old(old, {"districts/b/index.html": DATA}), False),
    ("old site missing", lambda old, tmp: old.rmdir(), False),
    ("old folder deleted", lambda old, tmp: _old(old, {"index.html": b"site"}), False),
    ("a folder where the file was", lambda old, tmp: (old / PAGE).mkdir(parents=True), False),
    ("old file another mode", lambda old, tmp: (_old(old, {PAGE: DATA}), (old / PAGE).chmod(0o600)), False),
    ("old file a symlink", _elsewhere, False),
    ("old folder a symlink", _folder_elsewhere, False),
]


@pytest.mark.parametrize(("case", "make", "linked"), CASES, ids=[c[0] for c in CASES])
def test_a_file_is_linked_only_when_the_old_site_has_the_same_bytes(tmp_path, case, make, linked):
    old, new = tmp_path / "old", tmp_path / "build" / "site"
    old.mkdir()
    make(old, tmp_path)
    path = "index.js" if linked is None else PAGE
    before = _tree(tmp_path)
    with previous_site.replacing(old, new):
        previous_site.write(new, path, DATA)
    assert _tree(new) == {path: (DATA, _tree(new)[path][1])}  # only what was written, as written
    assert (new / path).is_file() and not (new / path).is_symlink()
    shared = old.is_dir() and (old / path).is_file() and os.path.samefile(old / path, new / path)
    assert shared == (linked is not False)
    after = _tree(tmp_path)
    assert {p: v for p, v in after.items() if not p.startswith("build/")} == before  # the old site as it was


def test_writing_a_linked_file_again_never_changes_the_old_site(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    _old(old, {PAGE: DATA})
    with previous_site.replacing(old, new):
        previous_site.write(new, PAGE, DATA)
        assert os.path.samefile(old / PAGE, new / PAGE)
        previous_site.write(new, PAGE, b"changed")
    assert (old / PAGE).read_bytes() == DATA and (new / PAGE).read_bytes() == b"changed"


def test_only_the_folder_being_built_is_linked_and_only_while_replacing(tmp_path):
    old, new, other = tmp_path / "old", tmp_path / "new", tmp_path / "other"
    _old(old, {PAGE: DATA})
    with previous_site.replacing(old, new):
        previous_site.write(other, PAGE, DATA)
        previous_site.write(tmp_path / "x" / ".." / "new", PAGE, DATA)  # the same folder, named otherwise
    previous_site.write(tmp_path / "after", PAGE, DATA)
    assert not os.path.samefile(old / PAGE, other / PAGE)
    assert os.path.samefile(old / PAGE, new / PAGE)
    assert not os.path.samefile(old / PAGE, tmp_path / "after" / PAGE)


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EPERM, errno.EMLINK])
def test_a_link_that_fails_falls_back_to_writing(tmp_path, monkeypatch, code):
    """Another file system (EXDEV), one without hard links (EPERM), too many links (EMLINK)."""
    old, new = tmp_path / "old", tmp_path / "new"
    _old(old, {PAGE: DATA, "b.js": b"b"})
    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(previous_site.os, "link", refuse)
    with previous_site.replacing(old, new):
        previous_site.write(new, PAGE, DATA)
        previous_site.write(new, "b.js", b"b")
    assert _tree(new).keys() == {PAGE, "b.js"} and (new / PAGE).read_bytes() == DATA
    assert not os.path.samefile(old / PAGE, new / PAGE)
    assert len(tried) == (1 if code != errno.EMLINK else 2)  # for good only when the file system says so
