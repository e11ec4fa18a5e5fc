"""Markdown page sources for MkDocs: home, case catalog, case pages, districts, taxonomy.

Contributor text only ever reaches a page through autoescaped Jinja2 inside raw
HTML blocks, so Markdown never interprets it (no Markdown links or HTML from YAML).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from itertools import groupby

from markupsafe import Markup

from ..model.freshness import district_freshness, reference_date
from ..model.model import Atlas, Case, District
from .charts import bar_chart, format_value
from .editor_record import case_file, case_record, district_record
from .env import environment, render, script_json
from .exports import ALL_ZIP
from .mapdata import cases_by_municipality, place_groups, vocab_tables
from .maps import DISTRICT
from .offline import ZIP_PATH, zip_wanted
from .qr import page_qr
from .report import report_href
from .resource_table import resource_list, resource_rows
from .sheets import GAP_LINKS, LIST_DISTRICTS_UP_TO, district_sheet, sheet_pages

DEMO_SUFFIX = "（サンプル・架空のデータ）"


def _front_matter_str(value: str) -> Markup:
    """A front-matter value: HTML-escaped, then a double-quoted YAML scalar.

    Material for MkDocs writes page.title and page.meta.description into the HTML
    without escaping (<title>, the header, <meta content>), so contributor text is
    escaped here, before MkDocs sees it. JSON strings are valid YAML."""
    return Markup(json.dumps(html.escape(str(value), quote=True), ensure_ascii=False))


environment().filters["json_str"] = _front_matter_str


# Municipality size classes by population (only where a case's source gives the population).
SIZE_CLASSES = ((10_000, "pop-lt-10k", "人口1万人未満"), (50_000, "pop-10k-50k", "人口1万〜5万人"),
                (200_000, "pop-50k-200k", "人口5万〜20万人"), (float("inf"), "pop-200k-plus", "人口20万人以上"))
SIZE_UNKNOWN = ("pop-unknown", "人口の記載なし")


def population(case: Case):
    """The case's population figure, if its source gives one."""
    return next((f for f in case.figures if f.label.startswith("人口") and f.unit == "人"), None)


def size_class(case: Case) -> tuple[str, str]:
    figure = population(case)
    if figure is None:
        return SIZE_UNKNOWN
    return next((cid, label) for limit, cid, label in SIZE_CLASSES if figure.value < limit)


def related_cases(case: Case, cases: list[Case], limit: int = 3) -> list[Case]:
    """Other cases sharing the most themes with `case` (ties broken by id)."""
    mine = {t.id for t in case.themes}
    scored = [(-len(mine & {t.id for t in c.themes}), c.id, c) for c in cases if c.id != case.id]
    return [c for score, _, c in sorted(scored, key=lambda x: x[:2]) if score < 0][:limit]


# (anchor, heading, Case field) of a case page's sections, in page order
CASE_SECTIONS = (("place", "どんな地域か", "context"), ("figures", "数字で見る", "figures"),
                 ("challenge", "課題・きっかけ", "challenge"), ("actions", "取り組んだこと", "actions"),
                 ("stakeholders", "関わった人・組織", "stakeholders"), ("outcomes", "成果・変化", "outcomes"),
                 ("quotes", "関係者の言葉", "quotes"), ("timeline", "経過", "timeline"),
                 ("places", "活動の場所", "places"),
                 ("checkpoints", "この事例が示す地域づくりのポイント", "checkpoints"))


def case_page(case: Case, atlas: Atlas) -> str:
    area = next((f for f in case.figures if f.label.startswith("面積")), None)
    report = report_href(atlas.settings, f"case:{case.id}", f"cases/{case.id}/", case.title)
    related = related_cases(case, atlas.cases)
    sections = [(anchor, label) for anchor, label, field in CASE_SECTIONS if getattr(case, field)]
    sections += ([("related", "関連する事例")] if related else []) + [("sources", "出典")]
    return render("case.md.j2", case=case, related=related, report=report, sections=sections,
                  population=population(case), area=area, size=size_class(case)[1],
                  map_src=f"../../maps/case-{case.id}.html" if case.municipalities else "",
                  record_json=Markup(script_json(case_record(case))), file_json=Markup(script_json(case_file(case))),
                  links={"taxonomy": "../../taxonomy/", "catalog": "../"})


