"""Honest data: the numbers and quotes on case pages are in the source documents.

The extracted source texts live beside the repository in ../shared/seeds/ (named by
`seed:` in content/documents.yaml). Checked for every case, not a sample."""

import re
import unicodedata
from pathlib import Path

import pytest

from generator.validate import load_atlas

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def _flat(text: str) -> str:
    """NFKC, no whitespace, no thousands separators: how extracted slide text is best compared."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s,，]", "", text)


@pytest.fixture(scope="module")
def atlas():
    atlas, problems = load_atlas(ROOT)
    assert atlas is not None, problems
    return atlas


@pytest.fixture(scope="module")
def seeds(atlas):
    if not SEEDS.is_dir():
        pytest.skip("source documents not found beside the repository (../shared/seeds)")
    return {doc_id: _flat((SEEDS / doc.seed).read_text(encoding="utf-8"))
            for doc_id, doc in atlas.documents.items() if doc.seed}


def test_at_least_twenty_cases(atlas):
    assert len(atlas.cases) >= 20


def test_every_figure_number_is_in_its_source_document(atlas, seeds):
    missing = []
    for case in atlas.cases:
        for f in case.figures:
            text = seeds[f.source.document.id]
            value = f.value
            forms = {str(value), f"{value:g}"}
            if float(value).is_integer():
                forms.add(str(int(value)))
            if not any(form in text for form in forms):
                missing.append(f"{case.path}: {f.label} = {value}")
    assert missing == []


def test_every_quote_is_verbatim_in_its_source_document(atlas, seeds):
    missing = []
    for case in atlas.cases:
        for q in case.quotes:
            if _flat(q.text) not in seeds[q.source.document.id]:
                missing.append(f"{case.path}: {q.text[:40]}")
    assert missing == []


def test_named_municipalities_appear_in_the_cited_documents(atlas, seeds):
    missing = []
    for case in atlas.cases:
        cited = "".join(seeds[s.document.id] for s in case.sources)
        for m in case.municipalities:
            if _flat(m.name) not in cited:
                missing.append(f"{case.path}: {m.name}")
    assert missing == []


def test_unattributed_cases_name_no_municipality(atlas):
    for case in atlas.cases:
        if case.attribution != "named":
            assert case.municipalities == [], case.path
