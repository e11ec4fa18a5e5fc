"""「マイリスト」: resources a person picks on district pages, with a note each, printed on
one A4 sheet to hand over or take to a meeting. The list lives in the browser only; this
module writes the details the list page shows (name, address, schedule, contact)."""

from __future__ import annotations

import json

from ..model import Atlas
from ..schedule import schedule_text


def mylist_index(atlas: Atlas) -> dict:
    out = {}
    for d in atlas.districts:
        m = d.municipality
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


def mylist_script(atlas: Atlas) -> str:
    body = json.dumps(mylist_index(atlas), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return "window.ATLAS_RESOURCES=" + body.replace("<", "\\u003c").replace("\u2028", "\\u2028") + ";\n"