_DISTRICT_OPTIONS = json.loads(DISTRICT.options)  # the district map's, as JSON in its data (read only)


def district_page(district: District, atlas: Atlas) -> str:
    """One page holds everything a district has: its resources, their map (Leaflet in the
    page, from the compact point data), its worksheet (built in the browser from the
    record, printed by its A3/A4 buttons) and, through its municipality's rows script,
    the CSV/GeoJSON of what is shown. The record (`atlas-record`, the editor's) is the one
    copy of the resources' data in the page."""
    # the map's tables and options; its points are made from the record in the browser
    # (district.js: as mapdata.points_data(detail=True), 「くわしく見る」 to "#r-<id>"), and
    # its places of several resources, if any, as [[resource id, service label]] ("g" by id)
    tables, order, _ = vocab_tables(atlas)  # order: the categories' index by id
    resources = sorted(district.resources, key=lambda r: (order[r.category.id], r.name))
    groups = [{"term": term, "resources": list(rs)}
              for term, rs in groupby(resources, key=lambda r: r.category)]
    precisions = [r.location.precision if r.location else "none" for r in district.resources]
    fresh = district_freshness(district, int(atlas.settings.get("stale_after_months", 12)), reference_date())
    m = district.municipality
    places = [[[r.id, label] for r, label in group] for group in place_groups(district)]
    reports = {r.id: report_href(atlas.settings, f"{district.id}/{r.id}", f"districts/{district.id}/#r-{r.id}",
                                 r.name) for r in district.resources}
    return render(
        "district.md.j2", district=district, demo_suffix=DEMO_SUFFIX, fresh=fresh,
        resource_rows=resource_rows(groups, reports, {r.id: what_to_bring(r) for r in district.resources}, fresh),
        report_form=report_href(atlas.settings, district.id, f"districts/{district.id}/", district.name),
        record_json=Markup(script_json(district_record(district))),
        map_json=Markup(script_json({"center": [m.lat, m.lon], "options": _DISTRICT_OPTIONS,
                                     "c": tables["c"], "s": tables["s"], **({"g": places} if places else {})})),
        downloads={"all": f"../../{ALL_ZIP}"},
        mapped=sum(1 for r in district.resources if r.location and r.location.mappable),
        approximate=precisions.count("approximate"), hidden=precisions.count("hidden"),
        sheet=district_sheet(district, atlas),
        gap_links=f"../../{GAP_LINKS}",
        qr=page_qr(atlas.settings, f"districts/{district.id}/"),
    )


# 「持ち物」 on paper (printed lists): the schema has no field of its own for it; an imported
# list's column of that name is kept as a source field (「元の一覧の項目」). assets/mylist.js
# reads the same labels from the rows' 「元の一覧の項目」.
BRING_LABEL = re.compile(r"持ち物|持参")


def what_to_bring(resource) -> str:
    """What to bring, when a source field says it (「持ち物」「持参するもの」…), else ""."""
    return "／".join(value for label, value in resource.source_fields if BRING_LABEL.search(label) and value)


def _options(pairs) -> list[tuple[str, str]]:
    """Unique (value, label) pairs in first-seen order."""
    return list(dict.fromkeys(pairs))


def catalog_page(atlas: Atlas) -> str:
    cases = sorted(atlas.cases, key=lambda c: (c.municipalities[0].code if c.municipalities else "999999", c.id))
    rows = [{"case": c, "size": size_class(c)} for c in cases]
    vocab_order = {name: {t.id: i for i, t in enumerate(atlas.vocab(name).terms)}
                   for name in ("themes", "checkpoints")}
    themes = sorted(_options((t.id, t.label) for c in cases for t in c.themes),
                    key=lambda t: vocab_order["themes"][t[0]])
    steps = sorted(_options((t.id, f"STEP {t.id} {t.label}") for c in cases for t in c.checkpoints),
                   key=lambda t: vocab_order["checkpoints"][t[0]])
    prefs = _options((c.prefecture, c.prefecture) for c in cases if c.prefecture)
    order = [cid for _, cid, _ in SIZE_CLASSES] + [SIZE_UNKNOWN[0]]
    sizes = sorted(_options(r["size"] for r in rows), key=lambda s: order.index(s[0]))
    return render("catalog.md.j2", rows=rows, filters=[
        ("pref", "都道府県", prefs), ("theme", "テーマ", themes),
        ("step", "地域づくりのポイント", steps), ("size", "人口規模", sizes)])


