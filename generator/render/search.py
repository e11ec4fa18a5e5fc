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
from typing import TYPE_CHECKING

from ..model.model import Atlas, Case, District, Resource
from ..model.places import places, service_label
from ..model.privacy import public_address
from .env import script_json

if TYPE_CHECKING:
    from .search_shards import Share

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
    starts: list[int] = field(default_factory=list)      # district (index in Atlas.districts) → its doc number


class _TagTable(dict):
    """Tag label → its number, numbered as first asked for (`table[label]`; a label already
    numbered is looked up in C, as `map(table.__getitem__, labels)` does for every resource)."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []

    def __missing__(self, label: str) -> int:
        self[label] = len(self.labels)
        self.labels.append(label)
        return self[label]


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


def _district_texts(head: list, description: str, layer: str) -> tuple[str, str]:
    """A district's own text and the text its places are found by too (name, place, demo
    label), from its header ([id, name, place, demo]), description and layer label."""
    _, name, place, demo = head
    demo_label = DEMO_LABEL if demo else ""
    return _join(name, place, layer, demo_label, description), _join(name, place, demo_label)


def _district_doc(head: list, description: str, layer: str, index: int, tag: _TagTable) -> Doc:
    own, shared = _district_texts(head, description, layer)
    return Doc(KIND_DISTRICT, [KIND_DISTRICT, index, description, tag[layer]], own, shared=shared, district=index)


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


def municipality_part(districts: list[District]) -> tuple[dict[str, tuple], Share]:
    """What the index needs of one municipality's districts, made from them alone (a build keeps
    it with the municipality's unit, render/site.py): each one's `district_part` by id, in id
    order (Atlas.districts' order), and the postings of their documents in that order,
    numbered from 0 (search_shards.Share: where they begin is known only when the corpus is)."""
    from .search_shards import share

    parts = {d.id: district_part(d) for d in sorted(districts, key=lambda d: d.id)}
    texts, inherited, tagged = [], [], []
    for head, description, layer, made in parts.values():
        own, shared = _district_texts(head, description, layer)
        if made:
            inherited.append((len(texts), len(texts) + len(made), shared))
        texts.append((own, ""))
        for _, name, text, _, labels in made:
            tagged.append((len(texts), labels))
            texts.append((name, text))  # its own text is _join(name, text) (corpus)
    return parts, share(texts, inherited, tagged)


def corpus(atlas: Atlas, parts: dict[str, tuple] | None = None) -> Corpus:
    """Every document in order, numbered. `parts`: district id → its `district_part`, when
    kept (the same documents either way)."""
    tag = _TagTable()
    docs = [_case_doc(c) for c in atlas.cases]
    heads, spans, starts = [], {}, []
    for i, d in enumerate(atlas.districts):
        head, description, layer, made = (parts or {}).get(d.id) or district_part(d)
        heads.append(head)
        starts.append(len(docs))
        spans[len(docs)] = len(made)
        docs.append(_district_doc(head, description, layer, i, tag))
        for rid, name, text, services, labels in made:
            tags = tuple(map(tag.__getitem__, labels))
            record = [KIND_RESOURCE, i, rid, name, list(tags), text]
            if services is not None:
                record.append(services)
            docs.append(Doc(KIND_RESOURCE, record, _join(name, text), tags=tags, district=i))
    return Corpus(docs, tag.labels, heads, spans, starts)


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


def search_files(atlas: Atlas, parts: list[tuple[dict[str, tuple], Share]] | None = None) -> dict[str, str]:
    """Site-relative path → content of every search file (see the module docstring;
    `parts`: every municipality's `municipality_part`, when kept)."""
    from .search_shards import json_size, sharded_files

    c = corpus(atlas, None if parts is None else {did: part for made, _ in parts for did, part in made.items()})
    limit = float(atlas.settings.get("search_one_file_up_to_kb", ONE_FILE_UP_TO_KB)) * 1024
    # the one file holds every record: when they alone are too big, it is not made to be measured
    sizes = [json_size(doc.record) for doc in c.docs]
    if sum(sizes) + len(sizes) <= limit:
        single = one_file_script(c)
        if len(single.encode("utf-8")) <= limit:
            return {"search/atlas-index.js": single}
    return sharded_files(c, shares=_shares(atlas, c, parts or []), record_sizes=sizes)


def _shares(atlas: Atlas, c: Corpus, parts: list[tuple[dict[str, tuple], Share]]) -> list[tuple[int, Share]]:
    """(first document number, share) covering every document once: the cases', each
    municipality's kept share where its districts are consecutive in the corpus (as when
    district ids begin with their municipality's code), and the rest's made here."""
    from .search_shards import corpus_share

    place = {d.id: i for i, d in enumerate(atlas.districts)}
    shares, covered = [], set()
    for made, kept in parts:
        if not made:
            continue
        first = place[next(iter(made))]
        size = sum(1 + len(part[3]) for part in made.values())
        if [place[did] for did in made] == list(range(first, first + len(made))) and size == kept.size:
            shares.append((c.starts[first], kept))
            covered.update(made)
    # the cases, then the other districts, those next to each other in one share
    shares.append((0, corpus_share(c, 0, len(atlas.cases))))
    rest = [i for i, d in enumerate(atlas.districts) if d.id not in covered]
    first = None
    for k, i in enumerate(rest):
        first = c.starts[i] if first is None else first
        if k + 1 == len(rest) or rest[k + 1] != i + 1:
            start = c.starts[i]
            shares.append((first, corpus_share(c, first, start + 1 + c.spans[start])))
            first = None
    return shares


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
