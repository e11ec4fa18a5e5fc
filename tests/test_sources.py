"""Honest data: the numbers and quotes on case pages are in the source documents.

A content test (marker `content`): it reads the repository's own cases and content, not the
tests' fixture project. The extracted source texts live beside the repository in
../shared/seeds/ (named by `seed:` in content/documents.yaml). Checked for every fact whose
document has a seed text here; a document without one (a contributor's new source) cannot be
checked by machine, and its facts are listed for the reviewer instead."""

import re
import unicodedata
from pathlib import Path

import pytest

from generator.check.validate import load_atlas

pytestmark = pytest.mark.content

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
            for doc_id, doc in atlas.documents.items() if doc.seed and (SEEDS / doc.seed).is_file()}


def test_facts_whose_document_has_no_seed_text_are_listed_for_review(atlas, seeds, capsys):
    unchecked = [f"{case.path}: {s.document.id}" for case in atlas.cases for s in case.sources
                 if s.document.id not in seeds]
    with capsys.disabled():
        if unchecked:
            print("\n出典の本文がないため機械で照合していない出典（レビューで確かめてください）:\n  "
                  + "\n  ".join(unchecked))


def test_at_least_twenty_cases(atlas):
    assert len(atlas.cases) >= 20


def test_every_figure_number_is_in_its_source_document(atlas, seeds):
    missing = []
    for case in atlas.cases:
        for f in case.figures:
            if f.source.document.id not in seeds:
                continue  # no text to check against: listed for review above
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
            if q.source.document.id in seeds and _flat(q.text) not in seeds[q.source.document.id]:
                missing.append(f"{case.path}: {q.text[:40]}")
    assert missing == []


def test_named_municipalities_appear_in_the_cited_documents(atlas, seeds):
    missing = []
    for case in atlas.cases:
        cited = "".join(seeds.get(s.document.id, "") for s in case.sources)
        if not all(s.document.id in seeds for s in case.sources):
            continue
        for m in case.municipalities:
            if _flat(m.name) not in cited:
                missing.append(f"{case.path}: {m.name}")
    assert missing == []


def test_unattributed_cases_name_no_municipality(atlas):
    for case in atlas.cases:
        if case.attribution != "named":
            assert case.municipalities == [], case.path


def test_every_statistic_is_in_its_source_document(atlas, seeds):
    missing = []
    for d in atlas.datasets:
        if d.document.id not in seeds:
            continue
        text = seeds[d.document.id]
        for s in d.series:
            for label, value in s.points:
                forms = {str(value), f"{value:g}"} | ({str(int(value))} if float(value).is_integer() else set())
                if not any(form in text for form in forms):
                    missing.append(f"{d.id}: {s.name}: {label} = {value}")
        # what a note says the source says is verbatim there
        for quote in re.findall(r"出典の(?:文|注記)：「(.+?)」(?:\s|$|出典)", d.note):
            if _flat(quote) not in text:
                missing.append(f"{d.id}: {quote[:40]}")
    assert missing == []


def test_r2_kayoinoba_figures_are_split_by_operator_as_the_source_notes(atlas, seeds):
    """Seed 004: 「（ ）内の数値は運営主体が住民のもの。令和元年度までは全て住民主体」: the R2
    totals (113,886 places, 5.2 %) include places not run by residents; (97,151) and (4.5)
    are the resident-run ones, the figures comparable with the earlier years."""
    assert _flat("(97,151)(4.5)※（ ）内の数値は運営主体が住民のもの。令和元年度までは全て住民主体。") \
        in seeds["mhlw-roken-training"]
    by_id = {d.id: d for d in atlas.datasets}
    for dataset, total, resident in (("kayoinoba-count", 113886, 97151), ("kayoinoba-participation", 5.2, 4.5)):
        d = by_id[dataset]
        all_places, residents = d.series
        assert dict(all_places.points)["R2年度"] == total
        assert "そのまま比べられません" in all_places.note  # said under the chart itself
        assert dict(residents.points)["R2年度"] == resident
        assert residents.points[:-1] == all_places.points[:-1]  # 令和元年度までは全て住民主体
        assert "令和元年度までは全て住民主体" in d.note


# The items on the filled slide 「高齢者の心身の状態像に応じた地域の資源を書き出してみる」
# (seed 004, slide 15), in the order of the extracted text.
FILLED_SLIDE = ("高齢者サロン", "住民主体の通いの場", "囲碁教室", "健康麻雀", "ラジオ体操", "太極拳",
                "グランドゴルフ", "カラオケ", "男の集い場", "通所B・訪問B", "通所C・訪問C", "緩和型A",
                "従前相当サービス", "スポーツクラブ", "一般介護予防教室", "介護予防把握事業",
                "地域リハビリテーション活動支援事業", "料理クラブ", "ボランティア活動", "生きがいデイ",
                "認知症カフェ", "いきいきサロン", "シルバー人材センター", "介護サービス")


def test_example_worksheet_holds_exactly_the_items_of_the_filled_slide(atlas, seeds):
    slide = seeds["mhlw-roken-training"]
    start = slide.index(_flat("高齢者の心身の状態像に応じた地域の資源を書き出してみる元気虚弱"))
    end = slide.index(_flat("わがまちの地域の資源を書き出してみよう元気虚弱"))
    for label in FILLED_SLIDE:
        assert _flat(label) in slide[start:end], label
    example = next(w for w in atlas.worksheets if w.id == "example")
    assert sorted(e.label for e in example.entries) == sorted(FILLED_SLIDE)