def cases_map_page(atlas: Atlas) -> str:
    places = cases_by_municipality(atlas.cases)  # the map's markers, listed beside it
    return render("cases_map.md.j2", n_munis=len(places), n_cases=sum(1 for c in atlas.cases if c.municipalities),
                  places=places,
                  unplaced=[c for c in atlas.cases if not c.municipalities])


def by_municipality(atlas: Atlas) -> list[tuple]:
    """[(municipality, [districts])] in code order."""
    groups: dict[str, list[District]] = defaultdict(list)
    for d in sorted(atlas.districts, key=lambda d: (d.municipality.code, d.name)):
        groups[d.municipality.code].append(d)
    return [(ds[0].municipality, ds) for _, ds in sorted(groups.items())]


def municipality_page(muni, districts: list[District]) -> str:
    resources = [r for d in districts for r in d.resources]
    hidden = sum(1 for r in resources if not (r.location and r.location.mappable))
    centre = (muni.lat, muni.lon, f"{muni.name}の役所・役場の近く") if muni.lat is not None and muni.lon is not None \
        else None
    # each district's resources by name, as Jinja's sort(attribute="name") (case ignored, stable)
    lists = {d.id: resource_list(d, sorted(d.resources, key=lambda r: r.name.lower())) for d in districts}
    return render("municipality.md.j2", muni=muni, districts=districts, total=len(resources), hidden=hidden,
                  near_centre=centre, lists=lists,
                  demo=any(d.demo for d in districts), demo_suffix=DEMO_SUFFIX, provenances=provenances(districts))


def provenances(districts: list[District]) -> list[tuple]:
    """[(provenance, [names of the districts imported from it])] in the districts' order: a page
    that lists imported resources credits each dataset once (a list written in parts is one)."""
    found: dict[tuple, tuple] = {}
    for d in districts:
        if d.provenance:
            found.setdefault((d.provenance.source.id, d.provenance.as_of), (d.provenance, []))[1].append(d.name)
    return list(found.values())


# The district index lists districts, then municipalities, only while the list stays short;
# beyond that it lists prefectures, and each prefecture page its municipalities (the
# navigation and the index pages do not grow with the number of districts).
LIST_MUNICIPALITIES_UP_TO = 150


def by_prefecture(atlas: Atlas) -> list[tuple[str, str, list[tuple]]]:
    """[(prefecture code, prefecture name, [(municipality, [districts])])] in code order."""
    groups: dict[str, list[tuple]] = defaultdict(list)
    for muni, districts in by_municipality(atlas):
        groups[muni.prefecture_code].append((muni, districts))
    return [(code, munis[0][0].prefecture, munis) for code, munis in sorted(groups.items())]


def _counts(munis: list[tuple]) -> dict:
    districts = [d for _, ds in munis for d in ds]
    resources = [r for d in districts for r in d.resources]
    return {"municipalities": len(munis), "districts": len(districts), "resources": len(resources),
            "demo": any(d.demo for d in districts)}


def national_map_page(atlas: Atlas) -> str:
    rows = [(code, name, _counts(munis)) for code, name, munis in by_prefecture(atlas)]
    resources = [r for d in atlas.districts for r in d.resources]
    return render("national_map.md.j2", rows=rows, total=len(resources),
                  mapped=sum(1 for r in resources if r.location and r.location.mappable),
                  demo=any(d.demo for d in atlas.districts), sources=used_sources(atlas))


