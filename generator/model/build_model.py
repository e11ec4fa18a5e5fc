"""Stage 3: validated dicts → model dataclasses. Assumes every rule has passed."""

from __future__ import annotations

from ..check.gap_links import build_gap_links
from ..check.load import Document
from . import municipalities
from .model import (
    Atlas,
    Case,
    CheckExample,
    CheckItem,
    CheckSection,
    Checksheet,
    Contact,
    Dataset,
    DataSource,
    District,
    Event,
    Fact,
    Figure,
    GapLinks,
    Location,
    Place,
    Provenance,
    Quote,
    Resource,
    Schedule,
    Series,
    Source,
    SourceDocument,
    SourceRef,
    Stakeholder,
    Term,
    Vocabulary,
    Worksheet,
    WorksheetEntry,
)
from .privacy import public_address, public_location


def build_vocabulary(data: dict) -> Vocabulary:
    terms = [Term(t["id"], t["label"], t.get("order", 0), t.get("step"), t.get("description", ""),
                  t.get("color", "#3366cc"))
             for t in data["terms"]]
    steps = {s["step"]: s["label"] for s in data.get("steps", [])}
    return Vocabulary(data["vocabulary"], data["label"], terms, steps, data.get("source"))


def build_vocabularies(vocab_docs: list[Document]) -> dict[str, Vocabulary]:
    return {d.data["vocabulary"]: build_vocabulary(d.data) for d in vocab_docs}


def _location(data: dict | None) -> Location | None:
    """The location as it may be published (privacy.py): the model never holds more."""
    if not data:
        return None
    return public_location(Location(data.get("lat"), data.get("lon"), data["precision"]))


def build_case(doc: Document, vocab: dict[str, Vocabulary],
               documents: dict[str, SourceDocument]) -> Case:
    d = doc.data
    dataset = municipalities.load()
    sources = [Source(s["id"], documents[s["document"]], s["locator"], n)
               for n, s in enumerate(d["sources"], start=1)]
    by_id = {s.id: s for s in sources}

    def facts(name: str) -> list[Fact]:
        return [Fact(f["text"], by_id[f["source"]]) for f in d.get(name, [])]

    def terms(name: str, vocab_name: str) -> list[Term]:
        return [vocab[vocab_name].by_id[t] for t in d.get(name, [])]

    munis = [dataset[m["code"]] for m in d["municipalities"]]
    return Case(
        id=d["id"], path=doc.path, title=d["title"], summary=d["summary"],
        attribution=d["attribution"],
        place_label=d.get("place_label") or "・".join(m.name for m in munis) or "不明",
        municipalities=munis,
        themes=terms("themes", "themes"), checkpoints=terms("checkpoints", "checkpoints"),
        context=facts("context"), challenge=facts("challenge"), actions=facts("actions"),
        outcomes=facts("outcomes"),
        figures=[Figure(f["label"], f["value"], f.get("unit", ""), by_id[f["source"]],
                        f.get("as_of", ""), f.get("as_of_label", ""), f.get("note", ""))
                 for f in d.get("figures", [])],
        stakeholders=[Stakeholder(s["name"], by_id[s["source"]], s.get("side", ""), s.get("role", ""))
                      for s in d.get("stakeholders", [])],
        timeline=[Event(e["label"], by_id[e["source"]], e.get("date", ""), e.get("date_label", ""),
                        e.get("stage", ""))
                  for e in d.get("timeline", [])],
        quotes=[Quote(q["text"], q["speaker_role"], by_id[q["source"]]) for q in d.get("quotes", [])],
        places=[Place(p["name"], by_id[p["source"]], p.get("description", ""),
                      _location(p.get("location")))
                for p in d.get("places", [])],
        sources=sources, last_reviewed=d["last_reviewed"], text=doc.text,
    )


def build_resource(r: dict, vocab: dict[str, Vocabulary]) -> Resource:
    def term(vocab_name: str, key: str) -> Term | None:
        return vocab[vocab_name].by_id[r[key]] if key in r else None

    schedule = r.get("schedule")
    contact = r.get("contact")
    location = _location(r.get("location"))
    private = location is not None and location.precision in ("approximate", "hidden")
    return Resource(
        id=r["id"], name=r["name"],
        category=vocab["categories"].by_id[r["category"]],
        target_states=[vocab["target_states"].by_id[t] for t in r["target_states"]],
        activity_types=[vocab["activity_types"].by_id[t] for t in r.get("activity_types", [])],
        last_verified=r.get("last_verified", ""),  # "" = unknown (確認日不明)
        operator_type=term("operator_types", "operator_type"),
        service_type=term("service_types", "service_type"),
        description=r.get("description", ""),
        schedule=Schedule(schedule["text"], tuple(schedule.get("rules", ())), schedule.get("notes", ""))
        if schedule else None,
        address=public_address(r.get("address", ""), location),
        location=location,
        contact=Contact(contact["organisation"], contact.get("phone", ""), contact.get("email", ""))
        if contact else None,
        url=r.get("url", ""),
        source_fields=() if private else tuple((f["label"], f["value"]) for f in r.get("source_fields", ())),
    )


