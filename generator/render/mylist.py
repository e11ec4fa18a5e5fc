"""「マイリスト」: resources a person picks on district pages, with a note each, printed on
one A4 sheet to hand over or take to a meeting. The list lives in the browser only; this
module writes the details the list page shows (name, address, schedule, contact)."""

from __future__ import annotations

from ..model import District
from ..schedule import schedule_text
from .env import script_json


def mylist_entries(d: District) -> dict:
    """id → what the マイリスト page shows, for one district's resources."""
    m = d.municipality
    out = {}
    for r in d.resources:
        contact = ""
        if r.contact:
            contact = " ".join(filter(None, [r.contact.organisation, r.contact.phone, r.contact.email]))
        out[f"{d.id}/{r.id}"] = {
            "n": r.name, "c": r.category.label, "a": r.address, "s": schedule_text(r.schedule),
            "t": contact, "p": f"districts/{d.id}/#r-{r.id}",
            "d": f"{m.prefecture}{m.name} {d.name}", "x": 1 if d.demo else 0,
        }
    return out


def mylist_files(d: District) -> dict[str, str]:
    """One small script per district (mylist/<district>.js): the マイリスト page loads only
    the districts its list holds, not every resource of the site (30 MB at national size)."""
    body = script_json(mylist_entries(d), sort_keys=True)
    return {f"mylist/{d.id}.js": f"(function(r,d){{for(var k in d){{r[k]=d[k];}}}})"
                                 f"(window.ATLAS_RESOURCES=window.ATLAS_RESOURCES||{{}},{body});\n"}
