"""Worksheets and check-sheets: the grid against the records, and the PDFs a workshop prints."""

import re
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

A3_LANDSCAPE = (1191, 842)
A4_LANDSCAPE = (842, 595)
A4_PORTRAIT = (595, 842)


def pdf_info(path) -> tuple[int, tuple[int, int]]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups()
    return pages, (round(float(w)), round(float(h)))


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def embedded_fonts(path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if " yes " in line]


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
    assert any(f.endswith("+IPAexGothic") for f in embedded_fonts(path))
    text = re.sub(r"\s", "", pdf_text(path))
    for label in ("生涯学習的な趣味活動（個人）", "介護サービス", "元気", "虚弱", "要介護に近い"):
        assert label in text, label
    assert "\ufffd" not in text  # no replacement characters: nothing fell back to tofu


def test_example_worksheet_pdf_holds_every_example_item(built_site, root):
    data = yaml.safe_load((root / "content/worksheets/example.yaml").read_text(encoding="utf-8"))
    text = re.sub(r"\s", "", pdf_text(built_site / "pdf/worksheet-example-a3.pdf"))
    for entry in data["entries"]:
        assert entry["label"] in text, entry["label"]


def test_checksheet_pdfs_are_a4_portrait_and_searchable(built_site, root):
    sheets = sorted((root / "content/checksheets").glob("*.yaml"))
    assert len(sheets) >= 5
    for path in sheets:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pdf = built_site / "pdf" / f"checksheet-{data['id']}.pdf"
        n_pages, size = pdf_info(pdf)
        assert size == A4_PORTRAIT, pdf
        n_items = sum(len(s["items"]) + len(s.get("examples", [])) for s in data["sections"])
        assert n_pages <= 1 + n_items // 3, (pdf, n_pages, n_items)  # no runaway page breaks
        assert any(f.endswith("+IPAexGothic") for f in embedded_fonts(pdf)), pdf
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


def test_district_worksheet_puts_every_resource_in_its_cells_and_lists_the_gaps(built_site, root):
    data = yaml.safe_load((root / "content/districts/sample-district.yaml").read_text(encoding="utf-8"))
    states = [t["id"] for t in yaml.safe_load(
        (root / "content/vocabularies/target_states.yaml").read_text(encoding="utf-8"))["terms"]]
    categories = yaml.safe_load((root / "content/vocabularies/categories.yaml").read_text(encoding="utf-8"))
    labels = {t["id"]: t["label"] for t in categories["terms"]}
    page = BeautifulSoup((built_site / "districts/sample-district-worksheet/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    items = {a["href"].split("#r-")[1]: a.find_parent("span") for a in page.select(".atlas-ws-item a")}
    covered = set()
    for r in data["resources"]:
        span = items[r["id"]]
        assert span["data-category"] == r["category"], r["id"]
        assert span["data-states"].split() == [s for s in states if s in r["target_states"]], r["id"]
        covered |= {(r["category"], s) for s in r["target_states"]}
    assert len(items) == len(data["resources"])
    expected_gaps = {(c, s) for c in labels for s in states} - covered
    shown = {(gap.find_parent("div", class_="atlas-ws-row").find_previous_sibling("div")["id"][3:],
              gap["data-state"]) for gap in page.select(".atlas-ws-gap")}
    assert shown == expected_gaps and expected_gaps, shown
    summary = page.select_one(".atlas-gap-summary").text
    assert f"（{len(expected_gaps)} か所）" in summary
    for category, state in expected_gaps:
        assert f"{labels[category]} × " in summary, (category, state)