def build_district(doc: Document, vocab: dict[str, Vocabulary], sources: dict[str, DataSource] | None = None
                   ) -> District:
    d = doc.data
    provenance = Provenance((sources or {})[d["source"]["id"]], d["source"].get("as_of", "")) \
        if d.get("source") else None
    return District(
        id=d["id"], path=doc.path, name=d["name"], layer=vocab["layers"].by_id[d["layer"]],
        municipality=municipalities.load()[d["municipality"]["code"]],
        demo=bool(d.get("demo", False)), description=d.get("description", ""),
        maintainer=d.get("maintainer", ""), last_reviewed=d.get("last_reviewed", ""),
        resources=[build_resource(r, vocab) for r in d["resources"]],
        maintainer_contact=Contact(d.get("maintainer", ""), **d["maintainer_contact"])
        if d.get("maintainer_contact") else None,
        source=doc.digest, provenance=provenance,
    )


def build_datasets(doc: Document | None, documents: dict[str, SourceDocument]) -> list[Dataset]:
    if doc is None:
        return []
    return [
        Dataset(d["id"], d["title"], d.get("x_label", ""), d.get("note", ""),
                tuple(Series(s["name"], s["unit"], tuple((p["label"], p["value"]) for p in s["points"]),
                             s.get("note", ""))
                      for s in d["series"]),
                documents[d["source"]["document"]], d["source"]["locator"])
        for d in doc.data["datasets"]
    ]


def _ref(data: dict, documents: dict[str, SourceDocument]) -> SourceRef:
    return SourceRef(documents[data["document"]], data["locator"])


def build_worksheet(doc: Document, vocab: dict[str, Vocabulary],
                    documents: dict[str, SourceDocument]) -> Worksheet:
    d = doc.data
    entries = [WorksheetEntry(e["label"], vocab["categories"].by_id[e["category"]],
                              tuple(vocab["target_states"].by_id[s] for s in e["states"]))
               for e in d["entries"]]
    return Worksheet(d["id"], d["title"], d.get("description", ""), _ref(d["source"], documents),
                     d["placement"], d.get("placement_note", ""), entries)


def build_checksheet(doc: Document, vocab: dict[str, Vocabulary],
                     documents: dict[str, SourceDocument]) -> Checksheet:
    d = doc.data
    default = _ref(d["source"], documents)
    sections = []
    for s in d["sections"]:
        section_source = _ref(s["source"], documents) if "source" in s else default
        sections.append(CheckSection(
            id=s["id"], title=s["title"], source=section_source,
            items=[CheckItem(i["id"], i["text"], _ref(i["source"], documents) if "source" in i else section_source,
                             i.get("label", "")) for i in s["items"]],
            checkpoint=vocab["checkpoints"].by_id[s["checkpoint"]] if "checkpoint" in s else None,
            note=s.get("note", ""),
            examples=[CheckExample(e["title"], _ref(e["source"], documents), e.get("text", ""))
                      for e in s.get("examples", [])],
        ))
    return Checksheet(d["id"], d["title"], d["audience"], d.get("description", ""), d.get("order", 99),
                      default, sections, d["last_reviewed"])


def build_atlas(vocab_docs: list[Document], doc_docs: list[Document], case_docs: list[Document],
                district_docs: list[Document], settings: dict, stats_doc: Document | None = None,
                worksheet_docs: list[Document] = (), checksheet_docs: list[Document] = (),
                gap_doc: Document | None = None, sources: dict[str, DataSource] | None = None,
                vocab: dict[str, Vocabulary] | None = None, districts: list[District] | None = None) -> Atlas:
    """The Atlas of the validated files. `vocab` and `districts`: made already of those files
    (validate.py builds each District as its file arrives from the parsing workers), with
    `vocab` and `sources`."""
    vocab = build_vocabularies(vocab_docs) if vocab is None else vocab
    documents = {x["id"]: SourceDocument(x["id"], x["title"], x["publisher"], x.get("date"),
                                         x.get("date_label", ""), x.get("url", ""),
                                         x.get("note", ""), x.get("seed", ""))
                 for doc in doc_docs for x in doc.data["documents"]}
    cases = sorted((build_case(d, vocab, documents) for d in case_docs), key=lambda c: c.id)
    districts = sorted(districts if districts is not None else (build_district(d, vocab, sources)
                                                                for d in district_docs), key=lambda d: d.id)
    worksheets = sorted((build_worksheet(d, vocab, documents) for d in worksheet_docs), key=lambda w: w.id)
    checksheets = sorted((build_checksheet(d, vocab, documents) for d in checksheet_docs),
                         key=lambda c: (c.order, c.id))
    gaps = build_gap_links(gap_doc, cases, checksheets, vocab) if gap_doc is not None else GapLinks()
    return Atlas(cases, districts, vocab, documents, settings, build_datasets(stats_doc, documents),
                 worksheets, checksheets, gaps, list((sources or {}).values()))
