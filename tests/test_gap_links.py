"""content/gap_links.yaml: a tie to a missing case, fact, word, row, state or check-sheet item
is one problem on its own line (file:line: field: message); the cells a tie covers; the gap
list of a district's worksheet as the template renders it (assets/district.js builds the same:
tests/test_output.py compares the two); the site's one gap links script, which every district
page loads, carries any title as text."""

import json
import shutil
import subprocess
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, set_yaml

from generator.check.load import dotted, parse
from generator.check.problems import errors
from generator.check.validate import load_atlas
from generator.render import pages  # noqa: F401  (registers the json_str filter the page templates use)
from generator.render.sheets import (
    GAP_LINKS,
    blank_worksheet_page,
    district_grid_html,
    example_worksheet_page,
    gap_links_data,
    gap_links_files,
)

REL = "content/gap_links.yaml"


def _set(project, where: tuple, text: str) -> int:
    """Write the YAML source `text` at `where` of the project's gap_links.yaml; its line."""
    return set_yaml(project, REL, where, text)


TIE = ("cases", 0)
POINT = ("topics", 0, "points", 0)
BROKEN = [  # where the value is written, its YAML source, where the problem is reported, its code
    (TIE + ("case",), "no-such-case", TIE + ("case",), "unknown-case"),
    (TIE + ("fact",), '"actions[99]"', TIE + ("fact",), "unknown-fact"),
    (TIE + ("fact",), '"outcomes[0]"', TIE + ("quote",), "quote-not-in-fact"),  # another fact: its words differ
    (TIE + ("quote",), "出典にない文言です", TIE + ("quote",), "quote-not-in-fact"),
    (TIE + ("fact",), '"figures[0]"', TIE + ("fact",), "pattern"),
    (TIE + ("category",), "salons", TIE + ("category",), "unknown-term"),
    (TIE + ("states",), "[genki, frail]", TIE + ("states", 1), "unknown-term"),
    (POINT + ("checksheet",), "no-such-sheet", POINT + ("checksheet",), "unknown-checksheet"),
    (POINT + ("item",), "p9-9-z", POINT + ("item",), "unknown-item"),
]


@pytest.mark.parametrize(("where", "text", "reported", "code"), BROKEN, ids=[f"{b[3]}:{b[1]}" for b in BROKEN])
def test_a_tie_to_something_missing_is_one_problem_on_its_line(project, where, text, reported, code):
    line = _set(project, where, text)
    if reported != where:  # on the next field of the same tie
        doc, _ = parse((project / REL).read_bytes(), REL)
        line = doc.line_of(reported)
    atlas, problems = load_atlas(project)
    assert atlas is None
    found = [(p.path, p.line, p.field, p.code) for p in errors(problems)]
    assert [f[:3] for f in found] == [(REL, line, dotted(reported))]
    assert code == "pattern" or found[0][3] == code  # a pattern mistake is the schema's message
    formatted = errors(problems)[0].format()
    assert formatted.startswith(f"{REL}:{line}: {dotted(reported)}: エラー") and "Traceback" not in formatted


def test_a_tie_with_states_covers_those_cells_only(project):
    """A tie without states stands for its whole row; with states, for those cells."""
    _set(project, ("cases", 3, "states"), "[kyojaku]")  # omuta → care-service
    atlas, problems = load_atlas(project)
    assert errors(problems) == []
    assert [t.case.id for t in atlas.gap_links.ties][3] == "omuta"
    assert [c.id for c in atlas.gap_links.cases_for("care-service", "kyojaku")] == ["omuta"]
    assert atlas.gap_links.cases_for("care-service", "genki") == []
    assert [c.id for c in atlas.gap_links.cases_for("other", "genki")] == ["saiki", "ikeda-hokkaido"]
    # the sample district's gap care-service × 元気 now has no case: the page says so
    page = BeautifulSoup(district_grid_html(atlas.districts[0], atlas), "html.parser")
    gap = page.select_one("li#gap-care-service-genki")
    assert gap.select(".atlas-gap-cases a") == []
    assert "この欄に当てはまる事例はまだ登録されていません" in gap.text


