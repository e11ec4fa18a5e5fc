"""The repository's own content (marker `content`): what a pull request that adds or edits a
case, a district or a document is checked by, beside tests/test_sources.py. Every other test
checks the generator on the tests' own project (tests/fixture/), so new content never turns
them red. CONTRIBUTING.md asks contributors to run exactly what CI runs."""

import subprocess
import sys

import pytest

from generator.check.problems import errors
from generator.check.validate import load_atlas
from generator.cli import cmd_build

pytestmark = pytest.mark.content


def test_repository_data_is_valid(root):
    atlas, problems = load_atlas(root)
    assert errors(problems) == [], "\n".join(p.format() for p in problems)
    assert atlas.cases and atlas.districts


def test_cli_validate_exits_zero_on_repository(root):
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "エラー 0 件" in result.stdout


def test_the_shipped_import_table_names_known_terms(root):
    from generator.importers.mapping import Types
    from generator.importers.output import Project

    Types(root, Project(root).vocab_ids)  # raises with the file and line when a term is unknown


def _printed_strings(value, key=""):
    """The strings of a check-sheet a reader sees (not ids or document keys)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("id", "document"):
                yield from _printed_strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _printed_strings(v, key)
    elif isinstance(value, str):
        yield key, value


def test_check_sheets_speak_to_readers_not_to_maintainers(root):
    """Check-sheets are printed for workshops: a note says what the source shows and where to
    look, not how its text was extracted, and another sheet is named by its title, not its id
    (notes for maintainers belong in the YAML's comments)."""
    import re

    import yaml

    sheets = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(root.glob("content/checksheets/*.yaml"))}
    ids = {data["id"] for data in sheets.values()}
    found = []
    for path, data in sheets.items():
        for key, text in _printed_strings(data):
            if re.search(r"抽出(?:した)?テキスト|テキストから|extract", text, re.IGNORECASE) or \
                    set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text)) & ids:
                found.append(f"{path.name}: {key}: {text[:60]}")
    assert len(sheets) >= 5 and found == []


def test_repository_builds_with_no_broken_link(root, tmp_path, monkeypatch):
    """The real content builds (links and #anchors checked); PDFs are left to CI's setup build."""
    monkeypatch.setenv("ATLAS_PDF", "0")
    assert cmd_build(root, tmp_path / "site") == 0


def test_every_tie_of_a_case_to_a_worksheet_row_cites_the_cases_own_sourced_fact(root):
    """content/gap_links.yaml: each tie names a fact of its case that exists, holds the tie's
    words and cites a listed document (the district pages link the case under that row's gaps)."""
    from gap_ties import ties, why_unsupported

    found = ties(root)
    assert found
    assert [why for why in (why_unsupported(root, t) for t in found) if why] == []
