"""Worksheets and check-sheets: the grid against the records, and the PDFs a workshop prints.

Printing is checked on what comes out of the printer's side: each PDF's paper size and
page count (pdfinfo), its fonts (pdffonts: real embedded TrueType, a real bold, no Type 3),
its text page by page (pdftotext: no heading ends a page, a worksheet's header row on every
page and no row split across pages) and its pixels (greyscale: nothing said by colour alone).
"""

import functools
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import make_project, set_yaml, shared_dir
from gap_ties import supported_cases

from generator.check.validate import load_atlas
from generator.cli import cmd_build
from generator.render.sheets import PRINT_ONE_PAGE, print_jobs

A3_LANDSCAPE = (1191, 842)
A4_LANDSCAPE = (842, 595)
A4_PORTRAIT = (595, 842)
PAPER_SIZE = {"a3-landscape": A3_LANDSCAPE, "a4-landscape": A4_LANDSCAPE, "a4": A4_PORTRAIT}  # print jobs
BUTTON_PAPER = {"a3": A3_LANDSCAPE, "a4": A4_LANDSCAPE}  # 「A3 横で印刷」「A4 横で印刷」
REAL_FONT_TYPES = {"TrueType", "CID TrueType"}


def pdf_info(path) -> tuple[int, tuple[int, int]]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups()
    return pages, (round(float(w)), round(float(h)))


def pdf_text(path) -> str:
    """pdftotext's text of the PDF, read once per version of the file (the checks below each read
    it; a file written again is read again: its time and size are in the key)."""
    stat = Path(path).stat()
    return _pdf_text(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _pdf_text(path: str, mtime_ns: int, size: int) -> str:
    return subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, text=True, check=True).stdout


def page_texts(path) -> list[str]:
    """The text of each page, whitespace removed (pdftotext ends each page with a form feed)."""
    return [re.sub(r"\s", "", page) for page in pdf_text(path).split("\f")[:-1]]