def test_no_tie_no_link(project):
    """Without content/gap_links.yaml the project builds; every gap says no case fits yet."""
    (project / REL).unlink()
    atlas, problems = load_atlas(project)
    assert errors(problems) == [] and atlas.gap_links.ties == []
    page = BeautifulSoup(district_grid_html(atlas.districts[0], atlas), "html.parser")
    gaps = page.select(".atlas-gap-summary li[id^=gap-]")
    assert gaps and all("この欄に当てはまる事例はまだ登録されていません" in g.text for g in gaps)
    assert page.select(".atlas-gap-cases, .atlas-gap-topics") == []


def test_the_worksheet_pages_list_each_rows_cases_on_screen(project):
    """The blank sheet and the example list under the grid, row by row, the cases tied to the
    row (with the states of a tie that names them), or say that there is none yet."""
    _set(project, ("cases", 3, "states"), "[kyojaku, near-care]")  # omuta → care-service
    atlas, _ = load_atlas(project)
    for text in (blank_worksheet_page(atlas), example_worksheet_page(atlas)):
        block = BeautifulSoup(text, "html.parser").select_one(".atlas-row-cases.atlas-screen-only")
        rows = dict(zip([dt.text for dt in block.select("dt")], block.select("dd"), strict=True))
        assert list(rows) == [t.label for t in atlas.vocab("categories").ordered()]
        linked = {label: [(a["href"], a.parent.text) for a in dd.select("a")] for label, dd in rows.items()}
        assert [h for h, _ in linked["高齢者サロン系"]] == ["../../cases/sc-survey-example-1/"]
        assert [h for h, _ in linked["その他"]] == ["../../cases/saiki/", "../../cases/ikeda-hokkaido/"]
        assert linked["介護サービス"][0][1].endswith("（虚弱・要介護に近い）")
        empty = ("生涯学習的な趣味活動（個人）", "住民主体の通いの場", "一般介護予防事業", "介護予防・生活支援サービス")
        for label in empty:
            assert linked[label] == [] and rows[label].text == "この行に当てはまる事例はまだ登録されていません"


# a case's title or a topic's label that would end the <script> element, open an HTML comment,
# end a line of (ES5) JavaScript, or end the string or the statement the data is in
HOSTILE_TEXT = ["</script><script>__x(1)</script>", "<!--<script>__x(2)//", "-->", "</SCRIPT >", "<![CDATA[",
                "a\u2028b", "a\u2029b", "\\\"'`${__x(3)}", "*/;__x(4);/*", "😀𠮷\ufeff"]


def test_hostile_titles_and_labels_stay_text_in_the_gap_links_script():
    """worksheets/gap-links.js, run as a browser runs it (node's vm), gives back each title and
    label as it was; and the file holds no "<" and no line separator of its own, so it neither
    ends a script nor opens a comment, wherever it is put."""
    node = shutil.which("node")
    assert node, "node がありません（Node.js 20 以上）"
    atlas, _ = load_atlas(FIXTURE)
    expected, scripts = [], []
    for text in HOSTILE_TEXT:
        for tie in atlas.gap_links.ties:
            tie.case.title = text
        atlas.gap_links.topics = [replace(topic, label=text) for topic in atlas.gap_links.topics]
        data = gap_links_data(atlas)
        assert {c[0] for c in data["cases"]} == {t[0] for t in data["topics"]} == {text}
        script = gap_links_files(atlas)[GAP_LINKS]
        assert script.startswith("window.ATLAS_GAP_LINKS={") and script.endswith("};\n") and script.count("\n") == 1
        assert not set(script) & {"<", "\u2028", "\u2029"}, text
        expected.append(data)
        scripts.append(script)
    run = subprocess.run([node, "-e", "var vm = require('vm'); var out = JSON.parse(process.argv[1]).map(function (s) {"
                          " var w = {}; vm.runInNewContext(s, {window: w}); return w.ATLAS_GAP_LINKS; });"
                          " process.stdout.write(JSON.stringify(out));", json.dumps(scripts)],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == expected
