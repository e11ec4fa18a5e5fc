"""Worksheet and check-sheet pages, and the list of PDFs the build prints from them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.model import Atlas, Case, Checksheet, District
from .env import render, script_json
from .qr import page_qr
from .worksheet import build_grid, district_entries

INSTRUCTIONS = (
    "行（資源の種類）ごとに、地域にある活動・サービス・場を書き出します。",
    "その資源がどの状態像（元気・虚弱・要介護に近い）の人に向いているかで、左右の位置を決めます。複数の状態にまたがってもかまいません。",
    "書き出したら、空いている欄（当てはまる資源がない状態像）を確かめ、足りない資源について話し合います。",
)
# Printing (sheets.css): a district worksheet of up to PRINT_ONE_PAGE[paper] resources fits one
# sheet of that paper, landscape (tests/test_sheets.py prints such lists spread over the rows
# and crowded in one); from COMPACT_FROM resources on it is printed in smaller type. A longer
# list goes on to further sheets, the header row repeated and no row split.
PRINT_ONE_PAGE = {"a3": 60, "a4": 40}
COMPACT_FROM = 31
PRINT_NOTE = (f"資源が A3 横で {PRINT_ONE_PAGE['a3']} 件、A4 横で {PRINT_ONE_PAGE['a4']} 件までなら1枚に収まります。"
              "それより多いときは2枚目以降に続きます（表の見出しの行はどのページにも入ります）。")
# Index pages list every district only while the list stays short (see pages.districts_page).
LIST_DISTRICTS_UP_TO = 60

LEAD = ("地域の資源を地図に落とし込むマッピング以外に、高齢者の心身の状態像に応じたものが"
        "どんな形で地域に存在しているか、書き出してみましょう。")


@dataclass(frozen=True)
class PrintJob:
    """One PDF the build prints: page (site-relative URL), output path, paper size, and what
    the page's address adds after its paper (pdf.PAPER): "&pack=1" prints a district's workshop pack."""

    page: str
    pdf: str
    paper: str  # "a3-landscape" | "a4-landscape" | "a4"
    query: str = ""


def _pdf(atlas: Atlas, href: str) -> str:
    """The link to a printed PDF, or "" when this build prints none (preview, ATLAS_PDF=0)."""
    return href if atlas.settings.get("pdf", True) else ""


def district_pdfs(atlas: Atlas) -> bool:
    """Per-district worksheet PDFs are printed only up to `district_pdfs_up_to` districts
    (settings.yaml): each takes Chromium ~0.6 s, so 10,000 districts would take hours.
    Above that, the page's own A3/A4 print buttons print the same sheet from the browser."""
    return bool(atlas.settings.get("pdf", True)) and \
        len(atlas.districts) <= int(atlas.settings["district_pdfs_up_to"])


def _axes(atlas: Atlas):
    return atlas.vocab("categories").ordered(), atlas.vocab("target_states").ordered()


def row_cases(atlas: Atlas) -> list[dict]:
    """Each worksheet row and the cases content/gap_links.yaml ties to it, for the worksheet
    pages (on screen, under the sheet): [{term, cases: [{title, suffix, path, states}]}]."""
    out = []
    for term in atlas.vocab("categories").ordered():
        cases: list[dict] = []
        for tie in atlas.gap_links.ties:
            if tie.category.id != term.id:
                continue
            states = "・".join(s.label for s in tie.states)
            entry = next((c for c in cases if c["path"] == f"cases/{tie.case.id}/"), None)
            if entry is None:
                cases.append({"title": tie.case.title, "suffix": _place_suffix(tie.case),
                              "path": f"cases/{tie.case.id}/", "states": states})
            elif not states or not entry["states"]:
                entry["states"] = ""  # one tie for the whole row covers every state
            else:
                entry["states"] += "・" + states
        out.append({"term": term, "cases": cases})
    return out


def blank_worksheet_page(atlas: Atlas) -> str:
    categories, states = _axes(atlas)
    return render("worksheet.md.j2", title="わがまちの地域の資源を書き出してみよう", lead=LEAD,
                  instructions=INSTRUCTIONS, rows=build_grid([], categories, states), states=states,
                  row_cases=row_cases(atlas), note="", source=_source_of_example(atlas), print_note="",
                  assets="../../assets", qr=page_qr(atlas.settings, "worksheets/blank/"),
                  pdf_a3=_pdf(atlas, "../../pdf/worksheet-blank-a3.pdf"),
                  pdf_a4=_pdf(atlas, "../../pdf/worksheet-blank-a4.pdf"))