def pdf_fonts(path) -> list[dict]:
    """pdffonts' table as dicts (columns found from the header's dashes: names have no spaces,
    types may: "CID TrueType", "Type 3")."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    keys = ("name", "type", "encoding", "emb", "sub", "uni", "object")
    return [{k: line[a:b if i < len(spans) - 1 else None].strip()
             for i, (k, (a, b)) in enumerate(zip(keys, spans, strict=True))} for line in lines[2:]]


def embedded_fonts(path) -> list[str]:
    return [f["name"] for f in pdf_fonts(path) if f["emb"] == "yes"]


def assert_real_fonts(path) -> None:
    """Every font embedded as real TrueType (no Type 3: synthetic bold and CFF outlines
    are printed as Type 3 glyphs), bold from a bold font."""
    fonts = pdf_fonts(path)
    assert fonts, path
    for font in fonts:
        assert font["type"] in REAL_FONT_TYPES and font["emb"] == "yes", (path, font)
    names = [f["name"].split("+")[-1] for f in fonts]
    assert any(n.endswith("-Regular") for n in names) and any(n.endswith("-Bold") for n in names), (path, names)


def coloured_pixels(path, dpi: int = 30) -> list[int]:
    """Per page, the pixels whose channels differ by more than 24 of 255 (not grey). (numpy, as
    qr_codes: a Python loop over the pixels was half of this check's time, ~0.25 s a page.)"""
    import numpy

    raw = subprocess.run(["pdftoppm", "-r", str(dpi), str(path)], capture_output=True, check=True).stdout
    counts, pos = [], 0
    while pos < len(raw):  # concatenated binary PPMs: "P6 <w> <h> 255\n" + RGB bytes
        header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", raw[pos:pos + 40])
        w, h = int(header.group(1)), int(header.group(2))
        start = pos + header.end()
        px = numpy.frombuffer(raw, dtype=numpy.uint8, count=w * h * 3, offset=start).reshape(w * h, 3)
        counts.append(int((px.max(axis=1).astype(numpy.int16) - px.min(axis=1) > 24).sum()))
        pos = start + w * h * 3
    return counts


def keep_with_next(page_html: str) -> list[str]:
    """Texts that must never end a page: headings, the note right under a section heading,
    the label over a list of examples."""
    soup = BeautifulSoup(page_html, "html.parser").select_one(".atlas-sheet")
    found = soup.select("h1, h2, h3, section > h2 + p, .atlas-check-examples > p:first-child")
    # a district's summary of gaps is for the screen: its printed sheet marks the gaps in their cells
    return [re.sub(r"\s", "", el.get_text()) for el in found if not el.find_parent(class_="atlas-gap-summary")]


def assert_no_heading_ends_a_page(pdf, page_html: str) -> None:
    """The last line of each page is not (the end of) a heading."""
    pages = page_texts(pdf)
    whole = "".join(pages)
    last_lines = [next((re.sub(r"\s", "", line) for line in reversed(page.splitlines()) if line.strip()), "")
                  for page in pdf_text(pdf).split("\f")[:-1]]
    for text in keep_with_next(page_html):
        assert text[:20] in whole, (pdf, text)  # the check below can fail: the text is there
        for number, last in enumerate(last_lines, 1):
            assert not (last and text.endswith(last)), (pdf, number, text)


def assert_worksheet_rows_whole(pdf, page_html: str, states: list[str]) -> None:
    """The header row on every page; each row with all its entries on one page."""
    soup = BeautifulSoup(page_html, "html.parser")
    pages = page_texts(pdf)
    for number, page in enumerate(pages, 1):
        assert "資源の種類" in page and all(s in page for s in states), (pdf, number)
    rows = soup.select("table.atlas-ws tbody tr")
    assert rows, pdf
    for row in rows:
        texts = [re.sub(r"\s", "", el.get_text()) for el in (row.th, *row.select(".atlas-ws-item"))]
        assert any(all(t in page for t in texts) for page in pages), (pdf, texts)


@pytest.mark.parametrize("name,pages,size", [
    ("worksheet-blank-a3", 1, A3_LANDSCAPE),
    ("worksheet-blank-a4", 1, A4_LANDSCAPE),
    ("worksheet-example-a3", 1, A3_LANDSCAPE),
    ("worksheet-example-a4", 1, A4_LANDSCAPE),
    ("worksheet-sample-district-a3", 1, A3_LANDSCAPE),
])
def test_worksheet_pdfs_fit_one_landscape_sheet_with_real_japanese_font(built_site, name, pages, size):
    path = built_site / "pdf" / f"{name}.pdf"
    assert pdf_info(path) == (pages, size)
    assert any(f.endswith("+BIZUDPGothic-Regular") for f in embedded_fonts(path))
    text = re.sub(r"\s", "", pdf_text(path))
    for label in ("生涯学習的な趣味活動（個人）", "介護サービス", "元気", "虚弱", "要介護に近い",
                  "地区名：", "記入日：", "記入者："):
        assert label in text, label
    assert "\ufffd" not in text  # no replacement characters: nothing fell back to tofu


PRINTABLE_MM = {"a3": 297 - 2 * 10, "a4": 210 - 2 * 8}  # landscape height less the margins (sheet.js PAGE)


def table_share(path, paper: str, dpi: int = 50) -> float:
    """The worksheet table's height on page 1 over the paper's printable height: the longest
    unbroken vertical dark line of the page is the table's outer border (its rules, row
    heads' edges and the dashed gaps are shorter or broken). 50 dpi: within 0.2 % of 100 dpi."""
    raw = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    w, h = int(header.group(1)), int(header.group(2))
    data = raw[header.end():header.end() + w * h]
    longest = max((len(run) for x in range(w) for run in re.findall(rb"[\x00-\x7f]+", data[x::w])), default=0)
    return longest / dpi * 25.4 / PRINTABLE_MM[paper]


def dark_runs(path, dpi: int = 100) -> list[list[int]]:
    """Per pixel row of page 1 (grey), the number of runs of pixels darker than 200 of 255."""
    raw = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    w, h = int(header.group(1)), int(header.group(2))
    data = raw[header.end():header.end() + w * h]
    return [len(re.findall(rb"[\x00-\xc7]+", data[y * w:(y + 1) * w])) for y in range(h)]


@pytest.mark.parametrize("name", ["worksheet-blank-a3", "worksheet-blank-a4"])
def test_blank_worksheet_cells_show_both_lines_between_the_three_states(built_site, name):
    """Across an empty row a pen meets five lines: the sheet's edge, the row heading's edge,
    元気｜虚弱, 虚弱｜要介護に近い, and the edge again. The A3 sheet once lost 元気｜虚弱 (a 1 px
    line at a third of the cell rounded away in print)."""
    runs = dark_runs(built_site / "pdf" / f"{name}.pdf")
    body = runs[len(runs) * 2 // 5:len(runs) * 4 // 5]  # the lower rows of the grid, below its headings
    assert body.count(5) > len(body) // 2, sorted(set(body))


def test_example_worksheet_pdf_holds_every_example_item(built_site, fixture_root):
    data = yaml.safe_load((fixture_root / "content/worksheets/example.yaml").read_text(encoding="utf-8"))
    text = re.sub(r"\s", "", pdf_text(built_site / "pdf/worksheet-example-a3.pdf"))
    for entry in data["entries"]:
        assert entry["label"] in text, entry["label"]


def test_checksheet_pdfs_are_a4_portrait_and_searchable(built_site, fixture_root):
    sheets = sorted((fixture_root / "content/checksheets").glob("*.yaml"))
    assert len(sheets) >= 3
    for path in sheets:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pdf = built_site / "pdf" / f"checksheet-{data['id']}.pdf"
        n_pages, size = pdf_info(pdf)
        assert size == A4_PORTRAIT, pdf
        n_items = sum(len(s["items"]) + len(s.get("examples", [])) for s in data["sections"])
        assert n_pages <= 1 + n_items // 3, (pdf, n_pages, n_items)  # no runaway page breaks
        assert any(f.endswith("+BIZUDPGothic-Regular") for f in embedded_fonts(pdf)), pdf
        text = re.sub(r"\s", "", pdf_text(pdf))
        first = re.sub(r"\s", "", data["sections"][0]["items"][0]["text"])[:20]
        assert first in text, (pdf, first)


def test_every_sheet_page_links_its_pdf(built_site):
    pages = list((built_site / "worksheets").glob("*/index.html")) + \
        list((built_site / "checksheets").glob("*/index.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.find_all("a") if a.text.startswith("印刷用PDF")]
        assert links, page
        for href in links:
            assert (page.parent / href).resolve().is_file(), (page, href)


def rendered(browser, path, tab=None) -> str:
    """A page's HTML once its scripts have run (a district's worksheet grid is built by
    assets/district.js from the page's record). `tab`: an open page to load it in, for a test
    that reads many (a new page, with its own context, is about half of each load's time)."""
    page = tab or browser.new_page()
    try:
        page.goto(path.as_uri())
        return page.content()
    finally:
        if tab is None:
            page.close()


def test_district_worksheet_puts_every_resource_in_its_cells_and_lists_the_gaps(built_site, fixture_root, browser):
    data = yaml.safe_load((fixture_root / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    states = [t["id"] for t in yaml.safe_load(
        (fixture_root / "content/vocabularies/target_states.yaml").read_text(encoding="utf-8"))["terms"]]
    categories = yaml.safe_load((fixture_root / "content/vocabularies/categories.yaml").read_text(encoding="utf-8"))
    labels = {t["id"]: t["label"] for t in categories["terms"]}
    page = BeautifulSoup(rendered(browser, built_site / "districts/sample-district/index.html"), "html.parser")
    items = {a["href"].split("#r-")[1]: a.find_parent("span") for a in page.select(".atlas-ws-item a")}
    assert all(a["href"].startswith("#r-") for a in page.select(".atlas-ws-item a"))  # rows of the same page
    covered = set()
    for r in data["resources"]:
        span = items[r["id"]]
        assert span["data-category"] == r["category"], r["id"]
        assert span["data-states"].split() == [s for s in states if s in r["target_states"]], r["id"]
        covered |= {(r["category"], s) for s in r["target_states"]}
    assert len(items) == len(data["resources"])
    expected_gaps = {(c, s) for c in labels for s in states} - covered
    shown = {(gap.find_parent("tr").th["id"][3:], gap["data-state"]) for gap in page.select(".atlas-ws-gap")}
    assert shown == expected_gaps and expected_gaps, shown
    summary = page.select_one(".atlas-gap-summary").text
    assert f"（{len(expected_gaps)} か所）" in summary
    for category, state in expected_gaps:
        assert f"{labels[category]} × " in summary, (category, state)
    # each gap links only to the cases content/gap_links.yaml ties to its row and state with
    # the case's own sourced fact (gap_ties.py reads the YAML), or says there is none
    linked_somewhere = none_somewhere = False
    for category, state in expected_gaps:
        item = page.select_one(f"li#gap-{category}-{state}")
        hrefs = [a["href"] for a in item.select(".atlas-gap-cases a")]
        assert all(re.fullmatch(r"\.\./\.\./cases/[a-z0-9-]+/index\.html", h) for h in hrefs), hrefs  # file://
        linked = {h.split("/")[3] for h in hrefs}
        assert len(linked) == len(hrefs)
        assert linked == supported_cases(fixture_root, category, state), (category, state)
        cell = page.select_one(f"#ws-{category}").find_parent("tr").select_one(f".atlas-ws-gap[data-state={state}] a")
        assert (cell["href"], cell.text) == (f"#gap-{category}-{state}", f"参考になる事例（{len(linked)} 件）")
        none = "この欄に当てはまる事例はまだ登録されていません" in item.text
        assert none == (not linked), (category, state)
        linked_somewhere |= bool(linked)
        none_somewhere |= none
    assert linked_somewhere and none_somewhere  # the fixture's district has both kinds of gap
    # the check-sheet items to discuss: each link names an item of a sheet of the project
    points = page.select(".atlas-gap-topics a")
    assert points
    for a in points:
        sheet, item = re.fullmatch(r"\.\./\.\./checksheets/([a-z0-9-]+)/index\.html#item-([a-z0-9-]+)", a["href"]).groups()
        data = yaml.safe_load((fixture_root / f"content/checksheets/{sheet}.yaml").read_text(encoding="utf-8"))
        assert item in {i["id"] for sec in data["sections"] for i in sec["items"]}, a["href"]


# --- printing every kind of sheet, on a project with districts of 3, 60 and 150 resources ----

CATEGORIES = ("hobby-individual", "salon", "kayoinoba", "general-prevention", "prevention-service",
              "other", "care-service")
SPANS = (["genki"], ["genki", "kyojaku"], ["kyojaku"], ["kyojaku", "near-care"], ["near-care"],
         ["genki", "kyojaku", "near-care"], ["kyojaku"])
WORDS = ("サロン", "いきいき百歳体操", "認知症カフェ", "ふれあい食事会", "健康麻雀クラブ", "介護予防教室",
         "見守り配食サービス", "訪問型サービスB", "デイサービスセンター", "グラウンドゴルフ同好会", "体操の会")
# (district id, resources, crowded): resources spread over the 7 rows, or 3 in 5 in one row;
# none, 3, 20, each paper's one-sheet limit (render/sheets.py PRINT_ONE_PAGE), and a long list
PRINT_DISTRICTS = (("print-0", 0, False), ("print-3", 3, False), ("print-20", 20, False),
                   *((f"print-{n}{'-crowded' if crowded else ''}", n, crowded)
                     for n in sorted(set(PRINT_ONE_PAGE.values())) for crowded in (False, True)),
                   ("print-150", 150, False))


def synthetic_district(district_id: str, n: int, crowded: bool) -> dict:
    resources = []
    for i in range(n):
        category, states = CATEGORIES[i % 7], SPANS[(i // 7) % len(SPANS)]
        if crowded and i % 5 < 3:  # like an imported 通いの場 list: most in one row
            category, states = "kayoinoba", SPANS[i % 3]
        resources.append({"id": f"r{i}", "name": f"合成データ{i + 1:03d}{WORDS[i % len(WORDS)]}",
                          "category": category, "target_states": states, "last_verified": "2026-10-01"})
    return {"id": district_id, "name": f"合成データ印刷{n}件地区", "layer": "junior-high-school", "demo": True,
            "municipality": {"code": "131016", "prefecture": "東京都", "name": "千代田区"},
            "description": "印刷の確認に使う合成データ（架空）", "last_reviewed": "2026-11-01",
            "resources": resources}


SITE_URL = "https://atlas.example.jp/"  # print_site's address: its printed pages carry QR codes


@pytest.fixture(scope="session")
def print_site(tmp_path_factory):
    """(project, site): the project plus the PRINT_DISTRICTS, built with its PDFs, published
    at SITE_URL (mkdocs.yml site_url)."""
    def build(folder: Path) -> None:
        project = make_project(folder / "project")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', f'site_url: "{SITE_URL}"', 1),
                          encoding="utf-8")
        for district_id, n, crowded in PRINT_DISTRICTS:
            text = yaml.safe_dump(synthetic_district(district_id, n, crowded), allow_unicode=True, sort_keys=False)
            (project / "content/districts" / f"{district_id}.yaml").write_text(text, encoding="utf-8")
        assert cmd_build(project, project / "site") == 0

    project = shared_dir(tmp_path_factory, "print", build) / "project"
    return project, project / "site"


def _states(project) -> list[str]:
    terms = yaml.safe_load((project / "content/vocabularies/target_states.yaml").read_text(encoding="utf-8"))["terms"]
    return [t["label"] for t in terms]


def test_every_printed_sheet_fits_its_paper_in_real_fonts_and_grey(print_site, browser):
    """Every PDF the build prints: the paper it names; a worksheet on one sheet up to
    PRINT_ONE_PAGE[paper] resources, longer ones with the header row on every page and no row
    split; real bold; no heading at the foot of a page; greyscale."""
    project, site = print_site
    atlas, _ = load_atlas(project)
    resources = {f"districts/{d.id}/": len(d.resources) for d in atlas.districts}
    jobs = print_jobs(atlas)
    assert {j.pdf for j in jobs} >= {f"pdf/worksheet-{d}-a3.pdf" for d, _, _ in PRINT_DISTRICTS}
    measured = {}
    tab = browser.new_page()  # one for every sheet's page: the pages are only loaded and read
    try:
        for job in jobs:
            pdf = site / job.pdf
            pages, size = pdf_info(pdf)
            measured[job.pdf] = pages
            assert size == PAPER_SIZE[job.paper], (job, size)
            assert_real_fonts(pdf)
            assert not any(coloured_pixels(pdf)), job
            if "pack=1" in job.query:  # the workshop pack: the sheet's pages, then one page for each other part
                sheet = 1 if resources[job.page] <= PRINT_ONE_PAGE[job.paper[:2]] else pages - 2
                texts = page_texts(pdf)
                assert pages == sheet + 2 and all("資源の種類" in t for t in texts[:sheet]), (job, pages)
                assert "空いている欄と参考になる事例" in texts[-2], job
                assert "空いている欄について話し合うチェックシート" in texts[-1], job
                continue  # its sheet is the district's worksheet: headings checked for the A3 job, A4 in the browser
            html = rendered(browser, site / job.page / "index.html", tab)
            assert_no_heading_ends_a_page(pdf, html)
            if job.page.startswith("checksheets/"):
                continue
            assert_worksheet_rows_whole(pdf, html, _states(project))
            if resources.get(job.page, 0) <= PRINT_ONE_PAGE[job.paper[:2]]:
                assert pages == 1, (job, pages)
    finally:
        tab.close()
    assert measured["pdf/worksheet-print-150-a3.pdf"] >= 2  # the check above saw a real continuation
    print("pages:", measured)


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_district_worksheet_prints_from_the_browser_on_the_paper_it_names(print_site, browser, tmp_path, paper):
    """The page's own 「A3 横で印刷」「A4 横で印刷」: the page sets the paper (no size given to
    Chromium); one sheet up to PRINT_ONE_PAGE[paper] resources, its table at least 90 % of the
    printable height (room to write by hand), 地区名・記入日・記入者 lines; clean continuation beyond."""
    project, site = print_site
    shares = {}
    page = browser.new_page()
    try:
        for district_id, n, _ in (("sample-district", 23, False), *PRINT_DISTRICTS):
            url = (site / "districts" / district_id / "index.html").as_uri()
            page.goto(url)
            page.evaluate("window.print = () => {}")  # the button calls it after choosing the paper
            page.click(f"button[data-paper={paper}]")
            page.emulate_media(media="print")
            pdf = tmp_path / f"{district_id}-{paper}.pdf"
            pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
            # an empty cell stands out in black and white: black dashes, bold words, a grey ground as
            # tall as its cell's content
            gaps = page.evaluate("""() => Array.from(document.querySelectorAll('.atlas-ws-gap'), g => {
                const s = getComputedStyle(g), cell = g.closest('td'), c = getComputedStyle(cell);
                const inner = cell.clientHeight - parseFloat(c.paddingTop) - parseFloat(c.paddingBottom);
                return [s.borderTopStyle, s.borderTopColor, Number(s.fontWeight) >= 700,
                        /^rgb\\((2[0-3]\\d), \\1, \\1\\)$/.test(s.backgroundColor), g.offsetHeight >= inner - 2];
            })""")
            assert all(g == ["dashed", "rgb(0, 0, 0)", True, True, True] for g in gaps), (district_id, gaps)
            assert gaps or district_id != "sample-district"
            page.emulate_media(media="screen")
            pages, size = pdf_info(pdf)
            print(pdf.name, pages, "pages", pdf.stat().st_size, "bytes")
            assert size == BUTTON_PAPER[paper], (district_id, size)
            if n <= PRINT_ONE_PAGE[paper]:
                assert pages == 1, (district_id, n, pages)
                shares[district_id] = round(table_share(pdf, paper), 3)
                assert shares[district_id] >= 0.90, (district_id, shares[district_id])
            first = page_texts(pdf)[0]
            assert all(f"{label}：" in first for label in ("地区名", "記入日", "記入者")), district_id
            name = "サンプル地区（架空）" if district_id == "sample-district" else f"合成データ印刷{n}件地区"
            assert f"地区名：東京都千代田区{name}" in first, district_id  # written in, in full
            if n == 150:  # the checks below then see a real continuation
                assert pages >= 2, (district_id, n, pages)
            html = page.content()
            assert_real_fonts(pdf)
            assert_worksheet_rows_whole(pdf, html, _states(project))
            assert_no_heading_ends_a_page(pdf, html)
            assert not any(coloured_pixels(pdf)), district_id
    finally:
        page.close()
    print(f"table share of the printable height ({paper}):", shares)
    assert {"print-0", "print-3", "print-20", "print-40"} <= set(shares)


def qr_codes(path, dpi: int = 150) -> list[str]:
    """The texts of the QR codes zxing-cpp finds on page 1 of a PDF (pdftoppm, grey)."""
    import numpy
    import zxingcpp

    raw = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
                         capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    w, h = int(header.group(1)), int(header.group(2))
    image = numpy.frombuffer(raw[header.end():header.end() + w * h], dtype=numpy.uint8).reshape(h, w)
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_a_printed_pages_qr_code_opens_the_same_page(print_site):
    """The build's PDFs of a district's worksheet (its code cloned into the table's corner by
    district.js), a blank worksheet and a check-sheet (made by the build): each code decodes to
    the page's own address on the published site."""
    project, site = print_site
    atlas, _ = load_atlas(project)
    sheet = atlas.checksheets[0].id
    for pdf, page in (("worksheet-print-40-a3.pdf", "districts/print-40/"),
                      ("worksheet-blank-a4.pdf", "worksheets/blank/"),
                      (f"checksheet-{sheet}.pdf", f"checksheets/{sheet}/")):
        assert qr_codes(site / "pdf" / pdf) == [SITE_URL + page], pdf


def test_printed_lists_show_hours_phone_what_to_bring_and_their_dates(project):
    """A district's list on paper: each resource's hours and phone (as on screen), 「持ち物」 when
    a source field says it, the print date (filled in by sheet.js) and the data's date; with a
    site_url, a QR code of the page; マイリスト's code opens the list page and says that the list
    is not in it. Without a site_url no code is printed (the address is unknown)."""
    from generator.render.env import render
    from generator.render.pages import district_page
    from generator.render.qr import page_qr

    fields = "[{label: 持ち物, value: タオル・飲み物}, {label: 駐車場, value: なし}, {label: 持参するもの, value: 上履き}]"
    set_yaml(project, "content/districts/sample-district.yaml", ("resources", 0, "source_fields"), fields)
    atlas, _ = load_atlas(project)
    district = next(d for d in atlas.districts if d.id == "sample-district")
    for site_url in ("", SITE_URL):
        atlas.settings["site_url"] = site_url
        page = BeautifulSoup(district_page(district, atlas), "html.parser")
        rows = {tr["id"][2:]: tr for tr in page.select("tr.atlas-resource")}
        first = district.resources[0]
        assert "持ち物：タオル・飲み物／上履き" in rows[first.id].text
        assert sum("持ち物：" in tr.text for tr in rows.values()) == 1  # only where it is known
        for r in district.resources:
            if r.contact and r.contact.phone:
                assert r.contact.phone in rows[r.id].text, r.id
            if r.schedule and r.schedule.text and not r.schedule.rules:
                assert r.schedule.text in rows[r.id].text, r.id
        dates = page.select_one(".atlas-print-only.atlas-print-dates")
        assert dates.select_one(".atlas-print-date") is not None and "データ：2026年11月1日 見直し" in dates.text
        codes = page.select("figure.atlas-qr")
        assert [c.figcaption.text.split("：", 1)[1] for c in codes] == \
            ([f"{SITE_URL}districts/sample-district/"] if site_url else [])
        mylist = BeautifulSoup(render("mylist.md.j2", qr=page_qr(atlas.settings, "mylist/")), "html.parser")
        code = mylist.select_one("figure.atlas-qr")
        assert (code is not None) == bool(site_url)
        if code:
            assert code.figcaption.text.endswith(f"{SITE_URL}mylist/") and "このコードに入っていません" in code.text


def test_the_workshop_pack_prints_one_page_per_part_on_a3_and_a4(built_site, fixture_root, browser, tmp_path):
    """A district's 「ワークショップ用セット」 from its page's buttons: the worksheet, 「空いている欄と
    参考になる事例」 (every gap, with the cases content/gap_links.yaml ties to it and their source,
    or a sentence that none fits) and the check-sheet of the points to discuss, each on a page of
    its own, on the paper the button names."""
    data = yaml.safe_load((fixture_root / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    terms = {name: yaml.safe_load((fixture_root / f"content/vocabularies/{name}.yaml").read_text(
        encoding="utf-8"))["terms"] for name in ("categories", "target_states")}
    labels = {t["id"]: t["label"] for t in terms["categories"] + terms["target_states"]}
    covered = {(r["category"], s) for r in data["resources"] for s in r["target_states"]}
    gaps = [(c["id"], s["id"]) for c in terms["categories"] for s in terms["target_states"]
            if (c["id"], s["id"]) not in covered]
    titles = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["title"]
              for p in (fixture_root / "cases").glob("*.yaml")}
    links = yaml.safe_load((fixture_root / "content/gap_links.yaml").read_text(encoding="utf-8"))
    points = [p for t in links["topics"] for p in t["points"]]
    items = {}
    for sheet in {p["checksheet"] for p in points}:
        sheet_data = yaml.safe_load((fixture_root / f"content/checksheets/{sheet}.yaml").read_text(encoding="utf-8"))
        items.update({(sheet, i["id"]): i["text"] for sec in sheet_data["sections"] for i in sec["items"]})
    assert gaps and points
    page = browser.new_page()
    try:
        page.goto((built_site / "districts/sample-district/index.html").as_uri())
        page.evaluate("window.print = () => {}")
        for paper in ("a3", "a4"):
            page.click(f"button[data-paper={paper}][data-pack='1']")
            page.emulate_media(media="print")
            pdf = tmp_path / f"pack-{paper}.pdf"
            pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
            page.emulate_media(media="screen")
            assert pdf_info(pdf) == (3, BUTTON_PAPER[paper]), paper
            sheet, gap_page, check_page = page_texts(pdf)
            assert "資源の種類" in sheet and "空いている欄" not in sheet.replace("この欄に当てはまる", "")
            assert gap_page.startswith("空いている欄と参考になる事例") and f"（{len(gaps)}か所）" in gap_page
            some_case = False
            for category, state in gaps:
                assert labels[category] in gap_page and labels[state] in gap_page, (category, state)
                for case in supported_cases(fixture_root, category, state):
                    assert re.sub(r"\s", "", titles[case]) in gap_page, case
                    some_case = True
            assert some_case and "出典：" in gap_page
            assert check_page.startswith("空いている欄について話し合うチェックシート")
            for t in links["topics"]:
                assert re.sub(r"\s", "", t["label"]) in check_page
            for p in points:
                assert re.sub(r"\s", "", items[(p["checksheet"], p["item"])])[:30] in check_page, p
            assert_real_fonts(pdf)
    finally:
        page.close()
