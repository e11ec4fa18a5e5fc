"""Japanese site search without a server: a compact index as a script file, matched in
the browser by substring (no word segmentation needed, so 「よっちはなそう会」 or
「認知症カフェ」 match as typed). A script file (not JSON) so it also works from file://."""

from __future__ import annotations

from ..model import Atlas, Case, District
from .env import script_json

KIND_CASE, KIND_DISTRICT, KIND_RESOURCE = "事例", "地区", "資源"


def _case_entry(case: Case) -> dict:
    place = f"{case.prefecture} {case.place_label}".strip()
    tags = " ".join(t.label for t in case.themes + case.checkpoints)
    text = " ".join(
        [case.summary]
        + [f.text for f in case.context + case.challenge + case.actions + case.outcomes]
        + [f"{f.label} {f.value_text}{f.unit}" for f in case.figures]
        + [f"{s.side} {s.name} {s.role}" for s in case.stakeholders]
        + [f"{e.date_label} {e.stage} {e.label}" for e in case.timeline]
        + [q.text for q in case.quotes]
        + [f"{p.name} {p.description}" for p in case.places]
    )
    return {"k": KIND_CASE, "u": f"cases/{case.id}/", "t": case.title, "p": place, "g": tags, "x": text}


def _district_entries(district: District) -> list[dict]:
    m = district.municipality
    demo = "サンプル（架空のデータ）" if district.demo else ""
    place = f"{m.prefecture} {m.name} {district.name}"
    entries = [{"k": KIND_DISTRICT, "u": f"districts/{district.id}/", "t": district.name,
                "p": f"{m.prefecture} {m.name}", "g": f"{district.layer.label} {demo}".strip(),
                "x": district.description}]
    for r in district.resources:
        tags = " ".join([r.category.label] + [t.label for t in r.target_states + r.activity_types]
                        + ([r.service_type.label] if r.service_type else []))
        text = " ".join(filter(None, [r.description, r.schedule.text if r.schedule else "", r.address, demo]))
        entries.append({"k": KIND_RESOURCE, "u": f"districts/{district.id}/#r-{r.id}", "t": r.name,
                        "p": place, "g": tags, "x": text})
    return entries


# Above this many resources the site-wide index lists cases and districts only, so the
# file a phone downloads stays small (each resource costs ~0.5 KB); resources are then
# found through their municipality and district pages.
MAX_INDEXED_RESOURCES = 5_000


def search_index(atlas: Atlas, max_resources: int = MAX_INDEXED_RESOURCES) -> list[dict]:
    entries = [_case_entry(c) for c in atlas.cases]
    with_resources = sum(len(d.resources) for d in atlas.districts) <= max_resources
    for d in atlas.districts:
        district_entries = _district_entries(d)
        entries.extend(district_entries if with_resources else district_entries[:1])
    return entries


def search_script(atlas: Atlas) -> str:
    """`window.ATLAS_SEARCH = [...]`, safe inside a <script src> (no `</script>` possible)."""
    return f"window.ATLAS_SEARCH={script_json(search_index(atlas), sort_keys=True)};\n"