def _source_of_example(atlas: Atlas):
    return atlas.worksheets[0].source if atlas.worksheets else None


def example_worksheet_page(atlas: Atlas, index: int = 0) -> str:
    categories, states = _axes(atlas)
    w = atlas.worksheets[index]
    note = w.placement_note if w.placement == "reconstructed" else ""
    return render("worksheet.md.j2", title=w.title, lead=w.description, instructions=(),
                  rows=build_grid(w.entries, categories, states), states=states, row_cases=row_cases(atlas),
                  note=note, source=w.source, print_note="", assets="../../assets",
                  qr=page_qr(atlas.settings, f"worksheets/{w.id}/"),
                  pdf_a3=_pdf(atlas, f"../../pdf/worksheet-{w.id}-a3.pdf"),
                  pdf_a4=_pdf(atlas, f"../../pdf/worksheet-{w.id}-a4.pdf"))


def district_gaps(district: District, atlas: Atlas) -> list[tuple]:
    categories, states = _axes(atlas)
    rows = build_grid(district_entries(district, ""), categories, states)
    return [(row.term, state) for row in rows for state in row.gaps]


def district_sheet(district: District, atlas: Atlas) -> dict:
    """The worksheet part of a district page (district.md.j2): what does not depend on the
    grid. The grid and the list of gaps are built in the browser from the page's record
    (assets/district.js, the same rows, lanes and gaps as `district_grid_html`)."""
    m = district.municipality
    return {"title": f"{district.name}の地域の資源（ワークシート）",
            "lead": f"{m.prefecture}{m.name} {district.name}に登録されている資源を、ワークシートの形に並べました。"
                    "空いている欄は、まだ資源が登録されていない組み合わせです。",
            "compact": len(district.resources) >= COMPACT_FROM, "print_note": PRINT_NOTE,
            "pdf_a3": f"../../pdf/worksheet-{district.id}-a3.pdf" if district_pdfs(atlas) else "",
            "pack_pdf": f"../../pdf/workshop-{district.id}-a4.pdf" if district_pdfs(atlas) else ""}


def _cite(ref, most: int = 40) -> str:
    """A source short enough for one printed line of the workshop pack: publisher「title」, the
    title cut at `most` characters (the case's page, a QR code away, cites it in full)."""
    title = ref.document.title
    return f"{ref.document.publisher}「{title if len(title) <= most else title[:most - 1] + '…'}」"


def _place_suffix(case: Case) -> str:
    """「（place）」 after a case's title, unless the title names the place already (its
    name before any 「（…）」 note: 池田町（北海道）, アンケート調査回答自治体（出典に名称なし）)."""
    place = case.place_label or "・".join(m.name for m in case.municipalities)
    return f"（{place}）" if place and place.split("（")[0] not in case.title else ""


def gap_links_data(atlas: Atlas) -> dict:
    """What the gaps of a district's worksheet link to (content/gap_links.yaml), as GAP_LINKS
    carries it (read by assets/district.js): the tied cases ([title, place suffix, site path]),
    each row's ties ([case index, state ids; none: every state], the source of the case's fact
    the tie rests on) and the check-sheet topics ([label, [[section title, item text, site path,
    sheet title]]]); the workshop pack prints the sources and sheet titles."""
    cases: list[list] = []
    index: dict[str, int] = {}
    rows: dict[str, list] = {}
    for tie in atlas.gap_links.ties:
        c = tie.case
        if c.id not in index:
            index[c.id] = len(cases)
            cases.append([c.title, _place_suffix(c), f"cases/{c.id}/"])
        rows.setdefault(tie.category.id, []).append([index[c.id], [s.id for s in tie.states], _cite(tie.fact.source)])
    topics = [[t.label, [[p.section.title, p.item.text, f"checksheets/{p.checksheet.id}/#item-{p.item.id}",
                          p.checksheet.title] for p in t.points]] for t in atlas.gap_links.topics]
    return {"cases": cases, "rows": rows, "topics": topics}


# The gap links are the same for every district: one file for the site, which each district
# page loads with a <script src> before district.js (a classic script setting a global works
# from file:// too, where a page may not fetch a local JSON file). In every page it was 6.5 KB,
# 68 MB of a nation-size site.
GAP_LINKS = "worksheets/gap-links.js"


