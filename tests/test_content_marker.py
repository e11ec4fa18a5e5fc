"""The `content` marker is kept honest: conftest.py fails an unmarked test that reads the
repository's own cases/ or content/, because test_contributing re-runs only the marked tests in a
copy of the repository with a new case and district."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("read", ["file", "listing", "command", "command-at-root"])
def test_an_unmarked_test_that_reads_the_repositorys_data_is_seen(root, read, tmp_path):
    """What keeps the nested run above complete: conftest's watch notes an unmarked test's read of
    cases/ or content/ (this test is unmarked; it empties the notes so that it passes itself)."""
    from conftest import _WATCH

    assert _WATCH.active  # unmarked: watched
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases/own.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "cases/own.yaml").read_text(encoding="utf-8")  # the test's own files are not the repository's
    assert _WATCH.seen == []
    if read == "file":
        (root / "content/settings.yaml").read_text(encoding="utf-8")
    elif read == "listing":
        sorted((root / "cases").glob("*.yaml"))
    else:
        argv = [sys.executable, "-m", "generator", "--help"]
        if read == "command":
            argv[3:3] = ["--root", str(root)]
        subprocess.run(argv, cwd=root if read == "command-at-root" else tmp_path, capture_output=True)
    seen, _WATCH.seen[:] = list(_WATCH.seen), []
    assert seen, read
