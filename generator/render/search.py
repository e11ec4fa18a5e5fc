"""Japanese site search without a server: what is searched, as compact records.

Every case, district and place of resources is one document, numbered in a fixed order: the
cases, then each district followed by its places (so a district's places are one run of
numbers). A place is most often one resource; a facility listed once per service is one place
of several (places.py), found once and listing its services, each with its link.

The browser matches a query by substring over normalised text (NFKC, lower case, katakana as
hiragana; no word segmentation needed, so 「よっちはなそう会」 or 「認知症カフェ」 match as
typed) and ranks by where it is found (`site_templates/assets/search.js`).

Two ways to ship the documents (`search_files`):
- small sites: one script `search/atlas-index.js` with every document;
- larger ones (`search_shards.py`): the same records in chunk scripts, and an index of
  one- and two-character pieces that tells a query which chunks to load.
Both are scripts (never fetched JSON), so search also works from file://.

A document's fields as the browser rebuilds them: t (title), p (place), g (tags), x (text).
Resources do not repeat their district's place and demo label, nor their tag labels: a record
names its district (a header in the same chunk) and its tags (numbers into one label table).
Hidden and approximate resources carry only their public address (privacy.public_address):
none, or 町丁目 at most."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.model import Atlas, Case, District, Resource
from ..model.places import places, service_label
from ..model.privacy import public_address
from .env import script_json

KIND_CASE, KIND_DISTRICT, KIND_RESOURCE = 0, 1, 2
KIND_LABELS = ("事例", "地区", "資源")
DEMO_LABEL = "サンプル（架空のデータ）"

# The single-file index is used while it is at most this big (KB; `search_one_file_up_to_kb`
# in content/settings.yaml): the budget of one query, so a small site's search page never
# loads more than a query on a sharded site may.
ONE_FILE_UP_TO_KB = 300


@dataclass
class Doc:
    """One searchable document: its compact record and the text its numbers are found by."""

    kind: int
    record: list
    own: str                      # text found in this document itself
    shared: str = ""              # a district's: text its resources are found by too (place, demo label)
    tags: tuple[int, ...] = ()    # a resource's tag numbers
    district: int | None = None   # index in Atlas.districts (for the chunk's district headers)


@dataclass
class Corpus:
    docs: list[Doc]
    tags: list[str]               # tag labels, by number
    heads: list[list]             # district headers: [id, name, place, demo]
    spans: dict[int, int] = field(default_factory=dict)  # district doc number → its places


class _TagTable:
    def __init__(self) -> None:
        self.labels: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, label: str) -> int:
        if label not in self.index:
            self.index[label] = len(self.labels)
            self.labels.append(label)
        return self.index[label]


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _case_doc(case: Case) -> Doc:
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
    return Doc(KIND_CASE, [KIND_CASE, case.id, case.title, place, tags, text], _join(case.title, place, tags, text))


def _district_doc(head: list, description: str, layer: str, index: int, tag: _TagTable) -> Doc:
    """The district's document from its header ([id, name, place, demo]), description and
    layer label."""
    _, name, place, demo = head
    demo_label = DEMO_LABEL if demo else ""
    return Doc(KIND_DISTRICT, [KIND_DISTRICT, index, description, tag(layer)],
               _join(name, place, layer, demo_label, description), shared=_join(name, place, demo_label),
               district=index)


def _resource_doc(place: list[Resource]) -> tuple:
    """What one place's document is made of: its first resource's id and name, the text of
    its resources (each once), for a place of several [[resource id, service label]] (else
    None) and its tag labels (each once); `corpus` numbers it."""
    labels: list[str] = []
    for r in place:
        labels += [r.category.label] + [t.label for t in r.target_states + r.activity_types] + (
            [r.service_type.label] if r.service_type else [])
    # the model holds only the public address already (build_model.py); cut again, so a
    # resource made some other way cannot put a home into the index
    texts = [r.description for r in place] + [r.schedule.text if r.schedule else "" for r in place] + [
        public_address(r.address, r.location) for r in place]
    text = _join(*dict.fromkeys(texts))
    lead = place[0]
    services = [[r.id, service_label(r)] for r in place] if len(place) > 1 else None
    return lead.id, lead.name, text, services, tuple(dict.fromkeys(labels))


def district_part(d: District) -> tuple[list, str, str, list[tuple]]:
    """What the index needs of one district, made from it alone (so a build keeps it with its
    municipality's unit, render/site.py), in plain data and no text twice: its header, its
    description and layer label, and its places' (`_resource_doc`), not yet numbered (`corpus`)."""
    head = [d.id, d.name, f"{d.municipality.prefecture} {d.municipality.name}", int(d.demo)]
    return head, d.description, d.layer.label, [_resource_doc([d.resources[k] for k in group])
                                                for group in places(d.resources)]


def corpus(atlas: Atlas, parts: dict[str, tuple] | None = None) -> Corpus:
    """Every document in order, numbered. `parts`: district id → its `district_part`, when
    kept (the same documents either way)."""
    tag = _TagTable()
    docs = [_case_doc(c) for c in atlas.cases]
    heads, spans = [], {}
    for i, d in enumerate(atlas.districts):
        head, description, layer, made = (parts or {}).get(d.id) or district_part(d)
        heads.append(head)
        spans[len(docs)] = len(made)
        docs.append(_district_doc(head, description, layer, i, tag))
        for rid, name, text, services, labels in made:
            tags = tuple(tag(label) for label in labels)
            record = [KIND_RESOURCE, i, rid, name, list(tags), text]
            if services is not None:
                record.append(services)
            docs.append(Doc(KIND_RESOURCE, record, _join(name, text), tags=tags, district=i))
    return Corpus(docs, tag.labels, heads, spans)


def chunk(corpus: Corpus, first: int, last: int) -> dict:
    """Documents first..last-1 as one chunk: {"f": first, "h": headers, "r": records}; a
    record's district (records[1] of districts and resources) is its header's place in "h"."""
    local: dict[int, int] = {}
    heads, records = [], []
    for doc in corpus.docs[first:last]:
        record = doc.record
        if doc.district is not None:
            if doc.district not in local:
                local[doc.district] = len(heads)
                heads.append(corpus.heads[doc.district])
            record = [record[0], local[doc.district], *record[2:]]
        records.append(record)
    return {"f": first, "h": heads, "r": records}


def one_file_script(corpus: Corpus) -> str:
    """`window.ATLAS_SEARCH = {...}` with every document, safe inside a <script src>."""
    return f"window.ATLAS_SEARCH={script_json({'tags': corpus.tags, 'chunk': chunk(corpus, 0, len(corpus.docs))})};\n"


def search_files(atlas: Atlas, parts: dict[str, tuple] | None = None) -> dict[str, str]:
    """Site-relative path → content of every search file (see the module docstring;
    `parts`: as corpus's)."""
    from .search_shards import sharded_files

    c = corpus(atlas, parts)
    single = one_file_script(c)
    limit = float(atlas.settings.get("search_one_file_up_to_kb", ONE_FILE_UP_TO_KB)) * 1024
    if len(single.encode("utf-8")) <= limit:
        return {"search/atlas-index.js": single}
    return sharded_files(c)


def iter_entries(atlas: Atlas) -> Iterator[dict]:
    """Each document as the browser rebuilds it: {k, u, t, p, g, x} (and s: a place's services)
    (tests and benchmarks)."""
    c = corpus(atlas)
    for doc in c.docs:
        yield expand(doc.record, c)


def expand(record: list, c: Corpus, heads: list[list] | None = None) -> dict:
    """A record as {k, u, t, p, g, x}, and for a place of several resources s: [[service label,
    its link]]; `heads` are the chunk's headers (default: the corpus's)."""
    heads = c.heads if heads is None else heads
    kind = record[0]
    if kind == KIND_CASE:
        _, ident, title, place, tags, text = record
        return {"k": KIND_LABELS[kind], "u": f"cases/{ident}/", "t": title, "p": place, "g": tags, "x": text}
    did, name, place, demo = heads[record[1]]
    demo_label = DEMO_LABEL if demo else ""
    if kind == KIND_DISTRICT:
        _, _, text, layer = record
        return {"k": KIND_LABELS[kind], "u": f"districts/{did}/", "t": name, "p": place,
                "g": _join(c.tags[layer], demo_label), "x": text}
    _, _, rid, rname, tags, text, *services = record
    out = {"k": KIND_LABELS[kind], "u": f"districts/{did}/#r-{rid}", "t": rname, "p": f"{place} {name}",
           "g": " ".join(c.tags[t] for t in tags), "x": _join(text, demo_label)}
    if services:
        out["s"] = [[label, f"districts/{did}/#r-{sid}"] for sid, label in services[0]]
    return out