def gap_links_files(atlas: Atlas) -> dict[str, str]:
    """GAP_LINKS: `window.ATLAS_GAP_LINKS` = gap_links_data (script_json: no "<", U+2028 or
    U+2029 of a case's title or a topic's label reaches the script as itself)."""
    return {GAP_LINKS: f"window.ATLAS_GAP_LINKS={script_json(gap_links_data(atlas))};\n"}


def district_grid_html(district: District, atlas: Atlas) -> str:
    """The gap summary and grid of a district's worksheet as the templates render them: what
    assets/district.js must build in the browser (tests compare the two). Each gap lists the
    cases tied to its row and state (GapLinks.cases_for), or says there is none yet."""
    categories, states = _axes(atlas)
    rows = build_grid(district_entries(district, ""), categories, states)
    gaps = [{"term": row.term, "state": state,
             "cases": [{"title": c.title, "suffix": _place_suffix(c), "path": f"cases/{c.id}/"}
                       for c in atlas.gap_links.cases_for(row.term.id, state.id)]}
            for row in rows for state in row.gaps]
    counts = {f"{g['term'].id}/{g['state'].id}": len(g["cases"]) for g in gaps}
    topics = [{"label": t.label, "points": [{"section": p.section.title, "text": p.item.text,
                                             "path": f"checksheets/{p.checksheet.id}/#item-{p.item.id}"}
                                            for p in t.points]} for t in atlas.gap_links.topics]
    return render("_district_grid.j2", rows=rows, states=states, gaps=gaps, counts=counts, topics=topics,
                  qr=page_qr(atlas.settings, f"districts/{district.id}/"))


def examples_by_checkpoint(cases: list[Case]) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for case in cases:
        for t in case.checkpoints:
            out.setdefault(t.id, []).append(case)
    return out


def checksheet_page(sheet: Checksheet, atlas: Atlas) -> str:
    return render("checksheet.md.j2", sheet=sheet, examples=examples_by_checkpoint(atlas.cases),
                  cases="../../cases/", pdf=_pdf(atlas, f"../../pdf/checksheet-{sheet.id}.pdf"),
                  assets="../../assets", qr=page_qr(atlas.settings, f"checksheets/{sheet.id}/"))


def sheets_index_page(atlas: Atlas) -> str:
    return render("sheets_index.md.j2", worksheets=atlas.worksheets, checksheets=atlas.checksheets,
                  districts=atlas.districts, list_districts=len(atlas.districts) <= LIST_DISTRICTS_UP_TO)


def sheet_pages(atlas: Atlas) -> dict[str, str]:
    pages = {"worksheets/index.md": sheets_index_page(atlas),
             "worksheets/blank.md": blank_worksheet_page(atlas)}
    for i, w in enumerate(atlas.worksheets):
        pages[f"worksheets/{w.id}.md"] = example_worksheet_page(atlas, i)
    for sheet in atlas.checksheets:
        pages[f"checksheets/{sheet.id}.md"] = checksheet_page(sheet, atlas)
    return pages


def print_jobs(atlas: Atlas) -> list[PrintJob]:
    jobs = [PrintJob("worksheets/blank/", "pdf/worksheet-blank-a3.pdf", "a3-landscape"),
            PrintJob("worksheets/blank/", "pdf/worksheet-blank-a4.pdf", "a4-landscape")]
    for w in atlas.worksheets:
        jobs.append(PrintJob(f"worksheets/{w.id}/", f"pdf/worksheet-{w.id}-a3.pdf", "a3-landscape"))
        jobs.append(PrintJob(f"worksheets/{w.id}/", f"pdf/worksheet-{w.id}-a4.pdf", "a4-landscape"))
    for d in atlas.districts if district_pdfs(atlas) else ():
        jobs.append(PrintJob(f"districts/{d.id}/", f"pdf/worksheet-{d.id}-a3.pdf", "a3-landscape"))
        # the workshop pack on A4 (office printers); its page prints it on A3 too, from the browser
        jobs.append(PrintJob(f"districts/{d.id}/", f"pdf/workshop-{d.id}-a4.pdf", "a4-landscape", "&pack=1"))
    for sheet in atlas.checksheets:
        jobs.append(PrintJob(f"checksheets/{sheet.id}/", f"pdf/checksheet-{sheet.id}.pdf", "a4"))
    return jobs