def districts_page(atlas: Atlas) -> str:
    prefectures = [(code, name, munis, _counts(munis)) for code, name, munis in by_prefecture(atlas)]
    return render("districts.md.j2", prefectures=prefectures,
                  list_districts=len(atlas.districts) <= LIST_DISTRICTS_UP_TO,
                  list_municipalities=sum(len(m) for _, _, m, _ in prefectures) <= LIST_MUNICIPALITIES_UP_TO)


def prefecture_page(code: str, name: str, munis: list[tuple]) -> str:
    rows = [(muni, districts, _counts([(muni, districts)])) for muni, districts in munis]
    return render("prefecture.md.j2", code=code, name=name, rows=rows, counts=_counts(munis),
                  demo_suffix=DEMO_SUFFIX)


def taxonomy_page(atlas: Atlas) -> str:
    examples: dict[str, list[Case]] = defaultdict(list)
    for case in atlas.cases:
        for t in case.checkpoints:
            examples[t.id].append(case)
    names = ("categories", "target_states", "activity_types", "operator_types", "service_types",
             "layers", "themes", "checkpoints")
    vocabularies = [atlas.vocabularies[n] for n in names if n in atlas.vocabularies]
    return render("taxonomy.md.j2", vocabularies=vocabularies, examples=examples,
                  links={"cases": "../cases/"})


def home_page(atlas: Atlas) -> str:
    prefectures = sorted({c.prefecture for c in atlas.cases if c.prefecture})
    return render("home.md.j2", n_cases=len(atlas.cases), n_districts=len(atlas.districts),
                  n_resources=sum(len(d.resources) for d in atlas.districts),
                  has_demo=any(d.demo for d in atlas.districts), prefectures=prefectures,
                  offline_zip=ZIP_PATH if zip_wanted(atlas) else "")


def data_page(atlas: Atlas) -> str:
    charts = {d.id: [bar_chart(s, f"{d.title}：{s.name}") for s in d.series] for d in atlas.datasets}
    return render("data.md.j2", datasets=atlas.datasets, charts=charts, format_value=format_value)


def used_sources(atlas: Atlas) -> list:
    """The registered source of every dataset a district was imported from, once each: pages that
    list resources from the whole atlas (national map, search results) credit each of them."""
    return list({d.provenance.source.id: d.provenance.source for d in atlas.districts if d.provenance}.values())


def render_registry(sources) -> str:
    """HTML: every registered dataset with its credit and licence (the about page's end)."""
    return str(environment().get_template("_provenance.j2").module.registry(sources))


def site_pages(atlas: Atlas) -> dict[str, str]:
    """Docs-relative path → Markdown source, for every page but the per-district and
    per-municipality ones."""
    pages = {
        "index.md": home_page(atlas),
        "cases/index.md": catalog_page(atlas),
        "cases/map.md": cases_map_page(atlas),
        "districts/index.md": districts_page(atlas),
        "taxonomy.md": taxonomy_page(atlas),
    }
    if atlas.datasets:
        pages["data.md"] = data_page(atlas)
    pages["search.md"] = render("search.md.j2", sources=used_sources(atlas))
    pages["mylist.md"] = render("mylist.md.j2", qr=page_qr(atlas.settings, "mylist/"))
    for case in atlas.cases:
        pages[f"cases/{case.id}.md"] = case_page(case, atlas)
    for code, name, munis in by_prefecture(atlas):
        pages[f"districts/p-{code}.md"] = prefecture_page(code, name, munis)
    pages["districts/map.md"] = national_map_page(atlas)
    pages.update(sheet_pages(atlas))
    return pages


def district_pages(district: District, atlas: Atlas) -> dict[str, str]:
    """The one page of a district (its worksheet is part of it)."""
    return {f"districts/{district.id}.md": district_page(district, atlas)}


def all_pages(atlas: Atlas) -> dict[str, str]:
    """Docs-relative path → Markdown source, every page."""
    pages = site_pages(atlas)
    for muni, districts in by_municipality(atlas):
        pages[f"districts/m-{muni.code}.md"] = municipality_page(muni, districts)
    for district in atlas.districts:
        pages.update(district_pages(district, atlas))
    return pages
