"""A district or case as the editor edits it: the record in the shape of its YAML file
(schema keys, vocabulary ids), made from the model, so it holds only what may be
published (privacy.py: `approximate` points rounded and addresses cut, `hidden` without
point or address). District and case pages carry it for 「この情報を直す」."""

from __future__ import annotations

import json

from ..check.load import parse
from ..model.model import Case, District, Location, Resource


def _location(location: Location | None) -> dict | None:
    if location is None:
        return None
    if not location.mappable:
        return {"precision": location.precision}
    return {"lat": location.lat, "lon": location.lon, "precision": location.precision}


def _set(out: dict, key: str, value) -> None:
    if value not in (None, "", [], {}):
        out[key] = value


def resource_record(r: Resource) -> dict:
    """(Every district page carries one for each of its resources: the optional fields are
    tested here as `_set` would, without a call per field.)"""
    out: dict = {"id": r.id, "name": r.name, "category": r.category.id,
                 "target_states": [t.id for t in r.target_states]}
    if r.activity_types:
        out["activity_types"] = [t.id for t in r.activity_types]
    if r.operator_type:
        _set(out, "operator_type", r.operator_type.id)
    if r.service_type:
        _set(out, "service_type", r.service_type.id)
    _set(out, "description", r.description)
    if r.schedule:
        schedule = {"text": r.schedule.text}
        if r.schedule.rules:
            schedule["rules"] = [dict(rule) for rule in r.schedule.rules]
        _set(schedule, "notes", r.schedule.notes)
        out["schedule"] = schedule
    _set(out, "address", r.address)
    if r.location is not None:
        out["location"] = _location(r.location)
    if r.contact:
        contact = {"organisation": r.contact.organisation}
        _set(contact, "phone", r.contact.phone)
        _set(contact, "email", r.contact.email)
        out["contact"] = contact
    _set(out, "url", r.url)
    if r.source_fields:
        out["source_fields"] = [{"label": label, "value": value} for label, value in r.source_fields]
    _set(out, "last_verified", r.last_verified)  # absent when unknown
    return out


def district_record(d: District) -> dict:
    m = d.municipality
    out: dict = {"id": d.id, "name": d.name, "layer": d.layer.id,
                 "municipality": {"code": m.code, "prefecture": m.prefecture, "name": m.name}}
    if d.demo:
        out["demo"] = True
    _set(out, "description", d.description)
    _set(out, "maintainer", d.maintainer)
    if d.maintainer_contact:
        contact: dict = {}
        for key in ("phone", "email", "url"):
            _set(contact, key, getattr(d.maintainer_contact, key))
        _set(out, "maintainer_contact", contact)
    if d.provenance:  # the registered source it was imported from: kept when the file is written back
        out["source"] = {"id": d.provenance.source.id, **({"as_of": d.provenance.as_of} if d.provenance.as_of else {})}
    _set(out, "last_reviewed", d.last_reviewed)
    out["resources"] = [resource_record(r) for r in d.resources]
    return out


def case_record(c: Case) -> dict:
    out: dict = {"id": c.id, "title": c.title, "summary": c.summary, "attribution": c.attribution}
    default_label = "・".join(m.name for m in c.municipalities) or "不明"
    if c.place_label != default_label:
        out["place_label"] = c.place_label
    out["municipalities"] = [{"code": m.code, "prefecture": m.prefecture, "name": m.name}
                             for m in c.municipalities]
    out["themes"] = [t.id for t in c.themes]
    out["checkpoints"] = [t.id for t in c.checkpoints]  # written even when empty, as new-case does
    for name in ("context", "challenge", "actions", "outcomes"):
        _set(out, name, [{"text": f.text, "source": f.source.id} for f in getattr(c, name)])
    figures = []
    for f in c.figures:
        item = {"label": f.label, "value": f.value, "unit": f.unit}
        _set(item, "as_of", f.as_of)
        _set(item, "as_of_label", f.as_of_label)
        _set(item, "note", f.note)
        item["source"] = f.source.id
        figures.append(item)
    _set(out, "figures", figures)
    stakeholders = []
    for s in c.stakeholders:
        item = {"name": s.name}
        _set(item, "side", s.side)
        _set(item, "role", s.role)
        item["source"] = s.source.id
        stakeholders.append(item)
    _set(out, "stakeholders", stakeholders)
    timeline = []
    for e in c.timeline:
        item = {}
        _set(item, "date", e.date)
        _set(item, "date_label", e.date_label)
        _set(item, "stage", e.stage)
        item["label"] = e.label
        item["source"] = e.source.id
        timeline.append(item)
    _set(out, "timeline", timeline)
    _set(out, "quotes", [{"text": q.text, "speaker_role": q.speaker_role, "source": q.source.id}
                         for q in c.quotes])
    places = []
    for p in c.places:
        item = {"name": p.name}
        _set(item, "description", p.description)
        _set(item, "location", _location(p.location))
        item["source"] = p.source.id
        places.append(item)
    _set(out, "places", places)
    out["sources"] = [{"id": s.id, "document": s.document.id, "locator": s.locator} for s in c.sources]
    out["last_reviewed"] = c.last_reviewed
    return out


def _differences(a, b, where: str = "") -> list[str]:
    """The fields (as validate names them: resources[0].name) where `a` and `b` differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in list(a) + [k for k in b if k not in a]:
            out += _differences(a.get(key), b.get(key), f"{where}.{key}" if where else str(key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{where}[{i}]")]
    return [] if json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False) else [where]


def case_file(case: Case) -> dict:
    """What 「この情報を直す」 needs to save the case's file as it was (byte for byte when nothing
    changed, comments kept; values changed in place, editor.js): {"text", "lines"} when the
    file holds exactly the record (the record is what the page publishes) and no place is
    approximate or hidden (a comment might say where); else {"comments": n, "differs":
    [fields]}, so the editor says before saving what it will not keep: the comment lines and
    the fields whose written value is not the page's."""
    if not case.text:
        return {}
    doc, problems = parse(case.text.encode("utf-8"), case.path)
    if doc is None or problems:
        return {}
    record = case_record(case)
    differs = _differences(doc.data, record)
    private = any(p.location is not None and p.location.precision != "exact" for p in case.places)
    if not differs and not private:
        # where each value stands (load.py's lines), so that a changed value is rewritten in place
        return {"text": case.text, "lines": [[list(where), line] for where, line in doc.lines.items() if where]}
    comments = sum(1 for line in case.text.splitlines() if line.lstrip().startswith("#"))
    return {"comments": comments, "differs": differs}
